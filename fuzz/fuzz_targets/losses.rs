//! Every loss of `lossbook::loss` and its gradient on arbitrary input.
#![no_main]

use arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use lossbook::Error;
use lossbook::loss::classification as c;
use lossbook::loss::metric as m;
use lossbook::loss::regression as r;
use lossbook::nalgebra::DMatrix;
use lossbook_fuzz::*;

fn shapes(e: &Error) -> bool {
    matches!(
        e,
        Error::LengthMismatch { .. } | Error::ShapeMismatch { .. } | Error::Empty { .. }
    )
}
fn regression(e: &Error) -> bool {
    shapes(e) || matches!(e, Error::InvalidParameter { .. })
}
fn probability(e: &Error) -> bool {
    regression(e) || matches!(e, Error::NotAProbability { .. })
}
fn labels(e: &Error) -> bool {
    probability(e) || matches!(e, Error::LabelOutOfRange { .. })
}
fn metric(e: &Error) -> bool {
    regression(e) || matches!(e, Error::NotBinary { .. } | Error::NegativeDistance { .. })
}

/// A scalar loss and its gradient entry by entry (rules in README.md).
fn pair(
    what: &str,
    y: &[f64],
    p: &[f64],
    in_domain: bool,
    allowed: fn(&Error) -> bool,
    loss: lossbook::Result<f64>,
    grad: lossbook::Result<Vec<f64>>,
) {
    match (loss, grad) {
        (Ok(l), Ok(g)) => {
            check_whole(what, &[y, p], &[l], in_domain);
            assert_eq!(g.len(), y.len(), "{what}: gradient length");
            check_each(what, &[y, p], &g, in_domain);
        }
        (Err(a), Err(b)) => {
            check_err(what, &a, allowed);
            assert!(
                same_err(&a, &b),
                "{what}: loss and gradient disagree on the error"
            );
        }
        (l, g) => panic!("{what}: loss {l:?} but gradient {g:?}"),
    }
}

/// A matrix of `rows × cols` drawn values.
fn matrix(u: &mut Unstructured, rows: usize, cols: usize) -> Result<DMatrix<f64>> {
    let v = values_like(u, rows * cols)?;
    Ok(if v.len() == rows * cols {
        DMatrix::from_row_slice(rows, cols, &v)
    } else {
        DMatrix::from_row_slice(1, v.len(), &v)
    })
}

fn in_unit(xs: &[f64]) -> bool {
    xs.iter().all(|x| (0.0..=1.0).contains(x))
}

