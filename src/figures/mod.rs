//! The book's figures: every comparison plot, rendered as SVG from the
//! library's own functions (`cargo run --bin figures`).
//!
//! Each [`Figure`] in [`FIGURES`] renders itself into a `String` in memory.
//! The numbers it plots come from a public `*_data` function in the figure's
//! chapter module, so that `tests/figures.rs` can check the figure's caption
//! against exactly the data the figure shows. No module here re-implements a
//! loss, a schedule or an optimizer: if the library lacks a quantity, the
//! figure goes without it.
//!
//! Rendering is deterministic (no clocks, no hash-map iteration, seeded
//! training runs), so the committed SVGs can be compared byte for byte with
//! a fresh rendering: a stale figure is a failing test.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use plotters::drawing::DrawingAreaErrorKind;

pub mod batch_size;
pub mod classification;
pub mod comparison_table;
pub mod experiment_adaptive;
pub mod experiment_bce_vs_mse;
pub mod experiment_data;
pub mod experiment_weight_decay;
pub mod focal_imbalance;
pub mod information;
pub mod interactive;
pub mod metric;
pub mod momentum;
pub mod optimizers;
pub mod performance;
// The lab (`src/lab.rs`) draws its races with the same helpers.
pub(crate) mod plot;
pub mod regression;
pub mod schedules;

pub use plot::Curve;

/// Why a figure could not be rendered or written.
#[derive(Debug, thiserror::Error)]
pub enum FigureError {
    /// A library function rejected the figure's inputs (a bug in the figure).
    #[error("library error: {0}")]
    Library(#[from] crate::Error),
    /// plotters failed to draw.
    #[error("drawing error: {0}")]
    Drawing(String),
    /// The output directory is missing or is not a directory.
    #[error("output directory {} {reason}", path.display())]
    OutputDirectory { path: PathBuf, reason: String },
    /// Writing or renaming a file failed.
    #[error("cannot write {}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for FigureError {
    fn from(error: DrawingAreaErrorKind<E>) -> Self {
        Self::Drawing(error.to_string())
    }
}

/// The result type of the figure code.
pub type Result<T> = std::result::Result<T, FigureError>;

/// One figure of the book.
#[derive(Debug, Clone, Copy)]
pub struct Figure {
    /// The file name under `figures/`, e.g. `regression_losses.svg`.
    pub file: &'static str,
    /// The title drawn at the top of the figure.
    pub title: &'static str,
    /// The claim the figure illustrates; a test in `tests/figures.rs`
    /// checks it on the figure's own data.
    pub caption: &'static str,
    /// Renders the figure as a complete SVG document.
    pub render: fn() -> Result<String>,
}

/// Every figure, in the order of the book's chapters.
pub const FIGURES: &[Figure] = &[
    regression::LOSSES,
    regression::GRADIENTS,
    regression::HUBER_FAMILY,
    regression::OUTLIERS,
    regression::PINBALL,
    regression::LOG_COSH,
    classification::BCE_VS_MSE,
    classification::FOCAL_LOSS,
    information::INFORMATION,
    metric::CONTRASTIVE,
    metric::TRIPLET,
    optimizers::CONVERGENCE,
    optimizers::BATCH_SIZE,
    optimizers::TRAJECTORIES,
    optimizers::ROSENBROCK,
    optimizers::SWEEPS,
    optimizers::ADAM_BIAS_CORRECTION,
    momentum::STEPS_VS_KAPPA,
    momentum::RATE_MAP,
    schedules::SCHEDULES,
    schedules::LR_RANGE,
    performance::SCALING,
    experiment_bce_vs_mse::FIGURE,
    experiment_adaptive::FIGURE,
    experiment_weight_decay::FIGURE,
    batch_size::BATCH_SIZE,
    comparison_table::COMPARISON_TABLE,
    focal_imbalance::FOCAL_IMBALANCE,
];

/// The directory the committed figures live in: `figures/` at the top of
/// the repository, wherever `cargo run` is started from.
pub fn default_output_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("figures")
}

/// Renders every figure into memory, in registry order: `(file, svg)`.
pub fn render_all() -> Result<Vec<(&'static str, String)>> {
    FIGURES
        .iter()
        .map(|figure| Ok((figure.file, (figure.render)()?)))
        .collect()
}

/// Renders every figure, and every interactive figure's data file
/// ([`interactive::INTERACTIVE`]), and writes them into `dir`, which must exist.
///
/// Everything is rendered before anything is written, so a drawing error
/// leaves the directory untouched. Each file is written to a temporary file
/// in `dir` and renamed over the target: a reader (or a crash) never sees a
/// half-written SVG. Returns the paths written.
pub fn write_all(dir: &Path) -> Result<Vec<PathBuf>> {
    check_output_dir(dir)?;
    let mut rendered = render_all()?;
    rendered.extend(interactive::render_all()?);
    rendered
        .iter()
        .map(|(file, text)| write_atomically(&dir.join(file), text.as_bytes()))
        .collect()
}

fn check_output_dir(dir: &Path) -> Result<()> {
    let reason = match fs::metadata(dir) {
        Ok(metadata) if metadata.is_dir() => return Ok(()),
        Ok(_) => "is not a directory".to_string(),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            "does not exist (create it first)".to_string()
        }
        Err(error) => format!("cannot be read: {error}"),
    };
    Err(FigureError::OutputDirectory {
        path: dir.to_path_buf(),
        reason,
    })
}

/// Writes `bytes` to `path` through a temporary sibling and a rename, which
/// is atomic on one file system; the temporary file is removed on failure.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<PathBuf> {
    let file_name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = path.with_file_name(format!(".{file_name}.{}.tmp", std::process::id()));
    let io_error = |source| FigureError::Io {
        path: path.to_path_buf(),
        source,
    };
    let written = fs::File::create(&temporary).and_then(|mut file| {
        file.write_all(bytes)?;
        file.sync_all()
    });
    if let Err(error) = written.and_then(|()| fs::rename(&temporary, path)) {
        // Best effort: the temporary file may not even have been created.
        let _ = fs::remove_file(&temporary);
        return Err(io_error(error));
    }
    Ok(path.to_path_buf())
}
