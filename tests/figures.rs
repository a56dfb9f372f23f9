//! The book's figures: committed SVGs are up to date, rendering is
//! deterministic, the `figures` binary fails cleanly, and every figure's
//! caption holds on the very data the figure plots.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use lossbook::figures::{
    self, Curve, FIGURES, classification, information, metric, optimizers, regression, schedules,
};
use lossbook::tuning::{self, Problem};

/// Every figure rendered once for the whole test binary: `(file, svg)`.
fn rendered() -> &'static [(&'static str, String)] {
    static RENDERED: OnceLock<Vec<(&'static str, String)>> = OnceLock::new();
    RENDERED.get_or_init(|| figures::render_all().expect("every figure renders"))
}

fn committed_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("figures")
}

const FIX: &str = "regenerate them with `cargo run --bin figures` and commit figures/";

// ---------------------------------------------------------------------------
// The registry and the committed files
// ---------------------------------------------------------------------------

#[test]
fn committed_figures_are_up_to_date() {
    let mut problems = Vec::new();
    for (file, svg) in rendered() {
        let path = committed_dir().join(file);
        match std::fs::read_to_string(&path) {
            Ok(committed) if committed == *svg => {}
            Ok(_) => problems.push(format!(
                "figures/{file} is stale (differs from a fresh rendering)"
            )),
            Err(error) => problems.push(format!("figures/{file} cannot be read: {error}")),
        }
    }
    let registered: BTreeSet<&str> = FIGURES.iter().map(|f| f.file).collect();
    let entries = std::fs::read_dir(committed_dir()).expect("figures/ exists");
    let mut on_disk: Vec<String> = entries
        .map(|entry| {
            entry
                .expect("readable entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.ends_with(".svg"))
        .collect();
    on_disk.sort();
    for name in on_disk {
        if !registered.contains(name.as_str()) {
            problems.push(format!(
                "figures/{name} is not in lossbook::figures::FIGURES (delete it, or register it)"
            ));
        }
    }
    assert!(problems.is_empty(), "{}\n{FIX}", problems.join("\n"));
}

/// The interactive figures' grids (`figures/*.js`) are stale-checked like
/// the SVGs: each committed file equals what the `figures` binary writes
/// today, and no unregistered data file lies in figures/.
#[test]
fn committed_interactive_grids_are_up_to_date() {
    use lossbook::figures::interactive;
    let mut problems = Vec::new();
    for (file, text) in interactive::render_all().expect("every grid builds") {
        match std::fs::read_to_string(committed_dir().join(file)) {
            Ok(committed) if committed == text => {}
            Ok(_) => problems.push(format!(
                "figures/{file} is stale (differs from a fresh rendering)"
            )),
            Err(error) => problems.push(format!("figures/{file} cannot be read: {error}")),
        }
    }
    let registered: BTreeSet<&str> = interactive::INTERACTIVE.iter().map(|f| f.file).collect();
    let mut on_disk: Vec<String> = std::fs::read_dir(committed_dir())
        .expect("figures/ exists")
        .map(|entry| {
            entry
                .expect("readable entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.ends_with(".js"))
        .collect();
    on_disk.sort();
    for name in on_disk {
        if !registered.contains(name.as_str()) {
            problems.push(format!(
                "figures/{name} is not in lossbook::figures::interactive::INTERACTIVE \
                 (delete it, or register it)"
            ));
        }
    }
    assert!(problems.is_empty(), "{}\n{FIX}", problems.join("\n"));
}

#[test]
fn rendering_twice_gives_identical_bytes() {
    let again = figures::render_all().expect("every figure renders");
    assert_eq!(again.len(), rendered().len());
    for ((file, first), (_, second)) in rendered().iter().zip(&again) {
        assert!(first == second, "{file} differs between two renderings");
    }
}

/// The number in `svg` after the first `key="`, e.g. `width`.
fn attribute<'a>(svg: &'a str, key: &str) -> &'a str {
    let start = svg.find(&format!(" {key}=\"")).expect("attribute present") + key.len() + 3;
    let end = start + svg[start..].find('"').expect("attribute closed");
    &svg[start..end]
}

/// Smooth curves are drawn on a finer grid than the display's pixels: the
/// root's `viewBox` is at least 4× its `width` and `height`, and most
/// vertices of the longest thick curve fall between display pixels. Drawn
/// at display size, plotters rounds every vertex to a whole pixel and the
/// curve becomes a staircase when zoomed.
#[test]
fn smooth_curves_have_sub_pixel_vertices() {
    for name in [
        "metric_losses.svg",
        "focal_loss.svg",
        "regression_losses.svg",
    ] {
        let (_, svg) = rendered().iter().find(|(f, _)| *f == name).expect(name);
        let root = &svg[..svg.find('>').expect("root element")];
        let (width, height): (f64, f64) = (
            attribute(root, "width").parse().unwrap(),
            attribute(root, "height").parse().unwrap(),
        );
        assert_eq!((width, height), (720.0, 450.0), "{name} display size");
        let view: Vec<f64> = attribute(root, "viewBox")
            .split(' ')
            .map(|v| v.parse().unwrap())
            .collect();
        let scale = view[2] / width;
        assert!(
            scale >= 4.0 && view[3] / height == scale && view[..2] == [0.0, 0.0],
            "{name}: viewBox {view:?} is not a ≥ 4× scaled canvas"
        );
        // Curves are stroked 2 display pixels wide; grid lines and axes 1.
        let curve_width = format!("stroke-width=\"{}\"", 2.0 * scale);
        let vertices: Vec<(f64, f64)> = svg
            .lines()
            .filter(|line| line.starts_with("<polyline") && line.contains(&curve_width))
            .map(|line| {
                attribute(line, "points")
                    .split_whitespace()
                    .map(|p| {
                        let (x, y) = p.split_once(',').expect("x,y");
                        (x.parse().unwrap(), y.parse().unwrap())
                    })
                    .collect::<Vec<(f64, f64)>>()
            })
            .max_by_key(Vec::len)
            .expect("a curve");
        assert!(vertices.len() >= 100, "{name}: {} vertices", vertices.len());
        let off_grid = vertices
            .iter()
            .filter(|&&(x, y)| (x / scale).fract() != 0.0 || (y / scale).fract() != 0.0)
            .count();
        assert!(
            off_grid * 2 > vertices.len(),
            "{name}: only {off_grid} of {} vertices lie between display pixels",
            vertices.len()
        );
    }
}

/// The trajectory figures mark where each path ends: one square (side 8
/// display pixels, in the path's colour) per path, each in another colour,
/// plus the black one of the legend entry "end" where there is a legend.
#[test]
fn trajectories_mark_every_end_point() {
    let figures = [
        (
            "trajectories.svg",
            optimizers::trajectories_data().unwrap(),
            1,
        ),
        (
            "trajectories_rosenbrock.svg",
            optimizers::rosenbrock_data().unwrap(),
            0,
        ),
    ];
    for (name, landscape, in_legend) in figures {
        let (_, svg) = rendered().iter().find(|(f, _)| *f == name).expect(name);
        let side = 8.0
            * attribute(svg, "viewBox")
                .split(' ')
                .nth(2)
                .unwrap()
                .parse::<f64>()
                .unwrap()
            / attribute(svg, "width").parse::<f64>().unwrap();
        let size = format!(r#"width="{side}" height="{side}""#);
        let fills: Vec<&str> = svg
            .lines()
            .filter(|line| line.starts_with("<rect") && line.contains(&size))
            .map(|line| attribute(line, "fill"))
            .collect();
        let coloured: BTreeSet<&str> = fills.iter().copied().filter(|&f| f != "#000000").collect();
        assert_eq!(
            (coloured.len(), fills.len()),
            (landscape.paths.len(), landscape.paths.len() + in_legend),
            "{name}: end squares {fills:?} (a path that ends outside the axes has none)"
        );
    }
}

/// Each figure is shown once in the book, beside the one caption its claim
/// test checks; other pages link to it.
#[test]
fn every_figure_appears_once_in_the_book() {
    let book = Path::new(env!("CARGO_MANIFEST_DIR")).join("book/src");
    // The chapters, and the pages nested one level below them (the
    // experiments' pages in book/src/experiments/, which link ../figures/).
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&book)
        .expect("book/src exists")
        .map(|entry| entry.expect("readable entry").path())
        .collect();
    let nested: Vec<PathBuf> = paths
        .iter()
        .filter(|path| path.is_dir() && !path.ends_with("figures"))
        .flat_map(|dir| std::fs::read_dir(dir).expect("readable directory"))
        .map(|entry| entry.expect("readable entry").path())
        .collect();
    paths.extend(nested);
    let pages: Vec<(String, String)> = paths
        .into_iter()
        .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("readable page");
            let name = path
                .strip_prefix(&book)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (name, text)
        })
        .collect();
    for figure in FIGURES {
        let image = format!("](figures/{})", figure.file);
        let nested_image = format!("](../figures/{})", figure.file);
        let shown_on: Vec<&str> = pages
            .iter()
            .flat_map(|(page, text)| {
                let count = text.matches(&image).count() + text.matches(&nested_image).count();
                std::iter::repeat_n(page.as_str(), count)
            })
            .collect();
        assert_eq!(
            shown_on.len(),
            1,
            "{} is shown {} times: {shown_on:?}",
            figure.file,
            shown_on.len()
        );
    }
}

#[test]
fn registry_is_well_formed() {
    let mut files = BTreeSet::new();
    for figure in FIGURES {
        assert!(figure.file.ends_with(".svg"), "{}", figure.file);
        assert!(
            files.insert(figure.file),
            "{} is registered twice",
            figure.file
        );
        assert!(
            !figure.title.is_empty() && !figure.caption.is_empty(),
            "{}",
            figure.file
        );
    }
    for (file, svg) in rendered() {
        assert!(
            svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"),
            "{file}"
        );
        assert!(
            svg.contains(r#"width="720" height="450""#),
            "{file} is not 720×450"
        );
        // Titles, axis labels and legends are text the viewer lays out.
        assert!(
            svg.matches("<text").count() >= 10,
            "{file} has too little text"
        );
    }
}

// ---------------------------------------------------------------------------
// The `figures` binary
// ---------------------------------------------------------------------------

fn figures_binary() -> Command {
    Command::new(env!("CARGO_BIN_EXE_figures"))
}

/// A fresh, empty directory under the system's temporary directory.
fn scratch_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lossbook-figures-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temporary directory");
    dir
}

#[test]
fn missing_output_directory_fails_cleanly() {
    let base = scratch_dir("missing");
    let missing = base.join("does/not/exist");
    let output = figures_binary()
        .arg("--out")
        .arg(&missing)
        .output()
        .expect("runs");
    assert!(!output.status.success(), "must fail on a missing directory");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("does not exist") && stderr.contains("does/not/exist"),
        "unclear message: {stderr}"
    );
    assert!(!missing.exists(), "the directory must not be created");
    assert_eq!(
        std::fs::read_dir(&base).expect("readable").count(),
        0,
        "nothing may be written"
    );
    std::fs::remove_dir_all(base).expect("cleanup");
}

#[test]
fn output_path_that_is_a_file_fails_cleanly() {
    let base = scratch_dir("file");
    let file = base.join("not-a-directory");
    std::fs::write(&file, "x").expect("write");
    let output = figures_binary()
        .arg(format!("--out={}", file.display()))
        .output()
        .expect("runs");
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("is not a directory"));
    assert_eq!(std::fs::read_to_string(&file).expect("still there"), "x");
    std::fs::remove_dir_all(base).expect("cleanup");
}

