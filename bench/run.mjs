// `cargo xtask bench`: BackCheck's release build against a hand-written
// baseline page showing the same screens (bench/baseline.html), and the
// smaller reference page used before it (bench/tiny.html), in headless
// Chromium, in turn, each in a fresh context. Reports medians, p95 and min–max,
// and ratios against the pages measured in the same run. Timings on a shared
// machine are noisy: read the ratios, and never assert on them in tests.
//
// All pages are driven the same way: answers set from inside the page, real
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
// BENCH_DIST: another build to measure (an A/B against a variant).
const dist = process.env.BENCH_DIST ?? path.join(root, 'dist');
// The baseline page, once the widget's screens have been taken (`capture`).
let baselinePage = null;
const server = http.createServer((req, res) => {
  const p = new URL(req.url, 'http://x').pathname;
  if (p === '/baseline.html' && baselinePage) return res.writeHead(200, { 'content-type': types['.html'] }).end(baselinePage);
  const file = p === '/tiny.html' ? path.join(root, 'bench/tiny.html') : path.join(dist, p === '/' ? 'index.html' : p);
  fs.readFile(file, (err, body) => {
    if (err) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' }).end(body);
  });
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;
const url = (kind) => `${base}/${{ widget: '', baseline: 'baseline.html', tiny: 'tiny.html' }[kind]}`;

// In the page, before any of its scripts: when Start first appears (the
// preview's, on BackCheck's page), when the widget itself runs, and for each
// click on Next the time until the next heading is painted.
const probe = () => {
  window.__bench = { start: null, ready: null };
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
  // Also kept per step: the script's part (click → DOM changed) and the
  // frame's (→ after the frame that paints it has run: a message posted from
  // its animation-frame callback runs once that frame's work is done).
  window.__bench.parts = [];
  // Time spent in focus() (the style and layout it forces), on every page:
  // both focus the new step's heading.
  const focus = HTMLElement.prototype.focus;
  __bench.focus = 0;
  HTMLElement.prototype.focus = function (...args) {
    const t = performance.now();
    focus.apply(this, args);
    __bench.focus += performance.now() - t;
  };
  const timed = (selector, into) => document.addEventListener('click', (e) => {
    if (!e.target.closest(selector)) return;
    const t = performance.now();
    __bench.focus = 0;
    const before = document.querySelector('h2')?.textContent;
    const mo = new MutationObserver(() => {
      if (document.querySelector('h2')?.textContent === before) return;
      mo.disconnect();
      const dom = performance.now() - t;
      const focused = __bench.focus;
      requestAnimationFrame(() => {
        const frame = performance.now() - t;
        const ch = new MessageChannel();
        ch.port1.onmessage = () => into({ dom, focused, frame, painted: performance.now() - t });
        ch.port2.postMessage(0);
      });
    });
    mo.observe(document.body, { childList: true, subtree: true, characterData: true });
  }, true);
  timed('#bc-next, #bc-see-result', (p) => __bench.parts.push(p));
  timed('#bc-start', (p) => { __bench.first ??= p.frame; });
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
  if (!widget && last) return null;
  const result = document.getElementById('bc-see-result');
  if (result) return at(result);
  if (widget && !document.getElementById('bc-next')) return null;
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

// Real mouse clicks (the browser's own input path), no Playwright locator:
// the page's own work is what the task time and heap then show. `mark` runs
// once the first question is shown; `grab`, when given, before each step is
// answered and at the end (and then clicks are not spread over the frame).
async function drive(page, kind, nexts, { mark = async () => {}, grab, stepped = async () => {} } = {}) {
  const widget = kind === 'widget';
  // Start pressed as soon as the page has loaded: on BackCheck's page that
  // is usually the preview's button, before the widget runs.
  const start = await page.evaluate(() => {
    const r = document.getElementById('bc-start').getBoundingClientRect();
    return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
  });
  await page.mouse.click(start.x, start.y);
  await page.evaluate(until, "document.querySelector('fieldset.bc-question') && !document.querySelector('.bc-preview')");
  await mark();
  let clicks = 0;
  for (;;) {
    await grab?.();
    const next = await page.evaluate(answer, { answers: calm, widget, last: clicks === nexts });
    if (!next) break;
    // At a random moment of the frame, the same sequence on both pages:
    // without it the click lands a fixed time after the frame in which the
    // last wait ended, plus however long setting the answers took, so the
    // page that does more on an answer is also clicked later in the frame.
    if (!grab) await page.evaluate((ms) => new Promise((r) => requestAnimationFrame(() => setTimeout(r, ms))), phase());
    await page.mouse.click(next.x, next.y);
    // Then leave the page alone until its frame is surely painted. The wait
    // below is a script run in the page: sent at once, it often reached the
    // main thread before the timed frame and was timed as the page's own
    // work (BENCHMARKS.md, seventh run). The sleep is on this side.
    if (!grab) await new Promise((r) => setTimeout(r, SETTLE_MS));
    await page.evaluate(until, `document.querySelector('h2')?.textContent !== ${JSON.stringify(next.heading)}`);
    clicks += 1;
    await stepped(clicks);
  }
  await grab?.();
  return clicks;
}

// The baseline shows what the widget showed: one run of the widget through
// the benchmark's journey gives the welcome screen and, for each step after
// it, the live region's words and the step's markup (as it was before it was
// answered), which are put into bench/baseline.html with the build's CSS.
async function capture(browser) {
  const page = await browser.newPage();
  await page.goto(url('widget'));
  await page.evaluate(until, "document.querySelector('.bc:not(.bc-preview) #bc-start')");
  const welcome = await page.evaluate(() => document.getElementById('backcheck-standalone').innerHTML);
  const steps = [];
  const grab = async () => steps.push(await page.evaluate(() => [
    document.querySelector('.bc [aria-live]').textContent,
    document.querySelector('.bc-step').outerHTML,
  ]));
  widgetNexts = await drive(page, 'widget', widgetNexts, { grab });
  await page.context().close();
  const fill = (html, key, value) => html.replace(`<!--${key}-->`, () => value);
  let html = fs.readFileSync(path.join(root, 'bench/baseline.html'), 'utf8');
  html = fill(html, 'CSS', fs.readFileSync(path.join(dist, 'backcheck.css'), 'utf8'));
  html = fill(html, 'WELCOME', welcome);
  html = fill(html, 'STEPS', JSON.stringify(steps).replace(/</g, '\\u003c'));
  baselinePage = html;
}

let widgetNexts = 16;

// A fixed pseudo-random sequence of click moments within a 60 Hz frame
// (0-16 ms), restarted for each page load so both pages get the same ones.
let seed = 1;
// Longer than all but the slowest steps' frames (a slower step is still
// waited for below, only not untouched).
const SETTLE_MS = 50;

const phase = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return Math.floor((seed / 2147483648) * 16.7);
};

// A fresh context's page with the probe installed, and its CDP session.
async function open(browser) {
  // BENCH_NO_SW=1: service workers blocked (what installing ours costs the run).
  const page = await browser.newPage(process.env.BENCH_NO_SW ? { serviceWorkers: "block" } : {});
  await page.addInitScript(probe);
  return { page, cdp: await page.context().newCDPSession(page) };
}

// With BENCH_TRACE=1: where the page's main-thread time goes, from a
// Chromium trace of one more run per page (the time of each top-level task's
// events' self time, by event name).
async function traced(browser, kind) {
  const { page, cdp } = await open(browser);
  await cdp.send('Tracing.start', { categories: 'toplevel,devtools.timeline,disabled-by-default-devtools.timeline,v8,v8.wasm', transferMode: 'ReturnAsStream' });
  await page.goto(url(kind));
  await drive(page, kind, widgetNexts);
  const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.end');
  const { stream } = await done;
  let data = '';
  for (;;) { const c = await cdp.send('IO.read', { handle: stream }); data += c.data; if (c.eof) break; }
  await page.context().close();
  const parsed = JSON.parse(data);
  const all = parsed.traceEvents ?? parsed;
  const events = all.filter((e) => e.ph === 'X' && e.dur);
  const names = new Map(all.filter((e) => e.name === 'thread_name').map((e) => [`${e.pid}:${e.tid}`, e.args?.name]));
  const main = new Set([...names].filter(([, n]) => n === 'CrRendererMain').map(([k]) => k));
  // The page's process: its main thread, and the others (compositor, V8's
  // background compilers, a service worker), whose work on 2 cores also
  // delays the main thread's tasks in wall time.
  const pids = new Set([...main].map((k) => k.split(':')[0]));
  const byThread = new Map();
  for (const e of events) {
    const k = `${e.pid}:${e.tid}`;
    if (pids.has(String(e.pid))) (byThread.get(k) ?? byThread.set(k, []).get(k)).push(e);
  }
  // Self time by event name (each event's duration less its children's),
  // the top-level events' sum as `all`; `prefix` names the thread.
  const selfTime = (list, into, prefix, all) => {
    list.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
    const stack = [];
    for (const e of list) {
      while (stack.length && e.ts >= stack.at(-1).ts + stack.at(-1).dur) stack.pop();
      const parent = stack.length ? prefix + stack.at(-1).name : all;
      into[parent] = (into[parent] ?? 0) + (stack.length ? -e.dur : e.dur);
      into[prefix + e.name] = (into[prefix + e.name] ?? 0) + e.dur;
      stack.push(e);
    }
  };
  const sums = {};
  const others = {};
  for (const [k, list] of byThread) {
    const thread = (names.get(k) ?? '?').replace(/\d+$/, '');
    if (main.has(k)) selfTime(list, sums, '', '(all tasks)');
    else selfTime(list, others, `${thread}: `, `${thread} (all tasks)`);
  }
  const fmt = (o, n) => Object.entries(o).sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${(v / 1000).toFixed(1).padStart(8)} ms  ${k}`);
  return [...fmt(sums, 18), '  other threads of the page (self time by event):', ...fmt(others, 12)];
}

// With BENCH_PROFILE=1 (=load: up to the first question; =first: the first Next; =end: the last two): V8's sampling profile of one more widget run, self
// time by function (wasm functions are named only in a build that keeps
// its name section, e.g. wasm-opt -g, measured through BENCH_DIST).
async function profiled(browser) {
  const { page, cdp } = await open(browser);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
  const mode = process.env.BENCH_PROFILE;
  // BENCH_PROFILE=first: only the first Next (from the first question shown);
  // =end: only the last two (to the review, to the result).
  if (mode !== 'first' && mode !== 'end') await cdp.send('Profiler.start');
  // BENCH_PROFILE_PAGE=baseline|tiny: that page's profile instead.
  const kind = process.env.BENCH_PROFILE_PAGE ?? 'widget';
  await page.goto(url(kind));
  // BENCH_PROFILE=load: only until the first question is shown.
  let profile;
  const stop = async () => { profile ??= (await cdp.send('Profiler.stop')).profile; };
  await drive(page, kind, widgetNexts, {
    mark: mode === 'load' ? stop : mode === 'first' ? () => cdp.send('Profiler.start') : undefined,
    stepped: mode === 'first' ? (n) => n === 1 && stop()
      : mode === 'end' ? (n) => n === widgetNexts - 2 && cdp.send('Profiler.start') : undefined,
  });
  await stop();
  await page.context().close();
  // BENCH_PROFILE_OUT=<file>: the raw profile too (.cpuprofile, for DevTools).
  if (process.env.BENCH_PROFILE_OUT) fs.writeFileSync(process.env.BENCH_PROFILE_OUT, JSON.stringify(profile));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  // Anonymous functions are told apart by where they are, for self time.
  const label = (id, where) => {
    const f = byId.get(id).callFrame;
    const at = where && !f.functionName ? `:${f.lineNumber + 1}:${f.columnNumber + 1}` : '';
    return `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}${at}`.trim();
  };
  const self = {};
  profile.samples.forEach((id, i) => {
    const name = label(id, true);
    self[name] = (self[name] ?? 0) + (profile.timeDeltas[i + 1] ?? 0);
  });
  // And the total (self and callees) of each function, counted once per
  // sample however deep the recursion.
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const total = {};
  profile.samples.forEach((id, i) => {
    const seen = new Set();
    for (let n = id; n !== undefined; n = parent.get(n)) {
      const name = label(n, false);
      if (!seen.has(name)) { seen.add(name); total[name] = (total[name] ?? 0) + (profile.timeDeltas[i + 1] ?? 0); }
    }
  });
  const top = (o, n) => Object.entries(o).sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${(v / 1000).toFixed(1).padStart(8)} ms  ${k.slice(0, 160)}`);
  return [...top(self, 40), '', 'total (self and callees):', ...top(total, Number(process.env.BENCH_PROFILE_TOTALS ?? 60))];
}

