//! The goals panel's texts in the page's three languages: a goal in words,
//! what the analysis found, a malformed goal's message.

use layerlab_analysis::goals::{
    Actual, Evaluation, GoalError, GoalErrorKind, GoalKind, Op, Origin, Unknown,
};
use layerlab_analysis::sim::size::human;

use crate::i18n::Lang;

fn op_text(op: Op) -> &'static str {
    match op {
        Op::Lt => "<",
        Op::Le => "≤",
        Op::Gt => ">",
        Op::Ge => "≥",
        Op::Eq => "=",
        Op::Ne => "≠",
    }
}

/// The goal in words.
pub fn goal_label(lang: Lang, kind: &GoalKind) -> String {
    match kind {
        GoalKind::Size { op, bytes } => {
            let (op, n) = (op_text(*op), human(*bytes));
            trf!(
                lang,
                "Image size {op} {n}",
                "Размер образа {op} {n}",
                "镜像大小 {op} {n}"
            )
        }
        GoalKind::NoErrors => tr!(lang, "No errors", "Нет ошибок", "没有错误").into(),
        GoalKind::NoWarnings => tr!(
            lang,
            "No warnings or errors",
            "Нет предупреждений и ошибок",
            "没有警告和错误"
        )
        .into(),
        GoalKind::NoFindings => tr!(
            lang,
            "No findings at all",
            "Ни одного замечания",
            "没有任何问题"
        )
        .into(),
        GoalKind::NoFinding { rule } => trf!(
            lang,
            "No {rule}",
            "Нет замечания {rule}",
            "没有 {rule} 问题"
        ),
        GoalKind::Finding { rule } => trf!(
            lang,
            "Shows {rule}",
            "Есть замечание {rule}",
            "出现 {rule} 问题"
        ),
        GoalKind::Stages { op, count } => {
            let op = op_text(*op);
            trf!(
                lang,
                "Stages built {op} {count}",
                "Собираемых стадий {op} {count}",
                "构建的阶段数 {op} {count}"
            )
        }
        GoalKind::Layers { op, count } => {
            let op = op_text(*op);
            trf!(
                lang,
                "Layers added {op} {count}",
                "Добавленных слоёв {op} {count}",
                "新增层数 {op} {count}"
            )
        }
        GoalKind::User { equal: true, user } => trf!(
            lang,
            "Runs as {user}",
            "Запускается от {user}",
            "以 {user} 用户运行"
        ),
        GoalKind::User { equal: false, user } => trf!(
            lang,
            "Does not run as {user}",
            "Запускается не от {user}",
            "不以 {user} 用户运行"
        ),
        GoalKind::Base { equal: true, image } => trf!(
            lang,
            "Built on {image}",
            "Собран на {image}",
            "基于 {image} 构建"
        ),
        GoalKind::Base {
            equal: false,
            image,
        } => trf!(
            lang,
            "Not built on {image}",
            "Собран не на {image}",
            "不基于 {image} 构建"
        ),
    }
}

