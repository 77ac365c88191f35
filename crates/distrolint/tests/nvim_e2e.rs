//! End to end: the real `distrolint server` driven by headless Neovim's built-in LSP client
//! (`tests/nvim/e2e.lua`). Diagnostics must arrive for a Dockerfile with a known error, and the
//! quick fix applied through the client must make the next diagnostics drop it.
//!
//! Without `nvim` on `PATH` the test is skipped with a message, unless `CI` is set: CI installs
//! Neovim, so there its absence is a failure.

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const DOCKERFILE: &str = "FROM alpine:3.20\nCMD ['echo', 'hello']\n";

/// Whether `nvim` can run; without it the test is skipped, except in CI.
fn have_nvim(test: &str) -> bool {
    if Command::new("nvim").arg("--version").stdout(Stdio::null()).status().is_ok() {
        return true;
    }
    assert!(std::env::var_os("CI").is_none(), "nvim is not installed, and CI requires this test to run");
    let _ = writeln!(std::io::stderr(), "skipping {test}: nvim not found");
    false
}

/// Runs `nvim --headless` with a Lua script and the given environment; returns the result line.
fn run_nvim(script: &str, dir: &Path, env: &[(&str, &Path)]) -> String {
    let result = dir.join("result.txt");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/nvim").join(script);
    let mut command = Command::new("nvim");
    command
        .args(["--headless", "-u", "NONE", "-i", "NONE", "-n", "-c"])
        .arg(format!("luafile {}", script.display()))
        .env("DISTROLINT_BIN", env!("CARGO_BIN_EXE_distrolint"))
        .env("E2E_RESULT", &result)
        .env("XDG_STATE_HOME", dir)
        .env("XDG_CACHE_HOME", dir)
        .env("XDG_CONFIG_HOME", dir)
        .env("XDG_DATA_HOME", dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    for (key, value) in env {
        command.env(key, value);
    }
    let mut child = command.spawn().unwrap();
    let deadline = Instant::now() + Duration::from_secs(90);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("nvim did not finish in time");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let outcome = std::fs::read_to_string(&result).unwrap_or_else(|_| "no result file".to_owned());
    assert!(status.success() && outcome.starts_with("ok: "), "nvim exited with {status}: {outcome}");
    outcome.trim_end().to_owned()
}

/// The newcomer's flow: the README's Neovim config, the TRON reproduction from examples/, its
/// errors, a quick fix through the client, the error gone.
#[test]
fn the_readme_config_shows_the_tron_bugs_and_a_quick_fix_removes_one() {
    if !have_nvim("the_readme_config_shows_the_tron_bugs_and_a_quick_fix_removes_one") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let example = root.join("examples/tron-payment-service");
    let project = dir.path().join("tron");
    std::fs::create_dir(&project).unwrap();
    for name in ["Dockerfile", "distrolint.toml"] {
        std::fs::copy(example.join(name), project.join(name)).unwrap();
    }
    let dockerfile = project.join("Dockerfile");
    let outcome = run_nvim(
        "newcomer.lua",
        dir.path(),
        &[("E2E_NEOVIM_DIR", &root.join("editors/neovim")), ("E2E_FILE", &dockerfile)],
    );
    assert_eq!(outcome, "ok: distrolint (DX201): Insert `ENTRYPOINT []` before CMD, so CMD runs as written");
}

#[test]
fn neovim_shows_diagnostics_and_applies_a_quick_fix() {
    if !have_nvim("neovim_shows_diagnostics_and_applies_a_quick_fix") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let dockerfile = dir.path().join("Dockerfile");
    std::fs::write(&dockerfile, DOCKERFILE).unwrap();
    let outcome = run_nvim("e2e.lua", dir.path(), &[("E2E_FILE", &dockerfile)]);
    assert_eq!(outcome, "ok: distrolint (DX009): Use double quotes for the JSON array -> CMD [\"echo\", \"hello\"]");
    assert_eq!(std::fs::read_to_string(&dockerfile).unwrap(), DOCKERFILE, "the buffer is not written");
}