#[test]
fn bad_arguments_fail_with_usage() {
    let output = figures_binary().arg("--frobnicate").output().expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("usage: figures"));
}

#[test]
fn out_writes_every_figure_and_no_temporary_file() {
    let dir = scratch_dir("out");
    let output = figures_binary()
        .arg("--out")
        .arg(&dir)
        .output()
        .expect("runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut written: Vec<String> = std::fs::read_dir(&dir)
        .expect("readable")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    written.sort();
    let mut expected: Vec<String> = FIGURES.iter().map(|f| f.file.to_string()).collect();
    expected.extend(
        figures::interactive::INTERACTIVE
            .iter()
            .map(|f| f.file.to_string()),
    );
    expected.sort();
    assert_eq!(
        written, expected,
        "exactly the registered files, no leftovers"
    );
    for (file, svg) in rendered() {
        assert_eq!(
            &std::fs::read_to_string(dir.join(file)).expect("written"),
            svg,
            "{file}"
        );
    }
    std::fs::remove_dir_all(dir).expect("cleanup");
}

// ---------------------------------------------------------------------------
// Helpers for the caption claims
// ---------------------------------------------------------------------------

/// `y` at the sample whose `x` is (within rounding) `x`.
fn at(curve: &Curve, x: f64) -> f64 {
    let (px, py) = curve
        .points
        .iter()
        .copied()
        .min_by(|a, b| (a.0 - x).abs().total_cmp(&(b.0 - x).abs()))
        .expect("non-empty curve");
    assert!(
        (px - x).abs() < 1e-9,
        "{}: no sample at x = {x} (nearest {px})",
        curve.label
    );
    py
}

/// The first x at which `y < threshold`, if any.
fn first_below(curve: &Curve, threshold: f64) -> Option<f64> {
    curve
        .points
        .iter()
        .find(|&&(_, y)| y < threshold)
        .map(|&(x, _)| x)
}

fn close(a: f64, b: f64, tolerance: f64) -> bool {
    (a - b).abs() <= tolerance
}

fn strictly_decreasing(curve: &Curve) -> bool {
    curve.points.windows(2).all(|w| w[1].1 < w[0].1)
}

// ---------------------------------------------------------------------------
// One test per figure: its caption, checked on its data
// ---------------------------------------------------------------------------

/// regression_losses.svg
#[test]
fn claim_regression_losses() {
    let curves = regression::losses_data().unwrap();
    let (mse, mae, huber) = (&curves[0], &curves[1], &curves[2]);
    for ((&(e, l2), &(_, l1)), &(_, h)) in mse.points.iter().zip(&mae.points).zip(&huber.points) {
        assert!(
            h <= l2 + 1e-12 && h <= l1 + 1e-12,
            "Huber above MSE or MAE at e = {e}"
        );
        if e != 0.0 && e.abs() < 1.0 {
            assert!(l2 < l1, "MSE not below MAE at e = {e}");
        }
        if e.abs() > 1.0 {
            assert!(l2 > l1, "MSE not above MAE at e = {e}");
        }
    }
    for e in [-3.0, 3.0] {
        assert!(close(at(mse, e), 9.0, 1e-12) && close(at(mae, e), 3.0, 1e-12));
    }
    // Quadratic near zero (constant second difference 0.01² · 1), linear in
    // the tails (zero second difference).
    for w in huber.points.windows(3) {
        let second = w[0].1 - 2.0 * w[1].1 + w[2].1;
        if w[2].0.abs() < 0.999 && w[0].0.abs() < 0.999 {
            assert!(close(second, 1e-4, 1e-10), "not quadratic at {}", w[1].0);
        }
        if w[0].0.abs() > 1.001 && w[2].0.abs() > 1.001 {
            assert!(close(second, 0.0, 1e-10), "not linear at {}", w[1].0);
        }
    }
}

/// regression_gradients.svg
#[test]
fn claim_regression_gradients() {
    let curves = regression::gradients_data().unwrap();
    let (mse, mae, huber) = (&curves[0], &curves[1], &curves[2]);
    for &(e, g) in &mse.points {
        assert!(close(g, 2.0 * e, 1e-12), "MSE gradient at {e}");
    }
    assert!(
        close(at(mse, 3.0), 6.0, 1e-12),
        "MSE's gradient grows to 6 at e = 3"
    );
    for &(e, g) in &mae.points {
        let expected = if e < 0.0 {
            -1.0
        } else if e > 0.0 {
            1.0
        } else {
            f64::NAN
        };
        assert!(
            g == expected || (e == 0.0 && g.is_nan()),
            "MAE gradient at {e} is {g}"
        );
    }
    assert_eq!(regression::mae_gradient_at_zero().unwrap(), 0.0);
    for &(e, g) in &huber.points {
        assert!(g.abs() <= 1.0, "Huber's gradient not clipped at {e}");
        if e.abs() <= 1.0 {
            assert!(close(g, e, 1e-12), "Huber's gradient is e inside at {e}");
        } else {
            assert_eq!(g, e.signum(), "Huber's gradient is ±1 outside at {e}");
        }
    }
}

/// huber_family.svg
#[test]
fn claim_huber_family() {
    let panels = regression::huber_family_data().unwrap();
    assert_eq!(panels.len(), 3);
    for panel in &panels {
        let d = panel.delta;
        let points = panel
            .huber
            .points
            .iter()
            .zip(&panel.half_square.points)
            .zip(&panel.linear.points);
        for ((&(e, h), &(_, q)), &(_, l)) in points {
            assert!(
                h <= q + 1e-12 && h <= l + 1e-12,
                "δ = {d}: above a reference at e = {e}"
            );
            if e.abs() <= d {
                assert!(close(h, q, 1e-12), "δ = {d}: not ½e² at e = {e}");
            } else if e.abs() > d + 1e-9 {
                assert!(h < q, "δ = {d}: still quadratic at e = {e}");
            }
        }
        // Slope δ in the tails.
        let slope = (at(&panel.huber, 3.0) - at(&panel.huber, 2.5)) / 0.5;
        assert!(close(slope, d, 1e-9), "δ = {d}: tail slope {slope}");
    }
}

/// outliers.svg
#[test]
fn claim_outliers() {
    let curves = regression::outliers_data().unwrap();
    let (mean, median) = (&curves[0], &curves[1]);
    for &(x, c) in &mean.points {
        assert!(
            close(c, (10.0 + x) / 5.0, 1e-9),
            "MSE fit at x = {x} is {c}, not the mean"
        );
    }
    assert!(close(at(mean, 100.0), 22.0, 1e-9));
    for &(x, c) in &median.points {
        assert!(
            close(c, 3.0, 1e-9),
            "MAE fit at x = {x} is {c}, not the median 3"
        );
    }
    // Huber's fit, point by point: the median 3 for δ = 1; for δ = 4 the
    // mean (10 + x)/5 until x = 7.5, then (10 + δ)/4 = 3.5.
    assert_eq!(regression::OUTLIER_DELTAS, [1.0, 4.0]);
    for &(x, c) in &curves[2].points {
        assert!(close(c, 3.0, 1e-9), "δ = 1 at x = {x}: {c}");
    }
    for &(x, c) in &curves[3].points {
        let expected = ((10.0 + x) / 5.0).min(3.5);
        assert!(close(c, expected, 1e-9), "δ = 4 at x = {x}: {c}");
    }
    // The caption's law for any δ, with the outlier far beyond the fit.
    use lossbook::loss::regression::{fit_constant, huber_gradient};
    for delta in [0.25, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 6.0, 10.0] {
        let data = [1.0, 2.0, 3.0, 4.0, 1000.0];
        let c = fit_constant(&data, |y, p| huber_gradient(y, p, delta)).unwrap();
        let law = 3.0 + (delta - 2.0f64).max(0.0) / 4.0;
        assert!(close(c, law, 1e-9), "δ = {delta}: fit {c}, law {law}");
    }
}

/// bce_vs_mse.svg
#[test]
fn claim_bce_vs_mse() {
    let data = classification::bce_vs_mse_data().unwrap();
    let (bce, mse) = (&data.loss[0], &data.loss[1]);
    assert!(at(bce, 0.01) > 4.6, "BCE grows as p → 0");
    assert!(strictly_decreasing(bce));
    assert!(mse.ys().all(|l| l < 1.0), "MSE stays below 1");
    let (bce_grad, mse_grad) = (&data.gradient[0], &data.gradient[1]);
    let mut checked = 0;
    for (&(z, b), &(_, m)) in bce_grad.points.iter().zip(&mse_grad.points) {
        if z <= classification::SATURATED_LOGIT {
            assert!(m.abs() < 0.002, "MSE's gradient at z = {z} is {m}");
            assert!(b.abs() > 0.999, "BCE's gradient at z = {z} is {b}");
            checked += 1;
        }
    }
    assert!(checked >= 10, "the saturated region is on the plot");
    assert!(lossbook::loss::classification::sigmoid(classification::SATURATED_LOGIT) < 0.001);
}

/// focal_loss.svg
#[test]
fn claim_focal_loss() {
    let curves = classification::focal_loss_data().unwrap();
    let gammas = classification::FOCAL_GAMMAS;
    let (ce, gamma2) = (&curves[0], &curves[3]);
    assert_eq!((gammas[0], gammas[3]), (0.0, 2.0));
    let easy = at(gamma2, 0.9) / at(ce, 0.9);
    assert!(
        close(easy, 0.01, 1e-9),
        "γ = 2 keeps {easy} of CE at p_t = 0.9"
    );
    let hard = at(gamma2, 0.1) / at(ce, 0.1);
    assert!(
        close(hard, 0.81, 1e-9),
        "γ = 2 keeps {hard} of CE at p_t = 0.1"
    );
    // A larger γ never increases the loss, and strictly lowers it for p_t < 1.
    for pair in curves.windows(2) {
        for (&(p, lower_gamma), &(_, higher_gamma)) in pair[0].points.iter().zip(&pair[1].points) {
            assert!(
                higher_gamma < lower_gamma || p == 1.0,
                "not down-weighted at p_t = {p}"
            );
        }
    }
}

/// information.svg
#[test]
fn claim_information() {
    let curves = information::information_data().unwrap();
    let (h, ce, kl) = (&curves[0], &curves[1], &curves[2]);
    let entropy = at(h, 0.5);
    assert!(close(entropy, 0.611, 5e-4), "H(p) = {entropy}");
    for ((&(q, e), &(_, c)), &(_, k)) in h.points.iter().zip(&ce.points).zip(&kl.points) {
        assert!(close(c, e + k, 1e-12), "H(p, q) ≠ H(p) + KL at q = {q}");
        if (q - information::TARGET).abs() > 1e-9 {
            assert!(c > e + 1e-6 && k > 1e-6, "touches at q = {q}");
        }
    }
    assert!(at(kl, information::TARGET).abs() < 1e-12);
    assert!(close(at(ce, information::TARGET), entropy, 1e-12));
    let argmin = ce
        .points
        .iter()
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .unwrap()
        .0;
    assert!(
        close(argmin, information::TARGET, 1e-12),
        "cross-entropy is smallest at q = {argmin}"
    );
}

/// metric_losses.svg
#[test]
fn claim_contrastive() {
    let curves = metric::contrastive_data().unwrap();
    let (similar, dissimilar) = (&curves[0], &curves[1]);
    for (&(d, s), &(_, u)) in similar.points.iter().zip(&dissimilar.points) {
        assert!(close(s, 0.5 * d * d, 1e-12), "similar pair at D = {d}");
        assert!(
            s > 0.0 || d == 0.0,
            "a similar pair is pulled however close: D = {d}"
        );
        if d >= metric::MARGIN {
            assert_eq!(
                u, 0.0,
                "a dissimilar pair beyond the margin costs nothing: D = {d}"
            );
        } else {
            assert!(
                u > 0.0,
                "a dissimilar pair inside the margin costs: D = {d}"
            );
        }
    }
    assert!(close(at(dissimilar, 0.0), 0.5, 1e-12));
}

/// triplet_loss.svg
#[test]
fn claim_triplet() {
    let curves = metric::triplet_data().unwrap();
    for (curve, margin) in curves.iter().zip(metric::TRIPLET_MARGINS) {
        let mut active = 0;
        for &(s, loss) in &curve.points {
            if s <= -margin {
                assert!(loss.abs() < 1e-9, "m = {margin}: loss {loss} at s = {s}");
            } else {
                assert!(
                    close(loss, s + margin, 1e-9),
                    "m = {margin}: loss {loss} ≠ s + m at s = {s}"
                );
                active += 1;
            }
        }
        assert!(active > 100, "the active part is on the plot");
    }
}

/// optimizer_convergence.svg
#[test]
fn claim_optimizer_convergence() {
    let curves = optimizers::convergence_data().unwrap();
    let labels: Vec<&str> = curves.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "GD, η = 1",
            "SGD (B = 1), η = 0.00063",
            "mini-batch (B = 40), η = 0.025",
            "momentum, η = 1, μ = 0.01",
            "Nesterov, η = 1, μ = 0.1",
            "RMSprop, η = 7.9, ρ = 0.99",
            "Adam, η = 0.79, β₁ = 0.1",
        ],
        "the settings the sweeps chose"
    );
    // The epoch from which each curve stays below 1e-10, read off the plotted points.
    let settled = |c: &Curve| {
        let last_above = c.points.iter().rposition(|p| p.1 >= 1e-10 || p.1.is_nan());
        last_above.map_or(0, |i| i + 1)
    };
    let epochs: Vec<usize> = curves.iter().map(settled).collect();
    let end = optimizers::EPOCHS + 1;
    assert_eq!(
        epochs,
        [8, end, end, 6, 6, 8, 20],
        "epochs to stay below 1e-10"
    );
    assert_eq!(tuning::BETAS[0], 0.01, "0.01 is the smallest μ on the grid");
    for noisy in &curves[1..3] {
        let floor = noisy
            .points
            .iter()
            .filter(|p| p.0 >= 50.0)
            .map(|p| p.1)
            .fold(f64::INFINITY, f64::min);
        assert!(floor > 1e-8, "{} dips to {floor}", noisy.label);
    }
    // RMSprop's tuned η = 7.9 first throws it far out.
    assert!(curves[5].points[1].1 > 100.0, "{:?}", curves[5].points[1]);
    // SGD's curve lies on the mini-batches': within a factor 3 over the first 60 epochs.
    for (a, b) in curves[1].points.iter().zip(&curves[2].points).take(61) {
        assert!(a.1 / b.1 < 3.0 && b.1 / a.1 < 3.0, "{a:?} vs {b:?}");
    }
    // Momentum's curve lies on Nesterov's: within a factor 10 while above 1e-10.
    for (m, n) in curves[3].points.iter().zip(&curves[4].points) {
        if m.1 > 1e-10 || n.1 > 1e-10 {
            assert!(m.1 / n.1 < 10.0 && n.1 / m.1 < 10.0, "{m:?} vs {n:?}");
        }
    }
}

