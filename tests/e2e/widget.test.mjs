// End-to-end behaviour of the widget on the release build: a journey to each
// level, change on review, resume, delete, keyboard only, print, copy, the
// .ics reminder, axe-core on every screen in light and dark, and screenshots
// at 320 and 1280 px (kept in target/e2e-artifacts/, not committed).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { serve, launch, runJourney, answerStep, sideways, calm } from './harness.mjs';

const artifacts = path.resolve(import.meta.dirname, '../../target/e2e-artifacts');
let server, browser;
before(async () => {
  server = await serve();
  browser = await launch();
  fs.mkdirSync(artifacts, { recursive: true });
});
after(async () => { await browser?.close(); await server?.close(); });


async function open(options = {}, query = '') {
  const page = await browser.newPage(options);
  await page.goto(server.url + query);
  await page.waitForSelector('.bc:not(.bc-preview) #bc-start');
  return page;
}

async function axe(page, label) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(summary, [], `axe violations on ${label}`);
}

/** Start and answer the first two steps; the third step's heading. */
async function twoStepsIn(page) {
  await page.click('.bc:not(.bc-preview) #bc-start');
  for (let i = 0; i < 2; i++) {
    await answerStep(page, calm);
    await page.click('#bc-next');
  }
  return page.locator('h2').innerText();
}

const levels = [
  ['self_care', calm],
  ['soon', { ...calm, leg_pain: 'below_knee_one_leg' }],
  ['urgent', { ...calm, health_signs: ['fever_unwell'] }],
];
for (const [level, answers] of levels) {
  test(`a journey to ${level}`, async () => {
    const page = await open();
    assert.equal(await runJourney(page, answers), 'review');
    await page.click('#bc-see-result');
    assert.equal(await page.locator('.bc-level').getAttribute('data-level'), level);
  });
}

test('a journey to emergency stops at once, names the sign, and Back returns', async () => {
  const page = await open();
  assert.equal(await runJourney(page, { ...calm, onset: 'serious_accident' }), 'emergency');
  assert.match(await page.locator('.bc-emergency').innerText(), /accident/i);
  await page.click('#bc-mistake');
  assert.equal(await page.locator('#bc-onset-serious_accident').isChecked(), true);
});

test('changing an answer on the review screen changes the result', async () => {
  const page = await open();
  await runJourney(page, calm);
  await page.click('#bc-change-pain_area');
  await page.check('#bc-pain_area-upper_back');
  await page.click('#bc-next');
  await page.waitForSelector('#bc-see-result');
  await page.click('#bc-see-result');
  assert.equal(await page.locator('.bc-level').getAttribute('data-level'), 'urgent');
});

test('answers survive a reload and can be resumed; delete wipes storage', async () => {
  const page = await open();
  const third = await twoStepsIn(page);
  await page.reload();
  await page.click('#bc-continue');
  assert.equal(await page.locator('h2').innerText(), third);
  // Finish, tick a plan item, then delete everything.
  await page.click('#bc-back');
  await page.click('#bc-back');
  for (let i = 0; i < 30 && !(await page.locator('#bc-see-result').count()); i++) {
    await answerStep(page, calm);
    await page.click('#bc-next');
  }
  await page.click('#bc-see-result');
  await page.check('#bc-item-warm_up');
  const stored = () => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('backcheck:')));
  assert.deepEqual((await stored()).sort(), ['backcheck:default:session', 'backcheck:default:ticks']);
  await page.reload();
  await page.click('#bc-continue');
  assert.equal(await page.locator('#bc-item-warm_up').isChecked(), true, 'ticks are kept');
  await page.click('#bc-delete');
  await page.waitForSelector('.bc:not(.bc-preview) #bc-start');
  assert.deepEqual(await stored(), []);
  await page.reload();
  assert.equal(await page.locator('#bc-continue').count(), 0);
});

