//! Every class of bad input gets a typed error that names the mistake, and
//! NaN in the data comes out as NaN, never as a plausible number.

use lossbook::Error;
use lossbook::info::{cross_entropy, entropy, kl_divergence};
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
