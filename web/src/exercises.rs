//! Ready classroom exercises: a seed Dockerfile with `# goal:` comments on
//! top, its build context, a title and a one-line task in three languages.
//! The files are in `web/exercises/` (see its README); their solutions,
//! used only by the tests, in `web/exercises/solutions/`.

use crate::examples::{CtxFile, Seed};
use crate::i18n::Lang;

/// One exercise of the gallery.
pub struct Exercise {
    /// Stable id (`ex-04-local`), used in tests and `data-exercise`.
    pub id: &'static str,
    /// English, Russian, Chinese.
    pub title: [&'static str; 3],
    /// What to do, in a line: English, Russian, Chinese.
    pub task: [&'static str; 3],
    /// The Dockerfile, goals included.
    pub dockerfile: &'static str,
    pub context: &'static [Seed],
}

fn pick(lang: Lang, s: &[&'static str; 3]) -> &'static str {
    match lang {
        Lang::En => s[0],
        Lang::Ru => s[1],
        Lang::Zh => s[2],
    }
}

impl Exercise {
    pub fn title(&self, lang: Lang) -> &'static str {
        pick(lang, &self.title)
    }
    pub fn task(&self, lang: Lang) -> &'static str {
        pick(lang, &self.task)
    }
    pub fn context_files(&self) -> Vec<CtxFile> {
        crate::examples::files_of(self.context)
    }
}

macro_rules! exercise {
    ($f:literal) => {
        include_str!(concat!("../exercises/", $f))
    };
}
use crate::examples::{CTX_000, CTX_002, CTX_003};

pub const EXERCISES: &[Exercise] = &[
    Exercise {
        id: "ex-04-local",
        title: [
            "Bring the packages along",
            "Заберите пакеты с собой",
            "把依赖包一起带走",
        ],
        task: [
            "The final stage copies only /root/.local/bin: make it copy the installed packages too.",
            "Финальная стадия копирует только /root/.local/bin: сделайте так, чтобы копировались и установленные пакеты.",
            "最终阶段只复制了 /root/.local/bin：让它把安装好的包也复制过来。",
        ],
        dockerfile: exercise!("04-local.Dockerfile"),
        context: CTX_002,
    },
    Exercise {
        id: "ex-05-size",
        title: ["Under 150 MB", "Меньше 150 МБ", "小于 150 MB"],
        task: [
            "This image is close to 1 GB: get it under 150 MB without pip's cache.",
            "Этот образ весит почти 1 ГБ: уменьшите его до 150 МБ и избавьтесь от кэша pip.",
            "这个镜像接近 1 GB：把它缩小到 150 MB 以下，并去掉 pip 缓存。",
        ],
        dockerfile: exercise!("05-size.Dockerfile"),
        context: CTX_003,
    },
    Exercise {
        id: "ex-08-build",
        title: [
            "Make it build again",
            "Пусть снова собирается",
            "让它重新构建成功",
        ],
        task: [
            "pip no longer accepts --install-option: keep the multi-stage build and make it build.",
            "pip больше не принимает --install-option: сохраните многостадийную сборку и сделайте так, чтобы она собиралась.",
            "pip 已不再接受 --install-option：保留多阶段构建，并让它能够成功构建。",
        ],
        dockerfile: exercise!("08-build.Dockerfile"),
        context: CTX_003,
    },
    Exercise {
        id: "ex-01-tag",
        title: [
            "A tag that exists",
            "Тег, который существует",
            "一个真实存在的标签",
        ],
        task: [
            "python:3.12-slim-buster was never published: choose a base image tag that was.",
            "Образ python:3.12-slim-buster никогда не публиковался: выберите тег базового образа, который существует.",
            "python:3.12-slim-buster 从未发布过：换一个确实发布过的基础镜像标签。",
        ],
        dockerfile: exercise!("01-tag.Dockerfile"),
        context: CTX_000,
    },
    Exercise {
        id: "ex-07-nonroot",
        title: [
            "Run as non-root",
            "Без прав root",
            "以非 root 用户运行",
        ],
        task: [
            "The container runs as root: create a user and switch to it before CMD.",
            "Контейнер работает от root: создайте пользователя и переключитесь на него перед CMD.",
            "容器以 root 身份运行：创建一个用户，并在 CMD 之前切换到该用户。",
        ],
        dockerfile: exercise!("07-nonroot.Dockerfile"),
        context: CTX_003,
    },
];

fn goal_lines(text: &str) -> Vec<&str> {
    text.lines()
        .take_while(|l| l.starts_with('#') || l.trim().is_empty())
        .filter(|l| l.starts_with("# goal:"))
        .map(str::trim_end)
        .collect()
}

/// The exercise whose goals `text` has (so the page can show its task
/// while the student edits the rest of the file).
pub fn matching(text: &str) -> Option<&'static Exercise> {
    let goals = goal_lines(text);
    if goals.is_empty() {
        return None;
    }
    EXERCISES.iter().find(|e| goal_lines(e.dockerfile) == goals)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::goals::GoalsView;
    use crate::state::State;
    use layerlab_analysis::goals::Status;

    /// The known solutions (not shipped in the page).
    fn solution(id: &str) -> &'static str {
        match id {
            "ex-04-local" => exercise!("solutions/04-local.Dockerfile"),
            "ex-05-size" => exercise!("solutions/05-size.Dockerfile"),
            "ex-08-build" => exercise!("solutions/08-build.Dockerfile"),
            "ex-01-tag" => exercise!("solutions/01-tag.Dockerfile"),
            "ex-07-nonroot" => exercise!("solutions/07-nonroot.Dockerfile"),
            _ => panic!("no solution for {id}"),
        }
    }

