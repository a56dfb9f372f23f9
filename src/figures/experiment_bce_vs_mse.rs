//! The figure of the experiment `bce_vs_mse` (FAQ Q1 on real data), drawn
//! from its committed results.

use plotters::prelude::*;

use super::experiment_data::{array, numbers, padded, results};
use super::plot::{self, Axes, Curve};
use super::{Figure, Result};

/// `experiment_bce_vs_mse.svg`.
pub const FIGURE: Figure = Figure {
    file: "experiment_bce_vs_mse.svg",
    title: "BCE vs MSE from a saturated start (breast cancer, 5 seeds)",
    caption: "Both losses start from the same weights, which put 93.4 % of the training \
              samples on the wrong side (mean over the seeds). Each at its tuned rate (BCE η = 1, MSE η = 100), \
              the mean training accuracy over the seeds passes 95 % at step 3 with BCE \
              and at step 11 with MSE; by step 60 both reach 99.2 %.",
    render,
};

/// The gradient steps drawn: the start and the first 60 of the 200.
pub const SHOWN_STEPS: usize = 60;

/// The figure's data: each loss's own training loss and its training
/// accuracy, at the start (step 0) and after each of the first
/// [`SHOWN_STEPS`] steps, mean over seeds, each loss at its tuned rate.
#[derive(Debug, Clone)]
pub struct Data {
    pub loss: Vec<Curve>,
    pub accuracy: Vec<Curve>,
}

/// [`Data`] from `results/experiments/bce_vs_mse.json`.
pub fn data() -> Result<Data> {
    let json = results("bce_vs_mse")?;
    let mut data = Data {
        loss: Vec::new(),
        accuracy: Vec::new(),
    };
    for entry in array(&json["losses"], "losses")? {
        let name = entry["loss"].as_str().unwrap_or("?");
        let lr = entry["best_lr"].as_f64().unwrap_or(f64::NAN);
        let label = format!("{name}, η = {lr}");
        let curve = |key: &str| -> Result<Curve> {
            let ys = numbers(&entry[key], key)?;
            let points = ys
                .iter()
                .take(SHOWN_STEPS + 1)
                .enumerate()
                .map(|(step, &y)| (step as f64, y))
                .collect();
            Ok(Curve::new(label.clone(), points))
        };
        data.loss.push(curve("mean_train_loss")?);
        data.accuracy.push(curve("mean_train_accuracy")?);
    }
    Ok(data)
}

fn render() -> Result<String> {
    let data = data()?;
    let steps = SHOWN_STEPS as f64;
    let all_loss: Vec<f64> = data.loss.iter().flat_map(|c| c.ys()).collect();
    let low = all_loss.iter().copied().fold(f64::INFINITY, f64::min);
    let high = all_loss.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let lowest_accuracy = data
        .accuracy
        .iter()
        .flat_map(|c| c.ys())
        .fold(f64::INFINITY, f64::min);
    plot::svg(FIGURE.title, |area| {
        let halves = plot::panels(area, 2);
        let mut loss = plot::log_y_chart(
            &halves[0],
            &Axes {
                caption: Some("training loss (each its own)"),
                x_label: "gradient step",
                y_label: "loss",
                x: 0.0..steps,
                y: low / 1.5..high * 1.5,
            },
        )?;
        plot::draw_all(&mut loss, &data.loss, SeriesLabelPosition::UpperRight)?;
        let mut accuracy = plot::linear_chart(
            &halves[1],
            &Axes {
                caption: Some("training accuracy"),
                x_label: "gradient step",
                y_label: "",
                x: 0.0..steps,
                y: padded(lowest_accuracy.min(0.0), 1.0),
            },
        )?;
        let target = Curve::new("", vec![(0.0, 0.95), (steps, 0.95)]);
        plot::draw_curve(&mut accuracy, &target, plot::reference(1))?;
        plot::annotate(
            &mut accuracy,
            "95 %",
            (steps * 0.85, 0.9),
            plot::REFERENCE_TEXT,
        )?;
        plot::draw_all(
            &mut accuracy,
            &data.accuracy,
            SeriesLabelPosition::LowerRight,
        )
    })
}
