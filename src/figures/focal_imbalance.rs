//! The focal-loss experiment's figure, drawn from its committed results
//! `results/experiments/focal_imbalance.json`.

use plotters::prelude::SeriesLabelPosition;

use super::plot::{self, Axes, Curve};
use super::{Figure, FigureError, Result};

/// The committed results the figure is drawn from.
pub const RESULTS: &str = include_str!("../../results/experiments/focal_imbalance.json");

/// `experiments_focal_imbalance.svg`.
pub const FOCAL_IMBALANCE: Figure = Figure {
    file: "experiments_focal_imbalance.svg",
    title: "Focal loss on one digit against the rest",
    caption: CAPTION,
    render,
};

/// The caption, checked against the plotted data by `tests/figures.rs`.
pub const CAPTION: &str = "For each focusing parameter γ (γ = 0 is α-weighted BCE), the best \
    mean validation average precision over the grid of α and η, and the mean validation recall \
    of the minority class at that same setting (5 seeds each). The best AP stays between 0.860 \
    (γ = 0) and 0.866 (γ = 2): focusing barely moves it.";

/// The parsed results.
pub fn results() -> Result<serde_json::Value> {
    serde_json::from_str(RESULTS)
        .map_err(|e| FigureError::Drawing(format!("results/experiments/focal_imbalance.json: {e}")))
}

fn number(value: &serde_json::Value) -> Result<f64> {
    value
        .as_f64()
        .ok_or_else(|| FigureError::Drawing(format!("not a number in the results: {value}")))
}

/// Against γ: the best mean validation AP over α and η, and the mean
/// validation recall of the setting that reached it (the first on ties).
pub fn focal_data() -> Result<Vec<Curve>> {
    let results = results()?;
    let mut entries = Vec::new();
    for family in ["weighted_bce", "focal"] {
        let sweep = results[family]["sweep"]
            .as_array()
            .ok_or_else(|| FigureError::Drawing(format!("no sweep of {family}")))?;
        entries.extend(sweep.iter());
    }
    let mut gammas: Vec<f64> = entries
        .iter()
        .map(|e| number(&e["gamma"]))
        .collect::<Result<Vec<_>>>()?;
    gammas.sort_by(f64::total_cmp);
    gammas.dedup();
    let (mut ap, mut recall) = (Vec::new(), Vec::new());
    for gamma in gammas {
        let mut best: Option<(f64, f64)> = None;
        for entry in &entries {
            if number(&entry["gamma"])? == gamma {
                let value = number(&entry["validation_ap"])?;
                if best.is_none_or(|(b, _)| value > b) {
                    best = Some((value, number(&entry["validation_recall"])?));
                }
            }
        }
        let (a, r) = best.expect("every γ has a setting");
        ap.push((gamma, a));
        recall.push((gamma, r));
    }
    Ok(vec![
        Curve::new("validation AP (best α, η)", ap),
        Curve::new("validation recall at that setting", recall),
    ])
}

fn render() -> Result<String> {
    let curves = focal_data()?;
    plot::svg(FOCAL_IMBALANCE.title, |area| {
        let mut chart = plot::linear_chart(
            area,
            &Axes {
                caption: None,
                x_label: "focusing parameter γ",
                y_label: "digit 8 against the rest",
                x: -0.1..5.1,
                y: Y_RANGE.0..Y_RANGE.1,
            },
        )?;
        for (i, curve) in curves.iter().enumerate() {
            let style = plot::marker_style(i, plot::Marker::Circle);
            plot::draw_curve(&mut chart, curve, style)?;
        }
        let entries: Vec<_> = curves
            .iter()
            .enumerate()
            .map(|(i, c)| {
                (
                    c.label.as_str(),
                    plot::marker_style(i, plot::Marker::Circle),
                )
            })
            .collect();
        plot::legend(&chart, &entries, SeriesLabelPosition::LowerLeft)
    })
}

/// The y axis.
pub const Y_RANGE: (f64, f64) = (0.8, 1.0);
