//! The batch-size experiment's figure (FAQ Q3), drawn from its committed
//! results `results/experiments/batch_size.json`.

use plotters::prelude::SeriesLabelPosition;

use super::plot::{self, Axes, Curve, Marker};
use super::{Figure, FigureError, Result};

/// The committed results the figure is drawn from.
pub const RESULTS: &str = include_str!("../../results/experiments/batch_size.json");

/// `experiments_batch_size.svg`.
pub const BATCH_SIZE: Figure = Figure {
    file: "experiments_batch_size.svg",
    title: "FAQ Q3: batch size, a shallow basin, and the digits MLP",
    caption: CAPTION,
    render,
};

/// The caption, checked against the plotted data by `tests/figures.rs`.
pub const CAPTION: &str = "Left: of 200 SGD runs from the shallow minimum of the tilted double \
    well, the fraction that ends in the deep basin, with its 95 % Wilson interval, against the \
    batch size (64 = full batch): 0.44 at B = 1, none at any B ≥ 2. Right: the digits MLP \
    after 40 epochs, each batch size at its own tuned η: test accuracy stays between 0.969 and \
    0.973 from B = 8 to the full batch (1078), training accuracy at 0.999 or above; with η \
    scaled linearly from B = 32 the test accuracy falls to 0.916 at B = 512.";

/// The parsed results.
pub fn results() -> Result<serde_json::Value> {
    serde_json::from_str(RESULTS)
        .map_err(|e| FigureError::Drawing(format!("results/experiments/batch_size.json: {e}")))
}

fn number(value: &serde_json::Value) -> Result<f64> {
    value
        .as_f64()
        .ok_or_else(|| FigureError::Drawing(format!("not a number in the results: {value}")))
}

fn rows<'a>(value: &'a serde_json::Value, key: &str) -> Result<&'a Vec<serde_json::Value>> {
    value[key]
        .as_array()
        .ok_or_else(|| FigureError::Drawing(format!("no array {key} in the results")))
}

/// The left panel: `(log₂ B, fraction in the deep basin)`, and one vertical
/// segment per batch size from the Wilson interval's low end to its high end.
pub fn basin_data() -> Result<(Curve, Vec<Curve>)> {
    let results = results()?;
    let mut points = Vec::new();
    let mut intervals = Vec::new();
    for row in rows(&results["basin"], "rows")? {
        let x = number(&row["batch"])?.log2();
        points.push((x, number(&row["fraction"])?));
        let (low, high) = (number(&row["wilson_low"])?, number(&row["wilson_high"])?);
        intervals.push(Curve::new("", vec![(x, low), (x, high)]));
    }
    Ok((Curve::new("deep basin, 95 % Wilson", points), intervals))
}

/// The right panel, against `log₂ B`: test and training accuracy at each
/// batch size's tuned η (mean over seeds), and test accuracy at the
/// linearly scaled η.
pub fn mlp_data() -> Result<Vec<Curve>> {
    let results = results()?;
    let mlp = &results["mlp"];
    let curve = |label: &str, key: &str, inner: &str, measure: &str| -> Result<Curve> {
        let points = rows(mlp, key)?
            .iter()
            .map(|row| {
                Ok((
                    number(&row["batch"])?.log2(),
                    number(&row[inner][measure]["mean"])?,
                ))
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Curve::new(label, points))
    };
    Ok(vec![
        curve("test, tuned η", "tuned", "tuned", "test_accuracy")?,
        curve("training, tuned η", "tuned", "tuned", "train_accuracy")?,
        curve(
            "test, η = η*(32)·B/32",
            "linear_scaling",
            "scaled",
            "test_accuracy",
        )?,
    ])
}

fn render() -> Result<String> {
    let (basin, intervals) = basin_data()?;
    let mlp = mlp_data()?;
    plot::svg(BATCH_SIZE.title, |area| {
        let halves = plot::panels(area, 2);
        let mut left = plot::linear_chart(
            &halves[0],
            &Axes {
                caption: Some("tilted double well, 200 runs each"),
                x_label: "log₂ batch size",
                y_label: "fraction ending in the deep basin",
                x: -0.3..6.3,
                y: 0.0..1.0,
            },
        )?;
        let style = plot::marker_style(0, Marker::Circle);
        plot::draw_curve(&mut left, &basin, style)?;
        for interval in &intervals {
            plot::draw_curve(&mut left, interval, plot::reference(0))?;
        }
        plot::legend(
            &left,
            &[(basin.label.as_str(), style)],
            SeriesLabelPosition::UpperRight,
        )?;
        let mut right = plot::linear_chart(
            &halves[1],
            &Axes {
                caption: Some("digits MLP, plain SGD"),
                x_label: "log₂ batch size",
                y_label: "",
                x: 2.7..10.3,
                y: Y_RANGE.0..Y_RANGE.1,
            },
        )?;
        plot::draw_all(&mut right, &mlp, SeriesLabelPosition::LowerLeft)
    })
}

/// The accuracy axis of the right panel.
pub const Y_RANGE: (f64, f64) = (0.88, 1.01);
