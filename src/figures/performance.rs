//! The Performance chapter's figure: time against input size, log–log, from
//! the committed benchmark results (`bash bench/run.sh` regenerates them).

use super::plot::{self, Axes, Curve};
use super::{Figure, Result};

/// `performance_scaling.svg`.
pub const SCALING: Figure = Figure {
    file: "performance_scaling.svg",
    title: "Loss evaluation time against N (medians, one core)",
    caption: "Every implementation's time grows linearly with N between 10⁵ and 10⁷ \
              elements: the log–log slope lies between 0.9 and 1.4, at or a little above 1 \
              because 10⁷-element arrays no longer fit in the caches (1 MiB of L2 per \
              core, 32 MiB of L3). At \
              N = 10⁷ lossbook's fast kernels are at least 3× faster than the article's \
              NumPy code.",
    render: render_scaling,
};

/// The benchmark medians the figure is drawn from: `op, variant, n, seconds`.
pub const RESULTS: &str = include_str!("../../bench/results/scaling.tsv");

/// The losses and implementations shown, in legend order.
pub const SERIES: [(&str, &str); 6] = [
    ("mse", "readable"),
    ("mse", "fast"),
    ("mse", "numpy"),
    ("softmax_ce", "readable"),
    ("softmax_ce", "fast"),
    ("softmax_ce", "numpy"),
];

/// The `(N, seconds)` medians of one loss and implementation.
pub fn medians(op: &str, variant: &str) -> Vec<(f64, f64)> {
    RESULTS
        .lines()
        .skip(1)
        .filter_map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            match fields.as_slice() {
                [o, v, n, seconds] if *o == op && *v == variant => {
                    Some((n.parse().ok()?, seconds.parse().ok()?))
                }
                _ => None,
            }
        })
        .collect()
}

/// One curve per entry of [`SERIES`], with x = log₁₀ N.
pub fn scaling_data() -> Vec<Curve> {
    SERIES
        .iter()
        .map(|&(op, variant)| {
            let name = if op == "mse" { "MSE" } else { "softmax CE" };
            let implementation = match variant {
                "numpy" => "NumPy",
                "fast" => "fast kernel",
                _ => "book's code",
            };
            let label = format!("{name}, {implementation}");
            let points = medians(op, variant)
                .into_iter()
                .map(|(n, seconds)| (n.log10(), seconds))
                .collect();
            Curve::new(label, points)
        })
        .collect()
}

fn render_scaling() -> Result<String> {
    let curves = scaling_data();
    plot::svg(SCALING.title, |area| {
        let (area, legend) = plot::with_legend_column(area, 240);
        let mut chart = plot::log_y_chart(
            &area,
            &Axes {
                caption: None,
                x_label: "log₁₀ N (float64 elements)",
                y_label: "median time (s)",
                x: 2.8..7.2,
                y: 1e-7..1.0,
            },
        )?;
        plot::draw_curves(&mut chart, &curves)?;
        plot::legend_column(&legend, &plot::entries(&curves))
    })
}
