//! Chapter 7's exercises: `workbook/src/momentum.rs`.

mod common;

use common::{assert_all_close, cases};
use lossbook::optim::{Adam, ArticleMomentum, Optimizer, RmsProp, Sgd};
use nalgebra::DVector;
use proptest::prelude::*;
use workbook::momentum::{adam_step, article_momentum_step, heavy_ball_step, rmsprop_step};

/// A start of 1 to 4 parameters and 50 gradients for them.
fn path() -> impl Strategy<Value = (Vec<f64>, Vec<Vec<f64>>)> {
    (1usize..=4).prop_flat_map(|n| {
        (
            prop::collection::vec(-3.0..3.0f64, n),
            prop::collection::vec(prop::collection::vec(-10.0..10.0f64, n), 50),
        )
    })
}

/// Runs a lossbook optimizer along the given gradients: every iterate.
fn lossbook_path<O: Optimizer>(
    optimizer: &mut O,
    start: &[f64],
    grads: &[Vec<f64>],
    lr_at: impl Fn(usize) -> f64,
) -> Vec<Vec<f64>> {
    let mut params = DVector::from_column_slice(start);
    let mut state = optimizer.init(&params).unwrap();
    grads
        .iter()
        .enumerate()
        .map(|(t, g)| {
            optimizer.set_learning_rate(lr_at(t));
            let g = DVector::from_column_slice(g);
            optimizer.step(&mut state, &mut params, &g).unwrap();
            params.as_slice().to_vec()
        })
        .collect()
}

mod ex7_1_heavy_ball_step {
    use super::*;

    #[test]
    fn worked_steps() {
        // g = 1 twice, η = 0.1, μ = 0.9: b = 1 then 1.9, θ = 0.9 then 0.71.
        let (mut theta, mut buffer) = ([1.0], [0.0]);
        heavy_ball_step(&mut theta, &mut buffer, &[1.0], 0.1, 0.9);
        assert_all_close("heavy_ball_step: θ after step 1", &[0.9], &theta, 1e-15);
        heavy_ball_step(&mut theta, &mut buffer, &[1.0], 0.1, 0.9);
        assert_all_close(
            "heavy_ball_step: buffer after step 2",
            &[1.9],
            &buffer,
            1e-15,
        );
        assert_all_close("heavy_ball_step: θ after step 2", &[0.71], &theta, 1e-15);
    }

    proptest! {
        #![proptest_config(cases())]

        #[test]
        fn matches_lossbooks_sgd_for_50_steps((start, grads) in path(), lr in 0.001..0.5f64, mu in 0.0..0.99f64) {
            let mut sgd = Sgd { lr, momentum: mu, ..Sgd::default() };
            let expected = lossbook_path(&mut sgd, &start, &grads, |_| lr);
            let (mut theta, mut buffer) = (start.clone(), vec![0.0; start.len()]);
            for (t, g) in grads.iter().enumerate() {
                heavy_ball_step(&mut theta, &mut buffer, g, lr, mu);
                assert_all_close(&format!("heavy_ball_step (η = {lr}, μ = {mu}, start {start:?}) after step {} vs lossbook's Sgd", t + 1),
                    &expected[t], &theta, 1e-10);
            }
        }
    }
}

mod ex7_2_article_momentum_step {
    use super::*;

    #[test]
    fn worked_steps() {
        let (mut theta, mut velocity) = ([1.0], [0.0]);
        article_momentum_step(&mut theta, &mut velocity, &[1.0], 0.1, 0.9);
        assert_all_close(
            "article_momentum_step: v after step 1",
            &[0.1],
            &velocity,
            1e-15,
        );
        article_momentum_step(&mut theta, &mut velocity, &[1.0], 0.1, 0.9);
        assert_all_close(
            "article_momentum_step: v after step 2",
            &[0.19],
            &velocity,
            1e-15,
        );
        assert_all_close(
            "article_momentum_step: θ after step 2",
            &[0.71],
            &theta,
            1e-15,
        );
    }

    proptest! {
        #![proptest_config(cases())]

        #[test]
        fn walks_the_heavy_balls_path_with_v_equal_to_lr_times_b((start, grads) in path(), lr in 0.001..0.5f64, mu in 0.0..0.99f64) {
            let (mut theta, mut velocity) = (start.clone(), vec![0.0; start.len()]);
            let (mut reference, mut buffer) = (start.clone(), vec![0.0; start.len()]);
            for (t, g) in grads.iter().enumerate() {
                article_momentum_step(&mut theta, &mut velocity, g, lr, mu);
                // The reference is lossbook's own kernel, not your 7.1.
                for i in 0..g.len() {
                    lossbook::optim::sgd::momentum_update(&mut reference[i], &mut buffer[i], g[i], lr, mu);
                }
                let scaled: Vec<f64> = buffer.iter().map(|b| lr * b).collect();
                let what = format!("article_momentum_step (η = {lr}, γ = {mu}, start {start:?}) after step {}", t + 1);
                assert_all_close(&format!("{what}: θ vs PyTorch's form"), &reference, &theta, 1e-10);
                assert_all_close(&format!("{what}: v vs η·b"), &scaled, &velocity, 1e-10);
            }
        }

        #[test]
        fn matches_lossbooks_article_momentum_when_lr_changes((start, grads) in path(), lr in 0.01..0.5f64, mu in 0.5..0.99f64) {
            // η drops tenfold after 25 steps: the velocity still carries the old η.
            let lr_at = |t: usize| if t < 25 { lr } else { lr / 10.0 };
            let mut article = ArticleMomentum { lr, momentum: mu };
            let expected = lossbook_path(&mut article, &start, &grads, lr_at);
            let (mut theta, mut velocity) = (start.clone(), vec![0.0; start.len()]);
            for (t, g) in grads.iter().enumerate() {
                article_momentum_step(&mut theta, &mut velocity, g, lr_at(t), mu);
                assert_all_close(&format!("article_momentum_step (η = {} at step {}, γ = {mu}, start {start:?}) vs lossbook's ArticleMomentum", lr_at(t), t + 1),
                    &expected[t], &theta, 1e-10);
            }
        }
    }
}

