//! Entropy, cross-entropy, KL divergence (both forms) and their gradients.
#![no_main]

use arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use lossbook::Error;
use lossbook::info;
use lossbook::nalgebra::DMatrix;
use lossbook_fuzz::*;

fn distribution(e: &Error) -> bool {
    matches!(
        e,
        Error::LengthMismatch { .. }
            | Error::Empty { .. }
            | Error::NotAProbability { .. }
            | Error::NotADistribution { .. }
    )
}
fn kl_div_err(e: &Error) -> bool {
    matches!(
        e,
        Error::ShapeMismatch { .. } | Error::Empty { .. } | Error::NotAProbability { .. }
    )
}

/// Often a real distribution: raw draws made non-negative and normalised.
fn maybe_distribution(u: &mut Unstructured, len: usize) -> Result<Vec<f64>> {
    let mut v = values_like(u, len)?;
    if bool::arbitrary_from(u)? {
        v.iter_mut().for_each(|x| *x = x.abs());
        let sum: f64 = v.iter().sum();
        if sum.is_finite() && sum > 0.0 {
            v.iter_mut().for_each(|x| *x /= sum);
        }
    }
    Ok(v)
}

/// Value and gradient(s) of one measure: the rules of README.md, with
/// `+inf` allowed where q has a zero that p does not.
fn check(
    what: &str,
    ins: &[&[f64]],
    value: lossbook::Result<f64>,
    grads: &[lossbook::Result<Vec<f64>>],
    floor: bool,
) {
    match value {
        Ok(v) => {
            check_whole(what, ins, &[v], floor);
            for g in grads {
                let g = g
                    .as_ref()
                    .unwrap_or_else(|e| panic!("{what}: value Ok, gradient {e:?}"));
                check_whole(what, ins, g, floor);
            }
        }
        Err(e) => {
            check_err(what, &e, distribution);
            for g in grads {
                assert!(
                    g.as_ref().is_err_and(|g| same_err(g, &e)),
                    "{what}: errors disagree"
                );
            }
        }
    }
}

fn run(u: &mut Unstructured) -> Result<()> {
    let len = u.int_in_range(0..=6)?;
    let p = maybe_distribution(u, len)?;
    let q = maybe_distribution(u, len)?;
    // Logs and 1/q stay finite when every probability is at least 1e-12.
    let floor_p = tame(&p) && p.iter().all(|&x| x >= 1e-12);
    let floor_q = tame(&q) && q.iter().all(|&x| x >= 1e-12);
    // A zero probability makes log 0 = −inf and 0/0 possible: it counts as
    // an inf going in for rule 2 (NaN only from a non-finite input).
    let zero: &[f64] = if p.contains(&0.0) || q.contains(&0.0) {
        &[f64::INFINITY]
    } else {
        &[]
    };
    check(
        "entropy",
        &[&p, zero],
        info::entropy(&p),
        &[info::entropy_gradient(&p)],
        floor_p,
    );
    let ins: &[&[f64]] = &[&p, &q, zero];
    check(
        "cross_entropy",
        ins,
        info::cross_entropy(&p, &q),
        &[info::cross_entropy_gradient(&p, &q)],
        floor_q && tame(&p),
    );
    check(
        "kl_divergence",
        ins,
        info::kl_divergence(&p, &q),
        &[
            info::kl_divergence_gradient(&p, &q),
            info::kl_divergence_gradient_p(&p, &q),
        ],
        floor_p && floor_q,
    );

    // PyTorch's kl_div: log-probability input, target as probabilities or logs.
    let (rows, cols) = (u.int_in_range(0..=3)?, u.int_in_range(0..=3)?);
    let x = values_like(u, rows * cols)?;
    let t = values_like(u, rows * cols)?;
    let (x, t) = if x.len() == rows * cols && t.len() == rows * cols {
        (
            DMatrix::from_row_slice(rows, cols, &x),
            DMatrix::from_row_slice(rows, cols, &t),
        )
    } else {
        (
            DMatrix::from_row_slice(1, x.len(), &x),
            DMatrix::from_row_slice(1, t.len(), &t),
        )
    };
    let log_target = bool::arbitrary_from(u)?;
    let reduction = *u.choose(&[
        info::KlDivReduction::BatchMean,
        info::KlDivReduction::Sum,
        info::KlDivReduction::Mean,
    ])?;
    // e^t overflows beyond t ≈ 709: a log target above 700 counts as wild.
    let big: &[f64] = if log_target && t.iter().any(|&v| v > 700.0) {
        &[f64::INFINITY]
    } else {
        &[]
    };
    let ins: &[&[f64]] = &[x.as_slice(), t.as_slice(), big];
    // Finite: a log target e^t needs |t| ≤ 700; a probability target t ≥ 1e-12
    // (at t = 0 the target gradient log t + 1 − x is −inf, rightly).
    let ok = tame(x.as_slice())
        && tame(t.as_slice())
        && if log_target {
            t.iter().all(|&v| v.abs() <= 700.0)
        } else {
            t.iter().all(|&v| v >= 1e-12)
        };
    let v = info::kl_div(&x, &t, reduction, log_target);
    let e = info::kl_div_elementwise(&x, &t, log_target);
    let g = info::kl_div_gradient(&x, &t, reduction, log_target);
    match (v, e, g) {
        (Ok(v), Ok(e), Ok(g)) => {
            check_whole("kl_div", ins, &[v], ok);
            check_whole("kl_div_elementwise", ins, e.as_slice(), ok);
            // ∂/∂x = −t does not depend on x: the NaN rule holds for both together.
            let both: Vec<f64> = g.input.iter().chain(g.target.iter()).copied().collect();
            check_whole("kl_div_gradient", ins, &both, ok);
        }
        (Err(a), Err(b), Err(c)) => {
            check_err("kl_div", &a, kl_div_err);
            assert!(
                same_err(&a, &b) && same_err(&b, &c),
                "kl_div: errors disagree"
            );
        }
        other => panic!("kl_div: {other:?}"),
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(&mut Unstructured::new(data));
});
