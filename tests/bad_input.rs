//! Every class of bad input gets a typed error that names the mistake, and
//! NaN in the data comes out as NaN, never as a plausible number.

use lossbook::Error;
use lossbook::info::{cross_entropy, cross_entropy_gradient, entropy, kl_divergence};
use lossbook::loss::classification::*;
use lossbook::loss::metric::*;
use lossbook::loss::regression::*;
use lossbook::objective::LinearRegression;
use lossbook::optim::*;
use lossbook::schedule::*;
use lossbook::train::*;
use nalgebra::{DMatrix, DVector};

fn invalid(name: &str, result: Result<impl std::fmt::Debug, Error>) {
    match result {
        Err(Error::InvalidParameter { name: got, .. }) => assert_eq!(got, name),
        other => panic!("expected InvalidParameter({name}), got {other:?}"),
    }
}

// ANCHOR: length_mismatch
#[test]
fn length_mismatches_are_errors_not_silent_truncation() {
    let (short, long) = ([1.0, 2.0], [1.0, 2.0, 3.0]);
    let mismatch = Error::LengthMismatch {
        left_name: "target",
        left: 2,
        right_name: "prediction",
        right: 3,
    };
    assert_eq!(mse(&short, &long), Err(mismatch.clone()));
    assert_eq!(mae_gradient(&short, &long), Err(mismatch.clone()));
    assert_eq!(huber(&short, &long, 1.0), Err(mismatch));
    assert!(matches!(
        binary_cross_entropy(&[1.0], &[0.5, 0.5]),
        Err(Error::LengthMismatch { .. })
    ));
    assert!(matches!(
        binary_cross_entropy_with_logits(&[1.0], &[0.5, 0.5]),
        Err(Error::LengthMismatch { .. })
    ));
    assert!(matches!(
        contrastive_loss(&[1.0], &[0.5, 0.5], 1.0),
        Err(Error::LengthMismatch { .. })
    ));
    assert!(matches!(
        kl_divergence(&[1.0], &[0.5, 0.5]),
        Err(Error::LengthMismatch { .. })
    ));
    let logits = DMatrix::zeros(2, 3);
    assert!(matches!(
        softmax_cross_entropy(&logits, ClassTargets::Labels(&[0]), 0.0),
        Err(Error::LengthMismatch { .. })
    ));
    assert!(matches!(
        categorical_cross_entropy(&DMatrix::zeros(2, 3), &DMatrix::zeros(3, 2)),
        Err(Error::ShapeMismatch { .. })
    ));
    assert!(matches!(
        triplet_margin_loss(
            &DMatrix::zeros(2, 3),
            &DMatrix::zeros(2, 3),
            &DMatrix::zeros(2, 2),
            1.0
        ),
        Err(Error::ShapeMismatch { .. })
    ));
    // The message says which input has how many elements.
    assert_eq!(
        mse(&short, &long).unwrap_err().to_string(),
        "length mismatch: target has 2 elements but prediction has 3"
    );
}
// ANCHOR_END: length_mismatch

#[test]
fn empty_inputs_are_errors() {
    let empty = Err(Error::Empty { what: "target" });
    assert_eq!(mse(&[], &[]), empty);
    assert_eq!(mae(&[], &[]), empty);
    assert_eq!(binary_cross_entropy(&[], &[]), empty);
    assert_eq!(fit_constant(&[], mse_gradient), empty);
    assert!(matches!(entropy(&[]), Err(Error::Empty { .. })));
    assert!(matches!(
        softmax_cross_entropy(&DMatrix::zeros(0, 3), ClassTargets::Labels(&[]), 0.0),
        Err(Error::Empty { .. })
    ));
    assert!(matches!(
        triplet_margin_loss(
            &DMatrix::zeros(0, 3),
            &DMatrix::zeros(0, 3),
            &DMatrix::zeros(0, 3),
            1.0
        ),
        Err(Error::Empty { .. })
    ));
    assert!(matches!(
        LinearRegression::new(&DMatrix::zeros(0, 2), DVector::zeros(0)),
        Err(Error::Empty { .. })
    ));
}

// ANCHOR: probabilities
#[test]
fn probabilities_outside_zero_one_are_errors() {
    let out = Err(Error::NotAProbability {
        what: "probability",
        index: 1,
        value: 1.5,
    });
    assert_eq!(binary_cross_entropy(&[1.0, 0.0], &[0.5, 1.5]), out);
    assert_eq!(
        binary_cross_entropy_gradient(&[1.0, 0.0], &[0.5, 1.5]).map(|_| 0.0),
        out
    );
    assert_eq!(focal_loss(&[1.0, 0.0], &[0.5, 1.5], 0.25, 2.0), out);
    assert!(matches!(
        binary_cross_entropy(&[2.0], &[0.5]),
        Err(Error::NotAProbability { what: "target", .. })
    ));
    assert!(matches!(
        binary_cross_entropy_with_logits(&[-0.1], &[0.5]),
        Err(Error::NotAProbability { .. })
    ));
    assert!(matches!(
        categorical_cross_entropy(
            &DMatrix::from_element(1, 2, 0.5),
            &DMatrix::from_row_slice(1, 2, &[-0.2, 1.2])
        ),
        Err(Error::NotAProbability { .. })
    ));
    assert!(matches!(
        entropy(&[0.5, 0.6]),
        Err(Error::NotADistribution { .. })
    ));
    assert!(matches!(
        cross_entropy(&[1.0, 0.0], &[-0.5, 1.5]),
        Err(Error::NotAProbability { .. })
    ));
    let logits = DMatrix::zeros(1, 3);
    assert!(matches!(
        softmax_cross_entropy(&logits, ClassTargets::Labels(&[3]), 0.0),
        Err(Error::LabelOutOfRange {
            index: 0,
            label: 3,
            classes: 3
        })
    ));
    assert!(matches!(
        contrastive_loss(&[0.5], &[1.0], 1.0),
        Err(Error::NotBinary { .. })
    ));
    assert!(matches!(
        contrastive_loss(&[1.0], &[-1.0], 1.0),
        Err(Error::NegativeDistance { .. })
    ));
}
// ANCHOR_END: probabilities

