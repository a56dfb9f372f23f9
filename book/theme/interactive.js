// lossbook's interactive figures.
//
// Every number drawn here was computed by the Rust library: `cargo run --bin
// figures` writes, for each figure, a grid with the curves at every
// combination of slider positions (figures/<name>.js, see
// src/figures/interactive.rs). This script only picks the precomputed curves
// for the sliders' positions and draws them as SVG; it computes no loss, no
// update, no rate. The static SVG figure above each interactive one stays in
// the page for print and for readers without scripts.
//
// A chapter places a figure with
//   <div class="lossbook-interactive" data-figure="NAME" data-src="figures/NAME.js"></div>
// and this script loads the data file with a <script> element (browsers do not
// let a file:// page fetch() another file).
(function () {
  'use strict';

  const NS = 'http://www.w3.org/2000/svg';
  const WIDTH = 320;
  const HEIGHT = 240;
  const MARGIN = { left: 52, right: 12, top: 24, bottom: 40 };

  function el(name, attrs, parent) {
    const node = name.startsWith('svg:')
      ? document.createElementNS(NS, name.slice(4))
      : document.createElement(name);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
    if (parent) parent.appendChild(node);
    return node;
  }

  // How a number from the data is shown: exactly as stored (the data are
  // already rounded to 6 significant digits), or a dash where it is null.
  function shown(value) {
    return value === null || value === undefined ? '—' : String(value);
  }

  // The value of `key` for the sliders' positions `pos` ({id: index}).
  function lookup(data, key, pos) {
    for (const table of data.tables) {
      if (table.rows.length === 0 || !(key in table.rows[0])) continue;
      let index = 0;
      for (const id of table.by) {
        const control = data.controls.find((c) => c.id === id);
        index = index * control.values.length + pos[id];
      }
      return table.rows[index][key];
    }
    return undefined;
  }

  // A series' points [[x...], [y...]] for the sliders' positions.
  function points(data, series, pos) {
    const value = series.fixed ? data.fixed[series.key] : lookup(data, series.key, pos);
    if (value === undefined) return [[], []];
    return series.x ? [data.axes[series.x], value] : value;
  }

  // Tick positions on a linear axis: multiples of 1, 2 or 5 × 10^k.
  function linearTicks(lo, hi) {
    const raw = (hi - lo) / 5;
    const power = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw);
    const ticks = [];
    for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + 1e-9 * step; k++) {
      ticks.push(Number((k * step).toPrecision(6)));
    }
    return ticks;
  }

  function drawPanel(svg, panel, data, pos, clipId) {
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    const [x0, x1] = panel.x;
    const [y0, y1] = panel.log_y ? panel.y.map(Math.log10) : panel.y;
    const plotW = WIDTH - MARGIN.left - MARGIN.right;
    const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
    const sx = (x) => MARGIN.left + ((x - x0) / (x1 - x0)) * plotW;
    const sy = (y) => {
      const v = panel.log_y ? (y > 0 ? Math.log10(y) : NaN) : y;
      return MARGIN.top + (1 - (v - y0) / (y1 - y0)) * plotH;
    };
    const defs = el('svg:defs', {}, svg);
    const clip = el('svg:clipPath', { id: clipId }, defs);
    el('svg:rect', { x: MARGIN.left, y: MARGIN.top, width: plotW, height: plotH }, clip);
    el('svg:rect', {
      x: MARGIN.left, y: MARGIN.top, width: plotW, height: plotH,
      fill: 'none', stroke: '#888', 'stroke-width': 1,
    }, svg);
    const text = (content, attrs) => {
      const t = el('svg:text', { 'font-size': 11, fill: 'currentColor', ...attrs }, svg);
      t.textContent = content;
      return t;
    };
    for (const t of linearTicks(x0, x1)) {
      el('svg:line', { x1: sx(t), x2: sx(t), y1: MARGIN.top + plotH, y2: MARGIN.top + plotH + 4, stroke: '#888' }, svg);
      text(String(t), { x: sx(t), y: MARGIN.top + plotH + 15, 'text-anchor': 'middle' });
    }
    const yTicks = panel.log_y
      ? linearTicks(y0, y1).filter((t) => Number.isInteger(t)).map((t) => Math.pow(10, t))
      : linearTicks(y0, y1);
    for (const t of yTicks) {
      const y = sy(t);
      el('svg:line', { x1: MARGIN.left - 4, x2: MARGIN.left, y1: y, y2: y, stroke: '#888' }, svg);
      const label = panel.log_y ? `1e${Math.round(Math.log10(t))}` : String(t);
      text(label, { x: MARGIN.left - 6, y: y + 4, 'text-anchor': 'end' });
    }
    text(panel.title, { x: MARGIN.left + plotW / 2, y: 15, 'text-anchor': 'middle', 'font-size': 12 });
    text(panel.x_label, { x: MARGIN.left + plotW / 2, y: HEIGHT - 6, 'text-anchor': 'middle' });
    text(panel.y_label, {
      x: 12, y: MARGIN.top + plotH / 2, 'text-anchor': 'middle',
      transform: `rotate(-90 12 ${MARGIN.top + plotH / 2})`,
    });
    const plot = el('svg:g', { 'clip-path': `url(#${clipId})` }, svg);
    for (const series of panel.series) {
      const [xs, ys] = points(data, series, pos);
      const cls = series.fixed ? 'li-fixed' : 'li-live';
      if (series.draw === 'dots') {
        xs.forEach((x, i) => {
          if (ys[i] === null) return;
          el('svg:circle', {
            class: cls, cx: sx(x).toFixed(2), cy: sy(ys[i]).toFixed(2), r: 4,
            fill: series.color, stroke: '#fff', 'stroke-width': 1,
          }, plot);
        });
        continue;
      }
      // A null (or a non-positive value on a log axis) breaks the line.
      let run = [];
      const flush = () => {
        if (run.length > 1) {
          el('svg:polyline', {
            class: cls, points: run.join(' '), fill: 'none', stroke: series.color,
            'stroke-width': series.fixed ? 1.2 : 2,
            'stroke-dasharray': series.draw === 'dashed' ? '4 3' : 'none',
          }, plot);
        }
        run = [];
      };
      xs.forEach((x, i) => {
        const y = ys[i] === null ? NaN : sy(ys[i]);
        if (Number.isFinite(y)) run.push(`${sx(x).toFixed(2)},${y.toFixed(2)}`);
        else flush();
      });
      flush();
    }
  }

  function legend(panel, parent) {
    const list = el('ul', { class: 'li-legend' }, parent);
    for (const series of panel.series) {
      if (!series.label) continue;
      const item = el('li', {}, list);
      el('span', {
        class: `li-swatch li-swatch-${series.draw}`,
        style: `border-color: ${series.color}; background: ${series.draw === 'dots' ? series.color : 'transparent'}`,
      }, item);
      item.appendChild(document.createTextNode(series.label));
    }
  }

  function build(root, data) {
    const name = root.dataset.figure;
    root.classList.add('li-ready');
    const title = el('p', { class: 'li-title' }, root);
    title.textContent = data.title;
    const pos = {};
    const controls = el('div', { class: 'li-controls' }, root);
    const redrawers = [];
    const redraw = () => redrawers.forEach((f) => f());
    for (const control of data.controls) {
      pos[control.id] = control.initial;
      const id = `li-${name}-${control.id}`;
      const row = el('div', { class: 'li-control' }, controls);
      const label = el('label', { for: id }, row);
      label.textContent = control.label;
      const n = control.values.length;
      const input = el('input', {
        type: 'range', id, min: 0, max: n - 1, step: 1, value: control.initial,
        'data-control': control.id,
      }, row);
      const output = el('output', { for: id, class: 'li-value', 'data-control': control.id }, row);
      const text = (i) => (control.names ? control.names[i] : shown(control.values[i]));
      const update = () => {
        const i = Number(input.value);
        pos[control.id] = i;
        output.textContent = text(i);
        input.setAttribute('aria-valuetext', `${control.label} = ${text(i)}`);
      };
      update();
      input.addEventListener('input', () => {
        update();
        redraw();
      });
    }
    const panels = el('div', { class: 'li-panels' }, root);
    data.panels.forEach((panel, k) => {
      const cell = el('div', { class: 'li-panel' }, panels);
      const svg = el('svg:svg', {
        viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': panel.title,
        'data-panel': k,
      }, cell);
      legend(panel, cell);
      const clipId = `li-clip-${name}-${k}`;
      redrawers.push(() => drawPanel(svg, panel, data, pos, clipId));
    });
    const outputs = el('p', { class: 'li-outputs' }, root);
    for (const output of data.outputs) {
      const item = el('span', { class: 'li-output' }, outputs);
      item.appendChild(document.createTextNode(`${output.label}: `));
      const value = el('output', { 'data-key': output.key }, item);
      redrawers.push(() => {
        value.textContent = shown(lookup(data, output.key, pos));
      });
    }
    redraw();
  }

  function start(root) {
    const name = root.dataset.figure;
    const figures = () => window.lossbookFigures || {};
    if (figures()[name]) {
      build(root, figures()[name]);
      return;
    }
    const script = document.createElement('script');
    script.src = root.dataset.src;
    script.addEventListener('load', () => {
      if (figures()[name]) build(root, figures()[name]);
      else root.appendChild(document.createTextNode(`(no data for ${name} in ${root.dataset.src})`));
    });
    script.addEventListener('error', () => {
      root.appendChild(document.createTextNode(`(could not load ${root.dataset.src})`));
    });
    document.head.appendChild(script);
  }

  function startAll() {
    document.querySelectorAll('.lossbook-interactive[data-figure][data-src]').forEach(start);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', startAll);
  else startAll();
})();
