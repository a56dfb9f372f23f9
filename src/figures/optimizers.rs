//! Figures for the optimizers: convergence on the article's regression,
//! batch size (FAQ Q3), trajectories on ill-conditioned and curved
//! landscapes under the comparison protocol of [`crate::tuning`] (with its
//! sweeps), and Adam's bias correction.

use nalgebra::DVector;
use plotters::prelude::*;

use super::plot::{self, Axes, Bounds, Curve};
use super::{Figure, Result};
use crate::objective::{LinearRegression, Objective, Quadratic, Rosenbrock};
use crate::optim::{Adam, Optimizer, Sgd};
use crate::train::{Batching, TrainConfig, train};
use crate::tuning::{self, Problem, Sweep};

/// The number of epochs of the convergence figures.
pub const EPOCHS: usize = 100;

/// The excess loss `MSE(θ_t) − MSE(θ*)` after each epoch `t = 0, …,
/// EPOCHS` of `optimizer` on the article problem from `θ = 0`, where `θ*`
/// is the least-squares solution: the distance to the best achievable loss,
/// which a log scale can show all the way down.
fn excess_loss_curve<O: Optimizer>(
    label: String,
    mut optimizer: O,
    batching: Batching,
) -> Result<Curve> {
    let problem = LinearRegression::article_problem();
    let best = problem.mse(&problem.normal_equation()?);
    let initial = DVector::zeros(problem.feature_count());
    let start = problem.reported_loss(&initial);
    let report = train(
        &problem,
        initial,
        &mut optimizer,
        &TrainConfig::new(EPOCHS, batching),
    )?;
    let points = std::iter::once(start)
        .chain(report.loss_history)
        .enumerate()
        .map(|(epoch, loss)| (epoch as f64, loss - best))
        .collect();
    Ok(Curve::new(label, points))
}

/// Plain SGD with learning rate `lr` and PyTorch's other defaults.
fn sgd(lr: f64) -> Sgd {
    Sgd {
        lr,
        ..Sgd::default()
    }
}

/// `optimizer_convergence.svg`.
pub const CONVERGENCE: Figure = Figure {
    file: "optimizer_convergence.svg",
    title: "Tuned optimizers on the article's regression (κ ≈ 1.2)",
    caption: "Every method at the setting its sweep chose (legend). The problem is well \
              conditioned (κ ≈ 1.2), so there is little for momentum to fix: tuned GD stays \
              below an excess of 1e-10 from epoch 8, momentum and Nesterov from epoch 6 \
              (their curves lie on top of each other; momentum's best μ is the smallest on \
              the grid, 0.01), RMSprop from 8 and Adam from 20. SGD (B = 1) and mini-batches \
              of 40 never get there in 100 epochs; their two curves lie on top of each \
              other, and their noise keeps them above 1e-8 over the last 50 epochs.",
    render: render_convergence,
};

/// The excess-loss curves of [`CONVERGENCE`]: every method of
/// [`Problem::Article`] at the setting its sweep chose, in entry order.
pub fn convergence_data() -> Result<Vec<Curve>> {
    Ok(Problem::Article
        .sweeps()?
        .iter()
        .map(|sweep| {
            let points = (sweep.best().excess.iter().enumerate())
                .map(|(epoch, &excess)| (epoch as f64, excess))
                .collect();
            Curve::new(sweep.label(), points)
        })
        .collect())
}

fn render_convergence() -> Result<String> {
    let curves = convergence_data()?;
    plot::svg(CONVERGENCE.title, |area| {
        let mut chart = plot::log_y_chart(
            area,
            &Axes {
                caption: None,
                x_label: "epoch",
                y_label: "excess loss MSE(θ) − MSE(θ*)",
                x: 0.0..EPOCHS as f64,
                y: 1e-12..1000.0,
            },
        )?;
        // Above the noisy SGD curves, right of where the others end.
        plot::draw_all(&mut chart, &curves, SeriesLabelPosition::UpperRight)
    })
}

/// Excess-loss curves per epoch on a log axis down to `floor`, legend at the side.
fn render_excess_loss(figure: &Figure, curves: &[Curve], floor: f64) -> Result<String> {
    plot::svg(figure.title, |area| {
        let (area, legend) = plot::with_legend_column(area, 215);
        let mut chart = plot::log_y_chart(
            &area,
            &Axes {
                caption: None,
                x_label: "epoch",
                y_label: "excess loss MSE(θ) − MSE(θ*)",
                x: 0.0..EPOCHS as f64,
                y: floor..100.0,
            },
        )?;
        plot::draw_curves(&mut chart, curves)?;
        plot::legend_column(&legend, &plot::entries(curves))
    })
}

