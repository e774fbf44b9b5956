//! A real editor: Debian's Neovim, headless, opens seed 04 in its build
//! context, starts `layerlab lsp` as its LSP client does
//! (`vim.lsp.start_client`, the configuration docs/editors.md gives for
//! Neovim 0.7–0.10) and receives Layerlab's diagnostics: the error on line
//! 18 that names the context's package. scripts/setup installs Neovim.

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;

/// The Lua a user would put in init.lua, plus what a test needs: wait for
/// the diagnostics, write them out one a line, quit (exit 1 on a timeout).
fn init_lua(bin: &str, file: &Path, out: &Path) -> String {
    format!(
        r#"
vim.cmd("edit " .. vim.fn.fnameescape([[{file}]]))
local buf = vim.api.nvim_get_current_buf()
local client = vim.lsp.start_client({{
  name = "layerlab",
  cmd = {{ [[{bin}]], "lsp" }},
  root_dir = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(buf), ":p:h"),
}})
vim.lsp.buf_attach_client(buf, client)
local ok = vim.wait(60000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
local lines = {{}}
for _, d in ipairs(vim.diagnostic.get(buf)) do
  local msg = d.message:gsub("\n", " ")
  table.insert(lines, string.format("%d|%d|%s|%s", d.lnum + 1, d.severity, tostring(d.code), msg))
end
vim.fn.writefile(lines, [[{out}]])
if ok then vim.cmd("qa!") else vim.cmd("cquit 1") end
"#,
        file = file.display(),
        out = out.display(),
    )
}

#[test]
fn headless_neovim_receives_the_diagnostics() {
    let nvim = which_nvim().expect(
        "nvim not found on PATH: scripts/setup installs Debian's neovim (apt-get install neovim)",
    );
    let (dir, _) = common::seed04_project("nvim");
    let dockerfile = dir.join("Dockerfile");
    let out = dir.join("diagnostics.txt");
    let init = dir.join("init.lua");
    std::fs::write(
        &init,
        init_lua(env!("CARGO_BIN_EXE_layerlab"), &dockerfile, &out),
    )
    .unwrap();
    let run = Command::new(nvim)
        .args(["--headless", "--clean", "-u"])
        .arg(&init)
        .env("HOME", &dir)
        .output()
        .expect("nvim runs");
    let got = std::fs::read_to_string(&out).unwrap_or_default();
    assert!(
        run.status.success(),
        "nvim exited with {:?} (no diagnostics within 60 s?)\nstderr: {}\ngot: {got}",
        run.status,
        String::from_utf8_lossy(&run.stderr)
    );
    // vim.diagnostic.severity.ERROR = 1; the code is the rule id.
    let line18 = got
        .lines()
        .find(|l| l.starts_with("18|1|"))
        .unwrap_or_else(|| panic!("no error on line 18 in:\n{got}"));
    assert!(
        line18.contains("flask"),
        "names the context's package: {line18}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

fn which_nvim() -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join("nvim"))
            .find(|p| p.is_file())
    })
}
