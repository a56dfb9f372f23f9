//! The figure of the experiment `weight_decay` (AdamW vs Adam + L2,
//! Loshchilov & Hutter 2019), drawn from its committed results.

use plotters::prelude::*;

use super::experiment_data::{array, number, padded, results};
use super::plot::{self, Axes, Curve};
use super::{Figure, Result};

/// `experiment_weight_decay.svg`.
pub const FIGURE: Figure = Figure {
    file: "experiment_weight_decay.svg",
    title: "Digits MLP: validation accuracy over η × λ (mean of 5 seeds)",
    caption: "Each curve is one decay λ. Adam + L2 peaks at η = 0.01 with λ = 0.001 \
              (97.7 %), AdamW at η = 0.001 with λ = 0.001 (97.5 %). The largest decay \
              costs accuracy at the largest rate: at η = 0.03, λ = 0.01 drops Adam + L2 to \
              92.0 % and λ = 1 drops AdamW to 93.5 %.",
    render,
};

/// Per method (Adam + L2, then AdamW), one curve per decay λ: mean
/// validation accuracy against `log₁₀ η`.
pub fn data() -> Result<Vec<(String, Vec<Curve>)>> {
    let json = results("weight_decay")?;
    array(&json["methods"], "methods")?
        .iter()
        .map(|entry| {
            let name = entry["method"].as_str().unwrap_or("?").to_string();
            let key = if name == "AdamW" {
                "weight_decay"
            } else {
                "l2"
            };
            let mut curves: Vec<(f64, Vec<(f64, f64)>)> = Vec::new();
            for point in array(&entry["sweep"], "sweep")? {
                let lambda = number(&point[key], key)?;
                let xy = (
                    number(&point["lr"], "lr")?.log10(),
                    number(&point["validation_accuracy"], "validation accuracy")?,
                );
                match curves.iter_mut().find(|(l, _)| *l == lambda) {
                    Some((_, points)) => points.push(xy),
                    None => curves.push((lambda, vec![xy])),
                }
            }
            let curves = curves
                .into_iter()
                .map(|(lambda, mut points)| {
                    points.sort_by(|a, b| a.0.total_cmp(&b.0));
                    Curve::new(format!("λ = {lambda}"), points)
                })
                .collect();
            Ok((name, curves))
        })
        .collect()
}

fn render() -> Result<String> {
    let data = data()?;
    let all: Vec<(f64, f64)> = data
        .iter()
        .flat_map(|(_, curves)| curves.iter().flat_map(|c| c.points.iter().copied()))
        .collect();
    let fold = |f: fn(&(f64, f64)) -> f64, pick: fn(f64, f64) -> f64, start: f64| {
        all.iter().map(f).fold(start, pick)
    };
    let x = padded(
        fold(|p| p.0, f64::min, f64::INFINITY),
        fold(|p| p.0, f64::max, f64::NEG_INFINITY),
    );
    let y = padded(fold(|p| p.1, f64::min, f64::INFINITY), 1.0);
    plot::svg(FIGURE.title, |area| {
        let halves = plot::panels(area, data.len());
        for (i, ((name, curves), half)) in data.iter().zip(&halves).enumerate() {
            let mut chart = plot::linear_chart(
                half,
                &Axes {
                    caption: Some(name),
                    x_label: "log₁₀ η",
                    y_label: if i == 0 { "validation accuracy" } else { "" },
                    x: x.clone(),
                    y: y.clone(),
                },
            )?;
            plot::draw_all(&mut chart, curves, SeriesLabelPosition::LowerRight)?;
        }
        Ok(())
    })
}