/// The learning rate every run of [`BATCH_SIZE`] shares.
pub const BATCH_LR: f64 = 0.05;

/// The batch sizes of [`BATCH_SIZE`]; `None` is the full batch.
///
/// 40 rather than the customary 32: every size here divides the 200
/// samples. With 32 the last batch of each epoch holds only 8 samples, and
/// since the loss is recorded right after it, B = 32's curve would be as
/// noisy as B = 8's.
pub const BATCH_SIZES: [Option<usize>; 4] = [Some(1), Some(8), Some(40), None];

/// `batch_size.svg`.
pub const BATCH_SIZE: Figure = Figure {
    file: "batch_size.svg",
    title: "Batch size at a fixed learning rate η = 0.05 (plain SGD)",
    caption: "With the same η, smaller batches take more steps per epoch and get within 0.01 \
              of the optimum in fewer epochs (B = 1: 2, B = 8: 4, B = 40: 17, full batch: 85), \
              but settle on a higher floor. Averaged over the last 50 epochs the floors are \
              1.8e-2, 2.5e-4 and 2.2e-6 for B = 1, 8, 40. The formula for reshuffled epochs \
              predicts 1.6e-2, 2.5e-4, 2.2e-6 (within 2 % for B = 8 and 40; B = 1 sits 15 % \
              above it); the 1/B law would give 2.0e-2, 2.5e-3, 5.0e-4.",
    render: render_batch_size,
};

/// The excess-loss curves of [`BATCH_SIZE`], one per entry of [`BATCH_SIZES`].
pub fn batch_size_data() -> Result<Vec<Curve>> {
    let samples = LinearRegression::article_problem().sample_count();
    BATCH_SIZES
        .iter()
        .map(|&size| {
            let (label, batching) = match size {
                Some(b) => (
                    format!("B = {b}, {} steps/epoch", samples.div_ceil(b)),
                    Batching::MiniBatch(b),
                ),
                None => ("full batch, 1 step/epoch".to_string(), Batching::Full),
            };
            excess_loss_curve(label, sgd(BATCH_LR), batching)
        })
        .collect()
}

fn render_batch_size() -> Result<String> {
    render_excess_loss(&BATCH_SIZE, &batch_size_data()?, 1e-7)
}

/// The path of `sweep`'s chosen setting on `problem`: its first `steps`
/// steps, labelled with the setting.
fn tuned_path(problem: Problem, sweep: &Sweep, steps: usize) -> Result<Curve> {
    let report = problem.best_run(sweep)?;
    let points = (report.param_history.iter().take(steps + 1))
        .map(|p| (p[0], p[1]))
        .collect();
    Ok(Curve::new(sweep.label(), points))
}

/// The number of steps drawn in [`TRAJECTORIES`].
pub const QUADRATIC_STEPS: usize = 100;

/// `trajectories.svg`.
pub const TRAJECTORIES: Figure = Figure {
    file: "trajectories.svg",
    title: "100 steps on f(x, y) = ½(x² + 100y²) from (−4, 1), tuned",
    caption: "Each method at the setting its sweep chose; markers at the end of each path. \
              GD at η = 0.016, under its stability limit 2/κ = 0.02, damps the zig-zag \
              across the valley within a few steps and then crawls along it: after 100 steps \
              it is still 0.8 from the minimum, which it needs 786 steps to reach (an excess \
              below 1e-10). Tuned momentum takes η = 0.032, over GD's limit, first jumps \
              across the valley to y = −2.2, and gets there in 83 steps, 9.5× fewer; \
              Nesterov in 122, Adam in 62, RMSprop in 525.",
    render: render_trajectories,
};

/// The data of [`TRAJECTORIES`]: level sets of `f` and the optimizer paths.
#[derive(Debug, Clone)]
pub struct Landscape {
    /// The function value of each contour, ascending.
    pub levels: Vec<f64>,
    /// One closed curve (or several pieces) per level, same order.
    pub contours: Vec<Vec<Curve>>,
    /// One path per optimizer, starting at the common start point.
    pub paths: Vec<Curve>,
    /// The objective along each path against the step number, same order.
    pub values: Vec<Curve>,
}

