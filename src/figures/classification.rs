//! Figures for the classification losses: why cross-entropy rather than MSE
//! (FAQ Q1), and how focal loss down-weights easy examples.

use plotters::prelude::*;

use super::plot::{self, Axes, Curve, linspace};
use super::{Figure, Result};
use crate::loss::classification::{
    binary_cross_entropy, binary_cross_entropy_with_logits_gradient, focal_loss, sigmoid,
    sigmoid_mse_logit_gradient,
};
use crate::loss::regression::mse;

/// `bce_vs_mse.svg`.
pub const BCE_VS_MSE: Figure = Figure {
    file: "bce_vs_mse.svg",
    title: "Why not MSE for classification? A positive example, y = 1",
    caption: "As the predicted probability p of the true class goes to 0, BCE = −log p grows \
              without bound while MSE = (1 − p)² stays below 1. Against the logit z, BCE's \
              gradient σ(z) − 1 tends to −1, but MSE's 2(σ − 1)σ(1 − σ) vanishes: for \
              z ≤ −7 (p < 0.001) it is below 0.002 in magnitude while BCE's exceeds 0.999.",
    render: render_bce_vs_mse,
};

/// The data of [`BCE_VS_MSE`]: losses against `p`, gradients against `z`.
#[derive(Debug, Clone)]
pub struct BceVsMse {
    /// BCE and MSE for `y = 1` against `p ∈ [0.01, 1]`.
    pub loss: Vec<Curve>,
    /// `∂L/∂z` of BCE-with-logits and of MSE on `σ(z)`, for `z ∈ [−8, 8]`.
    pub gradient: Vec<Curve>,
}

/// The logit marked in [`BCE_VS_MSE`]: from here down, `p < 0.001`.
pub const SATURATED_LOGIT: f64 = -7.0;

/// The logit grid of [`BCE_VS_MSE`]: `z ∈ [−8, 8]` in steps of 0.05.
pub fn logit_grid() -> Vec<f64> {
    linspace(-8.0, 8.0, 321)
}

/// Both panels of [`BCE_VS_MSE`], from the library's losses and gradients.
pub fn bce_vs_mse_data() -> Result<BceVsMse> {
    let p = linspace(0.01, 1.0, 199);
    let z = logit_grid();
    let first = |g: crate::Result<Vec<f64>>| g.map(|g| g[0]);
    Ok(BceVsMse {
        loss: vec![
            Curve::sample("BCE: −log p", &p, |p| binary_cross_entropy(&[1.0], &[p]))?,
            Curve::sample("MSE: (1 − p)²", &p, |p| mse(&[1.0], &[p]))?,
        ],
        gradient: vec![
            Curve::sample("BCE: σ(z) − 1", &z, |z| {
                first(binary_cross_entropy_with_logits_gradient(&[1.0], &[z]))
            })?,
            Curve::sample("MSE: 2(σ − 1)σ(1 − σ)", &z, |z| {
                first(sigmoid_mse_logit_gradient(&[1.0], &[z]))
            })?,
        ],
    })
}

fn render_bce_vs_mse() -> Result<String> {
    let data = bce_vs_mse_data()?;
    plot::svg(BCE_VS_MSE.title, |area| {
        let halves = plot::panels(area, 2);
        let mut loss = plot::linear_chart(
            &halves[0],
            &Axes {
                caption: Some("loss"),
                x_label: "predicted probability p",
                y_label: "loss L",
                x: 0.0..1.0,
                y: 0.0..4.8,
            },
        )?;
        plot::draw_all(&mut loss, &data.loss, SeriesLabelPosition::UpperRight)?;
        let mut gradient = plot::linear_chart(
            &halves[1],
            &Axes {
                caption: Some("gradient w.r.t. the logit"),
                x_label: "logit z   (p = σ(z))",
                y_label: "",
                x: -8.0..8.0,
                y: -1.05..0.05,
            },
        )?;
        plot::draw_all(
            &mut gradient,
            &data.gradient,
            SeriesLabelPosition::LowerRight,
        )?;
        // Where the output is confidently wrong: p = σ(−7) < 0.001.
        let z = SATURATED_LOGIT;
        let line = Curve::new("", vec![(z, -1.05), (z, 0.05)]);
        plot::draw_curve(&mut gradient, &line, plot::reference(2))?;
        let label = format!("p = σ({z}) = {:.4}", sigmoid(z));
        plot::annotate(
            &mut gradient,
            &label.replace('-', "−"),
            (z + 0.3, -0.45),
            plot::REFERENCE_TEXT,
        )
    })
}

/// `focal_loss.svg`.
pub const FOCAL_LOSS: Figure = Figure {
    file: "focal_loss.svg",
    title: "Focal loss −(1 − pₜ)ᵞ log pₜ (Lin et al. 2017, fig. 1)",
    caption: "Raising γ down-weights well-classified examples: at pₜ = 0.9 the loss with \
              γ = 2 is 1% of the cross-entropy (γ = 0), while at pₜ = 0.1 it keeps 81% of it.",
    render: render_focal_loss,
};

/// The γ values of [`FOCAL_LOSS`], as in Lin et al.'s figure 1.
pub const FOCAL_GAMMAS: [f64; 5] = [0.0, 0.5, 1.0, 2.0, 5.0];

/// The focal loss of a positive example (`y = 1`, so `p_t = p`) with `α = 1`
/// (no class weighting), for each of [`FOCAL_GAMMAS`], over
/// `p_t = i/200`, `i = 1, …, 200`.
pub fn focal_loss_data() -> Result<Vec<Curve>> {
    let p: Vec<f64> = (1..=200).map(|i| f64::from(i) / 200.0).collect();
    FOCAL_GAMMAS
        .iter()
        .map(|&gamma| {
            let label = if gamma == 0.0 {
                "γ = 0 (cross-entropy)".to_string()
            } else {
                format!("γ = {gamma}")
            };
            Curve::sample(label, &p, |p| focal_loss(&[1.0], &[p], 1.0, gamma))
        })
        .collect()
}

fn render_focal_loss() -> Result<String> {
    let curves = focal_loss_data()?;
    plot::svg(FOCAL_LOSS.title, |area| {
        let mut chart = plot::linear_chart(
            area,
            &Axes {
                caption: None,
                x_label: "probability of the true class pₜ",
                y_label: "loss",
                x: 0.0..1.0,
                y: 0.0..5.0,
            },
        )?;
        plot::draw_all(&mut chart, &curves, SeriesLabelPosition::UpperRight)
    })
}
