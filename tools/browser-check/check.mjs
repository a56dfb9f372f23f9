#!/usr/bin/env node
// Loads every page of the built book from file:// in headless Chromium
// (Debian's /usr/bin/chromium, driven by playwright-core: no browser download)
// and checks, per page:
//   * no failed request, and no request to anything but file:, data:, blob:
//     (http(s) requests are aborted and reported);
//   * every <img> loads with a non-zero natural size, and every image element
//     (<img>, <object>, outermost inline <svg>) in the content is rendered
//     with a non-zero bounding box;
//   * no raw LaTeX (`\(`, `\[`, `$$`) and no `{{#` in the visible text
//     (document.body.innerText with <code>/<pre> hidden);
//   * every <math> element is rendered with a non-zero size, and the math
//     font did not fail to load;
//   * no console error and no uncaught exception;
//   * on index.html: the search finds "Huber";
//   * on every interactive figure (.lossbook-interactive): it is drawn; moving
//     each slider by one step with the keyboard changes the drawn curves, the
//     slider's shown value is the data file's value, and every number shown
//     (<output data-key>) equals the one in the data file (figures/*.js, read
//     from disk here) for the sliders' positions;
// and saves a full-page screenshot of every chapter page.
//
// Usage: node tools/browser-check/check.mjs <book-build-dir> [screenshot-dir]
// Prints one line per page and a last line `N passed, M failed`; exits 1 if
// any page failed, 2 on a usage or setup error.

import { chromium } from 'playwright-core';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
// Pages that are not chapters: no screenshot. print.html is still checked
// (it holds every chapter, so it is the best place to find raw LaTeX).
const NOT_CHAPTERS = new Set(['print.html', '404.html', 'toc.html']);
const SKIPPED = new Set(['404.html', 'toc.html']);
const SEARCH_PAGE = 'index.html';
const SEARCH_TERM = 'Huber';
const NAV_TIMEOUT_MS = 30_000;
const IMAGE_TIMEOUT_MS = 10_000;
const SEARCH_TIMEOUT_MS = 10_000;
const VIEWPORT = { width: 1280, height: 900 };
const MAX_VIEWPORT_HEIGHT = 16_000;
const ALLOWED_SCHEMES = ['file:', 'data:', 'blob:'];

function usage(msg) {
  if (msg) console.error(`error: ${msg}`);
  console.error('usage: node tools/browser-check/check.mjs <book-build-dir> [screenshot-dir]');
  process.exit(2);
}

function listPages(root) {
  const pages = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && entry.name.endsWith('.html')) {
        const rel = path.relative(root, full).split(path.sep).join('/');
        if (!SKIPPED.has(rel)) pages.push(rel);
      }
    }
  };
  walk(root);
  return pages.sort();
}

function allowedUrl(url) {
  return ALLOWED_SCHEMES.some((s) => url.startsWith(s));
}

function shortUrl(url, root) {
  if (url.startsWith('data:')) return url.slice(0, 40) + '…';
  const rootUrl = pathToFileURL(root).href + '/';
  return url.startsWith(rootUrl) ? url.slice(rootUrl.length) : url;
}

// Runs inside the page. Makes lazy images load and waits (bounded) for every
// image and for the fonts.
async function settlePage(timeoutMs) {
  const deadline = new Promise((r) => setTimeout(r, timeoutMs));
  const imgs = Array.from(document.images);
  for (const img of imgs) if (img.loading === 'lazy') img.loading = 'eager';
  const waits = imgs.map((img) =>
    img.complete
      ? Promise.resolve()
      : new Promise((r) => {
          img.addEventListener('load', r, { once: true });
          img.addEventListener('error', r, { once: true });
        }),
  );
  await Promise.race([Promise.all(waits), deadline]);
  await Promise.race([document.fonts.ready, deadline]);
  // Interactive figures are drawn once their data script has loaded.
  const drawn = new Promise((r) => {
    const poll = () => {
      const pending = document.querySelectorAll('.lossbook-interactive:not(.li-ready)');
      if (pending.length === 0) r();
      else setTimeout(poll, 50);
    };
    poll();
  });
  await Promise.race([drawn, deadline]);
  // Two frames so that layout reflects the loaded images and fonts.
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
}