impl Landscape {
    /// Fills in [`Landscape::values`] from the paths.
    fn new(
        objective: &dyn Objective,
        levels: Vec<f64>,
        contours: Vec<Vec<Curve>>,
        paths: Vec<Curve>,
    ) -> Self {
        let values = paths
            .iter()
            .map(|path| {
                let points = path
                    .points
                    .iter()
                    .enumerate()
                    .map(|(t, &(x, y))| {
                        (
                            t as f64,
                            objective.objective(&DVector::from_vec(vec![x, y])),
                        )
                    })
                    .collect();
                Curve::new(path.label.clone(), points)
            })
            .collect();
        Self {
            levels,
            contours,
            paths,
            values,
        }
    }
}

/// The ellipse `f(θ) = c` of a quadratic with diagonal `A` and `b = 0`:
/// semi-axes `√(2c/aᵢᵢ)`, as 181 points around it.
pub(crate) fn quadratic_level_set(quadratic: &Quadratic, level: f64) -> Curve {
    let (ax, ay) = (quadratic.a[(0, 0)], quadratic.a[(1, 1)]);
    let (rx, ry) = ((2.0 * level / ax).sqrt(), (2.0 * level / ay).sqrt());
    let points = plot::linspace(0.0, std::f64::consts::TAU, 181)
        .into_iter()
        .map(|t| (rx * t.cos(), ry * t.sin()))
        .collect();
    Curve::new("", points)
}

/// The contours and paths of [`TRAJECTORIES`]: the first
/// [`QUADRATIC_STEPS`] steps of every method of [`Problem::IllConditioned`]
/// at the setting its sweep chose.
pub fn trajectories_data() -> Result<Landscape> {
    let quadratic = Quadratic::ill_conditioned(tuning::CONDITION_NUMBER)?;
    // Ellipses are exact only for this shape of quadratic; the test checks
    // that f is constant along them.
    assert!(quadratic.b.iter().all(|&b| b == 0.0) && quadratic.a[(0, 1)] == 0.0);
    let levels = vec![0.5, 2.0, 5.0, 10.0, 20.0, 35.0, 58.0];
    let contours = levels
        .iter()
        .map(|&c| vec![quadratic_level_set(&quadratic, c)])
        .collect();
    let problem = Problem::IllConditioned;
    let paths = (problem.sweeps()?.iter())
        .map(|sweep| tuned_path(problem, sweep, QUADRATIC_STEPS))
        .collect::<Result<_>>()?;
    Ok(Landscape::new(&quadratic, levels, contours, paths))
}

/// Series `i`'s colour with one of four markers, for paths.
fn marked_style(i: usize) -> plot::LineStyle {
    const MARKERS: [plot::Marker; 4] = [
        plot::Marker::Circle,
        plot::Marker::Triangle,
        plot::Marker::Cross,
        plot::Marker::Ring,
    ];
    plot::marker_style(i, MARKERS[i % MARKERS.len()])
}

/// Draws `curve` in the colour and dash of series `i` with a marker on
/// every `every`-th point (after the first) and returns the style, for the
/// legend. Markers at fixed step counts show speed along a path, which the
/// evenly spread markers of [`plot::draw_curve`] would not.
fn draw_marked<'a, DB, CT>(
    chart: &mut ChartContext<'a, DB, CT>,
    curve: &Curve,
    i: usize,
    every: usize,
) -> Result<plot::LineStyle>
where
    DB: DrawingBackend + 'a,
    DB::ErrorType: 'static,
    CT: CoordTranslate<From = (f64, f64)>,
    ChartContext<'a, DB, CT>: Bounds,
{
    let marked = marked_style(i);
    plot::draw_curve(chart, curve, plot::marker_style(i, plot::Marker::None))?;
    let (x, y, _) = chart.bounds();
    let inside = |&(px, py): &(f64, f64)| x.contains(&px) && y.contains(&py);
    let points = curve
        .points
        .iter()
        .copied()
        .step_by(every)
        .skip(1)
        .filter(inside);
    plot::draw_markers(chart, points, marked)?;
    Ok(marked)
}

