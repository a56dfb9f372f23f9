//! Chapter 4's exercise: `workbook/src/information.rs`.

mod common;

use common::{assert_close, cases};
use proptest::prelude::*;
use workbook::information::kl_divergence;

/// A distribution of `n` outcomes, some of them (about a third) impossible.
fn distribution(n: usize) -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(prop_oneof![Just(0.0), 0.01..1.0f64, 0.01..1.0f64], n)
        .prop_filter("not all zero", |w| w.iter().any(|&x| x > 0.0))
        .prop_map(|w| {
            let sum: f64 = w.iter().sum();
            w.into_iter().map(|x| x / sum).collect()
        })
}

mod ex4_1_kl_divergence {
    use super::*;

    #[test]
    fn worked_value() {
        // ½ ln(½/¼) + ½ ln(½/¾) = ½ ln(4/3).
        assert_close(
            "kl_divergence(p [0.5, 0.5], q [0.25, 0.75])",
            0.14384103622589042,
            kl_divergence(&[0.5, 0.5], &[0.25, 0.75]),
            1e-15,
        );
    }

    #[test]
    fn zero_probabilities_count_as_zero() {
        for (p, q, expected) in [
            (vec![1.0, 0.0], vec![1.0, 0.0], 0.0),
            (vec![0.5, 0.5, 0.0], vec![0.5, 0.25, 0.25], 0.5 * 2f64.ln()),
            (vec![0.0, 1.0], vec![0.5, 0.5], 2f64.ln()),
        ] {
            assert_close(
                &format!("kl_divergence(p {p:?}, q {q:?})"),
                expected,
                kl_divergence(&p, &q),
                1e-15,
            );
        }
    }

    #[test]
    fn an_impossible_outcome_costs_infinity() {
        assert_close(
            "kl_divergence(p [0.5, 0.5], q [1, 0])",
            f64::INFINITY,
            kl_divergence(&[0.5, 0.5], &[1.0, 0.0]),
            0.0,
        );
    }

    proptest! {
        #![proptest_config(cases())]

        #[test]
        fn matches_lossbooks_kl_and_is_not_negative(
            (p, q) in (2usize..7).prop_flat_map(|n| (distribution(n), distribution(n)))
        ) {
            let expected = lossbook::info::kl_divergence(&p, &q).unwrap();
            let got = kl_divergence(&p, &q);
            assert_close(&format!("kl_divergence(p {p:?}, q {q:?})"), expected, got, 1e-12);
            prop_assert!(got >= -1e-15, "kl_divergence(p {:?}, q {:?}): Gibbs' inequality says ≥ 0, got {}", p, q, got);
        }
    }
}
