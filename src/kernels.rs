//! Fast paths for the Performance chapter: the same losses, optimizer steps
//! and training epoch as the readable code, written for throughput.
//!
//! Every function here has a readable twin elsewhere in the crate, takes the
//! same arguments, returns the same errors for the same bad input, and agrees
//! with it to a stated tolerance (`tests/fast_paths.rs` checks that by
//! property tests). Read the twin to learn what is computed; read this file
//! to learn why the twin is slower. Five ideas do all the work:
//!
//! 1. **Several accumulators.** `iter().sum()` adds into one `f64`, so every
//!    addition waits for the previous one and the compiler may not reorder
//!    them (floating-point addition is not associative). Summing into
//!    [`LANES`] independent partial sums lets LLVM use SIMD registers. The
//!    result differs from the one-accumulator sum by rounding only: relative
//!    differences of order `N·ε` in the worst case, far smaller in practice.
//! 2. **One pass.** The readable losses first check their inputs (one pass
//!    over each slice), then compute (another pass), and some allocate whole
//!    intermediate matrices. Here the range checks ride along in the
//!    computing pass; only if one fails is the readable check re-run to
//!    produce the exact same error.
//! 3. **A `ln` and an `exp` the compiler can vectorise.** Calls into the
//!    system's `libm` are opaque: one element at a time. [`fast_ln`] and
//!    [`fast_exp`] are plain arithmetic on the bits of an `f64` (a few ulp
//!    from `libm`), so a loop over them becomes SIMD code.
//! 4. **One logarithm per array.** For hard labels (`y ∈ {0, 1}`) the
//!    cross-entropy terms are `−ln p_t` with `p_t` the probability of the
//!    true outcome, and `Σ ln p_t = ln Π p_t`. Clipped probabilities are at
//!    least `10⁻¹⁵`, so a block of [`PRODUCT_BLOCK`] factors cannot
//!    underflow; after each block the product's binary exponent is moved
//!    into a separate sum, and a single `ln` at the end replaces one (or
//!    two) per element. Factors near 1 (confident, correct predictions)
//!    are kept apart as `1 − Π`, built from their exact complements: a
//!    product of numbers near 1 would round away the small loss in each.
//! 5. **Fused loops.** An optimizer step reads and writes each of its arrays
//!    exactly once, without bounds checks; a training epoch reuses one
//!    gradient buffer and prefetches the next samples of the shuffled order.
//! 6. **Run-time choice of SIMD instructions.** A default x86-64 build may
//!    only assume SSE2; the loss kernels are also compiled for AVX2 + FMA
//!    and AVX-512 and the widest the CPU has is picked at run time
//!    ([`simd_level`]), so no `-C target-cpu=native` is needed.
//! 7. **Software prefetch.** Streaming loops ask for the data 4 KB ahead:
//!    one core alone does not keep enough memory requests in flight.
//!    (Not in the softmax kernel, which is limited by its `exp`s instead.)

use nalgebra::{DMatrix, DVector};
use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

use crate::error::{Error, Result, parameter, positive, same_len};
use crate::loss::classification::{
    self, ARTICLE_EPSILON, ClassTargets, binary_cross_entropy, categorical_cross_entropy,
};
use crate::optim::adam::adam_update;
use crate::optim::rmsprop::rmsprop_update;
use crate::optim::sgd::{momentum_update, nesterov_update, sgd_update};
use crate::optim::{Adam, AdamState, AdamW, RmsProp, RmsPropState, Sgd, SgdState, StepCount};
use crate::train::{Batching, TrainReport};

/// Independent partial sums in a reduction: 8 `f64` are four SSE2 registers,
/// two AVX2 registers or one AVX-512 register.
pub const LANES: usize = 8;

/// Elements per lane multiplied together before one `ln` is taken (idea 4):
/// `(10⁻¹⁵)¹⁶ = 10⁻²⁴⁰` is still a normal `f64`.
pub const PRODUCT_BLOCK: usize = 16;

// ---------------------------------------------------------------------------
// Vectorisable ln and exp.
// ---------------------------------------------------------------------------

/// `ln 2` to 32 significant bits, so that `k · LN2_HI` is exact for |k| < 2¹¹.
const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
/// `ln 2 − LN2_HI`, rounded.
const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
/// `1.5 · 2⁵²`: adding it rounds a small `f64` to an integer held in the low
/// mantissa bits, without a float-to-int conversion SSE2 cannot vectorise.
const ROUND_MAGIC: f64 = 6_755_399_441_055_744.0;

/// `c₀ + x(c₁ + x(c₂ + …))` by Horner's rule, written out in full by the
/// macro (a loop over a coefficient array is not always unrolled, and a
/// loop inside the per-element loop stops it from being vectorised).
/// Needs a `const FMA: bool` in scope; see [`mul_add`].
macro_rules! horner {
    ($x:expr; $c:expr) => { $c };
    ($x:expr; $c:expr, $($rest:expr),+) => {
        mul_add::<FMA>(horner!($x; $($rest),+), $x, $c)
    };
}

/// `a·b + c`, fused into one rounding where the caller was compiled for FMA
/// (without the instruction, `f64::mul_add` is a slow library call).
#[inline(always)]
fn mul_add<const FMA: bool>(a: f64, b: f64, c: f64) -> f64 {
    if FMA { a.mul_add(b, c) } else { a * b + c }
}

/// `ln x`, within about 2 ulp of `f64::ln` for every `x`, written without
/// calls or branches so that loops over it vectorise.
///
/// `x = 2ᵏ m` with `m ∈ [√½, √2)`; `ln m = 2 atanh s` with
/// `s = (m − 1)/(m + 1)`, `|s| < 0.172`, summed as an odd series to `s²¹`
/// (next term below `10⁻¹⁷`). Zero, negatives, infinities, NaN and
/// subnormals give what `f64::ln` gives.
#[inline(always)]
pub fn fast_ln(x: f64) -> f64 {
    ln_with::<false>(x)
}

