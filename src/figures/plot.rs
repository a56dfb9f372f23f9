//! The drawing helpers every figure shares: the canvas, the axes, the line
//! styles, clipping and the legend.
//!
//! Line styles pair an Okabe–Ito colour (distinguishable with the common
//! colour-vision deficiencies) with a dash pattern and, from the fifth
//! series on, a marker, so that the curves stay apart in greyscale too.

use std::ops::Range;

use plotters::coord::Shift;
use plotters::coord::ranged1d::{
    AsRangedCoord, KeyPointHint, NoDefaultFormatting, Ranged, ValueFormatter,
};
use plotters::coord::types::RangedCoordf64;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::Result;

/// One labelled series of `(x, y)` points.
///
/// A non-finite `y` breaks the line: the points either side are drawn as
/// separate pieces (used for jumps such as MAE's gradient at 0).
#[derive(Debug, Clone, PartialEq)]
pub struct Curve {
    /// The legend entry.
    pub label: String,
    /// The points, in drawing order.
    pub points: Vec<(f64, f64)>,
}

impl Curve {
    /// A curve from its points.
    pub fn new(label: impl Into<String>, points: Vec<(f64, f64)>) -> Self {
        Self {
            label: label.into(),
            points,
        }
    }

    /// The curve `y = f(x)` sampled at `xs`; stops at the first error.
    pub fn sample(
        label: impl Into<String>,
        xs: &[f64],
        f: impl Fn(f64) -> crate::Result<f64>,
    ) -> Result<Self> {
        let points = xs
            .iter()
            .map(|&x| Ok((x, f(x)?)))
            .collect::<Result<Vec<_>>>()?;
        Ok(Self::new(label, points))
    }

    /// The y values, in order.
    pub fn ys(&self) -> impl Iterator<Item = f64> + '_ {
        self.points.iter().map(|&(_, y)| y)
    }
}

/// `n ≥ 2` evenly spaced points from `start` to `end`, both included.
pub(crate) fn linspace(start: f64, end: f64, n: usize) -> Vec<f64> {
    assert!(n >= 2, "linspace needs both ends");
    let last = (n - 1) as f64;
    // Computed from the index, not by repeated addition, so that the grid
    // points are exact where the spacing allows (e.g. 0.3 = 30/100).
    (0..n)
        .map(|i| start + (end - start) * i as f64 / last)
        .collect()
}

/// The figure size, in pixels: wide enough for two panels side by side.
pub(crate) const SIZE: (u32, u32) = (720, 450);

/// Internal pixels per display pixel.
///
/// plotters hands its backend whole-pixel coordinates, so a curve drawn on
/// a 720-pixel canvas is a staircase of 1-pixel steps when zoomed. Every
/// figure is therefore drawn on a canvas `SCALE` times larger, with every
/// length (fonts, strokes, margins, markers) scaled by the same factor
/// through [`px`], and [`svg`] writes a root element whose `width` and
/// `height` are [`SIZE`] and whose `viewBox` is the internal canvas: the
/// figure looks the same, with coordinates on a quarter-pixel grid.
pub(crate) const SCALE: u32 = 4;

/// `n` display pixels in internal pixels (see [`SCALE`]).
pub(crate) const fn px(n: i32) -> i32 {
    n * SCALE as i32
}

/// A font size of `n` display pixels, in internal pixels.
fn font_px(n: i32) -> f64 {
    f64::from(px(n))
}

const FONT: &str = "sans-serif";

/// Okabe & Ito (2008), "Color Universal Design", without yellow (too pale
/// on white), in the order the series take them.
pub(crate) const PALETTE: [RGBColor; 7] = [
    RGBColor(0, 114, 178),   // blue
    RGBColor(213, 94, 0),    // vermillion
    RGBColor(0, 158, 115),   // bluish green
    RGBColor(204, 121, 167), // reddish purple
    RGBColor(230, 159, 0),   // orange
    RGBColor(86, 180, 233),  // sky blue
    RGBColor(0, 0, 0),       // black
];

/// How a line is stroked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dash {
    Solid,
    /// `on` pixels drawn, then `off` pixels skipped.
    Pattern {
        on: i32,
        off: i32,
    },
    /// No line at all: a legend row for a marker alone.
    None,
}

const DASHED: Dash = Dash::Pattern { on: 9, off: 5 };
const DOTTED: Dash = Dash::Pattern { on: 2, off: 4 };
const LONG_DASH: Dash = Dash::Pattern { on: 18, off: 5 };

/// A shape drawn on a line at regular intervals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Marker {
    None,
    Circle,
    Ring,
    Triangle,
    Cross,
    /// A filled square on a white rim: where a path ends.
    Square,
}

/// Everything that tells one series from another.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct LineStyle {
    pub color: RGBColor,
    pub dash: Dash,
    pub marker: Marker,
    pub width: u32,
}

