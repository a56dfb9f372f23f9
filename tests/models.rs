//! The models chapter: the `Objective` trait's full-batch gradient, and the
//! trained models' gradients against central finite differences.

use approx::assert_relative_eq;
use lossbook::objective::{LinearRegression, Objective, Quadratic, Rosenbrock};
use nalgebra::DVector;

#[test]
fn full_gradient_is_the_mean_gradient_over_every_sample() {
    let problem = LinearRegression::article_problem();
    let theta = DVector::from_vec(vec![0.5, -1.0, 2.0]);
    let all: Vec<usize> = (0..problem.sample_count()).collect();
    let by_hand = problem.gradient(&theta, &all);
    assert_eq!(problem.full_gradient(&theta), by_hand);
    // Xᵀ(Xθ − y)/N written out from the residuals.
    assert_relative_eq!(
        by_hand[0],
        problem.residuals(&theta).mean(),
        epsilon = 1e-12
    );
}

#[test]
fn full_gradient_of_a_plain_function_needs_no_batch() {
    let quadratic = Quadratic::ill_conditioned(10.0).unwrap();
    let theta = DVector::from_vec(vec![1.0, 2.0]);
    assert_eq!(
        quadratic.full_gradient(&theta),
        DVector::from_vec(vec![1.0, 20.0])
    );
    // ∇f(0, 0) = (−2, 0) for Rosenbrock.
    let origin = DVector::zeros(2);
    assert_eq!(
        Rosenbrock.full_gradient(&origin),
        DVector::from_vec(vec![-2.0, 0.0])
    );
}
