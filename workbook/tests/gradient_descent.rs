//! Chapter 6's exercises: `workbook/src/gradient_descent.rs`.

mod common;

use common::{assert_all_close, assert_close, cases};
use lossbook::objective::{LinearRegression, Objective};
use lossbook::optim::{Optimizer, Sgd};
use lossbook::train::{Batching, TrainConfig, train};
use nalgebra::DVector;
use proptest::prelude::*;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use workbook::gradient_descent::{clip_grad_norm, next_epoch};

mod ex6_1_next_epoch {
    use super::*;

    /// `epochs` epochs of `n` samples in batches of `size`, from `seed`.
    fn epochs(n: usize, size: usize, seed: u64, epochs: usize) -> Vec<Vec<Vec<usize>>> {
        let mut order: Vec<usize> = (0..n).collect();
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        (0..epochs)
            .map(|_| next_epoch(&mut order, size, &mut rng))
            .collect()
    }

    proptest! {
        #![proptest_config(cases())]

        #[test]
        fn every_index_once_per_epoch(n in 1usize..60, size in 1usize..20, seed in 0u64..1000) {
            for (e, batches) in epochs(n, size, seed, 3).iter().enumerate() {
                let sizes: Vec<usize> = batches.iter().map(Vec::len).collect();
                let full = n / size;
                let mut expected = vec![size; full];
                if n % size != 0 {
                    expected.push(n % size);
                }
                prop_assert_eq!(&sizes, &expected,
                    "next_epoch(n = {}, batch_size = {}) epoch {}: batch sizes", n, size, e);
                let mut seen: Vec<usize> = batches.concat();
                seen.sort_unstable();
                prop_assert_eq!(seen, (0..n).collect::<Vec<_>>(),
                    "next_epoch(n = {}, batch_size = {}) epoch {}: the batches must hold 0..n once each, got {:?}", n, size, e, batches);
            }
        }
    }

    #[test]
    fn reshuffles_every_epoch_and_repeats_with_the_seed() {
        let first = epochs(20, 4, 7, 3);
        assert_ne!(
            first[0], first[1],
            "next_epoch(n = 20, batch_size = 4, seed 7): epochs 0 and 1 gave the same batches {:?}",
            first[0]
        );
        assert_ne!(
            first[0].concat(),
            (0..20).collect::<Vec<_>>(),
            "next_epoch(n = 20, seed 7): epoch 0 is not shuffled"
        );
        assert_eq!(
            first,
            epochs(20, 4, 7, 3),
            "next_epoch with seed 7 twice: the batches differ, so a run cannot be repeated"
        );
    }

    #[test]
    fn gives_lossbooks_training_path() {
        // Three epochs of mini-batch SGD on the article's regression, once by
        // lossbook's loop and once by hand from your batches.
        let problem = LinearRegression::article_problem();
        let (size, seed, lr) = (7, 11, 0.05);
        let mut sgd = Sgd {
            lr,
            ..Sgd::default()
        };
        let config = TrainConfig {
            seed,
            ..TrainConfig::new(3, Batching::MiniBatch(size))
        };
        let report = train(&problem, DVector::zeros(3), &mut sgd, &config).unwrap();
        let mut params = DVector::zeros(3);
        let mut state = sgd.init(&params).unwrap();
        let mut order: Vec<usize> = (0..problem.sample_count()).collect();
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        for epoch in 1..=3 {
            for batch in next_epoch(&mut order, size, &mut rng) {
                let gradient = problem.gradient(&params, &batch);
                sgd.step(&mut state, &mut params, &gradient).unwrap();
            }
            assert_all_close(
                &format!(
                    "parameters after epoch {epoch} of SGD on your batches (size {size}, seed {seed}) vs lossbook::train"
                ),
                report.param_history[epoch].as_slice(),
                params.as_slice(),
                0.0,
            );
        }
    }
}

mod ex6_2_clip_grad_norm {
    use super::*;

    #[test]
    fn worked_values() {
        let mut grad = [3.0, 4.0];
        let norm = clip_grad_norm(&mut grad, 1.0);
        assert_close(
            "clip_grad_norm([3, 4], max_norm 1) returns the norm before clipping",
            5.0,
            norm,
            1e-15,
        );
        let c = 1.0 / (5.0 + 1e-6);
        assert_all_close(
            "clip_grad_norm([3, 4], max_norm 1): the clipped gradient",
            &[3.0 * c, 4.0 * c],
            &grad,
            1e-15,
        );
        let mut small = [0.3, -0.4];
        let norm = clip_grad_norm(&mut small, 1.0);
        assert_close(
            "clip_grad_norm([0.3, -0.4], max_norm 1) returns",
            0.5,
            norm,
            1e-15,
        );
        assert_all_close(
            "clip_grad_norm([0.3, -0.4], max_norm 1): a gradient inside the ball is unchanged",
            &[0.3, -0.4],
            &small,
            0.0,
        );
    }

    proptest! {
        #![proptest_config(cases())]

        #[test]
        fn clips_to_the_ball_and_keeps_the_direction(
            grad in prop::collection::vec(-100.0..100.0f64, 1..8),
            max_norm in 0.01..50.0f64,
        ) {
            let norm = grad.iter().map(|g| g * g).sum::<f64>().sqrt();
            let mut clipped = grad.clone();
            let returned = clip_grad_norm(&mut clipped, max_norm);
            assert_close(&format!("clip_grad_norm({grad:?}, max_norm {max_norm}) returns the original norm"),
                norm, returned, 1e-12);
            let scale = (max_norm / (norm + 1e-6)).min(1.0);
            let expected: Vec<f64> = grad.iter().map(|g| g * scale).collect();
            assert_all_close(&format!("clip_grad_norm({grad:?}, max_norm {max_norm})"),
                &expected, &clipped, 1e-12);
            let after = clipped.iter().map(|g| g * g).sum::<f64>().sqrt();
            prop_assert!(after <= max_norm * (1.0 + 1e-12),
                "clip_grad_norm({:?}, max_norm {}): norm after is {}", grad, max_norm, after);
        }
    }
}