/// batch_size.svg
#[test]
fn claim_batch_size() {
    let curves = optimizers::batch_size_data().unwrap();
    let epochs: Vec<Option<f64>> = curves.iter().map(|c| first_below(c, 1e-2)).collect();
    assert_eq!(
        epochs,
        [Some(2.0), Some(4.0), Some(17.0), Some(85.0)],
        "epochs to within 0.01"
    );
    let problem = lossbook::objective::LinearRegression::article_problem();
    let lr = optimizers::BATCH_LR;
    let tail_mean = |c: &Curve| {
        let tail: Vec<f64> = c
            .points
            .iter()
            .filter(|p| p.0 >= 51.0)
            .map(|p| p.1)
            .collect();
        tail.iter().sum::<f64>() / tail.len() as f64
    };
    // The text: "from B = 8 to B = 40 the floor drops about 115-fold".
    let drop = tail_mean(&curves[1]) / tail_mean(&curves[2]);
    assert!((110.0..120.0).contains(&drop), "{drop}");
    let stated = [
        (1, 1.8e-2, 1.6e-2, 2.0e-2),
        (8, 2.5e-4, 2.5e-4, 2.5e-3),
        (40, 2.2e-6, 2.2e-6, 5.0e-4),
    ];
    for (curve, (b, floor, formula, law)) in curves.iter().zip(stated) {
        let mean = tail_mean(curve);
        let predicted = lossbook::noise_floor::reshuffled_floor(&problem, lr, b).unwrap();
        let one_over_b = lossbook::noise_floor::independent_batches_floor(&problem, lr, b).unwrap();
        // Each stated to two significant figures.
        for (value, stated) in [(mean, floor), (predicted, formula), (one_over_b, law)] {
            assert!(
                close(value / stated, 1.0, 0.05),
                "B = {b}: {value:.3e} vs {stated:.1e}"
            );
        }
        let within = if b == 1 { 1.1..1.2 } else { 0.98..1.02 };
        assert!(
            within.contains(&(mean / predicted)),
            "B = {b}: {mean:.3e} vs {predicted:.3e}"
        );
    }
    assert!(
        strictly_decreasing(&curves[3]),
        "the full batch descends smoothly"
    );
}

