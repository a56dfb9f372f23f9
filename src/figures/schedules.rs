//! The learning-rate schedules figure.

use super::plot::{self, Axes, Curve};
use super::{Figure, Result};
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
