// Shared harness for the end-to-end tests: serves the release dist/ on
// localhost and starts Debian's Chromium through playwright-core.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const root = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '../..');
export const dist = path.join(root, 'dist');

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

/** A 35-year-old runner with short, simple low back pain and no risk factor,
 *  as question id → choice id(s) or a number; tests spread in changes. */
export const calm = {
  emergency_signs: ['none'], onset: 'while_running', health_signs: ['none'], weight_loss: 'no',
  pain_signs: ['none'], pain_area: 'lower_back', leg_pain: 'no', duration: 'under_2_weeks',
  episodes: 'first_time', function: 'runs_with_pain', age: 35, sex: 'male', one_spot: 'no',
  training_changes: ['none'], routine: ['none'], kit_and_form: ['none'], recovery: ['none'],
};

/** Serve dist/ on an ephemeral loopback port; resolves to { url, close, requests }. */
export function serve() {
  const requests = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    requests.push(url.pathname);
    let file = path.normalize(path.join(dist, decodeURIComponent(url.pathname)));
    if (!file.startsWith(dist)) { res.writeHead(403).end(); return; }
    if (file.endsWith(path.sep)) file = path.join(file, 'index.html');
    fs.readFile(file, (err, body) => {
      if (err) { res.writeHead(404).end(); return; }
      // CORS lets a page on another origin load the widget (inline mode).
      res.writeHead(200, {
        'content-type': types[path.extname(file)] ?? 'application/octet-stream',
        'access-control-allow-origin': '*',
      });
      res.end(body);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}/`, requests, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

/** Headless Chromium with the flags this machine needs. Playwright gives it
 *  a fresh temporary profile; each test page gets its own context (storage). */
export async function launch({ bfcache = false } = {}) {
  const flags = (process.env.CHROMIUM_FLAGS ?? '--no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run')
    .split(/\s+/).filter((f) => f && f !== '--headless');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: flags,
    // Playwright turns the back/forward cache off unless asked not to.
    ignoreDefaultArgs: bfcache ? ['--disable-back-forward-cache'] : [],
  });
  return {
    browser,
    newPage: async (options = {}) => (await browser.newContext(options)).newPage(),
    close: () => browser.close(),
  };
}

/** Answer the current step: `answers` maps question id → choice id(s) or a number. */
export async function answerStep(page, answers) {
  const fieldsets = await page.locator('fieldset.bc-question').all();
  for (const fs of fieldsets) {
    const inputs = fs.locator('input');
    const first = await inputs.first().getAttribute('id');
    const question = (await inputs.first().getAttribute('name')) ?? first.replace(/^bc-/, '');
    const answer = answers[question];
    if (answer === undefined) throw new Error(`no answer for shown question ${question}`);
    if (typeof answer === 'number') {
      await page.fill(`#bc-${question}`, String(answer));
    } else {
      for (const choice of [answer].flat()) {
        // click, not check: an emergency choice replaces the screen at once.
        const box = page.locator(`#bc-${question}-${choice}`);
        if (!(await box.isChecked())) await box.click();
        if (await page.locator('.bc-emergency').count()) return;
      }
    }
  }
}

/** From the welcome screen, answer every step until the review or an emergency. */
export async function runJourney(page, answers) {
  await page.click('.bc:not(.bc-preview) #bc-start');
  return toReview(page, answers);
}

/** From the step shown, answer every step until the review or an emergency. */
export async function toReview(page, answers) {
  for (let i = 0; i < 30; i++) {
    if (await page.locator('.bc-emergency').count()) return 'emergency';
    if (await page.locator('#bc-see-result').count()) return 'review';
    await answerStep(page, answers);
    if (await page.locator('.bc-emergency').count()) return 'emergency';
    await page.click('#bc-next');
  }
  throw new Error('journey did not end');
}

/** How far the page scrolls sideways (0 when everything fits its width). */
export const sideways = (scope) => scope.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** How many choices and buttons are under 44 px either way. */
export const smallTargets = (scope) => scope.locator('.bc-choice, .bc-btn').evaluateAll((els) =>
  els.map((e) => e.getBoundingClientRect()).filter((r) => r.height < 44 || r.width < 44).length);

/** Serve fixed host pages ({ '/path': html }) on another loopback port. */
export function serveHost(pages) {
  const requests = [];
  const server = http.createServer((req, res) => {
    const { pathname } = new URL(req.url, 'http://x');
    requests.push(pathname);
    const page = pages[pathname];
    if (page === undefined) { res.writeHead(404).end(); return; }
    const headers = { 'content-type': 'text/html; charset=utf-8' };
    if (typeof page === 'object') Object.assign(headers, page.headers);
    res.writeHead(200, headers).end(typeof page === 'object' ? page.body : page);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}`, requests, close: () => new Promise((r) => server.close(r)) });
    });
  });
}
