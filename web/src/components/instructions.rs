use std::rc::Rc;

use yew::prelude::*;

use crate::i18n::use_lang;
use crate::state::InstructionRow;

#[derive(Properties, PartialEq)]
pub struct InstructionsProps {
    pub rows: Rc<[InstructionRow]>,
    /// Called with an instruction's first line when it is clicked.
    pub on_goto: Callback<u32>,
}

/// Rows drawn before "Show all" (a very long file stays quick to redraw).
pub const FIRST_ROWS: usize = 300;

/// Every instruction with the lines it spans; a `FROM` starts a new stage.
/// A long list shows its first [`FIRST_ROWS`] until "Show all" is pressed.
#[function_component]
pub fn Instructions(props: &InstructionsProps) -> Html {
    let l = use_lang();
    let all = use_state(|| false);
    let shown = if *all {
        props.rows.len()
    } else {
        FIRST_ROWS.min(props.rows.len())
    };
    let hidden = props.rows.len() - shown;
    let show_all = {
        let all = all.clone();
        Callback::from(move |_: MouseEvent| all.set(true))
    };
    let items = props.rows[..shown].iter().map(|row| {
        html! { <Instruction row={row.clone()} on_goto={props.on_goto.clone()} /> }
    });
    html! {
        <section class="panel" aria-labelledby="instructions-title">
            <h2 id="instructions-title">
                { tr!(l, "Instructions", "Инструкции", "指令") }
                <span class="badge">{ props.rows.len() }</span>
            </h2>
            if props.rows.is_empty() {
                <p class="empty">{ tr!(l, "No instructions yet.", "Инструкций пока нет.", "还没有指令。") }</p>
            } else {
                <ol class="instructions" data-testid="instructions">{ for items }</ol>
                if hidden > 0 {
                    <button type="button" class="link more" data-testid="instructions-all" onclick={show_all}>
                        { { let n = props.rows.len(); trf!(l, "Show all {n} instructions ({hidden} more)", "Показать все инструкции: {n} (ещё {hidden})", "显示全部 {n} 条指令（另有 {hidden} 条）") } }
                    </button>
                }
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct InstructionProps {
    row: InstructionRow,
    on_goto: Callback<u32>,
}

/// One instruction (its own component: an unchanged row is not redrawn).
#[function_component]
fn Instruction(props: &InstructionProps) -> Html {
    let l = use_lang();
    let row = &props.row;
    let line = row.start_line;
    let onclick = props.on_goto.reform(move |_: MouseEvent| line);
    html! {
        <li
            class={classes!("instruction", (row.keyword == "FROM").then_some("stage-start"))}
            data-line={row.start_line.to_string()}
            data-end-line={row.end_line.to_string()}
            data-keyword={row.keyword.clone()}
        >
            <button type="button" {onclick} title={trf!(l, "Go to line {line}", "Перейти к строке {line}", "跳转到第 {line} 行")}>
                <span class="lines">{ row.line_range() }</span>
                <span class="keyword">{ &row.keyword }</span>
                <span class="args">{ &row.args }</span>
            </button>
        </li>
    }
}