/// [`fast_ln`], with fused multiply-adds in the series when `FMA`.
#[inline(always)]
fn ln_with<const FMA: bool>(x: f64) -> f64 {
    // Subnormals: scale into the normal range first.
    let tiny = x < f64::MIN_POSITIVE;
    let scaled = if tiny { x * TWO_POW_54 } else { x };
    let bits = scaled.to_bits();
    // The biased exponent as an f64, via the bits of 2⁵² + e (an integer
    // conversion SSE2 has no vector instruction for).
    let biased = f64::from_bits(EXPONENT_OF_TWO_POW_52 | ((bits >> 52) & 0x7ff)) - TWO_POW_52;
    let mantissa = f64::from_bits((bits & MANTISSA_MASK) | ONE_BITS);
    // Move m from [1, 2) to [√½, √2) so that |s| is small.
    let high = mantissa > std::f64::consts::SQRT_2;
    let m = if high { 0.5 * mantissa } else { mantissa };
    let k = biased - 1023.0 + if high { 1.0 } else { 0.0 } - if tiny { 54.0 } else { 0.0 };
    let f = m - 1.0; // exact (Sterbenz)
    let s = f / (2.0 + f);
    let z = s * s;
    // ln m = 2s (1 + z/3 + z²/5 + … + z¹⁰/21); `tail` is everything after the 1.
    let tail = z * horner!(z;
        1.0 / 3.0, 1.0 / 5.0, 1.0 / 7.0, 1.0 / 9.0, 1.0 / 11.0,
        1.0 / 13.0, 1.0 / 15.0, 1.0 / 17.0, 1.0 / 19.0, 1.0 / 21.0);
    // 2s = f − s·f exactly in real arithmetic (s(2 + f) = f), so
    // ln m = f − s(f − 2·tail): the leading f is added last, exactly.
    let ln_m = f - s * (f - 2.0 * tail);
    let result = k * LN2_HI + (ln_m + k * LN2_LO);
    // The special cases, as selects (no branches in the vectorised loop).
    if x.is_nan() || x < 0.0 {
        f64::NAN
    } else if x == 0.0 {
        f64::NEG_INFINITY
    } else if x == f64::INFINITY {
        f64::INFINITY
    } else {
        result
    }
}

/// `ln(1 + x)`, accurate for small `x` where `ln(1 + x)` is not: Kahan's
/// `ln(u) · x/(u − 1)` with `u = 1 + x` rounded, whose quotient undoes the
/// rounding of `u` (and `x` itself where `u` rounds to 1). Branch-free, as
/// [`ln_with`].
#[inline(always)]
fn ln_1p_with<const FMA: bool>(x: f64) -> f64 {
    let u = 1.0 + x;
    let ratio = x / (u - 1.0);
    if u == 1.0 {
        x
    } else {
        ln_with::<FMA>(u) * ratio
    }
}

const TWO_POW_52: f64 = 4_503_599_627_370_496.0;
const TWO_POW_54: f64 = 18_014_398_509_481_984.0;
const EXPONENT_OF_TWO_POW_52: u64 = 0x4330_0000_0000_0000;
const MANTISSA_MASK: u64 = 0x000f_ffff_ffff_ffff;
const ONE_BITS: u64 = 0x3ff0_0000_0000_0000;
/// Below `−1022 ln 2` the result would be subnormal: [`fast_exp`] gives 0.
const EXP_MIN_ARG: f64 = -708.396_418_532_264_1;

/// `eˣ`, within about 2 ulp of `f64::exp`, without calls or branches.
///
/// `x = k ln 2 + r` with `|r| ≤ ½ ln 2`, `eʳ` by its Taylor series to `r¹³`
/// (next term below `10⁻¹⁷`), `2ᵏ` built in the exponent bits. Results
/// below `2⁻¹⁰²²` (`x < −708.39`) are flushed to 0 instead of subnormals;
/// overflow gives ∞ and NaN stays NaN.
#[inline(always)]
pub fn fast_exp(x: f64) -> f64 {
    exp_with::<false>(x)
}

/// [`fast_exp`], with fused multiply-adds in the series when `FMA`.
#[inline(always)]
fn exp_with<const FMA: bool>(x: f64) -> f64 {
    let clamped = x.clamp(EXP_MIN_ARG, 709.79);
    let t = clamped * std::f64::consts::LOG2_E + ROUND_MAGIC;
    let k = t - ROUND_MAGIC; // round(x / ln 2)
    let r = (clamped - k * LN2_HI) - k * LN2_LO;
    // Σ rᵏ/k! for k = 0..=13.
    let p = horner!(r;
        1.0, 1.0, 1.0 / 2.0, 1.0 / 6.0, 1.0 / 24.0, 1.0 / 120.0, 1.0 / 720.0,
        1.0 / 5_040.0, 1.0 / 40_320.0, 1.0 / 362_880.0, 1.0 / 3_628_800.0,
        1.0 / 39_916_800.0, 1.0 / 479_001_600.0, 1.0 / 6_227_020_800.0);
    // k sits in the low bits of t; shifting by 52 keeps only k + 1023, the
    // biased exponent of 2ᵏ. For k = 1024 (x near the top) 2ᵏ itself would
    // overflow: build 2ᵏ⁻¹ and double the result instead.
    let big = x > 709.0;
    let t = if big { t - 1.0 } else { t };
    let scale = f64::from_bits(t.to_bits().wrapping_add(1023) << 52);
    let result = p * scale * if big { 2.0 } else { 1.0 };
    if x.is_nan() {
        x
    } else if x < EXP_MIN_ARG {
        0.0
    } else if x > 709.782_712_893_384 {
        f64::INFINITY
    } else {
        result
    }
}

// ---------------------------------------------------------------------------
// Run-time choice of SIMD instructions (idea 6).
// ---------------------------------------------------------------------------

/// The SIMD instructions a hot loop may use. A build for the x86-64
/// baseline (what CI compiles, no `-C target-cpu`) can only assume SSE2:
/// two f64 per instruction, no fused multiply-add, no blend. The loss
/// kernels are therefore compiled three times, and [`simd_level`] picks the
/// widest this CPU runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Simd {
    /// Whatever the build targets (SSE2 on a default x86-64 build).
    Baseline,
    /// AVX2 and FMA: four f64 per instruction.
    Avx2,
    /// AVX-512 (F, DQ, VL): eight f64 per instruction.
    Avx512,
}

