//! The autosave: the session is written to local storage when the page
//! opens, then shortly after each change ([`DELAY_MS`] after the last one, so that typing in a large file
//! does not compress and store the whole text on every keystroke), and at
//! once when the page is hidden or closed (`pagehide`), so that nothing
//! typed is lost.

use std::cell::RefCell;
use std::rc::Rc;

use crate::bridge;
use crate::session::SESSION_KEY;
use crate::share::{self, Shared};

/// How long after the last change the session is written.
pub const DELAY_MS: i32 = 300;

/// Writes the session (when `enabled`: an unreadable stored session that
/// could not be moved aside is never written over).
pub struct Autosave {
    pending: Rc<RefCell<Option<Shared>>>,
    enabled: bool,
    /// Nothing written yet: the first save (the page as it opened) is
    /// written at once.
    first: std::cell::Cell<bool>,
    #[cfg(target_arch = "wasm32")]
    timer: RefCell<Option<bridge::Timer>>,
    _on_hide: bridge::Listener,
}

impl Autosave {
    pub fn new(enabled: bool) -> Autosave {
        let pending: Rc<RefCell<Option<Shared>>> = Rc::default();
        let on_hide = {
            let pending = pending.clone();
            bridge::listen("pagehide", move || write(&pending))
        };
        Autosave {
            pending,
            enabled,
            first: std::cell::Cell::new(true),
            #[cfg(target_arch = "wasm32")]
            timer: RefCell::new(None),
            _on_hide: on_hide,
        }
    }

    /// Saves `shared` soon (at once on the host).
    pub fn save(&self, shared: Shared) {
        if !self.enabled {
            return;
        }
        *self.pending.borrow_mut() = Some(shared);
        if self.first.replace(false) {
            return write(&self.pending);
        }
        #[cfg(target_arch = "wasm32")]
        {
            let pending = self.pending.clone();
            *self.timer.borrow_mut() = bridge::timer(DELAY_MS, move || write(&pending));
        }
        #[cfg(not(target_arch = "wasm32"))]
        write(&self.pending);
    }
}

impl Drop for Autosave {
    fn drop(&mut self) {
        write(&self.pending);
    }
}

/// Writes the pending session, if any.
fn write(pending: &RefCell<Option<Shared>>) {
    if let Some(shared) = pending.borrow_mut().take() {
        bridge::storage_set(SESSION_KEY, &share::encode_level(&shared, 1));
    }
}
