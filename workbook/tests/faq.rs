//! Chapter 10's exercise: `workbook/src/faq.rs`.

mod common;

use common::cases;
use lossbook::train::{ConvergenceMonitor, StopReason};
use proptest::prelude::*;
use workbook::faq::should_stop;

const MONITOR: ConvergenceMonitor = ConvergenceMonitor {
    patience: 3,
    min_delta: 0.01,
    gradient_tolerance: 1e-6,
};

/// What a case says, its losses, validation losses, gradient norm and verdict.
type Case<'a> = (&'a str, &'a [f64], &'a [f64], f64, Option<StopReason>);

mod ex10_1_should_stop {
    use super::*;

    #[test]
    fn each_sign_of_convergence() {
        let falling = [5.0, 4.0, 3.0, 2.0, 1.0];
        let cases: [Case<'_>; 6] = [
            ("still falling", &falling, &[], 1.0, None),
            (
                "vanished gradient",
                &falling,
                &[],
                1e-7,
                Some(StopReason::GradientVanished { norm: 1e-7 }),
            ),
            (
                "plateau: the last 3 improve by 0.005 < min_delta",
                &[2.0, 1.0, 0.999, 0.997, 0.995],
                &[],
                1.0,
                Some(StopReason::LossPlateau),
            ),
            (
                "an improvement by more than min_delta resets the count",
                &[2.0, 1.0, 0.995, 0.995, 0.98],
                &[],
                1.0,
                None,
            ),
            (
                "validation rose 3 times in a row",
                &falling,
                &[1.0, 0.5, 0.6, 0.7, 0.8],
                1.0,
                Some(StopReason::ValidationRising),
            ),
            (
                "validation rose only twice",
                &falling,
                &[1.0, 0.5, 0.4, 0.7, 0.8],
                1.0,
                None,
            ),
        ];
        for (what, losses, validation, norm, expected) in cases {
            assert_eq!(
                should_stop(&MONITOR, losses, validation, norm),
                expected,
                "should_stop ({what}): losses {losses:?}, validation {validation:?}, gradient norm {norm}, patience 3, min_delta 0.01"
            );
        }
    }

    proptest! {
        #![proptest_config(cases())]

        #[test]
        fn matches_lossbooks_monitor(
            losses in prop::collection::vec(prop_oneof![0.0..1.0f64, Just(0.5)], 0..10),
            validation in prop::collection::vec(0.0..1.0f64, 0..10),
            norm in prop_oneof![Just(1e-7), 0.0..1.0f64],
            patience in 1usize..5,
            min_delta in prop_oneof![Just(0.0), 0.0..0.2f64],
        ) {
            let monitor = ConvergenceMonitor { patience, min_delta, gradient_tolerance: 1e-6 };
            prop_assert_eq!(should_stop(&monitor, &losses, &validation, norm), monitor.check(&losses, &validation, norm),
                "should_stop(patience {}, min_delta {}): losses {:?}, validation {:?}, gradient norm {}", patience, min_delta, losses, validation, norm);
        }
    }
}
