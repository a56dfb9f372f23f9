//! Figures for the regression losses: MSE, MAE and Huber, their gradients,
//! the Huber family, and what each loss fits to data with an outlier.

use plotters::prelude::*;

use super::plot::{self, Axes, Curve, linspace};
use super::{Figure, Result};
use crate::loss::regression::{
    fit_constant, huber, huber_gradient, log_cosh, mae, mae_gradient, mse, mse_gradient,
    quantile_loss,
};

/// The per-point loss of a prediction `e` above a target of 0: with one
/// example, each library loss is exactly `ℓ(e)`.
fn per_point(
    loss: impl Fn(&[f64], &[f64]) -> crate::Result<f64>,
) -> impl Fn(f64) -> crate::Result<f64> {
    move |e| loss(&[0.0], &[e])
}

/// The per-point gradient `ℓ'(e)`, likewise.
fn per_point_gradient(
    gradient: impl Fn(&[f64], &[f64]) -> crate::Result<Vec<f64>>,
) -> impl Fn(f64) -> crate::Result<f64> {
    move |e| Ok(gradient(&[0.0], &[e])?[0])
}

/// The error grid of the regression figures: `e ∈ [−3, 3]` in steps of 0.01
/// (601 points, so that 0, ±1 and ±δ are grid points).
pub fn error_grid() -> Vec<f64> {
    linspace(-3.0, 3.0, 601)
}

/// `regression_losses.svg`.
pub const LOSSES: Figure = Figure {
    file: "regression_losses.svg",
    title: "Regression losses against the error e = ŷ − y",
    caption: "MSE squares the error: it lies below MAE for |e| < 1 and above it beyond, \
              reaching 9 at |e| = 3 where MAE is 3. Huber (δ = 1) is quadratic near zero, \
              linear in the tails, and never above either.",
    render: render_losses,
};

/// MSE, MAE and Huber (δ = 1) over [`error_grid`], in that order.
pub fn losses_data() -> Result<Vec<Curve>> {
    let e = error_grid();
    Ok(vec![
        Curve::sample("MSE: e²", &e, per_point(mse))?,
        Curve::sample("MAE: |e|", &e, per_point(mae))?,
        Curve::sample("Huber δ = 1", &e, per_point(|y, p| huber(y, p, 1.0)))?,
    ])
}

fn render_losses() -> Result<String> {
    let curves = losses_data()?;
    plot::svg(LOSSES.title, |area| {
        let mut chart = plot::linear_chart(
            area,
            &Axes {
                caption: None,
                x_label: "error e = ŷ − y",
                y_label: "loss ℓ(e)",
                x: -3.0..3.0,
                y: 0.0..9.2,
            },
        )?;
        plot::draw_all(&mut chart, &curves, SeriesLabelPosition::UpperMiddle)
    })
}

/// `regression_gradients.svg`.
pub const GRADIENTS: Figure = Figure {
    file: "regression_gradients.svg",
    title: "Gradients of the regression losses, ∂ℓ/∂ŷ",
    caption: "MSE's gradient 2e grows with the error; MAE's is sign(e), the same size \
              for every error and jumping from −1 to +1 at e = 0 (0 there, PyTorch's \
              subgradient); Huber's equals e inside |e| ≤ δ = 1 and is clipped to ±1 outside.",
    render: render_gradients,
};

/// The gradients of MSE, MAE and Huber (δ = 1) over [`error_grid`].
///
/// MAE's curve has a NaN at `e = 0` so that the jump is drawn as a jump;
/// its value there, the subgradient 0, is [`mae_gradient_at_zero`].
pub fn gradients_data() -> Result<Vec<Curve>> {
    let e = error_grid();
    let mut mae_curve = Curve::sample("MAE: sign(e)", &e, per_point_gradient(mae_gradient))?;
    for point in &mut mae_curve.points {
        if point.0 == 0.0 {
            point.1 = f64::NAN;
        }
    }
    Ok(vec![
        Curve::sample("MSE: 2e", &e, per_point_gradient(mse_gradient))?,
        mae_curve,
        Curve::sample(
            "Huber δ = 1: clamp(e, −1, 1)",
            &e,
            per_point_gradient(|y, p| huber_gradient(y, p, 1.0)),
        )?,
    ])
}

/// The MAE subgradient the library returns at `e = 0`.
pub fn mae_gradient_at_zero() -> Result<f64> {
    Ok(per_point_gradient(mae_gradient)(0.0)?)
}

fn render_gradients() -> Result<String> {
    let curves = gradients_data()?;
    let at_zero = mae_gradient_at_zero()?;
    plot::svg(GRADIENTS.title, |area| {
        let mut chart = plot::linear_chart(
            area,
            &Axes {
                caption: None,
                x_label: "error e = ŷ − y",
                y_label: "gradient ∂ℓ/∂ŷ",
                x: -3.0..3.0,
                y: -6.2..6.2,
            },
        )?;
        plot::draw_all(&mut chart, &curves, SeriesLabelPosition::UpperLeft)?;
        // The value MAE's gradient takes exactly at 0: a lone point.
        let style = plot::marker_style(1, plot::Marker::Circle);
        plot::draw_markers(&mut chart, std::iter::once((0.0, at_zero)), style)?;
        plot::annotate(&mut chart, "MAE at e = 0: 0", (0.12, -0.25), style.color)
    })
}

