//! Shared input drawing and oracles for the fuzz targets.
//!
//! Every target checks the same three rules (see README.md for the
//! per-target details):
//! 1. no panic, and an `Err` is one of the variants the function documents;
//! 2. NaN in the output only where a non-finite value (NaN or ±inf) went in,
//!    and a NaN in the data comes out as NaN;
//! 3. finite output when every input is finite, in the function's domain and
//!    bounded (|x| ≤ 1e6), so that overflow is not a false alarm.

use arbitrary::{Result, Unstructured};
use lossbook::Error;

/// The bound under which finite input must give finite output.
pub const BOUND: f64 = 1e6;

/// One f64, drawn so that the special values come up often.
pub fn value(u: &mut Unstructured) -> Result<f64> {
    Ok(match u.int_in_range(0u8..=15)? {
        0 => f64::NAN,
        1 => f64::INFINITY,
        2 => f64::NEG_INFINITY,
        3 => {
            // A subnormal, either sign.
            let bits = u.int_in_range(1u64..=0x000f_ffff_ffff_ffff)?;
            let sign = if bool::arbitrary_from(u)? {
                1u64 << 63
            } else {
                0
            };
            f64::from_bits(bits | sign)
        }
        4 => 0.0,
        5 => -0.0,
        6 => 1.0,
        7 => -1.0,
        8 => f64::from_bits(u64::arbitrary_from(u)?),
        9..=11 => bounded(u, -BOUND, BOUND)?,
        12 | 13 => bounded(u, 0.0, 1.0)?,
        14 => {
            let tiny = *u.choose(&[1e-15, 1e-13, 1e-10, 1e-300, f64::EPSILON])?;
            if bool::arbitrary_from(u)? {
                tiny
            } else {
                1.0 - tiny
            }
        }
        _ => f64::from(u.int_in_range(-3i8..=3)?),
    })
}

/// A value in `[low, high]`, uniform in its `u32` draw.
pub fn bounded(u: &mut Unstructured, low: f64, high: f64) -> Result<f64> {
    let x = f64::from(u32::arbitrary_from(u)?) / f64::from(u32::MAX);
    Ok(low + (high - low) * x)
}

/// Up to `max_len` values.
pub fn values(u: &mut Unstructured, max_len: usize) -> Result<Vec<f64>> {
    let len = u.int_in_range(0..=max_len)?;
    (0..len).map(|_| value(u)).collect()
}

/// `len` values, or (rarely) a different length to provoke a mismatch.
pub fn values_like(u: &mut Unstructured, len: usize) -> Result<Vec<f64>> {
    let len = if u.ratio(1u8, 16)? {
        u.int_in_range(0..=len + 1)?
    } else {
        len
    };
    (0..len).map(|_| value(u)).collect()
}

/// Small helper so `bool::arbitrary_from` etc. read well.
pub trait ArbitraryFrom: Sized {
    fn arbitrary_from(u: &mut Unstructured) -> Result<Self>;
}
impl<T: for<'a> arbitrary::Arbitrary<'a>> ArbitraryFrom for T {
    fn arbitrary_from(u: &mut Unstructured) -> Result<Self> {
        T::arbitrary(u)
    }
}

/// Every value finite and within [`BOUND`].
pub fn tame(xs: &[f64]) -> bool {
    xs.iter().all(|x| x.is_finite() && x.abs() <= BOUND)
}

/// Some value is NaN.
pub fn has_nan(xs: &[f64]) -> bool {
    xs.iter().any(|x| x.is_nan())
}

/// Rule 1: an `Err` must be one of `allowed`, and never a data-file or
/// batch-size error, which no loss, optimizer or schedule can raise.
pub fn check_err(what: &str, e: &Error, allowed: fn(&Error) -> bool) {
    assert!(allowed(e), "{what}: undocumented error {e:?}");
}

/// Two errors are the same (`Error`'s `PartialEq` says NaN ≠ NaN).
pub fn same_err(a: &Error, b: &Error) -> bool {
    format!("{a:?}") == format!("{b:?}")
}

/// Rule 2 holds for inputs of at most this magnitude: beyond it a square or
/// a product of two inputs may overflow to ±inf, and IEEE's inf − inf is
/// then a NaN no finite arithmetic could avoid (PyTorch gives the same).
pub const MODERATE: f64 = 1e100;

/// Some value is NaN, ±inf, or too large for rule 2.
pub fn wild(xs: &[f64]) -> bool {
    xs.iter().any(|x| !(x.abs() <= MODERATE))
}

/// Rules 2 and 3 for a whole output against all of its inputs.
pub fn check_whole(what: &str, inputs: &[&[f64]], out: &[f64], in_domain: bool) {
    let any_wild = inputs.iter().any(|x| wild(x));
    let any_nan = inputs.iter().any(|x| has_nan(x));
    if has_nan(out) {
        assert!(
            any_wild,
            "{what}: NaN out of finite input {inputs:?} -> {out:?}"
        );
    }
    if any_nan {
        assert!(
            has_nan(out),
            "{what}: NaN in but no NaN out {inputs:?} -> {out:?}"
        );
    }
    if in_domain && inputs.iter().all(|x| tame(x)) {
        assert!(
            out.iter().all(|x| x.is_finite()),
            "{what}: non-finite out of tame input {inputs:?} -> {out:?}"
        );
    }
}

/// Rules 2 and 3 element by element: `out[i]` depends on the `i`-th entry
/// of every input only (the 1-D losses' gradients, the optimizers).
pub fn check_each(what: &str, inputs: &[&[f64]], out: &[f64], in_domain: bool) {
    for (i, &o) in out.iter().enumerate() {
        let at: Vec<f64> = inputs.iter().map(|x| x[i]).collect();
        if o.is_nan() {
            assert!(
                wild(&at),
                "{what}[{i}]: NaN out of finite input {at:?} -> {o}"
            );
        }
        if has_nan(&at) {
            assert!(o.is_nan(), "{what}[{i}]: NaN in {at:?} but {o} out");
        }
        if in_domain && tame(&at) {
            assert!(
                o.is_finite(),
                "{what}[{i}]: non-finite out of tame input {at:?} -> {o}"
            );
        }
    }
}
