//! An embed's host API (docs/embedding.md): commands from the parent window
//! (`set-text`, `get-report`, `get-text`, `set-theme`), and `ready`,
//! `resize` and `change` posted to it. The messages themselves are
//! `bridge::host`; nothing happens on the host (tests).

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use crate::embed::{EmbedParams, Theme};
use crate::state::State;

/// On the host (tests) there is no parent window: nothing to answer.
#[cfg(not(target_arch = "wasm32"))]
#[hook]
pub fn use_host_api(
    _state: &UseReducerHandle<State>,
    _latest: &Rc<RefCell<State>>,
    _theme: &UseStateHandle<Theme>,
    _params: &EmbedParams,
    _root: &NodeRef,
) {
}

/// Answers the parent window's commands and tells it about the embed.
/// `latest` is the current state (the message handler is set up once).
#[cfg(target_arch = "wasm32")]
#[hook]
pub fn use_host_api(
    state: &UseReducerHandle<State>,
    latest: &Rc<RefCell<State>>,
    theme: &UseStateHandle<Theme>,
    params: &EmbedParams,
    root: &NodeRef,
) {
    {
        use crate::bridge::host::{self, Command};
        use crate::state::Action;
        use layerlab_syntax::Severity;
        use wasm_bindgen::JsValue;
        // `getReport` requests waiting for the analysis of the current text.
        let reports = use_mut_ref(Vec::<(JsValue, String)>::new);
        let post_origin = params
            .origin
            .clone()
            .filter(|o| !o.is_empty())
            .unwrap_or_else(|| "*".to_string());
        {
            let dispatcher = state.dispatcher();
            let latest = latest.clone();
            let theme = theme.clone();
            let allowed = params.origin.clone();
            let post_origin = post_origin.clone();
            let reports = reports.clone();
            use_effect_with((), move |_| {
                let listener = host::listen(allowed, move |cmd, reply_to| match cmd {
                    Command::SetText(text) => {
                        // A new text; the context, build options and goals stay.
                        let (context, options, goals) = {
                            let s = latest.borrow();
                            (
                                s.context.to_vec(),
                                (*s.options).clone(),
                                s.goals_text.to_string(),
                            )
                        };
                        dispatcher.dispatch(Action::LoadShared {
                            text,
                            context,
                            options,
                        });
                        dispatcher.dispatch(Action::SetGoals(goals));
                    }
                    Command::GetReport(id) => {
                        // The report of the current text: wait for its analysis.
                        if latest.borrow().is_analysing() {
                            reports.borrow_mut().push((id, reply_to));
                        } else {
                            post_report(&latest.borrow(), id, &reply_to);
                        }
                    }
                    Command::GetText(id) => {
                        let text = JsValue::from_str(&latest.borrow().text);
                        let msg = host::message("layerlab:text", &[("id", id), ("text", text)]);
                        host::post_to_parent(&msg, &reply_to);
                    }
                    Command::SetTheme(t) => theme.set(t),
                });
                host::post_to_parent(
                    &host::message("layerlab:ready", &[("version", JsValue::from_f64(1.0))]),
                    &post_origin,
                );
                move || drop(listener)
            });
        }
        {
            let root = root.clone();
            let post_origin = post_origin.clone();
            use_effect_with((), move |_| {
                let observer = root.cast::<web_sys::HtmlElement>().map(|el| {
                    host::observe_height(el, move |h| {
                        let msg = host::message(
                            "layerlab:resize",
                            &[("height", JsValue::from_f64(h as f64))],
                        );
                        host::post_to_parent(&msg, &post_origin);
                    })
                });
                move || drop(observer)
            });
        }
        // Once the current text is analysed (or its analysis stopped): the
        // reports asked for meanwhile, and `change`.
        {
            let st = (*state).clone();
            let settled = !state.is_analysing();
            let reports = reports.clone();
            use_effect_with((state.shown, state.stopped), move |_| {
                if settled {
                    for (id, reply_to) in reports.borrow_mut().drain(..) {
                        post_report(&st, id, &reply_to);
                    }
                }
            });
        }
        {
            let counts = (
                state.count(Severity::Error),
                state.count(Severity::Warning),
                state.count(Severity::Info),
            );
            let current = !state.is_stale();
            use_effect_with(state.shown, move |_| {
                if !current {
                    return;
                }
                let msg = host::message(
                    "layerlab:change",
                    &[
                        ("errors", JsValue::from_f64(counts.0 as f64)),
                        ("warnings", JsValue::from_f64(counts.1 as f64)),
                        ("infos", JsValue::from_f64(counts.2 as f64)),
                    ],
                );
                host::post_to_parent(&msg, &post_origin);
            });
        }
    }
}

/// Answers a host's `getReport` with the report of `state`.
#[cfg(target_arch = "wasm32")]
fn post_report(state: &State, id: wasm_bindgen::JsValue, reply_to: &str) {
    use crate::bridge::host;
    let report = host::parse_json(&crate::embed::report_json(state));
    let msg = host::message("layerlab:report", &[("id", id), ("report", report)]);
    host::post_to_parent(&msg, reply_to);
}
