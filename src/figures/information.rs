//! The information-theory figure: entropy, cross-entropy and KL divergence.

use plotters::prelude::*;

use super::plot::{self, Axes, Curve};
use super::{Figure, Result};
use crate::info::{cross_entropy, entropy, kl_divergence};

/// `information.svg`.
pub const INFORMATION: Figure = Figure {
    file: "information.svg",
    title: "Coding p = Bernoulli(0.3) with a code built for q = Bernoulli(q)",
    caption: "Cross-entropy H(p, q) = H(p) + KL(p‖q) is never below the entropy \
              H(p) ≈ 0.611 nats and touches it only at q = p = 0.3, where the KL \
              divergence is 0: minimising cross-entropy over q minimises KL.",
    render: render_information,
};

/// The target probability of [`INFORMATION`].
pub const TARGET: f64 = 0.3;

/// `H(p)`, `H(p, q)` and `D_KL(p‖q)` for `p = (0.3, 0.7)` and
/// `q = (q, 1 − q)`, `q = i/100`, `i = 1, …, 99`, in that order.
pub fn information_data() -> Result<Vec<Curve>> {
    let qs: Vec<f64> = (1..100).map(|i| f64::from(i) / 100.0).collect();
    let p = [TARGET, 1.0 - TARGET];
    let q = |q: f64| [q, 1.0 - q];
    Ok(vec![
        Curve::sample("entropy H(p)", &qs, |_| entropy(&p))?,
        Curve::sample("cross-entropy H(p, q)", &qs, |x| cross_entropy(&p, &q(x)))?,
        Curve::sample("KL divergence KL(p‖q)", &qs, |x| kl_divergence(&p, &q(x)))?,
    ])
}

fn render_information() -> Result<String> {
    let curves = information_data()?;
    plot::svg(INFORMATION.title, |area| {
        let mut chart = plot::linear_chart(
            area,
            &Axes {
                caption: None,
                x_label: "model probability q",
                y_label: "nats",
                x: 0.0..1.0,
                y: 0.0..3.3,
            },
        )?;
        let marker = Curve::new("", vec![(TARGET, 0.0), (TARGET, 3.3)]);
        plot::draw_curve(&mut chart, &marker, plot::reference(1))?;
        plot::annotate(
            &mut chart,
            "q = p = 0.3",
            (TARGET + 0.01, 2.0),
            plot::REFERENCE_TEXT,
        )?;
        plot::draw_all(&mut chart, &curves, SeriesLabelPosition::UpperMiddle)
    })
}