mod ex7_3_rmsprop_step {
    use super::*;

    #[test]
    fn epsilon_sits_outside_the_square_root() {
        // g = 2: s = 0.01·4 = 0.04, the step is η·2/(0.2 + ε).
        let rmsprop = RmsProp::default();
        let (mut theta, mut s) = ([0.0, 0.0], [0.0, 0.0]);
        rmsprop_step(&mut theta, &mut s, &[2.0, 1e-8], &rmsprop);
        assert_all_close(
            "rmsprop_step from θ = [0, 0], g = [2, 1e-8], PyTorch's defaults: s",
            &[0.04, 1e-18],
            &s,
            1e-12,
        );
        // g = 1e-8: √s = 1e-9, so the step is η·1e-8/(1e-9 + 1e-8) = η/1.1.
        // With ε inside the root, √(s + ε) ≈ 1e-4, it would be 1e-4 η.
        assert_all_close(
            "rmsprop_step from θ = [0, 0], g = [2, 1e-8], PyTorch's defaults: θ",
            &[-0.01 * 2.0 / (0.2 + 1e-8), -0.01 / 1.1],
            &theta,
            1e-12,
        );
    }

    proptest! {
        #![proptest_config(cases())]

        #[test]
        fn matches_lossbooks_rmsprop_for_50_random_steps((start, grads) in path(), lr in 0.0001..0.3f64, alpha in 0.0..0.999f64) {
            let mut rmsprop = RmsProp { lr, alpha, ..RmsProp::default() };
            let expected = lossbook_path(&mut rmsprop, &start, &grads, |_| lr);
            let (mut theta, mut s) = (start.clone(), vec![0.0; start.len()]);
            for (t, g) in grads.iter().enumerate() {
                rmsprop_step(&mut theta, &mut s, g, &rmsprop);
                assert_all_close(&format!("rmsprop_step (η = {lr}, ρ = {alpha}, start {start:?}) after step {} vs lossbook's RmsProp", t + 1),
                    &expected[t], &theta, 1e-10);
            }
        }
    }
}

mod ex7_4_adam_step {
    use super::*;

    #[test]
    fn the_first_step_has_size_lr_in_every_coordinate() {
        // Bias correction makes m̂ = g and v̂ = g² at t = 1: the step is
        // η g/(|g| + ε), about η whatever the gradient's scale. Without it
        // the step would be 0.1 g/(√0.001 |g|) ≈ 3.16 η.
        let adam = Adam::default();
        let g = [3.0, -0.002];
        let (mut theta, mut m, mut v) = ([0.0, 0.0], [0.0; 2], [0.0; 2]);
        adam_step(&mut theta, &mut m, &mut v, &g, 1, &adam);
        let expected: Vec<f64> = g
            .iter()
            .map(|g| -adam.lr * g / (g.abs() + adam.eps))
            .collect();
        assert_all_close(
            "adam_step from θ = [0, 0] with g = [3, -0.002], t = 1, PyTorch's defaults",
            &expected,
            &theta,
            1e-12,
        );
        adam_step(&mut theta, &mut m, &mut v, &[1.0, 1.0], 2, &adam);
        // m = 0.9·0.1·g₁ + 0.1·1 (0.37 and 0.1 − 0.00018), v = 0.999·0.001·g₁² + 0.001·1.
        assert_all_close(
            "adam_step: m after steps g = [3, -0.002] then [1, 1]",
            &[0.37, 0.09982],
            &m,
            1e-14,
        );
        assert_all_close(
            "adam_step: v after steps g = [3, -0.002] then [1, 1]",
            &[0.008991 + 0.001, 0.999e-3 * 4e-6 + 0.001],
            &v,
            1e-14,
        );
    }

    proptest! {
        #![proptest_config(cases())]

        #[test]
        fn matches_lossbooks_adam_for_50_random_steps(
            (start, grads) in path(),
            lr in 0.0001..0.3f64, beta1 in 0.0..0.99f64, beta2 in 0.5..0.9999f64,
        ) {
            let mut adam = Adam { lr, beta1, beta2, ..Adam::default() };
            let expected = lossbook_path(&mut adam, &start, &grads, |_| lr);
            let n = start.len();
            let (mut theta, mut m, mut v) = (start.clone(), vec![0.0; n], vec![0.0; n]);
            for (t, g) in grads.iter().enumerate() {
                adam_step(&mut theta, &mut m, &mut v, g, t as i32 + 1, &adam);
                assert_all_close(&format!("adam_step (η = {lr}, β₁ = {beta1}, β₂ = {beta2}, start {start:?}) after step {} vs lossbook's Adam", t + 1),
                    &expected[t], &theta, 1e-10);
            }
        }
    }
}
