//! The real data sets the models chapter trains on, shipped as CSV under
//! `data/` (see `data/README.md` for sources, licences and checksums): loading,
//! seeded train/validation/test splits, and standardisation on the training
//! split only.

use nalgebra::DMatrix;
use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

use crate::error::{Error, Result, fraction};

/// A table of numeric features, one sample per row, and one target per sample.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    /// The column names of the features, from the CSV header.
    pub feature_names: Vec<String>,
    /// `N × d`, one sample per row.
    pub features: DMatrix<f64>,
    /// The last CSV column: a class label (`0, 1, …`) or a regression target.
    pub targets: Vec<f64>,
}

impl Dataset {
    /// Parses a CSV with a header line, numeric fields separated by commas and
    /// the target in the last column. No quoting: the shipped files need none.
    pub fn from_csv(text: &str) -> Result<Self> {
        let mut lines = text.lines();
        let header: Vec<&str> = lines
            .next()
            .ok_or(Error::Empty { what: "csv" })?
            .split(',')
            .collect();
        let columns = header.len();
        if columns < 2 {
            return Err(Error::InvalidData {
                line: 1,
                reason: "fewer than two columns",
            });
        }
        let mut values = Vec::new();
        for (number, line) in lines.enumerate() {
            let row: Vec<&str> = line.split(',').collect();
            if row.len() != columns {
                return Err(Error::InvalidData {
                    line: number + 2,
                    reason: "wrong number of fields",
                });
            }
            for field in row {
                let value = field.trim().parse::<f64>();
                values.push(value.map_err(|_| Error::InvalidData {
                    line: number + 2,
                    reason: "not a number",
                })?);
            }
        }
        let rows = values.len() / columns;
        if rows == 0 {
            return Err(Error::Empty { what: "csv rows" });
        }
        let table = DMatrix::from_row_slice(rows, columns, &values);
        Ok(Self {
            feature_names: header[..columns - 1]
                .iter()
                .map(|s| s.to_string())
                .collect(),
            features: table.columns(0, columns - 1).into_owned(),
            targets: table.column(columns - 1).iter().copied().collect(),
        })
    }
}

impl Dataset {
    /// UCI optical handwritten digits (scikit-learn's copy): 1,797 8×8 images,
    /// 64 pixel counts in `0..=16`, labels `0..=9`.
    pub fn digits() -> Self {
        Self::from_csv(include_str!("../data/digits.csv")).expect("data/digits.csv is valid")
    }

    /// UCI Wisconsin diagnostic breast cancer (scikit-learn's copy): 569
    /// samples, 30 features, label 0 = malignant, 1 = benign.
    pub fn breast_cancer() -> Self {
        Self::from_csv(include_str!("../data/breast_cancer.csv"))
            .expect("data/breast_cancer.csv is valid")
    }

    /// Brownlee's (1965) stack loss data (statsmodels' copy): 21 days, air
    /// flow, water temperature and acid concentration, target the stack loss.
    pub fn stackloss() -> Self {
        Self::from_csv(include_str!("../data/stackloss.csv")).expect("data/stackloss.csv is valid")
    }

    /// The number of samples `N`.
    pub fn len(&self) -> usize {
        self.targets.len()
    }

    /// `true` if there are no samples (never for a parsed CSV).
    pub fn is_empty(&self) -> bool {
        self.targets.is_empty()
    }

    /// The targets as class indices; errors unless each is a whole number ≥ 0.
    pub fn class_labels(&self) -> Result<Vec<usize>> {
        self.targets
            .iter()
            .enumerate()
            .map(|(index, &y)| {
                if y >= 0.0 && y.fract() == 0.0 && y < u32::MAX as f64 {
                    Ok(y as usize)
                } else {
                    Err(Error::InvalidData {
                        line: index + 2,
                        reason: "label is not a class index",
                    })
                }
            })
            .collect()
    }

    /// The samples at `indices`, in that order.
    pub fn rows(&self, indices: &[usize]) -> Result<Self> {
        if let Some(&index) = indices.iter().find(|&&i| i >= self.len()) {
            return Err(Error::InvalidParameter {
                name: "row index",
                value: index as f64,
                expected: "less than the number of samples",
            });
        }
        Ok(Self {
            feature_names: self.feature_names.clone(),
            features: self.features.select_rows(indices),
            targets: indices.iter().map(|&i| self.targets[i]).collect(),
        })
    }
}

/// Sample indices of a train/validation/test split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    pub train: Vec<usize>,
    pub validation: Vec<usize>,
    pub test: Vec<usize>,
}