// Runs inside the page: images, formulas, math font.
function inspectPage() {
  const problems = [];
  const content = document.querySelector('main') || document.body;
  const describe = (el) => {
    const src = el.getAttribute('src') || el.getAttribute('data') || el.id || '';
    return `<${el.localName}${src ? ' ' + src.slice(0, 80) : ''}>`;
  };
  // Elements inside a closed <details> are legitimately not rendered.
  const folded = (el) => el.closest('details:not([open])') !== null;
  const hasBox = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };

  const imgs = Array.from(document.images);
  for (const img of imgs) {
    if (!img.complete) problems.push(`image still loading: ${describe(img)}`);
    else if (img.naturalWidth === 0 || img.naturalHeight === 0)
      problems.push(`image not decoded (natural size ${img.naturalWidth}x${img.naturalHeight}): ${describe(img)}`);
  }
  const objects = Array.from(content.querySelectorAll('object'));
  const svgs = Array.from(content.querySelectorAll('svg')).filter(
    (s) => !s.parentElement.closest('svg'),
  );
  const contentImgs = imgs.filter((i) => content.contains(i));
  // mdBook 0.5's click-to-zoom shows each figure twice, one copy hidden by CSS
  // until clicked: a copy hidden on purpose is not a rendering failure, but
  // every figure must have at least one copy on screen.
  const hiddenOnPurpose = (el) => !el.checkVisibility({ checkVisibilityCSS: true }) && !folded(el);
  const shown = new Set();
  for (const el of [...contentImgs, ...objects, ...svgs]) {
    if (folded(el) || hiddenOnPurpose(el)) continue;
    if (hasBox(el)) {
      shown.add(describe(el));
    } else {
      const r = el.getBoundingClientRect();
      problems.push(`image rendered ${r.width}x${r.height}: ${describe(el)}`);
    }
  }
  for (const el of contentImgs) {
    if (!folded(el) && !shown.has(describe(el))) {
      problems.push(`image never shown: ${describe(el)}`);
    }
  }

  const maths = Array.from(document.querySelectorAll('math'));
  let zeroMath = 0;
  let firstZero = '';
  for (const m of maths) {
    if (folded(m)) continue;
    if (!hasBox(m)) {
      zeroMath += 1;
      if (!firstZero) firstZero = (m.textContent || '').trim().slice(0, 40);
    }
  }
  if (zeroMath > 0)
    problems.push(`${zeroMath} of ${maths.length} <math> rendered with zero size (first: "${firstZero}")`);

  for (const face of document.fonts) {
    if (face.status === 'error')
      problems.push(`font failed to load: ${face.family.replace(/"/g, '')}`);
  }

  // Not failures, but worth a look: content that does not fit the text
  // column and can only be seen by scrolling sideways (cut off in print).
  const notes = [];
  const overflows = (el) => el.scrollWidth > el.clientWidth + 1;
  const tables = Array.from(content.querySelectorAll('table'));
  const wideTables = tables.filter((t) => overflows(t.parentElement) || overflows(t));
  if (wideTables.length > 0)
    notes.push(`${wideTables.length} of ${tables.length} tables wider than the text column`);
  const displays = Array.from(content.querySelectorAll('.math-display'));
  const wideMath = displays.filter(overflows);
  if (wideMath.length > 0)
    notes.push(`${wideMath.length} display formulas wider than the text column`);

  return {
    problems,
    notes,
    formulas: maths.length,
    images: imgs.length + objects.length + svgs.filter((s) => content.contains(s)).length,
  };
}

// Runs inside the page: visible text without code, searched for leftovers.
function findRawLatex() {
  const style = document.createElement('style');
  style.textContent = 'code, pre { display: none !important; }';
  document.head.appendChild(style);
  const text = document.body.innerText;
  style.remove();
  const found = [];
  for (const token of ['\\(', '\\[', '$$', '{{#']) {
    const i = text.indexOf(token);
    if (i >= 0) {
      const ctx = text.slice(Math.max(0, i - 20), i + 30).replace(/\s+/g, ' ');
      found.push(`raw ${token} in visible text: "…${ctx}…"`);
    }
  }
  return found;
}