/// trajectories.svg
#[test]
fn claim_trajectories() {
    let landscape = optimizers::trajectories_data().unwrap();
    let quadratic =
        lossbook::objective::Quadratic::ill_conditioned(tuning::CONDITION_NUMBER).unwrap();
    use lossbook::objective::Objective;
    // The drawn ellipses are level sets of the library's objective.
    for (&level, pieces) in landscape.levels.iter().zip(&landscape.contours) {
        for &(x, y) in pieces.iter().flat_map(|c| &c.points) {
            let f = quadratic.objective(&nalgebra::DVector::from_vec(vec![x, y]));
            assert!(
                close(f, level, 1e-9 * level),
                "f = {f} on the level-{level} contour"
            );
        }
    }
    let labels: Vec<&str> = landscape.paths.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "GD, η = 0.016",
            "momentum, η = 0.032, μ = 0.7",
            "Nesterov, η = 0.013, μ = 0.8",
            "RMSprop, η = 0.016, ρ = 0.99",
            "Adam, η = 0.25, β₁ = 0.5",
        ]
    );
    let [gd, momentum, ..] = &landscape.paths[..] else {
        panic!("five optimizers");
    };
    for path in &landscape.paths {
        assert_eq!(path.points.len(), optimizers::QUADRATIC_STEPS + 1);
        assert_eq!(path.points[0], (-4.0, 1.0));
    }
    // GD's zig-zag across the valley dies out: |y| < 1e-6 after 30 steps…
    assert!(gd.points[30..].iter().all(|p| p.1.abs() < 1e-6));
    // …and it crawls along x: still 0.8 from the minimum after 100 steps.
    let (x, y) = *gd.points.last().unwrap();
    assert!(close(x.hypot(y), 0.8, 0.05), "GD ends at ({x}, {y})");
    // 2/κ is the stability limit of GD on the steep direction; momentum's η is above it.
    let limit = 2.0 / tuning::CONDITION_NUMBER;
    assert!(close(limit, 0.02, 1e-15));
    let lowest = momentum
        .points
        .iter()
        .map(|p| p.1)
        .fold(f64::INFINITY, f64::min);
    assert!(close(lowest, -2.2, 0.05), "momentum's lowest y is {lowest}");
    // Steps to stay below 1e-10, from the sweeps (the paths above are their first 100 steps).
    let steps: Vec<usize> = Problem::IllConditioned
        .sweeps()
        .unwrap()
        .iter()
        .map(|s| {
            assert!(s.label() == labels[steps_index(s)]);
            s.best().epochs_to_tolerance.unwrap()
        })
        .collect();
    assert_eq!(steps, [786, 83, 122, 525, 62]);
    let ratio = steps[0] as f64 / steps[1] as f64;
    assert!(close(ratio, 9.5, 0.05), "momentum is {ratio}× faster");
}