async function once(browser, kind) {
  const { page, cdp } = await open(browser);
  await cdp.send('Performance.enable');
  const requests = [];
  page.on('request', (r) => requests.push({ url: r.url(), at: Date.now() }));
  seed = 1 + runs[kind].length;
  await page.goto(url(kind));
  const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((x) => [x.name, x.value]));
  let loaded = 0;
  let loadedCpu = 0;
  await drive(page, kind, widgetNexts, {
    mark: async () => {
      const m = await metrics();
      loaded = m.TaskDuration * 1000;
      loadedCpu = m.ThreadTime * 1000;
    },
  });
  if (process.env.BENCH_VERBOSE) console.error(kind, (await page.evaluate(() => __bench.parts)).map((p) => `${p.dom.toFixed(1)}/${p.frame.toFixed(1)}/${p.painted.toFixed(1)}`).join(' '));
  await page.evaluate(() => new Promise((r) => setTimeout(r, 50)));
  const b = await page.evaluate(() => ({
    ...__bench,
    memory: undefined,
    wasm: __bench.memory?.buffer.byteLength ?? 0,
    wasmAt: performance.getEntriesByType('resource').find((e) => e.name.endsWith('.wasm'))?.responseEnd ?? 0,
    // Wall-clock time of "ready" in this page, for the request count.
    readyEpoch: performance.timeOrigin + (__bench.ready ?? __bench.start),
  }));
  const m = await metrics();
  // The live heap: what the page holds at the result, not garbage a
  // collection would free.
  await cdp.send('HeapProfiler.collectGarbage');
  const gc = await metrics();
  await page.context().close();
  return {
    load: b.start, ready: b.ready ?? b.start, first: b.first, wasmAt: b.wasmAt, startedAt: b.started ?? 0,
    parts: b.parts, task: m.TaskDuration * 1000, taskLoad: loaded,
    cpu: m.ThreadTime * 1000, cpuLoad: loadedCpu,
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
const kinds = ['widget', 'baseline', 'tiny'];
const runs = { widget: [], baseline: [], tiny: [] };
await capture(browser);
// One unmeasured load of each first, so none pays for a cold browser.
for (const kind of kinds) await once(browser, kind);
for (let i = 0; i < RUNS; i++) {
  // Each page first, second and third in turn.
  for (const kind of [...kinds.slice(i % 3), ...kinds.slice(0, i % 3)]) runs[kind].push(await once(browser, kind));
}
const profile = process.env.BENCH_PROFILE ? await profiled(browser) : null;
const traces = process.env.BENCH_TRACE ? { widget: await traced(browser, 'widget'), baseline: await traced(browser, 'baseline') } : null;
await browser.close();
server.close();

const pick = (kind, f) => runs[kind].flatMap(f);
const rows = [
  ['navigation → first screen shown, taking input (ms)', (r) => [r.load]],
  ['step: click Next → next question painted (ms)', (r) => r.parts.map((p) => p.frame)],
  ['main-thread task time, load + full flow (ms)', (r) => [r.task]],
  ['JS heap + wasm memory at the result, live (MB)', (r) => [r.heap / 1048576]],
  ['requests after ready', (r) => [r.after]],
  ['  step: click → DOM changed (script) (ms)', (r) => r.parts.map((p) => p.dom)],
  ['  step: of which in focus() (the style and layout it forces) (ms)', (r) => r.parts.map((p) => p.focused)],
  ['  step: click → the painting frame has run (ms)', (r) => r.parts.map((p) => p.painted)],
  ['  task time: load → first question painted (ms)', (r) => [r.taskLoad]],
  ['  task time: the flow after it (ms)', (r) => [r.task - r.taskLoad]],
  ['  main thread CPU time, load + full flow (ms)', (r) => [r.cpu]],
  ['  main thread CPU time: the flow after the first question (ms)', (r) => [r.cpu - r.cpuLoad]],
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
out.push(`runs: ${RUNS} per page, in turn, fresh context each, after one warm-up load of each; BackCheck answered ${widgetNexts} steps, the other pages as many; ${new Date().toISOString()}`);
out.push('| measure | BackCheck median | p95 | min–max | baseline median | baseline p95 | ratio (median) | tiny page median | ratio to it |');
out.push('|---|---|---|---|---|---|---|---|---|');
const summary = {};
const ratio = (a, b) => (b > 0 ? (a / b).toFixed(2) + '×' : '–');
for (const [name, f] of rows) {
  const w = stats(pick('widget', f));
  const b = stats(pick('baseline', f));
  const t = stats(pick('tiny', f));
  summary[name] = { w, b };
  out.push(`| ${name} | ${fmt(w.median)} | ${fmt(w.p95)} | ${fmt(w.min)}–${fmt(w.max)} | ${fmt(b.median)} | ${fmt(b.p95)} | ${ratio(w.median, b.median)} | ${fmt(t.median)} | ${ratio(w.median, t.median)} |`);
}
const g = (i) => summary[rows[i][0]];
const cpu = summary['  main thread CPU time, load + full flow (ms)'];
const budgets = [
  ['first screen ≤ 1.5 × baseline', g(0).w.median <= 1.5 * g(0).b.median],
  ['step p95 ≤ 16.7 ms', g(1).w.p95 <= 16.7],
  ['step median ≤ 1.1 × baseline', g(1).w.median <= 1.1 * g(1).b.median],
  ['task time ≤ 1.5 × baseline', g(2).w.median <= 1.5 * g(2).b.median],
  ['(for reference) main-thread CPU time ≤ 1.5 × baseline', cpu.w.median <= 1.5 * cpu.b.median],
  ['memory ≤ 3 MB (every run)', g(3).w.max <= 3],
  ['0 requests after ready', g(4).w.max === 0],
];
out.push('');
for (const [name, ok] of budgets) out.push(`- ${ok ? 'met' : 'NOT met'}: ${name}`);
if (traces) for (const [kind, lines] of Object.entries(traces)) out.push('', `main thread, ${kind} (one traced run):`, ...lines);
if (profile) out.push('', `${process.env.BENCH_PROFILE_PAGE ?? 'widget'}, self time by function (one sampled run):`, ...profile);
console.log(out.join('\n'));
