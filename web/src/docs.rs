//! The rules' documentation behind "Why?". It is not in the WebAssembly
//! (that keeps the first download small): the page fetches `rule-docs.json`
//! on the first "Why?". The file is the text `layerlab rules` shows, written
//! from the rules' doc comments (crates/analysis/tests/rules_doc.rs keeps it
//! current); its URL carries [`DOCS_VERSION`] so a cache never serves an old
//! copy. On the host (tests) nothing is fetched and the docs are unavailable.

use std::cell::RefCell;
use std::collections::BTreeMap;

use layerlab_analysis::rules::DOCS_VERSION;

/// A rule's documentation, as far as the page has it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Doc {
    Loading,
    Text(String),
    Unavailable,
}

enum Load {
    Idle,
    Loading,
    Done(BTreeMap<String, String>),
    Failed,
}

thread_local! {
    static STATE: RefCell<Load> = const { RefCell::new(Load::Idle) };
}

/// The documentation of rule `id` (Markdown), if it has arrived.
pub fn get(id: &str) -> Doc {
    STATE.with(|s| match &*s.borrow() {
        Load::Idle | Load::Loading => Doc::Loading,
        Load::Done(m) => m.get(id).map_or(Doc::Unavailable, |d| Doc::Text(d.clone())),
        Load::Failed => Doc::Unavailable,
    })
}

/// Starts fetching the docs unless they are here or on their way (a failed
/// fetch is tried again); `done` runs once this fetch has ended.
pub fn load(done: impl FnOnce() + 'static) {
    let start = STATE.with(|s| {
        let mut s = s.borrow_mut();
        let start = matches!(*s, Load::Idle | Load::Failed);
        if start {
            *s = Load::Loading;
        }
        start
    });
    if !start {
        return;
    }
    let finish = move |got: Option<Vec<(String, String)>>| {
        STATE.with(|s| {
            *s.borrow_mut() = match got {
                Some(v) => Load::Done(v.into_iter().collect()),
                None => Load::Failed,
            }
        });
        done();
    };
    #[cfg(target_arch = "wasm32")]
    wasm_bindgen_futures::spawn_local(async move {
        let url = format!("rule-docs.json?v={DOCS_VERSION}");
        finish(crate::bridge::fetch_string_map(&url).await);
    });
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = DOCS_VERSION;
        finish(None);
    }
}