/// What the goal was judged on, in words.
pub fn actual_text(lang: Lang, e: &Evaluation) -> String {
    let actual = match &e.actual {
        Actual::Size {
            value,
            low,
            high,
            complete,
        } => {
            let v = human(*value);
            if !complete && *value == 0 {
                tr!(lang, "size unknown", "размер неизвестен", "大小未知").into()
            } else if !complete {
                trf!(
                    lang,
                    "estimated at least {v}",
                    "оценка: не меньше {v}",
                    "估计至少 {v}"
                )
            } else if low == high {
                trf!(lang, "estimated {v}", "оценка: {v}", "估计 {v}")
            } else {
                let (l, h) = (human(*low), human(*high));
                trf!(
                    lang,
                    "estimated {v} ({l}–{h})",
                    "оценка: {v} ({l}–{h})",
                    "估计 {v}（{l}–{h}）"
                )
            }
        }
        Actual::Findings { count: 0, .. } => tr!(lang, "none found", "не найдено", "未发现").into(),
        Actual::Findings {
            count,
            first_line: Some(line),
        } => trf!(
            lang,
            "{count} found, first on line {line}",
            "найдено: {count}, первое в строке {line}",
            "发现 {count} 个，首个在第 {line} 行"
        ),
        Actual::Findings { count, .. } => {
            trf!(lang, "{count} found", "найдено: {count}", "发现 {count} 个")
        }
        Actual::Stages { count } => trf!(
            lang,
            "stages built: {count}",
            "собирается стадий: {count}",
            "构建阶段数：{count}"
        ),
        Actual::Layers { count } => trf!(
            lang,
            "layers added: {count}",
            "добавлено слоёв: {count}",
            "新增层数：{count}"
        ),
        Actual::User { user } => trf!(
            lang,
            "runs as {user}",
            "запускается от {user}",
            "以 {user} 运行"
        ),
        Actual::Base { image } => trf!(
            lang,
            "built on {image}",
            "собран на {image}",
            "基于 {image}"
        ),
        Actual::None => String::new(),
    };
    let Some(u) = &e.unknown else {
        return actual;
    };
    let why = match u {
        Unknown::NoImage => tr!(
            lang,
            "the file has no stage, so there is no image",
            "в файле нет ни одной стадии, значит, нет и образа",
            "文件中没有任何阶段，因此没有镜像"
        )
        .to_string(),
        Unknown::SizeIncomplete => tr!(
            lang,
            "part of the size is unknown, so this cannot be decided",
            "часть размера неизвестна, поэтому проверить нельзя",
            "部分大小未知，因此无法判断"
        )
        .to_string(),
        Unknown::Suppressed { count } => trf!(
            lang,
            "{count} findings are hidden by ignore comments",
            "скрыто комментариями ignore замечаний: {count}",
            "有 {count} 个问题被 ignore 注释隐藏"
        ),
        Unknown::UserUnknown { image } => trf!(
            lang,
            "the default user of {image} is not known, and no USER sets one",
            "пользователь по умолчанию в {image} неизвестен, а USER его не задаёт",
            "{image} 的默认用户未知，且没有 USER 指令设置用户"
        ),
        Unknown::BaseUnresolved => tr!(
            lang,
            "the final stage's FROM cannot be resolved",
            "FROM последней стадии не удаётся разобрать",
            "无法解析最终阶段的 FROM"
        )
        .to_string(),
    };
    if actual.is_empty() {
        why
    } else {
        format!("{actual}; {why}")
    }
}