// The JSON of an interactive figure's data file: its third line, written by
// src/figures/interactive.rs (`render`), without the closing `;`.
function readFigureData(file) {
  const line = readFileSync(file, 'utf8').split('\n')[2];
  return JSON.parse(line.replace(/;$/, ''));
}

// The value of `key` in `data` for slider positions `pos` ({id: index}):
// an independent copy of the page script's lookup, to check what it shows.
function expectedValue(data, key, pos) {
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

// Runs inside the page: the drawn live geometry of one figure, and what it shows.
function figureState(root) {
  const shapes = Array.from(root.querySelectorAll('.li-live')).map((e) =>
    e.localName === 'circle' ? `${e.getAttribute('cx')},${e.getAttribute('cy')}` : e.getAttribute('points'),
  );
  const sliders = Array.from(root.querySelectorAll('input[type=range]')).map((i) => ({
    id: i.dataset.control,
    value: Number(i.value),
    shown: root.querySelector(`output[data-control="${i.dataset.control}"]`)?.textContent ?? null,
    label: i.labels && i.labels.length > 0 ? i.labels[0].textContent : '',
  }));
  const outputs = Array.from(root.querySelectorAll('output[data-key]')).map((o) => ({
    key: o.dataset.key,
    text: o.textContent,
  }));
  return { geometry: shapes.join('|'), sliders, outputs };
}

// Every slider of every interactive figure on the page: moved one step by
// the keyboard; the drawing must change and every shown number must equal
// the data file's.
async function checkInteractive(page, root, rel) {
  const problems = [];
  const figures = page.locator('.lossbook-interactive');
  const count = await figures.count();
  let moved = 0;
  let compared = 0;
  for (let f = 0; f < count; f++) {
    const figure = figures.nth(f);
    const name = await figure.getAttribute('data-figure');
    const src = await figure.getAttribute('data-src');
    const where = `interactive ${name}`;
    if (!(await figure.evaluate((e) => e.classList.contains('li-ready')))) {
      problems.push(`${where}: not drawn`);
      continue;
    }
    let data;
    try {
      data = readFigureData(path.join(root, path.dirname(rel), src));
    } catch (err) {
      problems.push(`${where}: cannot read ${src}: ${err.message}`);
      continue;
    }
    const compare = (state, context) => {
      const pos = Object.fromEntries(state.sliders.map((s) => [s.id, s.value]));
      for (const s of state.sliders) {
        const control = data.controls.find((c) => c.id === s.id);
        if (!control) {
          problems.push(`${where}: slider ${s.id} is not in ${src}`);
          continue;
        }
        const expected = control.names ? control.names[s.value] : String(control.values[s.value]);
        if (s.shown !== expected) problems.push(`${where}${context}: slider ${s.id} shows ${s.shown}, data ${expected}`);
        if (!s.label) problems.push(`${where}: slider ${s.id} has no <label>`);
      }
      for (const o of state.outputs) {
        const value = expectedValue(data, o.key, pos);
        const ok = value === null ? o.text === '—' : Number(o.text) === value;
        if (!ok) problems.push(`${where}${context}: ${o.key} shows ${o.text}, data ${value}`);
        compared += 1;
      }
    };
    let state = await figure.evaluate(figureState);
    if (state.sliders.length !== data.controls.length)
      problems.push(`${where}: ${state.sliders.length} sliders for ${data.controls.length} controls`);
    if (state.outputs.length !== data.outputs.length)
      problems.push(`${where}: ${state.outputs.length} outputs for ${data.outputs.length} in the data`);
    if (!state.geometry) problems.push(`${where}: nothing drawn`);
    compare(state, '');
    for (const slider of state.sliders) {
      const input = figure.locator(`input[data-control="${slider.id}"]`);
      const max = Number(await input.getAttribute('max'));
      const key = slider.value < max ? 'ArrowRight' : 'ArrowLeft';
      await input.focus();
      await input.press(key);
      const after = await figure.evaluate(figureState);
      const now = after.sliders.find((s) => s.id === slider.id);
      if (now.value === slider.value) problems.push(`${where}: ${key} did not move slider ${slider.id}`);
      else if (after.geometry === state.geometry)
        problems.push(`${where}: moving ${slider.id} to ${now.value} did not change the drawing`);
      compare(after, ` (${slider.id} at ${now.value})`);
      moved += 1;
      state = after;
    }
  }
  return { problems, msg: count > 0 ? `  interactive: ${count} figures, ${moved} sliders moved, ${compared} values = data` : '' };
}

async function checkSearch(page) {
  const pick = async (selectors) => {
    for (const s of selectors) if ((await page.locator(s).count()) > 0) return s;
    return null;
  };
  const barSel = await pick(['#mdbook-searchbar', '#searchbar']);
  const resultsSel = await pick(['#mdbook-searchresults', '#searchresults']);
  const toggleSel = await pick(['#mdbook-search-toggle', '#search-toggle']);
  if (!barSel || !resultsSel || !toggleSel)
    return { ok: false, msg: 'search: no search bar/results/toggle in the page (is search enabled?)' };

  const bar = page.locator(barSel);
  // mdBook opens the search on `s` (or `/`); fall back to the toolbar icon.
  await page.evaluate(() => document.activeElement?.blur?.());
  await page.keyboard.press('s');
  let how = 'key s';
  try {
    await bar.waitFor({ state: 'visible', timeout: 2000 });
  } catch {
    how = `${toggleSel} click`;
    await page.locator(toggleSel).click();
    try {
      await bar.waitFor({ state: 'visible', timeout: 2000 });
    } catch {
      return { ok: false, msg: 'search: the search bar did not open (key `s` nor toolbar icon)' };
    }
  }
  await bar.fill('');
  await bar.pressSequentially(SEARCH_TERM, { delay: 20 });
  const items = page.locator(`${resultsSel} li`);
  try {
    await items.first().waitFor({ state: 'visible', timeout: SEARCH_TIMEOUT_MS });
  } catch {
    return { ok: false, msg: `search: no results for "${SEARCH_TERM}"` };
  }
  const texts = await items.allInnerTexts();
  const hits = texts.filter((t) => t.toLowerCase().includes(SEARCH_TERM.toLowerCase()));
  if (hits.length === 0)
    return { ok: false, msg: `search: ${texts.length} results for "${SEARCH_TERM}", none mentions it` };
  return { ok: true, msg: `search "${SEARCH_TERM}" (opened by ${how}): ${texts.length} results` };
}

// A full-page screenshot taken by growing the viewport to the page's height
// rather than with `fullPage: true`: Chromium's beyond-viewport capture
// leaves off-screen <object>/<iframe> content blank, and this way the fixed
// sidebar runs the whole height. Very tall pages fall back to `fullPage`.
async function screenshotFullPage(page, file) {
  const original = page.viewportSize();
  const pageHeight = () => page.evaluate(() => document.documentElement.scrollHeight);
  let height = await pageHeight();
  if (height > MAX_VIEWPORT_HEIGHT) {
    await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
    return;
  }
  for (let i = 0; i < 3 && height !== page.viewportSize().height; i++) {
    await page.setViewportSize({ width: original.width, height: Math.max(height, original.height) });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    height = Math.min(await pageHeight(), MAX_VIEWPORT_HEIGHT);
  }
  await page.screenshot({ path: file, animations: 'disabled' });
  await page.setViewportSize(original);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

async function checkPage(context, root, rel, shotDir) {
  const problems = [];
  const page = await context.newPage();
  page.setDefaultTimeout(NAV_TIMEOUT_MS);
  const failedUrls = new Set();

  page.on('request', (req) => {
    if (!allowedUrl(req.url())) {
      failedUrls.add(req.url());
      problems.push(`request to ${req.url()}`);
    }
  });
  page.on('requestfailed', (req) => {
    if (!allowedUrl(req.url())) return; // already reported as a request
    const key = req.url();
    if (failedUrls.has(key)) return;
    failedUrls.add(key);
    problems.push(`failed request ${shortUrl(key, root)} (${req.failure()?.errorText ?? '?'})`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()} for ${shortUrl(res.url(), root)}`);
  });
  page.on('websocket', (ws) => problems.push(`websocket to ${ws.url()}`));
  // Chromium also logs every failed load as a console error; those are
  // dropped at the end if the request itself was already reported.
  const resourceErrors = [];
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const loc = msg.location();
    const text = `console error: ${msg.text().slice(0, 200)}`;
    if (msg.text().startsWith('Failed to load resource') && loc?.url) {
      resourceErrors.push({ url: loc.url, text: `${text} (${shortUrl(loc.url, root)})` });
    } else {
      const where = loc?.url ? ` (${shortUrl(loc.url, root)}:${loc.lineNumber})` : '';
      problems.push(`${text}${where}`);
    }
  });
  page.on('pageerror', (err) => problems.push(`uncaught exception: ${String(err.message || err).slice(0, 200)}`));

  const url = pathToFileURL(path.join(root, rel)).href;
  let formulas = 0;
  let images = 0;
  let extra = '';
  const notes = [];
  try {
    await page.goto(url, { waitUntil: 'load', timeout: NAV_TIMEOUT_MS });
    await page.evaluate(settlePage, IMAGE_TIMEOUT_MS);
    const info = await page.evaluate(inspectPage);
    problems.push(...info.problems);
    notes.push(...info.notes);
    formulas = info.formulas;
    images = info.images;

    if (!NOT_CHAPTERS.has(rel)) {
      const shot = path.join(shotDir, rel.replace(/\.html$/, '.png'));
      mkdirSync(path.dirname(shot), { recursive: true });
      await screenshotFullPage(page, shot);
    }

    problems.push(...(await page.evaluate(findRawLatex)));

    const interactive = await checkInteractive(page, root, rel);
    problems.push(...interactive.problems);
    extra += interactive.msg;

    if (rel === SEARCH_PAGE) {
      const search = await checkSearch(page);
      extra = `  ${search.msg}`;
      if (!search.ok) problems.push(search.msg);
    }
  } catch (err) {
    problems.push(`error: ${String(err.message || err).split('\n')[0]}`);
  }
  await page.close().catch(() => {});
  for (const e of resourceErrors) if (!failedUrls.has(e.url)) problems.push(e.text);
  if (notes.length > 0) extra += `  (note: ${notes.join('; ')})`;
  return { rel, formulas, images, problems, extra };
}

async function main() {
  const [buildArg, shotArg] = process.argv.slice(2);
  if (!buildArg || process.argv.length > 4) usage();
  const root = path.resolve(buildArg);
  if (!existsSync(root) || !statSync(root).isDirectory()) usage(`not a directory: ${root}`);
  if (!existsSync(CHROMIUM)) usage(`${CHROMIUM} not found (apt-get install chromium, or run tools/browser-check/run.sh)`);
  const shotDir = path.resolve(shotArg || path.join('target', 'book-screenshots'));
  mkdirSync(shotDir, { recursive: true });

  const pages = listPages(root);
  if (pages.length === 0) usage(`no .html pages in ${root}`);
  if (!pages.includes(SEARCH_PAGE)) usage(`no ${SEARCH_PAGE} in ${root}`);

  const started = Date.now();
  const profile = mkdtempSync(path.join(tmpdir(), 'lossbook-browser-check-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: VIEWPORT,
      deviceScaleFactor: 1,
      colorScheme: 'light',
      reducedMotion: 'reduce',
      serviceWorkers: 'block',
    });
    // Nothing may leave the machine: abort every request that is not local.
    await context.route(
      (url) => !allowedUrl(url.href),
      (route) => route.abort('blockedbyclient'),
    );

    let passed = 0;
    let failed = 0;
    const width = Math.max(...pages.map((p) => p.length));
    for (const rel of pages) {
      const r = await checkPage(context, root, rel, shotDir);
      const head = `${rel.padEnd(width)}  formulas=${String(r.formulas).padStart(3)}  images=${String(r.images).padStart(2)}`;
      if (r.problems.length === 0) {
        passed += 1;
        console.log(`${head}  OK${r.extra}`);
      } else {
        failed += 1;
        const uniq = [...new Set(r.problems)];
        console.log(`${head}  FAIL: ${uniq.join('; ')}`);
      }
    }
    console.error(`browser-check: ${pages.length} pages in ${((Date.now() - started) / 1000).toFixed(1)} s, screenshots in ${shotDir}`);
    console.log(`${passed} passed, ${failed} failed`);
    process.exitCode = failed > 0 ? 1 : 0;
  } finally {
    if (context) await context.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(`browser-check: ${err.stack || err}`);
  process.exit(2);
});
