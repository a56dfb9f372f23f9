//! The functions the optimizers minimise: the article's linear regression,
//! and two small test functions for watching optimizers move.
//!
//! This sits apart from `train.rs` so that the one training loop can drive
//! any of them, and the book's chapters can show a problem without the loop.

use nalgebra::{DMatrix, DVector};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::error::{Error, Result, non_negative, positive};

// ANCHOR: objective
/// Something to minimise, as a mean over samples (one sample for a plain function of the params).
pub trait Objective {
    /// The number of samples a mini-batch is drawn from.
    fn sample_count(&self) -> usize;

    /// The function the optimizer minimises, over all samples.
    fn objective(&self, params: &DVector<f64>) -> f64;

    /// The mean gradient over the sample indices in `batch`: the estimate stochastic methods use.
    fn gradient(&self, params: &DVector<f64>, batch: &[usize]) -> DVector<f64>;

    /// The full-batch gradient `∇J(θ)`, the mean over every sample: the one
    /// way to ask for it, whether or not the objective has samples to pick.
    fn full_gradient(&self, params: &DVector<f64>) -> DVector<f64> {
        let all: Vec<usize> = (0..self.sample_count()).collect();
        self.gradient(params, &all)
    }

    /// The number a training loop reports; by default the objective itself.
    fn reported_loss(&self, params: &DVector<f64>) -> f64 {
        self.objective(params)
    }
}
// ANCHOR_END: objective

// ANCHOR: linear_regression_struct
/// Least-squares linear regression on `N` samples and `d` features. The article's loops step
/// along `(1/m) Xᵀ(Xθ − y)` and print `mean((Xθ − y)²)`. That gradient belongs to **half** the
/// MSE, so here the objective is `J(θ) = ½·MSE(θ)` (the article's learning rates carry over
/// unchanged) and the reported loss is the MSE, `2J`, as the article prints. Same minimiser.
#[derive(Debug, Clone, PartialEq)]
pub struct LinearRegression {
    /// The features stored one sample per **column** (`d × N`), so that a
    /// sample is contiguous in memory and a mini-batch reads whole lines.
    features_by_sample: DMatrix<f64>,
    targets: DVector<f64>,
}
// ANCHOR_END: linear_regression_struct

impl LinearRegression {
    /// A problem from the usual `N × d` design matrix `X` and targets `y`.
    pub fn new(x: &DMatrix<f64>, y: DVector<f64>) -> Result<Self> {
        if x.nrows() != y.len() {
            return Err(Error::LengthMismatch {
                left_name: "rows of X",
                left: x.nrows(),
                right_name: "y",
                right: y.len(),
            });
        }
        if x.is_empty() {
            return Err(Error::Empty { what: "X" });
        }
        Ok(Self {
            features_by_sample: x.transpose(),
            targets: y,
        })
    }

    /// A seeded synthetic problem: a bias column of ones and `features`
    /// standard-normal columns, `y = Xθ* + noise` with `noise ~ N(0, σ²)`.
    /// The same seed gives the same data on every machine.
    pub fn synthetic(
        samples: usize,
        true_params: &DVector<f64>,
        noise_std: f64,
        seed: u64,
    ) -> Result<Self> {
        if samples == 0 || true_params.is_empty() {
            return Err(Error::Empty { what: "samples" });
        }
        non_negative("noise_std", noise_std)?;
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let d = true_params.len();
        let x = DMatrix::from_fn(samples, d, |_, j| {
            if j == 0 {
                1.0
            } else {
                standard_normal(&mut rng)
            }
        });
        let noise = DVector::from_fn(samples, |_, _| noise_std * standard_normal(&mut rng));
        let y = &x * true_params + noise;
        Self::new(&x, y)
    }

    /// The problem every optimizer chapter uses: 200 samples, a bias and two
    /// features, `θ* = (4, 3, −2)`, noise σ = 0.5, seed 42.
    pub fn article_problem() -> Self {
        Self::synthetic(200, &Self::article_true_params(), 0.5, 42)
            .expect("the article problem's constants are valid")
    }

    /// The parameters the article problem's data were drawn from.
    pub fn article_true_params() -> DVector<f64> {
        DVector::from_vec(vec![4.0, 3.0, -2.0])
    }

    /// The number of features `d` (including the bias column).
    pub fn feature_count(&self) -> usize {
        self.features_by_sample.nrows()
    }

    // ANCHOR: linear_regression_mse
    /// The residuals `Xθ − y`.
    pub fn residuals(&self, params: &DVector<f64>) -> DVector<f64> {
        self.features_by_sample.tr_mul(params) - &self.targets
    }