/// Draws contours (thin grey), then the paths, the start point (black dot),
/// each path's end point (a square in its colour) and, if `every` is set, a
/// marker on each path after every `every` steps; then the legend, if it
/// has a place.
fn draw_landscape(
    area: &DrawingArea<SVGBackend<'_>, plotters::coord::Shift>,
    landscape: &Landscape,
    axes: &Axes<'_>,
    legend: Option<SeriesLabelPosition>,
    every: Option<usize>,
) -> Result<()> {
    let mut chart = plot::linear_chart(area, axes)?;
    for pieces in &landscape.contours {
        for piece in pieces {
            plot::draw_curve(&mut chart, piece, plot::contour_style())?;
        }
    }
    let mut entries = Vec::new();
    for (i, path) in landscape.paths.iter().enumerate() {
        let style = draw_marked(&mut chart, path, i, every.unwrap_or(usize::MAX))?;
        entries.push((path.label.as_str(), style));
    }
    let start = landscape
        .paths
        .first()
        .and_then(|p| p.points.first().copied());
    plot::draw_markers(
        &mut chart,
        start.into_iter(),
        plot::marker_style(6, plot::Marker::Circle),
    )?;
    let styles: Vec<plot::LineStyle> = entries.iter().map(|&(_, style)| style).collect();
    plot::draw_end_points(&mut chart, landscape.paths.iter().zip(styles))?;
    entries.push(("start", plot::point_style(BLACK, plot::Marker::Circle)));
    entries.push(("end", plot::point_style(BLACK, plot::Marker::Square)));
    match legend {
        Some(position) => plot::legend(&chart, &entries, position),
        None => Ok(()),
    }
}

fn render_trajectories() -> Result<String> {
    let landscape = trajectories_data()?;
    plot::svg(TRAJECTORIES.title, |area| {
        // Not to scale: y is stretched so that the zig-zags across the
        // narrow valley can be seen.
        let (area, legend) = plot::with_legend_column(area, 275);
        draw_landscape(
            &area,
            &landscape,
            &Axes {
                caption: None,
                x_label: "x",
                y_label: "y",
                x: -4.5..1.0,
                y: -2.5..2.5,
            },
            None,
            None,
        )?;
        let mut entries = (landscape.paths.iter().enumerate())
            .map(|(i, path)| (path.label.as_str(), marked_style(i)))
            .collect::<Vec<_>>();
        entries.push(("start", plot::point_style(BLACK, plot::Marker::Circle)));
        entries.push(("end", plot::point_style(BLACK, plot::Marker::Square)));
        plot::legend_column(&legend, &entries)
    })
}

/// `trajectories_rosenbrock.svg`.
pub const ROSENBROCK: Figure = Figure {
    file: "trajectories_rosenbrock.svg",
    title: "2000 steps on Rosenbrock's valley from (−1.2, 1), tuned",
    caption: "Each method at the setting its sweep chose; markers every 250 steps and at the \
              end. In the curved valley of f = (1 − x)² + 100(y − x²)², momentum, Nesterov \
              and Adam stay below an excess of 1e-10 from steps 531, 772 and 651; tuned GD \
              and RMSprop never get there in 2000 steps and end over 0.005 above the \
              minimum. Adam's tuned η = 1.6 takes it on wide detours first.",
    render: render_rosenbrock,
};

/// The contours (by marching squares on the library's objective) and the
/// paths of [`ROSENBROCK`]: every method of [`Problem::Rosenbrock`] at the
/// setting its sweep chose, over the whole budget.
pub fn rosenbrock_data() -> Result<Landscape> {
    let levels = vec![0.25, 1.0, 4.0, 16.0, 64.0, 256.0];
    let f = |x: f64, y: f64| Rosenbrock.objective(&DVector::from_vec(vec![x, y]));
    let contours = levels
        .iter()
        .map(|&c| plot::contour(&f, (-1.5, 1.3), (-0.3, 1.7), (280, 200), c))
        .collect();
    let problem = Problem::Rosenbrock;
    let paths = (problem.sweeps()?.iter())
        .map(|sweep| tuned_path(problem, sweep, ROSENBROCK_STEPS))
        .collect::<Result<_>>()?;
    Ok(Landscape::new(&Rosenbrock, levels, contours, paths))
}

/// The number of steps of [`ROSENBROCK`], the budget of its sweep.
pub const ROSENBROCK_STEPS: usize = 2000;

/// The steps between two markers on the paths of [`ROSENBROCK`].
pub const ROSENBROCK_MARK_EVERY: usize = 250;

