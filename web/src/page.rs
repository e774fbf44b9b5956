//! The full page's session in the browser: what it opens with
//! ([`initial`], deciding through `session::boot`), the address bar (a
//! loaded link's fragment and `?reset` taken out of it), links pasted while
//! the page is open (the `hashchange` listener), "Restore your previous
//! text", the autosave and the start-up guard's disarming; and the pure
//! conversions between the state and a share link ([`shared_of`],
//! [`state_of`]), which the embed uses too.
//!
//! Browser calls go through `bridge`; the conversions are tested natively.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use crate::autosave::Autosave;
use crate::bridge;
use crate::compare::{self as cmp, CompareAction, CompareModel, CompareSide};
use crate::hooks::{use_analysis, ANSWERS_AT_ONCE};
use crate::session::{self, Notice};
use crate::share::{self, Shared};
use crate::state::{Action, BuildOptions, State, EXAMPLE};

/// The share state of the page: its inputs and the compare view's right side.
pub fn shared_of(state: &State, compare: Option<&CompareSide>) -> Shared {
    let mut shared = Shared {
        text: state.text.to_string(),
        target: state.options.target.clone(),
        context: state.context.to_vec(),
        extra: Vec::new(),
    };
    shared.set("args", &state.options.args_text());
    shared.set(
        WHOLE_KEY,
        if state.options.whole_context {
            "whole"
        } else {
            ""
        },
    );
    shared.set(crate::goals::EXTRA_KEY, &state.goals_text);
    cmp::put(&mut shared, compare);
    shared
}

/// The share state's extra that marks a whole-directory context (`whole`).
pub const WHOLE_KEY: &str = "ctx";

/// What loading a link (or the autosaved session) does: text, context and
/// build options; then [`link_goals`].
pub fn load_shared(s: Shared) -> Action {
    let options = BuildOptions {
        build_args: BuildOptions::parse_args(s.get("args").unwrap_or("")),
        whole_context: s.get(WHOLE_KEY) == Some("whole"),
        target: s.target,
    };
    Action::LoadShared {
        text: s.text,
        context: s.context,
        options,
    }
}

/// The goals a link carries (applied after [`load_shared`], which clears them).
pub fn link_goals(s: &Shared) -> Action {
    Action::SetGoals(s.get(crate::goals::EXTRA_KEY).unwrap_or("").to_string())
}

/// The state a link (or the autosave) describes, not analysed yet.
pub fn state_of(s: Shared) -> State {
    let goals = link_goals(&s);
    empty_state().apply(load_shared(s)).apply(goals)
}

/// No text, nothing shown: what the page's state starts from.
pub fn empty_state() -> State {
    State::pending("", Rc::from(Vec::new()), Rc::default(), Rc::from(""))
}

/// The state a link or the autosave describes (none: the example), to
/// analyse or (the start-up guard tripped) paused.
pub fn state_from(s: Option<Shared>, paused: bool) -> State {
    let start = empty_state().apply(Action::SetPaused(paused));
    match s {
        Some(s) => {
            let goals = link_goals(&s);
            start.apply(load_shared(s)).apply(goals)
        }
        None => start.apply(Action::Load {
            text: EXAMPLE.to_string(),
            context: Vec::new(),
        }),
    }
}

/// Removes the fragment from the address bar (a loaded link is now the session).
fn clear_hash() {
    if let Some(a) = bridge::address() {
        bridge::replace_address(&format!("{}{}", a.path, a.search));
    }
}

/// Takes `?reset` out of the address bar (a reload should not reset again).
fn clear_reset() {
    if let Some(a) = bridge::address() {
        let search = session::without_query_key(&a.search, "reset");
        bridge::replace_address(&format!("{}{search}{}", a.path, a.hash));
    }
}

/// What the page opens with (see `session.rs`): the state, what to tell the
/// person, the compare view's right side, the session a link replaced, and
/// whether the autosave may write.
pub struct Initial {
    pub state: State,
    pub notices: Vec<Notice>,
    pub side: Option<CompareSide>,
    pub previous: Option<Shared>,
    pub autosave: bool,
}