// ANCHOR: hyperparameters
#[test]
fn non_positive_delta_margin_and_learning_rate_are_errors() {
    for delta in [0.0, -1.0, f64::NAN, f64::INFINITY] {
        invalid("delta", huber(&[1.0], &[2.0], delta));
        invalid("delta", huber_gradient(&[1.0], &[2.0], delta));
    }
    invalid("beta", smooth_l1(&[1.0], &[2.0], -0.5));
    invalid("margin", contrastive_loss(&[1.0], &[0.5], 0.0));
    let m = DMatrix::zeros(1, 2);
    invalid("margin", triplet_margin_loss(&m, &m, &m, -1.0));
    invalid(
        "label_smoothing",
        softmax_cross_entropy(&m, ClassTargets::Labels(&[0]), 1.5),
    );
    invalid("gamma", focal_loss(&[1.0], &[0.5], 0.25, -1.0));
    invalid("alpha", sigmoid_focal_loss(&[1.0], &[0.5], 1.5, 2.0));
    let p = DVector::zeros(2);
    invalid(
        "lr",
        Sgd {
            lr: 0.0,
            ..Sgd::default()
        }
        .init(&p),
    );
    invalid(
        "lr",
        Adam {
            lr: -1e-3,
            ..Adam::default()
        }
        .init(&p),
    );
    invalid(
        "lr",
        RmsProp {
            lr: f64::NAN,
            ..RmsProp::default()
        }
        .init(&p),
    );
    invalid(
        "lr",
        Adagrad {
            lr: 0.0,
            ..Adagrad::default()
        }
        .init(&p),
    );
    invalid(
        "lr",
        AdamW {
            lr: 0.0,
            ..AdamW::default()
        }
        .init(&p),
    );
    invalid(
        "lr",
        ArticleMomentum {
            lr: 0.0,
            momentum: 0.9,
        }
        .init(&p),
    );
    invalid(
        "eps",
        Adam {
            eps: 0.0,
            ..Adam::default()
        }
        .init(&p),
    );
    invalid("initial_lr", CosineAnnealing::new(0.0, 0.0, 10));
    invalid("lr", Constant::new(-0.1));
}

#[test]
fn decay_rates_of_one_or_more_are_errors() {
    let p = DVector::zeros(2);
    invalid(
        "beta1",
        Adam {
            beta1: 1.0,
            ..Adam::default()
        }
        .init(&p),
    );
    invalid(
        "beta2",
        Adam {
            beta2: 1.5,
            ..Adam::default()
        }
        .init(&p),
    );
    invalid(
        "beta1",
        AdamW {
            beta1: -0.1,
            ..AdamW::default()
        }
        .init(&p),
    );
    invalid(
        "alpha",
        RmsProp {
            alpha: 1.0,
            ..RmsProp::default()
        }
        .init(&p),
    );
    invalid(
        "momentum",
        Sgd {
            momentum: 1.0,
            ..Sgd::default()
        }
        .init(&p),
    );
    invalid(
        "momentum",
        ArticleMomentum {
            lr: 0.01,
            momentum: 1.2,
        }
        .init(&p),
    );
    invalid(
        "momentum",
        Sgd {
            nesterov: true,
            ..Sgd::default()
        }
        .init(&p),
    );
}

#[test]
fn schedules_reject_zero_periods_and_out_of_range_factors() {
    invalid("t_max", CosineAnnealing::new(0.1, 0.0, 0));
    invalid("eta_min", CosineAnnealing::new(0.1, 0.2, 10));
    invalid("step_size", StepDecay::new(0.1, 0, 0.1));
    invalid("gamma", StepDecay::new(0.1, 10, 0.0));
    invalid("gamma", Exponential::new(0.1, 1.5));
    invalid("total_steps", LinearWarmup::new(0.1, 0.5, 1.0, 0));
    invalid("start_factor", LinearWarmup::new(0.1, 0.0, 1.0, 5));
    invalid("warmup_steps", LinearWarmup::article(0.1, 0));
    invalid("total", warmup_cosine(0.1, 10, 10, 0.0));
}
// ANCHOR_END: hyperparameters

#[test]
fn batch_size_zero_is_an_error() {
    let problem = LinearRegression::article_problem();
    let mut sgd = Sgd::default();
    let result = train(
        &problem,
        DVector::zeros(3),
        &mut sgd,
        &TrainConfig::new(1, Batching::MiniBatch(0)),
    );
    assert_eq!(result, Err(Error::ZeroBatchSize));
}

#[test]
fn optimizer_steps_check_lengths() {
    let adam = Adam::default();
    let mut params = DVector::zeros(3);
    let mut state = adam.init(&params).unwrap();
    assert!(matches!(
        adam.step(&mut state, &mut params, &DVector::zeros(2)),
        Err(Error::LengthMismatch { .. })
    ));
    let mut other = DVector::zeros(4);
    assert!(matches!(
        adam.step(&mut state, &mut other, &DVector::zeros(4)),
        Err(Error::LengthMismatch { .. })
    ));
}

