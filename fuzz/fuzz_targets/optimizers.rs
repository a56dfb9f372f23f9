//! Every optimizer's `init` and a run of `step`s, and gradient clipping.
#![no_main]

use arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use lossbook::Error;
use lossbook::clip::{clip_grad_norm, clip_grad_value};
use lossbook::nalgebra::DVector;
use lossbook::optim::*;
use lossbook_fuzz::*;

/// A hyperparameter: usually drawn inside `[low, high]`, sometimes anything.
fn hyper(u: &mut Unstructured, low: f64, high: f64) -> Result<f64> {
    if u.ratio(1u8, 8)? {
        value(u)
    } else {
        bounded(u, low, high)
    }
}

/// The largest per-step growth factor of θ through weight decay that 12
/// steps cannot overflow from |θ₀| ≤ 1e6: (1e20)¹² = 1e240.
const GROWTH_LIMIT: f64 = 1e20;

/// Whether a drawn hyperparameter is inside the tame domain.
fn within(x: f64, low: f64, high: f64) -> bool {
    (low..=high).contains(&x)
}

/// Runs `init` and up to 12 steps; checks the rules per coordinate.
fn drive<O: Optimizer + std::fmt::Debug>(
    what: &str,
    u: &mut Unstructured,
    opt: O,
    hyper_ok: bool,
    hypers: &[f64],
) -> Result<()> {
    let mut opt = opt;
    let theta0 = values(u, 6)?;
    let mut theta = DVector::from_vec(theta0.clone());
    let mut state = match opt.init(&theta) {
        Ok(s) => s,
        Err(e) => {
            assert!(
                matches!(e, Error::InvalidParameter { .. }),
                "{what}: init {e:?}"
            );
            return Ok(());
        }
    };
    // Every value that went into coordinate i: θ₀ᵢ and each gᵢ.
    let mut seen: Vec<Vec<f64>> = theta0.iter().map(|&x| vec![x]).collect();
    for _ in 0..u.int_in_range(1..=12)? {
        if u.ratio(1u8, 16)? {
            let mom = value(u)?;
            if let Err(e) = opt.set_momentum(mom) {
                assert!(
                    matches!(e, Error::InvalidParameter { .. }),
                    "{what}: set_momentum {e:?}"
                );
            } else {
                assert!(
                    (0.0..1.0).contains(&mom),
                    "{what}: set_momentum({mom}) accepted"
                );
            }
        }
        let g = values_like(u, theta.len())?;
        let grad = DVector::from_vec(g.clone());
        match opt.step(&mut state, &mut theta, &grad) {
            Ok(()) => seen.iter_mut().zip(&g).for_each(|(s, &x)| s.push(x)),
            Err(e) => {
                assert!(
                    matches!(e, Error::LengthMismatch { .. }),
                    "{what}: step {e:?}"
                );
                assert_ne!(
                    g.len(),
                    theta.len(),
                    "{what}: step refused a fitting gradient"
                );
            }
        }
    }
    for (i, s) in seen.iter().enumerate() {
        let t = theta[i];
        // A hyperparameter above 1e100 (lr = 1e257) may overflow too.
        if t.is_nan() && !wild(hypers) {
            assert!(wild(s), "{what}: θ[{i}] NaN from finite {s:?} ({opt:?})");
        }
        if has_nan(s) {
            assert!(
                t.is_nan(),
                "{what}: θ[{i}] = {t} after NaN in {s:?} ({opt:?})"
            );
        }
        if hyper_ok && tame(s) {
            assert!(
                t.is_finite(),
                "{what}: θ[{i}] = {t} from tame {s:?} ({opt:?})"
            );
        }
    }
    Ok(())
}

