//! Figures for "Momentum explained": steps to a tolerance against the
//! condition number for tuned GD and tuned momentum, and the heavy ball's
//! rate over (η, β).

use nalgebra::DVector;
use plotters::prelude::*;

use super::plot::{self, Axes, Curve};
use super::{Figure, Result};
use crate::objective::{Objective, Quadratic};
use crate::optim::momentum_theory::{self, Tuned};
use crate::optim::{Optimizer, Sgd};

/// The condition numbers of [`STEPS_VS_KAPPA`]: `10^(1 + k/2)`, 10 to 10⁴.
pub fn kappas() -> Vec<f64> {
    (0..7)
        .map(|k| 10f64.powf(1.0 + f64::from(k) / 2.0))
        .collect()
}

/// The tolerance of [`STEPS_VS_KAPPA`]: steps until `‖θ‖ <` this from (1, 1).
pub const TOLERANCE: f64 = 1e-6;

/// `steps_vs_kappa.svg`.
pub const STEPS_VS_KAPPA: Figure = Figure {
    file: "steps_vs_kappa.svg",
    title: "Steps to ‖θ‖ < 1e-6 on ½(x² + κy²), tuned GD and momentum",
    caption: "Tuned GD (η = 2/(1 + κ)) needs a number of steps proportional to κ: the fitted \
              log–log slope is 1.00. Tuned momentum (η = 4/(1 + √κ)², β = ((√κ − 1)/(√κ + 1))²) \
              grows like √κ: slope 0.53, a little above ½ because both directions are \
              critically damped there and the error carries a factor t. At κ = 10⁴ that is \
              1074 steps against 70 811. Dots: the library's Sgd; lines: the closed form θₜ, \
              which gives the same count at every κ.",
    render: render_steps_vs_kappa,
};

/// The data of [`STEPS_VS_KAPPA`].
#[derive(Debug, Clone)]
pub struct StepsVsKappa {
    /// Steps taken by the library's `Sgd`, against κ: GD, then momentum.
    pub measured: Vec<Curve>,
    /// The same counts from [`momentum_theory::position`]: GD, then momentum.
    pub closed_form: Vec<Curve>,
}

/// The best GD and the best heavy ball for `½(x² + κy²)` (μ = 1, L = κ).
pub fn tuned(kappa: f64) -> Result<[Tuned; 2]> {
    Ok([
        momentum_theory::optimal_gd(1.0, kappa)?,
        momentum_theory::optimal(1.0, kappa)?,
    ])
}

/// Steps of the library's `Sgd` at `setting` until `‖θ‖ < TOLERANCE`.
fn measured_steps(kappa: f64, setting: Tuned) -> Result<usize> {
    let quadratic = Quadratic::ill_conditioned(kappa)?;
    let sgd = Sgd {
        lr: setting.lr,
        momentum: setting.momentum,
        ..Sgd::default()
    };
    let mut theta = DVector::from_vec(vec![1.0, 1.0]);
    let mut state = sgd.init(&theta)?;
    let mut steps = 0;
    while theta.norm() >= TOLERANCE {
        let gradient = quadratic.full_gradient(&theta);
        sgd.step(&mut state, &mut theta, &gradient)?;
        steps += 1;
    }
    Ok(steps)
}

/// The first `t` with `‖(x_t, y_t)‖ < TOLERANCE`, each coordinate from the
/// closed form along its eigendirection (λ = 1 and λ = κ).
fn closed_form_steps(kappa: f64, setting: Tuned) -> Result<usize> {
    let along =
        |lambda: f64, t: u32| momentum_theory::position(setting.lr, setting.momentum, lambda, t);
    let mut t = 0;
    while along(1.0, t)?.hypot(along(kappa, t)?) >= TOLERANCE {
        t += 1;
    }
    Ok(t as usize)
}

/// Runs both methods at every κ of [`kappas`].
pub fn steps_vs_kappa_data() -> Result<StepsVsKappa> {
    let labels = ["tuned GD", "tuned momentum"];
    let mut measured = vec![Vec::new(), Vec::new()];
    let mut closed_form = vec![Vec::new(), Vec::new()];
    for kappa in kappas() {
        for (method, setting) in tuned(kappa)?.into_iter().enumerate() {
            measured[method].push((kappa, measured_steps(kappa, setting)? as f64));
            closed_form[method].push((kappa, closed_form_steps(kappa, setting)? as f64));
        }
    }
    let curves = |series: Vec<Vec<(f64, f64)>>, suffix: &str| {
        series
            .into_iter()
            .zip(labels)
            .map(|(points, label)| Curve::new(format!("{label}{suffix}"), points))
            .collect()
    };
    Ok(StepsVsKappa {
        measured: curves(measured, " (library Sgd)"),
        closed_form: curves(closed_form, " (closed form)"),
    })
}