// ANCHOR: nan_propagates
#[test]
fn nan_in_the_data_comes_out_as_nan() {
    let nan = f64::NAN;
    assert!(mse(&[1.0, nan], &[1.0, 2.0]).unwrap().is_nan());
    assert!(mae(&[1.0], &[nan]).unwrap().is_nan());
    assert!(mae_gradient(&[1.0], &[nan]).unwrap()[0].is_nan());
    assert!(huber(&[1.0], &[nan], 1.0).unwrap().is_nan());
    assert!(huber_gradient(&[1.0], &[nan], 1.0).unwrap()[0].is_nan());
    assert!(smooth_l1_gradient(&[1.0], &[nan], 1.0).unwrap()[0].is_nan());
    assert!(binary_cross_entropy(&[1.0], &[nan]).unwrap().is_nan());
    assert!(
        binary_cross_entropy_log_floor(&[1.0], &[nan])
            .unwrap()
            .is_nan()
    );
    assert!(
        binary_cross_entropy_with_logits(&[1.0], &[nan])
            .unwrap()
            .is_nan()
    );
    assert!(focal_loss(&[1.0], &[nan], 0.25, 2.0).unwrap().is_nan());
    assert!(
        sigmoid_focal_loss(&[1.0], &[nan], 0.25, 2.0)
            .unwrap()
            .is_nan()
    );
    // max(0, m − D) must not turn a NaN distance into 0.
    assert!(contrastive_loss(&[1.0], &[nan], 1.0).unwrap().is_nan());
    assert!(contrastive_loss_gradient(&[1.0], &[nan], 1.0).unwrap()[0].is_nan());
    let logits = DMatrix::from_row_slice(1, 3, &[0.0, nan, 1.0]);
    assert!(
        softmax_cross_entropy(&logits, ClassTargets::Labels(&[0]), 0.0)
            .unwrap()
            .is_nan()
    );
    assert!(log_softmax(&logits).iter().all(|v| v.is_nan()));
    let a = DMatrix::from_row_slice(1, 2, &[nan, 0.0]);
    let b = DMatrix::zeros(1, 2);
    assert!(triplet_margin_loss(&a, &b, &b, 1.0).unwrap().is_nan());
    assert!(
        triplet_margin_loss_gradient(&a, &b, &b, 1.0)
            .unwrap()
            .anchor[(0, 0)]
            .is_nan()
    );
    assert!(entropy(&[nan, 0.5]).unwrap().is_nan());
    assert!(fit_constant(&[1.0, nan], mse_gradient).unwrap().is_nan());
    let adam = Adam::default();
    let mut params = DVector::zeros(2);
    let mut state = adam.init(&params).unwrap();
    adam.step(&mut state, &mut params, &DVector::from_vec(vec![nan, 1.0]))
        .unwrap();
    assert!(params[0].is_nan() && params[1].is_finite());
}
// ANCHOR_END: nan_propagates

#[test]
fn error_messages_name_the_problem() {
    let message = |e: Error| e.to_string();
    assert_eq!(
        message(binary_cross_entropy(&[1.0], &[1.5]).unwrap_err()),
        "probability[0] = 1.5 is not a probability in [0, 1]"
    );
    assert_eq!(
        message(huber(&[1.0], &[1.0], 0.0).unwrap_err()),
        "delta = 0 is invalid: it must be finite and > 0"
    );
    assert_eq!(
        message(
            Adam {
                beta2: 1.0,
                ..Adam::default()
            }
            .init(&DVector::zeros(1))
            .unwrap_err()
        ),
        "beta2 = 1 is invalid: it must be in [0, 1)"
    );
    assert_eq!(
        message(Error::ZeroBatchSize),
        "batch size must be at least 1"
    );
}

/// Issue 11's optimizers: each hyperparameter outside its range is named.
#[test]
fn nadam_radam_adadelta_adamax_reject_bad_hyperparameters() {
    let p = DVector::zeros(2);
    invalid(
        "lr",
        NAdam {
            lr: 0.0,
            ..NAdam::default()
        }
        .init(&p),
    );
    invalid(
        "beta1",
        NAdam {
            beta1: 1.0,
            ..NAdam::default()
        }
        .init(&p),
    );
    invalid(
        "beta2",
        NAdam {
            beta2: -0.1,
            ..NAdam::default()
        }
        .init(&p),
    );
    invalid(
        "eps",
        NAdam {
            eps: 0.0,
            ..NAdam::default()
        }
        .init(&p),
    );
    invalid(
        "weight_decay",
        NAdam {
            weight_decay: -1.0,
            ..NAdam::default()
        }
        .init(&p),
    );
    invalid(
        "momentum_decay",
        NAdam {
            momentum_decay: -1e-3,
            ..NAdam::default()
        }
        .init(&p),
    );
    invalid(
        "momentum_decay",
        NAdam {
            momentum_decay: f64::NAN,
            ..NAdam::default()
        }
        .init(&p),
    );
    invalid(
        "lr",
        RAdam {
            lr: -1e-3,
            ..RAdam::default()
        }
        .init(&p),
    );
    invalid(
        "beta1",
        RAdam {
            beta1: 1.5,
            ..RAdam::default()
        }
        .init(&p),
    );
    invalid(
        "beta2",
        RAdam {
            beta2: 1.0,
            ..RAdam::default()
        }
        .init(&p),
    );
    invalid(
        "eps",
        RAdam {
            eps: -1e-8,
            ..RAdam::default()
        }
        .init(&p),
    );
    invalid(
        "weight_decay",
        RAdam {
            weight_decay: f64::INFINITY,
            ..RAdam::default()
        }
        .init(&p),
    );
    invalid(
        "lr",
        Adadelta {
            lr: 0.0,
            ..Adadelta::default()
        }
        .init(&p),
    );
    invalid(
        "rho",
        Adadelta {
            rho: 1.0,
            ..Adadelta::default()
        }
        .init(&p),
    );
    invalid(
        "eps",
        Adadelta {
            eps: 0.0,
            ..Adadelta::default()
        }
        .init(&p),
    );
    invalid(
        "weight_decay",
        Adadelta {
            weight_decay: -0.1,
            ..Adadelta::default()
        }
        .init(&p),
    );
    invalid(
        "lr",
        Adamax {
            lr: f64::NAN,
            ..Adamax::default()
        }
        .init(&p),
    );
    invalid(
        "beta1",
        Adamax {
            beta1: -0.5,
            ..Adamax::default()
        }
        .init(&p),
    );
    invalid(
        "beta2",
        Adamax {
            beta2: 1.0,
            ..Adamax::default()
        }
        .init(&p),
    );
    invalid(
        "eps",
        Adamax {
            eps: 0.0,
            ..Adamax::default()
        }
        .init(&p),
    );
    invalid(
        "weight_decay",
        Adamax {
            weight_decay: -1.0,
            ..Adamax::default()
        }
        .init(&p),
    );
}

