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
// Strategy: pages (navigations) network first, falling back to the cached
// index.html (any query: ?embed&code=…, ?lang=ru); everything else cache
// first, and what was not precached is cached when first fetched.

const VERSION = "dev"; // replaced by scripts/sw-precache
const PRECACHE = []; // replaced by scripts/sw-precache
const CACHE = "layerlab-" + VERSION;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(["./", ...PRECACHE]))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(keys.filter((k) => k.startsWith("layerlab-") && k !== CACHE).map((k) => caches.delete(k))),
      )
      .then(() => self.clients.claim()),
  );
});

const scope = new URL("./", self.location).href;

self.addEventListener("fetch", (event) => {
  const req = event.request;
  if (req.method !== "GET" || !req.url.startsWith(scope)) return;
  if (req.mode === "navigate") {
    // The page itself (any query) is the app shell; other pages (demo.html)
    // are kept as they were last seen.
    const url = new URL(req.url);
    const key = url.origin + url.pathname;
    const shell = key === scope || key === scope + "index.html";
    event.respondWith(
      fetch(req)
        .then((res) => {
          if (res.ok) {
            const copy = res.clone();
            caches.open(CACHE).then((c) => c.put(shell ? "./" : key, copy));
          }
          return res;
        })
        .catch(() =>
          caches
            .match(shell ? "./" : key)
            .then((hit) => hit || Response.error()),
        ),
    );
    return;
  }
  // rule-docs.json is fetched with a ?v= version; the precache holds it bare.
  const ignoreSearch = new URL(req.url).pathname.endsWith("/rule-docs.json");
  event.respondWith(
    caches.match(req, { ignoreSearch }).then(
      (hit) =>
        hit ||
        fetch(req).then((res) => {
          if (res.ok && res.type === "basic") {
            const copy = res.clone();
            caches.open(CACHE).then((c) => c.put(req, copy));
          }
          return res;
        }),
    ),
  );
});
