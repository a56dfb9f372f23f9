//! The shipped data sets: checksums against data/README.md, shapes, the
//! seeded splits, and standardisation that sees the training split only.

use approx::assert_relative_eq;
use lossbook::Error;
use lossbook::data::{Dataset, Split, Standardizer};
use nalgebra::DMatrix;
use sha2::{Digest, Sha256};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn every_committed_data_file_has_the_sha256_in_the_readme() {
    let readme = std::fs::read_to_string(format!("{ROOT}/data/README.md")).unwrap();
    let listed: Vec<(&str, &str)> = readme
        .lines()
        .filter_map(|line| line.split_once(".csv "))
        .map(|(name, digest)| (name, digest.trim()))
        .collect();
    let names: Vec<&str> = listed.iter().map(|(name, _)| *name).collect();
    assert_eq!(names, ["digits", "breast_cancer", "stackloss"]);
    for (name, digest) in listed {
        let bytes = std::fs::read(format!("{ROOT}/data/{name}.csv")).unwrap();
        assert_eq!(hex(&Sha256::digest(&bytes)), digest, "{name}.csv");
    }
}

#[test]
fn the_data_sets_have_their_documented_shapes_and_classes() {
    let digits = Dataset::digits();
    assert_eq!(digits.features.shape(), (1797, 64));
    let labels = digits.class_labels().unwrap();
    assert_eq!(*labels.iter().max().unwrap(), 9);
    assert!(
        digits
            .features
            .iter()
            .all(|&x| (0.0..=16.0).contains(&x) && x.fract() == 0.0)
    );

    let cancer = Dataset::breast_cancer();
    assert_eq!(cancer.features.shape(), (569, 30));
    assert_eq!(cancer.targets.iter().sum::<f64>(), 357.0);
    assert_eq!(cancer.feature_names[0], "mean_radius");

    let stack = Dataset::stackloss();
    assert_eq!(stack.features.shape(), (21, 3));
    assert_eq!(stack.feature_names, ["airflow", "watertemp", "acidconc"]);
    assert_eq!((stack.features[(0, 0)], stack.targets[0]), (80.0, 42.0));
}

#[test]
fn the_standard_split_is_a_seeded_stratified_partition() {
    let cancer = Dataset::breast_cancer();
    let split = Split::standard(&cancer.targets);
    let mut all: Vec<usize> = [split.train.as_slice(), &split.validation, &split.test].concat();
    all.sort_unstable();
    assert_eq!(all, (0..569).collect::<Vec<_>>());
    // 212 malignant and 357 benign, each cut 60/20/20 with rounding.
    assert_eq!(
        (split.train.len(), split.validation.len(), split.test.len()),
        (127 + 214, 42 + 71, 43 + 72)
    );
    let benign = |part: &[usize]| part.iter().filter(|&&i| cancer.targets[i] == 1.0).count();
    assert_eq!((benign(&split.train), benign(&split.validation)), (214, 71));
    assert_eq!(Split::standard(&cancer.targets), split);
    assert_ne!(
        Split::stratified(&cancer.targets, 0.6, 0.2, 1).unwrap(),
        split
    );
}

#[test]
fn standardisation_uses_the_training_split_only() {
    let prepared = Dataset::breast_cancer().prepare().unwrap();
    for column in prepared.train.features.column_iter() {
        assert_relative_eq!(column.mean(), 0.0, epsilon = 1e-12);
        assert_relative_eq!(column.variance(), 1.0, epsilon = 1e-12);
    }
    // The validation rows were standardised with the training statistics, so
    // their own mean is not 0; refitting on them would make it 0.
    let validation = &prepared.validation.features;
    assert!(validation.column(0).mean().abs() > 1e-3);
    let raw = Dataset::breast_cancer();
    let split = Split::standard(&raw.targets);
    let raw_train = raw.rows(&split.train).unwrap();
    assert_eq!(
        prepared.standardizer,
        Standardizer::fit(&raw_train.features).unwrap()
    );
    // Changing a validation sample leaves the statistics alone.
    let mut changed = raw.clone();
    changed.features[(split.validation[0], 0)] = 1e6;
    assert_eq!(
        changed.prepare().unwrap().standardizer,
        prepared.standardizer
    );
}

#[test]
fn a_constant_feature_standardises_to_zero_not_nan() {
    let x = DMatrix::from_row_slice(3, 2, &[1.0, 5.0, 2.0, 5.0, 3.0, 5.0]);
    let standardizer = Standardizer::fit(&x).unwrap();
    assert_eq!(standardizer.std[1], 1.0);
    let z = standardizer.apply(&x).unwrap();
    assert_eq!(z.column(1).iter().copied().collect::<Vec<_>>(), [0.0; 3]);
    assert_relative_eq!(z[(0, 0)], -(1.5_f64).sqrt(), epsilon = 1e-15);
}

#[test]
fn malformed_csv_is_a_typed_error() {
    assert_eq!(Dataset::from_csv(""), Err(Error::Empty { what: "csv" }));
    assert_eq!(
        Dataset::from_csv("a,y\n"),
        Err(Error::Empty { what: "csv rows" })
    );
    assert_eq!(
        Dataset::from_csv("a,y\n1,2\n3\n"),
        Err(Error::InvalidData {
            line: 3,
            reason: "wrong number of fields"
        })
    );
    assert_eq!(
        Dataset::from_csv("a,y\n1,x\n"),
        Err(Error::InvalidData {
            line: 2,
            reason: "not a number"
        })
    );
    let bad_label = Dataset::from_csv("a,y\n1,0.5\n").unwrap();
    assert!(matches!(
        bad_label.class_labels(),
        Err(Error::InvalidData { line: 2, .. })
    ));
    assert!(matches!(
        bad_label.rows(&[1]),
        Err(Error::InvalidParameter {
            name: "row index",
            ..
        })
    ));
    assert!(matches!(
        Split::stratified(&[0.0, 1.0], 0.8, 0.5, 0),
        Err(Error::InvalidParameter { .. })
    ));
    let x = DMatrix::zeros(2, 3);
    let standardizer = Standardizer::fit(&x).unwrap();
    assert!(matches!(
        standardizer.apply(&DMatrix::zeros(2, 2)),
        Err(Error::LengthMismatch { .. })
    ));
}

/// The breast-cancer training rows, as tools/sklearn_reference.py reads them.
#[test]
fn the_committed_training_rows_are_the_seeded_split() {
    let path = format!("{ROOT}/data/breast_cancer_train_rows.txt");
    let split = Split::standard(&Dataset::breast_cancer().targets);
    let text: String = split.train.iter().map(|i| format!("{i}\n")).collect();
    if std::env::var_os("LOSSBOOK_BLESS").is_some() {
        std::fs::write(&path, &text).unwrap();
    }
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
}