    /// `MSE(θ) = (1/N) ‖Xθ − y‖²`.
    pub fn mse(&self, params: &DVector<f64>) -> f64 {
        self.residuals(params).norm_squared() / self.targets.len() as f64
    }
    // ANCHOR_END: linear_regression_mse

    /// The exact least-squares solution from the normal equations
    /// `XᵀX θ = Xᵀy`, by Cholesky factorisation.
    pub fn normal_equation(&self) -> Result<DVector<f64>> {
        let gram = &self.features_by_sample * self.features_by_sample.transpose();
        let rhs = &self.features_by_sample * &self.targets;
        gram.cholesky()
            .map(|factor| factor.solve(&rhs))
            .ok_or(Error::InvalidParameter {
                name: "X",
                value: f64::NAN,
                expected: "of full column rank (XᵀX positive definite)",
            })
    }
}

// ANCHOR: linear_regression_objective
impl Objective for LinearRegression {
    fn sample_count(&self) -> usize {
        self.targets.len()
    }

    fn objective(&self, params: &DVector<f64>) -> f64 {
        0.5 * self.mse(params)
    }

    /// `(1/|B|) Σ_{i∈B} xᵢ (xᵢᵀθ − yᵢ)`, the article's gradient.
    fn gradient(&self, params: &DVector<f64>, batch: &[usize]) -> DVector<f64> {
        let mut gradient = DVector::zeros(params.len());
        for &i in batch {
            let sample = self.features_by_sample.column(i);
            let residual = sample.dot(params) - self.targets[i];
            gradient.axpy(residual, &sample, 1.0);
        }
        gradient / batch.len() as f64
    }

    fn reported_loss(&self, params: &DVector<f64>) -> f64 {
        self.mse(params)
    }
}
// ANCHOR_END: linear_regression_objective

/// One draw from N(0, 1) by the Box–Muller transform, so that the data
/// depend only on the seeded generator, not on a distribution crate's version.
pub(crate) fn standard_normal(rng: &mut impl Rng) -> f64 {
    let u1: f64 = 1.0 - rng.r#gen::<f64>();
    let u2: f64 = rng.r#gen::<f64>();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

// ANCHOR: quadratic
/// The quadratic `f(θ) = ½ θᵀAθ − bᵀθ` with `A` symmetric positive definite,
/// minimised at `A⁻¹b`. Its gradient is `Aθ − b`; the ratio of `A`'s
/// largest to smallest eigenvalue (the condition number) decides how badly
/// plain gradient descent zig-zags.
#[derive(Debug, Clone, PartialEq)]
pub struct Quadratic {
    pub a: DMatrix<f64>,
    pub b: DVector<f64>,
}
// ANCHOR_END: quadratic

// ANCHOR: quadratic_ill_conditioned
impl Quadratic {
    /// `f(x, y) = ½(x² + κ y²)`: condition number κ, minimum at the origin.
    pub fn ill_conditioned(condition_number: f64) -> Result<Self> {
        positive("condition_number", condition_number)?;
        Ok(Self {
            a: DMatrix::from_diagonal(&DVector::from_vec(vec![1.0, condition_number])),
            b: DVector::zeros(2),
        })
    }
}
// ANCHOR_END: quadratic_ill_conditioned

// ANCHOR: quadratic_objective
impl Objective for Quadratic {
    fn sample_count(&self) -> usize {
        1
    }

    fn objective(&self, params: &DVector<f64>) -> f64 {
        0.5 * params.dot(&(&self.a * params)) - self.b.dot(params)
    }

    fn gradient(&self, params: &DVector<f64>, _batch: &[usize]) -> DVector<f64> {
        &self.a * params - &self.b
    }
}
// ANCHOR_END: quadratic_objective

// ANCHOR: rosenbrock
/// Rosenbrock's banana `f(x, y) = (1 − x)² + 100(y − x²)²`, minimum `(1, 1)`
/// at the end of a long curved valley.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rosenbrock;

impl Objective for Rosenbrock {
    fn sample_count(&self) -> usize {
        1
    }

    fn objective(&self, params: &DVector<f64>) -> f64 {
        let (x, y) = (params[0], params[1]);
        (1.0 - x).powi(2) + 100.0 * (y - x * x).powi(2)
    }

    fn gradient(&self, params: &DVector<f64>, _batch: &[usize]) -> DVector<f64> {
        let (x, y) = (params[0], params[1]);
        DVector::from_vec(vec![
            -2.0 * (1.0 - x) - 400.0 * x * (y - x * x),
            200.0 * (y - x * x),
        ])
    }
}
// ANCHOR_END: rosenbrock
