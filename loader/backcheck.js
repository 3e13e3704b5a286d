/*! BackCheck loader 0.1.0 — one script tag puts the self-check on a page.
 * <back-check locale="es" clinic-name="…"></back-check> or <div data-backcheck data-locale="es">.
 * mode="isolated" (default): a titled iframe of the widget's own page; answers stay inside it.
 * mode="inline": a shadow root on the host page (host scripts can observe it).
 * Events on the element: backcheck:ready, :step, :cta, :complete (emit="summary"), :error.
 */
(() => {
  'use strict';
  if (window.__backcheckLoader) return; // included twice: define once
  window.__backcheckLoader = true;

  const script = document.currentScript;
  const base = new URL('.', script ? script.src : location.href);
  const SETTINGS = ['locale', 'clinic-name', 'clinic-phone', 'booking-url', 'emergency-number',
    'theme', 'instance', 'storage', 'emit', 'mode'];
  const TITLES = { en: 'Back pain self-check', es: 'Autoevaluación del dolor de espalda',
    pt: 'Autoavaliação da dor nas costas', fr: 'Auto-évaluation du mal de dos', de: 'Selbstcheck bei Rückenschmerzen' };
  const mounted = new WeakMap();
  // The language the widget will choose (as Config::resolve does: the
  // setting, else the browser's languages, else English), so inline mode can
  // fetch its text file while the wasm downloads.
  const LOCALES = ['en', 'de', 'es', 'fr', 'pt'];
  const primary = (t) => t.split(/[-_]/)[0].toLowerCase();
  const language = (setting) => (setting == null ? (navigator.languages || []).map(primary) : [primary(setting)])
    .find((l) => LOCALES.includes(l)) || 'en';

  /** Settings from attributes (`clinic-name`) or data attributes (`data-clinic-name`). */
  function settings(el) {
    const out = {};
    for (const name of SETTINGS) {
      const v = el.getAttribute(name) ?? el.getAttribute('data-' + name);
      if (v !== null) out[name] = v;
    }
    return out;
  }

  /** Theme custom properties set on the element, passed into the frame. */
  function theme(el) {
    const style = getComputedStyle(el);
    const out = {};
    for (const p of ['accent', 'bg', 'fg', 'radius', 'font']) {
      const v = style.getPropertyValue('--backcheck-' + p).trim();
      // Plain values only: colours, lengths, font names. Nothing that can load a URL.
      if (v && v.length <= 200 && /^[\w\s#%.,'"()+-]*$/.test(v) && !/url\s*\(/i.test(v)) out[p] = v;
    }
    return out;
  }

  function mountIsolated(el, s) {
    const frame = document.createElement('iframe');
    const params = new URLSearchParams({ ...s, embed: 'frame', origin: location.origin });
    for (const [k, v] of Object.entries(theme(el))) params.set('theme-' + k, v);
    frame.src = new URL('index.html', base).href + '#' + params.toString();
    frame.title = TITLES[language(s.locale)] || TITLES.en;
    frame.setAttribute('loading', 'eager');
    frame.style.cssText = 'display:block;width:100%;min-width:0;height:640px;border:0;overflow:hidden;color-scheme:normal';
    const origin = base.origin;
    const onMessage = (e) => {
      if (e.source !== frame.contentWindow || e.origin !== origin) return;
      const m = e.data;
      if (!m || m.backcheck !== 1) return;
      if (m.type === 'height' && Number.isFinite(m.height)) {
        const h = Math.max(120, Math.ceil(m.height));
        if (frame.style.height !== h + 'px') frame.style.height = h + 'px';
      } else if (m.type === 'event' && /^(ready|step|cta|complete|error)$/.test(m.name)) {
        el.dispatchEvent(new CustomEvent('backcheck:' + m.name, { bubbles: true, composed: true, detail: m.detail || {} }));
      }
    };
    window.addEventListener('message', onMessage);
    el.replaceChildren(frame);
    return () => { window.removeEventListener('message', onMessage); frame.remove(); };
  }

  const texts = {};
  let wasm;
  function loadWasm() {
    wasm ??= import(new URL('widget.js', base).href).then(async (mod) => {
      await mod.default({ module_or_path: new URL('widget_bg.wasm', base) });
      return mod;
    });
    return wasm;
  }
  let sheet;
  function loadSheet() {
    sheet ??= fetch(new URL('backcheck.css', base)).then((r) => r.text()).then((css) => {
      const s = new CSSStyleSheet();
      // Nothing from the host's styles is inherited into the widget.
      s.replaceSync(':host{all:initial;display:block;contain:content}\n' + css);
      return s;
    });
    return sheet;
  }

  // A closed shadow root is invisible through el.shadowRoot, and an element
  // can only ever get one: remember ours for when a framework re-adds it.
  const roots = new WeakMap();
  function mountInline(el, s) {
    const root = roots.get(el) ?? el.shadowRoot ?? el.attachShadow({ mode: el.getAttribute('data-shadow') === 'open' ? 'open' : 'closed' });
    roots.set(el, root);
    const box = document.createElement('div');
    root.replaceChildren(box);
    let alive = true;
    const lang = language(s.locale);
    // One fetch per language for the page's life (a re-mount asks nothing);
    // a failed one is forgotten so a later mount can try again.
    const text = texts[lang] ??= fetch(new URL(`locales/${lang}.txt`, base))
      .then((r) => (r.ok ? r.arrayBuffer() : Promise.reject(new Error(`HTTP ${r.status}`))));
    text.catch(() => { delete texts[lang]; }); // the widget falls back to English
    Promise.all([loadWasm(), loadSheet()]).then(([mod, css]) => {
      if (!alive) return;
      root.adoptedStyleSheets = [css];
      mod.mount_inline(box, s, new URL('./', base).href, lang, text);
    }).catch((err) => {
      el.dispatchEvent(new CustomEvent('backcheck:error', { bubbles: true, composed: true, detail: { message: String(err) } }));
    });
    return () => { alive = false; root.replaceChildren(); };
  }

  function mount(el) {
    if (mounted.has(el)) return;
    const s = settings(el);
    const unmount = s.mode === 'inline' ? mountInline(el, s) : mountIsolated(el, s);
    mounted.set(el, unmount);
  }

  function unmount(el) {
    mounted.get(el)?.();
    mounted.delete(el);
  }

  if (!customElements.get('back-check')) {
    customElements.define('back-check', class extends HTMLElement {
      connectedCallback() { mount(this); }
      disconnectedCallback() { unmount(this); }
    });
  }

  // Site builders that strip unknown tags: <div data-backcheck>.
  const scan = (node) => {
    if (node.nodeType !== 1) return;
    if (node.matches('[data-backcheck]')) mount(node);
    node.querySelectorAll('[data-backcheck]').forEach(mount);
  };
  const observer = new MutationObserver((records) => {
    for (const r of records) {
      r.addedNodes.forEach(scan);
      r.removedNodes.forEach((n) => {
        if (n.nodeType !== 1) return;
        if (n.matches('[data-backcheck]') && !n.isConnected) unmount(n);
        n.querySelectorAll?.('[data-backcheck]').forEach((d) => { if (!d.isConnected) unmount(d); });
      });
    }
  });
  const start = () => {
    scan(document.documentElement);
    observer.observe(document.documentElement, { childList: true, subtree: true });
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
  else start();
})();
