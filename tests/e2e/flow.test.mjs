// End-to-end: the release build in headless Chromium, a full journey to a
// result, the emergency path, layout at 320 px and at 200 % zoom, and
// axe-core on every kind of step (zero violations).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import AxeBuilder from '@axe-core/playwright';
import { serve, launch, runJourney, toReview, answerStep, sideways, smallTargets, calm as base } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const calm = { ...base, training_changes: ['load_spike'], routine: ['no_warmup'] };

async function newPage(query = '') {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(server.url + query);
  await page.waitForSelector('.bc:not(.bc-preview) #bc-start');
  return { page, errors };
}

async function axe(page, label) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(summary, [], `axe violations on ${label}`);
}

test('a full journey reaches a self-care result with a personal plan', async () => {
  const { page, errors } = await newPage('?clinic-name=Clinica%20Norte&clinic-phone=%2B34%20600%20000%20000&booking-url=https%3A%2F%2Fexample.org%2Fbook');
  assert.equal(await runJourney(page, calm), 'review');
  assert.ok(await page.locator('#bc-change-onset').isVisible());
  await page.click('#bc-see-result');
  const card = page.locator('.bc-level');
  assert.equal(await card.getAttribute('data-level'), 'self_care');
  // Personal items first (load spike, warm-up), then the always-on ones.
  const items = await page.locator('.bc-plan-item input').evaluateAll((els) => els.map((e) => e.id));
  assert.deepEqual(items, ['bc-item-step_back_then_build', 'bc-item-warm_up', 'bc-item-strength_twice_weekly', 'bc-item-increase_gradually', 'bc-item-listen_to_pain']);
  assert.equal(await page.locator('a[href="tel:+34600000000"]').count(), 1);
  assert.equal(await page.locator('a[href="https://example.org/book"]').count(), 1);
  assert.ok((await page.locator('.bc-safety li').count()) >= 6, 'the safety net is always shown');
  assert.deepEqual(errors, []);
});

test('an urgent answer mid-way leads to an urgent result naming it', async () => {
  const { page } = await newPage();
  assert.equal(await runJourney(page, { ...calm, pain_area: 'upper_back' }), 'review');
  await page.click('#bc-see-result');
  assert.equal(await page.locator('.bc-level').getAttribute('data-level'), 'urgent');
  assert.equal(await page.locator('.bc-flags li').count(), 1);
});

/** A page with these settings, on the emergency screen after the first sign. */
async function toEmergency(query) {
  const { page } = await newPage(query);
  await page.click('.bc:not(.bc-preview) #bc-start');
  // click, not check: the box is gone at once, replaced by the emergency screen.
  await page.click('#bc-emergency_signs-saddle_numbness');
  await page.waitForSelector('.bc-emergency');
  return page;
}

test('an emergency sign stops the questionnaire at once; Back corrects it', async () => {
  const page = await toEmergency('?emergency-number=112');
  assert.equal(await page.locator('a[href="tel:112"]').count(), 1);
  await axe(page, 'emergency');
  await page.click('#bc-mistake');
  await page.waitForSelector('#bc-emergency_signs-none');
});

test('a link that sets a full phone number as the emergency number gets the generic advice, no call button', async () => {
  const page = await toEmergency('?emergency-number=0905%20123%204567');
  assert.equal(await page.locator('a[href^="tel:"]').count(), 0);
  assert.match(await page.locator('.bc-call-generic').innerText(), /112, 911 or 999/);
});

test('axe-core finds no violations on the welcome, a step, the review and the result', async () => {
  const { page } = await newPage();
  await axe(page, 'welcome');
  await page.click('.bc:not(.bc-preview) #bc-start');
  await page.click('#bc-next'); // unanswered: the explanation is shown too
  await page.waitForSelector('[role=alert]');
  await axe(page, 'step with an error');
  await answerStep(page, calm);
  await page.click('#bc-next');
  await page.click('#bc-back');
  await page.click('#bc-next');
  const { page: p2 } = await newPage();
  await runJourney(p2, calm);
  await axe(p2, 'review');
  await p2.click('#bc-see-result');
  await axe(p2, 'result');
});

test('works at 320 px wide without horizontal scrolling, with 44 px targets', async () => {
  const page = await browser.newPage();
  await page.setViewportSize({ width: 320, height: 640 });
  await page.goto(server.url);
  await page.click('.bc:not(.bc-preview) #bc-start');
  await page.waitForSelector('#bc-emergency_signs-none');
  assert.equal(await sideways(page), 0);
  assert.equal(await smallTargets(page), 0);
});