/// The position of `sweep`'s method among the full-batch methods.
fn steps_index(sweep: &tuning::Sweep) -> usize {
    use tuning::Method::*;
    [Gd, Momentum, Nesterov, RmsProp, Adam]
        .iter()
        .position(|&m| m == sweep.method)
        .unwrap()
}

/// trajectories_rosenbrock.svg
#[test]
fn claim_rosenbrock() {
    let landscape = optimizers::rosenbrock_data().unwrap();
    use lossbook::objective::{Objective, Rosenbrock};
    // Marching squares interpolates linearly between grid nodes; the
    // contour points must still be close to their level.
    for (&level, pieces) in landscape.levels.iter().zip(&landscape.contours) {
        assert!(!pieces.is_empty(), "level {level} is drawn");
        for &(x, y) in pieces.iter().flat_map(|c| &c.points) {
            let f = Rosenbrock.objective(&nalgebra::DVector::from_vec(vec![x, y]));
            assert!(
                (f - level).abs() <= 0.1 * level,
                "f = {f} on the level-{level} contour"
            );
        }
    }
    let labels: Vec<&str> = landscape.paths.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "GD, η = 0.002",
            "momentum, η = 0.0025, μ = 0.95",
            "Nesterov, η = 0.0013, μ = 0.95",
            "RMSprop, η = 0.0032, ρ = 0.9",
            "Adam, η = 1.6, β₁ = 0.95",
        ]
    );
    for path in &landscape.paths {
        assert_eq!(path.points.len(), optimizers::ROSENBROCK_STEPS + 1);
    }
    // The objective along each drawn path: when it stays below 1e-10, and where it ends.
    let settled: Vec<Option<usize>> = landscape
        .values
        .iter()
        .map(|c| {
            let last_above = c.points.iter().rposition(|p| p.1 >= 1e-10 || p.1.is_nan());
            match last_above {
                Some(i) if i + 1 == c.points.len() => None,
                other => Some(other.map_or(0, |i| i + 1)),
            }
        })
        .collect();
    assert_eq!(settled, [None, Some(531), Some(772), None, Some(651)]);
    for never in [&landscape.values[0], &landscape.values[3]] {
        let end = never.points.last().unwrap().1;
        assert!(end > 0.005, "{} ends at {end}", never.label);
    }
    // Adam's detours: its path leaves the plotted window (x < −1.5 or y > 1.7) before settling.
    let adam = &landscape.paths[4];
    assert!(adam.points.iter().any(|p| p.0 < -1.5 || p.1 > 1.7));
}

/// tuning_sweeps.svg
#[test]
fn claim_sweeps() {
    let panels = optimizers::sweeps_data().unwrap();
    let [quadratic, article] = &panels[..] else {
        panic!("two panels");
    };
    let reached = |c: &Curve| -> Vec<f64> {
        c.points
            .iter()
            .filter(|p| p.1.is_finite())
            .map(|p| 10f64.powf(p.0))
            .collect()
    };
    let (gd, momentum) = (reached(&quadratic[0]), reached(&quadratic[1]));
    assert_eq!(gd.len(), 2, "{gd:?}");
    assert!(
        close(gd[0], 0.013, 5e-4) && close(gd[1], 0.016, 5e-4),
        "{gd:?}"
    );
    assert!(close(momentum[0], 0.0005, 2e-5), "{momentum:?}");
    let best_at = |c: &Curve| {
        let best = c
            .points
            .iter()
            .filter(|p| p.1.is_finite())
            .min_by(|a, b| a.1.total_cmp(&b.1));
        10f64.powf(best.unwrap().0)
    };
    assert!(
        best_at(&quadratic[1]) > 0.02,
        "momentum's best η is above GD's limit"
    );
    for curve in article {
        let lr = best_at(curve);
        // Near 1: the grid points 0.63 to 1.6 (RMSprop's best is far out at 7.9, see below).
        if curve.label != "RMSprop" {
            assert!((0.6..1.6).contains(&lr), "{}: best η {lr}", curve.label);
        }
    }
    assert_eq!(article.len(), 5, "SGD and mini-batch are not drawn");
    let sweeps = Problem::Article.sweeps().unwrap();
    for sweep in sweeps
        .iter()
        .filter(|s| s.batching != lossbook::train::Batching::Full)
    {
        assert!(sweep.trials.iter().all(|t| t.epochs_to_tolerance.is_none()));
    }
}