/// `(log₁₀ κ, steps)`: the x axis is drawn in decades of κ.
fn in_decades(curve: &Curve) -> Curve {
    let points = curve.points.iter().map(|&(k, s)| (k.log10(), s)).collect();
    Curve::new(curve.label.clone(), points)
}

fn render_steps_vs_kappa() -> Result<String> {
    let data = steps_vs_kappa_data()?;
    plot::svg(STEPS_VS_KAPPA.title, |area| {
        let (area, legend) = plot::with_legend_column(area, 200);
        let mut chart = plot::log_y_chart(
            &area,
            &Axes {
                caption: None,
                x_label: "log₁₀ κ",
                y_label: "steps",
                x: 1.0..4.0,
                y: 10.0..2e5,
            },
        )?;
        let labels = ["tuned GD", "tuned momentum"];
        let mut entries = Vec::new();
        for (i, (closed, measured)) in data.closed_form.iter().zip(&data.measured).enumerate() {
            plot::draw_curve(&mut chart, &in_decades(closed), plot::style(i))?;
            let marker = plot::marker_style(i, plot::Marker::Circle);
            plot::draw_markers(&mut chart, in_decades(measured).points.into_iter(), marker)?;
            entries.push((labels[i], marker));
        }
        plot::annotate(
            &mut chart,
            "slope ≈ 1: steps ∝ κ",
            (2.6, 1.3e4),
            plot::style(0).color,
        )?;
        plot::annotate(
            &mut chart,
            "slope ≈ ½: steps ∝ √κ",
            (2.6, 60.0),
            plot::style(1).color,
        )?;
        plot::legend_column(&legend, &entries)
    })
}

/// The condition number of [`RATE_MAP`]: curvatures μ = 1 and L = 10.
pub const RATE_MAP_KAPPA: f64 = 10.0;
/// The grid of [`RATE_MAP`]: cells per axis.
pub const RATE_MAP_CELLS: usize = 60;
/// The η axis of [`RATE_MAP`]: up to 2(1 + β)/L at β = 1, the stability edge.
pub const RATE_MAP_MAX_LR: f64 = 0.4;

/// `momentum_rate.svg`.
pub const RATE_MAP: Figure = Figure {
    file: "momentum_rate.svg",
    title: "Heavy ball's worst rate on curvatures 1 and 10 (κ = 10)",
    caption: "Each cell is the worst per-step contraction over curvatures 1 and 10 at its \
              (η, β); darker is faster, grey diverges. Above both critical-damping curves \
              β = (1 − √(ηλ))² both directions oscillate and the rate is √β. They cross at the \
              optimum η = 4/(1 + √10)² = 0.231, β = 0.270, rate (√10 − 1)/(√10 + 1) = 0.519, \
              and no cell is faster; the best plain GD (β = 0, η = 2/11) gets 9/11 = 0.818.",
    render: render_rate_map,
};

/// The data of [`RATE_MAP`].
#[derive(Debug, Clone)]
pub struct RateMap {
    /// Cell centres along η.
    pub lrs: Vec<f64>,
    /// Cell centres along β.
    pub momenta: Vec<f64>,
    /// `rates[i][j]`: the worst rate at `(lrs[i], momenta[j])`.
    pub rates: Vec<Vec<f64>>,
    /// `β = (1 − √(ηλ))²` against η, for λ = μ and λ = L.
    pub critical: Vec<Curve>,
    pub optimum: Tuned,
    pub best_gd: Tuned,
}

