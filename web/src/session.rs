//! The person's session, and the promise that it is never lost.
//!
//! The full page autosaves its state (a v1 share payload, `share.rs`) under
//! [`SESSION_KEY`]. What the page opens with is decided here, pure and
//! tested natively over a [`Store`] (local storage in the browser, a map in
//! tests):
//!
//! - a share link in the fragment is decoded **once**; when it replaces a
//!   different, non-empty session, the old one is kept under [`PREVIOUS_KEY`]
//!   and the page offers "Restore your previous text" ([`Boot::previous`]);
//!   the same for a link pasted while the page is open ([`open_link`]);
//! - a broken link, an empty one, or one too large leaves a message; the
//!   session stays (an empty link opens, but says so and offers the restore);
//! - a stored value that does not decode (a `v2.` session from a later
//!   version, a truncated value) is **moved aside** to
//!   `layerlab.session.unreadable.N` and never overwritten; if it cannot be
//!   moved (storage full), the autosave is switched off instead;
//! - the start-up guard: [`BOOT_KEY`] is `starting` from the start until
//!   the first analysis is painted or stopped by the watchdog, or the page
//!   is left normally (`pagehide`) ([`painted`]). Finding `starting` means
//!   the previous start never got that far and did not end normally (the
//!   tab crashed while analysing): the page opens with the analysis paused
//!   and says why.
//!   `?reset` starts clean instead: the example, analysed, the stored
//!   session offered back as the previous text.

use crate::share::{self, LinkError, Shared};

/// The autosaved session (a v1 share payload without the `#`).
pub const SESSION_KEY: &str = "layerlab.session";
/// The session a link or `?reset` replaced, for "Restore your previous text".
pub const PREVIOUS_KEY: &str = "layerlab.session.previous";
/// Where unreadable stored sessions go: `layerlab.session.unreadable.1`, `.2`, ….
pub const ASIDE_PREFIX: &str = "layerlab.session.unreadable.";
/// How many unreadable sessions are kept aside at most.
pub const ASIDE_SLOTS: usize = 20;
/// The start-up guard.
pub const BOOT_KEY: &str = "layerlab.boot";
const STARTING: &str = "starting";

/// Key-value storage (local storage in the browser).
pub trait Store {
    fn get(&self, key: &str) -> Option<String>;
    /// Whether the value was stored (local storage can be full).
    fn set(&mut self, key: &str, value: &str) -> bool;
    fn remove(&mut self, key: &str);
    /// What tells this page's start from another's (the start-up guard's
    /// mark: only this page may take its own mark away when it is left).
    fn nonce(&self) -> String {
        String::new()
    }
}

/// The browser's local storage (inert on the host).
pub struct Browser;

impl Store for Browser {
    fn get(&self, key: &str) -> Option<String> {
        crate::bridge::storage_get(key)
    }
    fn set(&mut self, key: &str, value: &str) -> bool {
        crate::bridge::storage_try_set(key, value)
    }
    fn remove(&mut self, key: &str) {
        crate::bridge::storage_remove(key)
    }
    fn nonce(&self) -> String {
        crate::bridge::page_nonce()
    }
}

/// Something the page tells the person when it opens (or a link arrives).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// The link could not be opened; the session is as it was.
    Link(LinkError),
    /// The link's Dockerfile is empty.
    EmptyLink,
    /// The stored session could not be read; it is kept under `key`
    /// (or, `key` empty, left in place with the autosave off).
    Unreadable { key: String, error: LinkError },
    /// The previous start never painted: the analysis is paused.
    Paused,
    /// `?reset`: started clean.
    Reset,
}

/// What the page opens with.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Boot {
    /// The state to show; `None`: the example.
    pub shared: Option<Shared>,
    /// The session a link (or `?reset`) replaced, offered back.
    pub previous: Option<Shared>,
    pub notices: Vec<Notice>,
    /// Start with the analysis paused (the guard tripped).
    pub paused: bool,
    /// Whether the autosave may write [`SESSION_KEY`].
    pub autosave: bool,
    /// The fragment was a link that opened: remove it from the address bar.
    pub clear_hash: bool,
    /// The start-up guard's mark of this start (see [`left`]).
    pub guard: String,
}

