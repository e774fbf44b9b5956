//! The page's function components, one per file.

mod app;
pub mod banners;
mod build;
mod compare;
mod context;
mod editor;
mod embed_app;
mod embed_host;
mod embed_snippets;
mod filetree;
mod folder;
mod format;
mod gallery;
mod goals;
mod graph;
mod header;
mod instructions;
mod problems;
mod sizes;

pub use app::App;
pub use build::BuildOptionsPanel;
pub use compare::CompareView;
pub use context::{ContextPanel, OpenContext};
pub use editor::{CodeEditor, EditorHandle, TextEditor};
pub use embed_app::{EmbedApp, EmbedAppProps};
pub use embed_snippets::EmbedSnippets;
pub use filetree::FileTree;
pub use folder::OpenFolder;
pub use format::FormatButton;
pub use gallery::Examples;
pub use goals::Goals;
pub use graph::StageGraph;
pub use header::Header;
pub use instructions::Instructions;
pub use problems::Problems;
pub use sizes::Sizes;