thread_local! {
    static SIMD_CAP: std::cell::Cell<Simd> = const { std::cell::Cell::new(Simd::Avx512) };
}

/// The widest [`Simd`] level this CPU supports, lowered to the cap set by
/// [`with_simd_cap`] on this thread.
pub fn simd_level() -> Simd {
    let detected = detect_simd();
    detected.min(SIMD_CAP.with(std::cell::Cell::get))
}

#[cfg(target_arch = "x86_64")]
fn detect_simd() -> Simd {
    use std::arch::is_x86_feature_detected as has;
    if has!("avx512f") && has!("avx512dq") && has!("avx512vl") && has!("avx2") && has!("fma") {
        Simd::Avx512
    } else if has!("avx2") && has!("fma") {
        Simd::Avx2
    } else {
        Simd::Baseline
    }
}

#[cfg(not(target_arch = "x86_64"))]
fn detect_simd() -> Simd {
    Simd::Baseline
}

/// Runs `f` with the kernels on this thread limited to `cap` (and to what
/// the CPU has), then restores the previous cap. Tests use it to check every
/// compiled version against the readable code.
pub fn with_simd_cap<R>(cap: Simd, f: impl FnOnce() -> R) -> R {
    let previous = SIMD_CAP.with(|c| c.replace(cap));
    let result = f();
    SIMD_CAP.with(|c| c.set(previous));
    result
}