/// Reads the address and the stored session once, at start.
pub fn initial() -> Initial {
    let search = bridge::location_search();
    let boot = session::boot(&bridge::location_hash(), &search, &mut session::Browser);
    // Leaving the page (a reload, a link, closing the tab) is no crash: the
    // mark `boot` just set goes with it, so a reload before the first paint
    // does not open paused. Registered here, in the same call that set the
    // mark, for the page's whole life. It was registered in an effect, after
    // the first render: a start whose mark outlived its page, as the e2e
    // suite saw once under load (the next start opened paused), can only
    // have left between the two.
    let guard = boot.guard.clone();
    std::mem::forget(bridge::listen("pagehide", move || {
        session::left(&mut session::Browser, &guard)
    }));
    if boot.clear_hash {
        clear_hash();
    }
    if session::has_query_key(&search, "reset") {
        clear_reset();
    }
    // The compare view comes from where the text came from.
    let side = boot.shared.as_ref().and_then(cmp::take);
    let mut state = state_from(boot.shared, boot.paused);
    if ANSWERS_AT_ONCE {
        state = state.analysed();
    }
    // Not a `Load` for the editor: it starts with this text.
    state.loads = 0;
    Initial {
        state,
        notices: boot.notices,
        side,
        previous: boot.previous,
        autosave: boot.autosave,
    }
}

/// Loads a link (or a kept session) into the page: text, context, build
/// options, goals and the compare view.
pub fn open_shared(
    dispatcher: &UseReducerDispatcher<State>,
    compare: &UseReducerDispatcher<CompareModel>,
    s: Shared,
) {
    compare.dispatch(CompareAction::Restore(cmp::take(&s)));
    let goals = link_goals(&s);
    dispatcher.dispatch(load_shared(s));
    dispatcher.dispatch(goals);
}

/// The full page's session: its state, the compare view, the notices shown,
/// the session a link replaced, and what the banners and the share button do.
pub struct Session {
    pub state: UseReducerHandle<State>,
    pub compare: UseReducerHandle<CompareModel>,
    pub notices: UseStateHandle<Vec<Notice>>,
    pub previous: UseStateHandle<Option<Shared>>,
    /// "Restore your previous text": loads the kept session, and keeps the
    /// one it replaces in its place (so restoring can be undone the same way).
    pub on_restore: Callback<MouseEvent>,
    pub dismiss_previous: Callback<MouseEvent>,
    pub dismiss: Callback<MouseEvent>,
    /// Resuming a paused analysis: the guard is armed until it paints.
    pub on_resume: Callback<MouseEvent>,
    /// The page as a share link's fragment (`#v1.…`).
    pub share_link: Callback<(), String>,
    /// Opens a project read from a folder (`Opened`): the session it
    /// replaces is kept and offered back, as a link's is.
    pub open_project: Callback<OpenedProject>,
}

/// A Dockerfile of a folder, with the folder as its build context.
#[derive(Clone, Debug, PartialEq)]
pub struct OpenedProject {
    pub text: String,
    pub context: Vec<crate::examples::CtxFile>,
    /// The context is the whole folder (see `BuildOptions::whole_context`).
    pub whole: bool,
}

/// The share state a project opens as, and the action that loads it.
pub fn project_shared(p: OpenedProject) -> Shared {
    let mut s = Shared {
        text: p.text,
        target: String::new(),
        context: p.context,
        extra: Vec::new(),
    };
    s.set(WHOLE_KEY, if p.whole { "whole" } else { "" });
    s
}