/// `huber_family.svg`.
pub const HUBER_FAMILY: Figure = Figure {
    file: "huber_family.svg",
    title: "Huber loss for δ = 0.5, 1, 2",
    caption: "The Huber loss follows ½e² up to |e| = δ (dotted lines) and then grows linearly with \
              slope δ, so it never exceeds ½e² nor δ|e|; a larger δ keeps the quadratic longer.",
    render: render_huber_family,
};

/// The δ values of [`HUBER_FAMILY`].
pub const HUBER_DELTAS: [f64; 3] = [0.5, 1.0, 2.0];

/// One panel of [`HUBER_FAMILY`]: `huber`, and the references `½e²` and `δ|e|`.
#[derive(Debug, Clone)]
pub struct HuberPanel {
    /// The panel's δ.
    pub delta: f64,
    /// `Huber_δ(e)`.
    pub huber: Curve,
    /// `½e²`, the quadratic Huber follows near zero.
    pub half_square: Curve,
    /// `δ|e|`, the line Huber runs parallel to in the tails.
    pub linear: Curve,
}

/// For each of [`HUBER_DELTAS`]: Huber_δ and its two references over
/// [`error_grid`]. The references are the library's own losses too:
/// `½e² = ½ MSE` and `δ|e| = δ MAE`.
pub fn huber_family_data() -> Result<Vec<HuberPanel>> {
    let e = error_grid();
    HUBER_DELTAS
        .iter()
        .map(|&delta| {
            Ok(HuberPanel {
                delta,
                huber: Curve::sample(
                    format!("Huber δ = {delta}"),
                    &e,
                    per_point(|y, p| huber(y, p, delta)),
                )?,
                half_square: Curve::sample("½e²", &e, |x| Ok(0.5 * per_point(mse)(x)?))?,
                linear: Curve::sample("δ|e|", &e, |x| Ok(delta * per_point(mae)(x)?))?,
            })
        })
        .collect()
}

fn render_huber_family() -> Result<String> {
    let panels = huber_family_data()?;
    plot::svg(HUBER_FAMILY.title, |area| {
        for (i, (panel, area)) in panels
            .iter()
            .zip(plot::panels(area, panels.len()))
            .enumerate()
        {
            let caption = format!("δ = {}", panel.delta);
            let mut chart = plot::linear_chart(
                &area,
                &Axes {
                    caption: Some(&caption),
                    x_label: "error e",
                    y_label: if i == 0 { "loss ℓ(e)" } else { "" },
                    x: -3.0..3.0,
                    y: 0.0..4.6,
                },
            )?;
            // References first, so that the Huber curve is drawn on top.
            let entries = [
                (&panel.half_square, "½e²", plot::style(1)),
                (&panel.linear, "δ|e|", plot::style(2)),
                (&panel.huber, "Huber", plot::style(0)),
            ];
            // Where the quadratic part ends.
            for edge in [-panel.delta, panel.delta] {
                let line = Curve::new("", vec![(edge, 0.0), (edge, 4.6)]);
                plot::draw_curve(&mut chart, &line, plot::reference(2))?;
            }
            for (curve, _, style) in &entries {
                plot::draw_curve(&mut chart, curve, *style)?;
            }
            if i == 0 {
                let legend: Vec<_> = entries
                    .iter()
                    .rev()
                    .map(|(_, label, style)| (*label, *style))
                    .collect();
                plot::legend(&chart, &legend, SeriesLabelPosition::UpperMiddle)?;
            }
        }
        Ok(())
    })
}

/// `outliers.svg`.
pub const OUTLIERS: Figure = Figure {
    file: "outliers.svg",
    title: "The best constant prediction as one value becomes an outlier",
    caption: "Fitting one constant to 1, 2, 3, 4, x: MSE's fit is the mean (10 + x)/5 and \
              follows the outlier all the way (22 at x = 100); MAE's stays at the median 3. \
              Once the outlier is more than δ from Huber's fit, the fit no longer moves: it \
              stops at 3 + max(0, δ − 2)/4. For δ = 1 that is the median 3 throughout; \
              for δ = 4 the fit is the mean up to x = 7.5 and then stays at 3.5.",
    render: render_outliers,
};

/// The fixed values of [`OUTLIERS`]; the fifth value is the moving outlier.
pub const OUTLIER_BASE: [f64; 4] = [1.0, 2.0, 3.0, 4.0];

/// The δ values of the Huber fits in [`OUTLIERS`].
pub const OUTLIER_DELTAS: [f64; 2] = [1.0, 4.0];

/// The outlier positions of [`OUTLIERS`]: x from 5 to 100 in steps of 0.25.
pub fn outlier_grid() -> Vec<f64> {
    linspace(5.0, 100.0, 381)
}

