//! Metric-learning losses: contrastive and triplet (article: Contrastive Loss,
//! Triplet Loss). They act on distances between embeddings, not on labels.

use nalgebra::DMatrix;

use super::classification::{ClassTargets, softmax_cross_entropy, softmax_cross_entropy_gradient};
use super::reduction::per_row;
use super::{gradient_over, mean_over, positive_part};
use crate::error::{Error, Result, positive, same_len};

fn check_contrastive(label: &[f64], distance: &[f64], margin: f64) -> Result<()> {
    positive("margin", margin)?;
    same_len("label", label, "distance", distance)?;
    if let Some(index) = label
        .iter()
        .position(|&y| y != 0.0 && y != 1.0 && !y.is_nan())
    {
        return Err(Error::NotBinary {
            what: "label",
            index,
            value: label[index],
        });
    }
    if let Some(index) = distance.iter().position(|&d| d < 0.0) {
        return Err(Error::NegativeDistance {
            index,
            value: distance[index],
        });
    }
    Ok(())
}

// ANCHOR: contrastive_loss
/// Contrastive loss (Hadsell, Chopra & LeCun 2006) in the article's
/// convention, **`y = 1` for a dissimilar pair** and `y = 0` for a similar one:
/// `ℓ(y, D) = (1 − y) ½D² + y ½ max(0, m − D)²`.
///
/// Similar pairs are pulled together; dissimilar pairs are pushed apart
/// until they are at least the margin `m > 0` apart, and then left alone.
pub fn contrastive_loss(label: &[f64], distance: &[f64], margin: f64) -> Result<f64> {
    check_contrastive(label, distance, margin)?;
    mean_over(label, distance, |y, d| {
        let gap = positive_part(margin - d);
        (1.0 - y) * 0.5 * d * d + y * 0.5 * gap * gap
    })
}
// ANCHOR_END: contrastive_loss

// ANCHOR: contrastive_gradient
/// Gradient of [`contrastive_loss`] with respect to the distances:
/// `∂L/∂Dᵢ = [(1 − yᵢ) Dᵢ − yᵢ max(0, m − Dᵢ)]/N`.
pub fn contrastive_loss_gradient(label: &[f64], distance: &[f64], margin: f64) -> Result<Vec<f64>> {
    check_contrastive(label, distance, margin)?;
    gradient_over(label, distance, |y, d| {
        (1.0 - y) * d - y * positive_part(margin - d)
    })
}
// ANCHOR_END: contrastive_gradient

/// PyTorch's `pairwise_distance` adds this to every coordinate difference,
/// `d(a, b) = ‖a − b + ε‖₂`, so that the distance of identical points has a
/// gradient. It shifts distances by at most `ε√D`.
pub const TRIPLET_EPSILON: f64 = 1e-6;

/// The gradients of [`triplet_margin_loss`], one matrix per input.
#[derive(Debug, Clone, PartialEq)]
pub struct TripletGradient {
    pub anchor: DMatrix<f64>,
    pub positive: DMatrix<f64>,
    pub negative: DMatrix<f64>,
}

impl TripletGradient {
    /// Three zero matrices of `rows × cols`: the gradient of inactive triplets.
    fn zeros(rows: usize, cols: usize) -> Self {
        let zeros = DMatrix::zeros(rows, cols);
        Self {
            anchor: zeros.clone(),
            positive: zeros.clone(),
            negative: zeros,
        }
    }

    /// Row `i` of all three gradients set to NaN, so NaN in gives NaN out.
    fn poison_row(&mut self, i: usize) {
        self.anchor.row_mut(i).fill(f64::NAN);
        self.positive.row_mut(i).fill(f64::NAN);
        self.negative.row_mut(i).fill(f64::NAN);
    }
}

fn check_triplets(
    anchor: &DMatrix<f64>,
    positive_rows: &DMatrix<f64>,
    negative: &DMatrix<f64>,
    margin: f64,
) -> Result<()> {
    positive("margin", margin)?;
    for (name, other) in [("positive", positive_rows), ("negative", negative)] {
        if other.shape() != anchor.shape() {
            return Err(Error::ShapeMismatch {
                left_name: "anchor",
                left: anchor.shape(),
                right_name: name,
                right: other.shape(),
            });
        }
    }
    if anchor.is_empty() {
        return Err(Error::Empty { what: "anchor" });
    }
    Ok(())
}

