/*! BackCheck service worker (standalone page): precaches the build on the
 * first visit so the page reloads offline. Network first, so a new build is
 * picked up whenever the network is there; the cache answers when it is not.
 * It only ever serves this folder's own files. */
const CACHE = 'backcheck-v2';
const FILES = ['./', 'index.html', 'widget.js', 'widget_bg.wasm', 'backcheck.css', 'page.js', 'backcheck.js',
  // Every language, so switching works offline too.
  ...['en', 'de', 'es', 'fr', 'pt'].map((l) => `locales/${l}.txt`)];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('backcheck-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== location.origin) return;
  event.respondWith(
    fetch(req)
      .then((res) => {
        if (res.ok) {
          const copy = res.clone();
          caches.open(CACHE).then((c) => c.put(req, copy));
        }
        return res;
      })
      .catch(() => caches.match(req, { ignoreSearch: true }).then((hit) => hit || caches.match('index.html'))),
  );
});