/// Runs one step of `optimizer` from `params` with `grad`.
fn one_step<O: Optimizer>(
    optimizer: &O,
    params: &[f64],
    grad: &[f64],
) -> lossbook::Result<DVector<f64>> {
    let mut params = DVector::from_column_slice(params);
    let mut state = optimizer.init(&params)?;
    optimizer.step(&mut state, &mut params, &DVector::from_column_slice(grad))?;
    Ok(params)
}

#[test]
fn new_optimizers_check_lengths_and_pass_nan_through() {
    let mismatch = |r: lossbook::Result<DVector<f64>>| {
        assert!(
            matches!(
                r,
                Err(Error::LengthMismatch {
                    left_name: "params",
                    right_name: "grad",
                    ..
                })
            ),
            "{r:?}"
        )
    };
    mismatch(one_step(&NAdam::default(), &[1.0, 2.0], &[1.0]));
    mismatch(one_step(&RAdam::default(), &[1.0, 2.0], &[1.0]));
    mismatch(one_step(&Adadelta::default(), &[1.0, 2.0], &[1.0]));
    mismatch(one_step(&Adamax::default(), &[1.0, 2.0], &[1.0]));
    let nan_out = |r: lossbook::Result<DVector<f64>>| {
        let r = r.unwrap();
        assert!(r[0].is_nan() && r[1] != 2.0 && r[1].is_finite(), "{r:?}");
    };
    nan_out(one_step(&NAdam::default(), &[1.0, 2.0], &[f64::NAN, 1.0]));
    nan_out(one_step(&RAdam::default(), &[1.0, 2.0], &[f64::NAN, 1.0]));
    nan_out(one_step(
        &Adadelta::default(),
        &[1.0, 2.0],
        &[f64::NAN, 1.0],
    ));
    // Adamax's running maximum must not swallow the NaN (`f64::max` would).
    nan_out(one_step(&Adamax::default(), &[1.0, 2.0], &[f64::NAN, 1.0]));
}

#[test]
fn a_momentum_schedule_on_an_optimizer_without_momentum_is_an_error() {
    let problem = LinearRegression::article_problem();
    let schedule = OneCycle::new(0.1, 10).unwrap();
    let config = TrainConfig {
        schedule: Some(&schedule),
        ..TrainConfig::new(2, Batching::Full)
    };
    invalid(
        "momentum",
        train(
            &problem,
            DVector::zeros(3),
            &mut Adagrad::default(),
            &config,
        ),
    );
    invalid(
        "momentum",
        train(
            &problem,
            DVector::zeros(3),
            &mut Adadelta::default(),
            &config,
        ),
    );
    invalid("beta1", Adam::default().set_momentum(1.0));
    invalid("momentum", Sgd::default().set_momentum(-0.1));
}

#[test]
fn new_schedules_reject_bad_parameters() {
    invalid("milestones", MultiStep::new(0.1, vec![5, 5], 0.1));
    invalid("gamma", MultiStep::new(0.1, vec![5], 0.0));
    invalid("initial_lr", MultiStep::new(0.0, vec![5], 0.5));
    invalid("total_steps", Polynomial::new(0.1, 0, 1.0));
    invalid("power", Polynomial::new(0.1, 10, 0.0));
    invalid("t_0", WarmRestarts::new(0.1, 0, 1, 0.0));
    invalid("t_mult", WarmRestarts::new(0.1, 5, 0, 0.0));
    invalid("eta_min", WarmRestarts::new(0.1, 5, 1, 0.2));
    invalid("max_lr", OneCycle::new(-1.0, 10));
    invalid("total_steps", OneCycle::new(0.1, 0));
    let with = |pct, divs, momentum| OneCycle::with(0.1, 10, pct, Anneal::Cos, divs, momentum);
    invalid("pct_start", with(1.5, (25.0, 1e4), None));
    invalid("div_factor", with(0.3, (0.0, 1e4), None));
    invalid("final_div_factor", with(0.3, (25.0, f64::NAN), None));
    invalid("max_momentum", with(0.3, (25.0, 1e4), Some((0.85, 1.0))));
}