/// Whether `search` (`?a&reset&b=1`) has the key `name`.
pub fn has_query_key(search: &str, name: &str) -> bool {
    search
        .strip_prefix('?')
        .unwrap_or(search)
        .split('&')
        .any(|kv| kv.split('=').next() == Some(name))
}

/// `search` without the key `name` (`?a&reset&b=1` → `?a&b=1`; `""` when
/// nothing is left).
pub fn without_query_key(search: &str, name: &str) -> String {
    let kept: Vec<&str> = search
        .strip_prefix('?')
        .unwrap_or(search)
        .split('&')
        .filter(|kv| !kv.is_empty() && kv.split('=').next() != Some(name))
        .collect();
    if kept.is_empty() {
        String::new()
    } else {
        format!("?{}", kept.join("&"))
    }
}

/// Whether loading `new` over `old` would lose text: `old` has some and
/// differs from `new`.
pub fn replaces(old: &Shared, new: &Shared) -> bool {
    !old.text.trim().is_empty() && old != new
}

/// A link opened over the session `current`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Opened {
    pub link: Shared,
    /// `current`, when the link replaces it (kept under [`PREVIOUS_KEY`]).
    pub previous: Option<Shared>,
    pub notices: Vec<Notice>,
}

/// Opens the link in `hash` over `current`, keeping `current` under
/// [`PREVIOUS_KEY`] when the link replaces it. `Err`: a message, and the
/// session stays as it is.
pub fn open_link(
    hash: &str,
    current: Option<&Shared>,
    store: &mut impl Store,
) -> Result<Opened, LinkError> {
    let link = share::decode(hash)?;
    let mut notices = Vec::new();
    if link.text.trim().is_empty() {
        notices.push(Notice::EmptyLink);
    }
    let previous = current.filter(|old| replaces(old, &link)).cloned();
    if let Some(p) = &previous {
        keep_previous(p, store);
    }
    Ok(Opened {
        link,
        previous,
        notices,
    })
}

fn keep_previous(p: &Shared, store: &mut impl Store) {
    store.set(PREVIOUS_KEY, &share::encode_level(p, 1)[1..]);
}

/// The session kept under [`PREVIOUS_KEY`], if it reads.
pub fn previous(store: &impl Store) -> Option<Shared> {
    share::decode_stored(&store.get(PREVIOUS_KEY)?).ok()
}

/// Moves an unreadable stored value to the first free
/// `layerlab.session.unreadable.N` (or finds it already there); the key, or
/// `None` when every slot is taken or storage is full.
fn move_aside(value: &str, store: &mut impl Store) -> Option<String> {
    for n in 1..=ASIDE_SLOTS {
        let key = format!("{ASIDE_PREFIX}{n}");
        match store.get(&key) {
            Some(v) if v == value => return Some(key),
            Some(_) => continue,
            None => return store.set(&key, value).then_some(key),
        }
    }
    None
}

/// Decides what the page opens with (see the module docs), and arms the
/// start-up guard: call [`painted`] after the first paint.
pub fn boot(hash: &str, search: &str, store: &mut impl Store) -> Boot {
    let mut b = Boot {
        autosave: true,
        ..Boot::default()
    };
    let reset = has_query_key(search, "reset");
    b.paused = store.get(BOOT_KEY).is_some_and(|v| v.starts_with(STARTING)) && !reset;
    b.guard = format!("{STARTING}:{}", store.nonce());
    store.set(BOOT_KEY, &b.guard);
    if b.paused {
        b.notices.push(Notice::Paused);
    }

    let mut current = match store.get(SESSION_KEY) {
        Some(v) if !v.trim().is_empty() => match share::decode_stored(&v) {
            Ok(s) => Some(s),
            Err(error) => {
                let key = move_aside(&v, store);
                if key.is_some() {
                    store.remove(SESSION_KEY);
                } else {
                    b.autosave = false;
                }
                b.notices.push(Notice::Unreadable {
                    key: key.unwrap_or_default(),
                    error,
                });
                None
            }
        },
        _ => None,
    };

    if reset {
        b.notices.push(Notice::Reset);
        if let Some(old) = current.take().filter(|s| !s.text.trim().is_empty()) {
            keep_previous(&old, store);
            b.previous = Some(old);
        }
    }

    if hash.len() > 1 {
        match open_link(hash, current.as_ref(), store) {
            Ok(o) => {
                b.clear_hash = true;
                b.notices.extend(o.notices);
                if o.previous.is_some() {
                    b.previous = o.previous;
                }
                current = Some(o.link);
            }
            Err(e) => b.notices.push(Notice::Link(e)),
        }
    }
    b.shared = current;
    b
}

