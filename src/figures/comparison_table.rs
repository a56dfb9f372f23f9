//! The comparison-table experiment's figure, drawn from its committed
//! results `results/experiments/comparison_table.json`.

use plotters::prelude::SeriesLabelPosition;

use super::plot::{self, Axes, Curve, Marker};
use super::{Figure, FigureError, Result};

/// The committed results the figure is drawn from.
pub const RESULTS: &str = include_str!("../../results/experiments/comparison_table.json");

/// `experiments_comparison_table.svg`.
pub const COMPARISON_TABLE: Figure = Figure {
    file: "experiments_comparison_table.svg",
    title: "The comparison table's rules of thumb, measured",
    caption: CAPTION,
    render,
};

/// The caption, checked against the plotted data by `tests/figures.rs`.
pub const CAPTION: &str = "Left: on the noisy κ = 100 quadratic, the mean loss over the last \
    100 of 1000 steps against the gradient noise σ (mean over 5 seeds): tuned momentum is 1.5 \
    to 1.6 times below tuned SGD at every σ, and SGD at momentum's effective rate η/(1 − β) \
    lands on tuned SGD, not on momentum. Right: the digits MLP's mean validation accuracy \
    against η for SGD and Adam over the same grid; the rings are Adam at 1e-4, 3e-4 and 1e-3, \
    the last of which is Adam's best rate.";

/// The parsed results.
pub fn results() -> Result<serde_json::Value> {
    serde_json::from_str(RESULTS).map_err(|e| {
        FigureError::Drawing(format!("results/experiments/comparison_table.json: {e}"))
    })
}

fn number(value: &serde_json::Value) -> Result<f64> {
    value
        .as_f64()
        .ok_or_else(|| FigureError::Drawing(format!("not a number in the results: {value}")))
}

fn array<'a>(value: &'a serde_json::Value, key: &str) -> Result<&'a Vec<serde_json::Value>> {
    value[key]
        .as_array()
        .ok_or_else(|| FigureError::Drawing(format!("no array {key} in the results")))
}

/// The left panel: `(log₁₀ σ, mean late loss)` per method.
pub fn momentum_data() -> Result<Vec<Curve>> {
    let results = results()?;
    let rows = array(&results["momentum_noisy_quadratic"], "rows")?;
    let curve = |label: &str, key: &str| -> Result<Curve> {
        let points = rows
            .iter()
            .map(|row| {
                Ok((
                    number(&row["sigma"])?.log10(),
                    number(&row[key]["spread"]["mean"])?,
                ))
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Curve::new(label, points))
    };
    Ok(vec![
        curve("SGD, tuned η", "sgd")?,
        curve("momentum, tuned η and β", "momentum")?,
        curve("SGD at η/(1 − β): under SGD", "sgd_at_effective_rate")?,
    ])
}

/// The right panel: `(log₁₀ η, mean validation accuracy)` for SGD and Adam,
/// and the points of Adam's recommended rates.
pub fn sweep_data() -> Result<(Vec<Curve>, Curve)> {
    let results = results()?;
    let mlp = &results["mlp"];
    let curve = |label: &str, key: &str| -> Result<Curve> {
        let points = array(&mlp[key], "sweep")?
            .iter()
            .map(|entry| {
                Ok((
                    number(&entry["lr"])?.log10(),
                    number(&entry["validation_accuracy"])?,
                ))
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Curve::new(label, points))
    };
    let defaults = array(mlp, "adam_defaults")?
        .iter()
        .map(|entry| {
            Ok((
                number(&entry["lr"])?.log10(),
                number(&entry["validation_accuracy"])?,
            ))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok((
        vec![curve("SGD", "sgd")?, curve("Adam", "adam")?],
        Curve::new("Adam at 1e-4, 3e-4, 1e-3", defaults),
    ))
}

fn render() -> Result<String> {
    let momentum = momentum_data()?;
    let (sweeps, defaults) = sweep_data()?;
    plot::svg(COMPARISON_TABLE.title, |area| {
        let halves = plot::panels(area, 2);
        let mut left = plot::log_y_chart(
            &halves[0],
            &Axes {
                caption: Some("noisy quadratic, κ = 100"),
                x_label: "log₁₀ σ",
                y_label: "mean f over the last 100 steps",
                x: -2.1..0.1,
                y: LOSS_RANGE.0..LOSS_RANGE.1,
            },
        )?;
        plot::draw_all(&mut left, &momentum, SeriesLabelPosition::UpperLeft)?;
        let mut right = plot::linear_chart(
            &halves[1],
            &Axes {
                caption: Some("digits MLP, 40 epochs of B = 32"),
                x_label: "log₁₀ η",
                y_label: "",
                x: -5.2..1.2,
                y: 0.0..1.0,
            },
        )?;
        plot::draw_curves(&mut right, &sweeps)?;
        let marker = plot::point_style(plot::PALETTE[6], Marker::Ring);
        plot::draw_markers(&mut right, defaults.points.iter().copied(), marker)?;
        let mut entries = plot::entries(&sweeps);
        entries.push((defaults.label.as_str(), marker));
        plot::legend(&right, &entries, SeriesLabelPosition::LowerRight)
    })
}

/// The loss axis of the left panel.
pub const LOSS_RANGE: (f64, f64) = (1e-7, 0.1);