/// `a − b + ε` for row `i`, and its Euclidean norm.
fn offset_and_distance(a: &DMatrix<f64>, b: &DMatrix<f64>, i: usize) -> (Vec<f64>, f64) {
    let offset: Vec<f64> = a
        .row(i)
        .iter()
        .zip(b.row(i).iter())
        .map(|(x, y)| x - y + TRIPLET_EPSILON)
        .collect();
    let distance = offset.iter().map(|d| d * d).sum::<f64>().sqrt();
    (offset, distance)
}

// ANCHOR: triplet_loss
/// Triplet margin loss over a batch, PyTorch's `TripletMarginLoss` (p = 2,
/// no swap): row `i` of each matrix is one anchor, positive and negative
/// embedding, and `L = (1/N) Σᵢ max(0, d(aᵢ, pᵢ) − d(aᵢ, nᵢ) + m)` with
/// `d(a, b) = ‖a − b + ε‖₂`, `ε =` [`TRIPLET_EPSILON`].
///
/// The article writes one triplet and the plain distance `‖a − b‖₂`.
pub fn triplet_margin_loss(
    anchor: &DMatrix<f64>,
    positive: &DMatrix<f64>,
    negative: &DMatrix<f64>,
    margin: f64,
) -> Result<f64> {
    check_triplets(anchor, positive, negative, margin)?;
    let total: f64 = (0..anchor.nrows())
        .map(|i| {
            let (_, d_pos) = offset_and_distance(anchor, positive, i);
            let (_, d_neg) = offset_and_distance(anchor, negative, i);
            positive_part(d_pos - d_neg + margin)
        })
        .sum();
    Ok(total / anchor.nrows() as f64)
}
// ANCHOR_END: triplet_loss

/// The per-triplet terms `max(0, d(aᵢ, pᵢ) − d(aᵢ, nᵢ) + m)` of
/// [`triplet_margin_loss`], PyTorch's `reduction="none"`.
pub fn triplet_margin_loss_elementwise(
    anchor: &DMatrix<f64>,
    positive: &DMatrix<f64>,
    negative: &DMatrix<f64>,
    margin: f64,
) -> Result<Vec<f64>> {
    let whole = triplet_margin_loss(anchor, positive, negative, margin);
    per_row(anchor.nrows(), whole, |i| {
        let row = |m: &DMatrix<f64>| m.rows(i, 1).into_owned();
        triplet_margin_loss(&row(anchor), &row(positive), &row(negative), margin)
    })
}

// ANCHOR: triplet_gradient
/// Gradient of [`triplet_margin_loss`]. For a triplet whose hinge is active,
/// `∂/∂p = −(a − p + ε)/d(a, p)/N`, `∂/∂n = (a − n + ε)/d(a, n)/N` and
/// `∂/∂a = −∂/∂p − ∂/∂n`; an inactive triplet contributes nothing.
pub fn triplet_margin_loss_gradient(
    anchor: &DMatrix<f64>,
    positive: &DMatrix<f64>,
    negative: &DMatrix<f64>,
    margin: f64,
) -> Result<TripletGradient> {
    check_triplets(anchor, positive, negative, margin)?;
    let n = anchor.nrows() as f64;
    let mut gradient = TripletGradient::zeros(anchor.nrows(), anchor.ncols());
    for i in 0..anchor.nrows() {
        let (to_positive, d_pos) = offset_and_distance(anchor, positive, i);
        let (to_negative, d_neg) = offset_and_distance(anchor, negative, i);
        let hinge = d_pos - d_neg + margin;
        if hinge.is_nan() {
            gradient.poison_row(i);
        } else if hinge > 0.0 {
            for k in 0..anchor.ncols() {
                let pull = to_positive[k] / (d_pos * n);
                let push = to_negative[k] / (d_neg * n);
                gradient.positive[(i, k)] = -pull;
                gradient.negative[(i, k)] = push;
                gradient.anchor[(i, k)] = pull - push;
            }
        }
    }
    Ok(gradient)
}
// ANCHOR_END: triplet_gradient

/// PyTorch's `F.normalize` floor for a row norm: `u = z / max(‖z‖, ε)`.
pub const NORMALIZE_EPSILON: f64 = 1e-12;

