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
//! | Gradient descent: batch, stochastic, mini-batch | [`train`], [`objective`], [`noise_floor`] |
//! | Momentum and adaptive learning rates | [`optim`] |
//! | Comparing the optimizers | [`tuning`] |
//! | Learning-rate schedules | [`schedule`] |
//! | Models on real data | [`models`], [`data`] |
//! | Performance (fast twins of the measured kernels) | [`kernels`] |
//! | The claims ledger | [`claims`] |
//!
//! Every fallible function returns [`Result`] with an [`Error`] that names
//! what was wrong; NaN in the data is passed through to the result.

pub mod article;
pub mod claims;
pub mod data;
pub mod error;
pub mod figures;
pub mod info;
pub mod kernels;
pub mod loss;
pub mod models;
pub mod noise_floor;
pub mod objective;
pub mod optim;
pub mod schedule;
pub mod train;
pub mod tuning;

pub use error::{Error, Result};
