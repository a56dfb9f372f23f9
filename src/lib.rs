//! # lossbook
//!
//! A tested, literate workbook on loss functions and gradient-descent
//! optimizers. The module map follows the chapters of the book (and of the
//! article it follows):
//!
//! | chapter | module |
//! |---|---|
//! | Regression losses | [`loss::regression`] |
//! | Classification losses | [`loss::classification`] |
//! | Cross-entropy and information theory | [`info`] |
//! | Other losses (contrastive, triplet) | [`loss::metric`] |
//! | Gradient descent: batch, stochastic, mini-batch | [`train`], [`clip`], [`objective`], [`noise_floor`] |
//! | Momentum and adaptive learning rates | [`optim`] |
//! | Comparing the optimizers | [`tuning`] |
//! | Learning-rate schedules | [`schedule`], [`lr_range`] |
//! | Models on real data | [`models`], [`data`] |
//! | Performance (fast twins of the measured kernels) | [`kernels`] |
//! | The claims ledger | [`claims`] |
//! | The command-line lab (`cargo run --bin lab`) | [`lab`] |
//!
//! Every fallible function returns [`Result`] with an [`Error`] that names
//! what was wrong; NaN in the data is passed through to the result.

pub mod article;
pub mod claims;
pub mod clip;
pub mod data;
pub mod error;
pub mod experiments;
pub mod figures;
pub mod info;
pub mod kernels;
pub mod lab;
pub mod loss;
pub mod lr_range;
pub mod models;
pub mod noise_floor;
pub mod objective;
pub mod optim;
pub mod schedule;
pub mod train;
pub mod tuning;

pub use error::{Error, Result};

/// The `nalgebra` this crate is built against, so that callers can build the
/// `DVector`s and `DMatrix`es it takes without pinning the same version:
///
/// ```
/// use lossbook::nalgebra::DMatrix;
/// use lossbook::loss::classification::{ClassTargets, softmax_cross_entropy};
///
/// let logits = DMatrix::from_row_slice(1, 2, &[0.0, 0.0]);
/// let loss = softmax_cross_entropy(&logits, ClassTargets::Labels(&[0]), 0.0)?;
/// assert!((loss - std::f64::consts::LN_2).abs() < 1e-15);
/// # Ok::<(), lossbook::Error>(())
/// ```
pub use nalgebra;
