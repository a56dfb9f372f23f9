//! Chapter 9's exercise: `workbook/src/schedules.rs`.

mod common;

use common::{assert_close, cases};
use lossbook::schedule::Schedule;
use proptest::prelude::*;
use workbook::schedules::warmup_cosine;

mod ex9_1_warmup_cosine {
    use super::*;

    #[test]
    fn worked_values() {
        // η₀ = 1, W = 4, 8 steps in all, η_min = 0: the ramp 1/4, 7/16, 5/8, 13/16,
        // then the cosine over T = 4 steps: 1, cos² quarter-turns, 0, and 0 after.
        let expected = [
            (0, 0.25),
            (1, 0.4375),
            (2, 0.625),
            (3, 0.8125),
            (4, 1.0),
            (5, 0.5 * (1.0 + std::f64::consts::FRAC_1_SQRT_2)),
            (6, 0.5),
            (8, 0.0),
            (20, 0.0),
        ];
        for (t, lr) in expected {
            assert_close(
                &format!("warmup_cosine(t = {t}, η₀ = 1, warmup 4, total 8, η_min = 0)"),
                lr,
                warmup_cosine(t, 1.0, 4, 8, 0.0),
                1e-15,
            );
        }
    }

    proptest! {
        #![proptest_config(cases())]

        #[test]
        fn matches_lossbooks_warmup_cosine(
            warmup in 1usize..20, length in 1usize..50, lr in 0.001..1.0f64, floor in 0.0..1.0f64,
        ) {
            let (total, eta_min) = (warmup + length, floor * lr);
            let schedule = lossbook::schedule::warmup_cosine(lr, warmup, total, eta_min).unwrap();
            for t in 0..total + 10 {
                assert_close(&format!("warmup_cosine(t = {t}, η₀ = {lr}, warmup {warmup}, total {total}, η_min = {eta_min})"),
                    schedule.learning_rate(t), warmup_cosine(t, lr, warmup, total, eta_min), 1e-14);
            }
        }
    }
}