/** Keyboard only: Tab to an element, then act on it. */
async function tabTo(page, id) {
  for (let i = 0; i < 60; i++) {
    if (await page.evaluate((id) => document.activeElement?.id === id, id)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`could not Tab to #${id}`);
}

async function keyboardAnswer(page, answers) {
  for (const fs of await page.locator('fieldset.bc-question').all()) {
    const input = fs.locator('input').first();
    const question = (await input.getAttribute('name')) ?? (await input.getAttribute('id')).replace(/^bc-/, '');
    const answer = answers[question];
    if (typeof answer === 'number') {
      await tabTo(page, `bc-${question}`);
      await page.keyboard.type(String(answer));
      continue;
    }
    for (const choice of [answer].flat()) {
      const id = `bc-${question}-${choice}`;
      const type = await page.locator(`#${id}`).getAttribute('type');
      if (type === 'radio') {
        // Tab into the group, then arrow to the choice (arrows select).
        await tabTo(page, await fs.locator('input').first().getAttribute('id'));
        for (let i = 0; i < 10 && !(await page.evaluate((id) => document.activeElement?.id === id, id)); i++) {
          await page.keyboard.press('ArrowDown');
        }
      } else {
        await tabTo(page, id);
      }
      if (!(await page.locator(`#${id}`).isChecked())) await page.keyboard.press('Space');
    }
  }
}

test('a complete check with the keyboard alone', async () => {
  const page = await open();
  await tabTo(page, 'bc-start');
  await page.keyboard.press('Enter');
  for (let i = 0; i < 30 && !(await page.locator('#bc-see-result').count()); i++) {
    await keyboardAnswer(page, calm);
    await tabTo(page, 'bc-next');
    await page.keyboard.press('Enter');
    // Focus lands on the new step's heading.
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'H2');
  }
  await tabTo(page, 'bc-see-result');
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('.bc-level').getAttribute('data-level'), 'self_care');
});

test('a follow-up question appearing leaves the keyboard on the question being answered', async () => {
  const page = await open();
  await tabTo(page, 'bc-start');
  await page.keyboard.press('Enter');
  for (let i = 0; !(await page.locator('#bc-duration-under_2_weeks').count()); i++) {
    assert.ok(i < 10, 'the "how long" step comes within 10 steps');
    await keyboardAnswer(page, calm);
    await tabTo(page, 'bc-next');
    await page.keyboard.press('Enter');
  }
  const focused = () => page.evaluate(() => document.activeElement?.id);
  const checked = (id) => page.locator(`#${id}`).isChecked();
  const heading = await page.evaluateHandle(() => document.getElementById('bc-h'));
  await tabTo(page, 'bc-duration-under_2_weeks');
  // "2 weeks to 3 months" brings in "is it getting better?" below it.
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.locator('#bc-trend-better').count(), 1);
  assert.equal(await focused(), 'bc-duration-2_weeks_to_3_months');
  // The next arrow still moves within "how long", not the new question.
  await page.keyboard.press('ArrowDown');
  assert.equal(await focused(), 'bc-duration-over_3_months');
  assert.equal(await checked('bc-duration-over_3_months'), true);
  for (const c of ['better', 'same', 'worse']) assert.equal(await checked(`bc-trend-${c}`), false);
  await tabTo(page, 'bc-trend-better');
  await page.keyboard.press('ArrowDown');
  assert.equal(await checked('bc-trend-same'), true);
  assert.equal(await checked('bc-duration-over_3_months'), true);
  // On to a step with one question instead of two: the heading is the same
  // element, given the new words and the focus (not removed and re-made,
  // which was the costliest part of such a step).
  await tabTo(page, 'bc-next');
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('fieldset.bc-question').count(), 1);
  assert.equal(await heading.evaluate((h) => h.isConnected && h === document.activeElement), true);
});

