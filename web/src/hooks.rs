//! Hooks that connect the page's state to the analysis worker, and what the
//! panels do to the editor (go to a line, apply a fix), shared by the full
//! page and the embed.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use yew::prelude::*;

use layerlab_analysis::rules::Fix;

use crate::analyst::{Analyst, Outcome};
use crate::bridge;
use crate::components::EditorHandle;
use crate::delta::Patch;
use crate::state::{Action, Ptr, State, Stopped};
use crate::view::{Compared, Input, View};
use crate::worker::{to_wire, Reply, Request};

/// Whether the analyst answers on this thread at once (the host, where there
/// is no worker): the first render can then show an analysis.
pub const ANSWERS_AT_ONCE: bool = cfg!(not(target_arch = "wasm32"));

/// The action an outcome of a page request is (None: not one). `received`
/// is the last view the worker sent, which its next reply may change.
fn page_action(outcome: Outcome, received: &RefCell<Option<Rc<View>>>) -> Option<Action> {
    match outcome {
        Outcome::Stopped { seq, why } => Some(Action::Stopped(Stopped { seq, why })),
        Outcome::Reply(bytes) => {
            let Reply::Page {
                seq,
                view,
                wants_long_tail,
            } = crate::worker::from_wire(&bytes)?
            else {
                return None;
            };
            if wants_long_tail {
                crate::long_tail::want();
            }
            let whole = matches!(view, Patch::Whole(_));
            let mut last = received.borrow_mut();
            // The last view is edited in place (the state shares it only
            // while it takes what changed, so it is ours again by now). A
            // delta that does not fit is dropped, and the deltas after it
            // until a whole view (never seen: replies arrive in order, and
            // a new worker starts whole).
            let old = last
                .take()
                .filter(|_| !whole)
                .map(|v| Rc::try_unwrap(v).unwrap_or_else(|shared| (*shared).clone()));
            let view = Rc::new(view.apply_owned(old)?);
            crate::bridge::record_analysis_ms(view.analysis_ms);
            // Shared with the state, which copies only the parts that changed.
            *last = Some(view.clone());
            Some(Action::Analysed {
                seq,
                view: Ptr(view),
            })
        }
    }
}

/// Sends the page's inputs to the analysis worker whenever they change and
/// dispatches what comes back ([`Action::Analysed`], [`Action::Stopped`]).
#[hook]
pub fn use_analysis(state: &UseReducerHandle<State>) {
    let analyst = {
        let dispatcher = state.dispatcher();
        use_memo((), move |_| {
            let received = RefCell::new(None);
            let on_reply = dispatcher.clone();
            let analyst = Analyst::new(move |o| {
                if let Some(a) = page_action(o, &received) {
                    on_reply.dispatch(a);
                }
            });
            crate::long_tail::on_arrival(move || dispatcher.dispatch(Action::Reanalyse));
            analyst
        })
    };
    let st = state.clone();
    use_effect_with(state.seq, move |seq| {
        if st.wants_analysis() {
            let input = Box::new(st.input());
            analyst.submit(*seq, to_wire(&Request::Page { seq: *seq, input }));
        }
    });
}

/// The compare view's comparison of `a` and `b`, from its own worker (None
/// until the first one arrives; then the latest that did, while a newer one
/// runs). `stopped` is set when the latest did not finish.
#[hook]
pub fn use_comparison(a: Input, b: Input) -> (Option<Rc<Compared>>, Option<Stopped>) {
    let result = use_state(|| None::<Rc<Compared>>);
    let stopped = use_state(|| None::<Stopped>);
    let seq = use_memo((), |_| Cell::new(0u64));
    // Set when the long tail arrives: the comparison is asked again.
    let refresh = use_state(|| false);
    let analyst = {
        let arrived = refresh.setter();
        let result = result.setter();
        let stopped = stopped.setter();
        use_memo((), move |_| {
            let analyst = Analyst::new(move |o| match o {
                Outcome::Stopped { seq, why } => stopped.set(Some(Stopped { seq, why })),
                Outcome::Reply(bytes) => {
                    if let Some(Reply::Compare {
                        compared,
                        wants_long_tail,
                        ..
                    }) = crate::worker::from_wire(&bytes)
                    {
                        if wants_long_tail {
                            crate::long_tail::want();
                        }
                        stopped.set(None);
                        result.set(Some(Rc::new(*compared)));
                    }
                }
            });
            // It arrives once per page.
            crate::long_tail::on_arrival(move || arrived.set(true));
            analyst
        })
    };
    use_effect_with((a, b, *refresh), move |(a, b, _)| {
        let n = seq.get() + 1;
        seq.set(n);
        let request = Request::Compare {
            seq: n,
            a: Box::new(a.clone()),
            b: Box::new(b.clone()),
        };
        analyst.submit(n, to_wire(&request));
    });
    ((*result).clone(), *stopped)
}

/// "Go to line": moves the code editor (or, `plain`, the textarea) to a line.
#[hook]
pub fn use_goto(editor: &EditorHandle, textarea: &NodeRef, plain: bool) -> Callback<u32> {
    let editor = editor.clone();
    use_callback(
        (textarea.clone(), plain),
        move |line: u32, (textarea, plain): &(NodeRef, bool)| {
            if !*plain {
                if let Some(view) = editor.0.borrow().as_ref() {
                    bridge::goto_line(view, line);
                }
                return;
            }
            if let Some(ta) = textarea.cast::<web_sys::HtmlTextAreaElement>() {
                let at = crate::utf16::utf16_line_start(&ta.value(), line);
                bridge::caret_to_line(&ta, at, line);
            }
        },
    )
}

/// Applies a finding's fix: through the code editor when it is shown (its
/// edits keep the undo history), else as an edit of the whole text; nothing
/// when `readonly`.
#[hook]
pub fn use_fix(
    editor: &EditorHandle,
    state: &UseReducerHandle<State>,
    plain: bool,
    readonly: bool,
) -> Callback<Fix> {
    let editor = editor.clone();
    let dispatcher = state.dispatcher();
    use_callback(
        (state.text.clone(), plain),
        move |fix: Fix, (text, plain): &(Rc<str>, bool)| {
            if readonly {
                return;
            }
            if !*plain {
                if let Some(view) = editor.0.borrow().as_ref() {
                    let edits = crate::utf16::fix_edits_utf16(text, &fix);
                    bridge::apply_edits(view, bridge::edits_value(&edits));
                    return;
                }
            }
            dispatcher.dispatch(Action::Edit(fix.apply(text)));
        },
    )
}