impl LineStyle {
    fn shape(&self) -> ShapeStyle {
        self.color.stroke_width(self.width * SCALE)
    }
}

/// The `i`-th series style: colour and dash pattern cycle together, and
/// series 4 to 6 add a marker so that no two of the seven look alike.
pub(crate) fn style(i: usize) -> LineStyle {
    const DASHES: [Dash; 4] = [Dash::Solid, DASHED, DOTTED, LONG_DASH];
    const MARKERS: [Marker; 7] = [
        Marker::None,
        Marker::None,
        Marker::None,
        Marker::None,
        Marker::Circle,
        Marker::Triangle,
        Marker::Cross,
    ];
    let i = i % PALETTE.len();
    LineStyle {
        color: PALETTE[i],
        dash: DASHES[i % DASHES.len()],
        marker: MARKERS[i],
        width: 2,
    }
}

/// A mid-grey thin line for reference curves (asymptotes, bounds, targets).
pub(crate) fn reference(dash_index: usize) -> LineStyle {
    const DASHES: [Dash; 3] = [Dash::Solid, DASHED, DOTTED];
    LineStyle {
        color: RGBColor(110, 110, 110),
        dash: DASHES[dash_index % DASHES.len()],
        marker: Marker::None,
        width: 1,
    }
}

/// Light grey hairlines for contour lines, behind everything else.
pub(crate) fn contour_style() -> LineStyle {
    LineStyle {
        color: RGBColor(175, 175, 175),
        dash: Dash::Solid,
        marker: Marker::None,
        width: 1,
    }
}

/// A marker style for highlighted points (not a line).
pub(crate) fn marker_style(i: usize, marker: Marker) -> LineStyle {
    LineStyle { marker, ..style(i) }
}

/// The legend entry of a marker drawn alone, without a line.
pub(crate) fn point_style(color: RGBColor, marker: Marker) -> LineStyle {
    LineStyle {
        color,
        dash: Dash::None,
        marker,
        width: 2,
    }
}

/// Marks the end of each path with a square in the colour of its style
/// (where the path leaves the axes, nothing is drawn).
///
/// Where an optimizer got to is what a trajectory figure is about, and
/// the eye cannot find the last point of a line among overlapping paths.
/// Pair it with the legend entry [`point_style`]`(BLACK, Marker::Square)`.
pub(crate) fn draw_end_points<'a, 'c, DB, CT>(
    chart: &mut ChartContext<'a, DB, CT>,
    paths: impl IntoIterator<Item = (&'c Curve, LineStyle)>,
) -> Result<()>
where
    DB: DrawingBackend + 'a,
    DB::ErrorType: 'static,
    CT: CoordTranslate<From = (f64, f64)>,
    ChartContext<'a, DB, CT>: Bounds,
{
    let (x, y, _) = chart.bounds();
    for (path, style) in paths {
        let end = path.points.last().copied();
        let end = end.filter(|(px, py)| x.contains(px) && y.contains(py));
        draw_markers(
            chart,
            end.into_iter(),
            point_style(style.color, Marker::Square),
        )?;
    }
    Ok(())
}

/// Renders a complete SVG document of [`SIZE`] with `title` across the top;
/// `draw` fills the area below the title.
pub(crate) fn svg<F>(title: &str, draw: F) -> Result<String>
where
    F: FnOnce(&DrawingArea<SVGBackend<'_>, Shift>) -> Result<()>,
{
    let internal = (SIZE.0 * SCALE, SIZE.1 * SCALE);
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, internal).into_drawing_area();
        root.fill(&WHITE)?;
        let body = titled(
            &root,
            title,
            (FONT, font_px(24)).into_font().style(FontStyle::Bold),
        )?;
        draw(&body)?;
        root.present()?;
    }
    let root = |(w, h): (u32, u32), (vw, vh): (u32, u32)| {
        format!("<svg width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {vw} {vh}\"")
    };
    let drawn = root(internal, internal);
    match out.strip_prefix(&drawn) {
        Some(rest) => Ok(root(SIZE, internal) + rest),
        None => Err(super::FigureError::Drawing(format!(
            "the SVG backend's root element does not start with {drawn}"
        ))),
    }
}

/// Writes `text` centred across the top of `area` and returns the area
/// below it, like plotters' `DrawingArea::titled`, whose padding above and
/// below the text is capped at 5 internal pixels rather than 5 display
/// pixels.
fn titled<'a, DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    style: impl Into<TextStyle<'a>>,
) -> Result<DrawingArea<DB, Shift>>
where
    DB::ErrorType: 'static,
{
    let style = style.into().pos(Pos::new(HPos::Center, VPos::Top));
    let (_, text_height) = area.estimate_text_size(text, &style)?;
    let padding = (text_height as i32 / 2).min(px(5));
    let (width, _) = area.dim_in_pixel();
    area.draw(&Text::new(
        text.to_string(),
        (width as i32 / 2, padding),
        style,
    ))?;
    Ok(area.split_vertically(2 * padding + text_height as i32).1)
}