impl Split {
    /// A seeded, stratified split: within each class (each distinct target),
    /// the samples are shuffled by ChaCha8 from `seed`, and the first
    /// `round(train · n_c)` go to training, the next `round(validation · n_c)`
    /// to validation, the rest to test. Each part is returned sorted.
    /// With one target per sample (regression), pass equal targets to get a
    /// plain shuffled split.
    pub fn stratified(targets: &[f64], train: f64, validation: f64, seed: u64) -> Result<Self> {
        fraction("train", train)?;
        fraction("validation", validation)?;
        fraction("train + validation", train + validation)?;
        let mut classes: Vec<f64> = targets.to_vec();
        classes.sort_by(f64::total_cmp);
        classes.dedup_by(|a, b| a.total_cmp(b).is_eq());
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut split = Self {
            train: Vec::new(),
            validation: Vec::new(),
            test: Vec::new(),
        };
        for class in classes {
            let mut members: Vec<usize> = (0..targets.len())
                .filter(|&i| targets[i].total_cmp(&class).is_eq())
                .collect();
            members.shuffle(&mut rng);
            let n = members.len() as f64;
            let n_train = (train * n).round() as usize;
            let n_validation = ((validation * n).round() as usize).min(members.len() - n_train);
            split.train.extend_from_slice(&members[..n_train]);
            split
                .validation
                .extend_from_slice(&members[n_train..n_train + n_validation]);
            split
                .test
                .extend_from_slice(&members[n_train + n_validation..]);
        }
        for part in [&mut split.train, &mut split.validation, &mut split.test] {
            part.sort_unstable();
        }
        Ok(split)
    }

    /// The book's split: 60 % train, 20 % validation, 20 % test, stratified, seed 0.
    pub fn standard(targets: &[f64]) -> Self {
        Self::stratified(targets, 0.6, 0.2, 0).expect("0.6 and 0.2 are valid fractions")
    }
}

/// Per-feature standardisation `x' = (x − μ)/σ` with `μ` and `σ` (the
/// population standard deviation, divisor `N`, as scikit-learn's
/// `StandardScaler`) measured on one set of rows, the training split, and then
/// applied unchanged to every split. A constant feature (`σ = 0`) gets
/// `σ = 1`, as in scikit-learn, so it maps to 0 instead of NaN.
#[derive(Debug, Clone, PartialEq)]
pub struct Standardizer {
    pub mean: Vec<f64>,
    pub std: Vec<f64>,
}

impl Standardizer {
    // ANCHOR: standardizer_fit
    /// Measures `μ` and `σ` on the rows of `training` only.
    pub fn fit(training: &DMatrix<f64>) -> Result<Self> {
        if training.is_empty() {
            return Err(Error::Empty {
                what: "training features",
            });
        }
        let n = training.nrows() as f64;
        let mean: Vec<f64> = training.column_iter().map(|c| c.sum() / n).collect();
        let std = training
            .column_iter()
            .zip(&mean)
            .map(|(c, &m)| (c.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / n).sqrt())
            .map(|s| if s == 0.0 { 1.0 } else { s })
            .collect();
        Ok(Self { mean, std })
    }
    // ANCHOR_END: standardizer_fit

    /// `(x − μ)/σ` column by column; errors if the column count differs.
    pub fn apply(&self, features: &DMatrix<f64>) -> Result<DMatrix<f64>> {
        if features.ncols() != self.mean.len() {
            return Err(Error::LengthMismatch {
                left_name: "feature columns",
                left: features.ncols(),
                right_name: "standardizer",
                right: self.mean.len(),
            });
        }
        Ok(DMatrix::from_fn(
            features.nrows(),
            features.ncols(),
            |i, j| (features[(i, j)] - self.mean[j]) / self.std[j],
        ))
    }
}

/// A data set cut into its three splits, standardised with the training
/// split's statistics.
#[derive(Debug, Clone, PartialEq)]
pub struct Prepared {
    pub train: Dataset,
    pub validation: Dataset,
    pub test: Dataset,
    pub standardizer: Standardizer,
}

// ANCHOR: prepare
impl Dataset {
    /// Splits by [`Split::standard`] and standardises every split with
    /// `μ`, `σ` fitted on the training rows alone.
    pub fn prepare(&self) -> Result<Prepared> {
        let split = Split::standard(&self.targets);
        let (mut train, mut validation, mut test) = (
            self.rows(&split.train)?,
            self.rows(&split.validation)?,
            self.rows(&split.test)?,
        );
        let standardizer = Standardizer::fit(&train.features)?;
        for part in [&mut train, &mut validation, &mut test] {
            part.features = standardizer.apply(&part.features)?;
        }
        Ok(Prepared {
            train,
            validation,
            test,
            standardizer,
        })
    }
}
// ANCHOR_END: prepare
