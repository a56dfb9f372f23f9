//! Figures for the metric-learning losses: contrastive and triplet.

use nalgebra::DMatrix;
use plotters::prelude::*;

use super::plot::{self, Axes, Curve, linspace};
use super::{Figure, Result};
use crate::loss::metric::{contrastive_loss, triplet_margin_loss};

/// The contrastive margin `m` of [`CONTRASTIVE`].
pub const MARGIN: f64 = 1.0;

/// `metric_losses.svg`.
pub const CONTRASTIVE: Figure = Figure {
    file: "metric_losses.svg",
    title: "Contrastive loss (margin m = 1)",
    caption: "A similar pair (y = 0) is pulled together with loss ½D² however close it is; \
              a dissimilar pair (y = 1) costs ½(m − D)² only while it is closer than the \
              margin m = 1, and nothing once D ≥ m.",
    render: render_contrastive,
};

/// The contrastive loss of one pair at distance `D ∈ [0, 2]` (step 0.01):
/// similar (`y = 0`) first, then dissimilar (`y = 1`).
pub fn contrastive_data() -> Result<Vec<Curve>> {
    let d = linspace(0.0, 2.0, 201);
    Ok(vec![
        Curve::sample("similar pair, y = 0: ½D²", &d, |d| {
            contrastive_loss(&[0.0], &[d], MARGIN)
        })?,
        Curve::sample("dissimilar pair, y = 1: ½max(0, m − D)²", &d, |d| {
            contrastive_loss(&[1.0], &[d], MARGIN)
        })?,
    ])
}

fn render_contrastive() -> Result<String> {
    let curves = contrastive_data()?;
    plot::svg(CONTRASTIVE.title, |area| {
        let mut chart = plot::linear_chart(
            area,
            &Axes {
                caption: None,
                x_label: "distance D between the two embeddings",
                y_label: "loss",
                x: 0.0..2.0,
                y: 0.0..2.05,
            },
        )?;
        let margin = Curve::new("", vec![(MARGIN, 0.0), (MARGIN, 2.05)]);
        plot::draw_curve(&mut chart, &margin, plot::reference(1))?;
        plot::annotate(
            &mut chart,
            "margin m",
            (MARGIN + 0.02, 1.2),
            plot::REFERENCE_TEXT,
        )?;
        plot::draw_all(&mut chart, &curves, SeriesLabelPosition::UpperLeft)
    })
}

/// `triplet_loss.svg`.
pub const TRIPLET: Figure = Figure {
    file: "triplet_loss.svg",
    title: "Triplet loss max(0, d(a, p) − d(a, n) + m)",
    caption: "The triplet loss is a hinge in s = d(a, p) − d(a, n): zero once the negative \
              is farther from the anchor than the positive by at least the margin (s ≤ −m), \
              and s + m, rising with slope 1, otherwise.",
    render: render_triplet,
};

/// The margins of [`TRIPLET`].
pub const TRIPLET_MARGINS: [f64; 3] = [0.5, 1.0, 2.0];

/// The distance of the negative from the anchor in [`triplet_data`].
const NEGATIVE_DISTANCE: f64 = 3.0;

/// The distance gap grid of [`TRIPLET`]: `s ∈ [−3, 2]` in steps of 0.01.
pub fn gap_grid() -> Vec<f64> {
    linspace(-NEGATIVE_DISTANCE, 2.0, 501)
}

/// The triplet loss against `s = d(a, p) − d(a, n)` for each of
/// [`TRIPLET_MARGINS`].
///
/// Each point is one 1-D triplet: anchor 0, negative at 3, positive at
/// `3 + s`. PyTorch's distance `|a − b + ε|` shifts both distances by the
/// same `ε` (both points lie on the same side of the anchor), so their
/// difference is exactly `s`.
pub fn triplet_data() -> Result<Vec<Curve>> {
    let s = gap_grid();
    let one = |x: f64| DMatrix::from_element(1, 1, x);
    TRIPLET_MARGINS
        .iter()
        .map(|&margin| {
            Curve::sample(format!("margin m = {margin}"), &s, |s| {
                triplet_margin_loss(
                    &one(0.0),
                    &one(NEGATIVE_DISTANCE + s),
                    &one(NEGATIVE_DISTANCE),
                    margin,
                )
            })
        })
        .collect()
}

fn render_triplet() -> Result<String> {
    let curves = triplet_data()?;
    plot::svg(TRIPLET.title, |area| {
        let mut chart = plot::linear_chart(
            area,
            &Axes {
                caption: None,
                x_label: "s = d(a, p) − d(a, n)",
                y_label: "loss",
                x: -3.0..2.0,
                y: 0.0..4.1,
            },
        )?;
        plot::draw_all(&mut chart, &curves, SeriesLabelPosition::UpperLeft)
    })
}