/// Splits `area` into `n` panels side by side whose plotting areas have the
/// same width: the first panel is wider by the room its y-axis title takes,
/// since the others leave it out (see [`Axes::y_label`]).
pub(crate) fn panels<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    n: usize,
) -> Vec<DrawingArea<DB, Shift>> {
    let (width, _) = area.dim_in_pixel();
    let extra = px(Y_LABEL_AREA - Y_LABEL_AREA_BARE) as u32;
    let rest = (width - extra) / n as u32;
    let mut out = Vec::with_capacity(n);
    let mut remaining = area.clone();
    for i in 0..n.saturating_sub(1) {
        let w = if i == 0 { rest + extra } else { rest };
        let (left, right) = remaining.split_horizontally(w);
        out.push(left);
        remaining = right;
    }
    out.push(remaining);
    out
}

/// Room for the y tick labels and the y-axis title, and for the tick
/// labels alone (panels after the first leave the title out), in display
/// pixels like every length below.
const Y_LABEL_AREA: i32 = 64;
const Y_LABEL_AREA_BARE: i32 = 44;

/// The space above a chart's plotting area.
const MARGIN_TOP: i32 = 8;

/// What a panel's axes show.
pub(crate) struct Axes<'a> {
    /// The panel's own title, for figures with several panels.
    pub caption: Option<&'a str>,
    pub x_label: &'a str,
    /// Empty for a panel that shares the y axis of the panel to its left.
    pub y_label: &'a str,
    pub x: Range<f64>,
    pub y: Range<f64>,
}

/// A linear axis whose ticks come from [`ticks`], labelled by [`format_tick`].
pub(crate) struct Axis {
    inner: RangedCoordf64,
    major: Vec<f64>,
    minor: Vec<f64>,
}

impl Ranged for Axis {
    type FormatOption = NoDefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.inner.map(value, limit)
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        // The mesh asks twice: once for the labelled (bold) lines, once
        // for the light ones in between.
        if hint.weight().allow_light_points() {
            self.minor.clone()
        } else {
            self.major.clone()
        }
    }

    fn range(&self) -> Range<f64> {
        self.inner.range()
    }
}

impl ValueFormatter<f64> for Axis {
    fn format(value: &f64) -> String {
        format_tick(*value)
    }
}

/// The coordinate system of a linear chart.
pub(crate) type Linear = Cartesian2d<Axis, Axis>;
/// The coordinate system of a chart with a logarithmic y axis.
pub(crate) type LogY = Cartesian2d<Axis, LogCoord<f64>>;

/// A linear axis over `range` with at most `max` labelled ticks.
fn axis(range: &Range<f64>, max: usize) -> Axis {
    let (major, minor) = ticks(range, max);
    Axis {
        inner: range.clone().into(),
        major,
        minor,
    }
}

/// Round tick values in `range`: multiples of the smallest step 1, 2 or
/// 5 × 10ᵏ that gives at most `max` of them, and minor ticks between.
///
/// plotters computes its own ticks by repeated addition and can lose the
/// last one to rounding (2.9..3.7 gets no tick at 3.6); here each tick is
/// `k · step` for an integer `k`.
pub(crate) fn ticks(range: &Range<f64>, max: usize) -> (Vec<f64>, Vec<f64>) {
    let (low, high) = (range.start.min(range.end), range.start.max(range.end));
    let span = high - low;
    if !(span > 0.0 && span.is_finite()) || max == 0 {
        return (vec![low], vec![]);
    }
    let count = |step: f64| (high / step).floor() - (low / step).ceil() + 1.0;
    let mut magnitude = 10f64.powf((span / max as f64).log10().floor());
    let (step, parts) = loop {
        if let Some(found) = [(1.0, 5.0), (2.0, 4.0), (5.0, 5.0)]
            .iter()
            .find(|&&(mantissa, _)| count(mantissa * magnitude) <= max as f64)
        {
            break (found.0 * magnitude, found.1);
        }
        magnitude *= 10.0;
    };
    let multiples = |step: f64| -> Vec<f64> {
        let (first, last) = ((low / step).ceil() as i64, (high / step).floor() as i64);
        (first..=last).map(|k| k as f64 * step).collect()
    };
    (multiples(step), multiples(step / parts))
}

/// A chart with linear axes on `area`, mesh and axis labels drawn.
pub(crate) fn linear_chart<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    axes: &Axes<'_>,
) -> Result<ChartContext<'a, DB, Linear>>
where
    DB::ErrorType: 'static,
{
    chart(area, axes, axis(&axes.y, 8), &|v: &f64| format_tick(*v))
}