    fn view(text: &str, e: &Exercise) -> GoalsView {
        let s = State::with_context(text, e.context_files().into());
        (*s.goals).clone()
    }

    #[test]
    fn each_exercise_starts_unmet_and_its_solution_meets_every_goal() {
        assert_eq!(EXERCISES.len(), 5);
        for e in EXERCISES {
            let start = view(e.dockerfile, e);
            assert!(start.errors.is_empty(), "{}: {:?}", e.id, start.errors);
            assert!(start.rows.len() >= 2, "{}", e.id);
            assert!(
                start.rows.iter().any(|r| r.eval.status == Status::Unmet),
                "{}: nothing to do: {:?}",
                e.id,
                start.rows
            );
            assert!(!start.all_met(), "{}", e.id);
            let sol = solution(e.id);
            // The solution keeps the same goals.
            let goals = |t: &'static str| {
                t.lines()
                    .filter(|l| l.starts_with("# goal:"))
                    .collect::<Vec<_>>()
            };
            assert_eq!(goals(sol), goals(e.dockerfile), "{}", e.id);
            let done = view(sol, e);
            assert!(
                done.all_met(),
                "{}: {:?}",
                e.id,
                done.rows
                    .iter()
                    .map(|r| (&r.goal.text, r.eval.status, &r.eval.summary))
                    .collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn exercises_are_the_seeds_with_goals_on_top() {
        for e in EXERCISES {
            let body: String = e
                .dockerfile
                .lines()
                .skip_while(|l| l.starts_with("# goal:"))
                .map(|l| format!("{l}\n"))
                .collect();
            let seeds = crate::examples::EXAMPLES;
            assert!(
                seeds.iter().any(|s| s.dockerfile == body),
                "{} is not a seed with goals",
                e.id
            );
            for lang in Lang::ALL {
                assert!(!e.title(lang).is_empty() && !e.task(lang).is_empty());
            }
            assert_eq!(matching(e.dockerfile).map(|x| x.id), Some(e.id));
        }
        assert!(matching("FROM alpine\n").is_none());
        // Goal sets are distinct, so the task shown is the right one.
        for (i, a) in EXERCISES.iter().enumerate() {
            for b in &EXERCISES[i + 1..] {
                assert_ne!(
                    goal_lines(a.dockerfile),
                    goal_lines(b.dockerfile),
                    "{} {}",
                    a.id,
                    b.id
                );
            }
        }
    }
}
