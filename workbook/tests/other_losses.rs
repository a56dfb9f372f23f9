//! Chapter 5's exercise: `workbook/src/other_losses.rs`.

mod common;

use common::{assert_close, cases};
use lossbook::loss::metric::{TRIPLET_EPSILON, triplet_margin_loss};
use nalgebra::DMatrix;
use proptest::prelude::*;
use workbook::other_losses::triplet_loss;

mod ex5_1_triplet_loss {
    use super::*;

    #[test]
    fn worked_value() {
        // Row 0: d(a, p) = ‖(−3 + ε, −4 + ε)‖ ≈ 5, d(a, n) = ‖(−1 + ε, ε)‖ ≈ 1:
        // hinge 5 − 1 + 0.5 > 0. Row 1: the negative is far, the hinge is 0.
        let anchor = DMatrix::from_row_slice(2, 2, &[0.0, 0.0, 0.0, 0.0]);
        let positive = DMatrix::from_row_slice(2, 2, &[3.0, 4.0, 0.0, 1.0]);
        let negative = DMatrix::from_row_slice(2, 2, &[1.0, 0.0, 10.0, 0.0]);
        let e = TRIPLET_EPSILON;
        let d_pos = ((e - 3.0).powi(2) + (e - 4.0).powi(2)).sqrt();
        let d_neg = ((e - 1.0).powi(2) + e * e).sqrt();
        let expected = (d_pos - d_neg + 0.5) / 2.0;
        assert_close(
            "triplet_loss(anchor [[0, 0], [0, 0]], positive [[3, 4], [0, 1]], negative [[1, 0], [10, 0]], margin 0.5)",
            expected,
            triplet_loss(&anchor, &positive, &negative, 0.5),
            1e-15,
        );
    }

    #[test]
    fn easy_triplets_cost_nothing() {
        let anchor = DMatrix::from_row_slice(1, 3, &[1.0, 1.0, 1.0]);
        let positive = DMatrix::from_row_slice(1, 3, &[1.0, 1.0, 1.1]);
        let negative = DMatrix::from_row_slice(1, 3, &[-5.0, 1.0, 1.0]);
        assert_close(
            "triplet_loss(anchor [[1, 1, 1]], positive [[1, 1, 1.1]], negative [[-5, 1, 1]], margin 1)",
            0.0,
            triplet_loss(&anchor, &positive, &negative, 1.0),
            0.0,
        );
    }

    proptest! {
        #![proptest_config(cases())]

        #[test]
        fn matches_lossbooks_triplet_loss(
            (rows, cols, values) in (1usize..5, 1usize..4)
                .prop_flat_map(|(r, c)| (Just(r), Just(c), prop::collection::vec(-2.0..2.0f64, 3 * r * c))),
            margin in 0.01..3.0f64,
        ) {
            let n = rows * cols;
            let a = DMatrix::from_row_slice(rows, cols, &values[..n]);
            let p = DMatrix::from_row_slice(rows, cols, &values[n..2 * n]);
            let q = DMatrix::from_row_slice(rows, cols, &values[2 * n..]);
            let expected = triplet_margin_loss(&a, &p, &q, margin).unwrap();
            assert_close(&format!("triplet_loss on a {rows}×{cols} batch (anchor {a:?}, positive {p:?}, negative {q:?}), margin {margin}"),
                expected, triplet_loss(&a, &p, &q, margin), 1e-12);
        }
    }
}
