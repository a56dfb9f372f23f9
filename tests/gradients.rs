//! Every analytic gradient against central finite differences, in float64.
//!
//! Tolerances are tighter than PyTorch's `gradcheck` (eps 1e-6, atol 1e-5,
//! rtol 1e-3): the central difference is accurate to about eps² ≈ 1e-12
//! plus rounding ≈ 1e-16/eps ≈ 1e-10, so atol 1e-7 and rtol 1e-5 leave
//! room only for a wrong formula to fail. Inputs stay at least 1e-3 from
//! any kink, where no derivative exists.

use lossbook::Result;
use lossbook::info::{
    KlDivReduction, cross_entropy, cross_entropy_gradient, entropy, entropy_gradient, kl_div,
    kl_div_gradient, kl_divergence, kl_divergence_gradient, kl_divergence_gradient_p,
};
use lossbook::loss::classification::*;
use lossbook::loss::metric::*;
use lossbook::loss::regression::*;
use nalgebra::DMatrix;
use proptest::prelude::*;

const EPS: f64 = 1e-6;
const ATOL: f64 = 1e-7;
const RTOL: f64 = 1e-5;

// ANCHOR: gradient_check
/// Compares `gradient(x)` with `(f(x + h eᵢ) − f(x − h eᵢ)) / 2h` for every i.
fn check_gradient(
    x: &[f64],
    f: impl Fn(&[f64]) -> Result<f64>,
    gradient: impl Fn(&[f64]) -> Result<Vec<f64>>,
) -> std::result::Result<(), TestCaseError> {
    let analytic = gradient(x).unwrap();
    prop_assert_eq!(analytic.len(), x.len());
    for i in 0..x.len() {
        let mut plus = x.to_vec();
        let mut minus = x.to_vec();
        plus[i] += EPS;
        minus[i] -= EPS;
        let numeric = (f(&plus).unwrap() - f(&minus).unwrap()) / (2.0 * EPS);
        let error = (analytic[i] - numeric).abs();
        prop_assert!(
            error <= ATOL + RTOL * numeric.abs(),
            "component {}: analytic {} vs numeric {} at {:?}",
            i,
            analytic[i],
            numeric,
            x
        );
    }
    Ok(())
}
// ANCHOR_END: gradient_check

/// Pairs (target, prediction) whose error stays at least `gap` away from
/// each of the `kinks` (in |error|).
fn pairs_away_from(kinks: Vec<f64>, gap: f64) -> impl Strategy<Value = (Vec<f64>, Vec<f64>)> {
    prop::collection::vec((-3.0..3.0f64, -3.0..3.0f64), 1..8)
        .prop_filter("error near a kink", move |pairs| {
            pairs
                .iter()
                .all(|(y, p)| kinks.iter().all(|k| ((p - y).abs() - k).abs() > gap))
        })
        .prop_map(|pairs| pairs.into_iter().unzip())
}

fn probabilities_and_labels() -> impl Strategy<Value = (Vec<f64>, Vec<f64>)> {
    prop::collection::vec((0.01..0.99f64, prop::bool::ANY), 1..8).prop_map(|pairs| {
        pairs
            .into_iter()
            .map(|(p, y)| (f64::from(u8::from(y)), p))
            .unzip()
    })
}

fn logits_and_labels() -> impl Strategy<Value = (Vec<f64>, Vec<f64>)> {
    prop::collection::vec((-6.0..6.0f64, 0.0..=1.0f64), 1..8)
        .prop_map(|pairs| pairs.into_iter().map(|(z, y)| (y, z)).unzip())
}

// ANCHOR: mse_gradient_test
proptest! {
    #[test]
    fn mse_gradient_matches_finite_differences((y, p) in pairs_away_from(vec![], 0.0)) {
        check_gradient(&p, |p| mse(&y, p), |p| mse_gradient(&y, p))?;
    }
}
// ANCHOR_END: mse_gradient_test

