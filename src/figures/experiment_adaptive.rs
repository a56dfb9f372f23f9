//! The figure of the experiment `adaptive_generalisation` (FAQ Q2, Wilson
//! et al. 2017), drawn from its committed results.

use plotters::prelude::*;

use super::experiment_data::{array, number, padded, results};
use super::plot::{self, Axes, Curve};
use super::{Figure, Result};

/// `experiment_adaptive.svg`.
pub const FIGURE: Figure = Figure {
    file: "experiment_adaptive.svg",
    title: "Digits MLP: SGD + momentum vs Adam vs AdamW (5 seeds)",
    caption: "Left: each method's mean validation accuracy over its learning rates (for \
              AdamW, its best λ at each η); the three best lie within 0.2 points of one \
              another. Right: the tuned methods' 95 % intervals of the test accuracy (thick) \
              and of the training accuracy (thin). The three test intervals overlap.",
    render,
};

/// The figure's data.
#[derive(Debug, Clone)]
pub struct Data {
    /// Per method, mean validation accuracy against `log₁₀ η` (AdamW: its
    /// best decay at each η).
    pub sweeps: Vec<Curve>,
    /// Per method at its tuned setting, the 95 % interval of the test
    /// accuracy drawn at `x = i + 1`: `[(x, low), (x, high)]`.
    pub test_intervals: Vec<Curve>,
    /// The same for the training accuracy, at `x = i + 1.25`.
    pub train_intervals: Vec<Curve>,
}

/// [`Data`] from `results/experiments/adaptive_generalisation.json`.
pub fn data() -> Result<Data> {
    let json = results("adaptive_generalisation")?;
    let mut data = Data {
        sweeps: Vec::new(),
        test_intervals: Vec::new(),
        train_intervals: Vec::new(),
    };
    for (i, entry) in array(&json["methods"], "methods")?.iter().enumerate() {
        let name = entry["method"].as_str().unwrap_or("?");
        // The best validation accuracy at each learning rate, in order of η.
        let mut best: Vec<(f64, f64)> = Vec::new();
        for point in array(&entry["sweep"], "sweep")? {
            let x = number(&point["lr"], "lr")?.log10();
            let y = number(&point["validation_accuracy"], "validation accuracy")?;
            match best.iter_mut().find(|(bx, _)| *bx == x) {
                Some(slot) => slot.1 = slot.1.max(y),
                None => best.push((x, y)),
            }
        }
        best.sort_by(|a, b| a.0.total_cmp(&b.0));
        data.sweeps.push(Curve::new(name, best));
        let interval = |key: &str, x: f64| -> Result<Curve> {
            let mean = number(&entry[key]["mean"], key)?;
            let half = number(&entry[key]["half_width"], key)?;
            Ok(Curve::new(name, vec![(x, mean - half), (x, mean + half)]))
        };
        data.test_intervals
            .push(interval("test_accuracy", i as f64 + 1.0)?);
        data.train_intervals
            .push(interval("train_accuracy", i as f64 + 1.25)?);
    }
    Ok(data)
}

fn render() -> Result<String> {
    let data = data()?;
    let ys = |curves: &[Curve]| -> Vec<f64> { curves.iter().flat_map(|c| c.ys()).collect() };
    let sweep_ys = ys(&data.sweeps);
    let sweep_low = sweep_ys.iter().copied().fold(f64::INFINITY, f64::min);
    let xs: Vec<f64> = data
        .sweeps
        .iter()
        .flat_map(|c| c.points.iter().map(|p| p.0))
        .collect();
    let x_low = xs.iter().copied().fold(f64::INFINITY, f64::min);
    let x_high = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut interval_ys = ys(&data.test_intervals);
    interval_ys.extend(ys(&data.train_intervals));
    let i_low = interval_ys.iter().copied().fold(f64::INFINITY, f64::min);
    let i_high = interval_ys
        .iter()
        .copied()
        .fold(f64::NEG_INFINITY, f64::max);
    plot::svg(FIGURE.title, |area| {
        let halves = plot::panels(area, 2);
        let mut sweep = plot::linear_chart(
            &halves[0],
            &Axes {
                caption: Some("validation accuracy over the sweep"),
                x_label: "log₁₀ η",
                y_label: "accuracy",
                x: padded(x_low, x_high),
                y: padded(sweep_low, 1.0),
            },
        )?;
        plot::draw_all(&mut sweep, &data.sweeps, SeriesLabelPosition::LowerRight)?;
        let mut bars = plot::linear_chart(
            &halves[1],
            &Axes {
                caption: Some("test (thick), training (thin): mean, 95 % CI"),
                x_label: "method",
                y_label: "",
                x: 0.5..data.test_intervals.len() as f64 + 0.75,
                y: padded(i_low, i_high),
            },
        )?;
        for (i, (test, train)) in data
            .test_intervals
            .iter()
            .zip(&data.train_intervals)
            .enumerate()
        {
            let style = plot::LineStyle {
                width: 6,
                ..plot::style(i)
            };
            plot::draw_curve(&mut bars, test, style)?;
            plot::draw_curve(&mut bars, train, plot::style(i))?;
            // A tick at each mean, so that an interval of zero width (a
            // training accuracy of 1 in every seed) still shows.
            for interval in [test, train] {
                let [(x, low), (_, high)] = interval.points[..] else {
                    continue;
                };
                let mean = Curve::new(
                    "",
                    vec![(x - 0.1, (low + high) / 2.0), (x + 0.1, (low + high) / 2.0)],
                );
                plot::draw_curve(&mut bars, &mean, plot::style(i))?;
            }
        }
        plot::legend(
            &bars,
            &plot::entries(&data.test_intervals),
            SeriesLabelPosition::MiddleMiddle,
        )
    })
}
