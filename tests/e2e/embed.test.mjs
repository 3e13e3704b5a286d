// Embedding on a host page of another origin (host on one localhost port,
// widget on another): both modes complete a journey, auto-height, events
// with their documented payloads only, two instances and a double include,
// remove/re-add, hostile host CSS, no requests after ready, and in isolated
// mode the host page sees none of the answers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, serveHost, launch, answerStep, calm } from './harness.mjs';

let widget, host, browser;

const page = (body, head = '') => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<link rel="icon" href="data:,"><title>Host</title>${head}
<script nonce="host-nonce">window.seen = []; window.violations = [];
document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective + ' ' + e.blockedURI));
for (const n of ['ready','step','cta','complete','error'])
  document.addEventListener('backcheck:' + n, (e) => seen.push({ name: n, detail: e.detail, id: e.target.id }));</script>
</head><body><main><h1>Clinic</h1><a href="#x" id="before">before</a>${body}<a href="#y" id="after">after</a></main></body></html>`;

before(async () => {
  widget = await serve();
  const loader = `<script src="${widget.url}backcheck.js" defer></script>`;
  // Trusted Types with no policy allowed: any HTML string parsed (innerHTML
  // and the like) or script URL set would throw. The widget builds its DOM
  // node by node and loads its module by import(), so it has none.
  const noHtmlStrings = "require-trusted-types-for 'script'; trusted-types 'none'";
  const hostile = '<style>html{font-size:10px} *{line-height:3!important;box-sizing:content-box!important} button{background:red!important;padding:0!important} input{all:unset} h2{font-size:40px}</style>';
  host = await serveHost({
    '/isolated': page(`<back-check id="w1" locale="en" emit="summary" clinic-name="Clinica Norte"></back-check>${loader}`),
    '/inline': page(`<back-check id="w1" mode="inline" data-shadow="open" emit="summary" instance="inline"></back-check>${loader}`),
    '/inline-hostile': page(`<back-check id="w1" mode="inline" data-shadow="open" instance="hostile"></back-check>${loader}`, hostile),
    '/isolated-plain': page(`<back-check id="w1" instance="plain"></back-check>${loader}`),
    '/isolated-hostile': page(`<back-check id="w1" instance="hostile"></back-check>${loader}`, hostile + '<style>iframe{border:5px solid red}</style>'),
    '/isolated-csp': { body: page(`<back-check id="w1"></back-check>${loader}`),
      headers: { 'content-security-policy': `default-src 'none'; script-src 'nonce-host-nonce' ${widget.url}backcheck.js; frame-src ${widget.url}; style-src 'none'; img-src data:; ${noHtmlStrings}` } },
    '/inline-csp': { body: page(`<back-check id="w1" mode="inline" data-shadow="open" instance="csp"></back-check>${loader}`),
      headers: { 'content-security-policy': `default-src 'none'; script-src 'nonce-host-nonce' ${widget.url} 'wasm-unsafe-eval'; connect-src ${widget.url}; style-src 'none'; img-src data:; ${noHtmlStrings}` } },
    '/closed': page(`<back-check id="w1" mode="inline" instance="closed"></back-check>${loader}`),
    '/two': page(`<back-check id="w1" mode="inline" data-shadow="open" instance="a"></back-check>
      <div id="w2" data-backcheck data-mode="inline" data-shadow="open" data-instance="b" data-locale="en"></div>${loader}${loader}`),
  });
  browser = await launch();
});
after(async () => { await browser?.close(); await host?.close(); await widget?.close(); });

/** Run a journey inside `scope` (a Frame or a Page) to the result. */
async function journey(scope) {
  await scope.click('.bc:not(.bc-preview) #bc-start');
  for (let i = 0; i < 30 && !(await scope.locator('#bc-see-result').count()); i++) {
    await answerStep(scope, calm);
    await scope.click('#bc-next');
  }
  await scope.click('#bc-see-result');
  return scope.locator('.bc-level').getAttribute('data-level');
}

test('isolated: a journey in the frame, auto-height, events, and no answers reach the host', async () => {
  const p = await browser.newPage();
  await p.addInitScript(() => {
    window.captured = [];
    for (const t of ['keydown', 'input', 'change', 'message']) {
      window.addEventListener(t, (e) => captured.push(t + ':' + JSON.stringify(e.data ?? e.key ?? e.target?.value ?? '')), true);
    }
  });
  await p.goto(host.url + '/isolated');
  const iframe = p.locator('back-check iframe');
  assert.match(await iframe.getAttribute('title'), /self-check/i);
  const frame = p.frameLocator('back-check iframe');
  await frame.locator('.bc:not(.bc-preview) #bc-start').waitFor();
  await p.waitForFunction(() => seen.some((e) => e.name === 'ready'));
  const f = p.frames().find((x) => x.url().includes('/index.html'));
  assert.equal(await journey(f), 'self_care');
  // Auto-height: the frame is as tall as its content, in whole pixels, no inner scrollbar.
  // The result is tall: the frame grows to fit it.
  await p.waitForFunction(() => parseFloat(document.querySelector('back-check iframe').style.height) > 1000);
  const { frameHeight, scroll } = await f.evaluate(() => ({ frameHeight: innerHeight, scroll: document.documentElement.scrollHeight }));
  assert.ok(scroll <= frameHeight + 1, `content ${scroll}px fits the ${frameHeight}px frame`);
  const seen = await p.evaluate(() => seen);
  const names = [...new Set(seen.map((e) => e.name))];
  assert.deepEqual(names, ['ready', 'step', 'complete']);
  for (const e of seen) {
    const keys = Object.keys(e.detail).sort();
    if (e.name === 'step') assert.deepEqual(keys, ['index', 'total']);
    if (e.name === 'complete') assert.deepEqual(e.detail, { level: 'self_care' });
    if (e.name === 'ready') assert.deepEqual(keys, []);
    assert.equal(e.id, 'w1');
  }
  // The host saw messages only from its own listeners, never an answer.
  const captured = (await p.evaluate(() => captured)).join('\n');
  for (const word of ['while_running', 'lower_back', 'runs_with_pain', 'None of these', 'Lower back']) {
    assert.ok(!captured.includes(word), `host captured "${word}"`);
  }
  // The host cannot read the frame's document (another origin).
  assert.equal(await p.evaluate(() => { try { return !!document.querySelector('back-check iframe').contentDocument; } catch { return false; } }), false);
});

test('inline: a journey in the shadow root with events', async () => {
  const p = await browser.newPage({ locale: 'de-DE' });
  const from = widget.requests.length;
  await p.goto(host.url + '/inline');
  await p.locator('back-check .bc:not(.bc-preview) #bc-start').waitFor();
  // The loader fetched the language file once, while the wasm was still
  // to come, and the widget used it.
  const asked = widget.requests.slice(from);
  assert.deepEqual(asked.filter((r) => r.startsWith('/locales/')), ['/locales/de.txt'], asked.join(' '));
  assert.ok(asked.indexOf('/locales/de.txt') < asked.indexOf('/widget_bg.wasm'), asked.join(' '));
  assert.equal(await p.locator('back-check .bc').getAttribute('lang'), 'de');
  await p.locator('back-check #bc-lang').selectOption('en');
  await p.waitForFunction(() => document.querySelector('back-check').shadowRoot.querySelector('.bc').lang === 'en');
  assert.equal(await journey(p), 'self_care');
  const names = [...new Set((await p.evaluate(() => seen)).map((e) => e.name))];
  assert.deepEqual(names, ['ready', 'step', 'complete']);
});

test('inline: hostile host CSS leaves the layout unchanged', async () => {
  const boxes = async (path) => {
    const p = await browser.newPage({ viewport: { width: 400, height: 800 } });
    await p.goto(host.url + path);
    await p.locator('back-check .bc:not(.bc-preview) #bc-start').waitFor();
    return p.evaluate(() => {
      const root = document.querySelector('back-check').shadowRoot;
      return ['#bc-start', 'h2', '.bc-lang select'].map((s) => {
        const r = root.querySelector(s).getBoundingClientRect();
        return [s, Math.round(r.width), Math.round(r.height)];
      });
    });
  };
  assert.deepEqual(await boxes('/inline-hostile'), await boxes('/inline'));
});

test('isolated: hostile host CSS cannot reach into the frame', async () => {
  const boxes = async (path) => {
    const p = await browser.newPage({ viewport: { width: 400, height: 800 } });
    await p.goto(host.url + path);
    await p.frameLocator('back-check iframe').locator('.bc:not(.bc-preview) #bc-start').waitFor();
    const f = p.frames().find((x) => x.url().includes('/index.html'));
    return f.evaluate(() => ['#bc-start', 'h2', '.bc-lang select'].map((s) => {
      const r = document.querySelector(s).getBoundingClientRect();
      return [s, Math.round(r.height), getComputedStyle(document.querySelector(s)).fontSize];
    }));
  };
  assert.deepEqual(await boxes('/isolated-hostile'), await boxes('/isolated-plain'));
});

test('isolated: with the network gone after ready, a journey still completes', async () => {
  const p = await browser.newPage();
  await p.goto(host.url + '/isolated');
  await p.waitForFunction(() => seen.some((e) => e.name === 'ready'));
  const before = widget.requests.length;
  await p.context().setOffline(true);
  const f = p.frames().find((x) => x.url().includes('/index.html'));
  assert.equal(await journey(f), 'self_care');
  await p.context().setOffline(false);
  assert.equal(widget.requests.length, before, 'no request after ready');
});

test('two instances, the loader included twice, and remove/re-add', async () => {
  const p = await browser.newPage();
  const errors = [];
  p.on('pageerror', (e) => errors.push(String(e)));
  await p.goto(host.url + '/two');
  await p.locator('#w1 .bc:not(.bc-preview) #bc-start').waitFor();
  await p.locator('#w2 .bc:not(.bc-preview) #bc-start').waitFor();
  await p.click('#w1 .bc:not(.bc-preview) #bc-start');
  // The other instance is untouched.
  assert.equal(await p.locator('#w2 .bc:not(.bc-preview) #bc-start').count(), 1);
  assert.equal(await p.locator('#w2 #bc-next').count(), 0);
  // A framework re-mount: remove and re-add the element. Two widgets, one
  // language: its file was fetched once, and the re-mount asks nothing.
  const before = widget.requests.length;
  await p.evaluate(() => { const el = document.getElementById('w2'); const parent = el.parentNode; el.remove(); parent.append(el); });
  await p.locator('#w2 .bc:not(.bc-preview) #bc-start').waitFor();
  assert.equal(await p.locator('#w2 .bc').count(), 1, 'one widget after re-adding');
  assert.deepEqual(widget.requests.slice(before), [], 'no request for the re-mount');
  assert.deepEqual(errors, []);
});

test('no request of any kind after ready; the flow works with the network gone', async () => {
  const p = await browser.newPage();
  await p.goto(host.url + '/inline');
  await p.locator('back-check .bc:not(.bc-preview) #bc-start').waitFor();
  await p.waitForFunction(() => seen.some((e) => e.name === 'ready'));
  const before = [widget.requests.length, host.requests.length];
  const late = [];
  p.on('request', (r) => late.push(r.url()));
  await p.context().setOffline(true);
  assert.equal(await journey(p), 'self_care');
  await p.context().setOffline(false);
  assert.deepEqual([widget.requests.length, host.requests.length], before);
  assert.deepEqual(late, []);
});

for (const mode of ['isolated', 'inline']) {
  test(`${mode}: a strict host CSP gives no violation and the journey completes`, async () => {
    const p = await browser.newPage();
    await p.goto(`${host.url}/${mode}-csp`);
    const scope = mode === 'isolated'
      ? await (async () => { await p.frameLocator('back-check iframe').locator('.bc:not(.bc-preview) #bc-start').waitFor(); return p.frames().find((x) => x.url().includes('/index.html')); })()
      : (await p.locator('back-check .bc:not(.bc-preview) #bc-start').waitFor(), p);
    assert.equal(await journey(scope), 'self_care');
    assert.deepEqual(await p.evaluate(() => violations), []);
  });
}

test('loading takes neither focus nor scroll position from the host page', async () => {
  for (const path of ['/isolated', '/inline']) {
    const p = await browser.newPage({ viewport: { width: 800, height: 400 } });
    await p.goto(host.url + path);
    await p.focus('#after');
    await p.evaluate(() => window.scrollTo(0, 0));
    await p.waitForFunction(() => seen.some((e) => e.name === 'ready'));
    await p.waitForTimeout(300);
    assert.equal(await p.evaluate(() => document.activeElement.id), 'after', path);
    assert.equal(await p.evaluate(() => window.scrollY), 0, path);
  }
});

test('keyboard only: from the host page into the widget, through a step, and out again', async () => {
  for (const path of ['/inline', '/isolated']) {
    const p = await browser.newPage();
    await p.goto(host.url + path);
    await p.waitForFunction(() => seen.some((e) => e.name === 'ready'));
    await p.focus('#before');
    const scope = path === '/isolated' ? p.frames().find((x) => x.url().includes('/index.html')) : p;
    const focusedId = () => scope.evaluate(() => {
      let a = document.activeElement;
      while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
      return a ? a.id : '';
    });
    const tabUntil = async (id) => {
      for (let i = 0; i < 40; i++) {
        await p.keyboard.press('Tab');
        if ((await focusedId()) === id) return;
      }
      throw new Error(`${path}: could not Tab to ${id}`);
    };
    await tabUntil('bc-start');
    await p.keyboard.press('Enter');
    await tabUntil('bc-emergency_signs-none');
    await p.keyboard.press('Space');
    await tabUntil('bc-next');
    await p.keyboard.press('Enter');
    await scope.locator('#bc-onset-gradually').waitFor();
    // And out: Tab keeps going until focus is back on the host's own link.
    for (let i = 0; i < 40 && (await p.evaluate(() => document.activeElement.id)) !== 'after'; i++) {
      await p.keyboard.press('Tab');
    }
    assert.equal(await p.evaluate(() => document.activeElement.id), 'after', `${path}: focus leaves the widget`);
  }
});

test('CTA events say only which action; theme properties reach both modes; invalid attributes warn by name', async () => {
  const themed = (mode) => page(`<back-check id="w1" mode="${mode}" data-shadow="open" instance="t-${mode}" clinic-phone="+34 600 000 000"
      booking-url="javascript:alert(1)" theme="neon" style="--backcheck-accent:#7a1fa2"></back-check>
      <script src="${widget.url}backcheck.js" defer></script>`);
  const extra = await serveHost({ '/isolated': themed('isolated'), '/inline': themed('inline') });
  try {
    for (const mode of ['inline', 'isolated']) {
      const p = await browser.newPage();
      const warnings = [];
      p.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
      await p.goto(`${extra.url}/${mode}`);
      await p.waitForFunction(() => seen.some((e) => e.name === 'ready'));
      const scope = mode === 'isolated' ? p.frames().find((x) => x.url().includes('/index.html')) : p;
      const accent = await scope.locator('.bc:not(.bc-preview) #bc-start').evaluate((b) => getComputedStyle(b).backgroundColor);
      assert.equal(accent, 'rgb(122, 31, 162)', `${mode}: --backcheck-accent honoured`);
      assert.equal(await journey(scope), 'self_care');
      await scope.locator('#bc-cta-call').evaluate((a) => a.addEventListener('click', (e) => e.preventDefault()));
      await scope.click('#bc-cta-call');
      await p.waitForFunction(() => seen.some((e) => e.name === 'cta'));
      const cta = (await p.evaluate(() => seen)).filter((e) => e.name === 'cta');
      assert.deepEqual(cta.map((e) => e.detail), [{ kind: 'call' }]);
      assert.equal(await scope.locator('#bc-cta-book').count(), 0, 'a javascript: booking URL is dropped');
      if (mode === 'inline') {
        assert.ok(warnings.some((w) => w.includes('booking-url')), warnings.join('\n'));
        assert.ok(warnings.some((w) => w.includes('theme')), warnings.join('\n'));
      }
    }
  } finally {
    await extra.close();
  }
});

test('a right-to-left host with a 10px root font leaves the widget readable', async () => {
  const extra = await serveHost({
    '/rtl': page(`<back-check id="w1" mode="inline" data-shadow="open" instance="rtl"></back-check>
      <script src="${widget.url}backcheck.js" defer></script>`, '<style>html{font-size:10px}</style>').replace('<html lang="en">', '<html lang="ar" dir="rtl">'),
  });
  try {
    const p = await browser.newPage({ viewport: { width: 400, height: 800 } });
    await p.goto(`${extra.url}/rtl`);
    await p.locator('back-check .bc:not(.bc-preview) #bc-start').waitFor();
    const { size, height, overflow } = await p.evaluate(() => {
      const root = document.querySelector('back-check').shadowRoot;
      const b = root.querySelector('#bc-start');
      return { size: getComputedStyle(b).fontSize, height: b.getBoundingClientRect().height, overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth };
    });
    assert.equal(size, '16px');
    assert.ok(height >= 44);
    assert.equal(overflow, 0);
  } finally {
    await extra.close();
  }
});

test('in a sandboxed frame without storage the widget works in memory and says so', async () => {
  const extra = await serveHost({
    '/sandbox': page(`<iframe title="BackCheck" sandbox="allow-scripts" style="width:100%;height:900px;border:0" src="${widget.url}index.html"></iframe>`),
  });
  try {
    const p = await browser.newPage();
    const errors = [];
    p.on('pageerror', (e) => errors.push(String(e)));
    await p.goto(`${extra.url}/sandbox`);
    const frame = p.frameLocator('iframe');
    await frame.locator('.bc:not(.bc-preview) #bc-start').waitFor();
    assert.equal(await frame.locator('.bc-notice').count(), 1, 'the "progress will not be kept" line is shown');
    await frame.locator('.bc:not(.bc-preview) #bc-start').click();
    await frame.locator('#bc-emergency_signs-none').click();
    await frame.locator('#bc-next').click();
    await frame.locator('#bc-onset-gradually').waitFor();
    assert.deepEqual(errors, []);
  } finally {
    await extra.close();
  }
});

test('inline with a closed shadow root: the same element removed and re-added mounts again', async () => {
  const p = await browser.newPage();
  const errors = [];
  p.on('pageerror', (e) => errors.push(String(e)));
  await p.goto(host.url + '/closed');
  await p.waitForFunction(() => seen.filter((e) => e.name === 'ready').length === 1);
  assert.equal(await p.evaluate(() => document.getElementById('w1').shadowRoot), null, 'the root is closed');
  await p.evaluate(() => { const el = document.getElementById('w1'); const parent = el.parentNode; el.remove(); parent.append(el); });
  await p.waitForFunction(() => seen.filter((e) => e.name === 'ready').length === 2);
  assert.deepEqual(errors, []);
});