#[test]
fn reduce_on_plateau_rejects_bad_parameters() {
    let rule = Plateau::new(Mode::Min, Threshold::Rel(1e-4));
    invalid("factor", ReduceOnPlateau::with(0.1, rule, 1.0, 10, 0, 0.0));
    invalid("factor", ReduceOnPlateau::with(0.1, rule, 0.0, 10, 0, 0.0));
    invalid(
        "initial_lr",
        ReduceOnPlateau::with(0.0, rule, 0.5, 10, 0, 0.0),
    );
    invalid("min_lr", ReduceOnPlateau::with(0.1, rule, 0.5, 10, 0, -1.0));
    let negative = Plateau::new(Mode::Max, Threshold::Abs(-0.1));
    invalid(
        "threshold",
        ReduceOnPlateau::with(0.1, negative, 0.5, 10, 0, 0.0),
    );
    // NaN metrics are never better: they count as bad epochs, the rate falls.
    let mut schedule = ReduceOnPlateau::with(0.1, rule, 0.5, 0, 0, 0.0).unwrap();
    assert_eq!(schedule.step(1.0), 0.1);
    assert_eq!(schedule.step(f64::NAN), 0.05);
}

#[test]
fn clipping_rejects_non_positive_thresholds_and_passes_nan_through() {
    use lossbook::clip::{GradientClip, clip_grad_norm, clip_grad_value};
    let mut g = DVector::from_column_slice(&[3.0, 4.0]);
    invalid("max_norm", clip_grad_norm(&mut g, 0.0));
    invalid("clip_value", clip_grad_value(&mut g, -1.0));
    invalid("max_norm", GradientClip::Norm(f64::NAN).apply(&mut g));
    assert_eq!(g, DVector::from_column_slice(&[3.0, 4.0]));
    let mut with_nan = DVector::from_column_slice(&[f64::NAN, 4.0]);
    assert!(clip_grad_norm(&mut with_nan, 1.0).unwrap().is_nan());
    assert!(with_nan.iter().all(|g| g.is_nan()), "{with_nan:?}");
    let mut with_nan = DVector::from_column_slice(&[f64::NAN, 4.0]);
    clip_grad_value(&mut with_nan, 1.0).unwrap();
    assert!(with_nan[0].is_nan() && with_nan[1] == 1.0);
    let problem = LinearRegression::article_problem();
    let config = TrainConfig {
        clip: Some(GradientClip::Value(0.0)),
        ..TrainConfig::new(1, Batching::Full)
    };
    invalid(
        "clip_value",
        train(&problem, DVector::zeros(3), &mut Sgd::default(), &config),
    );
}

#[test]
fn per_element_losses_check_the_whole_input_and_name_the_element() {
    use lossbook::loss::{elementwise, elementwise_gradient};
    assert!(matches!(
        elementwise(mse, &[1.0, 2.0], &[1.0]),
        Err(Error::LengthMismatch { .. })
    ));
    assert!(matches!(
        elementwise(mse, &[], &[]),
        Err(Error::Empty { .. })
    ));
    // The bad probability is element 2, not element 0 of a one-element slice.
    assert!(matches!(
        elementwise(binary_cross_entropy, &[1.0, 0.0, 1.0], &[0.5, 0.5, 1.5]),
        Err(Error::NotAProbability { index: 2, .. })
    ));
    assert!(matches!(
        elementwise_gradient(mse_gradient, &[1.0], &[1.0, 2.0]),
        Err(Error::LengthMismatch { .. })
    ));
    invalid(
        "delta",
        elementwise(|y, p| huber(y, p, -1.0), &[1.0], &[2.0]),
    );
    let rows = DMatrix::from_row_slice(2, 2, &[0.0, 1.0, 2.0, 3.0]);
    assert!(matches!(
        softmax_cross_entropy_elementwise(&rows, ClassTargets::Labels(&[0, 2]), 0.0),
        Err(Error::LabelOutOfRange { index: 1, .. })
    ));
    assert!(elementwise(mse, &[f64::NAN, 1.0], &[1.0, 1.0]).unwrap()[0].is_nan());
}

#[test]
fn kl_div_and_the_information_gradients_reject_bad_input() {
    use lossbook::info::*;
    let x = DMatrix::from_row_slice(1, 2, &[-0.5, -1.0]);
    let wide = DMatrix::from_row_slice(1, 3, &[0.2, 0.3, 0.5]);
    let r = KlDivReduction::BatchMean;
    assert!(matches!(
        kl_div(&x, &wide, r, false),
        Err(Error::ShapeMismatch { .. })
    ));
    assert!(matches!(
        kl_div_gradient(&x, &wide, r, false),
        Err(Error::ShapeMismatch { .. })
    ));
    let empty = DMatrix::<f64>::zeros(0, 2);
    assert!(matches!(
        kl_div_elementwise(&empty, &empty, false),
        Err(Error::Empty { .. })
    ));
    let above_one = DMatrix::from_row_slice(1, 2, &[1.5, -0.5]);
    assert!(matches!(
        kl_div(&x, &above_one, r, false),
        Err(Error::NotAProbability { index: 0, .. })
    ));
    // A log target is any real: the same numbers are fine there.
    assert!(kl_div(&x, &above_one, r, true).is_ok());
    assert!(matches!(
        entropy_gradient(&[0.5, 0.6]),
        Err(Error::NotADistribution { .. })
    ));
    assert!(matches!(
        kl_divergence_gradient_p(&[0.5, 0.5], &[1.0]),
        Err(Error::LengthMismatch { .. })
    ));
    assert!(matches!(
        cross_entropy_gradient(&[], &[]),
        Err(Error::LengthMismatch { .. }) | Err(Error::Empty { .. })
    ));
    let nan = DMatrix::from_row_slice(1, 2, &[f64::NAN, -1.0]);
    assert!(
        kl_div(&nan, &DMatrix::from_row_slice(1, 2, &[0.5, 0.5]), r, false)
            .unwrap()
            .is_nan()
    );
}