test('print, copy and the re-check reminder', async () => {
  const page = await open({ permissions: ['clipboard-read', 'clipboard-write'] }, '?clinic-name=Clinica%20Norte');
  await runJourney(page, { ...calm, leg_pain: 'below_knee_one_leg' });
  await page.click('#bc-see-result');
  await page.click('#bc-copy');
  await page.waitForSelector('.bc-status:not(:empty)');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(copied, /^BackCheck summary\n/);
  assert.match(copied, /For: Clinica Norte/);
  assert.match(copied, /below the knee/);
  assert.match(copied, /\[ \] /);

  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('#bc-summary').isVisible(), true);
  assert.equal(await page.locator('#bc-print').isVisible(), false);
  assert.equal(await page.locator('.bc-level').isVisible(), false);
  const pdf = await page.pdf({ format: 'A4' });
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  assert.equal(pages, 1, 'the print summary fits one page');
  fs.writeFileSync(path.join(artifacts, 'print-summary.pdf'), pdf);
  await page.emulateMedia({ media: 'screen' });

  const href = await page.locator('#bc-remind').getAttribute('href');
  assert.equal(await page.locator('#bc-remind').getAttribute('download'), 'backcheck-recheck.ics');
  const ics = decodeURIComponent(href.slice(href.indexOf(',') + 1));
  assert.match(ics, /^BEGIN:VCALENDAR\r\n/);
  const start = ics.match(/DTSTART;VALUE=DATE:(\d{8})/)[1];
  const expected = new Date(Date.now() + 14 * 86400e3).toISOString().slice(0, 10).replaceAll('-', '');
  assert.equal(start, expected);
});

for (const colorScheme of ['light', 'dark']) {
  test(`axe-core: zero violations on every screen (${colorScheme})`, async () => {
    const page = await open({ colorScheme });
    await axe(page, `welcome (${colorScheme})`);
    await page.click('.bc:not(.bc-preview) #bc-start');
    const journey = { ...calm, duration: 'over_3_months', trend: 'same', stiffness: 'no', one_spot: 'yes', bone_stress_factors: ['none'], sex: 'female', periods: 'regular' };
    let n = 0;
    while (!(await page.locator('#bc-see-result').count()) && n++ < 30) {
      await answerStep(page, journey);
      await axe(page, `${await page.locator('h2').innerText()} (${colorScheme})`);
      await page.click('#bc-next');
    }
    await axe(page, `review (${colorScheme})`);
    await page.click('#bc-see-result');
    await page.locator('details.bc-why').first().evaluate((d) => { d.open = true; });
    await axe(page, `result (${colorScheme})`);
    const e = await open({ colorScheme });
    await e.click('.bc:not(.bc-preview) #bc-start');
    await e.click('#bc-emergency_signs-chest_pain');
    await axe(e, `emergency (${colorScheme})`);
  });
}

test('screenshots at 320 and 1280 px', async () => {
  for (const width of [320, 1280]) {
    const page = await open({ viewport: { width, height: 800 } });
    await page.screenshot({ path: path.join(artifacts, `welcome-${width}.png`), fullPage: true });
    await runJourney(page, { ...calm, routine: ['no_warmup', 'low_strength'] });
    await page.screenshot({ path: path.join(artifacts, `review-${width}.png`), fullPage: true });
    await page.click('#bc-see-result');
    assert.equal(await sideways(page), 0, `no horizontal scroll at ${width}px`);
    await page.screenshot({ path: path.join(artifacts, `result-${width}.png`), fullPage: true });
  }
});

test('the standalone page reloads offline after a first visit (service worker)', async () => {
  const page = await open();
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await page.context().setOffline(true);
  await page.reload();
  await page.waitForSelector('.bc:not(.bc-preview) #bc-start');
  await page.click('.bc:not(.bc-preview) #bc-start');
  await answerStep(page, calm);
  await page.click('#bc-next');
  assert.match(await page.locator('.bc-progress-text').innerText(), /^Step 2 of/);
  await page.context().setOffline(false);
});