/// Defines `fn $name(level: Simd, args…)`: `$body` compiled for the
/// baseline, for AVX2 + FMA and for AVX-512, and the one `level` names run.
/// The body's helpers are `#[inline(always)]`, so each copy is vectorised
/// with its own instruction set.
macro_rules! multiversion {
    ($(#[$meta:meta])* fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty $body:block) => {
        $(#[$meta])*
        fn $name(level: Simd, $($arg: $ty),*) -> $ret {
            // `FMA`: whether the copy may fuse multiply-adds (see `mul_add`).
            #[inline(always)]
            fn kernel<const FMA: bool>($($arg: $ty),*) -> $ret $body

            #[cfg(target_arch = "x86_64")]
            #[target_feature(enable = "avx2,fma")]
            fn avx2($($arg: $ty),*) -> $ret {
                kernel::<true>($($arg),*)
            }

            #[cfg(target_arch = "x86_64")]
            #[target_feature(enable = "avx512f,avx512dq,avx512vl,avx2,fma")]
            fn avx512($($arg: $ty),*) -> $ret {
                kernel::<true>($($arg),*)
            }

            match level {
                // SAFETY: `level` comes from `simd_level`, which has checked
                // that this CPU has every feature the function enables.
                #[cfg(target_arch = "x86_64")]
                Simd::Avx512 => unsafe { avx512($($arg),*) },
                // SAFETY: as above.
                #[cfg(target_arch = "x86_64")]
                Simd::Avx2 => unsafe { avx2($($arg),*) },
                _ => kernel::<false>($($arg),*),
            }
        }
    };
}

// ---------------------------------------------------------------------------
// Reductions with several accumulators (idea 1).
// ---------------------------------------------------------------------------

// ANCHOR: sum_pairs
/// Adds up the partial sums pairwise.
#[inline(always)]
fn combine(partial: [f64; LANES]) -> f64 {
    let [a, b, c, d, e, f, g, h] = partial;
    ((a + b) + (c + d)) + ((e + f) + (g + h))
}

/// `Σᵢ term(aᵢ, bᵢ)` over two slices of equal length, in [`LANES`]
/// independent partial sums.
#[inline(always)]
fn sum_pairs(a: &[f64], b: &[f64], term: impl Fn(f64, f64) -> f64) -> f64 {
    debug_assert_eq!(a.len(), b.len());
    let (a_chunks, a_tail) = a.as_chunks::<LANES>();
    let (b_chunks, b_tail) = b.as_chunks::<LANES>();
    let mut partial = [0.0; LANES];
    for (i, (xs, ys)) in a_chunks.iter().zip(b_chunks).enumerate() {
        // One chunk is one cache line of each slice (idea 7).
        prefetch(a, (i + PREFETCH_LINES) * LANES);
        prefetch(b, (i + PREFETCH_LINES) * LANES);
        for ((sum, &x), &y) in partial.iter_mut().zip(xs).zip(ys) {
            *sum += term(x, y);
        }
    }
    let tail: f64 = a_tail.iter().zip(b_tail).map(|(&x, &y)| term(x, y)).sum();
    combine(partial) + tail
}
// ANCHOR_END: sum_pairs

/// `v ∈ [0, 1]` or NaN: what `probabilities` (in `crate::error`) accepts.
// `(0.0..=1.0).contains(&v)` would reject NaN; these comparisons let it through.
#[allow(clippy::manual_range_contains)]
fn unit_or_nan(v: f64) -> bool {
    !(v < 0.0 || v > 1.0)
}

#[inline(always)]
fn clip(p: f64) -> f64 {
    p.clamp(ARTICLE_EPSILON, 1.0 - ARTICLE_EPSILON)
}

// ---------------------------------------------------------------------------
// Regression losses.
// ---------------------------------------------------------------------------

multiversion! {
    fn squared_error_total(target: &[f64], prediction: &[f64]) -> f64 {
        sum_pairs(target, prediction, |y, p| (p - y) * (p - y))
    }
}

multiversion! {
    fn absolute_error_total(target: &[f64], prediction: &[f64]) -> f64 {
        sum_pairs(target, prediction, |y, p| (p - y).abs())
    }
}

multiversion! {
    fn huber_total(target: &[f64], prediction: &[f64], delta: f64) -> f64 {
        sum_pairs(target, prediction, |y, p| {
            let e = p - y;
            let quadratic = 0.5 * e * e;
            let linear = delta * (e.abs() - 0.5 * delta);
            if e.abs() <= delta { quadratic } else { linear }
        })
    }
}

/// [`crate::loss::regression::mse`], with [`LANES`] partial sums.
pub fn mse_fast(target: &[f64], prediction: &[f64]) -> Result<f64> {
    same_len("target", target, "prediction", prediction)?;
    let sum = squared_error_total(simd_level(), target, prediction);
    Ok(sum / target.len() as f64)
}

/// [`crate::loss::regression::mae`], with [`LANES`] partial sums.
pub fn mae_fast(target: &[f64], prediction: &[f64]) -> Result<f64> {
    same_len("target", target, "prediction", prediction)?;
    let sum = absolute_error_total(simd_level(), target, prediction);
    Ok(sum / target.len() as f64)
}

/// [`crate::loss::regression::huber`], with [`LANES`] partial sums; the two
/// branches become a select.
pub fn huber_fast(target: &[f64], prediction: &[f64], delta: f64) -> Result<f64> {
    positive("delta", delta)?;
    same_len("target", target, "prediction", prediction)?;
    let sum = huber_total(simd_level(), target, prediction, delta);
    Ok(sum / target.len() as f64)
}

// ---------------------------------------------------------------------------
// Cross-entropies.
// ---------------------------------------------------------------------------

/// Independent running products in a hard-label block: enough to keep two
/// AVX2 multiply chains (one AVX-512 register) busy, few enough that the
/// block's state (products, label check, range check) fits SSE2's 16
/// registers.
const PRODUCT_LANES: usize = 8;

/// Elements in one block of the hard-label product: [`PRODUCT_BLOCK`] per lane.
const BLOCK: usize = PRODUCT_LANES * PRODUCT_BLOCK;

/// One hard-label block's `Π p_t`, lane by lane, split in two so that no
/// precision is lost near certainty: `far` multiplies the factors
/// `p_t < ½`, and `near` holds `1 − Π p_t` of the factors `p_t ≥ ½`, built
/// from their exact complements `q = 1 − p_t`. A product of factors near 1
/// would round each to a multiple of `2⁻⁵³` and lose the small `q` in it.
struct BlockProducts {
    far: [f64; PRODUCT_LANES],
    near: [f64; PRODUCT_LANES],
}

/// The lane-wise products of `p_t = factor(y, p)` over one block, or `None`
/// if the block holds a label that is not 0 or 1.
///
/// `factor` is the probability of the true outcome and `complement` the
/// probability of the other one, both valid for hard labels; for `p_t ≥ ½`
/// the complement is exact (the input itself, or `1 − p` with `p ≥ ½`,
/// which Sterbenz's lemma makes exact). A complement `q ≤ ½` joins `near`
/// by `(1 − a)(1 − q) = 1 − (a + q(1 − a))`, and once `near` passes ½ it is
/// moved into `far` as the exact factor `1 − near`.
///
/// A label is hard iff `y(1 − y) = 0`, so the block is hard iff
/// `Σ |y(1 − y)| = 0` (a NaN label makes the sum NaN, so it counts as soft
/// too). The largest `|p̂ − ½|` is folded into `spread`; a hard label is in
/// range by definition.
#[inline(always)]
fn hard_label_block(
    target: &[f64; BLOCK],
    probability: &[f64; BLOCK],
    spread: &mut [f64; PRODUCT_LANES],
    factor: impl Fn(f64, f64) -> f64,
    complement: impl Fn(f64, f64) -> f64,
) -> Option<BlockProducts> {
    let mut far = [1.0; PRODUCT_LANES];
    let mut near = [0.0; PRODUCT_LANES];
    let mut softness = [0.0; PRODUCT_LANES];
    let chunks = target
        .as_chunks::<PRODUCT_LANES>()
        .0
        .iter()
        .zip(probability.as_chunks::<PRODUCT_LANES>().0);
    for (ys, ps) in chunks {
        for lane in 0..PRODUCT_LANES {
            let (y, p) = (ys[lane], ps[lane]);
            let q = complement(y, p);
            // NaN compares false: a NaN factor goes to `far`, which keeps it.
            let certain = q <= 0.5;
            let joined = near[lane] + q * (1.0 - near[lane]);
            let moved = joined > 0.5;
            far[lane] *= if !certain {
                factor(y, p)
            } else if moved {
                1.0 - joined
            } else {
                1.0
            };
            near[lane] = if !certain {
                near[lane]
            } else if moved {
                0.0
            } else {
                joined
            };
            softness[lane] += (y * (1.0 - y)).abs();
            // p̂ ∈ [0, 1] iff |p̂ − ½| ≤ ½. NaN compares false and is
            // skipped, as the readable check skips it.
            let distance = (p - 0.5).abs();
            spread[lane] = if distance > spread[lane] {
                distance
            } else {
                spread[lane]
            };
        }
    }
    (softness.iter().sum::<f64>() == 0.0).then_some(BlockProducts { far, near })
}

/// A product of many factors in `(0, 1]`, kept as `mantissa · 2^exponent`
/// with `mantissa ∈ [1, 2)` so that it never underflows, times `1 − near`
/// for the factors near 1 (see [`BlockProducts`]): its `ln` is
/// `exponent · ln 2 + ln mantissa + ln_1p(−near)`, three logarithms for the
/// whole array. Lane-wise, like the block products it absorbs.
struct ScaledProduct {
    mantissa: [f64; PRODUCT_LANES],
    exponent: [f64; PRODUCT_LANES],
    near: [f64; PRODUCT_LANES],
    /// 0, or NaN once a NaN factor was absorbed (renormalising would hide it).
    nan: [f64; PRODUCT_LANES],
}

impl ScaledProduct {
    fn new() -> Self {
        Self {
            mantissa: [1.0; PRODUCT_LANES],
            exponent: [0.0; PRODUCT_LANES],
            near: [0.0; PRODUCT_LANES],
            nan: [0.0; PRODUCT_LANES],
        }
    }

    /// Multiplies in one block's products (each `far` at least `10⁻²⁴⁰`),
    /// joins its `near` part as [`hard_label_block`] does, and moves the
    /// binary exponent out of the mantissa.
    #[inline(always)]
    fn absorb(&mut self, block: BlockProducts) {
        for lane in 0..PRODUCT_LANES {
            let joined = self.near[lane] + block.near[lane] * (1.0 - self.near[lane]);
            let moved = joined > 0.5;
            let factor = block.far[lane] * if moved { 1.0 - joined } else { 1.0 };
            self.near[lane] = if moved { 0.0 } else { joined };
            let q = self.mantissa[lane] * factor;
            self.nan[lane] = if q.is_nan() { q } else { self.nan[lane] };
            let bits = q.to_bits();
            let biased =
                f64::from_bits(EXPONENT_OF_TWO_POW_52 | ((bits >> 52) & 0x7ff)) - TWO_POW_52;
            self.exponent[lane] += biased - 1023.0;
            self.mantissa[lane] = f64::from_bits((bits & MANTISSA_MASK) | ONE_BITS);
        }
    }

    /// `−ln` of the whole product.
    fn negative_ln(&self) -> f64 {
        (0..PRODUCT_LANES)
            .map(|lane| {
                -(self.exponent[lane] * std::f64::consts::LN_2
                    + fast_ln(self.mantissa[lane])
                    + (-self.near[lane]).ln_1p())
                    + self.nan[lane]
            })
            .sum()
    }
}

/// Shared by the binary and categorical cross-entropies: the total of
/// `soft_term(y, p)` over all pairs, computed block by block with
/// [`hard_label_block`] where the labels allow, and whether every value of
/// both slices lies in `[0, 1]` (NaN allowed).
#[inline(always)]
fn cross_entropy_total(
    target: &[f64],
    probability: &[f64],
    factor: impl Fn(f64, f64) -> f64 + Copy,
    complement: impl Fn(f64, f64) -> f64 + Copy,
    soft_term: impl Fn(f64, f64) -> f64,
) -> (f64, bool) {
    let (y_blocks, y_tail) = target.as_chunks::<BLOCK>();
    let (p_blocks, p_tail) = probability.as_chunks::<BLOCK>();
    let mut spread = [0.0f64; PRODUCT_LANES];
    let mut soft_in_range = true;
    // A block with a soft (or NaN) label, element by element, range checked.
    let soft_block = |ys: &[f64], ps: &[f64], in_range: &mut bool| -> f64 {
        *in_range &= ys.iter().chain(ps).all(|&v| unit_or_nan(v));
        ys.iter()
            .zip(ps)
            .map(|(&y, &p)| soft_term(y, p))
            .sum::<f64>()
    };
    let mut hard = ScaledProduct::new();
    let mut total = 0.0;
    for (j, (ys, ps)) in y_blocks.iter().zip(p_blocks).enumerate() {
        for line in (0..BLOCK).step_by(LANES) {
            let ahead = j * BLOCK + line + PREFETCH_LINES * LANES;
            prefetch(target, ahead);
            prefetch(probability, ahead);
        }
        match hard_label_block(ys, ps, &mut spread, factor, complement) {
            Some(products) => hard.absorb(products),
            None => total += soft_block(ys, ps, &mut soft_in_range),
        }
    }
    total += soft_block(y_tail, p_tail, &mut soft_in_range) + hard.negative_ln();
    let in_range = soft_in_range && spread.iter().all(|&v| v <= 0.5);
    (total, in_range)
}

multiversion! {
    fn binary_cross_entropy_total(target: &[f64], probability: &[f64]) -> (f64, bool) {
        cross_entropy_total(
            target,
            probability,
            |y, p| {
                let p = clip(p);
                if y == 1.0 { p } else { 1.0 - p }
            },
            |y, p| {
                let p = clip(p);
                if y == 1.0 { 1.0 - p } else { p }
            },
            |y, p| {
                let p = clip(p);
                -(y * ln_with::<FMA>(p) + (1.0 - y) * ln_1p_with::<FMA>(-p))
            },
        )
    }
}

multiversion! {
    fn categorical_cross_entropy_total(target: &[f64], probability: &[f64]) -> (f64, bool) {
        cross_entropy_total(
            target,
            probability,
            // p̂ for y = 1 and exactly 1 for y = 0 (where a NaN p̂ still gives
            // NaN, as in the readable sum). Not `if y == 1 { p̂ } else { 1 }`:
            // LLVM turns a multiplication by a selected 1 into a branch.
            |y, p| y * clip(p) + (1.0 - y),
            // The other outcomes' probability: 1 − p̂ for y = 1, none for
            // y = 0 (0, or NaN for a NaN p̂).
            |y, p| y * (1.0 - clip(p)),
            |y, p| -y * ln_with::<FMA>(clip(p)),
        )
    }
}

/// [`binary_cross_entropy`] (the article's clipped form) in one pass, with
/// a running product instead of a `ln` per element wherever the labels are 0
/// or 1: then `y ln p̂ + (1 − y) ln(1 − p̂)` is `ln p_t`, `p_t = p̂` or `1 − p̂`.
///
/// Agrees with [`binary_cross_entropy`] to about `10⁻¹⁴` relative: the sum
/// is taken in another order, and each factor of the product adds one
/// rounding (at most half an ulp of a number ≤ 1) where the readable form
/// rounds one `ln`.
pub fn binary_cross_entropy_fast(target: &[f64], probability: &[f64]) -> Result<f64> {
    same_len("target", target, "probability", probability)?;
    let (total, in_range) = binary_cross_entropy_total(simd_level(), target, probability);
    if !in_range {
        // The readable function finds and reports the first bad value.
        return binary_cross_entropy(target, probability);
    }
    Ok(total / target.len() as f64)
}

/// [`categorical_cross_entropy`] (clipped, on probability rows) in one
/// pass, with a running product instead of a `ln` per element for one-hot
/// (0/1) targets: only the entries with `y = 1` contribute, and
/// `Σ −ln p̂ = −ln Π p̂`.
///
/// Agrees with [`categorical_cross_entropy`] to about `10⁻¹⁴` relative, for
/// the reasons given at [`binary_cross_entropy_fast`].
pub fn categorical_cross_entropy_fast(
    target: &DMatrix<f64>,
    probability: &DMatrix<f64>,
) -> Result<f64> {
    if target.shape() != probability.shape() || target.is_empty() {
        return categorical_cross_entropy(target, probability);
    }
    let (total, in_range) =
        categorical_cross_entropy_total(simd_level(), target.as_slice(), probability.as_slice());
    if !in_range {
        return categorical_cross_entropy(target, probability);
    }
    Ok(total / target.nrows() as f64)
}

/// Rows of logits handled together by [`softmax_cross_entropy_fast`].
pub const ROW_BLOCK: usize = 256;

multiversion! {
    /// `Σᵢ ℓᵢ` for column-major `rows × C` logits, and whether every label
    /// is below `C`.
    fn softmax_cross_entropy_total(
        logits: &[f64],
        rows: usize,
        labels: &[usize],
        label_smoothing: f64,
    ) -> (f64, bool) {
        let classes = logits.len() / rows;
        let column = |c: usize| &logits[c * rows..(c + 1) * rows];
        let on_label = 1.0 - label_smoothing;
        let uniform = label_smoothing / classes as f64;
        let mut max = [0.0; ROW_BLOCK];
        let mut sum = [0.0; ROW_BLOCK];
        let mut picked = [0.0; ROW_BLOCK];
        let mut spread = [0.0; ROW_BLOCK];
        let mut total = 0.0;
        let mut labels_valid = true;
        for start in (0..rows).step_by(ROW_BLOCK) {
            let end = (start + ROW_BLOCK).min(rows);
            let len = end - start;
            let block_labels = &labels[start..end];
            labels_valid &= block_labels.iter().all(|&l| l < classes);
            let (max, sum, picked) = (&mut max[..len], &mut sum[..len], &mut picked[..len]);
            max.copy_from_slice(&column(0)[start..end]);
            for c in 1..classes {
                for (m, &z) in max.iter_mut().zip(&column(c)[start..end]) {
                    // Keeps NaN, like the readable fold.
                    *m = if z > *m || z.is_nan() { z } else { *m };
                }
            }
            sum.fill(0.0);
            for c in 0..classes {
                let zs = &column(c)[start..end];
                for (((s, q), &m), (&z, &label)) in sum
                    .iter_mut()
                    .zip(picked.iter_mut())
                    .zip(max.iter())
                    .zip(zs.iter().zip(block_labels))
                {
                    *s += exp_with::<FMA>(z - m);
                    *q = if label == c { z } else { *q };
                }
            }
            // sum becomes lse = max + ln Σ exp.
            for (s, &m) in sum.iter_mut().zip(max.iter()) {
                *s = m + ln_with::<FMA>(*s);
            }
            if on_label != 0.0 {
                total += on_label
                    * sum
                        .iter()
                        .zip(picked.iter())
                        .map(|(&lse, &z)| lse - z)
                        .sum::<f64>();
            }
            if uniform != 0.0 {
                let spread = &mut spread[..len];
                spread.fill(0.0);
                for c in 0..classes {
                    for ((d, &lse), &z) in spread.iter_mut().zip(sum.iter()).zip(&column(c)[start..end])
                    {
                        *d += lse - z;
                    }
                }
                total += uniform * spread.iter().sum::<f64>();
            }
        }
        (total, labels_valid)
    }
}

/// [`classification::softmax_cross_entropy`] for integer labels, in one pass
/// over the logits and without any intermediate matrix.
///
/// The readable version builds a one-hot matrix, a smoothed copy of it and a
/// log-softmax copy of the logits, and walks the logits row by row, which
/// in nalgebra's column-major storage is a stride of a whole column. Here a
/// block of [`ROW_BLOCK`] rows is processed column by column (contiguous
/// memory): row maxima, then `Σ_c exp(z_c − max)` with [`fast_exp`] and the
/// logit of the true class picked by a select, then
/// `ℓᵢ = (1 − s)(lse − z_label) + (s/C) Σ_c (lse − z_c)`.
/// Probability targets are passed to the readable function.
///
/// Agrees with [`classification::softmax_cross_entropy`] to about
/// `10⁻¹³` relative.
pub fn softmax_cross_entropy_fast(
    logits: &DMatrix<f64>,
    targets: ClassTargets<'_>,
    label_smoothing: f64,
) -> Result<f64> {
    let labels = match targets {
        ClassTargets::Labels(labels) => labels,
        ClassTargets::Probabilities(_) => {
            return classification::softmax_cross_entropy(logits, targets, label_smoothing);
        }
    };
    parameter("label_smoothing", label_smoothing, "in [0, 1]", |s| {
        (0.0..=1.0).contains(&s)
    })?;
    let rows = logits.nrows();
    if logits.is_empty() || labels.len() != rows {
        return classification::softmax_cross_entropy(logits, targets, label_smoothing);
    }
    let (total, labels_valid) = softmax_cross_entropy_total(
        simd_level(),
        logits.as_slice(),
        rows,
        labels,
        label_smoothing,
    );
    if !labels_valid {
        return classification::softmax_cross_entropy(logits, targets, label_smoothing);
    }
    Ok(total / rows as f64)
}

// ---------------------------------------------------------------------------
// Optimizer steps: one fused pass over the teaching kernels, vectorised.
// ---------------------------------------------------------------------------

// The readable steps index `DVector`s element by element (a bounds check
// each) and run their option checks inside the loop; AdamW's decay is a
// second pass over θ. Here each step is one pass over plain slices, its
// options settled once per call, and the loop body is the optimizer's own
// per-element rule (`sgd_update`, `adam_update`, …), so there is one
// implementation of every rule. Compiled for AVX2 and AVX-512 as well (idea
// 6): the √ and ÷ of RMSprop and Adam then run four or eight at a time, which
// is what keeps them at the memory bound. No instruction is fused (Rust
// never contracts `a·b + c`), so every result is bit for bit the readable
// step's.

multiversion! {
    /// `θ ← θ − η(g + λθ)` over the arrays.
    fn sgd_pass(params: &mut [f64], grad: &[f64], lr: f64, weight_decay: f64) -> () {
        for (theta, &g) in params.iter_mut().zip(grad) {
            sgd_update(theta, g + weight_decay * *theta, lr);
        }
    }
}

multiversion! {
    /// Heavy-ball or Nesterov momentum over the arrays, PyTorch's form.
    fn momentum_pass(
        params: &mut [f64],
        grad: &[f64],
        buffer: &mut [f64],
        sgd: &Sgd,
        dampening: f64,
    ) -> () {
        let Sgd { lr, momentum, weight_decay, nesterov, .. } = *sgd;
        let elements = params.iter_mut().zip(grad).zip(buffer.iter_mut());
        if nesterov {
            for ((theta, &g), b) in elements {
                nesterov_update(theta, b, g + weight_decay * *theta, lr, momentum);
            }
        } else {
            for ((theta, &g), b) in elements {
                let g = g + weight_decay * *theta;
                momentum_update(theta, b, (1.0 - dampening) * g, lr, momentum);
            }
        }
    }
}

// ANCHOR: sgd_step_fast
/// [`Sgd`]'s step (`Optimizer::step`) in one pass: the momentum, Nesterov
/// and first-step choices made once per call instead of once per element.
/// Bit for bit the readable step.
pub fn sgd_step_fast(
    sgd: &Sgd,
    state: &mut SgdState,
    params: &mut DVector<f64>,
    grad: &DVector<f64>,
) -> Result<()> {
    crate::optim::check_step(params, grad, state.momentum_buffer.len())?;
    let (params, grad) = (params.as_mut_slice(), grad.as_slice());
    if sgd.momentum == 0.0 {
        sgd_pass(simd_level(), params, grad, sgd.lr, sgd.weight_decay);
    } else {
        // PyTorch's first buffer is the raw gradient, undampened: `μ·0 + 1·g`.
        let dampening = if state.steps == StepCount(0) {
            state.momentum_buffer.fill(0.0);
            0.0
        } else {
            sgd.dampening
        };
        let buffer = state.momentum_buffer.as_mut_slice();
        momentum_pass(simd_level(), params, grad, buffer, sgd, dampening);
    }
    state.steps.advance();
    Ok(())
}
// ANCHOR_END: sgd_step_fast

multiversion! {
    /// RMSprop (not centered, no momentum) over the arrays.
    fn rmsprop_pass(params: &mut [f64], grad: &[f64], square_avg: &mut [f64], rmsprop: &RmsProp) -> () {
        let RmsProp { lr, alpha, eps, weight_decay, .. } = *rmsprop;
        for ((theta, &g), s) in params.iter_mut().zip(grad).zip(square_avg.iter_mut()) {
            rmsprop_update(theta, s, g + weight_decay * *theta, lr, alpha, eps);
        }
    }
}

/// [`RmsProp`]'s step for the common case (not centered, no momentum) in one
/// pass; other settings are passed to the readable step. Bit for bit the
/// readable step.
pub fn rmsprop_step_fast(
    rmsprop: &RmsProp,
    state: &mut RmsPropState,
    params: &mut DVector<f64>,
    grad: &DVector<f64>,
) -> Result<()> {
    if rmsprop.centered || rmsprop.momentum > 0.0 {
        return crate::optim::Optimizer::step(rmsprop, state, params, grad);
    }
    crate::optim::check_step(params, grad, state.square_avg.len())?;
    state.steps.advance();
    let (params, grad) = (params.as_mut_slice(), grad.as_slice());
    rmsprop_pass(
        simd_level(),
        params,
        grad,
        state.square_avg.as_mut_slice(),
        rmsprop,
    );
    Ok(())
}

// ANCHOR: adam_pass
multiversion! {
    /// Adam over the arrays at the state's step `t`, each θ first multiplied
    /// by `decay` (AdamW's `1 − ηλ`; exactly 1 for Adam, which leaves θ as it is).
    fn adam_pass(params: &mut [f64], grad: &[f64], state: &mut AdamState, adam: &Adam, decay: f64) -> () {
        let t = state.steps;
        let (m, v) = (state.m.as_mut_slice(), state.v.as_mut_slice());
        let elements = params.iter_mut().zip(grad).zip(m.iter_mut()).zip(v.iter_mut());
        for (((theta, &g), m), v) in elements {
            *theta *= decay;
            let g = g + adam.weight_decay * *theta;
            // The bias corrections are the same for every element; LLVM
            // hoists them out of the loop.
            adam_update(theta, m, v, g, adam, t);
        }
    }
}
// ANCHOR_END: adam_pass

// ANCHOR: adam_step_fast
/// [`Adam`]'s step without AMSGrad in one pass (AMSGrad is passed to the
/// readable step). Bit for bit the readable step.
pub fn adam_step_fast(
    adam: &Adam,
    state: &mut AdamState,
    params: &mut DVector<f64>,
    grad: &DVector<f64>,
) -> Result<()> {
    if adam.amsgrad {
        return crate::optim::Optimizer::step(adam, state, params, grad);
    }
    crate::optim::check_step(params, grad, state.m.len())?;
    crate::optim::check_step(params, grad, state.v.len())?;
    state.steps.advance();
    let (params, grad) = (params.as_mut_slice(), grad.as_slice());
    adam_pass(simd_level(), params, grad, state, adam, 1.0);
    Ok(())
}
// ANCHOR_END: adam_step_fast

/// [`AdamW`]'s step without AMSGrad in one pass: the decoupled decay
/// `θ ← (1 − ηλ)θ` rides along in Adam's loop instead of a pass of its own.
/// Bit for bit the readable step.
pub fn adamw_step_fast(
    adamw: &AdamW,
    state: &mut AdamState,
    params: &mut DVector<f64>,
    grad: &DVector<f64>,
) -> Result<()> {
    if adamw.amsgrad {
        return crate::optim::Optimizer::step(adamw, state, params, grad);
    }
    crate::optim::check_step(params, grad, state.m.len())?;
    crate::optim::check_step(params, grad, state.v.len())?;
    state.steps.advance();
    let adam = Adam {
        lr: adamw.lr,
        beta1: adamw.beta1,
        beta2: adamw.beta2,
        eps: adamw.eps,
        weight_decay: 0.0,
        amsgrad: false,
    };
    let decay = 1.0 - adamw.lr * adamw.weight_decay;
    let (params, grad) = (params.as_mut_slice(), grad.as_slice());
    adam_pass(simd_level(), params, grad, state, &adam, decay);
    Ok(())
}

// ---------------------------------------------------------------------------
// Least-squares training epochs.
// ---------------------------------------------------------------------------

/// Cache lines (of 8 f64) a streaming loop prefetches ahead of itself:
/// 4 KB per stream. A single core keeps only so many cache misses in flight,
/// and the hardware prefetcher alone does not fill them; on the benchmark
/// machine this takes MSE at 10⁷ from 12 ms to 10 ms.
const PREFETCH_LINES: usize = 64;

/// Samples ahead of the current one whose features are prefetched.
const PREFETCH_AHEAD: usize = 8;

/// Asks the CPU to start loading `data[index..]` into cache; no effect on
/// the result (and none at all off x86-64).
#[inline(always)]
fn prefetch(data: &[f64], index: usize) {
    #[cfg(target_arch = "x86_64")]
    if let Some(value) = data.get(index) {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        // SAFETY: SSE is part of the x86-64 baseline, and a prefetch only
        // hints the cache: it never dereferences, faults or changes memory.
        unsafe { _mm_prefetch::<_MM_HINT_T0>(std::ptr::from_ref(value).cast()) };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (data, index);
}

/// Prefetches the features and target of the sample at `position` in `order`.
#[inline(always)]
fn prefetch_sample(x: &[f64], y: &[f64], d: usize, order: &[usize], position: usize) {
    if let Some(&ahead) = order.get(position) {
        prefetch(x, ahead * d);
        prefetch(x, ahead * d + d - 1);
        prefetch(y, ahead);
    }
}

/// `xᵀθ` with four partial sums.
#[inline(always)]
fn dot(x: &[f64], theta: &[f64]) -> f64 {
    let (x_chunks, x_tail) = x.as_chunks::<4>();
    let (t_chunks, t_tail) = theta.as_chunks::<4>();
    let mut partial = [0.0; 4];
    for (xs, ts) in x_chunks.iter().zip(t_chunks) {
        for ((sum, &a), &b) in partial.iter_mut().zip(xs).zip(ts) {
            *sum += a * b;
        }
    }
    let tail: f64 = x_tail.iter().zip(t_tail).map(|(&a, &b)| a * b).sum();
    (partial[0] + partial[1]) + (partial[2] + partial[3]) + tail
}

/// `MSE(θ) = (1/N) Σᵢ (xᵢᵀθ − yᵢ)²` in one pass, without the residual vector.
fn least_squares_mse(x: &[f64], y: &[f64], theta: &[f64]) -> f64 {
    let d = theta.len();
    let mut partial = [0.0; 4];
    for (i, (sample, &target)) in x.chunks_exact(d).zip(y).enumerate() {
        // About 4 KB ahead in the features, one line per sample or fewer.
        prefetch(x, (i * d + PREFETCH_LINES * LANES).next_multiple_of(LANES));
        prefetch(y, i + PREFETCH_LINES * LANES);
        let r = dot(sample, theta) - target;
        partial[i % 4] += r * r;
    }
    ((partial[0] + partial[1]) + (partial[2] + partial[3])) / y.len() as f64
}

/// [`crate::train::train`] on a [`crate::objective::LinearRegression`] with
/// plain SGD ([`Sgd`] at `lr`, no momentum, no decay), fused: one reused
/// gradient buffer instead of a new vector per batch, the next samples of
/// the shuffled order prefetched, and the end-of-epoch MSE computed without
/// a residual vector.
///
/// `features_by_sample` is `d × N`, one sample per column: `Xᵀ` for the
/// usual `N × d` design matrix `X`. The shuffles are `train`'s (same seed,
/// same order), so the report agrees with `train`'s to rounding: about
/// `10⁻¹²` relative after a few epochs on well-conditioned data.
pub fn least_squares_sgd_fast(
    features_by_sample: &DMatrix<f64>,
    targets: &DVector<f64>,
    initial: DVector<f64>,
    lr: f64,
    epochs: usize,
    batching: Batching,
    seed: u64,
) -> Result<TrainReport> {
    let (d, samples) = features_by_sample.shape();
    if targets.len() != samples {
        return Err(Error::LengthMismatch {
            left_name: "samples (columns of features_by_sample)",
            left: samples,
            right_name: "targets",
            right: targets.len(),
        });
    }
    if initial.len() != d {
        return Err(Error::LengthMismatch {
            left_name: "features (rows of features_by_sample)",
            left: d,
            right_name: "params",
            right: initial.len(),
        });
    }
    if features_by_sample.is_empty() {
        return Err(Error::Empty { what: "X" });
    }
    let batch_size = match batching {
        Batching::Full => samples,
        Batching::MiniBatch(0) => return Err(Error::ZeroBatchSize),
        Batching::MiniBatch(size) => size,
    };
    positive("lr", lr)?;
    let x = features_by_sample.as_slice();
    let y = targets.as_slice();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut order: Vec<usize> = (0..samples).collect();
    let mut params = initial;
    let mut gradient = vec![0.0; d];
    let mut report = TrainReport::start(&params, epochs);
    for _ in 0..epochs {
        if batching != Batching::Full {
            order.shuffle(&mut rng);
        }
        for (b, batch) in order.chunks(batch_size).enumerate() {
            let theta = params.as_mut_slice();
            let first = b * batch_size;
            // `g / |B|` as a product where that is exact (|B| a power of two).
            let size = batch.len() as f64;
            let inverse = batch.len().is_power_of_two().then(|| 1.0 / size);
            if let [i] = *batch {
                // Per-sample SGD: θ ← θ − η (r x), no gradient buffer at all.
                prefetch_sample(x, y, d, &order, first + PREFETCH_AHEAD);
                let sample = &x[i * d..(i + 1) * d];
                let residual = dot(sample, theta) - y[i];
                for (t, &xi) in theta.iter_mut().zip(sample) {
                    *t -= lr * (residual * xi);
                }
            } else {
                gradient.fill(0.0);
                for (k, &i) in batch.iter().enumerate() {
                    prefetch_sample(x, y, d, &order, first + k + PREFETCH_AHEAD);
                    let sample = &x[i * d..(i + 1) * d];
                    let residual = dot(sample, theta) - y[i];
                    for (g, &xi) in gradient.iter_mut().zip(sample) {
                        *g += residual * xi;
                    }
                }
                for (t, &g) in theta.iter_mut().zip(&gradient) {
                    let mean = match inverse {
                        Some(inverse) => g * inverse,
                        None => g / size,
                    };
                    *t -= lr * mean;
                }
            }
            report.steps += 1;
        }
        report
            .loss_history
            .push(least_squares_mse(x, y, params.as_slice()));
        report.param_history.push(params.clone());
    }
    report.params = params;
    Ok(report)
}