#[test]
fn the_lr_range_test_rejects_an_empty_or_reversed_range() {
    use lossbook::lr_range::lr_range_test;
    let problem = LinearRegression::article_problem();
    let run = |range, steps| {
        lr_range_test(
            &problem,
            DVector::zeros(3),
            &mut Sgd::default(),
            range,
            steps,
        )
    };
    invalid("start_lr", run((0.0, 1.0), 10));
    invalid("end_lr", run((1.0, 0.1), 10));
    invalid("end_lr", run((1e-3, f64::INFINITY), 10));
    invalid("steps", run((1e-3, 1.0), 1));
}

#[test]
fn quantile_log_cosh_and_gaussian_nll_reject_bad_input() {
    for tau in [0.0, 1.0, -0.5, f64::NAN] {
        invalid("tau", quantile_loss(&[1.0], &[2.0], tau));
        invalid("tau", quantile_loss_gradient(&[1.0], &[2.0], tau));
    }
    assert!(matches!(
        log_cosh(&[1.0], &[1.0, 2.0]),
        Err(Error::LengthMismatch { .. })
    ));
    let eps = GAUSSIAN_NLL_EPS;
    invalid(
        "variance",
        gaussian_nll(&[1.0], &[2.0], &[-1.0], false, eps),
    );
    invalid("eps", gaussian_nll(&[1.0], &[2.0], &[1.0], false, 0.0));
    assert!(matches!(
        gaussian_nll(&[1.0, 2.0], &[2.0, 1.0], &[1.0, 1.0, 1.0], false, eps),
        Err(Error::LengthMismatch { .. })
    ));
    assert!(matches!(
        gaussian_nll_gradient(&[1.0], &[2.0], &[], eps),
        Err(Error::LengthMismatch { .. })
    ));
    assert!(matches!(
        gaussian_nll(&[], &[], &[1.0], false, eps),
        Err(Error::Empty { .. })
    ));
    assert!(
        gaussian_nll(&[1.0], &[2.0], &[f64::NAN], false, eps)
            .unwrap()
            .is_nan()
    );
    assert!(log_cosh(&[f64::NAN], &[2.0]).unwrap().is_nan());
    assert!(quantile_loss(&[f64::NAN], &[2.0], 0.5).unwrap().is_nan());
}

#[test]
fn hinge_and_multi_margin_losses_reject_bad_input() {
    assert!(matches!(
        hinge_loss(&[0.5], &[1.0]),
        Err(Error::NotBinary { index: 0, .. })
    ));
    assert!(matches!(
        hinge_loss_gradient(&[1.0], &[1.0, 2.0]),
        Err(Error::LengthMismatch { .. })
    ));
    assert!(hinge_loss(&[1.0], &[f64::NAN]).unwrap().is_nan());
    let x = DMatrix::from_row_slice(2, 3, &[0.0, 1.0, 2.0, 2.0, 1.0, 0.0]);
    invalid("p", multi_margin_loss(&x, &[0, 1], 3, 1.0));
    invalid("margin", multi_margin_loss(&x, &[0, 1], 1, 0.0));
    invalid("margin", multi_margin_loss_gradient(&x, &[0, 1], 1, -1.0));
    assert!(matches!(
        multi_margin_loss(&x, &[0], 1, 1.0),
        Err(Error::LengthMismatch { .. })
    ));
    assert!(matches!(
        multi_margin_loss(&x, &[0, 3], 1, 1.0),
        Err(Error::LabelOutOfRange { index: 1, .. })
    ));
    assert!(matches!(
        multi_margin_loss(&DMatrix::zeros(0, 3), &[], 1, 1.0),
        Err(Error::Empty { .. })
    ));
    let nan = DMatrix::from_row_slice(1, 2, &[f64::NAN, 0.0]);
    assert!(multi_margin_loss(&nan, &[1], 1, 1.0).unwrap().is_nan());
    assert!(multi_margin_loss_gradient(&nan, &[1], 1, 1.0).unwrap()[(0, 0)].is_nan());
}

#[test]
fn nt_xent_rejects_bad_input() {
    let a = DMatrix::from_row_slice(2, 2, &[1.0, 0.0, 0.0, 1.0]);
    let b = DMatrix::from_row_slice(1, 2, &[1.0, 0.0]);
    assert!(matches!(
        nt_xent_loss(&a, &b, 0.5),
        Err(Error::ShapeMismatch { .. })
    ));
    invalid("temperature", nt_xent_loss(&a, &a, 0.0));
    invalid("temperature", nt_xent_loss_gradient(&a, &a, f64::NAN));
    let empty = DMatrix::<f64>::zeros(0, 2);
    assert!(matches!(
        nt_xent_loss(&empty, &empty, 0.5),
        Err(Error::Empty { .. })
    ));
    let nan = DMatrix::from_row_slice(2, 2, &[f64::NAN, 0.0, 0.0, 1.0]);
    assert!(nt_xent_loss(&nan, &a, 0.5).unwrap().is_nan());
}

