// `cargo xtask bench`: BackCheck's release build against a tiny hand-written
// baseline page (bench/baseline.html) in headless Chromium, alternating fresh
// contexts. Reports medians, p95 and min–max, and ratios against the baseline
// measured in the same run. Timings on a shared machine are noisy: read the
// ratios, and never assert on them in tests.
//
// Both pages are driven the same way: answers set from inside the page, real
// mouse clicks on Start and Next, no Playwright locator (whose injected
// script would run in the page), so the main-thread time and the heap
// measure the page's own work, not the harness's.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { launch, calm } from '../tests/e2e/harness.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const root = path.resolve(import.meta.dirname, '..');
const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.txt': 'text/plain; charset=utf-8' };
const server = http.createServer((req, res) => {
  const p = new URL(req.url, 'http://x').pathname;
  // BENCH_DIST: another build to measure (an A/B against a variant).
  const file = p === '/baseline.html' ? path.join(root, 'bench/baseline.html') : path.join(process.env.BENCH_DIST ?? path.join(root, 'dist'), p === '/' ? 'index.html' : p);
  fs.readFile(file, (err, body) => {
    if (err) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' }).end(body);
  });
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;

// In the page, before any of its scripts: when Start first appears (the
// preview's, on BackCheck's page), when the widget itself runs, and for each
// click on Next the time until the next heading is painted.
const probe = () => {
  window.__bench = { start: null, steps: [], ready: null };
  addEventListener('TrunkApplicationStarted', (e) => {
    window.__bench.memory = e.detail.wasm.memory;
    window.__bench.started = performance.now();
  });
  document.addEventListener('backcheck:ready', () => { __bench.ready = performance.now(); });
  new MutationObserver(() => {
    if (__bench.start === null && document.getElementById('bc-start')) __bench.start = performance.now();
  }).observe(document, { childList: true, subtree: true });
  // Click → the heading changes (seen by a MutationObserver as soon as the
  // DOM is updated) → the next animation frame, when that change is painted.
  const timed = (selector, into) => document.addEventListener('click', (e) => {
    if (!e.target.closest(selector)) return;
    const t = performance.now();
    const before = document.querySelector('h2')?.textContent;
    const mo = new MutationObserver(() => {
      if (document.querySelector('h2')?.textContent === before) return;
      mo.disconnect();
      requestAnimationFrame(() => into(performance.now() - t));
    });
    mo.observe(document.body, { childList: true, subtree: true, characterData: true });
  }, true);
  timed('#bc-next, #bc-see-result', (ms) => __bench.steps.push(ms));
  timed('#bc-start', (ms) => { __bench.first ??= ms; });
};

// In the page: answer the step shown (BackCheck gets the `calm` answers, the
// baseline ticks the first box of each question) and say where to click
// next: Next, or on BackCheck's review "See my result"; null at the end.
const answer = ({ answers, widget, last }) => {
  const at = (el) => {
    el.scrollIntoView({ block: 'center' });
    const r = el.getBoundingClientRect();
    return { x: r.x + r.width / 2, y: r.y + r.height / 2, heading: document.querySelector('h2')?.textContent };
  };
  const result = document.getElementById('bc-see-result');
  if (widget && result) return at(result);
  if (widget && !document.getElementById('bc-next')) return null;
  if (!widget && last) return null;
  for (const fs of document.querySelectorAll('fieldset.bc-question')) {
    const first = fs.querySelector('input');
    if (!widget) { if (!first.checked) first.click(); continue; }
    const question = first.getAttribute('name') ?? first.id.replace(/^bc-/, '');
    const value = answers[question];
    if (value === undefined) throw new Error('no answer for ' + question);
    if (typeof value === 'number') {
      first.value = String(value);
      first.dispatchEvent(new InputEvent('input', { bubbles: true }));
    } else {
      for (const choice of [value].flat()) {
        const box = document.getElementById(`bc-${question}-${choice}`);
        if (!box.checked) box.click();
      }
    }
  }
  return at(document.getElementById('bc-next'));
};

// In the page: wait (frame by frame, at most 10 s) until `ok` holds.
const until = (src) => new Promise((resolve, reject) => {
  const ok = new Function(`return (${src})`);
  let n = 0;
  const tick = () => (ok() ? resolve() : ++n > 600 ? reject(new Error('timed out: ' + src)) : requestAnimationFrame(tick));
  tick();
});

// Real mouse clicks (the browser's own input path, at whatever moment of
// the frame they land), no Playwright locator: the page's own work is what
// the task time and heap then show.
async function drive(page, kind, nexts) {
  const widget = kind === 'widget';
  // Start pressed as soon as the page has loaded: on BackCheck's page that
  // is usually the preview's button, before the widget runs.
  const start = await page.evaluate(() => {
    const r = document.getElementById('bc-start').getBoundingClientRect();
    return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
  });
  await page.mouse.click(start.x, start.y);
  await page.evaluate(until, "document.querySelector('fieldset.bc-question') && !document.querySelector('.bc-preview')");
  let clicks = 0;
  for (;;) {
    const next = await page.evaluate(answer, { answers: calm, widget, last: clicks === nexts });
    if (!next) break;
    await page.mouse.click(next.x, next.y);
    await page.evaluate(until, `document.querySelector('h2')?.textContent !== ${JSON.stringify(next.heading)}`);
    clicks += 1;
  }
  return clicks;
}

let widgetNexts = 16;

// With BENCH_TRACE=1: where the page's main-thread time goes, from a
// Chromium trace of one more run per page (the time of each top-level task's
// events' self time, by event name).
async function traced(browser, kind) {
  const page = await browser.newPage();
  await page.addInitScript(probe);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Tracing.start', { categories: 'toplevel,devtools.timeline,disabled-by-default-devtools.timeline,v8,v8.wasm', transferMode: 'ReturnAsStream' });
  await page.goto(kind === 'widget' ? `${base}/` : `${base}/baseline.html`);
  await drive(page, kind, widgetNexts);
  const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.end');
  const { stream } = await done;
  let data = '';
  for (;;) { const c = await cdp.send('IO.read', { handle: stream }); data += c.data; if (c.eof) break; }
  await page.context().close();
  const parsed = JSON.parse(data);
  const events = (parsed.traceEvents ?? parsed).filter((e) => e.ph === 'X' && e.dur);
  const main = new Set(
    (parsed.traceEvents ?? parsed).filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`),
  );
  const byThread = new Map();
  for (const e of events) {
    const k = `${e.pid}:${e.tid}`;
    if (main.has(k)) (byThread.get(k) ?? byThread.set(k, []).get(k)).push(e);
  }
  // Self time by event name: each event's duration less its children's.
  const sums = {};
  for (const list of byThread.values()) {
    list.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
    const stack = [];
    for (const e of list) {
      while (stack.length && e.ts >= stack.at(-1).ts + stack.at(-1).dur) stack.pop();
      if (stack.length) sums[stack.at(-1).name] = (sums[stack.at(-1).name] ?? 0) - e.dur;
      else sums['(all tasks)'] = (sums['(all tasks)'] ?? 0) + e.dur;
      sums[e.name] = (sums[e.name] ?? 0) + e.dur;
      stack.push(e);
    }
  }
  return Object.entries(sums).sort((a, b) => b[1] - a[1]).slice(0, 18).map(([k, v]) => `${(v / 1000).toFixed(1).padStart(8)} ms  ${k}`);
}

async function once(browser, kind) {
  const page = await browser.newPage();
  await page.addInitScript(probe);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const requests = [];
  page.on('request', (r) => requests.push({ url: r.url(), at: Date.now() }));
  await page.goto(kind === 'widget' ? `${base}/` : `${base}/baseline.html`);
  const clicks = await drive(page, kind, widgetNexts);
  if (kind === 'widget') widgetNexts = clicks;
  if (process.env.BENCH_VERBOSE) console.error(kind, (await page.evaluate(() => __bench.steps)).map((x) => x.toFixed(1)).join(' '));
  await page.evaluate(() => new Promise((r) => setTimeout(r, 50)));
  const b = await page.evaluate(() => ({
    ...__bench,
    memory: undefined,
    wasm: __bench.memory?.buffer.byteLength ?? 0,
    wasmAt: performance.getEntriesByType('resource').find((e) => e.name.endsWith('.wasm'))?.responseEnd ?? 0,
    // Wall-clock time of "ready" in this page, for the request count.
    readyEpoch: performance.timeOrigin + (__bench.ready ?? __bench.start),
  }));
  const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((x) => [x.name, x.value]));
  const m = await metrics();
  // The live heap: what the page holds at the result, not garbage a
  // collection would free.
  await cdp.send('HeapProfiler.collectGarbage');
  const gc = await metrics();
  await page.context().close();
  return {
    load: b.start, ready: b.ready ?? b.start, first: b.first, wasmAt: b.wasmAt, startedAt: b.started ?? 0,
    steps: b.steps, task: m.TaskDuration * 1000,
    heap: gc.JSHeapUsedSize + b.wasm, js: gc.JSHeapUsedSize, jsRaw: m.JSHeapUsedSize, wasm: b.wasm,
    after: requests.filter((r) => r.at > b.readyEpoch).length,
  };
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
  return { median: q(0.5), p95: q(0.95), min: s[0], max: s.at(-1) };
};

const browser = await launch();
const runs = { widget: [], baseline: [] };
// One unmeasured load of each first, so neither pays for a cold browser.
await once(browser, 'widget');
await once(browser, 'baseline');
for (let i = 0; i < RUNS; i++) {
  for (const kind of i % 2 ? ['baseline', 'widget'] : ['widget', 'baseline']) runs[kind].push(await once(browser, kind));
}
const traces = process.env.BENCH_TRACE ? { widget: await traced(browser, 'widget'), baseline: await traced(browser, 'baseline') } : null;
await browser.close();
server.close();

const pick = (kind, f) => runs[kind].flatMap(f);
const rows = [
  ['navigation → first screen shown, taking input (ms)', (r) => [r.load]],
  ['step: click Next → next question painted (ms)', (r) => r.steps],
  ['main-thread task time, load + full flow (ms)', (r) => [r.task]],
  ['JS heap + wasm memory at the result, live (MB)', (r) => [r.heap / 1048576]],
  ['requests after ready', (r) => [r.after]],
  ['  navigation → widget running (backcheck:ready) (ms)', (r) => [r.ready]],
  ['  Start pressed at the load event → first question painted (ms)', (r) => [r.first]],
  ['  wasm downloaded at (ms)', (r) => [r.wasmAt]],
  ['  wasm started at (ms)', (r) => [r.startedAt]],
  ['  memory: JS heap, live (MB)', (r) => [r.js / 1048576]],
  ['  memory: JS heap before collection (MB)', (r) => [r.jsRaw / 1048576]],
  ['  memory: wasm linear memory (MB)', (r) => [r.wasm / 1048576]],
];
const fmt = (x) => (x >= 100 ? x.toFixed(0) : x.toFixed(2));
const out = [];
out.push(`runs: ${RUNS} per page, alternating, fresh context each, after one warm-up load of each; BackCheck answered ${widgetNexts} steps, the baseline as many; ${new Date().toISOString()}`);
out.push('| measure | BackCheck median | p95 | min–max | baseline median | baseline p95 | ratio (median) |');
out.push('|---|---|---|---|---|---|---|');
const summary = {};
for (const [name, f] of rows) {
  const w = stats(pick('widget', f));
  const b = stats(pick('baseline', f));
  summary[name] = { w, b };
  const ratio = b.median > 0 ? (w.median / b.median).toFixed(2) + '×' : '–';
  out.push(`| ${name} | ${fmt(w.median)} | ${fmt(w.p95)} | ${fmt(w.min)}–${fmt(w.max)} | ${fmt(b.median)} | ${fmt(b.p95)} | ${ratio} |`);
}
const g = (i) => summary[rows[i][0]];
const budgets = [
  ['first screen ≤ 1.5 × baseline', g(0).w.median <= 1.5 * g(0).b.median],
  ['step p95 ≤ 16.7 ms', g(1).w.p95 <= 16.7],
  ['step median ≤ 1.1 × baseline', g(1).w.median <= 1.1 * g(1).b.median],
  ['task time ≤ 1.5 × baseline', g(2).w.median <= 1.5 * g(2).b.median],
  ['memory ≤ 3 MB (every run)', g(3).w.max <= 3],
  ['0 requests after ready', g(4).w.max === 0],
];
out.push('');
for (const [name, ok] of budgets) out.push(`- ${ok ? 'met' : 'NOT met'}: ${name}`);
if (traces) for (const [kind, lines] of Object.entries(traces)) out.push('', `main thread, ${kind} (one traced run):`, ...lines);
console.log(out.join('\n'));