/// A chart with a logarithmic y axis, ticks labelled as plain decimals
/// down to `0.001` and as powers (`1e-5`) below.
pub(crate) fn log_y_chart<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    axes: &Axes<'_>,
) -> Result<ChartContext<'a, DB, LogY>>
where
    DB::ErrorType: 'static,
{
    chart(area, axes, axes.y.clone().log_scale(), &|v: &f64| {
        format_log_tick(*v)
    })
}

fn chart<'a, DB, Y>(
    area: &'a DrawingArea<DB, Shift>,
    axes: &Axes<'_>,
    y: Y,
    y_format: &dyn Fn(&f64) -> String,
) -> Result<ChartContext<'a, DB, Cartesian2d<Axis, Y::CoordDescType>>>
where
    DB: DrawingBackend,
    DB::ErrorType: 'static,
    Y: AsRangedCoord<Value = f64>,
    Y::CoordDescType: Ranged<ValueType = f64> + ValueFormatter<f64>,
{
    // The margins first, then the caption inside them, as plotters'
    // `ChartBuilder` does.
    let area = area.margin(px(MARGIN_TOP), px(4), px(8), px(18));
    let area = match axes.caption {
        Some(caption) => titled(&area, caption, (FONT, font_px(19)))?,
        None => area,
    };
    let mut chart = ChartBuilder::on(&area)
        .x_label_area_size(px(46))
        .y_label_area_size(px(if axes.y_label.is_empty() {
            Y_LABEL_AREA_BARE
        } else {
            Y_LABEL_AREA
        }))
        .build_cartesian_2d(axis(&axes.x, 8), y)?;
    // plotters' own defaults (1-pixel lines, 5-pixel ticks) are in
    // internal pixels: scaled here to look as they did at display size.
    chart
        .configure_mesh()
        .x_desc(axes.x_label)
        .y_desc(axes.y_label)
        .axis_desc_style((FONT, font_px(18)))
        .label_style((FONT, font_px(15)))
        .x_labels(16)
        .y_labels(16)
        .x_label_formatter(&|v| format_tick(*v))
        .y_label_formatter(y_format)
        .axis_style(BLACK.stroke_width(SCALE))
        .set_all_tick_mark_size(px(5))
        .bold_line_style(BLACK.mix(0.12).stroke_width(SCALE))
        .light_line_style(BLACK.mix(0.04).stroke_width(SCALE))
        .draw()?;
    Ok(chart)
}

/// A tick label without trailing zeros: `2`, `0.5`, `-1.25`.
fn format_tick(value: f64) -> String {
    // Ticks are round numbers; 6 significant decimals hide float noise.
    let text = format!("{value:.6}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_string()
    } else {
        text.to_string()
    }
}

/// A log-axis tick label: decimals down to 0.001, then `1e-4` and so on.
fn format_log_tick(value: f64) -> String {
    if (1e-3..1e5).contains(&value) {
        format_tick(value)
    } else {
        let exponent = value.log10().round();
        let mantissa = value / 10f64.powf(exponent);
        if (mantissa - 1.0).abs() < 1e-9 {
            format!("1e{exponent}")
        } else {
            format!("{mantissa:.0}e{exponent}")
        }
    }
}

/// Splits `points` into the pieces that lie inside `x × y`, cutting each
/// segment at the border (in the axis's own scale: logarithmic if `log_y`).
///
/// plotters does not clip: a curve that leaves the axes would be drawn
/// across the labels.
pub(crate) fn clip(
    points: &[(f64, f64)],
    x: &Range<f64>,
    y: &Range<f64>,
    log_y: bool,
) -> Vec<Vec<(f64, f64)>> {
    let to_axis = |v: f64| if log_y { v.log10() } else { v };
    let from_axis = |v: f64| if log_y { 10f64.powf(v) } else { v };
    let (y0, y1) = (to_axis(y.start), to_axis(y.end));
    let mut pieces: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut current: Vec<(f64, f64)> = Vec::new();
    for pair in points.windows(2) {
        let (a, b) = (
            (pair[0].0, to_axis(pair[0].1)),
            (pair[1].0, to_axis(pair[1].1)),
        );
        match clip_segment(a, b, (x.start, x.end), (y0, y1)) {
            Some((p, q)) => {
                let p = (p.0, from_axis(p.1));
                let q = (q.0, from_axis(q.1));
                if current.last() != Some(&p) {
                    if current.len() > 1 {
                        pieces.push(std::mem::take(&mut current));
                    }
                    current = vec![p];
                }
                current.push(q);
            }
            None => {
                if current.len() > 1 {
                    pieces.push(std::mem::take(&mut current));
                }
                current.clear();
            }
        }
    }
    if current.len() > 1 {
        pieces.push(current);
    }
    pieces
}

