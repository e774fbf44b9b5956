//! Reading a project from the user's disk, in the browser: a directory
//! input's files (`webkitRelativePath`) or a drop (a folder through
//! `DataTransferItem.webkitGetAsEntry`, walked with its directory readers,
//! or loose files). Files are read with the File API; nothing is sent
//! anywhere. What to read is decided by the pure `project` module; this
//! file only lists files, reads sizes and reads the texts it is asked for.

use js_sys::{Array, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    DataTransfer, File, FileSystemDirectoryEntry, FileSystemEntry, FileSystemFileEntry,
    HtmlInputElement,
};

use crate::project::{
    assemble, dockerignore_index, plan, skip_dir, strip_folder, Found, Project, Skipped, MAX_DEPTH,
    MAX_FILES,
};
use layerlab_analysis::sim::build_context::DockerIgnore;

/// What was dropped, taken from the event while it lasts (entries are
/// unreadable once the drop handler returns).
pub struct Dropped {
    entries: Vec<FileSystemEntry>,
    loose: Vec<File>,
}

impl Dropped {
    /// The drop's folders and files; `None` when it holds no file (text).
    pub fn take(dt: &DataTransfer) -> Option<Dropped> {
        let items = dt.items();
        let mut out = Dropped {
            entries: Vec::new(),
            loose: Vec::new(),
        };
        for i in 0..items.length() {
            let Some(item) = items.get(i) else { continue };
            if item.kind() != "file" {
                continue;
            }
            match item.webkit_get_as_entry() {
                Ok(Some(entry)) => out.entries.push(entry),
                _ => {
                    if let Ok(Some(f)) = item.get_as_file() {
                        out.loose.push(f);
                    }
                }
            }
        }
        (!out.entries.is_empty() || !out.loose.is_empty()).then_some(out)
    }
}

/// Whether a drag carries files (its `types` lists `Files`).
pub fn drags_files(dt: &DataTransfer) -> bool {
    dt.types()
        .iter()
        .any(|t| t.as_string().as_deref() == Some("Files"))
}

/// The files listed so far, with their handles.
#[derive(Default)]
struct Listing {
    found: Vec<Found>,
    files: Vec<File>,
    skipped: Skipped,
}

impl Listing {
    /// Adds a file; false once the listing is full.
    fn push(&mut self, path: String, file: File) -> bool {
        if self.found.len() >= MAX_FILES {
            self.skipped.stopped_at_limit = true;
            return false;
        }
        self.found.push(Found {
            path,
            size: file.size().max(0.0) as u64,
        });
        self.files.push(file);
        true
    }
}

/// Reads the project of a directory input's files, then calls `done`.
pub fn open_input(input: &HtmlInputElement, done: impl FnOnce(Project) + 'static) {
    let input = input.clone();
    wasm_bindgen_futures::spawn_local(async move { done(read_input(&input).await) });
}

/// Reads the project of a drop, then calls `done`.
pub fn open_drop(d: Dropped, done: impl FnOnce(Project) + 'static) {
    wasm_bindgen_futures::spawn_local(async move { done(read_drop(d).await) });
}

/// The project of a directory input's chosen files.
async fn read_input(input: &HtmlInputElement) -> Project {
    let mut files = Vec::new();
    let mut paths = Vec::new();
    if let Some(list) = input.files() {
        for i in 0..list.length() {
            let Some(f) = list.get(i) else { continue };
            paths.push(relative_path(&f));
            files.push(f);
        }
    }
    let (name, paths) = strip_folder(&paths);
    let folder = !name.is_empty();
    let mut listing = Listing::default();
    for (path, f) in paths.into_iter().zip(files) {
        if !listing.push(path, f) {
            break;
        }
    }
    finish(&name, listing, folder).await
}

/// The project of a drop: one folder is the project; anything else (files,
/// several folders) is a part of a context, by the dropped names.
async fn read_drop(d: Dropped) -> Project {
    let mut listing = Listing::default();
    let single_dir = d.entries.len() == 1 && d.loose.is_empty() && d.entries[0].is_directory();
    if single_dir {
        let root = d.entries[0].clone();
        walk(root.unchecked_ref(), &mut listing).await;
        return finish(&root.name(), listing, true).await;
    }
    for f in d.loose {
        let path = relative_path(&f);
        if !listing.push(path, f) {
            break;
        }
    }
    let mut dirs = Vec::new();
    for e in d.entries {
        if e.is_directory() {
            dirs.push(e);
        } else if let Ok(f) = file_of(e.unchecked_ref()).await {
            listing.push(e.name(), f);
        } else {
            listing.skipped.unreadable += 1;
        }
    }
    for dir in dirs {
        let mut sub = Listing::default();
        walk(dir.unchecked_ref(), &mut sub).await;
        for (found, file) in sub.found.into_iter().zip(sub.files) {
            if !listing.push(format!("{}/{}", dir.name(), found.path), file) {
                break;
            }
        }
        listing.skipped.unreadable += sub.skipped.unreadable;
        listing.skipped.too_deep += sub.skipped.too_deep;
        listing.skipped.stopped_at_limit |= sub.skipped.stopped_at_limit;
    }
    finish("", listing, false).await
}