proptest! {

    #[test]
    fn mae_gradient_matches_finite_differences((y, p) in pairs_away_from(vec![0.0], 1e-3)) {
        check_gradient(&p, |p| mae(&y, p), |p| mae_gradient(&y, p))?;
    }

    #[test]
    fn huber_gradient_matches_finite_differences(
        delta in 0.1..2.0f64,
        (y, p) in pairs_away_from(vec![], 0.0),
    ) {
        prop_assume!(y.iter().zip(&p).all(|(y, p)| ((p - y).abs() - delta).abs() > 1e-3));
        check_gradient(&p, |p| huber(&y, p, delta), |p| huber_gradient(&y, p, delta))?;
    }

    #[test]
    fn smooth_l1_gradient_matches_finite_differences(
        beta in 0.1..2.0f64,
        (y, p) in pairs_away_from(vec![0.0], 1e-3),
    ) {
        prop_assume!(y.iter().zip(&p).all(|(y, p)| ((p - y).abs() - beta).abs() > 1e-3));
        check_gradient(&p, |p| smooth_l1(&y, p, beta), |p| smooth_l1_gradient(&y, p, beta))?;
    }

}

// ANCHOR: bce_gradient_test
proptest! {
    #[test]
    fn bce_gradient_matches_finite_differences((y, p) in probabilities_and_labels()) {
        check_gradient(
            &p,
            |p| binary_cross_entropy(&y, p),
            |p| binary_cross_entropy_gradient(&y, p),
        )?;
    }
}
// ANCHOR_END: bce_gradient_test

proptest! {

    #[test]
    fn bce_log_floor_gradient_matches_finite_differences((y, p) in probabilities_and_labels()) {
        check_gradient(
            &p,
            |p| binary_cross_entropy_log_floor(&y, p),
            |p| binary_cross_entropy_log_floor_gradient(&y, p),
        )?;
    }

    #[test]
    fn bce_with_logits_gradient_matches_finite_differences((y, z) in logits_and_labels()) {
        check_gradient(
            &z,
            |z| binary_cross_entropy_with_logits(&y, z),
            |z| binary_cross_entropy_with_logits_gradient(&y, z),
        )?;
    }

    #[test]
    fn sigmoid_mse_logit_gradient_matches_finite_differences((y, z) in logits_and_labels()) {
        let loss = |z: &[f64]| mse(&y, &z.iter().map(|&z| sigmoid(z)).collect::<Vec<_>>());
        check_gradient(&z, loss, |z| sigmoid_mse_logit_gradient(&y, z))?;
    }

}

// ANCHOR: focal_gradient_test
proptest! {
    #[test]
    fn focal_gradient_matches_finite_differences(
        (y, p) in probabilities_and_labels(),
        alpha in 0.0..=1.0f64,
        gamma in 0.0..5.0f64,
    ) {
        check_gradient(
            &p,
            |p| focal_loss(&y, p, alpha, gamma),
            |p| focal_loss_gradient(&y, p, alpha, gamma),
        )?;
    }
}
// ANCHOR_END: focal_gradient_test

// ANCHOR: sigmoid_focal_gradient_test
proptest! {
    #[test]
    fn sigmoid_focal_gradient_matches_finite_differences(
        (y, z) in logits_and_labels(),
        alpha in 0.0..=1.0f64,
        gamma in 0.0..5.0f64,
    ) {
        check_gradient(
            &z,
            |z| sigmoid_focal_loss(&y, z, alpha, gamma),
            |z| sigmoid_focal_loss_gradient(&y, z, alpha, gamma),
        )?;
    }
}
// ANCHOR_END: sigmoid_focal_gradient_test