/// A malformed goal line, in words, with where it is.
pub fn error_text(lang: Lang, e: &GoalError) -> String {
    let what = match &e.kind {
        GoalErrorKind::Empty => tr!(
            lang,
            "empty goal: write one after “goal:”, e.g. size < 150MB",
            "пустая цель: напишите её после «goal:», например size < 150MB",
            "目标为空：请在“goal:”后写上目标，例如 size < 150MB"
        )
        .to_string(),
        GoalErrorKind::UnknownGoal { word, suggestion } => {
            let base = trf!(
                lang,
                "unknown goal “{word}”; goals start with size, no, finding, stages, layers, user or base",
                "неизвестная цель «{word}»; цели начинаются с size, no, finding, stages, layers, user или base",
                "未知目标“{word}”；目标以 size、no、finding、stages、layers、user 或 base 开头"
            );
            with_suggestion(lang, base, suggestion.as_deref())
        }
        GoalErrorKind::BadOperator { found, allowed } => {
            if found.is_empty() {
                trf!(
                    lang,
                    "expected an operator ({allowed})",
                    "ожидался оператор ({allowed})",
                    "缺少运算符（{allowed}）"
                )
            } else {
                trf!(
                    lang,
                    "operator “{found}” is not allowed here; use {allowed}",
                    "оператор «{found}» здесь не подходит; используйте {allowed}",
                    "此处不能使用运算符“{found}”；请使用 {allowed}"
                )
            }
        }
        GoalErrorKind::BadNumber { found } => {
            if found.is_empty() {
                tr!(lang, "expected a number", "ожидалось число", "缺少数字").to_string()
            } else {
                trf!(
                    lang,
                    "“{found}” is not a number",
                    "«{found}» — не число",
                    "“{found}”不是数字"
                )
            }
        }
        GoalErrorKind::MissingUnit => tr!(
            lang,
            "a size needs a unit: B, KB, MB, GB, KiB, MiB or GiB",
            "у размера должна быть единица: B, KB, MB, GB, KiB, MiB или GiB",
            "大小需要单位：B、KB、MB、GB、KiB、MiB 或 GiB"
        )
        .to_string(),
        GoalErrorKind::UnknownUnit { found, suggestion } => {
            let base = trf!(
                lang,
                "unknown size unit “{found}”; use B, KB, MB, GB, KiB, MiB or GiB",
                "неизвестная единица размера «{found}»; используйте B, KB, MB, GB, KiB, MiB или GiB",
                "未知的大小单位“{found}”；请使用 B、KB、MB、GB、KiB、MiB 或 GiB"
            );
            with_suggestion(lang, base, suggestion.as_deref())
        }
        GoalErrorKind::BadNo { found } => trf!(
            lang,
            "after “no”, expected errors, warnings, findings or finding <rule-id>, found “{found}”",
            "после «no» ожидалось errors, warnings, findings или finding <id-правила>, а стоит «{found}»",
            "“no”之后应为 errors、warnings、findings 或 finding <规则 id>，实际为“{found}”"
        ),
        GoalErrorKind::MissingRule => tr!(
            lang,
            "expected a rule id, e.g. pip-no-cache-dir",
            "ожидался id правила, например pip-no-cache-dir",
            "缺少规则 id，例如 pip-no-cache-dir"
        )
        .to_string(),
        GoalErrorKind::UnknownRule { id, suggestion } => {
            let base = trf!(
                lang,
                "unknown rule id “{id}”",
                "неизвестный id правила «{id}»",
                "未知的规则 id“{id}”"
            );
            with_suggestion(lang, base, suggestion.as_deref())
        }
        GoalErrorKind::MissingValue => tr!(
            lang,
            "expected a value after the operator",
            "после оператора ожидалось значение",
            "运算符后缺少值"
        )
        .to_string(),
        GoalErrorKind::TrailingText { found } => trf!(
            lang,
            "unexpected “{found}” after the goal",
            "лишнее «{found}» после цели",
            "目标后有多余内容“{found}”"
        ),
        GoalErrorKind::NotAtTop => tr!(
            lang,
            "goals must be in the comments at the top of the file, before the first instruction; this one is ignored",
            "цели должны стоять в комментариях в начале файла, до первой инструкции; эта цель не учитывается",
            "目标必须写在文件开头、第一条指令之前的注释中；此目标被忽略"
        )
        .to_string(),
    };
    let (line, col) = (e.pos.line, e.pos.column);
    match e.pos.origin {
        Origin::File => trf!(
            lang,
            "Dockerfile, line {line}, column {col}: {what}",
            "Dockerfile, строка {line}, столбец {col}: {what}",
            "Dockerfile 第 {line} 行第 {col} 列：{what}"
        ),
        Origin::Text => trf!(
            lang,
            "Goals, line {line}, column {col}: {what}",
            "Цели, строка {line}, столбец {col}: {what}",
            "目标第 {line} 行第 {col} 列：{what}"
        ),
    }
}

fn with_suggestion(lang: Lang, base: String, suggestion: Option<&str>) -> String {
    match suggestion {
        None => base,
        Some(s) => {
            let hint = trf!(
                lang,
                " (did you mean “{s}”?)",
                " (может быть, «{s}»?)",
                "（是不是“{s}”？）"
            );
            base + &hint
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::goals::GoalsView;
    use layerlab_analysis::goals::Status;
    use layerlab_analysis::{analyze, Options};

    #[test]
    fn an_unknown_image_size_is_not_zero_bytes() {
        let size = |value, complete| Evaluation {
            status: Status::Unknown,
            actual: Actual::Size {
                value,
                low: value,
                high: value,
                complete,
            },
            unknown: None,
            summary: String::new(),
        };
        for lang in Lang::ALL {
            let t = actual_text(lang, &size(0, false));
            assert!(!t.contains("0 B"), "{t}");
        }
        assert_eq!(actual_text(Lang::En, &size(0, false)), "size unknown");
        assert_eq!(
            actual_text(Lang::En, &size(45_000_000, false)),
            "estimated at least 45.0 MB"
        );
        assert_eq!(actual_text(Lang::En, &size(0, true)), "estimated 0 B");
    }

    #[test]
    fn texts_in_three_languages() {
        let a = analyze("FROM python:3.12-slim\n", &Options::default());
        let v = GoalsView::of(&a, "size < 150MB\nuser != root");
        let r = &v.rows[0];
        assert_eq!(goal_label(Lang::En, &r.goal.kind), "Image size < 150 MB");
        assert!(goal_label(Lang::Zh, &r.goal.kind).starts_with("镜像大小"));
        assert!(actual_text(Lang::Ru, &r.eval).starts_with("оценка: "));
        assert_eq!(actual_text(Lang::En, &v.rows[1].eval), "runs as root");
    }
}
