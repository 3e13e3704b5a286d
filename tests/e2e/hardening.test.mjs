// Faults on the release build: saved state that cannot be read, storage that
// is full or fills up mid-way, a panic inside the widget (standalone, in the
// loader's frame and inline on a host page of another origin), and a page
// restored from the back/forward cache.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, serveHost, launch, answerStep, runJourney, sideways, calm } from './harness.mjs';

let server, browser;
before(async () => {
  server = await serve();
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.close(); });

const KEY = 'backcheck:default:session';

/** A page of the widget's own site that records uncaught errors. */
async function open(init, options = {}) {
  const page = await browser.newPage(options);
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  if (init) await page.addInitScript(init);
  await page.goto(server.url);
  await page.waitForSelector('.bc:not(.bc-preview) #bc-start');
  return { page, errors };
}

/** A real saved record, as the widget wrote it two steps into a check. */
async function realRecord() {
  const { page } = await open();
  await page.click('.bc:not(.bc-preview) #bc-start');
  await answerStep(page, calm);
  await page.click('#bc-next');
  const record = await page.evaluate((k) => localStorage.getItem(k), KEY);
  await page.context().close();
  assert.match(record, /"app":"backcheck"/);
  return record;
}

test('saved state that cannot be read is a fresh start with a notice, and is removed', async () => {
  const record = await realRecord();
  const cases = {
    truncated: record.slice(0, Math.floor(record.length / 2)),
    'not JSON': '\u0000\uffff<html>',
    'another app': '{"app":"other","schema":1,"session":{}}',
    'a future schema': record.replace('"schema":1', '"schema":99'),
    'wrong fields': record.replace(/"step":\{"screen":\{"index":\d+\}\}/, '"step":"sideways"'),
    huge: `{"app":"backcheck","schema":1,"pad":"${'x'.repeat(3_000_000)}"}`,
  };
  for (const [label, value] of Object.entries(cases)) {
    assert.notEqual(value, record, label);
    const { page, errors } = await open();
    await page.evaluate(([k, v]) => localStorage.setItem(k, v), [KEY, value]);
    await page.reload();
    await page.waitForSelector('.bc:not(.bc-preview) #bc-start');
    assert.equal(await page.locator('#bc-discarded').count(), 1, `${label}: notice`);
    assert.equal(await page.locator('#bc-continue').count(), 0, `${label}: nothing offered`);
    assert.equal(await page.evaluate((k) => localStorage.getItem(k), KEY), null, `${label}: removed`);
    assert.equal(await runJourney(page, calm), 'review', label);
    assert.deepEqual(errors, [], label);
    // A saved record that is fine is offered, with no notice.
    await page.reload();
    await page.waitForSelector('#bc-continue');
    assert.equal(await page.locator('#bc-discarded').count(), 0, `${label}: no notice once readable`);
    await page.context().close();
  }
});