/// The two views stacked, `[a; b]`, each row scaled to unit length, and the
/// norms it was divided by.
fn stacked_unit_rows(a: &DMatrix<f64>, b: &DMatrix<f64>) -> (DMatrix<f64>, Vec<f64>) {
    let (n, d) = a.shape();
    let z = DMatrix::from_fn(
        2 * n,
        d,
        |k, j| if k < n { a[(k, j)] } else { b[(k - n, j)] },
    );
    let norms: Vec<f64> = z
        .row_iter()
        .map(|r| r.norm().max(NORMALIZE_EPSILON))
        .collect();
    let unit = DMatrix::from_fn(2 * n, d, |k, j| z[(k, j)] / norms[k]);
    (unit, norms)
}

fn check_views(a: &DMatrix<f64>, b: &DMatrix<f64>, temperature: f64) -> Result<()> {
    positive("temperature", temperature)?;
    if a.shape() != b.shape() {
        return Err(Error::ShapeMismatch {
            left_name: "a",
            left: a.shape(),
            right_name: "b",
            right: b.shape(),
        });
    }
    if a.is_empty() {
        return Err(Error::Empty { what: "a" });
    }
    Ok(())
}

// ANCHOR: nt_xent_logits
/// The logits of NT-Xent: cosine similarities `uₖ·uₗ/τ` of the `2N` stacked
/// rows, `−∞` on the diagonal (a row is not its own candidate), and each
/// row's label, the other view of the same example: `k ± N`.
fn nt_xent_logits(unit: &DMatrix<f64>, temperature: f64) -> (DMatrix<f64>, Vec<usize>) {
    let rows = unit.nrows();
    let mut logits = unit * unit.transpose() / temperature;
    logits.fill_diagonal(f64::NEG_INFINITY);
    let labels = (0..rows).map(|k| (k + rows / 2) % rows).collect();
    (logits, labels)
}
// ANCHOR_END: nt_xent_logits

// ANCHOR: nt_xent
/// NT-Xent, the InfoNCE loss of SimCLR (Chen et al. 2020): row `i` of `a`
/// and row `i` of `b` are two views of one example. With the `2N` rows
/// stacked and scaled to unit length, `sₖₗ = uₖ·uₗ/τ`, and
/// `L = (1/2N) Σₖ −log(e^{s_{k,pos(k)}} / Σ_{l≠k} e^{sₖₗ})`: softmax
/// cross-entropy that picks out the other view among the `2N − 1` others.
pub fn nt_xent_loss(a: &DMatrix<f64>, b: &DMatrix<f64>, temperature: f64) -> Result<f64> {
    check_views(a, b, temperature)?;
    let (unit, _) = stacked_unit_rows(a, b);
    let (logits, labels) = nt_xent_logits(&unit, temperature);
    softmax_cross_entropy(&logits, ClassTargets::Labels(&labels), 0.0)
}
// ANCHOR_END: nt_xent

// ANCHOR: nt_xent_gradient
/// Gradient of [`nt_xent_loss`], one matrix per view. With `G` the
/// cross-entropy gradient with respect to the logits, the chain rule through
/// `S = U Uᵀ/τ` gives `∂L/∂U = (G + Gᵀ) U / τ`, and through `u = z/‖z‖`
/// `∂L/∂zₖ = (∂L/∂uₖ − (uₖ·∂L/∂uₖ) uₖ) / ‖zₖ‖`.
pub fn nt_xent_loss_gradient(
    a: &DMatrix<f64>,
    b: &DMatrix<f64>,
    temperature: f64,
) -> Result<(DMatrix<f64>, DMatrix<f64>)> {
    check_views(a, b, temperature)?;
    let (unit, norms) = stacked_unit_rows(a, b);
    let (logits, labels) = nt_xent_logits(&unit, temperature);
    let g = softmax_cross_entropy_gradient(&logits, ClassTargets::Labels(&labels), 0.0)?;
    let d_unit = (&g + g.transpose()) * &unit / temperature;
    let mut d_z = d_unit.clone();
    for (k, mut row) in d_z.row_iter_mut().enumerate() {
        let along = unit.row(k).dot(&d_unit.row(k));
        row -= unit.row(k) * along;
        row /= norms[k];
    }
    let n = a.nrows();
    Ok((d_z.rows(0, n).into_owned(), d_z.rows(n, n).into_owned()))
}
// ANCHOR_END: nt_xent_gradient
