//! Offline use: registers the service worker (static/sw.js, copied to the
//! site's root by Trunk) so that the page opens without a network after the
//! first visit. See docs/deploy.md for how its cache is versioned.
//!
//! `sw.js` is registered relative to the page, so its scope is the site's
//! directory, also under a sub-path (`--public-url /layerlab/`). Only the full
//! page registers it (embeds do not install a worker in their readers'
//! browsers), and only release builds: debug builds (`trunk serve
//! --no-release`) never cache anything.

/// Registers `sw.js` when the browser has service workers, once per page
/// load; failures (a `file:` page, a private window, no HTTPS) are ignored:
/// the page works the same online. Called when the first analysis is painted
/// (page.rs): installing the worker downloads the whole site again for its
/// cache, and on a first visit that download competed with the page's own
/// (BENCHMARKS.md, "Issue 15: where the page's time goes").
pub fn register() {
    thread_local!(static DONE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) });
    if DONE.with(|d| d.replace(true)) {
        return;
    }
    #[cfg(all(target_arch = "wasm32", not(debug_assertions)))]
    crate::bridge::register_service_worker("sw.js");
}
