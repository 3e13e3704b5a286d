// BackCheck page preview, inlined into the widget's page by the build
// (src/bin/prerender.rs) after the welcome screens it prerendered with the
// widget's own views, one <template> per language. At parse time it shows
// the one the widget will choose, so the first screen does not wait for the
// wasm; the widget replaces it when it starts. What the person does on it is
// kept for the widget: a press on Start (`data-start` on the mount point), a
// language chosen (`data-locale`) and where the focus is.
(() => {
  'use strict';
  const root = document.getElementById('backcheck-standalone');
  if (!root) return;
  const hash = new URLSearchParams(location.hash.slice(1));
  const query = new URLSearchParams(location.search);
  const get = (n) => hash.get(n) ?? query.get(n);
  // Same choice as Config::resolve: the fragment's setting, else the
  // query's, else the browser's languages, else English.
  const supported = ['en', 'de', 'es', 'fr', 'pt'];
  const primary = (t) => t.split(/[-_]/)[0].toLowerCase();
  const setting = get('locale');
  const lang = (setting === null ? (navigator.languages || []).map(primary) : [primary(setting)])
    .find((l) => supported.includes(l)) || 'en';
  // Fetch the text file the widget will ask for while the wasm is still
  // loading (a wrong guess costs one unused file).
  const preload = (l) => document.head.append(Object.assign(document.createElement('link'),
    { rel: 'preload', as: 'fetch', href: `locales/${l}.txt`, crossOrigin: 'anonymous' }));
  preload(lang);
  // The settings that change the welcome screen, cleaned as Config does;
  // anything this gets wrong the widget corrects when it takes over.
  const theme = get('theme');
  // In the loader's frame: the host's theme values, checked as the loader
  // checked them, before anything is painted.
  if (hash.get('embed') === 'frame' && window.parent !== window && /^https?:\/\/[^/\s]+$/.test(hash.get('origin') || '')) {
    const safe = /^[\w\s#%.,'"()+-]{1,200}$/;
    for (const k of ['accent', 'bg', 'fg', 'radius', 'font']) {
      const v = hash.get('theme-' + k);
      if (v && safe.test(v) && !/url\s*\(/i.test(v)) document.documentElement.style.setProperty('--backcheck-' + k, v);
    }
  }
  const name = [...(get('clinic-name') || '').replace(/\p{Cc}/gu, ' ').split(/\s+/).filter(Boolean).join(' ')]
    .slice(0, 120).join('');
  const show = (l) => {
    const t = document.getElementById('bc-pre-' + l);
    if (!t) return false;
    const box = t.content.firstElementChild.cloneNode(true);
    if (['light', 'dark', 'auto'].includes(theme)) box.className = box.className.replace(/bc-theme-\w+/, 'bc-theme-' + theme);
    const clinic = box.querySelector('.bc-clinic');
    if (clinic && name) clinic.textContent = clinic.textContent.replace('\uE000', () => name);
    else clinic?.remove();
    root.replaceChildren(box);
    return true;
  };
  if (root.firstChild || !show(lang)) return;
  root.addEventListener('click', (e) => {
    const start = e.target.closest('.bc-preview #bc-start');
    if (!start) return;
    root.dataset.start = '';
    start.setAttribute('aria-busy', 'true');
  });
  // The widget's files may never come (offline on a first visit, blocked,
  // a browser without WebAssembly): a welcome screen whose Start does
  // nothing must not stay. 10 s after the page has loaded, the widget's
  // static fallback (emergency advice, reload) replaces it.
  let started = false;
  for (const name of ['backcheck:ready', 'backcheck:error']) document.addEventListener(name, () => { started = true; }, { once: true });
  addEventListener('load', () => setTimeout(() => {
    const shown = root.querySelector('.bc-preview');
    const t = shown && document.getElementById('bc-fail-' + shown.lang);
    if (started || !t) return;
    const box = t.content.firstElementChild.cloneNode(true);
    box.querySelector('a.bc-primary')?.setAttribute('href', location.href);
    root.replaceChildren(box);
    root.dispatchEvent(new CustomEvent('backcheck:error', { bubbles: true, composed: true, detail: { message: 'widget did not start' } }));
  }, 10000), { once: true });
  root.addEventListener('change', (e) => {
    const select = e.target.closest('.bc-preview #bc-lang');
    if (!select || !supported.includes(select.value)) return;
    const l = select.value;
    root.dataset.locale = l;
    preload(l);
    if (show(l)) root.querySelector('#bc-lang').focus();
  });
})();