// `overflow-wrap: anywhere` on the widget lets a word break wherever it has
// to, also in boxes sized to their content (legends, buttons, flex and grid
// items), where `break-word` would let one long word widen the box. (Not a
// layout cost: style and layout of the review and result measured the same
// with either, 2026-12-03.)
test('at 320 px a word longer than the screen wraps in every kind of row, never scrolls sideways', async () => {
  const page = await browser.newPage();
  await page.setViewportSize({ width: 320, height: 640 });
  await page.goto(server.url);
  const long = 'Rückenschmerzselbsteinschätzungsfragebogenbeantwortungsschritt'.repeat(2);
  const stretch = async (selector) => {
    const n = await page.evaluate(([selector, long]) => {
      const els = [...document.querySelectorAll(selector)];
      for (const el of els) el.firstChild.nodeValue = long;
      return els.length;
    }, [selector, long]);
    return [n, await sideways(page)];
  };
  await page.click('.bc:not(.bc-preview) #bc-start');
  await page.waitForSelector('#bc-emergency_signs-none');
  const [boxes, first] = await stretch('.bc-choice-text, .bc-legend, .bc-btn');
  assert.ok(boxes > 5);
  assert.equal(first, 0, 'a question');
  assert.equal(await toReview(page, calm), 'review');
  const [rows, overflow] = await stretch('.bc-review-q, .bc-review-a, .bc-review-row .bc-btn');
  assert.ok(rows > 20);
  assert.equal(overflow, 0, 'review');
  await page.click('#bc-see-result');
  const [items, after] = await stretch('.bc-level-title, .bc-plan .bc-choice-text, .bc-why summary');
  assert.ok(items > 5);
  assert.equal(after, 0, 'result');
});

// Browser zoom at 200 % on a 1280 × 800 window leaves 640 × 400 CSS px at 2
// device pixels each: the layout reflows, and the short view is what tests
// focus handling (the new step's heading must be moved into view).
async function zoomedIn() {
  const page = await browser.newPage({ viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 });
  await page.goto(server.url);
  await page.click('.bc:not(.bc-preview) #bc-start');
  return page;
}

test('at 200 % zoom every step reflows, its heading is focused and in view, and targets stay 44 px', async () => {
  const page = await zoomedIn();
  const check = async (label) => {
    const s = await page.evaluate(() => {
      const h = document.getElementById('bc-h');
      const r = h.getBoundingClientRect();
      return { focused: document.activeElement === h, top: r.top, bottom: r.bottom, view: innerHeight };
    });
    assert.ok(s.focused, `${label}: heading focused`);
    assert.ok(s.top >= 0 && s.bottom <= s.view, `${label}: heading in view (${s.top}–${s.bottom} of ${s.view})`);
    assert.equal(await sideways(page), 0, `${label}: no sideways scrolling`);
    assert.equal(await smallTargets(page), 0, `${label}: targets of 44 px`);
  };
  let steps = 0;
  while (!(await page.locator('#bc-see-result').count())) {
    await check(`step ${++steps}`);
    await answerStep(page, calm);
    // From the bottom of the page, as someone who scrolled down to Next.
    const before = await page.textContent('#bc-h');
    await page.locator('#bc-next').scrollIntoViewIfNeeded();
    await page.click('#bc-next');
    await page.waitForFunction((before) => document.getElementById('bc-h')?.textContent !== before, before);
  }
  await check('review');
  await page.locator('#bc-see-result').scrollIntoViewIfNeeded();
  await page.click('#bc-see-result');
  await page.waitForSelector('.bc-result');
  await check('result');
  assert.ok(steps > 10, `${steps} steps`);
});

// Assistive technology, voice control or a script can press Next without
// moving the focus, so it is still on the last step's heading when Next
// runs, and the next step keeps that element (patched with the new words).
// Focusing it again would do nothing: no focus event (what a screen reader
// announces), no scrolling.
test('a click that leaves the focus on the old heading still moves it to the new one', async () => {
  const page = await zoomedIn();
  let steps = 0;
  while (!(await page.locator('#bc-see-result').count())) {
    await answerStep(page, calm);
    const s = await page.evaluate(() => new Promise((resolve) => {
      const old = document.getElementById('bc-h');
      const before = old.textContent;
      old.focus();
      scrollTo(0, document.documentElement.scrollHeight);
      let focusins = 0;
      document.addEventListener('focusin', (e) => { if (e.target.id === 'bc-h') focusins += 1; });
      // A press that moves no focus.
      document.getElementById('bc-next').click();
      requestAnimationFrame(() => {
        const h = document.getElementById('bc-h');
        const r = h.getBoundingClientRect();
        resolve({ changed: h.textContent !== before, focusins, focused: document.activeElement === h, top: r.top, bottom: r.bottom, view: innerHeight });
      });
    }));
    const label = `step ${++steps}`;
    assert.ok(s.changed, `${label}: a new step`);
    assert.ok(s.focused && s.focusins === 1, `${label}: the heading took the focus (${s.focusins} focus events)`);
    assert.ok(s.top >= 0 && s.bottom <= s.view, `${label}: heading in view (${s.top}–${s.bottom} of ${s.view})`);
  }
  assert.ok(steps > 10, `${steps} steps`);
});