/// Opens the page's session ([`initial`]) and keeps it: the autosave, the
/// analysis, the start-up guard and links pasted while the page is open.
#[hook]
pub fn use_session() -> Session {
    let boot = use_memo((), |_| RefCell::new(Some(initial())));
    let notices = use_state(|| {
        boot.borrow()
            .as_ref()
            .map(|b| b.notices.clone())
            .unwrap_or_default()
    });
    let previous = use_state(|| boot.borrow().as_ref().and_then(|b| b.previous.clone()));
    let autosave = *use_memo((), |_| boot.borrow().as_ref().is_none_or(|b| b.autosave));
    let compare = use_reducer(|| CompareModel(boot.borrow().as_ref().and_then(|b| b.side.clone())));
    let state = use_reducer(|| {
        boot.borrow_mut()
            .take()
            .map(|b| b.state)
            // Not `State::default()`, which analyses the example on this
            // thread (and so links the analysis into the page's module).
            .unwrap_or_else(empty_state)
    });
    // The session as last rendered (what a link replaces, what "Restore" swaps).
    let latest = use_mut_ref(|| None::<Shared>);
    use_autosave(&state, &compare, autosave, &latest);
    use_analysis(&state);
    use_start_up_guard(&state);
    use_link_listener(&state, &compare, &notices, &previous, &latest);

    let on_restore = {
        let dispatcher = state.dispatcher();
        let compare = compare.dispatcher();
        let (previous, notices, latest) = (previous.clone(), notices.clone(), latest.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(p) = (*previous).clone() else {
                return;
            };
            if let Some(now) = latest.borrow().as_ref() {
                if session::replaces(now, &p) {
                    bridge::storage_set(session::PREVIOUS_KEY, &share::encode_level(now, 1)[1..]);
                }
            }
            notices.set(Vec::new());
            previous.set(None);
            open_shared(&dispatcher, &compare, p);
        })
    };
    let dismiss_previous = {
        let previous = previous.clone();
        Callback::from(move |_: MouseEvent| previous.set(None))
    };
    let dismiss = {
        let notices = notices.clone();
        Callback::from(move |_| notices.set(Vec::new()))
    };
    let on_resume = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| {
            session::arm(&mut session::Browser);
            dispatcher.dispatch(Action::SetPaused(false));
        })
    };
    let share_link = {
        let (st, side) = (state.clone(), compare.0.clone());
        Callback::from(move |_: ()| -> String { share::encode(&shared_of(&st, side.as_ref())) })
    };
    let open_project = {
        let dispatcher = state.dispatcher();
        let compare = compare.dispatcher();
        let (previous, notices, latest) = (previous.clone(), notices.clone(), latest.clone());
        Callback::from(move |p: OpenedProject| {
            let new = project_shared(p);
            if let Some(now) = latest.borrow().clone() {
                if session::replaces(&now, &new) {
                    bridge::storage_set(session::PREVIOUS_KEY, &share::encode_level(&now, 1)[1..]);
                    previous.set(Some(now));
                }
            }
            notices.set(Vec::new());
            open_shared(&dispatcher, &compare, new);
        })
    };
    Session {
        state,
        compare,
        notices,
        previous,
        on_restore,
        dismiss_previous,
        dismiss,
        on_resume,
        share_link,
        open_project,
    }
}

/// Autosave, shortly after each change and at once when the page is hidden
/// (unless an unreadable session could not be moved aside: then it is left
/// where it is); `latest` follows.
#[hook]
fn use_autosave(
    state: &UseReducerHandle<State>,
    compare: &UseReducerHandle<CompareModel>,
    enabled: bool,
    latest: &Rc<RefCell<Option<Shared>>>,
) {
    let st = state.clone();
    let latest = latest.clone();
    let saver = use_memo((), move |_| Autosave::new(enabled));
    use_effect_with(
        (
            state.text.clone(),
            state.context.clone(),
            state.options.clone(),
            state.goals_text.clone(),
            compare.0.clone(),
        ),
        move |(_, _, _, _, side)| {
            let shared = shared_of(&st, side.as_ref());
            saver.save(shared.clone());
            *latest.borrow_mut() = Some(shared);
        },
    );
}