#[test]
fn per_row_and_per_element_variants_reject_what_their_means_reject() {
    let x = DMatrix::from_row_slice(2, 3, &[0.0, 1.0, 2.0, 2.0, 1.0, 0.0]);
    assert!(matches!(
        multi_margin_loss_elementwise(&x, &[0, 3], 1, 1.0),
        Err(Error::LabelOutOfRange { index: 1, .. })
    ));
    invalid(
        "variance",
        gaussian_nll_elementwise(&[1.0, 2.0], &[2.0, 1.0], &[1.0, -1.0], false, 1e-6),
    );
    let each = gaussian_nll_elementwise(&[0.0, 0.0], &[1.0, 2.0], &[1e-9], false, 1e-6).unwrap();
    // The shared variance is clamped to eps for every element.
    assert!((each[1] - 0.5 * (1e-6f64.ln() + 4.0 / 1e-6)).abs() <= 1e-9 * each[1]);
}

#[test]
fn models_reject_bad_data_and_hyperparameters() {
    use lossbook::models::mlp::Activation;
    use lossbook::models::{HuberRegression, LogisticRegression, Mlp, SoftmaxRegression};
    use lossbook::objective::Objective;
    let x = DMatrix::from_row_slice(2, 1, &[1.0, 2.0]);
    assert!(matches!(
        LogisticRegression::new(x.clone(), vec![1.0], 0.0),
        Err(Error::LengthMismatch { .. })
    ));
    assert!(matches!(
        LogisticRegression::new(x.clone(), vec![1.0, 2.0], 0.0),
        Err(Error::NotAProbability { index: 1, .. })
    ));
    invalid(
        "l2",
        LogisticRegression::new(x.clone(), vec![1.0, 0.0], -1.0),
    );
    assert!(matches!(
        SoftmaxRegression::new(x.clone(), vec![0, 3], 3, 0.0),
        Err(Error::LabelOutOfRange {
            index: 1,
            label: 3,
            classes: 3
        })
    ));
    invalid(
        "hidden",
        Mlp::new(x.clone(), vec![0, 1], 0, 2, Activation::Tanh, 0.0),
    );
    invalid(
        "delta",
        HuberRegression::new(x.clone(), vec![1.0, 2.0], 0.0),
    );
    assert!(matches!(
        HuberRegression::new(DMatrix::zeros(0, 1), vec![], 1.0),
        Err(Error::Empty { .. })
    ));
    // An empty batch has no gradient estimate: NaN, as 0/0, not a panic.
    let model = LogisticRegression::new(x, vec![1.0, 0.0], 0.0).unwrap();
    assert!(
        model
            .gradient(&DVector::zeros(2), &[])
            .iter()
            .all(|g| g.is_nan())
    );
    // NaN in the parameters comes out as NaN.
    assert!(
        model
            .objective(&DVector::from_vec(vec![f64::NAN, 0.0]))
            .is_nan()
    );
}

/// Found by `cargo fuzz run info`: a NaN in `q` where `p` is 0 was skipped
/// with the `0 · log 0 = 0` convention, and cross-entropy came out `+∞`.
#[test]
fn nan_in_q_where_p_is_zero_comes_out_as_nan() {
    let (p, q) = ([1.0, 0.0], [1.0, f64::NAN]);
    assert!(cross_entropy(&p, &q).unwrap().is_nan());
    assert!(kl_divergence(&p, &q).unwrap().is_nan());
    assert!(cross_entropy_gradient(&p, &q).unwrap()[1].is_nan());
    assert_eq!(cross_entropy(&[1.0, 0.0], &[1.0, 0.0]).unwrap(), 0.0);
}

/// Found by `cargo fuzz run optimizers`: centered RMSprop's `s − ḡ²` is ≥ 0
/// exactly but rounded just below 0 here, and its square root was NaN.
#[test]
fn centered_rmsprop_stays_finite_when_rounding_makes_the_variance_negative() {
    let rmsprop = RmsProp {
        alpha: 1e-16,
        centered: true,
        ..RmsProp::default()
    };
    let mut theta = DVector::from_vec(vec![0.0]);
    let mut state = rmsprop.init(&theta).unwrap();
    for g in [0.3, 0.5] {
        rmsprop
            .step(&mut state, &mut theta, &DVector::from_vec(vec![g]))
            .unwrap();
    }
    assert!(theta[0].is_finite(), "θ = {}", theta[0]);
}

/// Found by `cargo fuzz run losses`: a NaN logit in a class whose target
/// probability is 0 was skipped as `0 · log p = 0`, and the loss came out 0.
#[test]
fn nan_logit_where_the_target_is_zero_comes_out_as_nan() {
    let logits = DMatrix::from_row_slice(1, 1, &[f64::NAN]);
    let target = DMatrix::from_row_slice(1, 1, &[0.0]);
    let loss = softmax_cross_entropy(&logits, ClassTargets::Probabilities(&target), 0.0);
    assert!(loss.unwrap().is_nan());
}

/// Found by `cargo fuzz run schedules`: `pct_start · total_steps = 1` ends
/// OneCycle's first phase at step 0, and its rate there was 0/0 = NaN.
#[test]
fn one_cycle_rejects_a_first_phase_that_ends_at_step_zero() {
    let with = |pct, total| OneCycle::with(1.0, total, pct, Anneal::Cos, (25.0, 1e4), None);
    invalid("pct_start", with(1.0, 1));
    invalid("pct_start", with(0.5, 2));
    let fine = with(0.3, 10).unwrap();
    assert!((0..10).all(|t| fine.learning_rate(t).is_finite()));
}