test('storage already full: the check works in memory and says so', async () => {
  const { page, errors } = await open();
  const filled = await page.evaluate(() => {
    // Fill this origin's quota to the last character.
    let n = 0;
    for (let size = 1 << 20; size >= 1; size >>= 1) {
      for (;;) {
        try { localStorage.setItem(`filler${n}`, 'x'.repeat(size)); n++; } catch { break; }
      }
    }
    return n;
  });
  assert.ok(filled > 0);
  await page.reload();
  await page.waitForSelector('.bc:not(.bc-preview) #bc-start');
  assert.equal(await page.locator('#bc-storage-notice').count(), 1);
  assert.equal(await runJourney(page, calm), 'review');
  await page.click('#bc-see-result');
  await page.check('#bc-item-warm_up');
  assert.equal(await page.locator('.bc-level').getAttribute('data-level'), 'self_care');
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('storage that fills up mid-way: the person is told, and nothing is lost', async () => {
  const { page, errors } = await open(() => {
    const set = Storage.prototype.setItem;
    Storage.prototype.setItem = function (k, v) {
      if (window.storageFull) throw new DOMException('full', 'QuotaExceededError');
      return set.call(this, k, v);
    };
  });
  await page.click('.bc:not(.bc-preview) #bc-start');
  await answerStep(page, calm);
  await page.evaluate(() => { window.storageFull = true; });
  await page.click('#bc-next');
  await page.waitForSelector('#bc-storage-notice');
  assert.match(await page.locator('#bc-storage-notice').innerText(), /storage is full/);
  // Announced through the live region that is always there.
  assert.match(await page.locator('.bc > [role=status]').first().innerText(), /storage is full/);
  // The last record that fitted is older than what is on screen: removed.
  assert.equal(await page.evaluate((k) => localStorage.getItem(k), KEY), null);
  await page.click('#bc-back');
  assert.equal(await page.locator('#bc-emergency_signs-none').isChecked(), true);
  for (let i = 0; i < 30 && !(await page.locator('#bc-see-result').count()); i++) {
    await answerStep(page, calm);
    await page.click('#bc-next');
  }
  await page.click('#bc-see-result');
  assert.equal(await page.locator('.bc-level').getAttribute('data-level'), 'self_care');
  assert.equal(await page.locator('#bc-storage-notice').count(), 1);
  assert.deepEqual(errors, []);
  await page.context().close();
});

/** Assert a widget scope shows the static fallback with its parts. */
async function assertFallback(scope, phone) {
  const box = scope.locator('.bc-fallback[role=alert]');
  await box.waitFor();
  const text = await box.innerText();
  assert.ok(text.length > 200, 'the emergency advice is there');
  assert.equal(await scope.locator('#bc-next').count(), 0, 'the broken flow is gone');
  const links = await box.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  if (phone) assert.ok(links.includes(`tel:${phone}`), links.join(' '));
  assert.ok(links.some((h) => h.startsWith('http')), 'a reload link');
}

test('a panic on the standalone page leaves a static fallback and a backcheck:error event', async () => {
  const { page, errors } = await open(() => {
    window.seen = [];
    document.addEventListener('backcheck:error', (e) => seen.push(e.detail));
  });
  await page.click('.bc:not(.bc-preview) #bc-start');
  await answerStep(page, calm);
  await page.evaluate(() => { window.__backcheckFault = 'panic'; });
  await page.click('#bc-next');
  await assertFallback(page);
  assert.equal((await page.evaluate(() => seen)).length, 1);
  // The trap that ends the wasm after the hook ran is the only error.
  assert.ok(errors.length <= 1 && errors.every((e) => /unreachable|RuntimeError/i.test(e)), errors.join('\n'));
  await page.context().close();
});

test('a panic inside an embedded widget leaves the host page working, in both modes', async () => {
  const hostPage = (widget) => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<link rel="icon" href="data:,"><title>Host</title>
<script>window.seen = []; window.clicks = 0;
document.addEventListener('backcheck:error', (e) => seen.push(e.target.id));</script></head>
<body><h1>Clinic</h1><button id="host-button" onclick="clicks++">Host</button>${widget}
<script src="${server.url}backcheck.js" defer></script></body></html>`;
  const host = await serveHost({
    '/isolated': hostPage('<back-check id="w1" clinic-phone="+34 600 000 000"></back-check>'),
    '/inline': hostPage('<back-check id="w1" mode="inline" data-shadow="open" clinic-phone="+34 600 000 000"></back-check>'),
  });
  try {
    for (const mode of ['isolated', 'inline']) {
      const page = await browser.newPage();
      await page.goto(`${host.url}/${mode}`);
      let scope;
      if (mode === 'isolated') {
        await page.waitForSelector('back-check iframe');
        scope = page.frameLocator('back-check iframe');
      } else {
        scope = page.locator('back-check');
      }
      await scope.locator('.bc:not(.bc-preview) #bc-start').click();
      await answerStep(scope, calm);
      if (mode === 'isolated') {
        const frame = page.frames().find((f) => f !== page.mainFrame());
        await frame.evaluate(() => { window.__backcheckFault = 'panic'; });
      } else {
        await page.evaluate(() => { window.__backcheckFault = 'panic'; });
      }
      await scope.locator('#bc-next').click();
      await assertFallback(scope, '+34600000000');
      await page.waitForFunction(() => seen.length === 1);
      assert.deepEqual(await page.evaluate(() => seen), ['w1'], mode);
      await page.click('#host-button');
      assert.equal(await page.evaluate(() => clicks), 1, `${mode}: the host page still works`);
      assert.equal(await page.locator('h1').innerText(), 'Clinic');
      if (mode === 'isolated') {
        const height = await page.locator('back-check iframe').evaluate((f) => f.getBoundingClientRect().height);
        assert.ok(height > 200, `${mode}: the frame fits the fallback (${height}px)`);
      }
      await page.context().close();
    }
  } finally {
    await host.close();
  }
});

test('a page restored from the back/forward cache is still on the same step and working', async () => {
  // Playwright turns the back/forward cache off by default; this test needs it.
  const bf = await launch({ bfcache: true });
  try {
    const page = await bf.newPage();
    await page.addInitScript(() => {
      window.restored = false;
      addEventListener('pageshow', (e) => { if (e.persisted) window.restored = true; });
    });
    await page.goto(server.url);
    await page.click('.bc:not(.bc-preview) #bc-start');
    await answerStep(page, calm);
    await page.click('#bc-next');
    const heading = await page.locator('h2').innerText();
    await page.goto(`${server.url}index.html?elsewhere=1`);
    await page.waitForSelector('#bc-continue');
    // A page restored from the cache fires no load event: wait for the commit.
    await page.goBack({ waitUntil: 'commit' });
    await page.waitForFunction(() => window.restored);
    assert.equal(await page.evaluate(() => window.restored), true, 'restored from the back/forward cache');
    assert.equal(await page.locator('h2').innerText(), heading);
    await page.click('#bc-back');
    assert.equal(await page.locator('#bc-emergency_signs-none').isChecked(), true);
    await page.click('#bc-next');
    await answerStep(page, calm);
    await page.click('#bc-next');
    assert.match(await page.locator('.bc-progress-text').innerText(), /^Step 3 of/);
  } finally {
    await bf.close();
  }
});

test('when no text file can be fetched, the static fallback shows in English', async () => {
  const page = await browser.newPage({ locale: 'de-DE' });
  await page.addInitScript(() => {
    window.seen = [];
    document.addEventListener('backcheck:error', (e) => seen.push(e.detail.message));
  });
  const asked = [];
  await page.route('**/locales/*.txt', (r) => { asked.push(new URL(r.request().url()).pathname); return r.abort(); });
  await page.goto(server.url);
  await assertFallback(page);
  assert.deepEqual(asked, ['/locales/de.txt', '/locales/en.txt'], 'the language shown, then English');
  const text = await page.locator('.bc-fallback').innerText();
  assert.doesNotMatch(text, /\b(ui|safety)\.[a-z_.]+/, 'no bare text keys');
  assert.match(text, /emergency/i);
  assert.equal(await page.locator('.bc-fallback').getAttribute('lang'), 'en');
  assert.deepEqual(await page.evaluate(() => seen), ['text unavailable']);
  await page.context().close();
});

test('a language that cannot be fetched leaves the page as it was and says so', async () => {
  // No service worker: it would have every language cached already.
  const { page, errors } = await open(undefined, { serviceWorkers: 'block' });
  await page.route('**/locales/de.txt', (r) => r.abort());
  const heading = await page.locator('h2').innerText();
  await page.selectOption('#bc-lang', 'de');
  await page.locator('.bc-lang .bc-notice').waitFor();
  assert.equal(await page.locator('h2').innerText(), heading);
  assert.equal(await page.locator('#bc-lang').inputValue(), 'en');
  await page.unroute('**/locales/de.txt');
  await page.selectOption('#bc-lang', 'de');
  await page.waitForFunction(() => document.querySelector('.bc')?.lang === 'de');
  assert.notEqual(await page.locator('h2').innerText(), heading);
  assert.equal(await page.locator('.bc-lang .bc-notice').count(), 0);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('hostile attribute values leave a working widget with no injected markup, in both modes', async () => {
  const attrs = {
    'clinic-name': `<img src=x onerror="window.pwned=1">\u0007${'Ü'.repeat(500)}`,
    'clinic-phone': 'javascript:alert(1)',
    'booking-url': 'data:text/html,<script>window.pwned=1</script>',
    'emergency-number': '112\u001b[31m',
    theme: 'red;}body{display:none',
    locale: '<script>',
    instance: '../../etc',
    storage: 'cookie',
    emit: 'everything',
  };
  const escape = (v) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  const el = Object.entries(attrs).map(([k, v]) => `${k}="${escape(v)}"`).join(' ');
  const doc = (mode) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Host</title></head>
<body><back-check id="w1" mode="${mode}" data-shadow="open" ${el}></back-check><script src="${server.url}backcheck.js" defer></script></body></html>`;
  const host = await serveHost({ '/inline': doc('inline'), '/isolated': doc('isolated') });
  try {
    for (const mode of ['inline', 'isolated']) {
      const page = await browser.newPage({ viewport: { width: 320, height: 800 } });
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(`${host.url}/${mode}`);
      const scope = mode === 'inline' ? page.locator('back-check') : page.frameLocator('back-check iframe');
      await scope.locator('.bc:not(.bc-preview) #bc-start').waitFor();
      const clinic = await scope.locator('.bc-clinic').innerText();
      assert.match(clinic, /<img src=x/, `${mode}: the name is shown as text`);
      assert.ok(clinic.length < 200, `${mode}: the name is capped (${clinic.length} characters)`);
      assert.equal(await scope.locator('img').count(), 0, `${mode}: no markup injected`);
      assert.equal(await scope.locator('.bc').getAttribute('lang'), 'en');
      const overflow = await sideways(mode === 'inline' ? page : page.frames()[1]);
      assert.equal(overflow, 0, `${mode}: no horizontal scrolling at 320 px`);
      await scope.locator('.bc:not(.bc-preview) #bc-start').click();
      await answerStep(scope, { emergency_signs: ['chest_pain'] });
      assert.equal(await scope.locator('a[href^="tel:"]').count(), 0, `${mode}: no invalid number dialled`);
      assert.match(await scope.locator('.bc-call-generic').innerText(), /emergency/i);
      assert.equal(await page.evaluate(() => window.pwned), undefined);
      assert.deepEqual(errors, [], mode);
      await page.context().close();
    }
  } finally {
    await host.close();
  }
});

test('double-clicking Back loses no answers', async () => {
  const { page, errors } = await open();
  await page.click('.bc:not(.bc-preview) #bc-start');
  for (let i = 0; i < 3; i++) {
    await answerStep(page, calm);
    await page.click('#bc-next');
  }
  await page.dblclick('#bc-back');
  for (let i = 0; i < 5 && !(await page.locator('#bc-onset-while_running').count()); i++) await page.click('#bc-back');
  assert.equal(await page.locator('#bc-onset-while_running').isChecked(), true);
  await page.click('#bc-back');
  assert.equal(await page.locator('#bc-emergency_signs-none').isChecked(), true);
  await page.click('#bc-next');
  await page.click('#bc-next');
  assert.equal(await page.locator('#bc-health_signs-none').isChecked(), true, 'the third step kept its answer');
  assert.deepEqual(errors, []);
  await page.context().close();
});

/** The widget's page, its wasm memory kept as `window.memory`. */
const openWithMemory = () => open(() => {
  addEventListener('TrunkApplicationStarted', (e) => { window.memory = e.detail.wasm.memory; });
});

/** Further than the benchmark's journey: to the largest language file
 *  (French) and back, a change on the review, the result, a tick, a copy,
 *  and back to the review. */
async function longJourney(page) {
  await page.selectOption('#bc-lang', 'fr');
  await page.waitForFunction(() => document.querySelector('.bc')?.lang === 'fr');
  await page.selectOption('#bc-lang', 'en');
  await page.waitForFunction(() => document.querySelector('.bc')?.lang === 'en');
  assert.equal(await runJourney(page, calm), 'review');
  await page.click('#bc-change-pain_area');
  await page.click('#bc-next');
  await page.click('#bc-see-result');
  await page.check('#bc-item-warm_up');
  await page.click('#bc-copy');
  await page.waitForSelector('.bc-status:not(:empty)');
  await page.click('#bc-back');
}

test('a full journey uses well under half of the 128 KB wasm stack', async () => {
  // The release build links the wasm with a 128 KB stack (xtask WASM_STACK)
  // instead of Rust's 1 MiB, to keep memory small. The stack sits at the
  // bottom of linear memory and grows down from 128 KB; bytes it never
  // reached are still zero.
  const STACK = 128 * 1024;
  const { page, errors } = await openWithMemory();
  await longJourney(page);
  const lowest = await page.evaluate(() => new Uint8Array(window.memory.buffer).findIndex((b) => b !== 0));
  const used = STACK - lowest;
  assert.ok(used > 0 && used < STACK / 2, `stack used: ${used} bytes`);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('the wasm heap does not grow during a journey: it was reserved at mount', async () => {
  // lib.rs, HEAP_AHEAD: a growth mid-step came with a V8 deoptimisation.
  const { page, errors } = await openWithMemory();
  const pages = () => page.evaluate(() => window.memory.buffer.byteLength / 65536);
  const atMount = await pages();
  await longJourney(page);
  await page.click('#bc-see-result');
  await page.waitForSelector('.bc-level');
  assert.equal(await pages(), atMount, `wasm memory: ${atMount} pages at mount`);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('a text file that never arrives ends in the fallback, not a blank box', async () => {
  const page = await browser.newPage({ serviceWorkers: 'block' });
  await page.clock.install();
  await page.route('**/locales/*.txt', () => {}); // never answered
  await page.goto(server.url);
  await page.waitForFunction(() => window.wasmBindings);
  assert.equal(await page.locator('.bc-fallback').count(), 0);
  await page.clock.runFor(6500); // the language shown gives up…
  await page.clock.runFor(6500); // …then English
  await assertFallback(page);
  await page.context().close();
});

test('a quick second tap on a neighbouring answer of the same step counts; a double click on one answer ticks it once', async () => {
  const { page, errors } = await open();
  await page.click('.bc:not(.bc-preview) #bc-start');
  await answerStep(page, calm);
  await page.click('#bc-next');
  await answerStep(page, calm);
  await page.click('#bc-next');
  // Two boxes of one question, the second tapped as the "double" of the first.
  const box = async (id) => page.locator(`label[for="${id}"]`).boundingBox();
  const a = await box('bc-health_signs-fever_unwell');
  const b = await box('bc-health_signs-cancer_history');
  await page.mouse.click(a.x + 10, a.y + a.height / 2);
  // One press that the browser numbers as the second of a double click.
  await page.mouse.move(b.x + 10, b.y + b.height / 2);
  await page.mouse.down({ clickCount: 2 });
  await page.mouse.up({ clickCount: 2 });
  assert.equal(await page.locator('#bc-health_signs-fever_unwell').isChecked(), true);
  assert.equal(await page.locator('#bc-health_signs-cancer_history').isChecked(), true);
  // A double click on one answer ticks it once (not tick, then untick).
  await page.dblclick('label[for="bc-health_signs-infection_risk"]');
  assert.equal(await page.locator('#bc-health_signs-infection_risk').isChecked(), true);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('a language that arrives after the person chose another does not take over', async () => {
  const { page, errors } = await open(undefined, { serviceWorkers: 'block' });
  await page.route('**/locales/fr.txt', async (r) => { await new Promise((res) => setTimeout(res, 1500)); await r.continue(); });
  await page.selectOption('#bc-lang', 'fr');
  await page.selectOption('#bc-lang', 'de');
  await page.waitForFunction(() => document.querySelector('.bc')?.lang === 'de');
  await page.waitForTimeout(2500); // French has arrived by now
  assert.equal(await page.locator('.bc').getAttribute('lang'), 'de');
  assert.equal(await page.locator('#bc-lang').inputValue(), 'de');
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('the out-of-sight rehearsal of the screens leaves no trace on the page', async () => {
  const { page, errors } = await open(() => {
    // What the rehearsal presses, whether that was in the document, and
    // everything it could leak: events, storage writes, focus.
    window.pressed = [];
    const click = HTMLElement.prototype.click;
    HTMLElement.prototype.click = function () {
      pressed.push([this.id, this.isConnected]);
      return click.call(this);
    };
    window.events = [];
    for (const name of ['ready', 'step', 'cta', 'complete', 'error']) {
      document.addEventListener(`backcheck:${name}`, () => events.push(name), true);
    }
    window.writes = [];
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key, value) { writes.push(key); return setItem.call(this, key, value); };
    window.focused = [];
    document.addEventListener('focusin', (e) => focused.push(e.target.id), true);
  });
  await page.waitForFunction(() => pressed.some(([id]) => id === 'bc-see-result'));
  // Give a stray step, were there one, the time to show itself.
  await page.waitForTimeout(300);
  const pressed = await page.evaluate(() => pressed);
  const ids = pressed.map(([id]) => id);
  assert.ok(ids.length >= 10, `a press per screen: ${ids.join(' ')}`);
  assert.deepEqual(ids.slice(0, -1), ids.slice(0, -1).map(() => 'bc-next'), ids.join(' '));
  assert.equal(ids.at(-1), 'bc-see-result', 'once, to the result, and no further');
  assert.ok(pressed.every(([, connected]) => !connected), 'never an element in the document');
  assert.deepEqual(await page.evaluate(() => events), ['ready'], 'only the real widget speaks');
  // The real widget's probe of whether storage works; nothing else.
  assert.deepEqual(await page.evaluate(() => writes), ['backcheck:probe'], 'nothing stored');
  assert.deepEqual(await page.evaluate(() => focused), [], 'the focus is left alone');
  assert.equal(await page.locator('.bc').count(), 1, 'one widget in the document');
  assert.deepEqual(errors, []);
  // The real widget starts at its beginning, unaffected.
  await page.click('.bc:not(.bc-preview) #bc-start');
  assert.match(await page.locator('.bc-progress-text').innerText(), /^Step 1 of/);
  assert.equal(await page.locator('input:checked').count(), 0, 'no answer carried over');
  await page.context().close();
});
