/*
 * The service worker (issue 18.1): a grid worker's intake, disputes and screening pages open a second time
 * without network. Plain JavaScript, not bundled: web/vite.config.ts (plugin `wusong-service-worker`) fills in
 * the build's list of files below and writes this file to /sw.js; the server sends it with `no-cache`, so a
 * new build is picked up on the next visit. Registered by web/src/app/main.tsx in production builds only.
 *
 * - the app shell (index.html, the entry's scripts and styles, the three pages' chunks) is stored at install;
 * - a page address (navigation): the network first, the stored index.html when there is none;
 * - /assets/* (hashed names, never change): the stored copy first, else fetched and stored;
 * - a few GET /api answers those pages need (API_ALLOWED): the network first, the last stored answer when
 *   offline; no other API answer is ever stored;
 * - signing in or out (POST /api/auth/login|logout), or a 401 on a stored address, empties the stored answers.
 */
const PRECACHE = self.__WUSONG_PRECACHE__;
const VERSION = self.__WUSONG_VERSION__;
const SHELL = `wusong-shell-${VERSION}`;
const API = 'wusong-api';

/** GET /api paths whose answers are kept for offline use: who is signed in, the lists the three pages show. */
const API_ALLOWED = [
  /^\/api\/me$/,
  /^\/api\/regions$/,
  /^\/api\/units$/,
  /^\/api\/disputes$/,
  /^\/api\/disputes\/dictionaries$/,
  /^\/api\/screening\/my-tasks$/,
  /^\/api\/screening\/campaigns(\/[\w-]+)?$/,
];
const SESSION_CHANGES = /^\/api\/auth\/(login|logout)$/;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((c) => c.addAll(PRECACHE))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('wusong-shell-') && k !== SHELL).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

/** The page (or another part of the app) asks to forget every stored answer, e.g. on signing out. */
self.addEventListener('message', (event) => {
  if (event.data === 'wusong-clear-api') event.waitUntil(caches.delete(API));
});

async function networkFirst(request, cacheName, fallbackUrl) {
  const cache = await caches.open(cacheName);
  try {
    const res = await fetch(request);
    const page = !fallbackUrl || (res.headers.get('content-type') ?? '').startsWith('text/html');
    if (res.ok && page) await cache.put(fallbackUrl ?? request, res.clone());
    else if (res.status === 401 && cacheName === API) await caches.delete(API);
    return res;
  } catch (err) {
    const hit = await cache.match(fallbackUrl ?? request);
    if (hit) return hit;
    throw err;
  }
}

async function cacheFirst(request) {
  const hit = await caches.match(request);
  if (hit) return hit;
  const res = await fetch(request);
  if (res.ok) {
    const cache = await caches.open(SHELL);
    await cache.put(request, res.clone());
  }
  return res;
}

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/')) {
    if (req.method === 'POST' && SESSION_CHANGES.test(url.pathname)) {
      // another user may sign in on this device next: nothing of this one's stays
      event.respondWith(caches.delete(API).then(() => fetch(req)));
      return;
    }
    if (req.method === 'GET' && API_ALLOWED.some((r) => r.test(url.pathname))) event.respondWith(networkFirst(req, API));
    return;
  }
  if (req.method !== 'GET') return;
  if (req.mode === 'navigate') {
    // the public progress page and the API docs are not the app
    if (url.pathname === '/progress' || url.pathname.startsWith('/api/')) return;
    event.respondWith(networkFirst(req, SHELL, '/index.html'));
    return;
  }
  if (url.pathname.startsWith('/assets/')) event.respondWith(cacheFirst(req));
});
