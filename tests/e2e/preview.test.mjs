// The page's preview: the prerendered welcome screen shown at parse time
// while the wasm loads (loader/preview.js, src/bin/prerender.rs). The wasm is
// held back by a route so the preview can be looked at and used; the widget
// must then take over the same screen and keep what the person did on it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import AxeBuilder from '@axe-core/playwright';
import { serve, launch, answerStep, calm } from './harness.mjs';

let server, browser;
before(async () => {
  server = await serve();
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.close(); });

const PREVIEW = '.bc-preview #bc-start';
const LIVE = '.bc:not(.bc-preview) #bc-start';

/** A page whose wasm is held until `release()`; records errors, CSP reports and readiness. */
async function held(query = '', setup, options = {}) {
  const page = await browser.newPage(options);
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (/Content Security Policy|Refused to/i.test(m.text())) errors.push(m.text()); });
  await page.addInitScript(() => {
    window.__ready = false;
    document.addEventListener('backcheck:ready', () => { window.__ready = true; });
  });
  if (setup) await setup(page);
  let release;
  const gate = new Promise((r) => { release = r; });
  await page.route('**/widget_bg.wasm', async (route) => { await gate; await route.continue(); });
  await page.goto(server.url + query);
  await page.waitForSelector(PREVIEW);
  assert.equal(await page.evaluate(() => window.__ready), false, 'the widget has not started yet');
  return { page, errors, release };
}

const text = (page) => page.locator('.bc').evaluate((e) => e.innerText);

test('the welcome screen is shown before the wasm arrives, and the widget takes over the same screen', async () => {
  const hostile = '<img src=x onerror="window.__pwned=1"> $& $$ ' + 'é'.repeat(500);
  const query = `?clinic-name=${encodeURIComponent('  Clínica \u0007 Norte ' + hostile)}&theme=dark`;
  const { page, errors, release } = await held(query);
  assert.equal(await page.locator('.bc').count(), 1);
  assert.match(await page.locator('.bc').getAttribute('class'), /bc-theme-dark/);
  const clinic = await page.locator('.bc-clinic').textContent();
  assert.ok(clinic.includes('Clínica Norte <img src=x onerror="window.__pwned=1"> $& $$ éé'), clinic);
  assert.equal(await page.locator('.bc img').count(), 0, 'the name is text, never markup');
  const before = await text(page);
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  assert.deepEqual(results.violations.map((v) => v.id), [], 'axe on the preview');
  release();
  await page.waitForSelector(LIVE);
  assert.equal(await page.locator('.bc').count(), 1, 'replaced, not added to');
  assert.equal(await text(page), before, 'the widget shows what the preview showed');
  assert.equal(await page.locator('.bc-clinic').textContent(), clinic);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('each language has its preview, chosen as the widget chooses', async () => {
  for (const [query, lang] of [['?locale=fr', 'fr'], ['#locale=pt-BR', 'pt'], ['?locale=xx', 'en'], ['', 'de']]) {
    const { page, release } = await held(query, undefined, { locale: 'de-DE' });
    assert.equal(await page.locator('.bc').getAttribute('lang'), lang, query);
    const before = await text(page);
    release();
    await page.waitForSelector(LIVE);
    assert.equal(await page.locator('.bc').getAttribute('lang'), lang, query);
    assert.equal(await text(page), before, query);
    await page.context().close();
  }
});

test('Start pressed on the preview is kept: the first question follows, with the focus on its heading', async () => {
  const { page, errors, release } = await held();
  await page.click(PREVIEW);
  await page.click(PREVIEW); // an impatient second press changes nothing
  assert.equal(await page.locator('#bc-start').getAttribute('aria-busy'), 'true');
  release();
  await page.locator('fieldset.bc-question').first().waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'bc-h');
  assert.match(await page.locator('.bc-progress-text').textContent(), /^Step 1 of \d+$/);
  await answerStep(page, calm);
  await page.click('#bc-next');
  await page.locator('#bc-onset-while_running').waitFor();
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('a language chosen on the preview is the one the widget starts in', async () => {
  const { page, errors, release } = await held('?locale=en');
  await page.selectOption('.bc-preview #bc-lang', 'de');
  assert.equal(await page.locator('.bc').getAttribute('lang'), 'de', 'the preview follows at once');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'bc-lang');
  const before = await text(page);
  release();
  await page.waitForSelector(LIVE);
  assert.equal(await page.locator('.bc').getAttribute('lang'), 'de');
  assert.equal(await page.locator('#bc-lang').inputValue(), 'de');
  assert.equal(await text(page), before);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'bc-lang', 'focus kept');
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('answers saved earlier are still offered when Start was pressed on the preview', async () => {
  const first = await browser.newPage();
  await first.goto(server.url);
  await first.click(LIVE);
  await answerStep(first, calm);
  await first.click('#bc-next');
  const record = await first.evaluate(() => localStorage.getItem('backcheck:default:session'));
  await first.context().close();
  assert.match(record, /"app":"backcheck"/);
  const { page, release } = await held('', (p) => p.addInitScript((r) => {
    if (!sessionStorage.getItem('seeded')) { localStorage.setItem('backcheck:default:session', r); sessionStorage.setItem('seeded', '1'); }
  }, record));
  await page.click(PREVIEW);
  release();
  await page.locator('#bc-continue').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'bc-h');
  assert.equal(await page.evaluate(() => localStorage.getItem('backcheck:default:session')), record, 'nothing overwritten');
  await page.context().close();
});

test('Start pressed on the preview does not skip a notice the preview could not show', async () => {
  const { page, release } = await held('?storage=none');
  await page.click(PREVIEW);
  release();
  await page.waitForSelector(LIVE);
  assert.equal(await page.locator('#bc-storage-notice').count(), 1, 'the notice is there to read');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'bc-h', 'focus on the welcome heading');
  await page.context().close();
});

test('a widget that never starts is replaced by its static fallback, not left as a dead Start button', async () => {
  const page = await browser.newPage({ locale: 'fr-FR' });
  await page.clock.install();
  await page.addInitScript(() => {
    window.__errors = [];
    document.addEventListener('backcheck:error', (e) => window.__errors.push(e.detail.message));
  });
  await page.route('**/widget_bg.wasm', (r) => r.abort());
  await page.goto(server.url + '?clinic-name=Clinique');
  await page.waitForSelector(PREVIEW);
  await page.clock.runFor(9_000);
  assert.equal(await page.locator('.bc-preview').count(), 1, 'not before 10 s');
  await page.clock.runFor(2_000);
  await page.locator('.bc-fallback[role=alert]').waitFor();
  assert.equal(await page.locator('.bc-preview').count(), 0);
  assert.equal(await page.locator('.bc-fallback').getAttribute('lang'), 'fr');
  assert.ok((await page.locator('.bc-fallback li').count()) >= 3, 'the warning signs are listed');
  assert.equal(await page.locator('.bc-fallback a.bc-primary').getAttribute('href'), page.url());
  assert.deepEqual(await page.evaluate(() => window.__errors), ['widget did not start']);
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  assert.deepEqual(results.violations.map((v) => v.id), [], 'axe on the fallback');
  await page.context().close();
});
