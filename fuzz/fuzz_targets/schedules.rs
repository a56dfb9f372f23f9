//! Every learning-rate schedule, and ReduceLROnPlateau, on arbitrary
//! parameters and steps.
#![no_main]

use arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use lossbook::Error;
use lossbook::schedule::*;
use lossbook::train::{Mode, Plateau, Threshold};
use lossbook_fuzz::*;

/// A rate parameter: usually inside `[1e-6, 1e6]`, sometimes anything.
fn rate(u: &mut Unstructured) -> Result<f64> {
    if u.ratio(1u8, 8)? {
        value(u)
    } else {
        bounded(u, 1e-6, 1e6)
    }
}

/// A step count or period: small, large, or anything.
fn steps(u: &mut Unstructured) -> Result<usize> {
    Ok(match u.int_in_range(0u8..=3)? {
        0 => u.int_in_range(0..=3)?,
        1 => u.int_in_range(0..=1000)?,
        2 => usize::MAX - u.int_in_range(0..=2)?,
        _ => usize::arbitrary_from(u)?,
    })
}

/// Constructors accept only finite parameters (NaN and ±inf are rejected),
/// so a schedule's rate is never NaN and never negative; with every rate
/// parameter in [1e-6, 1e6] it is also finite, and at most the largest rate
/// parameter. A momentum, when set, lies in [0, 1) (but for a rounding
/// undershoot of −5e-324 seen with a subnormal `base_momentum`).
fn check(what: &str, s: lossbook::Result<impl Schedule>, params: &[f64], ts: &[usize]) {
    let s = match s {
        Ok(s) => s,
        Err(e) => {
            assert!(matches!(e, Error::InvalidParameter { .. }), "{what}: {e:?}");
            return;
        }
    };
    let ok = params.iter().all(|p| (1e-6..=1e6).contains(p) || *p == 0.0);
    let top = params.iter().fold(0.0f64, |a, &b| a.max(b));
    // max_lr / div_factor overflows to inf for a subnormal divisor: then
    // inf − inf may give NaN, as in PyTorch; only finite ones are checked.
    let finite = params.iter().all(|p| p.is_finite());
    for &t in ts.iter().filter(|_| finite) {
        let lr = s.learning_rate(t);
        assert!(
            !lr.is_nan(),
            "{what}: NaN rate at t = {t} from {params:?} ({s:?})"
        );
        assert!(lr >= 0.0, "{what}: negative rate {lr} at t = {t} ({s:?})");
        if ok {
            assert!(lr.is_finite(), "{what}: rate {lr} at t = {t} ({s:?})");
            assert!(
                lr <= top * (1.0 + 1e-12),
                "{what}: rate {lr} > {top} at t = {t} ({s:?})"
            );
        }
        if let Some(m) = s.momentum(t) {
            assert!(
                (-1e-300..1.0).contains(&m),
                "{what}: momentum {m} at t = {t} ({s:?})"
            );
        }
    }
}

fn run(u: &mut Unstructured) -> Result<()> {
    let which = u.int_in_range(0u8..=10)?;
    let (a, b) = (rate(u)?, rate(u)?);
    let (n, k) = (steps(u)?, steps(u)?);
    let g = if bool::arbitrary_from(u)? {
        bounded(u, 0.0, 1.0)?
    } else {
        value(u)?
    };
    let ts: Vec<usize> = (0..u.int_in_range(1..=8)?)
        .map(|_| steps(u))
        .collect::<Result<_>>()?;
    match which {
        0 => check("Constant", Constant::new(a), &[a], &ts),
        1 => check("StepDecay", StepDecay::new(a, n, g), &[a], &ts),
        2 => check("Exponential", Exponential::new(a, g), &[a], &ts),
        3 => check(
            "CosineAnnealing",
            CosineAnnealing::new(a, b, n),
            &[a, b],
            &ts,
        ),
        4 => check(
            "LinearWarmup",
            LinearWarmup::new(a, g, value(u)?, n),
            &[a],
            &ts,
        ),
        5 => check(
            "LinearWarmup::article",
            LinearWarmup::article(a, n),
            &[a],
            &ts,
        ),
        6 => check("warmup_cosine", warmup_cosine(a, n, k, b), &[a, b], &ts),
        7 => {
            let mut ms: Vec<usize> = (0..u.int_in_range(0..=4)?)
                .map(|_| steps(u))
                .collect::<Result<_>>()?;
            if bool::arbitrary_from(u)? {
                ms.sort_unstable();
            }
            check("MultiStep", MultiStep::new(a, ms, g), &[a], &ts);
            check("Polynomial", Polynomial::new(a, n, b), &[a], &ts);
        }
        8 => {
            let mult = u.int_in_range(0..=3)?;
            check(
                "WarmRestarts",
                WarmRestarts::new(a, n.min(1000), mult, b),
                &[a, b],
                &ts,
            );
        }
        9 => {
            let anneal = if bool::arbitrary_from(u)? {
                Anneal::Cos
            } else {
                Anneal::Linear
            };
            let pct = if bool::arbitrary_from(u)? {
                bounded(u, 0.0, 1.0)?
            } else {
                value(u)?
            };
            let divs = (rate(u)?, rate(u)?);
            let mom = if bool::arbitrary_from(u)? {
                Some((value(u)?, bounded(u, 0.0, 0.99)?))
            } else {
                None
            };
            let total = n.min(10_000);
            let s = OneCycle::with(a, total, pct, anneal, divs, mom);
            // Past total_steps PyTorch raises; lossbook holds the final rate,
            // so every step is checked.
            let lowest = a / divs.0 / divs.1;
            check("OneCycle", s, &[a, a / divs.0, lowest], &ts);
        }
        _ => plateau(u, a, g)?,
    }
    Ok(())
}

/// ReduceLROnPlateau: the rate never rises, never drops below `min_lr`,
/// and stays finite and positive whatever metrics (NaN included) it is fed.
fn plateau(u: &mut Unstructured, lr: f64, factor: f64) -> Result<()> {
    let mode = if bool::arbitrary_from(u)? {
        Mode::Min
    } else {
        Mode::Max
    };
    let t = value(u)?;
    let rule = Plateau::new(
        mode,
        if bool::arbitrary_from(u)? {
            Threshold::Rel(t)
        } else {
            Threshold::Abs(t)
        },
    );
    let min_lr = if bool::arbitrary_from(u)? {
        0.0
    } else {
        value(u)?
    };
    let (patience, cooldown) = (u.int_in_range(0..=3)?, u.int_in_range(0..=3)?);
    let mut s = match ReduceOnPlateau::with(lr, rule, factor, patience, cooldown, min_lr) {
        Ok(s) => s,
        Err(e) => {
            assert!(
                matches!(e, Error::InvalidParameter { .. }),
                "ReduceOnPlateau {e:?}"
            );
            return Ok(());
        }
    };
    let mut last = s.learning_rate();
    for _ in 0..u.int_in_range(1..=32)? {
        let now = s.step(value(u)?);
        assert!(
            now.is_finite() && now > 0.0 || now == min_lr,
            "ReduceOnPlateau: rate {now}"
        );
        assert!(now <= last, "ReduceOnPlateau: rate rose {last} -> {now}");
        assert!(
            now >= min_lr.min(lr),
            "ReduceOnPlateau: {now} below min_lr {min_lr}"
        );
        last = now;
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(&mut Unstructured::new(data));
});
