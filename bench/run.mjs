// `cargo xtask bench`: BackCheck's release build against a tiny hand-written
// baseline page (bench/baseline.html) in headless Chromium, alternating fresh
// contexts. Reports medians, p95 and min–max, and ratios against the baseline
// measured in the same run. Timings on a shared machine are noisy: read the
// ratios, and never assert on them in tests.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { launch, answerStep, calm } from '../tests/e2e/harness.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const root = path.resolve(import.meta.dirname, '..');
const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.txt': 'text/plain; charset=utf-8' };
const server = http.createServer((req, res) => {
  const p = new URL(req.url, 'http://x').pathname;
  const file = p === '/baseline.html' ? path.join(root, 'bench/baseline.html') : path.join(root, 'dist', p === '/' ? 'index.html' : p);
  fs.readFile(file, (err, body) => {
    if (err) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' }).end(body);
  });
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;

const STEPS = 16;

// In the page: when Start first appears, and click-on-Next → next heading painted.
const probe = () => {
  window.__bench = { start: null, steps: [], wasm: 0 };
  addEventListener('TrunkApplicationStarted', (e) => {
    window.__bench.memory = e.detail.wasm.memory;
    window.__bench.started = performance.now();
  });
  new MutationObserver(() => {
    if (__bench.start === null && document.getElementById('bc-start')) __bench.start = performance.now();
  }).observe(document, { childList: true, subtree: true });
  // Click → the heading changes (seen by a MutationObserver as soon as the
  // DOM is updated) → the next animation frame, when that change is painted.
  document.addEventListener('click', (e) => {
    if (!e.target.closest('#bc-next')) return;
    const t = performance.now();
    const before = document.querySelector('h2')?.textContent;
    const mo = new MutationObserver(() => {
      if (document.querySelector('h2')?.textContent === before) return;
      mo.disconnect();
      requestAnimationFrame(() => __bench.steps.push(performance.now() - t));
    });
    mo.observe(document.body, { childList: true, subtree: true, characterData: true });
  }, true);
};

async function once(browser, kind) {
  const page = await browser.newPage();
  await page.addInitScript(probe);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(kind === 'widget' ? `${base}/` : `${base}/baseline.html`);
  await page.waitForSelector('#bc-start');
  const load = await page.evaluate(() => __bench.start);
  // Where the first-screen time goes: the wasm downloaded, then compiled,
  // instantiated and started (Trunk's event), then the first render.
  const [wasmAt, startedAt] = await page.evaluate(() => [
    performance.getEntriesByType('resource').find((e) => e.name.endsWith('.wasm'))?.responseEnd ?? 0,
    __bench.started ?? 0,
  ]);
  const ready = requests.length;
  await page.click('#bc-start');
  for (let i = 0; i < STEPS; i++) {
    if (kind === 'widget') {
      if (await page.locator('#bc-see-result').count()) break;
      await answerStep(page, calm);
    }
    await page.click('#bc-next');
  }
  if (kind === 'widget') await page.click('#bc-see-result');
  await page.waitForTimeout(50);
  const steps = await page.evaluate(() => __bench.steps);
  const wasm = await page.evaluate(() => __bench.memory?.buffer.byteLength ?? 0);
  const { metrics } = await cdp.send('Performance.getMetrics');
  const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
  await page.context().close();
  return { load, wasmAt, startedAt, steps, heap: m.JSHeapUsedSize + wasm, js: m.JSHeapUsedSize, wasm, task: m.TaskDuration * 1000, after: requests.length - ready };
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
  return { median: q(0.5), p95: q(0.95), min: s[0], max: s.at(-1) };
};

const browser = await launch();
const runs = { widget: [], baseline: [] };
for (let i = 0; i < RUNS; i++) {
  for (const kind of i % 2 ? ['baseline', 'widget'] : ['widget', 'baseline']) runs[kind].push(await once(browser, kind));
}
await browser.close();
server.close();

const pick = (kind, f) => runs[kind].flatMap(f);
const rows = [
  ['navigation → first screen interactive (ms)', (r) => [r.load]],
  ['step: click Next → next question painted (ms)', (r) => r.steps],
  ['main-thread task time, load + full flow (ms)', (r) => [r.task]],
  ['JS heap + wasm memory at the end (MB)', (r) => [r.heap / 1048576]],
  ['requests after ready', (r) => [r.after]],
  ['  first screen: wasm downloaded at (ms)', (r) => [r.wasmAt]],
  ['  first screen: wasm started at (ms)', (r) => [r.startedAt]],
  ['  memory: JS heap (MB)', (r) => [r.js / 1048576]],
  ['  memory: wasm linear memory (MB)', (r) => [r.wasm / 1048576]],
];
const fmt = (x) => (x >= 100 ? x.toFixed(0) : x.toFixed(2));
const out = [];
out.push(`runs: ${RUNS} per page, alternating, fresh context each; ${new Date().toISOString()}`);
out.push('| measure | BackCheck median | p95 | min–max | baseline median | ratio (median) |');
out.push('|---|---|---|---|---|---|');
const summary = {};
for (const [name, f] of rows) {
  const w = stats(pick('widget', f));
  const b = stats(pick('baseline', f));
  summary[name] = { w, b };
  const ratio = b.median > 0 ? (w.median / b.median).toFixed(2) + '×' : '–';
  out.push(`| ${name} | ${fmt(w.median)} | ${fmt(w.p95)} | ${fmt(w.min)}–${fmt(w.max)} | ${fmt(b.median)} | ${ratio} |`);
}
const g = (n) => summary[n];
const budgets = [
  ['first screen ≤ 1.5 × baseline', g(rows[0][0]).w.median <= 1.5 * g(rows[0][0]).b.median],
  ['step p95 ≤ 16.7 ms', g(rows[1][0]).w.p95 <= 16.7],
  ['step median ≤ 1.1 × baseline', g(rows[1][0]).w.median <= 1.1 * g(rows[1][0]).b.median],
  ['task time ≤ 1.5 × baseline', g(rows[2][0]).w.median <= 1.5 * g(rows[2][0]).b.median],
  ['memory ≤ 3 MB', g(rows[3][0]).w.max <= 3],
  ['0 requests after ready', g(rows[4][0]).w.max === 0],
];
out.push('');
for (const [name, ok] of budgets) out.push(`- ${ok ? 'met' : 'NOT met'}: ${name}`);
const mem = g(rows[3][0]);
out.push(`- memory above the baseline page (medians): ${(mem.w.median - mem.b.median).toFixed(2)} MB; the baseline alone reads ${mem.b.median.toFixed(2)} MB`);
console.log(out.join('\n'));