fn run(u: &mut Unstructured) -> Result<()> {
    let which = u.int_in_range(0u8..=10)?;
    let lr = hyper(u, 1e-8, 10.0)?;
    let (b1, b2) = (hyper(u, 0.0, 0.999)?, hyper(u, 0.0, 0.9999)?);
    let eps = hyper(u, 1e-12, 1.0)?;
    let wd = if bool::arbitrary_from(u)? {
        0.0
    } else {
        hyper(u, 0.0, 1.0)?
    };
    let flag = bool::arbitrary_from(u)?;
    // 1/eps, not eps: an eps below 1e-100 turns a floored variance of 0 into
    // a step of g/eps > 1e100, which may then overflow.
    // Weight decay feeds θ back into its own step, by a factor up to
    // G = η·λ·max(1, 1/ε) per step (an adaptive step divides by as little
    // as ε). Over 12 steps G > 1e20 can overflow θ to ±∞ and then make
    // ∞ − ∞ = NaN from finite input, as in PyTorch: such runs count as
    // wild, through an entry that passes MODERATE exactly when G > 1e20.
    let growth = (lr * wd).abs() * (1.0 / eps).abs().max(1.0);
    let hy = [
        lr,
        b1,
        b2,
        1.0 / eps,
        wd,
        growth * (MODERATE / GROWTH_LIMIT),
    ];
    let ok = within(lr, 1e-8, 10.0)
        && within(b1, 0.0, 0.999)
        && within(b2, 0.0, 0.9999)
        && within(eps, 1e-12, 1.0)
        && within(wd, 0.0, 1.0);
    match which {
        0 => {
            let dampening = hyper(u, 0.0, 1.0)?;
            let o = Sgd {
                lr,
                momentum: b1,
                dampening,
                weight_decay: wd,
                nesterov: flag,
            };
            drive("Sgd", u, o, ok, &hy)
        }
        1 => drive(
            "ArticleMomentum",
            u,
            ArticleMomentum { lr, momentum: b1 },
            ok,
            &hy,
        ),
        2 => {
            let o = Adam {
                lr,
                beta1: b1,
                beta2: b2,
                eps,
                weight_decay: wd,
                amsgrad: flag,
            };
            drive("Adam", u, o, ok, &hy)
        }
        3 => {
            let o = AdamW {
                lr,
                beta1: b1,
                beta2: b2,
                eps,
                weight_decay: wd,
                amsgrad: flag,
            };
            drive("AdamW", u, o, ok, &hy)
        }
        4 => {
            let o = Adamax {
                lr,
                beta1: b1,
                beta2: b2,
                eps,
                weight_decay: wd,
            };
            drive("Adamax", u, o, ok, &hy)
        }
        5 => {
            let psi = hyper(u, 0.0, 1.0)?;
            let o = NAdam {
                lr,
                beta1: b1,
                beta2: b2,
                eps,
                weight_decay: wd,
                momentum_decay: psi,
                decoupled_weight_decay: bool::arbitrary_from(u)?,
            };
            drive("NAdam", u, o, ok && within(psi, 0.0, 1.0), &hy)
        }
        6 => {
            let o = RAdam {
                lr,
                beta1: b1,
                beta2: b2,
                eps,
                weight_decay: wd,
                decoupled_weight_decay: flag,
            };
            drive("RAdam", u, o, ok, &hy)
        }
        7 => {
            let o = RmsProp {
                lr,
                alpha: b2,
                eps,
                weight_decay: wd,
                momentum: b1,
                centered: flag,
            };
            drive("RmsProp", u, o, ok, &hy)
        }
        8 => {
            let (decay, init) = (hyper(u, 0.0, 1.0)?, hyper(u, 0.0, 1.0)?);
            let o = Adagrad {
                lr,
                lr_decay: decay,
                weight_decay: wd,
                initial_accumulator_value: init,
                eps,
            };
            drive(
                "Adagrad",
                u,
                o,
                ok && within(decay, 0.0, 1.0) && within(init, 0.0, 1.0),
                &hy,
            )
        }
        9 => drive(
            "Adadelta",
            u,
            Adadelta {
                lr,
                rho: b2,
                eps,
                weight_decay: wd,
            },
            ok,
            &hy,
        ),
        _ => clipping(u, lr),
    }
}

/// Clipping: NaN anywhere makes the norm (and every entry) NaN; value
/// clipping is per entry; tame input and a tame bound give finite output.
fn clipping(u: &mut Unstructured, bound: f64) -> Result<()> {
    let g = values(u, 6)?;
    let bound_ok = within(bound, 1e-8, 10.0);
    let mut by_norm = DVector::from_vec(g.clone());
    match clip_grad_norm(&mut by_norm, bound) {
        Ok(norm) => {
            check_whole("clip_grad_norm (norm)", &[&g], &[norm], true);
            check_whole("clip_grad_norm", &[&g], by_norm.as_slice(), bound_ok);
            if tame(&g) {
                assert!(
                    by_norm.norm() <= bound.max(norm) * (1.0 + 1e-12),
                    "clip_grad_norm grew"
                );
            }
        }
        Err(e) => assert!(
            matches!(e, Error::InvalidParameter { .. }),
            "clip_grad_norm {e:?}"
        ),
    }
    let mut by_value = DVector::from_vec(g.clone());
    match clip_grad_value(&mut by_value, bound) {
        Ok(()) => {
            check_each("clip_grad_value", &[&g], by_value.as_slice(), true);
            assert!(
                by_value.iter().all(|x| x.is_nan() || x.abs() <= bound),
                "clip_grad_value"
            );
        }
        Err(e) => assert!(
            matches!(e, Error::InvalidParameter { .. }),
            "clip_grad_value {e:?}"
        ),
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(&mut Unstructured::new(data));
});