proptest! {

    #[test]
    fn cce_gradient_matches_finite_differences(
        rows in prop::collection::vec((prop::collection::vec(0.05..1.0f64, 3), 0..3usize), 1..5),
    ) {
        let n = rows.len();
        let target = DMatrix::from_fn(n, 3, |i, c| f64::from(u8::from(rows[i].1 == c)));
        let to_matrix = |flat: &[f64]| DMatrix::from_row_slice(n, 3, flat);
        let flat: Vec<f64> = rows.iter().flat_map(|(row, _)| row.iter().map(|v| v * 0.9)).collect();
        let gradient_rows = |flat: &[f64]| {
            let g = categorical_cross_entropy_gradient(&target, &to_matrix(flat))?;
            Ok(g.transpose().as_slice().to_vec())
        };
        check_gradient(
            &flat,
            |flat| categorical_cross_entropy(&target, &to_matrix(flat)),
            gradient_rows,
        )?;
    }

    #[test]
    fn softmax_cross_entropy_gradient_matches_finite_differences(
        logits in prop::collection::vec(-5.0..5.0f64, 12),
        labels in prop::collection::vec(0..4usize, 3),
        smoothing in 0.0..=1.0f64,
        soft in prop::collection::vec(0.01..1.0f64, 12),
    ) {
        let to_matrix = |flat: &[f64]| DMatrix::from_row_slice(3, 4, flat);
        let mut soft = to_matrix(&soft);
        for mut row in soft.row_iter_mut() {
            let sum = row.sum();
            row /= sum;
        }
        for targets in [ClassTargets::Labels(&labels), ClassTargets::Probabilities(&soft)] {
            check_gradient(
                &logits,
                |z| softmax_cross_entropy(&to_matrix(z), targets, smoothing),
                |z| {
                    let g = softmax_cross_entropy_gradient(&to_matrix(z), targets, smoothing)?;
                    Ok(g.transpose().as_slice().to_vec())
                },
            )?;
        }
    }

    #[test]
    fn contrastive_gradient_matches_finite_differences(
        pairs in prop::collection::vec((0.01..3.0f64, prop::bool::ANY), 1..8),
        margin in 0.1..2.0f64,
    ) {
        let (d, y): (Vec<f64>, Vec<f64>) = pairs.into_iter().map(|(d, y)| (d, f64::from(u8::from(y)))).unzip();
        prop_assume!(d.iter().all(|d| (d - margin).abs() > 1e-3));
        check_gradient(
            &d,
            |d| contrastive_loss(&y, d, margin),
            |d| contrastive_loss_gradient(&y, d, margin),
        )?;
    }

    #[test]
    fn triplet_gradient_matches_finite_differences(
        values in prop::collection::vec(-2.0..2.0f64, 27),
        margin in 0.1..2.0f64,
    ) {
        let matrix = |flat: &[f64]| DMatrix::from_row_slice(3, 3, flat);
        let (a, p, n) = (matrix(&values[..9]), matrix(&values[9..18]), matrix(&values[18..]));
        // Away from the hinge: a triplet exactly at zero loss has no derivative.
        for i in 0..3 {
            let d = |x: &DMatrix<f64>| (a.row(i) - x.row(i)).add_scalar(TRIPLET_EPSILON).norm();
            prop_assume!((d(&p) - d(&n) + margin).abs() > 1e-3);
        }
        let flat_gradient = |g: &DMatrix<f64>| g.transpose().as_slice().to_vec();
        check_gradient(
            &values[..9],
            |x| triplet_margin_loss(&matrix(x), &p, &n, margin),
            |x| Ok(flat_gradient(&triplet_margin_loss_gradient(&matrix(x), &p, &n, margin)?.anchor)),
        )?;
        check_gradient(
            &values[9..18],
            |x| triplet_margin_loss(&a, &matrix(x), &n, margin),
            |x| Ok(flat_gradient(&triplet_margin_loss_gradient(&a, &matrix(x), &n, margin)?.positive)),
        )?;
        check_gradient(
            &values[18..],
            |x| triplet_margin_loss(&a, &p, &matrix(x), margin),
            |x| Ok(flat_gradient(&triplet_margin_loss_gradient(&a, &p, &matrix(x), margin)?.negative)),
        )?;
    }

}

