//! FAQ Q2: is AdamW (decoupled weight decay) better than Adam with an L2
//! penalty (Loshchilov & Hutter 2019)? Both on the digits MLP, each over its
//! own grid of learning rate × decay, tuned on the validation split.

use super::digits_mlp::{self, Method};
use super::{Progress, SEEDS};
use crate::error::Result;

/// The results file's stem.
pub const ID: &str = "weight_decay";

/// Epochs of every run.
pub const EPOCHS: usize = 50;

/// Mini-batch size of every run.
pub const BATCH: usize = 32;

/// The learning rates, the same for both methods. A first run with the
/// five rates up to 1e-2 put Adam + L2's best at the top of the grid, so
/// the grid was extended by one rate, for both methods.
pub const RATES: [f64; 6] = [1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2];

/// Adam + L2's penalties λ (the gradient gains `λθ`, which Adam then
/// divides by `√v̂`), around the customary 1e-4.
pub const L2_STRENGTHS: [f64; 4] = [1e-5, 1e-4, 1e-3, 1e-2];

/// AdamW's decays λ (each step shrinks `θ` by `ηλ`), around PyTorch's
/// default 1e-2.
pub const DECAYS: [f64; 4] = [1e-3, 1e-2, 1e-1, 1.0];

/// The two grids, rate-major: Adam + L2, then AdamW.
pub fn grids() -> [Vec<Method>; 2] {
    let l2 = RATES
        .iter()
        .flat_map(|&lr| {
            L2_STRENGTHS
                .iter()
                .map(move |&l2| Method::AdamL2 { lr, l2 })
        })
        .collect();
    let adamw = RATES
        .iter()
        .flat_map(|&lr| {
            DECAYS
                .iter()
                .map(move |&weight_decay| Method::AdamW { lr, weight_decay })
        })
        .collect();
    [l2, adamw]
}

/// The whole experiment, as the `experiments` binary writes it.
pub fn run(progress: &mut Progress) -> Result<serde_json::Value> {
    let grids = grids();
    progress.expect(grids.iter().map(|g| g.len() * SEEDS.len()).sum());
    let task = digits_mlp::digits_task(0.0)?;
    let methods = grids
        .iter()
        .map(|grid| {
            let swept = digits_mlp::sweep(&task, grid, BATCH, EPOCHS, &SEEDS, progress)?;
            digits_mlp::summarise(&swept)
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(serde_json::json!({
        "id": ID,
        "protocol": {
            "data": "UCI digits, 60/20/20 stratified split, standardised on the training split",
            "model": format!("MLP 64-{}-10, tanh, softmax cross-entropy", digits_mlp::HIDDEN),
            "init": "PyTorch nn.Linear uniform(±1/sqrt(fan_in)), seeded",
            "batch": BATCH,
            "epochs": EPOCHS,
            "seeds": SEEDS,
            "rates": RATES,
            "l2_strengths": L2_STRENGTHS,
            "decays": DECAYS,
            "adam_l2": "PyTorch Adam(weight_decay = λ): Adam on g + λθ, every parameter",
            "adamw": "PyTorch AdamW: θ ← θ(1 − ηλ), then Adam on g, every parameter",
            "tuning": "highest mean validation accuracy over the seeds at the last epoch",
        },
        "methods": methods,
    }))
}
