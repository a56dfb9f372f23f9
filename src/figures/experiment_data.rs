//! Reading the committed experiment results that the experiments' figures
//! are drawn from (`cargo run --release --bin experiments` writes them).

use serde_json::Value;

use super::{FigureError, Result};

/// The committed `results/experiments/<id>.json`.
pub fn results(id: &str) -> Result<Value> {
    let path = crate::experiments::results_dir().join(format!("{id}.json"));
    let text = std::fs::read_to_string(&path).map_err(|source| FigureError::Io {
        path: path.clone(),
        source,
    })?;
    serde_json::from_str(&text)
        .map_err(|e| FigureError::Drawing(format!("{} is not valid JSON: {e}", path.display())))
}

/// The number at `value`, or an error naming `what`.
pub fn number(value: &Value, what: &str) -> Result<f64> {
    value
        .as_f64()
        .ok_or_else(|| FigureError::Drawing(format!("results: {what} is not a number")))
}

/// The array of numbers at `value`.
pub fn numbers(value: &Value, what: &str) -> Result<Vec<f64>> {
    value
        .as_array()
        .ok_or_else(|| FigureError::Drawing(format!("results: {what} is not an array")))?
        .iter()
        .map(|v| number(v, what))
        .collect()
}

/// The array at `value`.
pub fn array<'a>(value: &'a Value, what: &str) -> Result<&'a Vec<Value>> {
    value
        .as_array()
        .ok_or_else(|| FigureError::Drawing(format!("results: {what} is not an array")))
}

/// `lo..hi` widened by 5 % of its width on each side.
pub fn padded(lo: f64, hi: f64) -> std::ops::Range<f64> {
    let pad = 0.05 * (hi - lo).max(1e-9);
    lo - pad..hi + pad
}