// ANCHOR: kl_gradient_test
proptest! {
    #[test]
    fn kl_gradient_matches_finite_differences(
        weights in prop::collection::vec(0.05..1.0f64, 2..6),
    ) {
        let sum: f64 = weights.iter().sum();
        let p: Vec<f64> = weights.iter().map(|w| w / sum).collect();
        let q: Vec<f64> = p.iter().rev().copied().collect();
        // A finite difference moves one qᵢ and leaves the simplex, which kl_divergence
        // rejects. For any positive q with s = Σq, KL(p, q/s) − log s = Σ pᵢ log(pᵢ/qᵢ).
        let kl_free = |q: &[f64]| -> Result<f64> {
            let s: f64 = q.iter().sum();
            let normalised: Vec<f64> = q.iter().map(|x| x / s).collect();
            Ok(kl_divergence(&p, &normalised)? - s.ln())
        };
        check_gradient(&q, kl_free, |q| kl_divergence_gradient(&p, q))?;
    }
}
// ANCHOR_END: kl_gradient_test

/// A distribution of 2 to 5 entries, each at least 0.05/Σw away from 0.
fn distribution() -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(0.05..1.0f64, 2..6).prop_map(|w| {
        let sum: f64 = w.iter().sum();
        w.iter().map(|x| x / sum).collect()
    })
}

/// `x / Σx` and `Σx`: a finite difference leaves the simplex, so the free
/// functions below go back to it and undo the scaling by hand.
fn normalised(x: &[f64]) -> (Vec<f64>, f64) {
    let s: f64 = x.iter().sum();
    (x.iter().map(|v| v / s).collect(), s)
}

// ANCHOR: information_gradient_tests
proptest! {
    #[test]
    fn entropy_gradient_matches_finite_differences(p in distribution()) {
        // −Σ wᵢ log wᵢ = s (H(w/s) − log s) for any positive w with s = Σw.
        let free = |w: &[f64]| { let (p, s) = normalised(w); Ok(s * (entropy(&p)? - s.ln())) };
        check_gradient(&p, free, entropy_gradient)?;
    }

    #[test]
    fn kl_gradient_in_p_matches_finite_differences(p in distribution()) {
        let q: Vec<f64> = p.iter().rev().copied().collect();
        // Σ wᵢ log(wᵢ/qᵢ) = s KL(w/s‖q) + s log s.
        let free = |w: &[f64]| { let (p, s) = normalised(w); Ok(s * kl_divergence(&p, &q)? + s * s.ln()) };
        check_gradient(&p, free, |p| kl_divergence_gradient_p(p, &q))?;
    }

    #[test]
    fn cross_entropy_gradient_in_q_matches_finite_differences(p in distribution()) {
        let q: Vec<f64> = p.iter().rev().copied().collect();
        // −Σ pᵢ log qᵢ = H(p, q/s) − log s.
        let free = |q: &[f64]| { let (q, s) = normalised(q); Ok(cross_entropy(&p, &q)? - s.ln()) };
        check_gradient(&q, free, |q| cross_entropy_gradient(&p, q))?;
    }
}
// ANCHOR_END: information_gradient_tests

proptest! {
    #[test]
    fn kl_div_gradients_match_finite_differences(
        p in distribution(), log_target in prop::bool::ANY, which in 0..3usize,
    ) {
        let reduction = [KlDivReduction::BatchMean, KlDivReduction::Sum, KlDivReduction::Mean][which];
        let n = p.len();
        let row = |v: &[f64]| DMatrix::from_row_slice(1, n, v);
        let x: Vec<f64> = p.iter().rev().map(|q| q.ln()).collect();
        let t: Vec<f64> = if log_target { p.iter().map(|v| v.ln()).collect() } else { p.clone() };
        let loss = |x: &[f64], t: &[f64]| kl_div(&row(x), &row(t), reduction, log_target);
        let gradient = |x: &[f64], t: &[f64]| kl_div_gradient(&row(x), &row(t), reduction, log_target).unwrap();
        check_gradient(&x, |x| loss(x, &t), |x| Ok(gradient(x, &t).input.as_slice().to_vec()))?;
        check_gradient(&t, |t| loss(&x, t), |t| Ok(gradient(&x, t).target.as_slice().to_vec()))?;
    }
}