/// The worst rate on a grid of cell centres, the curves and the optima.
pub fn rate_map_data() -> Result<RateMap> {
    let (mu, l) = (1.0, RATE_MAP_KAPPA);
    let n = RATE_MAP_CELLS;
    let centre = |i: usize, max: f64| max * (i as f64 + 0.5) / n as f64;
    let lrs: Vec<f64> = (0..n).map(|i| centre(i, RATE_MAP_MAX_LR)).collect();
    let momenta: Vec<f64> = (0..n).map(|j| centre(j, 1.0)).collect();
    let rates = lrs
        .iter()
        .map(|&lr| {
            momenta
                .iter()
                .map(|&beta| momentum_theory::worst_rate(lr, beta, mu, l))
                .collect::<crate::Result<Vec<f64>>>()
        })
        .collect::<crate::Result<Vec<_>>>()?;
    let etas = plot::linspace(1e-4, RATE_MAP_MAX_LR, 400);
    let critical = [mu, l]
        .iter()
        .map(|&lambda| {
            Curve::sample(format!("critical damping, λ = {lambda}"), &etas, |lr| {
                momentum_theory::critical_momentum(lr, lambda)
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(RateMap {
        lrs,
        momenta,
        rates,
        critical,
        optimum: momentum_theory::optimal(mu, l)?,
        best_gd: momentum_theory::optimal_gd(mu, l)?,
    })
}

/// The rate bands of [`RATE_MAP`]: 0.5 to 1 in steps of 0.05.
const BAND: f64 = 0.05;
const LOWEST: f64 = 0.5;

/// A sequential colour for a rate: dark blue (fast) through green to pale
/// yellow (slow), banded so that equal colours mean a rate within 0.05;
/// light grey for ρ ≥ 1 (diverges).
fn band_colour(rate: f64) -> RGBColor {
    const RAMP: [(u8, u8, u8); 5] = [
        (37, 52, 148),
        (44, 127, 184),
        (65, 182, 196),
        (161, 218, 180),
        (255, 255, 204),
    ];
    if rate >= 1.0 {
        return RGBColor(215, 215, 215);
    }
    let bands = ((1.0 - LOWEST) / BAND).round();
    let band = ((rate.max(LOWEST) - LOWEST) / BAND)
        .floor()
        .min(bands - 1.0);
    let s = band / (bands - 1.0) * (RAMP.len() - 1) as f64;
    let k = (s.floor() as usize).min(RAMP.len() - 2);
    let f = s - k as f64;
    let mix = |a: u8, b: u8| (f64::from(a) + f * (f64::from(b) - f64::from(a))).round() as u8;
    let (a, b) = (RAMP[k], RAMP[k + 1]);
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

fn render_rate_map() -> Result<String> {
    let data = rate_map_data()?;
    plot::svg(RATE_MAP.title, |area| {
        let (area, legend) = plot::with_legend_column(area, 210);
        let mut chart = plot::linear_chart(
            &area,
            &Axes {
                caption: None,
                x_label: "learning rate η",
                y_label: "momentum β",
                x: 0.0..RATE_MAP_MAX_LR,
                y: 0.0..1.0,
            },
        )?;
        // One rectangle per run of equal colour along η keeps the file small.
        let (dx, dy) = (
            RATE_MAP_MAX_LR / RATE_MAP_CELLS as f64,
            1.0 / RATE_MAP_CELLS as f64,
        );
        let mut cells = Vec::new();
        for (j, &beta) in data.momenta.iter().enumerate() {
            let colours: Vec<RGBColor> = (0..data.lrs.len())
                .map(|i| band_colour(data.rates[i][j]))
                .collect();
            let mut start = 0;
            for i in 1..=colours.len() {
                if i == colours.len() || colours[i] != colours[start] {
                    let (x0, x1) = (start as f64 * dx, i as f64 * dx);
                    let (y0, y1) = (beta - dy / 2.0, beta + dy / 2.0);
                    cells.push(Rectangle::new(
                        [(x0, y0), (x1, y1)],
                        colours[start].filled(),
                    ));
                    start = i;
                }
            }
        }
        chart.draw_series(cells)?;
        let mut entries = Vec::new();
        for (i, curve) in data.critical.iter().enumerate() {
            let style = plot::LineStyle {
                color: BLACK,
                width: 2,
                ..plot::reference(i)
            };
            plot::draw_curve(&mut chart, curve, style)?;
            entries.push((curve.label.as_str(), style));
        }
        let optimum = (data.optimum.lr, data.optimum.momentum);
        let gd = (data.best_gd.lr, 0.0);
        let marker = plot::LineStyle {
            color: RGBColor(213, 94, 0),
            ..plot::marker_style(1, plot::Marker::Circle)
        };
        plot::draw_markers(&mut chart, [optimum, gd].into_iter(), marker)?;
        let optimum_label = format!("optimum ρ = {:.3}", data.optimum.rate);
        let gd_label = format!("best GD ρ = {:.3}", data.best_gd.rate);
        plot::annotate(&mut chart, &optimum_label, (0.24, 0.31), BLACK)?;
        plot::annotate(&mut chart, &gd_label, (0.19, 0.09), BLACK)?;
        let legend_labels: Vec<String> = (0..((1.0 - LOWEST) / BAND).round() as usize)
            .map(|b| {
                let low = LOWEST + b as f64 * BAND;
                format!("ρ {low:.2}–{:.2}", low + BAND)
            })
            .chain(std::iter::once("ρ ≥ 1 (diverges)".to_string()))
            .collect();
        let swatch = |label: &str, rate: f64| {
            (
                label.to_string(),
                plot::LineStyle {
                    color: band_colour(rate),
                    width: 12,
                    ..plot::reference(0)
                },
            )
        };
        let swatches: Vec<(String, plot::LineStyle)> = legend_labels
            .iter()
            .enumerate()
            .map(|(b, label)| swatch(label, LOWEST + (b as f64 + 0.5) * BAND))
            .collect();
        let mut all: Vec<(&str, plot::LineStyle)> = entries;
        all.push(("optimum / best GD", marker));
        all.extend(swatches.iter().map(|(l, s)| (l.as_str(), *s)));
        plot::legend_column(&legend, &all)
    })
}