/// Liang–Barsky: the part of segment `a → b` inside the box, if any.
/// Segments with a non-finite end are dropped (that is how a curve breaks).
fn clip_segment(
    a: (f64, f64),
    b: (f64, f64),
    (x0, x1): (f64, f64),
    (y0, y1): (f64, f64),
) -> Option<((f64, f64), (f64, f64))> {
    if ![a.0, a.1, b.0, b.1].iter().all(|v| v.is_finite()) {
        return None;
    }
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (mut t0, mut t1) = (0.0_f64, 1.0_f64);
    for (p, q) in [
        (-dx, a.0 - x0),
        (dx, x1 - a.0),
        (-dy, a.1 - y0),
        (dy, y1 - a.1),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let r = q / p;
            if p < 0.0 {
                t0 = t0.max(r);
            } else {
                t1 = t1.min(r);
            }
        }
    }
    if t0 > t1 {
        return None;
    }
    // The ends themselves when not cut, so that consecutive segments share
    // their point exactly and [`clip`] joins them into one polyline.
    let at = |t: f64| match t {
        0.0 => a,
        1.0 => b,
        _ => (a.0 + t * dx, a.1 + t * dy),
    };
    Some((at(t0), at(t1)))
}

/// Whether a chart's y axis is logarithmic, and its ranges: what clipping
/// needs to know about a coordinate system.
pub(crate) trait Bounds {
    fn bounds(&self) -> (Range<f64>, Range<f64>, bool);
}

impl<DB: DrawingBackend> Bounds for ChartContext<'_, DB, Linear> {
    fn bounds(&self) -> (Range<f64>, Range<f64>, bool) {
        (self.x_range(), self.y_range(), false)
    }
}

impl<DB: DrawingBackend> Bounds for ChartContext<'_, DB, LogY> {
    fn bounds(&self) -> (Range<f64>, Range<f64>, bool) {
        (self.x_range(), self.y_range(), true)
    }
}

/// Draws `curve` in `style`, clipped to the axes (the legend is separate).
pub(crate) fn draw_curve<'a, DB, CT>(
    chart: &mut ChartContext<'a, DB, CT>,
    curve: &Curve,
    style: LineStyle,
) -> Result<()>
where
    DB: DrawingBackend + 'a,
    DB::ErrorType: 'static,
    CT: CoordTranslate<From = (f64, f64)>,
    ChartContext<'a, DB, CT>: Bounds,
{
    let (x, y, log_y) = chart.bounds();
    let pieces: Vec<Vec<(f64, f64)>> = clip(&curve.points, &x, &y, log_y)
        .into_iter()
        .map(|piece| one_per_pixel(chart.as_coord_spec(), piece))
        .collect();
    let shape = style.shape();
    match style.dash {
        Dash::Solid => {
            chart.draw_series(
                pieces
                    .iter()
                    .map(|piece| PathElement::new(piece.clone(), shape)),
            )?;
        }
        Dash::Pattern { on, off } => {
            chart.draw_series(
                pieces
                    .iter()
                    .map(|piece| DashedPathElement::new(piece.clone(), px(on), px(off), shape)),
            )?;
        }
        Dash::None => {}
    }
    if style.marker != Marker::None {
        // About eight markers per curve, offset by colour so that markers of
        // curves that run together do not sit on top of one another.
        let inside: Vec<(f64, f64)> = pieces.concat();
        let every = (inside.len() / 8).max(1);
        let offset = PALETTE.iter().position(|c| *c == style.color).unwrap_or(0);
        let start = (offset * every / PALETTE.len()).min(inside.len().saturating_sub(1));
        draw_markers(
            chart,
            inside.iter().skip(start).step_by(every).copied(),
            style,
        )?;
    }
    Ok(())
}

/// Drops each point that lands on the same pixel as the point before it
/// (the SVG would repeat the same integer coordinates), keeping the last.
///
/// Long trajectories take thousands of sub-pixel steps; this keeps the
/// files small without changing a single drawn pixel.
fn one_per_pixel<CT: CoordTranslate<From = (f64, f64)>>(
    coordinates: &CT,
    piece: Vec<(f64, f64)>,
) -> Vec<(f64, f64)> {
    let last = piece.last().copied();
    let mut kept: Vec<(f64, f64)> = Vec::with_capacity(piece.len());
    let mut previous_pixel = None;
    for point in piece {
        let pixel = coordinates.translate(&point);
        if previous_pixel != Some(pixel) {
            kept.push(point);
            previous_pixel = Some(pixel);
        }
    }
    if let Some(last) = last
        && kept.last() != Some(&last)
    {
        kept.push(last);
    }
    kept
}

