//! The article's worked examples, printed the way the article prints them.
//!
//! The book shows this output instead of typing the numbers by hand:
//! `tests/worked_output.rs` writes it to `book/src/generated/` and fails when
//! the committed copy differs from what the code prints today.

use nalgebra::DMatrix;

use crate::Result;
use crate::loss::classification::{binary_cross_entropy, categorical_cross_entropy};
use crate::loss::regression::{huber, mae, mse};

// ANCHOR: regression_output
/// The regression examples: MSE, MAE and Huber (δ = 0.5) on the article's
/// four targets and predictions.
pub fn regression_output() -> Result<String> {
    let y_true = [1.0, 2.0, 3.0, 4.0];
    let y_pred = [1.1, 2.2, 2.8, 4.1];
    Ok(format!(
        "MSE Loss: {:.4}\nMAE Loss: {:.4}\nHuber Loss: {:.4}\n",
        mse(&y_true, &y_pred)?,
        mae(&y_true, &y_pred)?,
        huber(&y_true, &y_pred, 0.5)?
    ))
}
// ANCHOR_END: regression_output

// ANCHOR: classification_output
/// The classification examples: BCE on five binary predictions and CCE on
/// three one-hot rows.
pub fn classification_output() -> Result<String> {
    let y_true = [1.0, 0.0, 1.0, 1.0, 0.0];
    let y_pred = [0.9, 0.1, 0.8, 0.7, 0.2];
    let one_hot = DMatrix::from_row_slice(3, 3, &[1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0]);
    let softmax_rows =
        DMatrix::from_row_slice(3, 3, &[0.7, 0.2, 0.1, 0.1, 0.8, 0.1, 0.2, 0.2, 0.6]);
    Ok(format!(
        "BCE Loss: {:.4}\nCCE Loss: {:.4}\n",
        binary_cross_entropy(&y_true, &y_pred)?,
        categorical_cross_entropy(&one_hot, &softmax_rows)?
    ))
}
// ANCHOR_END: classification_output

/// Every generated output file of the book: its name under
/// `book/src/generated/` and its content.
pub fn generated_files() -> Result<Vec<(&'static str, String)>> {
    Ok(vec![
        ("regression_output.txt", regression_output()?),
        ("classification_output.txt", classification_output()?),
    ])
}