fn run(u: &mut Unstructured) -> Result<()> {
    let which = u.int_in_range(0u8..=9)?;
    let y = values(u, 8)?;
    let p = values_like(u, y.len())?;
    let h = value(u)?;
    let tame_h = h.is_finite() && h.abs() <= BOUND;
    let ok = tame(&y) && tame(&p);
    match which {
        0 => {
            pair(
                "mse",
                &y,
                &p,
                ok,
                regression,
                r::mse(&y, &p),
                r::mse_gradient(&y, &p),
            );
            pair(
                "mae",
                &y,
                &p,
                ok,
                regression,
                r::mae(&y, &p),
                r::mae_gradient(&y, &p),
            );
            pair(
                "log_cosh",
                &y,
                &p,
                ok,
                regression,
                r::log_cosh(&y, &p),
                r::log_cosh_gradient(&y, &p),
            );
        }
        1 => {
            pair(
                "huber",
                &y,
                &p,
                ok && tame_h,
                regression,
                r::huber(&y, &p, h),
                r::huber_gradient(&y, &p, h),
            );
            pair(
                "smooth_l1",
                &y,
                &p,
                ok && tame_h,
                regression,
                r::smooth_l1(&y, &p, h),
                r::smooth_l1_gradient(&y, &p, h),
            );
            pair(
                "quantile",
                &y,
                &p,
                ok,
                regression,
                r::quantile_loss(&y, &p, h),
                r::quantile_loss_gradient(&y, &p, h),
            );
        }
        2 => {
            // Variance: one shared entry or one per example.
            let var = if bool::arbitrary_from(u)? {
                vec![value(u)?]
            } else {
                values_like(u, y.len())?
            };
            let full = bool::arbitrary_from(u)?;
            let ok = ok && tame(&var) && tame_h && h >= 1e-12;
            let (l, g) = (
                r::gaussian_nll(&y, &p, &var, full, h),
                r::gaussian_nll_gradient(&y, &p, &var, h),
            );
            // An eps below 1e-100 squares to 0 in ∂/∂var's e²/v²: count it as wild.
            let eps_in = if h.abs() < 1e-100 { f64::INFINITY } else { h };
            let inputs: &[&[f64]] = &[&y, &p, &var, &[eps_in]];
            match (l, g) {
                (Ok(l), Ok(g)) => {
                    check_whole("gaussian_nll", inputs, &[l], ok);
                    check_whole("gaussian_nll_gradient", inputs, &g.prediction, ok);
                    check_whole("gaussian_nll_gradient", inputs, &g.variance, ok);
                    let each = r::gaussian_nll_elementwise(&y, &p, &var, full, h)
                        .expect("elementwise after Ok");
                    assert_eq!(each.len(), y.len());
                }
                (Err(a), Err(b)) => {
                    check_err("gaussian_nll", &a, regression);
                    assert!(same_err(&a, &b), "gaussian_nll: loss and gradient disagree");
                }
                (l, g) => panic!("gaussian_nll: {l:?} but gradient {g:?}"),
            }
        }
        3 => {
            let ok = ok && in_unit(&p);
            pair(
                "bce",
                &y,
                &p,
                ok,
                probability,
                c::binary_cross_entropy(&y, &p),
                c::binary_cross_entropy_gradient(&y, &p),
            );
            pair(
                "bce_log_floor",
                &y,
                &p,
                ok,
                probability,
                c::binary_cross_entropy_log_floor(&y, &p),
                c::binary_cross_entropy_log_floor_gradient(&y, &p),
            );
            let (alpha, gamma) = (value(u)?, value(u)?);
            let ok = ok && (0.0..=10.0).contains(&gamma);
            pair(
                "focal",
                &y,
                &p,
                ok,
                probability,
                c::focal_loss(&y, &p, alpha, gamma),
                c::focal_loss_gradient(&y, &p, alpha, gamma),
            );
        }
        4 => {
            pair(
                "bce_with_logits",
                &y,
                &p,
                ok,
                probability,
                c::binary_cross_entropy_with_logits(&y, &p),
                c::binary_cross_entropy_with_logits_gradient(&y, &p),
            );
            match c::sigmoid_mse_logit_gradient(&y, &p) {
                Ok(g) => check_each("sigmoid_mse_logit_gradient", &[&y, &p], &g, ok),
                Err(e) => check_err("sigmoid_mse_logit_gradient", &e, probability),
            }
            let (alpha, gamma) = (value(u)?, value(u)?);
            let ok = ok && (0.0..=10.0).contains(&gamma);
            pair(
                "sigmoid_focal",
                &y,
                &p,
                ok,
                probability,
                c::sigmoid_focal_loss(&y, &p, alpha, gamma),
                c::sigmoid_focal_loss_gradient(&y, &p, alpha, gamma),
            );
            pair(
                "hinge",
                &y,
                &p,
                ok,
                metric,
                c::hinge_loss(&y, &p),
                c::hinge_loss_gradient(&y, &p),
            );
        }
        5 => {
            pair(
                "contrastive",
                &y,
                &p,
                ok && tame_h,
                metric,
                m::contrastive_loss(&y, &p, h),
                m::contrastive_loss_gradient(&y, &p, h),
            );
        }
        _ => matrices(u, which)?,
    }
    Ok(())
}

