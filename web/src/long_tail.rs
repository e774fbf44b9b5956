//! The package tables' long tail: fetched once, the first time an analysis
//! needs it.
//!
//! The page's module embeds only the tier-1 rows of the pip, Debian and npm
//! tables (its first screen; see crates/catalog/data/README.md). When an
//! analysis looks up a package those rows lack, its reply says so
//! (`wants_long_tail`) and [`want`] fetches `long-tail.txt` (written when the
//! site is built, from the same data: `scripts/long-tail`). Every analyst
//! then hands it to its worker ([`crate::analyst::Analyst`]), and the page
//! and the compare view ask for their analyses again, which now have the
//! sizes. Until then, and if
//! the fetch fails (offline before the service worker cached it), those
//! packages stay "unknown": never a made-up size.

use std::cell::RefCell;
use std::rc::Rc;

/// Where the fetch stands.
#[derive(Clone)]
enum Load {
    NotAsked,
    Fetching,
    Ready(Rc<String>),
    Failed,
}

type Listener = Box<dyn Fn(Rc<String>)>;

thread_local! {
    static STATE: RefCell<Load> = const { RefCell::new(Load::NotAsked) };
    static LISTENERS: RefCell<Vec<Listener>> = const { RefCell::new(Vec::new()) };
}

/// The file's URL, relative to the page; the query is the data version, so
/// a cache never serves a file from other data.
pub fn url() -> String {
    format!("long-tail.txt?v={}", layerlab_catalog::DATA_VERSION)
}

/// The text, once fetched.
pub fn text() -> Option<Rc<String>> {
    STATE.with(|s| match &*s.borrow() {
        Load::Ready(t) => Some(t.clone()),
        _ => None,
    })
}

/// Calls `f` with the text when it arrives (at once if it has): for the
/// analysts, which hand it to their workers.
pub fn subscribe(f: impl Fn(Rc<String>) + 'static) {
    if let Some(t) = text() {
        f(t);
    }
    LISTENERS.with(|l| l.borrow_mut().push(Box::new(f)));
}

/// Calls `f` when the text arrives (after every analyst has it): for
/// whoever asks for analyses, to ask again with the full tables.
pub fn on_arrival(f: impl Fn() + 'static) {
    LISTENERS.with(|l| l.borrow_mut().push(Box::new(move |_| f())));
}

/// An analysis wants the long tail: fetch it, once.
pub fn want() {
    let start = STATE.with(|s| {
        let mut s = s.borrow_mut();
        let start = matches!(*s, Load::NotAsked);
        if start {
            *s = Load::Fetching;
        }
        start
    });
    if start {
        fetch();
    }
}

fn arrived(got: Option<String>) {
    let Some(text) = got else {
        STATE.with(|s| *s.borrow_mut() = Load::Failed);
        return;
    };
    let text = Rc::new(text);
    STATE.with(|s| *s.borrow_mut() = Load::Ready(text.clone()));
    LISTENERS.with(|l| {
        for f in l.borrow().iter() {
            f(text.clone());
        }
    });
}

#[cfg(target_arch = "wasm32")]
fn fetch() {
    wasm_bindgen_futures::spawn_local(async move {
        arrived(crate::bridge::fetch_text(&url()).await);
    });
}

/// On the host there is nothing to fetch: the tests' builds embed the
/// whole tables (the workspace enables the catalogue's `long-tail`).
#[cfg(not(target_arch = "wasm32"))]
fn fetch() {
    arrived(None);
}