/// adam_bias_correction.svg
#[test]
fn claim_adam_bias_correction() {
    let data = optimizers::adam_bias_data().unwrap();
    let [m_hat, m, v_hat, v] = &data.moments[..] else {
        panic!("four moments");
    };
    for curve in [m_hat, v_hat] {
        assert!(
            curve.ys().all(|y| close(y, 1.0, 1e-12)),
            "{} is not 1",
            curve.label
        );
    }
    // The two lines coincide (the caption says so): same points, to far
    // below a pixel.
    assert_eq!(m_hat.points.len(), v_hat.points.len());
    for (&(t, a), &(s, b)) in m_hat.points.iter().zip(&v_hat.points) {
        assert!(t == s && close(a, b, 1e-12), "m̂ and v̂ differ at t = {t}");
    }
    assert!(close(at(m, 1.0), 0.1, 1e-12) && close(at(v, 1.0), 0.001, 1e-12));
    assert!(
        m.ys().chain(v.ys()).all(|y| y < 1.0),
        "raw moments stay below 1"
    );
    let [step, raw] = &data.steps[..] else {
        panic!("two step curves");
    };
    assert!(step.ys().all(|s| close(s, 1.0, 1e-6)), "Adam's step is η");
    assert!(
        close(at(raw, 1.0), 10f64.sqrt(), 1e-9),
        "uncorrected first step 3.16η"
    );
    let (t_max, max) = raw
        .points
        .iter()
        .copied()
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .unwrap();
    assert_eq!(t_max, 12.0);
    assert!(close(max, 6.6, 0.05), "uncorrected peak {max}");
}

/// Least-squares slope of `ln y` against `ln x`.
fn log_log_slope(points: &[(f64, f64)]) -> f64 {
    let logs: Vec<(f64, f64)> = points.iter().map(|&(x, y)| (x.ln(), y.ln())).collect();
    let n = logs.len() as f64;
    let mean_x = logs.iter().map(|p| p.0).sum::<f64>() / n;
    let mean_y = logs.iter().map(|p| p.1).sum::<f64>() / n;
    let covariance: f64 = logs.iter().map(|p| (p.0 - mean_x) * (p.1 - mean_y)).sum();
    let variance: f64 = logs.iter().map(|p| (p.0 - mean_x).powi(2)).sum();
    covariance / variance
}

/// steps_vs_kappa.svg
#[test]
fn claim_steps_vs_kappa() {
    use lossbook::figures::momentum;
    let data = momentum::steps_vs_kappa_data().unwrap();
    assert_eq!(data.measured[0].points.first().unwrap().0, 10.0);
    assert!(close(data.measured[0].points.last().unwrap().0, 1e4, 1e-9));
    for (measured, closed) in data.measured.iter().zip(&data.closed_form) {
        assert_eq!(
            measured.points, closed.points,
            "Sgd and the closed form agree"
        );
    }
    let (gd, momentum) = (&data.measured[0], &data.measured[1]);
    let (gd_slope, momentum_slope) = (log_log_slope(&gd.points), log_log_slope(&momentum.points));
    assert!(close(gd_slope, 1.0, 0.005), "GD slope {gd_slope}");
    assert!(
        close(momentum_slope, 0.53, 0.005),
        "momentum slope {momentum_slope}"
    );
    assert_eq!((at(momentum, 1e4), at(gd, 1e4)), (1074.0, 70811.0));
}

/// momentum_rate.svg
#[test]
fn claim_momentum_rate() {
    use lossbook::figures::momentum;
    use lossbook::optim::momentum_theory::{critical_momentum, worst_rate};
    let data = momentum::rate_map_data().unwrap();
    let (opt, gd) = (data.optimum, data.best_gd);
    assert!(close(opt.lr, 0.231, 5e-4) && close(opt.momentum, 0.270, 5e-4));
    assert!(close(opt.rate, 0.519, 5e-4) && close(gd.rate, 9.0 / 11.0, 1e-15));
    assert!(close(gd.lr, 2.0 / 11.0, 1e-15));
    // The optimum is where the two critical-damping curves cross.
    for lambda in [1.0, 10.0] {
        let on_curve = critical_momentum(opt.lr, lambda).unwrap();
        assert!(close(on_curve, opt.momentum, 1e-12), "λ = {lambda}");
    }
    // No cell is faster; the best cell is within 0.01 of the optimum.
    let fastest = data
        .rates
        .iter()
        .flatten()
        .copied()
        .fold(f64::INFINITY, f64::min);
    assert!(
        fastest >= opt.rate && fastest < opt.rate + 0.01,
        "{fastest}"
    );
    for (i, &lr) in data.lrs.iter().enumerate() {
        for (j, &beta) in data.momenta.iter().enumerate() {
            let rho = data.rates[i][j];
            // Between the curves both directions oscillate: ρ = √β.
            let above_both = [1.0, 10.0]
                .iter()
                .all(|&lambda| beta > critical_momentum(lr, lambda).unwrap());
            if above_both {
                assert!(close(rho, beta.sqrt(), 1e-12), "({lr}, {beta}): {rho}");
            }
            // Grey cells are exactly the unstable ones: ηL ≥ 2(1 + β).
            assert_eq!(
                rho >= 1.0,
                lr * 10.0 >= 2.0 * (1.0 + beta),
                "({lr}, {beta})"
            );
        }
    }
    // Plain GD (β = 0) at any η is no faster than 9/11.
    for k in 1..=1000 {
        let lr = 0.4 * f64::from(k) / 1000.0;
        assert!(worst_rate(lr, 0.0, 1.0, 10.0).unwrap() >= 9.0 / 11.0 - 1e-12);
    }
}

