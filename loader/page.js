/*! BackCheck page glue for the widget's own page.
 * Standalone: registers the service worker that keeps the page working
 * offline, once the widget has started and the person pauses.
 * In the loader's iframe: reports its height and the widget's events to the
 * embedding page's origin only. Nothing else leaves the frame: no event
 * carries answers. */
(() => {
  'use strict';
  if (window.parent === window && 'serviceWorker' in navigator) {
    // Only once the widget is up (installing precaches every file, which
    // competed with the widget's start), and while the person is not using
    // the page: it is for the next visit, and its install slowed the steps
    // (BENCHMARKS.md). After 2 s without a tap or key, at most 30 s.
    let registered = false;
    let quiet;
    const register = () => {
      if (registered) return;
      registered = true;
      clearTimeout(quiet);
      removeEventListener('pointerdown', settle, true);
      removeEventListener('keydown', settle, true);
      navigator.serviceWorker.register('sw.js').catch(() => {});
    };
    const settle = () => {
      clearTimeout(quiet);
      quiet = setTimeout(register, 2000);
    };
    const started = () => {
      settle();
      addEventListener('pointerdown', settle, true);
      addEventListener('keydown', settle, true);
      setTimeout(register, 30000);
    };
    document.addEventListener('backcheck:ready', started, { once: true });
    // Also when the widget fails, or never starts: the preview then shows
    // the static fallback 10 s after load and sends this (loader/preview.js).
    document.addEventListener('backcheck:error', register, { once: true });
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
