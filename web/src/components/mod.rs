//! The page's function components, one per file.

mod app;
mod context;
mod editor;
mod filetree;
mod gallery;
mod goals;
mod graph;
mod header;
mod instructions;
mod problems;
mod sizes;

pub use app::{App, EditorHandle};
pub use context::ContextPanel;
pub use editor::{CodeEditor, TextEditor};
pub use filetree::FileTree;
pub use gallery::Examples;
pub use goals::Goals;
pub use graph::StageGraph;
pub use header::Header;
pub use instructions::Instructions;
pub use problems::Problems;
pub use sizes::Sizes;