fn render_rosenbrock() -> Result<String> {
    let landscape = rosenbrock_data()?;
    plot::svg(ROSENBROCK.title, |area| {
        let halves = plot::panels(area, 2);
        // The paths all run along the same valley floor: the second panel
        // shows how far along each one got.
        draw_landscape(
            &halves[0],
            &landscape,
            &Axes {
                caption: Some("paths (markers every 250 steps, ■ end)"),
                x_label: "x",
                y_label: "y",
                x: -1.5..1.3,
                y: -0.3..1.7,
            },
            // The panel beside it carries the legend.
            None,
            Some(ROSENBROCK_MARK_EVERY),
        )?;
        let mut values = plot::log_y_chart(
            &halves[1],
            &Axes {
                caption: Some("objective along the path"),
                x_label: "step",
                y_label: "",
                x: 0.0..ROSENBROCK_STEPS as f64,
                y: 1e-12..100.0,
            },
        )?;
        let mut entries = Vec::new();
        for (i, curve) in landscape.values.iter().enumerate() {
            let style = draw_marked(&mut values, curve, i, ROSENBROCK_MARK_EVERY)?;
            entries.push((curve.label.as_str(), style));
        }
        plot::legend(&values, &entries, SeriesLabelPosition::LowerLeft)
    })
}

/// `tuning_sweeps.svg`.
pub const SWEEPS: Figure = Figure {
    file: "tuning_sweeps.svg",
    title: "The sweeps: epochs to an excess below 1e-10 against η",
    caption: "For each method, the fewest epochs to an excess below 1e-10 at each η of the \
              grid, the best over the method's β; a gap means no β got there within the \
              budget. On the κ = 100 quadratic GD gets there only at η = 0.013 and 0.016, \
              momentum from η = 0.0005 up to beyond GD's limit 2/κ = 0.02, where its best η \
              lies. On the well-conditioned regression the best η of GD, momentum, Nesterov \
              and Adam lie between 0.6 and 1.6 (RMSprop's is 7.9); SGD and mini-batches \
              (not drawn) never get there.",
    render: render_sweeps,
};

/// The problems of [`SWEEPS`], one per panel.
pub const SWEPT: [Problem; 2] = [Problem::IllConditioned, Problem::Article];

/// One panel of [`SWEEPS`] per problem of [`SWEPT`]: for each full-batch
/// method, the fewest epochs to the tolerance at each η of the grid (the
/// best over β), NaN where no β gets there, which breaks the curve.
pub fn sweeps_data() -> Result<Vec<Vec<Curve>>> {
    SWEPT
        .iter()
        .map(|problem| {
            let sweeps = problem.sweeps()?;
            Ok((sweeps.iter().filter(|s| s.batching == Batching::Full))
                .map(|sweep| {
                    let points = tuning::learning_rates()
                        .into_iter()
                        .map(|lr| (lr.log10(), fewest_epochs_at(sweep, lr)))
                        .collect();
                    Curve::new(sweep.method.name(), points)
                })
                .collect())
        })
        .collect()
}

/// The fewest epochs to the tolerance over the β grid at `lr`, or NaN.
fn fewest_epochs_at(sweep: &Sweep, lr: f64) -> f64 {
    (sweep.trials.iter().filter(|t| t.lr == lr))
        .filter_map(|t| t.epochs_to_tolerance)
        .min()
        .map_or(f64::NAN, |epochs| epochs as f64)
}

fn render_sweeps() -> Result<String> {
    let panels = sweeps_data()?;
    plot::svg(SWEEPS.title, |area| {
        let halves = plot::panels(area, 2);
        let captions = ["κ = 100 quadratic (steps)", "article regression, κ ≈ 1.2"];
        for (i, (curves, half)) in panels.iter().zip(&halves).enumerate() {
            let mut chart = plot::log_y_chart(
                half,
                &Axes {
                    caption: Some(captions[i]),
                    x_label: "log₁₀ η",
                    y_label: if i == 0 {
                        "epochs to excess < 1e-10"
                    } else {
                        ""
                    },
                    x: -4.0..1.0,
                    y: 1.0..2000.0,
                },
            )?;
            if i == 0 {
                plot::draw_all(&mut chart, curves, SeriesLabelPosition::LowerLeft)?;
            } else {
                plot::draw_curves(&mut chart, curves)?;
            }
        }
        Ok(())
    })
}

/// The number of steps of [`ADAM_BIAS_CORRECTION`].
pub const BIAS_STEPS: usize = 50;