/// The constant fitted by [`fit_constant`] under MSE, MAE and Huber (for each
/// of [`OUTLIER_DELTAS`]) to `OUTLIER_BASE ∪ {x}`, for x in [`outlier_grid`].
pub fn outliers_data() -> Result<Vec<Curve>> {
    let xs = outlier_grid();
    let data = |x: f64| {
        let mut y = OUTLIER_BASE.to_vec();
        y.push(x);
        y
    };
    let mut curves = vec![
        Curve::sample("MSE (mean)", &xs, |x| fit_constant(&data(x), mse_gradient))?,
        Curve::sample("MAE (median)", &xs, |x| {
            fit_constant(&data(x), mae_gradient)
        })?,
    ];
    for delta in OUTLIER_DELTAS {
        curves.push(Curve::sample(format!("Huber δ = {delta}"), &xs, |x| {
            fit_constant(&data(x), |y, p| huber_gradient(y, p, delta))
        })?);
    }
    Ok(curves)
}

fn render_outliers() -> Result<String> {
    let curves = outliers_data()?;
    plot::svg(OUTLIERS.title, |area| {
        let halves = plot::panels(area, 2);
        let mut whole = plot::linear_chart(
            &halves[0],
            &Axes {
                caption: Some("data 1, 2, 3, 4, x"),
                x_label: "outlier x",
                y_label: "fitted constant c",
                x: 5.0..100.0,
                y: 0.0..23.0,
            },
        )?;
        plot::draw_all(&mut whole, &curves, SeriesLabelPosition::UpperLeft)?;
        // The robust fits differ by less than a unit: a close-up shows them.
        let mut close_up = plot::linear_chart(
            &halves[1],
            &Axes {
                caption: Some("close-up of c ∈ [2.9, 3.7]"),
                x_label: "outlier x",
                y_label: "",
                x: 5.0..25.0,
                y: 2.9..3.7,
            },
        )?;
        for (i, curve) in curves.iter().enumerate() {
            plot::draw_curve(&mut close_up, curve, plot::style(i))?;
        }
        Ok(())
    })
}

/// `pinball.svg`.
pub const PINBALL: Figure = Figure {
    file: "pinball.svg",
    title: "Quantile (pinball) loss against the error e = ŷ − y",
    caption: "Each pinball loss is two lines through 0: slope 1 − τ for over-predictions \
              (e > 0) and −τ for under-predictions. At τ = 0.9 an under-prediction by 3 \
              costs 2.7, nine times an over-prediction by 3; τ = 0.5 is half of |e|.",
    render: render_pinball,
};

/// The pinball loss for τ = 0.1, 0.5 and 0.9 over [`error_grid`].
pub fn pinball_data() -> Result<Vec<Curve>> {
    let e = error_grid();
    [0.1, 0.5, 0.9]
        .iter()
        .map(|&tau| {
            let loss = per_point(move |y, p| quantile_loss(y, p, tau));
            Curve::sample(format!("τ = {tau}"), &e, loss)
        })
        .collect()
}

fn render_pinball() -> Result<String> {
    let curves = pinball_data()?;
    plot::svg(PINBALL.title, |area| {
        let mut chart = plot::linear_chart(
            area,
            &Axes {
                caption: None,
                x_label: "error e = ŷ − y",
                y_label: "loss ℓ(e)",
                x: -3.0..3.0,
                y: 0.0..2.8,
            },
        )?;
        plot::draw_all(&mut chart, &curves, SeriesLabelPosition::UpperMiddle)
    })
}

/// `log_cosh.svg`.
pub const LOG_COSH: Figure = Figure {
    file: "log_cosh.svg",
    title: "Log-cosh and Huber (δ = 1) against the error e = ŷ − y",
    caption: "Log-cosh is within e⁴/12 of ½e² near 0, like Huber, and approaches \
              |e| − log 2 in the tails; at |e| = 3 it is 2.31, Huber 2.5.",
    render: render_log_cosh,
};

/// Log-cosh, Huber (δ = 1) and ½e² over [`error_grid`].
pub fn log_cosh_data() -> Result<Vec<Curve>> {
    let e = error_grid();
    Ok(vec![
        Curve::sample("log cosh e", &e, per_point(log_cosh))?,
        Curve::sample("Huber δ = 1", &e, per_point(|y, p| huber(y, p, 1.0)))?,
        Curve::sample("½e² (MSE / 2)", &e, |e| Ok(mse(&[0.0], &[e])? / 2.0))?,
    ])
}

fn render_log_cosh() -> Result<String> {
    let curves = log_cosh_data()?;
    plot::svg(LOG_COSH.title, |area| {
        let mut chart = plot::linear_chart(
            area,
            &Axes {
                caption: None,
                x_label: "error e = ŷ − y",
                y_label: "loss ℓ(e)",
                x: -3.0..3.0,
                y: 0.0..4.6,
            },
        )?;
        plot::draw_all(&mut chart, &curves, SeriesLabelPosition::UpperMiddle)
    })
}