test('the service worker is registered only once the person pauses (2 s without a tap or key)', async () => {
  const page = await browser.newPage();
  // Fake timers, so the pause is the page's own 2 s however slow the machine;
  // and every call to register() counted, not just the ones that finished.
  await page.clock.install();
  await page.addInitScript(() => {
    window.swCalls = 0;
    const register = navigator.serviceWorker.register.bind(navigator.serviceWorker);
    navigator.serviceWorker.register = (...args) => { window.swCalls += 1; return register(...args); };
  });
  await page.goto(server.url);
  await page.waitForSelector('.bc:not(.bc-preview) #bc-start');
  const calls = () => page.evaluate(() => window.swCalls);
  await page.clock.runFor(1500);
  assert.equal(await calls(), 0, 'not while the welcome screen is fresh');
  await page.click('#bc-start');
  await page.clock.runFor(1500);
  assert.equal(await calls(), 0, '3 s after the start, but 1.5 s after a tap');
  await page.keyboard.press('Tab');
  await page.clock.runFor(1900);
  assert.equal(await calls(), 0, 'a key press counts as use too');
  await page.clock.runFor(200);
  assert.equal(await calls(), 1, 'registered after 2 s without input');
  assert.equal(await page.evaluate(() => navigator.serviceWorker.ready.then(() => true)), true);
  await page.clock.runFor(30000);
  assert.equal(await calls(), 1, 'once');
  await page.context().close();
});

test("the widget's own page runs under its strict CSP with no violation", async () => {
  const page = await browser.newPage();
  await page.addInitScript(() => {
    window.violations = [];
    document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(server.url);
  await page.waitForSelector('.bc:not(.bc-preview) #bc-start');
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  assert.match(csp, /default-src 'none'/);
  assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'/);
  await runJourney(page, calm);
  await page.click('#bc-see-result');
  await page.locator('details.bc-why').first().evaluate((d) => { d.open = true; });
  assert.deepEqual(await page.evaluate(() => violations), []);
});

test('browser back and forward out of the flow lose no answers', async () => {
  const page = await open();
  const third = await twoStepsIn(page);
  await page.goto(`${server.url}index.html?elsewhere=1`);
  await page.goBack();
  await page.waitForSelector('h2');
  // Restored from the back/forward cache (still on the step), or reloaded
  // (the saved answers are offered): either way nothing is lost.
  if (await page.locator('#bc-continue').count()) await page.click('#bc-continue');
  assert.equal(await page.locator('h2').innerText(), third);
  await page.click('#bc-back');
  assert.equal(await page.locator('#bc-onset-while_running').isChecked(), true);
});

test('double-clicking Next moves one step and leaves the answers intact', async () => {
  const page = await open();
  await page.click('.bc:not(.bc-preview) #bc-start');
  await answerStep(page, calm);
  await page.dblclick('#bc-next');
  // The second click of the pair is held back: one step, and no "answer
  // to continue" error on the new one.
  assert.match(await page.locator('.bc-progress-text').innerText(), /^Step 2 of/);
  assert.equal(await page.locator('.bc-error').count(), 0);
  await page.click('#bc-back');
  assert.equal(await page.locator('#bc-emergency_signs-none').isChecked(), true);
});

test('an impossible age is explained with the allowed range and blocks Next', async () => {
  const page = await open();
  await page.click('.bc:not(.bc-preview) #bc-start');
  for (let i = 0; i < 20 && !(await page.locator('#bc-age').count()); i++) {
    await answerStep(page, calm);
    await page.click('#bc-next');
  }
  await page.fill('#bc-age', '200');
  await page.check('#bc-sex-male');
  const alert = page.locator('.bc-error[role=alert]');
  assert.match(await alert.innerText(), /between 1 and 120/);
  await page.click('#bc-next');
  assert.equal(await page.locator('#bc-age').count(), 1, 'still on the same step');
  await page.fill('#bc-age', '35');
  await page.click('#bc-next');
  assert.equal(await page.locator('#bc-age').count(), 0);
});