/// Draws `style.marker` at each point (which must lie inside the axes).
pub(crate) fn draw_markers<DB, CT>(
    chart: &mut ChartContext<'_, DB, CT>,
    points: impl Iterator<Item = (f64, f64)>,
    style: LineStyle,
) -> Result<()>
where
    DB: DrawingBackend,
    DB::ErrorType: 'static,
    CT: CoordTranslate<From = (f64, f64)>,
{
    let points: Vec<(f64, f64)> = points.collect();
    let fill = style.color.filled();
    let stroke = style.color.stroke_width(2 * SCALE);
    // Only elements that do not carry the backend type: plotters' composed
    // elements (`EmptyElement + …`) require a `'static` backend, which the
    // string-backed SVG backend is not.
    match style.marker {
        Marker::None => {}
        Marker::Circle => {
            chart.draw_series(points.iter().map(|&p| Circle::new(p, px(4), fill)))?;
        }
        Marker::Ring => {
            chart.draw_series(points.iter().map(|&p| Circle::new(p, px(4), stroke)))?;
        }
        Marker::Triangle => {
            chart.draw_series(points.iter().map(|&p| TriangleMarker::new(p, px(5), fill)))?;
        }
        Marker::Cross => {
            chart.draw_series(points.iter().map(|&p| Cross::new(p, px(4), stroke)))?;
        }
        Marker::Square => {
            let area = chart.plotting_area();
            let (x0, y0) = area.get_base_pixel();
            let pixels = area.strip_coord_spec();
            for p in &points {
                let (x, y) = area.map_coordinate(p);
                draw_square(&pixels, (x - x0, y - y0), style.color)?;
            }
        }
    }
    Ok(())
}

/// Draws a legend box with one row per `(label, style)` at `position`
/// inside the plotting area.
///
/// plotters' own legend sizes its box from the byte length of the labels
/// (so Greek letters count double) and cannot draw a marker on a dashed
/// sample line; this one estimates widths per character.
pub(crate) fn legend<DB, CT>(
    chart: &ChartContext<'_, DB, CT>,
    entries: &[(&str, LineStyle)],
    position: SeriesLabelPosition,
) -> Result<()>
where
    DB: DrawingBackend,
    DB::ErrorType: 'static,
    CT: CoordTranslate,
{
    legend_box(&chart.plotting_area().strip_coord_spec(), entries, position)
}

/// Splits off a column of `width` display pixels on the right of `area` for
/// a legend that would cover curves inside the axes: `(chart, legend)`.
pub(crate) fn with_legend_column<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    width: u32,
) -> (DrawingArea<DB, Shift>, DrawingArea<DB, Shift>) {
    let (total, _) = area.dim_in_pixel();
    area.split_horizontally(total - width * SCALE)
}

/// Draws a legend box (see [`legend`]) in a plain area, at the same height
/// as the top of a chart beside it.
pub(crate) fn legend_column<DB>(
    area: &DrawingArea<DB, Shift>,
    entries: &[(&str, LineStyle)],
) -> Result<()>
where
    DB: DrawingBackend,
    DB::ErrorType: 'static,
{
    legend_box(
        area,
        entries,
        SeriesLabelPosition::Coordinate(0, px(MARGIN_TOP)),
    )
}

fn legend_box<DB>(
    area: &DrawingArea<DB, Shift>,
    entries: &[(&str, LineStyle)],
    position: SeriesLabelPosition,
) -> Result<()>
where
    DB: DrawingBackend,
    DB::ErrorType: 'static,
{
    if entries.is_empty() {
        return Ok(());
    }
    let (width, height) = area.dim_in_pixel();
    let (width, height) = (width as i32, height as i32);
    const PAD: i32 = px(8);
    const ROW: i32 = px(21);
    const SAMPLE: i32 = px(30);
    const GAP: i32 = px(8);
    let text_width = entries
        .iter()
        .map(|(label, _)| px(text_width(label, LEGEND_FONT)))
        .max()
        .unwrap_or(0);
    let (w, h) = (
        PAD + SAMPLE + GAP + text_width + PAD,
        2 * PAD + ROW * entries.len() as i32 - px(4),
    );
    let inset = px(10);
    let x = match position {
        SeriesLabelPosition::UpperLeft
        | SeriesLabelPosition::MiddleLeft
        | SeriesLabelPosition::LowerLeft => inset,
        SeriesLabelPosition::UpperMiddle
        | SeriesLabelPosition::MiddleMiddle
        | SeriesLabelPosition::LowerMiddle => (width - w) / 2,
        SeriesLabelPosition::Coordinate(x, _) => x,
        _ => width - w - inset,
    };
    let y = match position {
        SeriesLabelPosition::UpperLeft
        | SeriesLabelPosition::UpperMiddle
        | SeriesLabelPosition::UpperRight => inset,
        SeriesLabelPosition::MiddleLeft
        | SeriesLabelPosition::MiddleMiddle
        | SeriesLabelPosition::MiddleRight => (height - h) / 2,
        SeriesLabelPosition::Coordinate(_, y) => y,
        _ => height - h - inset,
    };
    area.draw(&Rectangle::new(
        [(x, y), (x + w, y + h)],
        WHITE.mix(0.92).filled(),
    ))?;
    area.draw(&Rectangle::new(
        [(x, y), (x + w, y + h)],
        BLACK.mix(0.35).stroke_width(SCALE),
    ))?;
    for (row, (label, style)) in entries.iter().enumerate() {
        let cy = y + PAD + ROW * row as i32 + ROW / 2 - px(2);
        let x0 = x + PAD;
        match style.dash {
            Dash::Solid => area.draw(&PathElement::new(
                vec![(x0, cy), (x0 + SAMPLE, cy)],
                style.shape(),
            ))?,
            Dash::Pattern { on, off } => area.draw(&DashedPathElement::new(
                vec![(x0, cy), (x0 + SAMPLE, cy)],
                px(on),
                px(off),
                style.shape(),
            ))?,
            Dash::None => {}
        }
        let centre = (x0 + SAMPLE / 2, cy);
        let (fill, stroke) = (style.color.filled(), style.color.stroke_width(2 * SCALE));
        match style.marker {
            Marker::None => {}
            Marker::Circle => area.draw(&Circle::new(centre, px(4), fill))?,
            Marker::Ring => area.draw(&Circle::new(centre, px(4), stroke))?,
            Marker::Triangle => area.draw(&TriangleMarker::new(centre, px(5), fill))?,
            Marker::Cross => area.draw(&Cross::new(centre, px(4), stroke))?,
            Marker::Square => draw_square(area, centre, style.color)?,
        }
        let font = (FONT, LEGEND_FONT * f64::from(SCALE))
            .into_font()
            .color(&BLACK)
            .pos(Pos::new(HPos::Left, VPos::Center));
        area.draw(&Text::new(label.to_string(), (x0 + SAMPLE + GAP, cy), font))?;
    }
    Ok(())
}

