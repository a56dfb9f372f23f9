//! Solutions to the Performance chapter's exercises.

use lossbook::kernels::{binary_cross_entropy_fast, mse_fast};
use lossbook::loss::classification::binary_cross_entropy;
use lossbook::loss::regression::mse;

// ANCHOR: exercise_performance_1
#[test]
fn summation_order_changes_the_last_bits_but_not_more() {
    // Errors 1e8, 1, 1, …: the squares are 1e16 and then ones. Added one at a
    // time, each 1 is lost next to 1e16 (its ulp is 2); added in eight partial
    // sums, seven of the lanes collect ones before meeting 1e16.
    let n = 64;
    let target = vec![0.0; n];
    let mut prediction = vec![1.0; n];
    prediction[0] = 1e8;
    let one_by_one = mse(&target, &prediction).unwrap();
    let in_lanes = mse_fast(&target, &prediction).unwrap();
    // The exact mean is (1e16 + 63) / 64.
    let exact = (1e16 + 63.0) / 64.0;
    assert_ne!(
        one_by_one, in_lanes,
        "different orders, different roundings"
    );
    // Both stay within N·ε of the exact sum, the bound for any order.
    for value in [one_by_one, in_lanes] {
        assert!((value - exact).abs() <= n as f64 * f64::EPSILON * exact);
    }
}
// ANCHOR_END: exercise_performance_1

// ANCHOR: exercise_performance_2
#[test]
fn with_hard_labels_bce_is_minus_the_log_of_one_product() {
    // The article's example: p_t = 0.9, 0.9, 0.8, 0.7, 0.8 (for y = 0, p_t = 1 − p).
    let y = [1.0, 0.0, 1.0, 1.0, 0.0];
    let p = [0.9, 0.1, 0.8, 0.7, 0.2];
    let product: f64 = 0.9 * 0.9 * 0.8 * 0.7 * 0.8; // 0.36288
    let one_log = -product.ln() / 5.0;
    assert!((binary_cross_entropy_fast(&y, &p).unwrap() - one_log).abs() < 1e-15);
    assert!((binary_cross_entropy(&y, &p).unwrap() - one_log).abs() < 1e-15);
}
// ANCHOR_END: exercise_performance_2

// ANCHOR: exercise_performance_2_soft
#[test]
fn with_a_soft_label_the_product_needs_a_power_per_element() {
    // With a soft label the factor would be p^y · (1 − p)^(1 − y): a `powf` per
    // element, no cheaper than the logarithm it was meant to save.
    let (soft_y, soft_p) = (0.3f64, 0.9f64);
    let factor = soft_p.powf(soft_y) * (1.0 - soft_p).powf(1.0 - soft_y);
    let soft = binary_cross_entropy(&[soft_y], &[soft_p]).unwrap();
    assert!((soft + factor.ln()).abs() < 1e-15);
}
// ANCHOR_END: exercise_performance_2_soft