/// `adam_bias_correction.svg`.
pub const ADAM_BIAS_CORRECTION: Figure = Figure {
    file: "adam_bias_correction.svg",
    title: "Adam's bias correction with a constant gradient g = 1",
    caption: "Adam's moments start at 0, so with a constant gradient g = 1 the raw mₜ and \
              vₜ start far below 1 (m₁ = 0.1, v₁ = 0.001) while the corrected m̂ₜ and v̂ₜ \
              are exactly 1 from the first step (the two lines coincide: v̂ₜ's dotted line \
              runs along the middle of m̂ₜ's wider one); without the correction the step \
              mₜ/√vₜ would be 3.2η at t = 1 and 6.6η at t = 12, instead of η.",
    render: render_adam_bias_correction,
};

/// The data of [`ADAM_BIAS_CORRECTION`].
#[derive(Debug, Clone)]
pub struct AdamBias {
    /// `m_t`, `m̂_t`, `v_t`, `v̂_t` for `t = 1, …, BIAS_STEPS`.
    pub moments: Vec<Curve>,
    /// The step Adam took, `|Δθ_t|/η`, and the uncorrected `m_t/√v_t`.
    pub steps: Vec<Curve>,
}

/// Runs PyTorch-default Adam for [`BIAS_STEPS`] steps on one parameter whose
/// gradient is always 1, reading `m`, `v` from the state and `m̂`, `v̂` from
/// [`Adam::bias_corrected`].
pub fn adam_bias_data() -> Result<AdamBias> {
    let adam = Adam::default();
    let mut params = DVector::from_element(1, 0.0);
    let gradient = DVector::from_element(1, 1.0);
    let mut state = adam.init(&params)?;
    let mut columns: [Vec<(f64, f64)>; 6] = Default::default();
    for t in 1..=BIAS_STEPS {
        let before = params[0];
        adam.step(&mut state, &mut params, &gradient)?;
        let (m_hat, v_hat) = adam.bias_corrected(&state);
        let t = t as f64;
        let (m, v) = (state.m[0], state.v[0]);
        let values = [
            m,
            m_hat[0],
            v,
            v_hat[0],
            (before - params[0]) / adam.lr,
            m / v.sqrt(),
        ];
        for (column, value) in columns.iter_mut().zip(values) {
            column.push((t, value));
        }
    }
    let [m, m_hat, v, v_hat, step, raw] = columns;
    Ok(AdamBias {
        moments: vec![
            Curve::new("m̂ₜ (corrected)", m_hat),
            Curve::new("mₜ (raw)", m),
            Curve::new("v̂ₜ (corrected, on m̂ₜ)", v_hat),
            Curve::new("vₜ (raw)", v),
        ],
        steps: vec![
            Curve::new("Adam's step |Δθ|/η", step),
            Curve::new("uncorrected mₜ/√vₜ", raw),
        ],
    })
}

fn render_adam_bias_correction() -> Result<String> {
    let data = adam_bias_data()?;
    plot::svg(ADAM_BIAS_CORRECTION.title, |area| {
        let halves = plot::panels(area, 2);
        // Log scale: v_t starts at 0.001 and is still 0.05 after 50 steps.
        let mut moments = plot::log_y_chart(
            &halves[0],
            &Axes {
                caption: Some("moment estimates"),
                x_label: "step t",
                y_label: "value",
                x: 0.0..BIAS_STEPS as f64,
                y: 5e-4..2.0,
            },
        )?;
        // m̂ₜ and v̂ₜ are both 1: m̂ₜ is drawn wider so that v̂ₜ's dots show on it.
        let mut styles: Vec<_> = (0..data.moments.len()).map(plot::style).collect();
        styles[0].width = 6;
        for (curve, style) in data.moments.iter().zip(&styles) {
            plot::draw_curve(&mut moments, curve, *style)?;
        }
        let entries: Vec<_> = data
            .moments
            .iter()
            .map(|c| c.label.as_str())
            .zip(styles)
            .collect();
        plot::legend(&moments, &entries, SeriesLabelPosition::LowerRight)?;
        plot::annotate(
            &mut moments,
            "m̂ₜ = v̂ₜ = 1",
            (20.0, 1.95),
            plot::style(0).color,
        )?;
        let mut steps = plot::linear_chart(
            &halves[1],
            &Axes {
                caption: Some("step size in units of η"),
                x_label: "step t",
                y_label: "",
                x: 0.0..BIAS_STEPS as f64,
                y: 0.0..7.0,
            },
        )?;
        plot::draw_all(&mut steps, &data.steps, SeriesLabelPosition::MiddleRight)
    })
}
