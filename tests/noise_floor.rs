//! The batch-size floor: where constant-rate mini-batch SGD settles on the
//! article problem, measured at epoch ends, against `lossbook::noise_floor`.

use nalgebra::DVector;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use lossbook::noise_floor::{independent_batches_floor, reshuffled_floor};
use lossbook::objective::{LinearRegression, Objective};
use lossbook::optim::{Optimizer, Sgd};
use lossbook::train::{Batching, TrainConfig, train};

const LR: f64 = 0.05;

/// The mean excess MSE at the ends of epochs 100 to `epochs`, over 3 seeds
/// of the library's training loop (a fresh shuffle per epoch).
fn measured_floor(batch_size: usize, epochs: usize) -> f64 {
    let problem = LinearRegression::article_problem();
    let best = problem.mse(&problem.normal_equation().unwrap());
    let mut sum = 0.0;
    let mut count = 0.0;
    for seed in 0..3 {
        let mut sgd = Sgd {
            lr: LR,
            ..Sgd::default()
        };
        let config = TrainConfig {
            seed,
            ..TrainConfig::new(epochs, Batching::MiniBatch(batch_size))
        };
        let report = train(&problem, DVector::zeros(3), &mut sgd, &config).unwrap();
        for loss in &report.loss_history[100..] {
            sum += loss - best;
            count += 1.0;
        }
    }
    sum / count
}

// ANCHOR: reshuffled_floor_test
#[test]
fn the_end_of_epoch_floor_is_the_reshuffled_formula_not_the_one_over_b_law() {
    let problem = LinearRegression::article_problem();
    // B = 1 is looser: the formula treats each sample's curvature as H, and
    // that neglected noise grows with the distance e, largest at B = 1.
    for (batch_size, epochs, tolerance) in [(1, 400, 0.12), (8, 700, 0.05), (40, 1500, 0.05)] {
        let measured = measured_floor(batch_size, epochs);
        let predicted = reshuffled_floor(&problem, LR, batch_size).unwrap();
        let ratio = measured / predicted;
        assert!(
            (ratio - 1.0).abs() < tolerance,
            "B = {batch_size}: measured {measured:.3e}, formula {predicted:.3e}"
        );
    }
    // The 1/B law is 27 % high for B = 1 and far too high for larger batches.
    let law = |b| independent_batches_floor(&problem, LR, b).unwrap();
    let formula = |b| reshuffled_floor(&problem, LR, b).unwrap();
    assert!((1.25..1.3).contains(&(law(1) / formula(1))));
    assert!(law(8) / formula(8) > 9.0);
    assert!(law(40) / formula(40) > 200.0);
}
// ANCHOR_END: reshuffled_floor_test

/// With batches drawn independently (with replacement) the 1/B law holds:
/// it is the sampler, not the batch size alone, that sets the floor.
#[test]
fn independent_batches_settle_on_the_one_over_b_floor() {
    let problem = LinearRegression::article_problem();
    let best = problem.mse(&problem.normal_equation().unwrap());
    let batch_size = 40;
    let sgd = Sgd {
        lr: LR,
        ..Sgd::default()
    };
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let mut theta = DVector::zeros(3);
    let mut state = sgd.init(&theta).unwrap();
    let (mut sum, mut count) = (0.0, 0.0);
    for step in 0..40_000 {
        let batch: Vec<usize> = (0..batch_size).map(|_| rng.gen_range(0..200)).collect();
        let gradient = problem.gradient(&theta, &batch);
        sgd.step(&mut state, &mut theta, &gradient).unwrap();
        if step >= 1000 {
            sum += problem.mse(&theta) - best;
            count += 1.0;
        }
    }
    let measured = sum / count;
    let predicted = independent_batches_floor(&problem, LR, batch_size).unwrap();
    assert!(
        (measured / predicted - 1.0).abs() < 0.03,
        "measured {measured:.3e}, 1/B law {predicted:.3e}"
    );
}

#[test]
fn the_floor_rejects_batches_that_do_not_divide_the_data() {
    let problem = LinearRegression::article_problem();
    assert!(reshuffled_floor(&problem, LR, 32).is_err());
    assert!(reshuffled_floor(&problem, LR, 200).is_err());
    assert!(reshuffled_floor(&problem, -1.0, 8).is_err());
    assert!(independent_batches_floor(&problem, LR, 0).is_err());
}

/// The curvatures the book quotes for mηλ: H = XᵀX/N has eigenvalues
/// between 0.82 and 1.01, from gradient differences (the gradient is linear).
#[test]
fn the_article_problems_curvatures_lie_between_0_82_and_1_01() {
    let problem = LinearRegression::article_problem();
    let all: Vec<usize> = (0..200).collect();
    let origin = DVector::zeros(3);
    let base = problem.gradient(&origin, &all);
    let hessian = nalgebra::DMatrix::from_fn(3, 3, |i, j| {
        let unit = DVector::from_fn(3, |k, _| if k == j { 1.0 } else { 0.0 });
        (problem.gradient(&unit, &all) - &base)[i]
    });
    let eigenvalues = hessian.symmetric_eigen().eigenvalues;
    let (low, high) = (eigenvalues.min(), eigenvalues.max());
    assert!(
        (0.815..0.825).contains(&low) && (1.005..1.015).contains(&high),
        "{eigenvalues}"
    );
    // So m·η·λ spans [8.2, 10.1] for B = 1 (m = 200) and [0.21, 0.25] for B = 40.
    assert!(200.0 * LR * low > 8.0 && 200.0 * LR * high < 10.2);
    assert!(5.0 * LR * low > 0.2 && 5.0 * LR * high < 0.26);
}

/// Short epochs (B = 40, mηλ ≈ 0.23): halving η divides the floor by about
/// 8, the η³ regime, where the 1/B law would divide it by 2.
#[test]
fn the_floor_scales_like_eta_cubed_for_short_epochs() {
    let problem = LinearRegression::article_problem();
    let halved = reshuffled_floor(&problem, LR / 2.0, 40).unwrap();
    let ratio = halved / reshuffled_floor(&problem, LR, 40).unwrap();
    assert!((ratio * 8.0 - 1.0).abs() < 0.1, "{ratio}");
}
