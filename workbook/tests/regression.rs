//! Chapter 2's exercises: `workbook/src/regression.rs`.

mod common;

use common::{assert_all_close, assert_close, cases, central_difference};
use lossbook::loss::regression as lb;
use proptest::prelude::*;
use workbook::regression::{huber, huber_gradient};

/// Equal-length (target, prediction) vectors of 1 to 8 entries.
fn pairs() -> impl Strategy<Value = (Vec<f64>, Vec<f64>)> {
    (1usize..=8).prop_flat_map(|n| {
        (
            prop::collection::vec(-5.0..5.0f64, n),
            prop::collection::vec(-5.0..5.0f64, n),
        )
    })
}

mod ex2_1_huber {
    use super::*;

    #[test]
    fn worked_values() {
        // Errors 0.1 and 0.5 are inside δ = 1 (½e²: 0.005, 0.125); −2 and 3
        // are outside (δ(|e| − ½δ): 1.5, 2.5). Mean: 4.13/4.
        let got = huber(&[0.0; 4], &[0.1, 0.5, -2.0, 3.0], 1.0);
        assert_close(
            "huber(target [0, 0, 0, 0], prediction [0.1, 0.5, -2, 3], δ = 1)",
            1.0325,
            got,
            1e-15,
        );
        let got = huber(&[2.0], &[1.0], 0.5);
        assert_close(
            "huber(target [2], prediction [1], δ = 0.5): |e| = 1 > δ",
            0.375,
            got,
            1e-15,
        );
    }

    proptest! {
        #![proptest_config(cases())]

        #[test]
        fn lies_between_the_linear_and_the_quadratic(e in -10.0..10.0f64, delta in 0.01..5.0f64) {
            let got = huber(&[0.0], &[e], delta);
            let (lower, upper) = (delta * e.abs() - 0.5 * delta * delta, 0.5 * e * e);
            prop_assert!(
                lower - 1e-12 <= got && got <= upper + 1e-12,
                "huber at e = {e}, δ = {delta}: expected between δ|e| − ½δ² = {lower} and ½e² = {upper}, got {got}"
            );
        }

        #[test]
        fn matches_lossbooks_huber((y, p) in pairs(), delta in 0.01..5.0f64) {
            let expected = lb::huber(&y, &p, delta).unwrap();
            assert_close(&format!("huber(target {y:?}, prediction {p:?}, δ = {delta})"),
                expected, huber(&y, &p, delta), 1e-12);
        }
    }
}

mod ex2_2_huber_gradient {
    use super::*;

    #[test]
    fn at_the_kink_the_gradient_is_delta() {
        let got = huber_gradient(&[0.0, 0.0], &[0.5, -0.5], 0.5);
        assert_all_close(
            "huber_gradient at |e| = δ (target [0, 0], prediction [0.5, -0.5], δ = 0.5)",
            &[0.25, -0.25],
            &got,
            1e-15,
        );
        let got = huber_gradient(&[1.0], &[4.0], 0.5);
        assert_all_close(
            "huber_gradient at e = 3 > δ (target [1], prediction [4], δ = 0.5): clipped to δ/N",
            &[0.5],
            &got,
            1e-15,
        );
    }

    proptest! {
        #![proptest_config(cases())]

        #[test]
        fn matches_central_differences((y, p) in pairs(), delta in 0.05..5.0f64) {
            let got = huber_gradient(&y, &p, delta);
            prop_assert_eq!(got.len(), p.len());
            for i in 0..p.len() {
                // Away from the kink, where the second derivative jumps.
                if ((p[i] - y[i]).abs() - delta).abs() < 1e-3 {
                    continue;
                }
                let loss = |q: &[f64]| lb::huber(&y, q, delta).unwrap();
                let numeric = central_difference(loss, &p, i, 1e-6);
                assert_close(
                    &format!("huber_gradient entry {i} (target {y:?}, prediction {p:?}, δ = {delta}) vs central difference"),
                    numeric, got[i], 1e-7);
            }
        }

        #[test]
        fn matches_lossbooks_gradient((y, p) in pairs(), delta in 0.01..5.0f64) {
            let expected = lb::huber_gradient(&y, &p, delta).unwrap();
            assert_all_close(&format!("huber_gradient(target {y:?}, prediction {p:?}, δ = {delta})"),
                &expected, &huber_gradient(&y, &p, delta), 1e-12);
        }
    }
}
