//! The article's worked examples. Every expected number here was computed by
//! hand (or with Python's `math.log`) from the article's inputs, never by
//! lossbook itself; the arithmetic is in the comment above each one.

use approx::assert_relative_eq;
use lossbook::loss::classification::{binary_cross_entropy, categorical_cross_entropy};
use lossbook::loss::regression::{huber, mae, mse};
use nalgebra::DMatrix;

// ANCHOR: regression_example
const Y_TRUE: [f64; 4] = [1.0, 2.0, 3.0, 4.0];
const Y_PRED: [f64; 4] = [1.1, 2.2, 2.8, 4.1];

// ANCHOR: mse_example
#[test]
fn article_mse_example_is_0_025() {
    // errors 0.1, 0.2, 0.2, 0.1 -> squares 0.01 + 0.04 + 0.04 + 0.01 = 0.1; 0.1 / 4
    assert_relative_eq!(mse(&Y_TRUE, &Y_PRED).unwrap(), 0.025, max_relative = 1e-12);
}
// ANCHOR_END: mse_example

#[test]
fn article_mae_example_is_0_15() {
    // 0.1 + 0.2 + 0.2 + 0.1 = 0.6; 0.6 / 4
    assert_relative_eq!(mae(&Y_TRUE, &Y_PRED).unwrap(), 0.15, max_relative = 1e-12);
}

#[test]
fn article_huber_example_with_delta_half_is_0_0125() {
    // every |error| <= 0.5, so each term is e^2/2: (0.005 + 0.02 + 0.02 + 0.005) / 4
    assert_relative_eq!(
        huber(&Y_TRUE, &Y_PRED, 0.5).unwrap(),
        0.0125,
        max_relative = 1e-12
    );
}
// ANCHOR_END: regression_example

// ANCHOR: bce_example
#[test]
fn article_bce_example_is_0_2027_not_0_21() {
    let y_true = [1.0, 0.0, 1.0, 1.0, 0.0];
    let y_pred = [0.9, 0.1, 0.8, 0.7, 0.2];
    // -(ln 0.9 + ln 0.9 + ln 0.8 + ln 0.7 + ln 0.8) / 5, by Python's math.log
    let exact = 0.202_736_615_576_560_92;
    let loss = binary_cross_entropy(&y_true, &y_pred).unwrap();
    assert_relative_eq!(loss, exact, max_relative = 1e-12);
    // The article prints "about 0.21"; to two decimals the value is 0.20.
    assert_eq!(format!("{loss:.2}"), "0.20");
}
// ANCHOR_END: bce_example

// ANCHOR: cce_example
#[test]
fn article_cce_example_is_0_3635() {
    let y_true = DMatrix::from_row_slice(3, 3, &[1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0]);
    let y_pred = DMatrix::from_row_slice(3, 3, &[0.7, 0.2, 0.1, 0.1, 0.8, 0.1, 0.2, 0.2, 0.6]);
    // -(ln 0.7 + ln 0.8 + ln 0.6) / 3, by Python's math.log
    let exact = 0.363_548_039_672_977_6;
    assert_relative_eq!(
        categorical_cross_entropy(&y_true, &y_pred).unwrap(),
        exact,
        max_relative = 1e-12
    );
}
// ANCHOR_END: cce_example
