/*! BackCheck page glue for the widget's own page.
 * Standalone: registers the service worker that keeps the page working
 * offline, once the widget has started.
 * In the loader's iframe: reports its height and the widget's events to the
 * embedding page's origin only. Nothing else leaves the frame: no event
 * carries answers. */
(() => {
  'use strict';
  if (window.parent === window && 'serviceWorker' in navigator) {
    // Only once the widget is up: installing the worker precaches every file,
    // which on a first visit competed with the widget's own start (first
    // screen 339 ms against 196 ms with no worker, same run).
    let registered = false;
    const register = () => {
      if (registered) return;
      registered = true;
      navigator.serviceWorker.register('sw.js').catch(() => {});
    };
    document.addEventListener('backcheck:ready', register, { once: true });
    document.addEventListener('backcheck:error', register, { once: true });
    // And if the widget never got that far (its files failed to load).
    addEventListener('load', () => setTimeout(register, 3000), { once: true });
  }
  // (The language file is preloaded by the page's preview script, which
  // runs earlier, at parse time: loader/preview.js.)
  const p = new URLSearchParams(location.hash.slice(1));
  const origin = p.get('origin');
  if (p.get('embed') !== 'frame' || window.parent === window || !/^https?:\/\/[^/\s]+$/.test(origin || '')) return;
  // (The host's theme values are applied by the preview script, at parse
  // time, so the first screen is painted in them.)
  document.documentElement.classList.add('bc-framed');
  const post = (m) => window.parent.postMessage({ backcheck: 1, ...m }, origin);
  for (const name of ['ready', 'step', 'cta', 'complete', 'error']) {
    document.addEventListener('backcheck:' + name, (e) => post({ type: 'event', name, detail: e.detail || {} }));
  }
  let last = -1;
  const report = () => {
    // Whole pixels, and only on change: the frame's height never feeds back
    // into the content's height, so there is no resize loop.
    const h = Math.ceil(document.body.getBoundingClientRect().height);
    if (h !== last) { last = h; post({ type: 'height', height: h }); }
  };
  // This script runs in <head>, before the widget can emit anything; the
  // body to observe exists once the document is parsed.
  const observe = () => new ResizeObserver(report).observe(document.body);
  if (document.body) observe();
  else document.addEventListener('DOMContentLoaded', observe, { once: true });
})();