/// schedules.svg
#[test]
fn claim_schedules() {
    let curves = schedules::schedules_data().unwrap();
    let [step, exponential, cosine, warmup, warmup_cosine] = &curves[..] else {
        panic!("five schedules");
    };
    let eta0 = schedules::INITIAL_LR;
    for &(t, lr) in &step.points {
        let halvings = (t / 25.0).floor() as i32;
        assert!(
            close(lr, eta0 * 0.5f64.powi(halvings), 1e-15),
            "step decay at t = {t}"
        );
    }
    for w in exponential.points.windows(2) {
        assert!(
            close(w[1].1 / w[0].1, 0.97, 1e-12),
            "exponential at t = {}",
            w[1].0
        );
    }
    assert!(close(at(cosine, 0.0), eta0, 1e-15));
    assert!(
        close(at(cosine, 100.0), schedules::ETA_MIN, 1e-15),
        "cosine ends at η_min"
    );
    assert!(strictly_decreasing(cosine));
    assert!(close(at(warmup, 0.0), eta0 / 10.0, 1e-15));
    assert!(
        at(warmup, 8.0) < eta0 && close(at(warmup, 9.0), eta0, 1e-15),
        "article warm-up peaks at t = 9"
    );
    let (t_peak, peak) = warmup_cosine
        .points
        .iter()
        .copied()
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .unwrap();
    assert!(
        t_peak == 10.0 && close(peak, eta0, 1e-15),
        "warm-up + cosine peaks at t = {t_peak}"
    );
    assert!(close(at(warmup_cosine, 100.0), schedules::ETA_MIN, 1e-15));
}

/// Measured: checks the caption against the committed run in
/// `bench/results/scaling.tsv`, not against this machine.
/// performance_scaling.svg
#[test]
fn claim_performance_scaling() {
    use lossbook::figures::performance;
    let curves = performance::scaling_data();
    assert_eq!(curves.len(), performance::SERIES.len());
    for curve in &curves {
        let [(_, small), (_, _), (_, large)] = curve.points[..] else {
            panic!("{}: three sizes", curve.label);
        };
        let (x5, t5) = curve.points[1];
        assert_eq!(x5, 5.0, "{}", curve.label);
        let slope = (large / t5).log10() / 2.0;
        assert!(
            (0.9..=1.4).contains(&slope),
            "{}: slope {slope}",
            curve.label
        );
        assert!(small < t5 && t5 < large, "{}", curve.label);
    }
    // Every lossbook kernel, not only the plotted ones (NumPy's Huber and
    // BCE grow more slowly: fixed costs still count at 10⁵).
    for op in ["mse", "mae", "huber", "bce", "cce", "softmax_ce"] {
        for variant in ["readable", "fast"] {
            let points = performance::medians(op, variant);
            let [_, (n5, t5), (n7, t7)] = points[..] else {
                panic!("{op} {variant}: three sizes");
            };
            assert_eq!((n5, n7), (1e5, 1e7), "{op} {variant}");
            let slope = (t7 / t5).log10() / 2.0;
            assert!((0.9..=1.4).contains(&slope), "{op} {variant}: {slope}");
        }
    }
    let at_1e7 = |op, variant| performance::medians(op, variant).last().unwrap().1;
    for op in ["mse", "mae", "huber", "bce", "cce", "softmax_ce"] {
        let ratio = at_1e7(op, "numpy") / at_1e7(op, "fast");
        assert!(ratio >= 3.0, "{op}: NumPy / fast = {ratio}");
    }
}

/// Every registered figure has a claim test above (by file name in a doc
/// comment): a new figure without one fails here.
#[test]
fn every_figure_has_a_claim_test() {
    let source = include_str!("figures.rs");
    for figure in FIGURES {
        assert!(
            source.contains(&format!("/// {}\n#[test]", figure.file)),
            "no claim test for {}",
            figure.file
        );
    }
}

/// lr_range.svg
#[test]
fn claim_lr_range() {
    let curves = schedules::lr_range_data().unwrap();
    let [gd, adam] = &curves[..] else {
        panic!("two range tests");
    };
    // GD runs all 100 steps and ends on the least-squares floor; Adam is stopped at step 80.
    assert_eq!((gd.points.len(), adam.points.len()), (100, 80));
    let floor = gd.ys().fold(f64::INFINITY, f64::min);
    assert!((floor - 0.2775).abs() < 1e-4, "{floor}");
    let (lowest_at, _) =
        (adam.points.iter()).fold(
            (0.0, f64::INFINITY),
            |best, &(x, y)| {
                if y < best.1 { (x, y) } else { best }
            },
        );
    assert!((10f64.powf(lowest_at) - 0.486).abs() < 0.01, "{lowest_at}");
    assert!(gd.ys().chain(adam.ys()).all(|y| (0.2..40.0).contains(&y)));
}

/// pinball.svg
#[test]
fn claim_pinball() {
    let curves = regression::pinball_data().unwrap();
    assert_eq!(curves.len(), 3);
    for (curve, tau) in curves.iter().zip([0.1, 0.5, 0.9]) {
        for &(e, l) in &curve.points {
            let line = if e > 0.0 { (1.0 - tau) * e } else { -tau * e };
            assert!(close(l, line, 1e-12), "τ = {tau}, e = {e}");
        }
    }
    let high = &curves[2];
    assert!(close(at(high, -3.0), 2.7, 1e-12) && close(at(high, 3.0), 0.3, 1e-12));
    assert!(close(at(high, -3.0) / at(high, 3.0), 9.0, 1e-9));
    for &(e, l) in &curves[1].points {
        assert!(close(l, 0.5 * e.abs(), 1e-12), "τ = 0.5 at {e}");
    }
}

/// log_cosh.svg
#[test]
fn claim_log_cosh() {
    let curves = regression::log_cosh_data().unwrap();
    let (log_cosh, huber, half_square) = (&curves[0], &curves[1], &curves[2]);
    for (&(e, l), &(_, q)) in log_cosh.points.iter().zip(&half_square.points) {
        if e.abs() <= 0.1 {
            assert!((l - q).abs() <= e.powi(4) / 12.0 * 1.01 + 1e-300, "e = {e}");
        }
        // Between |e| − log 2 and |e| − log 2 + e^{−2|e|}.
        let line = e.abs() - std::f64::consts::LN_2;
        assert!(
            l >= line - 1e-12 && l <= line + (-2.0 * e.abs()).exp() + 1e-12,
            "e = {e}"
        );
    }
    assert!(close(at(log_cosh, 3.0), 2.31, 5e-3) && close(at(huber, 3.0), 2.5, 1e-12));
}

/// experiments_focal_imbalance.svg
#[test]
fn claim_experiments_focal_imbalance() {
    use lossbook::figures::focal_imbalance;
    let curves = focal_imbalance::focal_data().unwrap();
    let [ap, recall] = &curves[..] else {
        panic!("AP and recall");
    };
    let gammas: Vec<f64> = ap.points.iter().map(|p| p.0).collect();
    assert_eq!(gammas, [0.0, 0.5, 1.0, 2.0, 5.0]);
    // "The best AP stays between 0.860 (γ = 0) and 0.866 (γ = 2)".
    let lowest = ap
        .points
        .iter()
        .copied()
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .unwrap();
    let highest = ap
        .points
        .iter()
        .copied()
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .unwrap();
    assert_eq!(
        (lowest.0, format!("{:.3}", lowest.1)),
        (0.0, "0.860".to_string())
    );
    assert_eq!(
        (highest.0, format!("{:.3}", highest.1)),
        (2.0, "0.866".to_string())
    );
    let (low, high) = focal_imbalance::Y_RANGE;
    for point in ap.points.iter().chain(&recall.points) {
        assert!(low < point.1 && point.1 < high, "{point:?} is off the axis");
    }
}