const LEGEND_FONT: f64 = 16.0;

/// A filled square of side 8 on a white one of side 12, centred at pixel
/// `centre` of `area`: the rim keeps it apart from the lines beneath.
fn draw_square<DB>(area: &DrawingArea<DB, Shift>, (x, y): (i32, i32), color: RGBColor) -> Result<()>
where
    DB: DrawingBackend,
    DB::ErrorType: 'static,
{
    for (half, fill) in [(px(6), WHITE), (px(4), color)] {
        area.draw(&Rectangle::new(
            [(x - half, y - half), (x + half, y + half)],
            fill.filled(),
        ))?;
    }
    Ok(())
}

/// A generous estimate of the width in pixels of `text` in a sans-serif
/// font of plotters size `size` (plotters writes `font-size = size/1.24`),
/// from DejaVu Sans's advance widths, which are wider than Arial's or
/// Helvetica's: a legend box sized for it fits any of them.
fn text_width(text: &str, size: f64) -> i32 {
    let em = size / 1.24;
    let ems: f64 = text
        .chars()
        .map(|c| match c {
            ' ' | '.' | ',' | ':' | ';' | '|' | 'i' | 'l' | 'j' | '\'' => 0.32,
            '(' | ')' | '[' | ']' | 't' | 'f' | 'r' | 'I' => 0.42,
            'm' | 'w' | 'M' | 'W' | '—' => 0.98,
            _ => 0.64,
        })
        .sum();
    (ems * em).ceil() as i32
}

/// Draws every curve with its index's style, then the legend.
pub(crate) fn draw_all<'a, DB, CT>(
    chart: &mut ChartContext<'a, DB, CT>,
    curves: &[Curve],
    position: SeriesLabelPosition,
) -> Result<()>
where
    DB: DrawingBackend + 'a,
    DB::ErrorType: 'static,
    CT: CoordTranslate<From = (f64, f64)>,
    ChartContext<'a, DB, CT>: Bounds,
{
    draw_curves(chart, curves)?;
    legend(chart, &entries(curves), position)
}

/// Draws every curve with its index's style, without a legend.
pub(crate) fn draw_curves<'a, DB, CT>(
    chart: &mut ChartContext<'a, DB, CT>,
    curves: &[Curve],
) -> Result<()>
where
    DB: DrawingBackend + 'a,
    DB::ErrorType: 'static,
    CT: CoordTranslate<From = (f64, f64)>,
    ChartContext<'a, DB, CT>: Bounds,
{
    for (i, curve) in curves.iter().enumerate() {
        draw_curve(chart, curve, style(i))?;
    }
    Ok(())
}

/// The legend entries of `curves` drawn with [`style`]`(i)`.
pub(crate) fn entries(curves: &[Curve]) -> Vec<(&str, LineStyle)> {
    curves
        .iter()
        .enumerate()
        .map(|(i, curve)| (curve.label.as_str(), style(i)))
        .collect()
}

/// The colour of annotations that belong to reference lines.
pub(crate) const REFERENCE_TEXT: RGBColor = RGBColor(90, 90, 90);

