//! The learning-rate schedules figure.

use nalgebra::DVector;
use plotters::prelude::SeriesLabelPosition;

use super::plot::{self, Axes, Curve};
use super::{Figure, Result};
use crate::lr_range::{LrRange, lr_range_test};
use crate::objective::LinearRegression;
use crate::optim::{Adam, Sgd};
use crate::schedule::{
    CosineAnnealing, Exponential, LinearWarmup, Schedule, StepDecay, warmup_cosine,
};

/// `schedules.svg`.
pub const SCHEDULES: Figure = Figure {
    file: "schedules.svg",
    title: "Learning-rate schedules over 100 epochs, η₀ = 0.1",
    caption: "Step decay halves η every 25 epochs; exponential decay (γ = 0.97) shrinks it \
              smoothly; cosine annealing falls from η₀ to η_min = 0.001 at t = T = 100; the \
              article's warm-up climbs from η₀/10 to η₀ at t = 9; warm-up + cosine peaks at η₀ \
              at t = 10 and then anneals to η_min.",
    render: render_schedules,
};

/// The initial rate of every schedule in [`SCHEDULES`].
pub const INITIAL_LR: f64 = 0.1;
/// The final rate of the cosine schedules.
pub const ETA_MIN: f64 = 0.001;
/// The number of epochs shown; the schedules are evaluated at `t = 0..=EPOCHS`.
pub const EPOCHS: usize = 100;
/// The warm-up length of the warm-up schedules.
pub const WARMUP: usize = 10;

/// Each schedule's `η(t)` for `t = 0, …, 100`, in legend order: step decay,
/// exponential, cosine, article warm-up, warm-up + cosine.
pub fn schedules_data() -> Result<Vec<Curve>> {
    let schedules: Vec<(&str, Box<dyn Schedule>)> = vec![
        (
            "step decay, ×0.5 every 25",
            Box::new(StepDecay::new(INITIAL_LR, 25, 0.5)?),
        ),
        (
            "exponential, γ = 0.97",
            Box::new(Exponential::new(INITIAL_LR, 0.97)?),
        ),
        (
            "cosine, T = 100",
            Box::new(CosineAnnealing::new(INITIAL_LR, ETA_MIN, EPOCHS)?),
        ),
        (
            "article warm-up, W = 10",
            Box::new(LinearWarmup::article(INITIAL_LR, WARMUP)?),
        ),
        (
            "warm-up 10 + cosine",
            Box::new(warmup_cosine(INITIAL_LR, WARMUP, EPOCHS, ETA_MIN)?),
        ),
    ];
    Ok(schedules
        .into_iter()
        .map(|(label, schedule)| {
            let points = (0..=EPOCHS)
                .map(|t| (t as f64, schedule.learning_rate(t)))
                .collect();
            Curve::new(label, points)
        })
        .collect())
}

fn render_schedules() -> Result<String> {
    let curves = schedules_data()?;
    plot::svg(SCHEDULES.title, |area| {
        // Every corner of the axes is crossed by some schedule.
        let (area, legend) = plot::with_legend_column(area, 235);
        let mut chart = plot::linear_chart(
            &area,
            &Axes {
                caption: None,
                x_label: "epoch t",
                y_label: "learning rate η(t)",
                x: 0.0..100.0,
                y: 0.0..0.105,
            },
        )?;
        plot::draw_curves(&mut chart, &curves)?;
        plot::legend_column(&legend, &plot::entries(&curves))
    })
}

/// `lr_range.svg`.
pub const LR_RANGE: Figure = Figure {
    file: "lr_range.svg",
    title: "LR range test on the article's regression",
    caption: "The loss after each step against the rate of that step. Both curves are flat \
              while η is tiny, then fall; GD's falls fastest at η ≈ 0.06 and then stays at \
              the least-squares floor, Adam's falls fastest at η ≈ 0.19, bottoms out near \
              η ≈ 0.49 and climbs until the test stops it at 4× its best. The comparison's \
              sweeps pick η = 1.0 (GD) and 0.79 (Adam).",
    render: render_lr_range,
};

/// GD's and Adam's range tests: `(log₁₀ η, loss after the step)`.
pub fn lr_range_data() -> Result<Vec<Curve>> {
    let problem = LinearRegression::article_problem();
    let gd = lr_range_test(
        &problem,
        DVector::zeros(3),
        &mut Sgd::default(),
        (1e-4, 10.0),
        100,
    )?;
    let adam = lr_range_test(
        &problem,
        DVector::zeros(3),
        &mut Adam::default(),
        (1e-4, 10.0),
        100,
    )?;
    let curve = |label: &str, range: LrRange| {
        let points = (range.learning_rates.iter().zip(&range.losses))
            .map(|(lr, loss)| (lr.log10(), *loss))
            .collect();
        Curve::new(label, points)
    };
    Ok(vec![curve("GD", gd), curve("Adam", adam)])
}

fn render_lr_range() -> Result<String> {
    let curves = lr_range_data()?;
    plot::svg(LR_RANGE.title, |area| {
        let mut chart = plot::log_y_chart(
            area,
            &Axes {
                caption: None,
                x_label: "log₁₀ η",
                y_label: "loss after the step",
                x: -4.0..1.0,
                y: 0.2..40.0,
            },
        )?;
        plot::draw_curves(&mut chart, &curves)?;
        plot::legend(
            &chart,
            &plot::entries(&curves),
            SeriesLabelPosition::UpperRight,
        )
    })
}
