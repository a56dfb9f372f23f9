//! The book's interactive figures: for every combination of slider
//! settings, the curves are computed here, with the library, and written as
//! data next to the SVGs (`cargo run --bin figures`). The page script
//! (`book/theme/interactive.js`) only selects the precomputed curves for the
//! sliders' positions and draws them; it computes no loss, update or rate.
//!
//! The book is read from `file://` as often as from a server, and browsers
//! refuse to `fetch` a file from a `file://` page, so each grid is written as
//! a small script: a comment line, an assignment line, then the JSON on one
//! line. Everything in the file but the JSON line is fixed text.
//!
//! **Rounding rule.** Every number in a grid is rounded to 6 significant
//! digits ([`round`]: printed with `{:.5e}` and parsed back) and written in
//! the shortest form that reads back as that value; a non-finite value is
//! written as `null`. The bytes depend on nothing but the library, so the
//! committed files are compared with a fresh rendering by a test.

use std::collections::BTreeMap;

use nalgebra::DVector;
use plotters::style::RGBColor;
use serde_json::{Map, Value, json};

use super::Result;
use super::plot::{PALETTE, linspace};
use crate::loss::classification::{
    binary_cross_entropy, binary_cross_entropy_with_logits_gradient, focal_loss,
    sigmoid_focal_loss_gradient,
};
use crate::loss::regression::{fit_constant, huber, huber_gradient, mae_gradient, mse_gradient};
use crate::objective::{LinearRegression, Objective, Quadratic};
use crate::optim::momentum_theory::{critical_momentum, optimal, worst_rate};
use crate::optim::{Optimizer, Sgd};
use crate::schedule::{
    Constant, CosineAnnealing, LinearWarmup, Schedule, Sequential, WarmRestarts,
};
use crate::train::{Batching, TrainConfig, train};

/// One interactive figure of the book.
#[derive(Debug, Clone, Copy)]
pub struct Interactive {
    /// The data file's name under `figures/`, e.g. `momentum_explorer.js`.
    pub file: &'static str,
    /// The name the page looks the data up by (`data-figure` in the chapter).
    pub name: &'static str,
    /// Computes the figure's grid.
    pub build: fn() -> Result<Grid>,
}

/// Every interactive figure, in the order of the book's chapters.
pub const INTERACTIVE: &[Interactive] = &[
    Interactive {
        file: "huber_explorer.js",
        name: "huber_explorer",
        build: huber_explorer,
    },
    Interactive {
        file: "focal_explorer.js",
        name: "focal_explorer",
        build: focal_explorer,
    },
    Interactive {
        file: "momentum_explorer.js",
        name: "momentum_explorer",
        build: momentum_explorer,
    },
    Interactive {
        file: "schedule_explorer.js",
        name: "schedule_explorer",
        build: schedule_explorer,
    },
];

/// The first line of every data file.
pub const HEADER: &str =
    "// lossbook interactive figure data, written by `cargo run --bin figures`: do not edit.";

/// `x` rounded to 6 significant digits, `null` if it is not finite.
pub fn round(x: f64) -> Value {
    if !x.is_finite() {
        return Value::Null;
    }
    let rounded: f64 = format!("{x:.5e}")
        .parse()
        .expect("a formatted float parses");
    json!(rounded)
}

fn ys(values: &[f64]) -> Value {
    Value::Array(values.iter().map(|&v| round(v)).collect())
}

fn xy(points: &[(f64, f64)]) -> Value {
    let (x, y): (Vec<f64>, Vec<f64>) = points.iter().copied().unzip();
    json!([ys(&x), ys(&y)])
}

/// A slider: its values in order, the one shown first, and optional text
/// for each value (e.g. "no", "yes").
#[derive(Debug, Clone)]
pub struct Control {
    pub id: &'static str,
    pub label: &'static str,
    pub values: Vec<f64>,
    pub initial: usize,
    pub names: Option<Vec<&'static str>>,
}

/// How a series is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Draw {
    /// A solid line.
    Line,
    /// A dashed line.
    Dashed,
    /// A dot at every point.
    Dots,
}

/// One series of a panel. Its data is found under `key`: in
/// [`Grid::fixed`] if `fixed`, otherwise in the row of a [`Table`] chosen by
/// the sliders. With `x = Some(axis)` the data is the y values over
/// [`Grid::axes`]`[axis]`; otherwise it is `[xs, ys]`.
#[derive(Debug, Clone)]
pub struct Series {
    pub key: &'static str,
    pub label: String,
    pub color: usize,
    pub x: Option<&'static str>,
    pub fixed: bool,
    pub draw: Draw,
}