// ANCHOR: new_regression_gradient_tests
proptest! {
    #[test]
    fn quantile_gradient_matches_finite_differences(
        (y, p) in pairs_away_from(vec![0.0], 1e-3), tau in 0.05..0.95f64,
    ) {
        check_gradient(&p, |p| quantile_loss(&y, p, tau), |p| quantile_loss_gradient(&y, p, tau))?;
    }

    #[test]
    fn log_cosh_gradient_matches_finite_differences((y, p) in pairs_away_from(vec![], 0.0)) {
        check_gradient(&p, |p| log_cosh(&y, p), |p| log_cosh_gradient(&y, p))?;
    }

    #[test]
    fn gaussian_nll_gradients_match_finite_differences(
        (y, p) in pairs_away_from(vec![], 0.0), v in 0.2..3.0f64, shared in prop::bool::ANY,
    ) {
        let var = if shared { vec![v] } else { y.iter().map(|y| v + 0.1 * y.abs()).collect() };
        let loss = |p: &[f64], var: &[f64]| gaussian_nll(&y, p, var, true, GAUSSIAN_NLL_EPS);
        let gradient = |p: &[f64], var: &[f64]| gaussian_nll_gradient(&y, p, var, GAUSSIAN_NLL_EPS);
        check_gradient(&p, |p| loss(p, &var), |p| Ok(gradient(p, &var)?.prediction))?;
        check_gradient(&var, |var| loss(&p, var), |var| Ok(gradient(&p, var)?.variance))?;
    }
}
// ANCHOR_END: new_regression_gradient_tests

// ANCHOR: hinge_gradient_tests
proptest! {
    #[test]
    fn hinge_gradient_matches_finite_differences(
        pairs in prop::collection::vec((-3.0..3.0f64, prop::bool::ANY), 1..8)
            .prop_filter("score at the kink", |v| v.iter().all(|(z, _)| (z.abs() - 1.0).abs() > 1e-3)),
    ) {
        let (z, y): (Vec<f64>, Vec<f64>) = pairs.into_iter().map(|(z, y)| (z, f64::from(u8::from(y)))).unzip();
        check_gradient(&z, |z| hinge_loss(&y, z), |z| hinge_loss_gradient(&y, z))?;
    }

    #[test]
    fn multi_margin_gradient_matches_finite_differences(
        x in prop::collection::vec(-2.0..2.0f64, 12), labels in prop::collection::vec(0..4usize, 3),
        p in 1..=2u32, margin in 0.3..1.5f64,
    ) {
        let logits = |x: &[f64]| DMatrix::from_row_slice(3, 4, x);
        let m = logits(&x);
        // Keep every margin m − x_y + x_j at least 1e-3 from its kink at 0.
        prop_assume!((0..3).all(|i| (0..4).all(|j| j == labels[i] || (margin - m[(i, labels[i])] + m[(i, j)]).abs() > 1e-3)));
        let loss = |x: &[f64]| multi_margin_loss(&logits(x), &labels, p, margin);
        let gradient = |x: &[f64]| Ok(multi_margin_loss_gradient(&logits(x), &labels, p, margin)?.transpose().as_slice().to_vec());
        check_gradient(&x, loss, gradient)?;
    }
}
// ANCHOR_END: hinge_gradient_tests

proptest! {
    #[test]
    fn nt_xent_gradient_matches_finite_differences(
        x in prop::collection::vec(-2.0..2.0f64, 12), temperature in 0.2..2.0f64,
    ) {
        // Rows 0..1 of a and b, flattened together; every row well away from 0.
        let views = |x: &[f64]| (DMatrix::from_row_slice(2, 3, &x[..6]), DMatrix::from_row_slice(2, 3, &x[6..]));
        let (a, b) = views(&x);
        prop_assume!(a.row_iter().chain(b.row_iter()).all(|r| r.norm() > 0.3));
        let loss = |x: &[f64]| { let (a, b) = views(x); nt_xent_loss(&a, &b, temperature) };
        let gradient = |x: &[f64]| {
            let (a, b) = views(x);
            let (da, db) = nt_xent_loss_gradient(&a, &b, temperature)?;
            Ok(da.transpose().iter().chain(db.transpose().iter()).copied().collect())
        };
        check_gradient(&x, loss, gradient)?;
    }
}