/// The first analysis painted (or stopped): marks it for the benchmark,
/// sends for the code editor's bundle and disarms the start-up guard
/// (session.rs); again after resuming ([`initial`] makes leaving the page
/// take this start's mark away). And, for the benchmark, when the panels
/// show an analysis, of a text how long.
#[hook]
fn use_start_up_guard(state: &State) {
    let settled = state.shown != 0 || state.stopped.is_some();
    use_effect_with((settled, state.paused), |(settled, paused)| {
        if *settled {
            bridge::record_first_paint();
            session::painted(&mut session::Browser);
            crate::offline::register();
        }
        // The code editor's bundle waits for the first paint
        // (web/editor/lazy.js); paused, nothing is painted until the user
        // resumes, so it comes at once.
        if *settled || *paused {
            bridge::load_editor();
        }
    });
    use_effect_with(state.shown, {
        let len = state.shown_bytes;
        let any = state.shown != 0;
        move |_| {
            if any {
                bridge::record_shown(len)
            }
        }
    });
}

/// A link pasted while the page is open: it replaces the session, which is
/// kept and offered back when it differs.
#[hook]
fn use_link_listener(
    state: &UseReducerHandle<State>,
    compare: &UseReducerHandle<CompareModel>,
    notices: &UseStateHandle<Vec<Notice>>,
    previous: &UseStateHandle<Option<Shared>>,
    latest: &Rc<RefCell<Option<Shared>>>,
) {
    let dispatcher = state.dispatcher();
    let compare = compare.dispatcher();
    let (notices, previous, latest) = (notices.clone(), previous.clone(), latest.clone());
    use_effect_with((), move |_| {
        let listener = bridge::listen("hashchange", move || {
            let hash = bridge::location_hash();
            if hash.len() <= 1 {
                return;
            }
            let current = latest.borrow().clone();
            match session::open_link(&hash, current.as_ref(), &mut session::Browser) {
                Ok(o) => {
                    clear_hash();
                    notices.set(o.notices);
                    if o.previous.is_some() {
                        previous.set(o.previous);
                    }
                    open_shared(&dispatcher, &compare, o.link);
                }
                Err(e) => notices.set(vec![Notice::Link(e)]),
            }
        });
        move || drop(listener)
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_state_survives_its_share_state() {
        let s = state_of(Shared {
            text: "FROM alpine\nARG A\n".into(),
            target: "0".into(),
            context: vec![crate::examples::CtxFile::text("a.txt", "x")],
            extra: Vec::new(),
        })
        .apply(Action::SetBuildArg("A".into(), "1".into()))
        .apply(Action::SetGoals("user != root".into()));
        let side = CompareSide::new("FROM debian\n", Vec::new());
        let shared = shared_of(&s, Some(&side));
        assert_eq!(cmp::take(&shared), Some(side));
        let back = state_of(shared.clone());
        assert_eq!(back.text, s.text);
        assert_eq!(back.context, s.context);
        assert_eq!(back.options, s.options);
        assert_eq!(back.goals_text, s.goals_text);
        assert_eq!(shared_of(&back, None).get("args"), Some("A=1"));
        assert_eq!(shared_of(&back, None).get(WHOLE_KEY), None);
        // A folder's whole context survives the link and the autosave.
        let folder = back.apply(Action::LoadShared {
            text: "FROM alpine\n".into(),
            context: vec![crate::examples::CtxFile::sized("a", 1)],
            options: crate::state::BuildOptions {
                whole_context: true,
                ..Default::default()
            },
        });
        let again = state_of(shared_of(&folder, None));
        assert!(again.options.whole_context);
    }

    #[test]
    fn without_a_link_the_page_opens_the_example() {
        let s = state_from(None, false);
        assert_eq!(&*s.text, EXAMPLE);
        assert!(!s.paused && s.wants_analysis());
        let paused = state_from(None, true);
        assert!(paused.paused && !paused.wants_analysis());
    }
}
