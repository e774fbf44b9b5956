//! The gallery's titles and one-line lessons in Russian and Chinese, by
//! example id (English lives with each example in `examples.rs`). An id
//! missing here falls back to English; a test checks every example has both.

use crate::examples::Example;
use crate::i18n::Lang;

/// `(id, ru title, ru teaches, zh title, zh teaches)`.
const TRANSLATIONS: &[(&str, &str, &str, &str, &str)] = &[
    (
        "seed-01",
        "01 · Одна стадия (ru)",
        "python:3.12-slim-buster никогда не публиковался: сборка падает на FROM.",
        "01 · 单阶段（俄文）",
        "python:3.12-slim-buster 从未发布：构建在 FROM 处失败。",
    ),
    (
        "seed-02",
        "02 · Многостадийная сборка (ru)",
        "Многостадийная переделка, которая почти ничего не экономит, на неопубликованном теге.",
        "02 · 多阶段（俄文）",
        "改写成多阶段构建几乎没省下空间，而且用的是未发布的标签。",
    ),
    (
        "seed-03",
        "03 · Flask, несколько стадий (en)",
        "COPY --from=builder /app оставляет Flask позади: `flask run` не запускается.",
        "03 · Flask 多阶段（英文）",
        "COPY --from=builder /app 把 Flask 留在了构建阶段：`flask run` 启动即失败。",
    ),
    (
        "seed-04",
        "04 · pip --user, несколько стадий (ru)",
        "Копирование /root/.local/bin берёт скрипты и оставляет пакеты позади.",
        "04 · pip --user 多阶段（俄文）",
        "只复制 /root/.local/bin 只带走了脚本，包却留在了构建阶段。",
    ),
    (
        "seed-05",
        "05 · Наивный python:3.7 (zh)",
        "Полный образ python:3.7 почти на 1 ГБ, Python без поддержки, кэш pip остаётся.",
        "05 · 朴素的 python:3.7（中文）",
        "完整的 python:3.7 镜像接近 1 GB，Python 已停止支持，pip 缓存留在镜像里。",
    ),
    (
        "seed-06",
        "06 · Alpine (zh)",
        "Alpine меньше, но кэш pip всё равно остаётся в образе.",
        "06 · Alpine（中文）",
        "Alpine 更小，但 pip 的缓存仍然留在镜像里。",
    ),
    (
        "seed-07",
        "07 · Кэш слоёв (zh)",
        "Сначала копируйте requirements.txt, чтобы правка кода не переустанавливала пакеты.",
        "07 · 层缓存（中文）",
        "先复制 requirements.txt，这样改代码就不会重新安装依赖。",
    ),
    (
        "seed-08",
        "08 · pip --prefix, несколько стадий (zh)",
        "pip install --prefix=/install, затем COPY --from этого префикса в /usr/local.",
        "08 · pip --prefix 多阶段（中文）",
        "pip install --prefix=/install，然后用 COPY --from 把该前缀复制到 /usr/local。",
    ),
    (
        "node",
        "Node · npm install на node:20",
        "COPY . перед npm install: любая правка кода переустанавливает всё.",
        "Node · 在 node:20 上 npm install",
        "在 npm install 之前 COPY .：每次改代码都会重新安装全部依赖。",
    ),
    (
        "go",
        "Go · одна стадия",
        "Весь тулчейн Go попадает в образ ради запуска одного бинарника.",
        "Go · 单阶段",
        "为了运行一个二进制文件，整个 Go 工具链都进了镜像。",
    ),
    (
        "java",
        "Java · сборка Maven, запуск на JRE",
        "Сборка на Maven, запуск на JRE: между стадиями переходит только jar.",
        "Java · Maven 构建，JRE 运行",
        "用 Maven 构建，在 JRE 上运行：只有 jar 跨越阶段。",
    ),
    (
        "python-clean",
        "Python · аккуратная многостадийная сборка",
        "Virtualenv копируется целиком, без кэша pip, опубликованный тег, пользователь не root.",
        "Python · 干净的多阶段构建",
        "整体复制 virtualenv，没有 pip 缓存，使用已发布的标签和非 root 用户。",
    ),
    (
        "go-clean",
        "Go · аккуратно, distroless",
        "Кэш-монтирование для модулей, статический бинарник, distroless без root.",
        "Go · 干净的 distroless",
        "为模块使用缓存挂载，静态二进制，distroless 非 root 运行环境。",
    ),
];

/// The example's title and lesson in `lang`.
pub fn localized(e: &Example, lang: Lang) -> (&'static str, &'static str) {
    let found = TRANSLATIONS.iter().find(|t| t.0 == e.id);
    match (lang, found) {
        (Lang::Ru, Some(t)) => (t.1, t.2),
        (Lang::Zh, Some(t)) => (t.3, t.4),
        _ => (e.title, e.teaches),
    }
}

#[cfg(test)]
mod tests {
    use crate::examples::EXAMPLES;

    #[test]
    fn every_example_is_translated() {
        for e in EXAMPLES {
            assert!(
                super::TRANSLATIONS.iter().any(|t| t.0 == e.id),
                "example {} has no Russian/Chinese title",
                e.id
            );
        }
        for t in super::TRANSLATIONS {
            assert!(
                EXAMPLES.iter().any(|e| e.id == t.0),
                "unknown example {}",
                t.0
            );
        }
    }
}
