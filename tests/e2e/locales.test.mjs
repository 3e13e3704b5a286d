// Five languages end to end: a complete journey in each locale driven by ids,
// no English text on any screen or in the print summary, locale negotiation
// from navigator.languages, the switcher keeping answers, axe per locale.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { serve, launch, answerStep, sideways, calm } from './harness.mjs';

const here = import.meta.dirname;
const dir = path.join(here, '../../engine/content/locales');
// Every compiled-in catalogue (English first).
const locales = ['en', ...fs.readdirSync(dir).filter((f) => f.endsWith('.toml')).map((f) => f.slice(0, -5)).filter((l) => l !== 'en').sort()];

/** The string values of a catalogue (`key = "text"` lines). */
function catalogue(locale) {
  const text = fs.readFileSync(path.join(here, `../../engine/content/locales/${locale}.toml`), 'utf8');
  return [...text.matchAll(/^\s*[\w.]+\s*=\s*"((?:[^"\\]|\\.)*)"\s*$/gm)].map((m) => JSON.parse(`"${m[1]}"`));
}

let server, browser, englishOnly;
before(async () => {
  server = await serve();
  browser = await launch();
  // English texts long enough to be unmistakable, and not shared with any other catalogue.
  const others = new Set(locales.filter((l) => l !== 'en').flatMap(catalogue));
  englishOnly = catalogue('en').filter((t) => t.length >= 12 && !others.has(t) && !t.includes('{'));
});
after(async () => { await browser?.close(); await server?.close(); });

const journey = { ...calm, leg_pain: 'below_knee_one_leg', training_changes: ['load_spike'] };

async function noEnglish(page, locale, where) {
  if (locale === 'en') return;
  const text = await page.locator('.bc').innerText();
  const found = englishOnly.filter((t) => text.includes(t));
  assert.deepEqual(found, [], `English text on ${where} in ${locale}`);
}

async function axe(page, label) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa']).analyze();
  assert.deepEqual(results.violations.map((v) => v.id), [], `axe violations on ${label}`);
}

for (const locale of locales) {
  test(`a complete check and print summary in ${locale}, at 320 px`, async () => {
    const page = await browser.newPage({ viewport: { width: 320, height: 700 } });
    await page.goto(`${server.url}?locale=${locale}`);
    await page.waitForSelector('.bc:not(.bc-preview) #bc-start');
    assert.equal(await page.locator('.bc').getAttribute('lang'), locale);
    await noEnglish(page, locale, 'welcome');
    await axe(page, `welcome (${locale})`);
    await page.click('.bc:not(.bc-preview) #bc-start');
    for (let i = 0; i < 30 && !(await page.locator('#bc-see-result').count()); i++) {
      await noEnglish(page, locale, `step ${i + 1}`);
      await answerStep(page, journey);
      await page.click('#bc-next');
    }
    await noEnglish(page, locale, 'review');
    await page.click('#bc-see-result');
    assert.equal(await page.locator('.bc-level').getAttribute('data-level'), 'soon');
    await page.locator('details.bc-why').evaluateAll((ds) => ds.forEach((d) => { d.open = true; }));
    await noEnglish(page, locale, 'result');
    assert.equal(await sideways(page), 0, `no horizontal scroll at 320 px in ${locale}`);
    await axe(page, `result (${locale})`);
    await page.emulateMedia({ media: 'print' });
    const summary = await page.locator('#bc-summary').innerText();
    if (locale !== 'en') {
      assert.deepEqual(englishOnly.filter((t) => summary.includes(t)), [], `English in the ${locale} print summary`);
    }
    assert.ok(summary.length > 500);
  });
}

for (const [preferred, primary] of [['pt-BR', 'pt'], ['de-AT', 'de'], ['fr-CA', 'fr'], ['es-419', 'es'], ['ja-JP', 'ja']]) {
  const expected = locales.includes(primary) ? primary : 'en';
  test(`navigator.languages ${preferred} → ${expected}`, async () => {
    const page = await browser.newPage({ locale: preferred });
    await page.goto(server.url);
    await page.waitForSelector('.bc:not(.bc-preview) #bc-start');
    assert.equal(await page.locator('.bc').getAttribute('lang'), expected);
  });
}

test('the language switcher keeps the answers', async () => {
  const page = await browser.newPage({ locale: 'en-GB' });
  await page.goto(server.url);
  await page.click('.bc:not(.bc-preview) #bc-start');
  await answerStep(page, journey);
  await page.click('#bc-next');
  await answerStep(page, journey);
  await page.click('#bc-next');
  await page.click('#bc-back');
  await page.click('#bc-back');
  await page.click('#bc-back');
  const other = locales.at(-1);
  await page.selectOption('#bc-lang', other);
  // The first switch to a language fetches its file.
  await page.waitForFunction((l) => document.querySelector('.bc')?.lang === l, other);
  await page.click('.bc:not(.bc-preview) #bc-start');
  // Resumes at the first unanswered step, answers kept.
  await page.click('#bc-back');
  assert.equal(await page.locator('#bc-onset-while_running').isChecked(), true);
  await page.click('#bc-back');
  assert.equal(await page.locator('#bc-emergency_signs-none').isChecked(), true);
});

test('US English shows miles beside kilometres; British English does not', async () => {
  const shoes = async (locale) => {
    const page = await browser.newPage({ locale });
    await page.goto(server.url);
    await page.click('.bc:not(.bc-preview) #bc-start');
    for (let i = 0; i < 30 && !(await page.locator('#bc-kit_and_form-worn_or_single_shoes').count()); i++) {
      await answerStep(page, journey);
      await page.click('#bc-next');
    }
    return page.locator('label[for="bc-kit_and_form-worn_or_single_shoes"]').innerText();
  };
  assert.match(await shoes('en-US'), /km \(\d+–\d+ miles\)/);
  assert.doesNotMatch(await shoes('en-GB'), /miles/);
});
