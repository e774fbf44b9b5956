//! # layerlab-web
//!
//! The browser playground: a Yew app over [`layerlab_analysis`]. The text in
//! the editor is analysed on every input, in WebAssembly, and the page lists
//! its instructions and problems.
//!
//! [`state`] is pure and tested natively; [`components`] holds one function
//! component per file; `main.rs` mounts [`App`] in the browser.

// First: its macros (`tr!`, `trf!`) are used by the modules below.
#[macro_use]
pub mod i18n;
pub mod analyst;
pub mod assist;
pub mod autosave;
pub mod bridge;
pub mod compare;
pub mod components;
pub mod delta;
pub mod diagnostics;
pub mod docs;
pub mod embed;
pub mod examples;
pub mod examples_i18n;
pub mod exercises;
pub mod goals;
pub mod hooks;
pub mod long_tail;
pub mod markdown;
pub mod offline;
pub mod page;
pub mod prefs;
pub mod present;
pub mod project;
pub mod session;
pub mod share;
pub mod size_text;
pub mod state;
pub mod tree;
pub mod utf16;
pub mod view;
pub mod worker;

pub use components::{App, EmbedApp};