/// Found by `cargo fuzz run schedules`: with a subnormal `max_lr` the cosine
/// anneal rounded one unit past its end, a rate of −5e-324 at step 1. And
/// past `total_steps` the linear anneal went on falling below its final
/// rate, to negative rates. Rates and momenta are now never negative, and
/// past the cycle the rate holds its final value.
#[test]
fn one_cycle_rates_and_momenta_are_never_negative_and_hold_past_the_cycle() {
    let subnormal = OneCycle::with(
        1.26e-321,
        10_000,
        0.050983491598391786,
        Anneal::Cos,
        (50980.395883102065, 803921.5686276471),
        Some((0.803921568627451, 0.7958823529411765)),
    )
    .unwrap();
    assert!((0..10_000).all(|t| subnormal.learning_rate(t) >= 0.0));
    let linear = OneCycle::with(0.1, 100, 0.3, Anneal::Linear, (25.0, 1e4), None).unwrap();
    let last = linear.learning_rate(99);
    approx::assert_relative_eq!(last, 0.1 / 25.0 / 1e4, max_relative = 1e-10);
    assert!((100..1_000).all(|t| linear.learning_rate(t) == last));
    // Momentum too, down to a subnormal base_momentum.
    let cycled =
        OneCycle::with(0.1, 100, 0.3, Anneal::Cos, (25.0, 1e4), Some((5e-324, 0.9))).unwrap();
    assert!((0..300).all(|t| (0.0..=0.9).contains(&cycled.momentum(t).unwrap())));
}

#[test]
fn a_schedule_and_a_plateau_rule_together_are_an_error() {
    let problem = LinearRegression::article_problem();
    let schedule = StepDecay::new(0.1, 10, 0.5).unwrap();
    let config = TrainConfig {
        schedule: Some(&schedule),
        on_plateau: Some(ReduceOnPlateau::new(0.1).unwrap()),
        ..TrainConfig::new(2, Batching::Full)
    };
    let result = train(&problem, DVector::zeros(3), &mut Sgd::default(), &config);
    assert_eq!(
        result.unwrap_err(),
        Error::Conflict {
            first: "schedule",
            second: "on_plateau",
            reason: "both would set the learning rate",
        }
    );
}

/// The experiments' own problems and statistics reject what would make
/// their numbers meaningless.
#[test]
fn the_experiments_problems_and_statistics_reject_bad_settings() {
    use lossbook::experiments::batch_size::{TiltedDoubleWell, basin_run, wilson};
    use lossbook::experiments::comparison_table::{
        DRIFT, DriftingTarget, NoisyQuadratic, Rule, drift_run, quadratic_run,
    };
    use lossbook::experiments::focal_imbalance::{FocalLogistic, average_precision, recall};
    invalid("samples", TiltedDoubleWell::new(3, 1.0));
    invalid("samples", TiltedDoubleWell::new(0, 1.0));
    invalid("spread", TiltedDoubleWell::new(4, -1.0));
    invalid("batch", basin_run(3, 0));
    invalid("batch", basin_run(128, 0));
    assert!(matches!(
        basin_run(0, 0),
        Err(Error::InvalidParameter { .. })
    ));
    invalid("successes", wilson(3, 2));
    invalid("successes", wilson(0, 0));
    invalid("kappa", NoisyQuadratic::new(0.0, 1.0));
    invalid("sigma", NoisyQuadratic::new(100.0, -1.0));
    let bad = NoisyQuadratic {
        kappa: f64::NAN,
        sigma: 1.0,
    };
    invalid("kappa", quadratic_run(&bad, Rule::Sgd { lr: 0.01 }, 0));
    let still = DriftingTarget {
        period: 0.0,
        ..DRIFT
    };
    invalid("period", drift_run(&still, Rule::Sgd { lr: 0.01 }, 0));
    invalid("lr", drift_run(&DRIFT, Rule::Sgd { lr: -0.01 }, 0));
    invalid(
        "alpha",
        FocalLogistic::new(DMatrix::zeros(1, 1), vec![1.0], 1.5, 2.0, 0.0),
    );
    assert!(matches!(
        average_precision(&[1.0, 0.0], &[0.5]),
        Err(Error::LengthMismatch { .. })
    ));
    assert!(matches!(
        recall(&[0.0, 0.0], &[0.5, 0.1], 0.0),
        Err(Error::Empty { .. })
    ));
}

#[test]
fn the_experiments_reject_bad_input() {
    use lossbook::experiments::bce_vs_mse::SigmoidMse;
    use lossbook::experiments::digits_mlp::{self, Method};
    let x = DMatrix::from_element(3, 2, 1.0);
    assert!(matches!(
        SigmoidMse::new(x.clone(), vec![0.0, 1.0]),
        Err(Error::LengthMismatch { .. })
    ));
    assert!(SigmoidMse::new(x, vec![0.0, 1.0, 1.5]).is_err());
    let task = digits_mlp::digits_task(0.0).unwrap();
    assert!(digits_mlp::digits_task(-1.0).is_err());
    assert_eq!(
        digits_mlp::run(&task, Method::Adam { lr: 1e-3 }, 0, 1, 0).err(),
        Some(Error::ZeroBatchSize)
    );
    invalid(
        "lr",
        digits_mlp::run(&task, Method::Sgd { lr: -1.0 }, 32, 1, 0),
    );
    invalid(
        "weight_decay",
        digits_mlp::run(
            &task,
            Method::AdamW {
                lr: 1e-3,
                weight_decay: -1.0,
            },
            32,
            1,
            0,
        ),
    );
    assert!(digits_mlp::tune(&task, &[], 32, 1, &[0]).is_err());
}