/// Writes `text` at data point `at` (left-aligned, in the series' colour).
pub(crate) fn annotate<DB, CT>(
    chart: &mut ChartContext<'_, DB, CT>,
    text: &str,
    at: (f64, f64),
    color: RGBColor,
) -> Result<()>
where
    DB: DrawingBackend,
    DB::ErrorType: 'static,
    CT: CoordTranslate<From = (f64, f64)>,
{
    chart.draw_series(std::iter::once(Text::new(
        text.to_string(),
        at,
        (FONT, font_px(15)).into_font().color(&color),
    )))?;
    Ok(())
}

/// The level set `f(x, y) = level` on the box `x × y`, by marching squares
/// on a grid of `nx × ny` cells, joined into polylines.
///
/// Each grid edge whose end values straddle the level holds one crossing
/// point, found by linear interpolation; each cell joins its crossings in
/// pairs (a saddle cell is resolved by the value at its centre). A crossing
/// is shared by the two cells either side of its edge, which is how the
/// pieces are chained. Maps are ordered, so the output is deterministic.
pub(crate) fn contour(
    f: &dyn Fn(f64, f64) -> f64,
    (x0, x1): (f64, f64),
    (y0, y1): (f64, f64),
    (nx, ny): (usize, usize),
    level: f64,
) -> Vec<Curve> {
    use std::collections::BTreeMap;

    /// A grid edge: horizontal from node (i, j) to (i + 1, j), or vertical
    /// from (i, j) to (i, j + 1).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
    enum Edge {
        Horizontal(usize, usize),
        Vertical(usize, usize),
    }

    let xs = linspace(x0, x1, nx + 1);
    let ys = linspace(y0, y1, ny + 1);
    let values: Vec<Vec<f64>> = xs
        .iter()
        .map(|&x| ys.iter().map(|&y| f(x, y)).collect())
        .collect();
    let above = |i: usize, j: usize| values[i][j] > level;
    let crossing = |edge: Edge| -> (f64, f64) {
        let ((i, j), (k, l)) = match edge {
            Edge::Horizontal(i, j) => ((i, j), (i + 1, j)),
            Edge::Vertical(i, j) => ((i, j), (i, j + 1)),
        };
        let (a, b) = (values[i][j], values[k][l]);
        let t = (level - a) / (b - a);
        (xs[i] + t * (xs[k] - xs[i]), ys[j] + t * (ys[l] - ys[j]))
    };

    let mut segments: Vec<(Edge, Edge)> = Vec::new();
    for i in 0..nx {
        for j in 0..ny {
            let bottom = Edge::Horizontal(i, j);
            let top = Edge::Horizontal(i, j + 1);
            let left = Edge::Vertical(i, j);
            let right = Edge::Vertical(i + 1, j);
            let (bl, br, tr, tl) = (
                above(i, j),
                above(i + 1, j),
                above(i + 1, j + 1),
                above(i, j + 1),
            );
            let crossed: Vec<Edge> = [
                (bottom, bl != br),
                (right, br != tr),
                (top, tr != tl),
                (left, tl != bl),
            ]
            .into_iter()
            .filter_map(|(edge, crosses)| crosses.then_some(edge))
            .collect();
            match crossed.len() {
                2 => segments.push((crossed[0], crossed[1])),
                4 => {
                    let centre =
                        (values[i][j] + values[i + 1][j] + values[i + 1][j + 1] + values[i][j + 1])
                            / 4.0;
                    // Cut off the two corners that are on the other side of
                    // the level from the centre.
                    if (centre > level) == bl {
                        segments.push((bottom, right));
                        segments.push((top, left));
                    } else {
                        segments.push((left, bottom));
                        segments.push((right, top));
                    }
                }
                _ => {}
            }
        }
    }

    let mut by_edge: BTreeMap<Edge, Vec<usize>> = BTreeMap::new();
    for (index, &(a, b)) in segments.iter().enumerate() {
        by_edge.entry(a).or_default().push(index);
        by_edge.entry(b).or_default().push(index);
    }
    let mut used = vec![false; segments.len()];
    // From `edge`, follow unused segments until the chain ends or closes.
    let walk = |mut edge: Edge, used: &mut Vec<bool>| -> Vec<Edge> {
        let mut chain = Vec::new();
        while let Some(&next) = by_edge[&edge].iter().find(|&&s| !used[s]) {
            used[next] = true;
            let (a, b) = segments[next];
            edge = if a == edge { b } else { a };
            chain.push(edge);
        }
        chain
    };
    let mut curves = Vec::new();
    for index in 0..segments.len() {
        if used[index] {
            continue;
        }
        used[index] = true;
        let (a, b) = segments[index];
        let forward = walk(b, &mut used);
        let backward = walk(a, &mut used);
        let edges: Vec<Edge> = backward
            .into_iter()
            .rev()
            .chain([a, b])
            .chain(forward)
            .collect();
        curves.push(Curve::new("", edges.into_iter().map(crossing).collect()));
    }
    curves
}
