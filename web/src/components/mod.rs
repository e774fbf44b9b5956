//! The page's function components, one per file.

mod app;
mod editor;
mod header;
mod instructions;
mod problems;

pub use app::App;
pub use editor::Editor;
pub use header::Header;
pub use instructions::Instructions;
pub use problems::Problems;
