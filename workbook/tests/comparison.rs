//! Chapter 8's exercise: `workbook/src/comparison.rs`.

mod common;

use common::cases;
use lossbook::objective::Quadratic;
use lossbook::train::Batching;
use lossbook::tuning::{Criterion, Grid, Method, Task, tune};
use nalgebra::DVector;
use proptest::prelude::*;
use workbook::comparison::epochs_to_tolerance;

mod ex8_1_epochs_to_tolerance {
    use super::*;

    #[test]
    fn worked_values() {
        let nan = f64::NAN;
        for (excess, expected) in [
            (vec![5.0, 1.0, 1e-11, 1e-12], Some(2)),
            (vec![5.0, 1e-11, 1.0, 1e-12], Some(3)),
            (vec![1e-12, 1e-13], Some(0)),
            (vec![5.0, 1e-11, 1.0], None),
            (vec![1.0, nan, 1e-12], Some(2)),
            (vec![1e-12, nan], None),
            (vec![1e-10], None),
        ] {
            assert_eq!(
                epochs_to_tolerance(&excess, 1e-10),
                expected,
                "epochs_to_tolerance({excess:?}, tolerance 1e-10)"
            );
        }
    }

    #[test]
    fn scores_a_sweep_as_lossbooks_protocol_does() {
        // Plain GD on ½(x² + 10y²) at rates from too small to divergent.
        let objective = Quadratic::ill_conditioned(10.0).unwrap();
        let task = Task {
            objective: &objective,
            best: 0.0,
            initial: DVector::from_vec(vec![-4.0, 1.0]),
            epochs: 300,
            batching: Batching::Full,
        };
        let grid = Grid {
            learning_rates: vec![0.001, 0.01, 0.05, 0.1, 0.15, 0.19, 0.2, 0.25],
            betas: vec![],
        };
        let criterion = Criterion { tolerance: 1e-10 };
        let sweep = tune(Method::Gd, &grid, &task, criterion).unwrap();
        for trial in &sweep.trials {
            assert_eq!(
                epochs_to_tolerance(&trial.excess, criterion.tolerance),
                trial.epochs_to_tolerance,
                "epochs_to_tolerance of GD at η = {} on κ = 10 (excess {:?}…)",
                trial.lr,
                &trial.excess[..5]
            );
        }
    }

    proptest! {
        #![proptest_config(cases())]

        #[test]
        fn returns_where_the_run_settles_for_good(
            excess in prop::collection::vec(prop_oneof![Just(1e-12), Just(1e-11), Just(1.0), Just(f64::NAN)], 1..12)
        ) {
            let below: Vec<bool> = excess.iter().map(|&e| e < 1e-10).collect();
            let got = epochs_to_tolerance(&excess, 1e-10);
            match got {
                Some(t) => {
                    prop_assert!(t < excess.len() && below[t..].iter().all(|&b| b) && (t == 0 || !below[t - 1]),
                        "epochs_to_tolerance({:?}, 1e-10): got Some({}), but the run does not settle there", excess, t);
                }
                None => prop_assert!(!below[excess.len() - 1],
                    "epochs_to_tolerance({:?}, 1e-10): got None, but the last excess is below", excess),
            }
        }
    }
}