impl Series {
    fn live(key: &'static str, label: impl Into<String>, color: usize) -> Self {
        Self {
            key,
            label: label.into(),
            color,
            x: None,
            fixed: false,
            draw: Draw::Line,
        }
    }

    fn over(mut self, axis: &'static str) -> Self {
        self.x = Some(axis);
        self
    }

    fn fixed(mut self) -> Self {
        self.fixed = true;
        self
    }

    fn drawn(mut self, draw: Draw) -> Self {
        self.draw = draw;
        self
    }
}

/// One chart of a figure.
#[derive(Debug, Clone)]
pub struct Panel {
    pub title: &'static str,
    pub x_label: &'static str,
    pub y_label: &'static str,
    pub x: (f64, f64),
    pub y: (f64, f64),
    pub log_y: bool,
    pub series: Vec<Series>,
}

/// A number shown beside the figure, looked up like a live series.
#[derive(Debug, Clone)]
pub struct Output {
    pub key: &'static str,
    pub label: &'static str,
}

/// Precomputed rows for every combination of the sliders in `by`: row
/// `Σₖ iₖ·∏_{j>k} nⱼ` for slider positions `iₖ` (the last slider fastest).
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub by: Vec<&'static str>,
    pub rows: Vec<Map<String, Value>>,
}

/// Everything one interactive figure needs.
#[derive(Debug, Clone)]
pub struct Grid {
    pub title: &'static str,
    pub controls: Vec<Control>,
    pub axes: BTreeMap<&'static str, Vec<f64>>,
    pub fixed: Map<String, Value>,
    pub panels: Vec<Panel>,
    pub outputs: Vec<Output>,
    pub tables: Vec<Table>,
}

impl Grid {
    /// The control called `id`.
    pub fn control(&self, id: &str) -> &Control {
        self.controls
            .iter()
            .find(|c| c.id == id)
            .unwrap_or_else(|| panic!("no control {id}"))
    }

    /// The value of `key` with the sliders at `positions` (`(id, index)`;
    /// sliders not named are at their initial position).
    pub fn lookup(&self, key: &str, positions: &[(&str, usize)]) -> Option<&Value> {
        let table = self
            .tables
            .iter()
            .find(|t| t.rows.first().is_some_and(|row| row.contains_key(key)))?;
        let mut index = 0;
        for id in &table.by {
            let control = self.control(id);
            let at = positions
                .iter()
                .find(|(name, _)| name == id)
                .map_or(control.initial, |&(_, i)| i);
            index = index * control.values.len() + at;
        }
        table.rows.get(index)?.get(key)
    }

