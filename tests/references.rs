//! lossbook's optimizers, through the one training loop, reach the optima of
//! trusted implementations (tools/sklearn_reference.py wrote the numbers):
//! scikit-learn's LogisticRegression and statsmodels' RLM with Huber's norm.

use lossbook::data::{Dataset, Standardizer};
use lossbook::models::{HuberRegression, LogisticRegression};
use lossbook::objective::Objective;
use lossbook::optim::Sgd;
use lossbook::train::{Batching, TrainConfig, train};
use nalgebra::DVector;
use serde_json::Value;

fn reference() -> Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tools/sklearn_reference.json"
    ))
    .unwrap();
    serde_json::from_str(&text).unwrap()
}

fn numbers(value: &Value) -> DVector<f64> {
    DVector::from_iterator(
        value.as_array().unwrap().len(),
        value
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap()),
    )
}

fn worst_relative(a: &DVector<f64>, b: &DVector<f64>) -> f64 {
    a.iter()
        .zip(b.iter())
        .map(|(x, y)| (x - y).abs() / y.abs().max(1.0))
        .fold(0.0, f64::max)
}

/// Full-batch heavy-ball SGD through the one loop: `epochs` steps from zero.
fn minimise(objective: &dyn Objective, params: usize, lr: f64, epochs: usize) -> DVector<f64> {
    let mut sgd = Sgd {
        lr,
        momentum: 0.9,
        ..Sgd::default()
    };
    let config = TrainConfig::new(epochs, Batching::Full);
    train(objective, DVector::zeros(params), &mut sgd, &config)
        .unwrap()
        .params
}

#[test]
fn logistic_regression_reaches_scikit_learns_optimum() {
    let reference = &reference()["logistic_regression"];
    let cancer = Dataset::breast_cancer().prepare().unwrap();
    // scikit-learn minimises C·Σ logloss + ½‖w‖²; divided by C·N that is
    // mean logloss + (λ/2)‖w‖² with λ = 1/(C·N).
    let n = cancer.train.len() as f64;
    let lambda = 1.0 / (reference["C"].as_f64().unwrap() * n);
    assert_eq!(lambda, reference["lambda"].as_f64().unwrap());
    let model = LogisticRegression::new(
        cancer.train.features.clone(),
        cancer.train.targets.clone(),
        lambda,
    )
    .unwrap();
    let params = minimise(&model, model.param_count(), 0.2, 6000);
    let expected = numbers(&reference["coef"]);
    let coef_error = worst_relative(&params, &expected);
    let loss_error = (model.objective(&params) - reference["objective"].as_f64().unwrap()).abs();
    eprintln!("logistic: worst coefficient error {coef_error:e}, loss error {loss_error:e}");
    assert!(coef_error < 1e-6, "coefficients off by {coef_error:e}");
    assert!(loss_error < 1e-9, "loss off by {loss_error:e}");
}

#[test]
fn huber_regression_reaches_statsmodels_rlm_optimum_at_its_fixed_scale() {
    let reference = &reference()["huber_regression"];
    let stack = Dataset::stackloss();
    let standardizer = Standardizer::fit(&stack.features).unwrap();
    let x = standardizer.apply(&stack.features).unwrap();
    // RLM minimises Σ ρ_t(eᵢ/s) at a fixed scale s; s²ρ_t(e/s) = Huber_δ(e), δ = t·s.
    let delta = reference["t"].as_f64().unwrap() * reference["scale"].as_f64().unwrap();
    assert_eq!(delta, reference["delta"].as_f64().unwrap());
    let model = HuberRegression::new(x, stack.targets.clone(), delta).unwrap();
    let params = minimise(&model, model.param_count(), 0.1, 6000);
    let coef_error = worst_relative(&params, &numbers(&reference["coef"]));
    eprintln!("huber: worst coefficient error {coef_error:e}");
    assert!(coef_error < 1e-6, "coefficients off by {coef_error:e}");
}
