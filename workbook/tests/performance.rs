//! The Performance chapter's exercise: `workbook/src/performance.rs`.

mod common;

use common::{assert_all_close, assert_close, cases};
use lossbook::loss::regression::{mse, mse_gradient};
use proptest::prelude::*;
use workbook::performance::mse_with_gradient;

mod ex12_1_mse_with_gradient {
    use super::*;

    #[test]
    fn worked_values_and_the_buffer_is_overwritten() {
        // e = (1, 3): L = (1 + 9)/2 = 5, gradient 2e/N = (1, 3).
        let mut gradient = [f64::NAN, 7.0];
        let loss = mse_with_gradient(&[0.0, 0.0], &[1.0, 3.0], &mut gradient);
        assert_close(
            "mse_with_gradient(target [0, 0], prediction [1, 3]): loss",
            5.0,
            loss,
            1e-15,
        );
        assert_all_close(
            "mse_with_gradient(target [0, 0], prediction [1, 3]) into a buffer holding [NaN, 7]: gradient",
            &[1.0, 3.0],
            &gradient,
            1e-15,
        );
    }

    #[test]
    fn a_million_samples() {
        let n = 1 << 20;
        let target: Vec<f64> = (0..n).map(|i| (i % 17) as f64 * 0.25).collect();
        let prediction: Vec<f64> = (0..n).map(|i| (i % 13) as f64 * 0.3).collect();
        let mut gradient = vec![0.0; n];
        let loss = mse_with_gradient(&target, &prediction, &mut gradient);
        assert_close(
            "mse_with_gradient on 2²⁰ samples: loss vs lossbook's mse",
            mse(&target, &prediction).unwrap(),
            loss,
            1e-12,
        );
        assert_all_close(
            "mse_with_gradient on 2²⁰ samples: gradient vs lossbook's mse_gradient",
            &mse_gradient(&target, &prediction).unwrap(),
            &gradient,
            1e-12,
        );
    }

    proptest! {
        #![proptest_config(cases())]

        #[test]
        fn matches_lossbooks_mse_and_gradient(
            pairs in prop::collection::vec((-10.0..10.0f64, -10.0..10.0f64), 1..40)
        ) {
            let (y, p): (Vec<f64>, Vec<f64>) = pairs.into_iter().unzip();
            let mut gradient = vec![f64::NAN; y.len()];
            let loss = mse_with_gradient(&y, &p, &mut gradient);
            let what = format!("mse_with_gradient(target {y:?}, prediction {p:?})");
            assert_close(&format!("{what}: loss"), mse(&y, &p).unwrap(), loss, 1e-12);
            assert_all_close(&format!("{what}: gradient"), &mse_gradient(&y, &p).unwrap(), &gradient, 1e-12);
        }
    }
}
