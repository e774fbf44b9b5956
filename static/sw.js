// Layerlab's service worker: after the first visit the playground opens and
// analyses without a network. Plain JS, no dependencies.
//
// Versioning: Trunk names the wasm, JS and CSS after their content hash, and
// scripts/sw-precache (a post_build hook of release builds) writes the list
// of the site's files and a hash of all of them into the two constants below.
// Any change to the site changes this file, so the browser installs the new
// worker, which caches the new files under a new cache name and deletes the
// old caches when it activates.
//
// Sub-paths: every path is relative to this file, which sits at the site's
// root; the page registers it as "sw.js", relative to itself, so its scope is
// the site's directory (/ or /layerlab/ alike).
//
// Strategy: the page (navigations to the site's directory or its
// index.html, any query: ?embed&code=…, ?lang=ru) network first, falling back
// to the cached index.html; the other files of the precache list cache first.
// Files fetched only when the page needs them (ON_DEMAND: the package
// tables' long tail, 2.8 MB) are not precached: cached the first time the
// page fetches them, served from the cache after that (offline too).
// Nothing else is touched: other pages (demo.html), other paths and other
// sites on the same origin go to the network as if there were no worker.
//
// One cache per scope and version ("layerlab:<scope>:<version>"): a site at
// "/" and a project site at "/other/" on the same origin (GitHub Pages) never
// read or delete each other's files. Only this cache is read, never a
// match across all the origin's caches. Precaching bypasses the HTTP cache
// (cache: "reload"), so a stale index.html is never stored.

const VERSION = "dev"; // replaced by scripts/sw-precache
const PRECACHE = []; // replaced by scripts/sw-precache

// Not precached; cached on first use (see above).
const ON_DEMAND = ["long-tail.txt"];

const SHELL = new URL("./", self.location).href;
const PREFIX = "layerlab:" + SHELL + ":";
const CACHE = PREFIX + VERSION;
// Absolute URLs of what this worker serves: the shell and the build's files.
const URLS = new Set([SHELL, ...PRECACHE.map((p) => new URL(p, SHELL).href)]);
const ON_DEMAND_URLS = new Set(ON_DEMAND.map((p) => new URL(p, SHELL).href));

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll([...URLS].map((u) => new Request(u, { cache: "reload" }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            // This scope's older versions, and caches of the first workers,
            // which named them "layerlab-<version>" whatever their scope.
            .filter((k) => (k.startsWith(PREFIX) && k !== CACHE) || /^layerlab-[0-9a-f]+$/.test(k))
            .map((k) => caches.delete(k)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

function cached(url) {
  return caches.open(CACHE).then((c) => c.match(url));
}

self.addEventListener("fetch", (event) => {
  const req = event.request;
  if (req.method !== "GET") return;
  const url = new URL(req.url);
  const bare = url.origin + url.pathname;
  if (req.mode === "navigate") {
    if (bare !== SHELL && bare !== SHELL + "index.html") return;
    event.respondWith(fetch(req).catch(() => cached(SHELL).then((hit) => hit || Response.error())));
    return;
  }
  if (ON_DEMAND_URLS.has(bare) && VERSION !== "dev") {
    event.respondWith(
      cached(bare).then(
        (hit) =>
          hit ||
          fetch(req).then((resp) => {
            if (resp.ok) {
              const copy = resp.clone();
              caches.open(CACHE).then((c) => c.put(bare, copy));
            }
            return resp;
          }),
      ),
    );
    return;
  }
  // Precached files are asked for without a query, except rule-docs.json
  // and long-tail.txt, fetched as <file>?v=<version> (the precache holds
  // them bare; a new build's precache replaces them together).
  const versioned = url.pathname.endsWith("/rule-docs.json") || url.pathname.endsWith("/long-tail.txt");
  let key = null;
  if (URLS.has(req.url)) key = req.url;
  else if (url.search && versioned && URLS.has(bare)) key = bare;
  if (key === null) return;
  event.respondWith(cached(key).then((hit) => hit || fetch(req)));
});