fn matrices(u: &mut Unstructured, which: u8) -> Result<()> {
    let (rows, cols) = (u.int_in_range(0..=4)?, u.int_in_range(0..=4)?);
    let a = matrix(u, rows, cols)?;
    let b = matrix(u, rows, cols)?;
    let h = value(u)?;
    let tame_h = h.is_finite() && h.abs() <= BOUND;
    let ok = tame(a.as_slice()) && tame(b.as_slice());
    let ins: &[&[f64]] = &[a.as_slice(), b.as_slice()];
    match which {
        6 => {
            let ok = ok && in_unit(b.as_slice());
            let l = c::categorical_cross_entropy(&a, &b);
            let g = c::categorical_cross_entropy_gradient(&a, &b);
            let e = c::categorical_cross_entropy_elementwise(&a, &b);
            match (l, g, e) {
                (Ok(l), Ok(g), Ok(e)) => {
                    // Cross-entropy is +inf where q = 0 and p > 0: only its NaN rule holds.
                    check_whole("cce", ins, &[l], false);
                    check_whole("cce_gradient", ins, g.as_slice(), false);
                    check_whole("cce_elementwise", ins, &e, false);
                    let floor = b.iter().all(|&q| q >= 1e-12);
                    check_whole("cce (q ≥ 1e-12)", ins, &[l], ok && floor);
                }
                (Err(x), Err(y), Err(z)) => {
                    check_err("cce", &x, probability);
                    assert!(same_err(&x, &y) && same_err(&y, &z), "cce: errors disagree");
                }
                other => panic!("cce: {other:?}"),
            }
        }
        7 => {
            // Logits a; targets either labels or the probability rows b.
            let smoothing = value(u)?;
            let use_labels = bool::arbitrary_from(u)?;
            let labels: Vec<usize> = (0..a.nrows().max(1) + usize::from(u.ratio(1u8, 16)?) - 1)
                .map(|_| u.int_in_range(0..=a.ncols()))
                .collect::<Result<_>>()?;
            let targets = if use_labels {
                c::ClassTargets::Labels(&labels)
            } else {
                c::ClassTargets::Probabilities(&b)
            };
            let ok = tame(a.as_slice()) && (use_labels || tame(b.as_slice()));
            let tins: &[&[f64]] = if use_labels { &[a.as_slice()] } else { ins };
            let l = c::softmax_cross_entropy(&a, targets, smoothing);
            let g = c::softmax_cross_entropy_gradient(&a, targets, smoothing);
            let e = c::softmax_cross_entropy_elementwise(&a, targets, smoothing);
            match (l, g, e) {
                (Ok(l), Ok(g), Ok(e)) => {
                    check_whole("softmax_ce", tins, &[l], ok);
                    check_whole("softmax_ce_gradient", tins, g.as_slice(), ok);
                    check_whole("softmax_ce_elementwise", tins, &e, ok);
                }
                (Err(x), Err(y), Err(z)) => {
                    check_err("softmax_ce", &x, labels_err);
                    assert!(
                        same_err(&x, &y) && same_err(&y, &z),
                        "softmax_ce: errors disagree"
                    );
                }
                other => panic!("softmax_ce: {other:?}"),
            }
            let p = u.int_in_range(0u32..=3)?;
            let l = c::multi_margin_loss(&a, &labels, p, h);
            let g = c::multi_margin_loss_gradient(&a, &labels, p, h);
            let e = c::multi_margin_loss_elementwise(&a, &labels, p, h);
            let okm = tame(a.as_slice()) && tame_h;
            // With one class the loss is an empty sum, 0 whatever the logit
            // (as in PyTorch): the value rules need two classes or more.
            let mins: &[&[f64]] = &[a.as_slice(), &[h]];
            match (l, g, e) {
                (Ok(l), Ok(g), Ok(e)) if a.ncols() > 1 => {
                    check_whole("multi_margin", mins, &[l], okm);
                    check_whole(
                        "multi_margin_gradient",
                        &[a.as_slice(), &[h]],
                        g.as_slice(),
                        okm,
                    );
                    check_whole("multi_margin_elementwise", mins, &e, okm);
                }
                (Ok(_), Ok(_), Ok(_)) => {}
                (Err(x), Err(y), Err(z)) => {
                    check_err("multi_margin", &x, labels_err);
                    assert!(
                        same_err(&x, &y) && same_err(&y, &z),
                        "multi_margin: errors disagree"
                    );
                }
                other => panic!("multi_margin: {other:?}"),
            }
        }
        8 => {
            let n = matrix(u, rows, cols)?;
            let ok = ok && tame(n.as_slice()) && tame_h;
            let ins: &[&[f64]] = &[a.as_slice(), b.as_slice(), n.as_slice()];
            let l = m::triplet_margin_loss(&a, &b, &n, h);
            let g = m::triplet_margin_loss_gradient(&a, &b, &n, h);
            let e = m::triplet_margin_loss_elementwise(&a, &b, &n, h);
            match (l, g, e) {
                (Ok(l), Ok(g), Ok(e)) => {
                    check_whole("triplet", ins, &[l], ok);
                    for part in [&g.anchor, &g.positive, &g.negative] {
                        check_whole("triplet_gradient", ins, part.as_slice(), ok);
                    }
                    check_whole("triplet_elementwise", ins, &e, ok);
                }
                (Err(x), Err(y), Err(z)) => {
                    check_err("triplet", &x, regression);
                    assert!(
                        same_err(&x, &y) && same_err(&y, &z),
                        "triplet: errors disagree"
                    );
                }
                other => panic!("triplet: {other:?}"),
            }
        }
        _ => {
            // A temperature below 1e-3 makes e^{1/τ} ratios legitimately huge.
            let ok = ok && tame_h && h >= 1e-3;
            // 1/τ above 1e100 overflows the logits: count such a τ as wild.
            let tau_in = if h.abs() < 1e-100 { f64::INFINITY } else { h };
            let ins: &[&[f64]] = &[a.as_slice(), b.as_slice(), &[tau_in]];
            match (
                m::nt_xent_loss(&a, &b, h),
                m::nt_xent_loss_gradient(&a, &b, h),
            ) {
                (Ok(l), Ok((ga, gb))) => {
                    check_whole("nt_xent", ins, &[l], ok);
                    check_whole("nt_xent_gradient", ins, ga.as_slice(), ok);
                    check_whole("nt_xent_gradient", ins, gb.as_slice(), ok);
                }
                (Err(x), Err(y)) => {
                    check_err("nt_xent", &x, regression);
                    assert!(same_err(&x, &y), "nt_xent: errors disagree");
                }
                other => panic!("nt_xent: {other:?}"),
            }
        }
    }
    Ok(())
}

fn labels_err(e: &Error) -> bool {
    labels(e)
}

fuzz_target!(|data: &[u8]| {
    let _ = run(&mut Unstructured::new(data));
});