/// experiments_batch_size.svg
#[test]
fn claim_experiments_batch_size() {
    use lossbook::figures::batch_size;
    let (basin, intervals) = batch_size::basin_data().unwrap();
    let batches: Vec<f64> = basin.points.iter().map(|p| p.0.exp2().round()).collect();
    assert_eq!(batches, [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0]);
    // "0.44 at B = 1, none at any B ≥ 2", each inside its Wilson interval.
    assert_eq!(basin.points[0].1, 0.44);
    assert!(basin.points[1..].iter().all(|p| p.1 == 0.0));
    for (point, interval) in basin.points.iter().zip(&intervals) {
        let (low, high) = (interval.points[0].1, interval.points[1].1);
        assert!(
            low <= point.1 && point.1 <= high && high <= 1.0,
            "{point:?}"
        );
    }
    let curves = batch_size::mlp_data().unwrap();
    let [test, train, scaled] = &curves[..] else {
        panic!("three curves");
    };
    let shown = |c: &Curve| {
        c.points
            .iter()
            .map(|p| format!("{:.3}", p.1))
            .collect::<Vec<_>>()
    };
    let test_values = shown(test);
    assert_eq!(test_values.iter().min().unwrap(), "0.969");
    assert_eq!(test_values.iter().max().unwrap(), "0.973");
    assert!(train.ys().all(|y| y >= 0.9985), "{:?}", shown(train));
    assert_eq!(test.points.last().unwrap().0.exp2().round(), 1078.0);
    assert_eq!(scaled.points[3].0, 9.0);
    assert_eq!(format!("{:.3}", scaled.points[3].1), "0.916");
    let (low, high) = batch_size::Y_RANGE;
    assert!(
        curves
            .iter()
            .flat_map(|c| c.ys())
            .all(|y| low < y && y < high)
    );
}

/// experiments_comparison_table.svg
#[test]
fn claim_experiments_comparison_table() {
    use lossbook::figures::comparison_table;
    let curves = comparison_table::momentum_data().unwrap();
    let [sgd, momentum, effective] = &curves[..] else {
        panic!("three curves");
    };
    for ((s, m), e) in sgd
        .points
        .iter()
        .zip(&momentum.points)
        .zip(&effective.points)
    {
        // "1.5 to 1.6 times below tuned SGD at every σ".
        let ratio = s.1 / m.1;
        assert!((1.45..1.65).contains(&ratio), "σ = 10^{}: {ratio}", s.0);
        // "lands on tuned SGD, not on momentum": within 1 % of SGD.
        assert!((e.1 / s.1 - 1.0).abs() < 0.01, "{e:?} vs {s:?}");
    }
    let (low, high) = comparison_table::LOSS_RANGE;
    assert!(
        curves
            .iter()
            .flat_map(|c| c.ys())
            .all(|y| low < y && y < high)
    );
    let (sweeps, defaults) = comparison_table::sweep_data().unwrap();
    let adam = &sweeps[1];
    let best = adam
        .points
        .iter()
        .copied()
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .unwrap();
    assert_eq!(best.0, -3.0, "Adam's best rate is 1e-3");
    let rings: Vec<f64> = defaults.points.iter().map(|p| p.0).collect();
    assert_eq!(rings, [1e-4f64.log10(), 3e-4f64.log10(), 1e-3f64.log10()]);
    assert_eq!(defaults.points[2], best);
}

/// experiment_bce_vs_mse.svg
#[test]
fn claim_experiment_bce_vs_mse() {
    use lossbook::figures::experiment_bce_vs_mse as figure;
    let data = figure::data().unwrap();
    let [bce, mse] = &data.accuracy[..] else {
        panic!("two losses");
    };
    assert_eq!(bce.label, "BCE, η = 1");
    assert_eq!(mse.label, "MSE, η = 100");
    assert_eq!(bce.points.len(), figure::SHOWN_STEPS + 1);
    let first_at = |c: &Curve| c.points.iter().find(|p| p.1 >= 0.95).unwrap().0;
    assert_eq!((first_at(bce), first_at(mse)), (3.0, 11.0));
    // The same start: the same accuracy at step 0, 1 − 93.4 % (rounded).
    assert_eq!(bce.points[0].1, mse.points[0].1);
    assert!(close(1.0 - bce.points[0].1, 0.934, 0.0005));
    for curve in [bce, mse] {
        assert!(close(curve.points[60].1, 0.992, 0.0005), "{}", curve.label);
    }
}

/// experiment_adaptive.svg
#[test]
fn claim_experiment_adaptive() {
    use lossbook::figures::experiment_adaptive as figure;
    let data = figure::data().unwrap();
    let labels: Vec<&str> = data.sweeps.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(labels, ["SGD + momentum", "Adam", "AdamW"]);
    let bests: Vec<f64> = data
        .sweeps
        .iter()
        .map(|c| c.ys().fold(f64::NEG_INFINITY, f64::max))
        .collect();
    let top = bests.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let bottom = bests.iter().copied().fold(f64::INFINITY, f64::min);
    assert!(top - bottom < 0.002, "{bests:?}");
    // Every pair of test intervals overlaps; training lies above test.
    for a in &data.test_intervals {
        for b in &data.test_intervals {
            assert!(a.points[0].1 <= b.points[1].1 && b.points[0].1 <= a.points[1].1);
        }
    }
    for (test, train) in data.test_intervals.iter().zip(&data.train_intervals) {
        assert!(train.points[0].1 > test.points[1].1, "{}", test.label);
    }
}

/// experiment_weight_decay.svg
#[test]
fn claim_experiment_weight_decay() {
    use lossbook::figures::experiment_weight_decay as figure;
    let data = figure::data().unwrap();
    let names: Vec<&str> = data.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["Adam + L2", "AdamW"]);
    let peak = |curves: &[Curve]| {
        curves
            .iter()
            .flat_map(|c| c.points.iter().map(move |p| (p.1, p.0, c.label.clone())))
            .fold((f64::NEG_INFINITY, 0.0, String::new()), |best, p| {
                if p.0 > best.0 { p } else { best }
            })
    };
    let (l2_best, l2_x, l2_label) = peak(&data[0].1);
    assert!(close(l2_x, 0.01f64.log10(), 1e-12) && l2_label == "λ = 0.001");
    assert!(close(l2_best, 0.977, 0.0005), "{l2_best}");
    let (w_best, w_x, w_label) = peak(&data[1].1);
    assert!(close(w_x, 0.001f64.log10(), 1e-12) && w_label == "λ = 0.001");
    assert!(close(w_best, 0.975, 0.0005), "{w_best}");
    let last = |curves: &[Curve], label: &str| {
        let curve = curves.iter().find(|c| c.label == label).unwrap();
        let (x, y) = *curve.points.last().unwrap();
        assert!(close(x, 0.03f64.log10(), 1e-12));
        y
    };
    assert!(close(last(&data[0].1, "λ = 0.01"), 0.920, 0.0005));
    assert!(close(last(&data[1].1, "λ = 1"), 0.935, 0.0005));
}
