//! Chapter 3's exercises: `workbook/src/classification.rs`.

mod common;

use common::{assert_all_close, assert_close, cases, central_difference};
use lossbook::loss::classification as lb;
use lossbook::loss::classification::ClassTargets;
use nalgebra::DMatrix;
use proptest::prelude::*;
use workbook::classification::{bce_with_logits, softmax_cross_entropy};

mod ex3_1_bce_with_logits {
    use super::*;

    #[test]
    fn worked_values() {
        // z = 0 is σ = ½ whatever the target: ln 2 each. z = 2, y = 1 is
        // −ln σ(2) = ln(1 + e⁻²) = 0.12692801104297250.
        let got = bce_with_logits(&[1.0, 0.0, 1.0], &[0.0, 0.0, 2.0]);
        assert_close(
            "bce_with_logits(target [1, 0, 1], logits [0, 0, 2])",
            0.504407457387621,
            got,
            1e-15,
        );
    }

    #[test]
    fn extreme_logits_are_exact() {
        // Confidently wrong: the loss is |z|. Confidently right: e^{−800} is 0.
        for (y, z, expected) in [
            (0.0, 1000.0, 1000.0),
            (1.0, -1000.0, 1000.0),
            (1.0, 800.0, 0.0),
        ] {
            let got = bce_with_logits(&[y], &[z]);
            assert_close(
                &format!("bce_with_logits(target [{y}], logits [{z}])"),
                expected,
                got,
                1e-15,
            );
        }
    }

    proptest! {
        #![proptest_config(cases())]

        #[test]
        fn matches_lossbooks_loss(
            pairs in prop::collection::vec((0.0..=1.0f64, -60.0..60.0f64), 1..8)
        ) {
            let (y, z): (Vec<f64>, Vec<f64>) = pairs.into_iter().unzip();
            let expected = lb::binary_cross_entropy_with_logits(&y, &z).unwrap();
            assert_close(&format!("bce_with_logits(target {y:?}, logits {z:?})"),
                expected, bce_with_logits(&y, &z), 1e-12);
        }

        #[test]
        fn its_slope_is_prediction_minus_target(
            pairs in prop::collection::vec((0.0..=1.0f64, -8.0..8.0f64), 1..6)
        ) {
            let (y, z): (Vec<f64>, Vec<f64>) = pairs.into_iter().unzip();
            let n = z.len() as f64;
            let expected: Vec<f64> = y.iter().zip(&z).map(|(&y, &z)| (lb::sigmoid(z) - y) / n).collect();
            let numeric: Vec<f64> = (0..z.len())
                .map(|i| central_difference(|w| bce_with_logits(&y, w), &z, i, 1e-5))
                .collect();
            assert_all_close(&format!("central differences of bce_with_logits(target {y:?}, logits {z:?}) vs (σ(z) − y)/N"),
                &expected, &numeric, 1e-8);
        }
    }
}

mod ex3_2_softmax_cross_entropy {
    use super::*;

    #[test]
    fn worked_values() {
        let uniform = DMatrix::from_row_slice(1, 3, &[0.0, 0.0, 0.0]);
        assert_close(
            "softmax_cross_entropy(logits [[0, 0, 0]], labels [0]): ln 3",
            3f64.ln(),
            softmax_cross_entropy(&uniform, &[0]),
            1e-15,
        );
        // ln(e¹ + e² + e³) − 3 = ln(e⁻² + e⁻¹ + 1).
        let logits = DMatrix::from_row_slice(2, 3, &[1.0, 2.0, 3.0, 0.0, 0.0, 0.0]);
        assert_close(
            "softmax_cross_entropy(logits [[1, 2, 3], [0, 0, 0]], labels [2, 1])",
            (0.4076059644443804 + 3f64.ln()) / 2.0,
            softmax_cross_entropy(&logits, &[2, 1]),
            1e-15,
        );
    }

    #[test]
    fn huge_logits_do_not_overflow() {
        let logits = DMatrix::from_row_slice(1, 2, &[1000.0, 0.0]);
        for (label, expected) in [(0, 0.0), (1, 1000.0)] {
            assert_close(
                &format!("softmax_cross_entropy(logits [[1000, 0]], labels [{label}])"),
                expected,
                softmax_cross_entropy(&logits, &[label]),
                1e-15,
            );
        }
        let low = DMatrix::from_row_slice(1, 2, &[-1000.0, -1000.0]);
        assert_close(
            "softmax_cross_entropy(logits [[-1000, -1000]], labels [1]): ln 2",
            2f64.ln(),
            softmax_cross_entropy(&low, &[1]),
            1e-15,
        );
    }

    proptest! {
        #![proptest_config(cases())]

        #[test]
        fn matches_lossbooks_loss(
            (rows, classes, values, labels) in (1usize..5, 2usize..5).prop_flat_map(|(r, c)| (
                Just(r), Just(c),
                prop::collection::vec(-30.0..30.0f64, r * c),
                prop::collection::vec(0..c, r),
            ))
        ) {
            let logits = DMatrix::from_row_slice(rows, classes, &values);
            let expected = lb::softmax_cross_entropy(&logits, ClassTargets::Labels(&labels), 0.0).unwrap();
            assert_close(&format!("softmax_cross_entropy(logits {values:?} ({rows}×{classes}, by rows), labels {labels:?})"),
                expected, softmax_cross_entropy(&logits, &labels), 1e-12);
        }
    }
}