    /// The grid as JSON, keys in a fixed order.
    pub fn to_json(&self) -> Value {
        let controls: Vec<Value> = self
            .controls
            .iter()
            .map(|c| {
                let mut control = json!({
                    "id": c.id,
                    "label": c.label,
                    "values": ys(&c.values),
                    "initial": c.initial,
                });
                if let Some(names) = &c.names {
                    control["names"] = json!(names);
                }
                control
            })
            .collect();
        let axes: Map<String, Value> = self
            .axes
            .iter()
            .map(|(name, values)| (name.to_string(), ys(values)))
            .collect();
        let panels: Vec<Value> = self
            .panels
            .iter()
            .map(|p| {
                let series: Vec<Value> = p
                    .series
                    .iter()
                    .map(|s| {
                        // The palette's black is the page's text colour, so
                        // that it shows on mdBook's dark themes too.
                        let color = match PALETTE[s.color % PALETTE.len()] {
                            RGBColor(0, 0, 0) => "currentColor".to_string(),
                            RGBColor(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
                        };
                        let draw = match s.draw {
                            Draw::Line => "line",
                            Draw::Dashed => "dashed",
                            Draw::Dots => "dots",
                        };
                        json!({
                            "key": s.key,
                            "label": s.label,
                            "color": color,
                            "x": s.x,
                            "fixed": s.fixed,
                            "draw": draw,
                        })
                    })
                    .collect();
                json!({
                    "title": p.title,
                    "x_label": p.x_label,
                    "y_label": p.y_label,
                    "x": [round(p.x.0), round(p.x.1)],
                    "y": [round(p.y.0), round(p.y.1)],
                    "log_y": p.log_y,
                    "series": series,
                })
            })
            .collect();
        let outputs: Vec<Value> = self
            .outputs
            .iter()
            .map(|o| json!({"key": o.key, "label": o.label}))
            .collect();
        let tables: Vec<Value> = self
            .tables
            .iter()
            .map(|t| json!({"by": t.by, "rows": t.rows}))
            .collect();
        json!({
            "title": self.title,
            "rounding": "6 significant digits; null where not finite",
            "controls": controls,
            "axes": axes,
            "fixed": self.fixed,
            "panels": panels,
            "outputs": outputs,
            "tables": tables,
        })
    }
}

/// The text of `figure`'s data file: [`HEADER`], the assignment, the JSON.
pub fn render(figure: &Interactive) -> Result<String> {
    let grid = (figure.build)()?;
    let json = serde_json::to_string(&grid.to_json()).expect("JSON values serialise");
    Ok(format!(
        "{HEADER}\n(window.lossbookFigures = window.lossbookFigures || {{}})[\"{}\"] =\n{json};\n",
        figure.name
    ))
}

/// The JSON of a data file written by [`render`] (its third line).
pub fn parse(text: &str) -> Option<Value> {
    let line = text.lines().nth(2)?.strip_suffix(';')?;
    serde_json::from_str(line).ok()
}

/// Renders every interactive figure's data file: `(file, text)`.
pub fn render_all() -> Result<Vec<(&'static str, String)>> {
    INTERACTIVE
        .iter()
        .map(|figure| Ok((figure.file, render(figure)?)))
        .collect()
}

/// A table over `by`, one row per combination of the controls' positions
/// (the last control fastest), each row from `row(positions)`.
fn table(
    controls: &[Control],
    by: &[&'static str],
    row: impl Fn(&[usize]) -> Result<Map<String, Value>>,
) -> Result<Table> {
    let sizes: Vec<usize> = by
        .iter()
        .map(|id| {
            controls
                .iter()
                .find(|c| c.id == *id)
                .expect("a table's controls exist")
                .values
                .len()
        })
        .collect();
    let count: usize = sizes.iter().product();
    let mut rows = Vec::with_capacity(count);
    for flat in 0..count {
        let mut positions = vec![0; sizes.len()];
        let mut rest = flat;
        for (k, &size) in sizes.iter().enumerate().rev() {
            positions[k] = rest % size;
            rest /= size;
        }
        rows.push(row(&positions)?);
    }
    Ok(Table {
        by: by.to_vec(),
        rows,
    })
}

fn entries<const N: usize>(pairs: [(&str, Value); N]) -> Map<String, Value> {
    pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

// ---------------------------------------------------------------------------
// Huber's δ
// ---------------------------------------------------------------------------

/// The δ values of the `huber_explorer` grid: 0.25 to 4 in steps of 0.25.
pub fn huber_deltas() -> Vec<f64> {
    (1..=16).map(|k| f64::from(k) / 4.0).collect()
}

/// The outlier positions of the sliders: 5, 6, …, 30.
pub fn huber_outliers() -> Vec<f64> {
    (5..=30).map(f64::from).collect()
}

/// The values fitted by one constant: 1, 2, 3, 4 and the outlier `x`.
pub fn outlier_data(x: f64) -> Vec<f64> {
    let mut y = super::regression::OUTLIER_BASE.to_vec();
    y.push(x);
    y
}

/// A δ larger than every error drawn: Huber is then exactly `½e²`.
pub const HUBER_QUADRATIC_DELTA: f64 = 1e6;

fn huber_explorer() -> Result<Grid> {
    let controls = vec![
        Control {
            id: "delta",
            label: "δ",
            values: huber_deltas(),
            initial: 3,
            names: None,
        },
        Control {
            id: "outlier",
            label: "outlier x",
            values: huber_outliers(),
            initial: 15,
            names: None,
        },
    ];
    let e = linspace(-3.0, 3.0, 121);
    let xs = linspace(5.0, 30.0, 101);
    let loss = |delta: f64| -> Result<Vec<f64>> {
        Ok(e.iter()
            .map(|&e| huber(&[0.0], &[e], delta))
            .collect::<crate::Result<_>>()?)
    };
    let gradient = |delta: f64| -> Result<Vec<f64>> {
        Ok(e.iter()
            .map(|&e| -> crate::Result<f64> { Ok(huber_gradient(&[0.0], &[e], delta)?[0]) })
            .collect::<crate::Result<_>>()?)
    };
    let huber_fit =
        |delta: f64, x: f64| fit_constant(&outlier_data(x), |y, p| huber_gradient(y, p, delta));
    let mut fixed = Map::new();
    fixed.insert("half_square".into(), ys(&loss(HUBER_QUADRATIC_DELTA)?));
    fixed.insert(
        "half_square_gradient".into(),
        ys(&gradient(HUBER_QUADRATIC_DELTA)?),
    );
    let mean: Vec<f64> = (xs.iter())
        .map(|&x| fit_constant(&outlier_data(x), mse_gradient))
        .collect::<crate::Result<_>>()?;
    let median: Vec<f64> = (xs.iter())
        .map(|&x| fit_constant(&outlier_data(x), mae_gradient))
        .collect::<crate::Result<_>>()?;
    fixed.insert("mean".into(), ys(&mean));
    fixed.insert("median".into(), ys(&median));
    let deltas = huber_deltas();
    let outliers = huber_outliers();
    let by_delta = table(&controls, &["delta"], |i| {
        let delta = deltas[i[0]];
        let fits: Vec<f64> = (xs.iter())
            .map(|&x| huber_fit(delta, x))
            .collect::<crate::Result<_>>()?;
        Ok(entries([
            ("loss", ys(&loss(delta)?)),
            ("gradient", ys(&gradient(delta)?)),
            ("fit", ys(&fits)),
        ]))
    })?;
    let by_outlier = table(&controls, &["outlier"], |i| {
        let x = outliers[i[0]];
        Ok(entries([
            (
                "mean_here",
                round(fit_constant(&outlier_data(x), mse_gradient)?),
            ),
            (
                "median_here",
                round(fit_constant(&outlier_data(x), mae_gradient)?),
            ),
        ]))
    })?;
    let by_both = table(&controls, &["delta", "outlier"], |i| {
        let (delta, x) = (deltas[i[0]], outliers[i[1]]);
        let c = huber_fit(delta, x)?;
        Ok(entries([("fit_here", round(c)), ("here", xy(&[(x, c)]))]))
    })?;
    Ok(Grid {
        title: "Huber's δ: the loss, its gradient, and the constant it fits to 1, 2, 3, 4, x",
        controls,
        axes: BTreeMap::from([("e", e), ("x", xs)]),
        fixed,
        panels: vec![
            Panel {
                title: "loss",
                x_label: "error e",
                y_label: "ℓ(e)",
                x: (-3.0, 3.0),
                y: (0.0, 4.5),
                log_y: false,
                series: vec![
                    Series::live("half_square", "½e²", 6)
                        .over("e")
                        .fixed()
                        .drawn(Draw::Dashed),
                    Series::live("loss", "Huber", 0).over("e"),
                ],
            },
            Panel {
                title: "gradient",
                x_label: "error e",
                y_label: "ℓ′(e)",
                x: (-3.0, 3.0),
                y: (-3.0, 3.0),
                log_y: false,
                series: vec![
                    Series::live("half_square_gradient", "e", 6)
                        .over("e")
                        .fixed()
                        .drawn(Draw::Dashed),
                    Series::live("gradient", "Huber", 0).over("e"),
                ],
            },
            Panel {
                title: "fitted constant",
                x_label: "outlier x",
                y_label: "c",
                x: (5.0, 30.0),
                y: (2.5, 8.5),
                log_y: false,
                series: vec![
                    Series::live("mean", "MSE (mean)", 1).over("x").fixed(),
                    Series::live("median", "MAE (median)", 2).over("x").fixed(),
                    Series::live("fit", "Huber", 0).over("x"),
                    Series::live("here", "this x", 0).drawn(Draw::Dots),
                ],
            },
        ],
        outputs: vec![
            Output {
                key: "fit_here",
                label: "Huber's constant",
            },
            Output {
                key: "mean_here",
                label: "mean",
            },
            Output {
                key: "median_here",
                label: "median",
            },
        ],
        tables: vec![by_delta, by_outlier, by_both],
    })
}

// ---------------------------------------------------------------------------
// Focal loss
// ---------------------------------------------------------------------------

/// The γ values of the `focal_explorer` grid: 0 to 5 in steps of 0.5.
pub fn focal_gammas() -> Vec<f64> {
    (0..=10).map(|k| f64::from(k) / 2.0).collect()
}

/// The α values of the `focal_explorer` grid.
pub const FOCAL_ALPHAS: [f64; 5] = [0.1, 0.25, 0.5, 0.75, 0.9];

/// The probabilities of the true class drawn: `pₜ = k/50`, k = 1, …, 49.
pub fn focal_pts() -> Vec<f64> {
    (1..=49).map(|k| f64::from(k) / 50.0).collect()
}

/// The logit `z = ln(p/(1 − p))` at which the model predicts `p`.
fn logit(p: f64) -> f64 {
    (p / (1.0 - p)).ln()
}

/// The focal loss and `|∂ℓ/∂z|` of one example of class `y` whose true
/// class has probability `p_t` (so the model predicts `p = p_t` for `y = 1`
/// and `p = 1 − p_t` for `y = 0`).
pub fn focal_point(y: f64, p_t: f64, alpha: f64, gamma: f64) -> crate::Result<(f64, f64)> {
    let p = if y == 1.0 { p_t } else { 1.0 - p_t };
    let loss = focal_loss(&[y], &[p], alpha, gamma)?;
    let gradient = sigmoid_focal_loss_gradient(&[y], &[logit(p)], alpha, gamma)?[0];
    Ok((loss, gradient.abs()))
}

fn focal_explorer() -> Result<Grid> {
    let controls = vec![
        Control {
            id: "gamma",
            label: "γ",
            values: focal_gammas(),
            initial: 4,
            names: None,
        },
        Control {
            id: "alpha",
            label: "α",
            values: FOCAL_ALPHAS.to_vec(),
            initial: 1,
            names: None,
        },
    ];
    let pts = focal_pts();
    let mut fixed = Map::new();
    let ce: Vec<f64> = (pts.iter())
        .map(|&p| binary_cross_entropy(&[1.0], &[p]))
        .collect::<crate::Result<_>>()?;
    let ce_gradient: Vec<f64> = (pts.iter())
        .map(|&p| -> crate::Result<f64> {
            Ok(binary_cross_entropy_with_logits_gradient(&[1.0], &[logit(p)])?[0].abs())
        })
        .collect::<crate::Result<_>>()?;
    fixed.insert("ce".into(), ys(&ce));
    fixed.insert("ce_gradient".into(), ys(&ce_gradient));
    let gammas = focal_gammas();
    let rows = table(&controls, &["gamma", "alpha"], |i| {
        let (gamma, alpha) = (gammas[i[0]], FOCAL_ALPHAS[i[1]]);
        let curve = |y: f64| -> crate::Result<(Vec<f64>, Vec<f64>)> {
            Ok(pts
                .iter()
                .map(|&p| focal_point(y, p, alpha, gamma))
                .collect::<crate::Result<Vec<_>>>()?
                .into_iter()
                .unzip())
        };
        let (positive, positive_gradient) = curve(1.0)?;
        let (negative, negative_gradient) = curve(0.0)?;
        let kept = |p: f64| -> crate::Result<f64> {
            Ok(focal_loss(&[1.0], &[p], alpha, gamma)? / binary_cross_entropy(&[1.0], &[p])?)
        };
        Ok(entries([
            ("positive", ys(&positive)),
            ("negative", ys(&negative)),
            ("positive_gradient", ys(&positive_gradient)),
            ("negative_gradient", ys(&negative_gradient)),
            ("kept_easy", round(kept(0.9)?)),
            ("kept_hard", round(kept(0.1)?)),
        ]))
    })?;
    Ok(Grid {
        title: "Focal loss −α_t (1 − pₜ)ᵞ log pₜ and its gradient",
        controls,
        axes: BTreeMap::from([("pt", pts)]),
        fixed,
        panels: vec![
            Panel {
                title: "loss",
                x_label: "probability of the true class pₜ",
                y_label: "loss",
                x: (0.0, 1.0),
                y: (0.0, 4.0),
                log_y: false,
                series: vec![
                    Series::live("ce", "cross-entropy", 6)
                        .over("pt")
                        .fixed()
                        .drawn(Draw::Dashed),
                    Series::live("positive", "y = 1 (weight α)", 0).over("pt"),
                    Series::live("negative", "y = 0 (weight 1 − α)", 1).over("pt"),
                ],
            },
            Panel {
                title: "gradient",
                x_label: "probability of the true class pₜ",
                y_label: "|∂ℓ/∂z| (z the logit)",
                x: (0.0, 1.0),
                y: (0.0, 1.0),
                log_y: false,
                series: vec![
                    Series::live("ce_gradient", "cross-entropy", 6)
                        .over("pt")
                        .fixed()
                        .drawn(Draw::Dashed),
                    Series::live("positive_gradient", "y = 1", 0).over("pt"),
                    Series::live("negative_gradient", "y = 0", 1).over("pt"),
                ],
            },
        ],
        outputs: vec![
            Output {
                key: "kept_easy",
                label: "share of the cross-entropy kept at pₜ = 0.9 (y = 1)",
            },
            Output {
                key: "kept_hard",
                label: "at pₜ = 0.1",
            },
        ],
        tables: vec![rows],
    })
}

// ---------------------------------------------------------------------------
// Momentum on an ill-conditioned quadratic
// ---------------------------------------------------------------------------

/// The condition number of the `momentum_explorer` grid: `½(x² + κy²)`, curvatures 1 and κ.
pub const MOMENTUM_KAPPA: f64 = 10.0;
/// The steps drawn.
pub const MOMENTUM_STEPS: usize = 40;
/// The start of every path.
pub const MOMENTUM_START: [f64; 2] = [1.0, 1.0];
/// A path is cut after the first point with `|x|` or `|y|` above this: it diverges.
pub const MOMENTUM_ESCAPE: f64 = 10.0;

/// The learning rates of the slider: 0.02 to 0.40 in steps of 0.02.
pub fn momentum_lrs() -> Vec<f64> {
    (1..=20).map(|k| f64::from(k) / 50.0).collect()
}

/// The momenta of the slider: 0 to 0.9 in steps of 0.1.
pub fn momentum_betas() -> Vec<f64> {
    (0..=9).map(|k| f64::from(k) / 10.0).collect()
}

/// A path `(xₜ, yₜ)` and the objective `f(θₜ)` at each of its points.
pub type MomentumPath = (Vec<(f64, f64)>, Vec<f64>);

/// The path of the library's `Sgd` at `(lr, momentum)` from
/// [`MOMENTUM_START`], and `f` at every point, for [`MOMENTUM_STEPS`] steps
/// or until it leaves the box `|x|, |y| ≤ MOMENTUM_ESCAPE`.
pub fn momentum_path(lr: f64, momentum: f64) -> Result<MomentumPath> {
    let quadratic = Quadratic::ill_conditioned(MOMENTUM_KAPPA)?;
    let sgd = Sgd {
        lr,
        momentum,
        ..Sgd::default()
    };
    let mut theta = DVector::from_vec(MOMENTUM_START.to_vec());
    let mut state = sgd.init(&theta)?;
    let mut path = vec![(theta[0], theta[1])];
    let mut values = vec![quadratic.objective(&theta)];
    for _ in 0..MOMENTUM_STEPS {
        let gradient = quadratic.full_gradient(&theta);
        sgd.step(&mut state, &mut theta, &gradient)?;
        path.push((theta[0], theta[1]));
        values.push(quadratic.objective(&theta));
        if theta.iter().any(|v| v.abs() > MOMENTUM_ESCAPE) {
            break;
        }
    }
    Ok((path, values))
}

fn momentum_explorer() -> Result<Grid> {
    let controls = vec![
        Control {
            id: "lr",
            label: "learning rate η",
            values: momentum_lrs(),
            initial: 9,
            names: None,
        },
        Control {
            id: "momentum",
            label: "momentum β",
            values: momentum_betas(),
            initial: 3,
            names: None,
        },
    ];
    let quadratic = Quadratic::ill_conditioned(MOMENTUM_KAPPA)?;
    let mut fixed = Map::new();
    for (key, level) in [
        ("level_1", 0.05),
        ("level_2", 0.5),
        ("level_3", 2.0),
        ("level_4", 5.5),
    ] {
        let ellipse = super::optimizers::quadratic_level_set(&quadratic, level);
        fixed.insert(key.into(), xy(&ellipse.points));
    }
    let fine = linspace(0.002, 0.4, 200);
    for (key, curvature) in [("critical_1", 1.0), ("critical_kappa", MOMENTUM_KAPPA)] {
        let curve: Vec<(f64, f64)> = (fine.iter())
            .map(|&lr| -> crate::Result<(f64, f64)> { Ok((lr, critical_momentum(lr, curvature)?)) })
            .collect::<crate::Result<_>>()?;
        fixed.insert(key.into(), xy(&curve));
    }
    let best = optimal(1.0, MOMENTUM_KAPPA)?;
    fixed.insert("optimum".into(), xy(&[(best.lr, best.momentum)]));
    let (lrs, betas) = (momentum_lrs(), momentum_betas());
    let by_lr = table(&controls, &["lr"], |i| {
        let lr = lrs[i[0]];
        Ok(entries([
            ("critical_1_here", round(critical_momentum(lr, 1.0)?)),
            (
                "critical_kappa_here",
                round(critical_momentum(lr, MOMENTUM_KAPPA)?),
            ),
        ]))
    })?;
    let by_both = table(&controls, &["lr", "momentum"], |i| {
        let (lr, beta) = (lrs[i[0]], betas[i[1]]);
        let (path, values) = momentum_path(lr, beta)?;
        let steps: Vec<(f64, f64)> = (values.iter().enumerate())
            .map(|(t, &f)| (t as f64, f))
            .collect();
        let last = if path.len() == MOMENTUM_STEPS + 1 {
            round(*values.last().expect("a path has a start"))
        } else {
            Value::Null
        };
        Ok(entries([
            ("path", xy(&path)),
            ("values", xy(&steps)),
            ("rate", round(worst_rate(lr, beta, 1.0, MOMENTUM_KAPPA)?)),
            ("final", last),
            ("here", xy(&[(lr, beta)])),
        ]))
    })?;
    Ok(Grid {
        title: "Heavy-ball momentum on ½(x² + 10y²) from (1, 1), 40 steps",
        controls,
        axes: BTreeMap::new(),
        fixed,
        panels: vec![
            Panel {
                title: "path",
                x_label: "x",
                y_label: "y",
                x: (-1.5, 1.5),
                y: (-1.5, 1.5),
                log_y: false,
                series: vec![
                    Series::live("level_1", "f = 0.05, 0.5, 2, 5.5", 6)
                        .fixed()
                        .drawn(Draw::Dashed),
                    Series::live("level_2", "", 6).fixed().drawn(Draw::Dashed),
                    Series::live("level_3", "", 6).fixed().drawn(Draw::Dashed),
                    Series::live("level_4", "", 6).fixed().drawn(Draw::Dashed),
                    Series::live("path", "momentum", 1),
                ],
            },
            Panel {
                title: "f(θₜ)",
                x_label: "step t",
                y_label: "f, log scale",
                x: (0.0, MOMENTUM_STEPS as f64),
                y: (1e-12, 1e2),
                log_y: true,
                series: vec![Series::live("values", "f(θₜ)", 1)],
            },
            Panel {
                title: "(η, β) and critical damping",
                x_label: "η",
                y_label: "β",
                x: (0.0, 0.4),
                y: (0.0, 1.0),
                log_y: false,
                series: vec![
                    Series::live("critical_1", "β* for λ = 1", 0).fixed(),
                    Series::live("critical_kappa", "β* for λ = 10", 2).fixed(),
                    Series::live("optimum", "optimum", 6)
                        .fixed()
                        .drawn(Draw::Dots),
                    Series::live("here", "this (η, β)", 1).drawn(Draw::Dots),
                ],
            },
        ],
        outputs: vec![
            Output {
                key: "rate",
                label: "worst-case rate ρ",
            },
            Output {
                key: "critical_1_here",
                label: "β* (λ = 1)",
            },
            Output {
                key: "critical_kappa_here",
                label: "β* (λ = 10)",
            },
            Output {
                key: "final",
                label: "f after 40 steps",
            },
        ],
        tables: vec![by_lr, by_both],
    })
}

// ---------------------------------------------------------------------------
// A learning-rate schedule and the training it gives
// ---------------------------------------------------------------------------

/// The peak rate η₀ of the `schedule_explorer` grid.
pub const SCHEDULE_LR: f64 = 0.1;
/// Epochs of every run.
pub const SCHEDULE_EPOCHS: usize = 100;
/// Mini-batch size of every run: plain SGD on the article's regression.
pub const SCHEDULE_BATCH: usize = 8;
/// The warm-up lengths of the slider (0: none).
pub const SCHEDULE_WARMUPS: [usize; 4] = [0, 5, 10, 20];
/// The cosine periods T of the slider.
pub const SCHEDULE_PERIODS: [usize; 4] = [10, 25, 50, 100];
/// The floors η_min of the slider.
pub const SCHEDULE_FLOORS: [f64; 3] = [0.0, 0.001, 0.01];

/// Linear warm-up over `warmup` epochs from η₀/warmup to η₀ (none if 0),
/// then cosine annealing from η₀ to `eta_min` over `period` epochs: once
/// (flat at η_min afterwards), or restarted every `period` epochs.
pub fn explorer_schedule(
    warmup: usize,
    period: usize,
    eta_min: f64,
    restarts: bool,
) -> crate::Result<Box<dyn Schedule>> {
    let anneal: Box<dyn Schedule> = if restarts {
        Box::new(WarmRestarts::new(SCHEDULE_LR, period, 1, eta_min)?)
    } else {
        Box::new(CosineAnnealing::new(SCHEDULE_LR, eta_min, period)?)
    };
    if warmup == 0 {
        return Ok(anneal);
    }
    let ramp = LinearWarmup::new(SCHEDULE_LR, 1.0 / warmup as f64, 1.0, warmup)?;
    Ok(Box::new(Sequential::new(Box::new(ramp), anneal, warmup)?))
}

/// The excess MSE over the least-squares floor after each epoch of plain
/// mini-batch SGD on the article's regression from θ = 0 under `schedule`
/// (seed 0, the schedule stepped per epoch).
pub fn schedule_run(schedule: &dyn Schedule) -> Result<Vec<f64>> {
    let problem = LinearRegression::article_problem();
    let floor = problem.mse(&problem.normal_equation()?);
    let mut config = TrainConfig::new(SCHEDULE_EPOCHS, Batching::MiniBatch(SCHEDULE_BATCH));
    config.schedule = Some(schedule);
    let mut sgd = Sgd {
        lr: SCHEDULE_LR,
        ..Sgd::default()
    };
    let report = train(&problem, DVector::zeros(3), &mut sgd, &config)?;
    Ok(report
        .loss_history
        .iter()
        .map(|loss| loss - floor)
        .collect())
}

fn schedule_explorer() -> Result<Grid> {
    let as_f64 = |values: &[usize]| values.iter().map(|&v| v as f64).collect::<Vec<_>>();
    let controls = vec![
        Control {
            id: "warmup",
            label: "warm-up epochs",
            values: as_f64(&SCHEDULE_WARMUPS),
            initial: 1,
            names: None,
        },
        Control {
            id: "period",
            label: "cosine period T",
            values: as_f64(&SCHEDULE_PERIODS),
            initial: 1,
            names: None,
        },
        Control {
            id: "eta_min",
            label: "η_min",
            values: SCHEDULE_FLOORS.to_vec(),
            initial: 1,
            names: None,
        },
        Control {
            id: "restarts",
            label: "restart every T",
            values: vec![0.0, 1.0],
            initial: 0,
            names: Some(vec!["no", "yes"]),
        },
    ];
    let epochs: Vec<f64> = (0..SCHEDULE_EPOCHS).map(|t| t as f64).collect();
    let mut fixed = Map::new();
    let constant = Constant::new(SCHEDULE_LR)?;
    fixed.insert("constant".into(), ys(&schedule_run(&constant)?));
    fixed.insert(
        "constant_rate".into(),
        ys(&vec![SCHEDULE_LR; SCHEDULE_EPOCHS]),
    );
    let rows = table(
        &controls,
        &["warmup", "period", "eta_min", "restarts"],
        |i| {
            let schedule = explorer_schedule(
                SCHEDULE_WARMUPS[i[0]],
                SCHEDULE_PERIODS[i[1]],
                SCHEDULE_FLOORS[i[2]],
                i[3] == 1,
            )?;
            let rates: Vec<f64> = (0..SCHEDULE_EPOCHS)
                .map(|t| schedule.learning_rate(t))
                .collect();
            let excess = schedule_run(schedule.as_ref())?;
            Ok(entries([
                ("final_rate", round(*rates.last().expect("epochs"))),
                ("final_excess", round(*excess.last().expect("epochs"))),
                ("rate", ys(&rates)),
                ("excess", ys(&excess)),
            ]))
        },
    )?;
    Ok(Grid {
        title: "A schedule and the SGD run it gives on the article's regression (batch 8, η₀ = 0.1)",
        controls,
        axes: BTreeMap::from([("epoch", epochs)]),
        fixed,
        panels: vec![
            Panel {
                title: "learning rate",
                x_label: "epoch t",
                y_label: "η(t)",
                x: (0.0, SCHEDULE_EPOCHS as f64),
                y: (0.0, 0.105),
                log_y: false,
                series: vec![
                    Series::live("constant_rate", "constant η₀", 6)
                        .over("epoch")
                        .fixed()
                        .drawn(Draw::Dashed),
                    Series::live("rate", "schedule", 0).over("epoch"),
                ],
            },
            Panel {
                title: "training",
                x_label: "epoch t",
                y_label: "excess MSE, log scale",
                x: (0.0, SCHEDULE_EPOCHS as f64),
                y: (1e-8, 1e2),
                log_y: true,
                series: vec![
                    Series::live("constant", "constant η₀", 6)
                        .over("epoch")
                        .fixed()
                        .drawn(Draw::Dashed),
                    Series::live("excess", "schedule", 0).over("epoch"),
                ],
            },
        ],
        outputs: vec![
            Output {
                key: "final_rate",
                label: "η in the last epoch",
            },
            Output {
                key: "final_excess",
                label: "excess MSE after 100 epochs",
            },
        ],
        tables: vec![rows],
    })
}
