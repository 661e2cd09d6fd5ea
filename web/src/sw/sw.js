/*
 * The service worker (issue 18.1): a grid worker's intake, disputes and screening pages open a second time
 * without network. Plain JavaScript, not bundled: web/vite.config.ts (plugin `wusong-service-worker`) fills in
 * the build's list of files below and writes this file to /sw.js; the server sends it with `no-cache`, so a
 * new build is picked up on the next visit. Registered by web/src/app/main.tsx in production builds only.
 *
 * - the app shell (index.html, the entry's scripts and styles, the three pages' chunks) is stored at install,
 *   and the light intake page (field.html and its entry's files, issue 18.2), which navigations to /field get;
 * - a page address (navigation): the stored index.html at once (issue 18.2: on a phone's link the network
 *   first cost a round trip or more before anything started); it belongs to the same build as this worker, so
 *   the files it names are stored too. A new build brings a new worker (sw.js is sent `no-cache` and checked on
 *   every navigation), which stores the new index.html and drops the old files; until then the network is
 *   asked only when nothing is stored;
 * - /assets/* (hashed names, never change): the stored copy first, else fetched and stored; the shell cache
 *   is opened once per worker, not per request;
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

async function networkFirst(request, cacheName) {
  const cache = await caches.open(cacheName);
  try {
    const res = await fetch(request);
    if (res.ok) await cache.put(request, res.clone());
    else if (res.status === 401 && cacheName === API) await caches.delete(API);
    return res;
  } catch (err) {
    const hit = await cache.match(request);
    if (hit) return hit;
    throw err;
  }
}

/** This build's cache, opened once: a page load asks it for dozens of files. */
let shell = null;
const shellCache = () => (shell ??= caches.open(SHELL));

async function cacheFirst(request, key = request) {
  const cache = await shellCache();
  const hit = await cache.match(key);
  if (hit) return hit;
  const res = await fetch(request);
  if (res.ok && key === request) await cache.put(request, res.clone());
  return res;
}

/**
 * A page from this build's store (the app's index.html, or field.html for the light intake page); the network
 * when nothing is stored yet (first visit).
 */
async function shellPage(request, page = '/index.html') {
  try {
    return await cacheFirst(request, page);
  } catch (err) {
    // offline with nothing stored under this build: an older build's page if any
    const hit = await caches.match(page);
    if (hit) return hit;
    throw err;
  }
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
    // the grid worker's light intake page (issue 18.2) is its own page, not the app
    event.respondWith(shellPage(req, url.pathname === '/field' ? '/field.html' : '/index.html'));
    return;
  }
  if (url.pathname.startsWith('/assets/')) event.respondWith(cacheFirst(req));
});
