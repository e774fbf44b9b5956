use std::rc::Rc;

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::exercises;
use crate::goals::{actual_text, error_text, goal_label, status_name, GoalsView};
use crate::i18n::use_lang;
use crate::state::Ptr;
use layerlab_analysis::goals::Status;

#[derive(Properties, PartialEq)]
pub struct GoalsProps {
    pub view: Ptr<GoalsView>,
    /// The Dockerfile (to find the exercise, and to write goals into it).
    pub text: Rc<str>,
    /// The goals the link carries.
    pub goals_text: Rc<str>,
    /// Sets the link's goals.
    pub on_set_goals: Callback<String>,
    /// Replaces the Dockerfile's text (goals written into it as comments).
    pub on_replace_text: Callback<String>,
    /// The share fragment (`#v1.…`) of the current state.
    pub share_link: Callback<(), String>,
}

/// The exercise checklist: each goal met (green), unmet or unknown, updated
/// with every analysis; "done" when all are met. Teacher mode edits the
/// goals that ride in the link, makes the link, or writes the goals into the
/// file as `# goal:` comments.
#[function_component]
pub fn Goals(props: &GoalsProps) -> Html {
    let l = use_lang();
    let teacher = use_state(|| false);
    let link = use_state(|| None::<String>);
    let view = &*props.view;

    let toggle_teacher = {
        let teacher = teacher.clone();
        Callback::from(move |_: MouseEvent| teacher.set(!*teacher))
    };
    let on_input = {
        let cb = props.on_set_goals.clone();
        let link = link.clone();
        Callback::from(move |e: InputEvent| {
            let ta: HtmlTextAreaElement = e.target_unchecked_into();
            link.set(None);
            cb.emit(ta.value());
        })
    };
    let make_link = {
        let make = props.share_link.clone();
        let link = link.clone();
        Callback::from(move |_: MouseEvent| {
            let fragment = make.emit(());
            let base = crate::bridge::address()
                .map(|a| format!("{}{}{}", a.origin, a.path, a.search))
                .unwrap_or_default();
            let url = format!("{base}{fragment}");
            crate::bridge::copy_text(&url);
            link.set(Some(url));
        })
    };
    let into_file = {
        let text = props.text.clone();
        let goals = props.goals_text.clone();
        let cb = props.on_replace_text.clone();
        let link = link.clone();
        Callback::from(move |_: MouseEvent| {
            link.set(None);
            cb.emit(crate::goals::goals_into_text(&text, &goals));
        })
    };

    let exercise = exercises::matching(&props.text);
    let rows = view.rows.iter().map(|r| {
        let status = status_name(r.eval.status);
        let mark = match r.eval.status {
            Status::Met => "✓",
            Status::Unmet => "✗",
            Status::Unknown => "?",
        };
        let mark_title = match r.eval.status {
            Status::Met => tr!(l, "met", "выполнено", "已达成"),
            Status::Unmet => tr!(l, "not met yet", "пока не выполнено", "尚未达成"),
            Status::Unknown => tr!(l, "cannot be decided", "не удаётся проверить", "无法判断"),
        };
        html! {
            <li class={classes!("goal", status)} data-goal-status={status}
                data-goal={r.goal.text.clone()} title={r.goal.text.clone()}>
                <span class="goal-mark" aria-label={mark_title} title={mark_title}>{ mark }</span>
                <span class="goal-label">{ goal_label(l, &r.goal.kind) }</span>
                <span class="goal-actual">{ actual_text(l, &r.eval) }</span>
            </li>
        }
    });
    let errors = view.errors.iter().map(|e| {
        html! { <li class="goal-error" data-testid="goal-error">{ error_text(l, e) }</li> }
    });
    let total = view.rows.len();
    let met = view.met();

    html! {
        <section class="panel goals-panel" data-testid="goals" aria-labelledby="goals-title"
            data-done={view.all_met().to_string()}>
            <h2 id="goals-title">
                { tr!(l, "Goals", "Цели", "目标") }
                if total > 0 {
                    <span class="badge" data-testid="goals-count">{ format!("{met}/{total}") }</span>
                }
                <span class="spacer"></span>
                <button type="button" class="act" data-testid="teacher-mode"
                    aria-pressed={teacher.to_string()} onclick={toggle_teacher}>
                    { tr!(l, "Teacher mode", "Режим учителя", "教师模式") }
                </button>
            </h2>
            if let Some(e) = exercise {
                <p class="goal-task" data-testid="exercise-task">
                    <strong>{ e.title(l) }</strong>{ ": " }{ e.task(l) }
                </p>
            }
            if view.is_empty() && !*teacher {
                <p class="empty">{ tr!(
                    l,
                    "No goals. Open an exercise, or set goals in teacher mode.",
                    "Целей нет. Откройте упражнение или задайте цели в режиме учителя.",
                    "没有目标。打开一个练习，或在教师模式中设置目标。"
                ) }</p>
            }
            if !view.is_empty() {
                <ul class="goals">{ for rows }{ for errors }</ul>
            }
            if view.all_met() {
                <div class="goals-done" data-testid="goals-done" role="status">
                    { tr!(l, "✓ All goals met. Well done!", "✓ Все цели выполнены. Отлично!", "✓ 所有目标均已达成，做得好！") }
                </div>
            }
            if *teacher {
                <div class="teacher" data-testid="teacher">
                    <label for="goals-editor">{ tr!(
                        l,
                        "Goals carried in the link, one a line (e.g. size < 150MB, no errors, user != root, no finding pip-no-cache-dir, stages >= 2):",
                        "Цели, которые передаются в ссылке, по одной в строке (например, size < 150MB, no errors, user != root, no finding pip-no-cache-dir, stages >= 2):",
                        "随链接携带的目标，每行一个（例如 size < 150MB、no errors、user != root、no finding pip-no-cache-dir、stages >= 2）："
                    ) }</label>
                    <textarea id="goals-editor" data-testid="goals-editor" rows="4" spellcheck="false"
                        value={props.goals_text.to_string()} oninput={on_input} />
                    <div class="teacher-actions">
                        <button type="button" class="act" data-testid="teacher-link" onclick={make_link}>
                            { tr!(l, "Make a link with these goals", "Ссылка с этими целями", "生成带这些目标的链接") }
                        </button>
                        <button type="button" class="act" data-testid="goals-into-file" onclick={into_file}
                            disabled={props.goals_text.trim().is_empty()}>
                            { tr!(l, "Write them into the Dockerfile instead", "Вместо этого записать их в Dockerfile", "改为写入 Dockerfile") }
                        </button>
                    </div>
                    <p class="hint">{ tr!(
                        l,
                        "In the link, the goals stay outside the Dockerfile's text; written into the Dockerfile, they become # goal: comments that travel with the file (and the layerlab CLI checks them too).",
                        "В ссылке цели хранятся отдельно от текста Dockerfile; записанные в Dockerfile, они становятся комментариями # goal:, которые переходят вместе с файлом (их проверяет и CLI layerlab).",
                        "放在链接中时，目标独立于 Dockerfile 文本之外；写入 Dockerfile 后，它们成为随文件一起流转的 # goal: 注释（layerlab 命令行工具也会检查它们）。"
                    ) }</p>
                    if let Some(url) = (*link).clone() {
                        <input class="teacher-link" data-testid="teacher-link-url" readonly=true value={url} />
                    }
                </div>
            }
        </section>
    }
}