/// Walks a dropped folder: its `.dockerignore` first, so that directories
/// it excludes entirely (`node_modules`, `.git`) are not entered.
async fn walk(root: &FileSystemDirectoryEntry, listing: &mut Listing) {
    let Ok(top) = entries_of(root).await else {
        listing.skipped.unreadable += 1;
        return;
    };
    let mut ignore = DockerIgnore::default();
    if let Some(e) = top
        .iter()
        .find(|e| e.is_file() && e.name() == ".dockerignore")
    {
        if let Ok(f) = file_of(e.unchecked_ref()).await {
            ignore = DockerIgnore::parse(&text_of(&f).await.unwrap_or_default());
        }
    }
    let mut stack: Vec<(String, usize, Vec<FileSystemEntry>)> = vec![(String::new(), 0, top)];
    while let Some((prefix, depth, entries)) = stack.pop() {
        for e in entries {
            let path = format!("{prefix}{}", e.name());
            if e.is_directory() {
                if skip_dir(&ignore, &path) {
                    listing.skipped.ignored_dirs += 1;
                } else if depth + 1 > MAX_DEPTH {
                    listing.skipped.too_deep += 1;
                } else {
                    match entries_of(e.unchecked_ref()).await {
                        Ok(sub) => stack.push((format!("{path}/"), depth + 1, sub)),
                        Err(_) => listing.skipped.unreadable += 1,
                    }
                }
            } else if listing.found.len() >= MAX_FILES {
                listing.skipped.stopped_at_limit = true;
                return;
            } else {
                match file_of(e.unchecked_ref()).await {
                    Ok(f) => {
                        listing.push(path, f);
                    }
                    Err(_) => listing.skipped.unreadable += 1,
                }
            }
        }
    }
}

/// Plans, reads the texts asked for, and assembles the project.
async fn finish(name: &str, listing: Listing, folder: bool) -> Project {
    let ignore_text = match dockerignore_index(&listing.found) {
        Some(i) => text_of(&listing.files[i]).await,
        None => None,
    };
    let p = plan(&listing.found, ignore_text.as_deref());
    let mut texts = Vec::with_capacity(p.texts.len());
    for &i in &p.texts {
        texts.push(text_of(&listing.files[i]).await);
    }
    assemble(name, &listing.found, p, &texts, folder, listing.skipped)
}

/// A file's path from a directory input (`folder/src/app.py`), else its name.
fn relative_path(f: &File) -> String {
    Reflect::get(f, &JsValue::from_str("webkitRelativePath"))
        .ok()
        .and_then(|v| v.as_string())
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| f.name())
}

/// A file's text (UTF-8, invalid bytes replaced, as `Blob.text()` reads it).
async fn text_of(f: &File) -> Option<String> {
    JsFuture::from(f.text()).await.ok()?.as_string()
}

/// Every entry of a directory (`readEntries` answers in batches until empty).
async fn entries_of(dir: &FileSystemDirectoryEntry) -> Result<Vec<FileSystemEntry>, JsValue> {
    let reader = dir.create_reader();
    let mut out = Vec::new();
    loop {
        let promise = Promise::new(&mut |resolve, reject| {
            let _ = reader.read_entries_with_callback_and_callback(&resolve, &reject);
        });
        let batch = Array::from(&JsFuture::from(promise).await?);
        if batch.length() == 0 {
            return Ok(out);
        }
        out.extend(batch.iter().map(|v| v.unchecked_into::<FileSystemEntry>()));
    }
}

/// The `File` of a file entry.
async fn file_of(entry: &FileSystemFileEntry) -> Result<File, JsValue> {
    let promise = Promise::new(&mut |resolve, reject| {
        entry.file_with_callback_and_callback(&resolve, &reject);
    });
    Ok(JsFuture::from(promise).await?.unchecked_into())
}

/// Capture-phase drag listeners on an element; dropping it stops them.
pub struct DropListeners {
    el: web_sys::Element,
    handlers: Vec<(&'static str, Closure<dyn Fn(web_sys::DragEvent)>)>,
}

impl Drop for DropListeners {
    fn drop(&mut self) {
        for (name, c) in &self.handlers {
            let _ = self.el.remove_event_listener_with_callback_and_bool(
                name,
                c.as_ref().unchecked_ref(),
                true,
            );
        }
    }
}

/// Makes `el` a drop zone for files and folders, in the capture phase so
/// that the code editor inside it never inserts a dropped file as text:
/// `on_drag(true)` while files are dragged over it, `on_drag(false)` when
/// they leave it or are dropped, `on_drop` with what was dropped. Drags of
/// text are left alone.
pub fn listen_drops(
    el: &web_sys::Element,
    on_drag: impl Fn(bool) + 'static,
    on_drop: impl Fn(Dropped) + 'static,
) -> DropListeners {
    let on_drag = std::rc::Rc::new(on_drag);
    let over = {
        let on_drag = on_drag.clone();
        Closure::<dyn Fn(web_sys::DragEvent)>::new(move |e: web_sys::DragEvent| {
            if let Some(dt) = e.data_transfer().filter(drags_files) {
                e.prevent_default();
                e.stop_propagation();
                dt.set_drop_effect("copy");
                on_drag(true);
            }
        })
    };
    let leave = {
        let on_drag = on_drag.clone();
        let el = el.clone();
        Closure::<dyn Fn(web_sys::DragEvent)>::new(move |e: web_sys::DragEvent| {
            let inside = e
                .related_target()
                .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
                .is_some_and(|n| el.contains(Some(&n)));
            if !inside {
                on_drag(false);
            }
        })
    };
    let dropped = Closure::<dyn Fn(web_sys::DragEvent)>::new(move |e: web_sys::DragEvent| {
        let Some(dt) = e.data_transfer().filter(drags_files) else {
            return;
        };
        e.prevent_default();
        e.stop_propagation();
        on_drag(false);
        if let Some(d) = Dropped::take(&dt) {
            on_drop(d);
        }
    });
    let handlers = vec![("dragover", over), ("dragleave", leave), ("drop", dropped)];
    for (name, c) in &handlers {
        let _ =
            el.add_event_listener_with_callback_and_bool(name, c.as_ref().unchecked_ref(), true);
    }
    DropListeners {
        el: el.clone(),
        handlers,
    }
}