/// The page is left normally (`pagehide`: a reload, a link, the tab
/// closed): no crash, so the guard is taken away, if it is still this
/// start's (`guard`: [`Boot::guard`]).
pub fn left(store: &mut impl Store, guard: &str) {
    if store.get(BOOT_KEY).as_deref() == Some(guard) {
        store.remove(BOOT_KEY);
    }
}

/// The first analysis was painted (or stopped by the watchdog): disarms
/// the start-up guard.
pub fn painted(store: &mut impl Store) {
    store.remove(BOOT_KEY);
}

/// About to run an analysis that may not finish (resuming a paused page):
/// arms the guard again until the next paint.
pub fn arm(store: &mut impl Store) {
    let mark = format!("{STARTING}:{}", store.nonce());
    store.set(BOOT_KEY, &mark);
}

#[cfg(test)]
pub mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// Local storage in memory; `full` makes every `set` of a new key fail.
    #[derive(Default)]
    pub struct Mem {
        pub map: BTreeMap<String, String>,
        pub full: bool,
    }

    impl Store for Mem {
        fn get(&self, key: &str) -> Option<String> {
            self.map.get(key).cloned()
        }
        fn set(&mut self, key: &str, value: &str) -> bool {
            if self.full && !self.map.contains_key(key) {
                return false;
            }
            self.map.insert(key.into(), value.into());
            true
        }
        fn remove(&mut self, key: &str) {
            self.map.remove(key);
        }
    }

    fn shared(text: &str) -> Shared {
        Shared {
            text: text.into(),
            target: String::new(),
            context: vec![],
            extra: vec![],
        }
    }

    fn saved(text: &str) -> Mem {
        let mut m = Mem::default();
        m.set(SESSION_KEY, &share::encode_level(&shared(text), 1)[1..]);
        m
    }

    #[test]
    fn a_link_over_a_different_session_keeps_it() {
        let mut m = saved("FROM mine\n");
        let link = share::encode(&shared("FROM theirs\n"));
        let b = boot(&link, "", &mut m);
        assert_eq!(b.shared, Some(shared("FROM theirs\n")));
        assert_eq!(b.previous, Some(shared("FROM mine\n")));
        assert_eq!(previous(&m), Some(shared("FROM mine\n")));
        assert!(b.clear_hash && b.autosave && !b.paused);
        assert!(b.notices.is_empty());
    }

    #[test]
    fn the_same_or_an_empty_session_is_not_offered_back() {
        let mut m = saved("FROM same\n");
        let b = boot(&share::encode(&shared("FROM same\n")), "", &mut m);
        assert_eq!(b.previous, None);
        let mut m = saved("  \n");
        let b = boot(&share::encode(&shared("FROM x\n")), "", &mut m);
        assert_eq!(b.previous, None);
        assert_eq!(m.get(PREVIOUS_KEY), None);
    }

    /// Payloads 11 and 12.
    #[test]
    fn broken_links_keep_the_session_and_empty_links_say_so() {
        for l in ["#v1.AAAA", "#v1.!!!", "#v9.abc", "#section"] {
            let mut m = saved("FROM mine\n");
            let b = boot(l, "", &mut m);
            assert_eq!(b.shared, Some(shared("FROM mine\n")), "{l}");
            assert!(matches!(b.notices[..], [Notice::Link(_)]), "{l}");
            assert!(!b.clear_hash);
        }
        let mut m = saved("FROM mine\n");
        let b = boot(&share::encode(&shared("")), "", &mut m);
        assert_eq!(b.shared, Some(shared("")));
        assert_eq!(b.notices, vec![Notice::EmptyLink]);
        assert_eq!(b.previous, Some(shared("FROM mine\n")));
    }

    /// Payload 10: a link too large is a message; the session stays.
    #[test]
    fn a_link_too_large_keeps_the_session() {
        let mut m = saved("FROM mine\n");
        let big = share::encode_level(&shared(&"#".repeat(share::MAX_TEXT + 1)), 1);
        let b = boot(&big, "", &mut m);
        assert_eq!(b.shared, Some(shared("FROM mine\n")));
        assert_eq!(b.notices, vec![Notice::Link(LinkError::TooLarge)]);
    }

    /// Payload 13: a stored value from a later version (or cut short) is
    /// moved aside, never overwritten, and found again on the next start.
    #[test]
    fn unreadable_sessions_are_moved_aside() {
        let mut m = Mem::default();
        m.set(SESSION_KEY, "v2.future");
        let b = boot("", "", &mut m);
        assert_eq!(b.shared, None);
        let key = format!("{ASIDE_PREFIX}1");
        assert_eq!(
            b.notices,
            vec![Notice::Unreadable {
                key: key.clone(),
                error: LinkError::Newer("v2".into())
            }]
        );
        assert_eq!(m.get(&key).as_deref(), Some("v2.future"));
        assert_eq!(m.get(SESSION_KEY), None);
        assert!(b.autosave);
        // A second unreadable value goes to the next slot.
        let cut = &share::encode(&shared("FROM x\n"))[1..8];
        m.set(SESSION_KEY, cut);
        painted(&mut m);
        let b = boot("", "", &mut m);
        assert!(matches!(&b.notices[..], [Notice::Unreadable { key, .. }] if key.ends_with(".2")));
        assert_eq!(m.get(&key).as_deref(), Some("v2.future"));
        assert_eq!(m.get(&format!("{ASIDE_PREFIX}2")).as_deref(), Some(cut));
        // The same value again is not copied twice.
        m.set(SESSION_KEY, "v2.future");
        painted(&mut m);
        let b = boot("", "", &mut m);
        assert!(matches!(&b.notices[..], [Notice::Unreadable { key: k, .. }] if *k == key));
    }

    #[test]
    fn when_nothing_can_be_moved_the_autosave_stops() {
        let mut m = Mem::default();
        m.set(SESSION_KEY, "v2.future");
        m.set(BOOT_KEY, "x");
        m.full = true;
        let b = boot("", "", &mut m);
        assert!(!b.autosave);
        assert_eq!(m.get(SESSION_KEY).as_deref(), Some("v2.future"));
    }

    #[test]
    fn the_guard_pauses_a_start_after_one_that_never_painted() {
        let mut m = saved("FROM mine\n");
        let b = boot("", "", &mut m);
        assert!(!b.paused);
        // The first analysis was painted: no trip.
        painted(&mut m);
        assert!(!boot("", "", &mut m).paused);
        // Left normally (a reload): no trip; another start's mark stays.
        let b = boot("", "", &mut m);
        left(&mut m, &b.guard);
        assert!(!boot("", "", &mut m).paused);
        m.set(BOOT_KEY, "starting");
        left(&mut m, &b.guard);
        assert!(boot("", "", &mut m).paused);
        painted(&mut m);
        boot("", "", &mut m);
        // It never was: the next start is paused, with the session.
        let b = boot("", "", &mut m);
        assert!(b.paused);
        assert_eq!(b.notices, vec![Notice::Paused]);
        assert_eq!(b.shared, Some(shared("FROM mine\n")));
        painted(&mut m);
        assert!(!boot("", "", &mut m).paused);
        // ?reset: clean, not paused, the session offered back.
        let b = boot("", "?lang=en&reset", &mut m);
        assert!(!b.paused);
        assert_eq!(b.shared, None);
        assert_eq!(b.previous, Some(shared("FROM mine\n")));
        assert_eq!(b.notices, vec![Notice::Reset]);
        assert!(has_query_key("?reset=1", "reset"));
        assert!(!has_query_key("?resets", "reset"));
        assert_eq!(without_query_key("?lang=ru&reset", "reset"), "?lang=ru");
        assert_eq!(without_query_key("?reset", "reset"), "");
    }

    #[test]
    fn a_link_while_open_keeps_what_it_replaces() {
        let mut m = Mem::default();
        let link = share::encode(&shared("FROM theirs\n"));
        let o = open_link(&link, Some(&shared("FROM mine\n")), &mut m).unwrap();
        assert_eq!(o.previous, Some(shared("FROM mine\n")));
        assert_eq!(previous(&m), Some(shared("FROM mine\n")));
        assert!(open_link("#v1.!!!", Some(&shared("FROM mine\n")), &mut m).is_err());
    }
}
