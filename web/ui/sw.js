// Keeps the UI's own files on the phone, so that the driver's page opens with no signal.
// The API is never cached here (the route is kept by the page itself, in localStorage).
// "@UI@" is this build's prefix ("/v/<version>", set when the files are embedded): a new
// build is a new worker with a new cache, and the old cache is dropped.
const UI = '@UI@';
const CACHE = 'prokat-ui' + UI;
const FILES = [
  '/',
  '/index.html',
  '/manifest.webmanifest',
  '/icon.svg',
  ...[
    '/app.css',
    '/icon.svg',
    '/i18n/ru.js',
    '/i18n/en.js',
    '/i18n/admin.ru.js',
    '/i18n/admin.en.js',
    '/i18n/catalogue.ru.js',
    '/i18n/catalogue.en.js',
    '/i18n/care.ru.js',
    '/i18n/care.en.js',
    '/js/main.js',
    '/js/app.js',
    '/js/dom.js',
    '/js/i18n.js',
    '/js/api.js',
    '/js/feedback.js',
    '/js/scan.js',
    '/js/signature.js',
    '/js/desk.js',
    '/js/handover.js',
    '/js/families.js',
    '/js/agreement.js',
    '/js/act.js',
    '/js/driver.js',
    '/js/queue.js',
    '/js/board.js',
    '/js/charts.js',
    '/js/registers.js',
    '/js/points.js',
    '/js/photos.js',
    '/js/board-charts.js',
    '/js/admin.js',
    '/js/catalogue.js',
    '/js/care.js',
  ].map((f) => UI + f),
];

self.addEventListener('install', (ev) => {
  ev.waitUntil(caches.open(CACHE).then((c) => c.addAll(FILES)));
  self.skipWaiting();
});
self.addEventListener('activate', (ev) => {
  ev.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k)))),
  );
  self.clients.claim();
});
// Network first (the server revalidates with ETags), the cached copy when there is no network.
self.addEventListener('fetch', (ev) => {
  const url = new URL(ev.request.url);
  if (
    ev.request.method !== 'GET' ||
    url.origin !== location.origin ||
    url.pathname.startsWith('/api/')
  )
    return;
  ev.respondWith(
    fetch(ev.request)
      .then((res) => {
        if (res.ok) {
          const copy = res.clone();
          caches.open(CACHE).then((c) => c.put(ev.request, copy));
        }
        return res;
      })
      .catch(() =>
        caches
          .match(ev.request, { ignoreSearch: true })
          .then((r) => r || caches.match('/index.html')),
      ),
  );
});
