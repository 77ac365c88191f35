//! DX105: a `HEALTHCHECK` that probes with `curl`, `wget` or `nc`, which the image does not have.

use distrolint_syntax::{Args, Keyword};

use crate::analysis::base::{ExecProgram, PROBE_TOOLS, Program, ProgramLookup, exec_program, find_program};
use crate::diagnostic::{Edit, Fix};
use crate::fixes::exec_form;
use crate::images::ImageKind;
use crate::model::Model;
use crate::rule::{LintContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Flags an exec-form `HEALTHCHECK CMD` that runs `curl`, `wget` or `nc` in an image that does
    /// not have it: `curl` in any distroless image, and `wget` and `nc` in distroless images
    /// other than `:debug` (where they are BusyBox applets), and in `scratch`. A Python virtual
    /// environment copied onto `PATH` does not count: it holds Python programs, not these tools.
    ///
    /// ## Why is this bad?
    /// Every probe fails with `exec: "curl": executable file not found in $PATH`, so the container
    /// is reported unhealthy forever: Swarm keeps replacing it, and Compose services that wait for
    /// `service_healthy` never start.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// FROM gcr.io/distroless/python3-debian12:nonroot
    /// HEALTHCHECK CMD ["curl", "-f", "http://localhost:8090/health"]
    /// ```
    ///
    /// ## Use instead
    /// Probe with the image's own Python:
    /// ```dockerfile
    /// FROM gcr.io/distroless/python3-debian12:nonroot
    /// HEALTHCHECK CMD ["python3", "-c", "import urllib.request; urllib.request.urlopen('http://localhost:8090/health', timeout=5)"]
    /// ```
    ///
    /// ## Fix safety
    /// When the image has Python, the probe is rewritten to use it (an exec-form `HEALTHCHECK`
    /// does not go through `ENTRYPOINT`): `curl URL` and `wget URL` become
    /// `urllib.request.urlopen(URL)`, and `nc -z HOST PORT` becomes `socket.create_connection`.
    /// The interpreter is `python3` from `PATH`, or its absolute path when a copied directory comes
    /// first on `PATH`. `urlopen` fails on connection errors and on HTTP status 400 and above, as
    /// `curl -f` and `wget` do, so those rewrites are safe. `curl` without `-f` succeeds on any
    /// HTTP status, so its rewrite is unsafe. Probes with other options are not rewritten.
    ///
    /// ## References
    /// - [Dockerfile reference: HEALTHCHECK](https://docs.docker.com/reference/dockerfile/#healthcheck)
    /// - [distroless BusyBox applets](https://github.com/GoogleContainerTools/distroless/blob/main/experimental/busybox/commands.bzl)
    pub HealthcheckMissingTool {
        code: "DX105",
        name: "healthcheck-missing-tool",
        severity: Error,
        fix: Sometimes,
    }
}

impl Rule for HealthcheckMissingTool {
    fn check(&self, ctx: &mut LintContext<'_>) {
        let model = ctx.model;
        let instructions = model.instructions();
        for stage in &model.stages {
            let Some(facts) = stage.facts.as_ref() else { continue };
            for i in stage.instructions().filter(|&i| instructions[i].keyword == Keyword::Healthcheck) {
                let Some(program) = exec_program(model, i) else { continue };
                let tool = program.basename();
                if !PROBE_TOOLS.contains(&tool) {
                    continue;
                }
                let venv = match find_program(model, i, program.argv0()) {
                    Program::Absent => false,
                    Program::Copied { venv_only: true } => true,
                    _ => continue,
                };
                let image = model.image_label(stage.index).unwrap_or_else(|| facts.family.clone());
                let why = match facts.kind {
                    _ if facts.applet_dir.is_some() => "it is not one of its BusyBox applets",
                    ImageKind::Distroless => "distroless images have no such tools",
                    ImageKind::Scratch => "scratch is empty",
                    _ => "the image has no such tool",
                };
                let venv = if venv { ", and the virtual environment copied onto PATH holds only Python programs" } else { "" };
                let mut message = format!("the container will always be unhealthy: `{tool}` is not in {image} ({why}{venv}), so every probe fails with `exec: \"{}\": executable file not found in $PATH`", program.argv0());
                let fix = python_probe(model, i, &program);
                if fix.is_none() {
                    message.push_str(if facts.python.is_some() {
                        "; probe with the image's Python instead"
                    } else {
                        "; copy in a static probe program, or leave health checks to the orchestrator"
                    });
                }
                ctx.report(program.range(), message).set_fix(fix);
            }
        }
    }
}

/// The rewrite of the probe as a Python one-liner, when the image has Python and the probe is simple.
fn python_probe(model: &Model<'_>, i: usize, program: &ExecProgram<'_>) -> Option<Fix> {
    let python = model.facts_at(i)?.python.as_ref()?;
    let ins = &model.instructions()[i];
    let Args::Healthcheck(h) = &ins.args else { return None };
    let exec = h.cmd.exec()?;
    if !ins.line.is_contiguous(exec.logical) {
        return None;
    }
    let args: Vec<&str> = program.args().collect();
    let (code, target, safe) = match program.basename() {
        "curl" => {
            let (opts, urls) = options(&args, &["m", "o", "max-time", "connect-timeout", "output"], &["f", "s", "S", "L", "fail", "fail-with-body", "silent", "show-error", "location"])?;
            let [url] = urls.as_slice() else { return None };
            if opts.iter().any(|(n, v)| matches!(*n, "o" | "output") && *v != Some("/dev/null")) {
                return None;
            }
            let timeout = timeout(&opts, &["m", "max-time"])?;
            let fails = opts.iter().any(|(n, _)| matches!(*n, "f" | "fail" | "fail-with-body"));
            (urlopen(url, timeout)?, url_of(url), fails)
        }
        "wget" => {
            let (opts, urls) = options(&args, &["O", "T", "t", "output-document", "timeout", "tries"], &["q", "quiet", "spider", "nv", "no-verbose"])?;
            let [url] = urls.as_slice() else { return None };
            if opts.iter().any(|(n, v)| matches!(*n, "O" | "output-document") && !matches!(*v, Some("-" | "/dev/null"))) {
                return None;
            }
            (urlopen(url, timeout(&opts, &["T", "timeout"])?)?, url_of(url), true)
        }
        _ => {
            let (opts, rest) = options(&args, &["w"], &["z", "v"])?;
            let [host, port] = rest.as_slice() else { return None };
            if !opts.iter().any(|(n, _)| *n == "z") || !port.bytes().all(|b| b.is_ascii_digit()) || !plain(host) {
                return None;
            }
            let timeout = timeout(&opts, &["w"])?;
            let code = format!("import socket; socket.create_connection(('{host}', {port}), timeout={timeout}).close()");
            (code, format!("{host}:{port}"), true)
        }
    };
    // `python3` from PATH, unless a copied directory (a venv, say) comes first and may shadow it.
    let lookup = ProgramLookup::at(model, i);
    let interpreter = match lookup.find("python3") {
        Program::Found { path } if !lookup.shadowable(&path) => "python3",
        _ => python.interpreter.as_str(),
    };
    let replacement = exec_form(&[interpreter, "-c", code.as_str()]);
    let title = format!("Probe {target} with the image's Python instead of `{}`", program.basename());
    let edits = vec![Edit::replace(exec.range, replacement)];
    Some(if safe { Fix::safe(title, edits) } else { Fix::unsafe_(title, edits) })
}

/// Options with their values, and positional arguments.
type Parsed<'a> = (Vec<(&'a str, Option<&'a str>)>, Vec<&'a str>);

/// Options and positional arguments of an argv, when every option is one of `valued` (taking a
/// value) or `plain_flags`.
fn options<'a>(args: &[&'a str], valued: &[&str], plain_flags: &[&str]) -> Option<Parsed<'a>> {
    let mut opts = Vec::new();
    let mut positionals = Vec::new();
    let mut words = args.iter().copied();
    let mut done = false;
    while let Some(word) = words.next() {
        if done || word == "-" || !word.starts_with('-') {
            positionals.push(word);
        } else if word == "--" {
            done = true;
        } else if let Some(long) = word.strip_prefix("--") {
            let (name, inline) = long.split_once('=').map_or((long, None), |(n, v)| (n, Some(v)));
            if valued.contains(&name) {
                opts.push((name, inline.or_else(|| words.next())));
            } else if plain_flags.contains(&name) && inline.is_none() {
                opts.push((name, None));
            } else {
                return None;
            }
        } else {
            let cluster = &word[1..];
            for (at, c) in cluster.char_indices() {
                let name = &cluster[at..at + c.len_utf8()];
                if valued.contains(&name) {
                    let rest = &cluster[at + c.len_utf8()..];
                    opts.push((name, if rest.is_empty() { words.next() } else { Some(rest) }));
                    break;
                }
                if !plain_flags.contains(&name) {
                    return None;
                }
                opts.push((name, None));
            }
        }
    }
    Some((opts, positionals))
}

/// The timeout from the first of `names`, or 5 seconds. `None` when it is not a number.
fn timeout<'a>(opts: &[(&str, Option<&'a str>)], names: &[&str]) -> Option<&'a str> {
    match opts.iter().find(|(n, _)| names.contains(n)) {
        Some((_, Some(v))) if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit() || b == b'.') => Some(v),
        Some(_) => None,
        None => Some("5"),
    }
}

/// The URL with `http://` added when the scheme is missing (as curl and wget do).
fn url_of(url: &str) -> String {
    if url.starts_with("http://") || url.starts_with("https://") { url.to_owned() } else { format!("http://{url}") }
}

/// Whether a value can sit in a single-quoted Python string as it is.
fn plain(value: &str) -> bool {
    !value.is_empty() && !value.contains(['\'', '\\']) && !value.chars().any(char::is_whitespace)
}

fn urlopen(url: &str, timeout: &str) -> Option<String> {
    if !plain(url) || url.contains("://") && !url.starts_with("http") {
        return None;
    }
    let url = url_of(url);
    Some(format!("import urllib.request; urllib.request.urlopen('{url}', timeout={timeout})"))
}

#[cfg(test)]
mod tests {
    use crate::Applicability;
    use crate::test::{assert_diagnostics, fix_all, lint_rule};

    #[test]
    fn curl_in_distroless_python() {
        let text = "FROM gcr.io/distroless/python3-debian12:nonroot\nHEALTHCHECK --interval=30s \\\n    CMD [\"curl\", \"-f\", \"http://localhost:8090/health\"]\n";
        assert_diagnostics("DX105", text, &[
            "3:10-3:16 the container will always be unhealthy: `curl` is not in gcr.io/distroless/python3-debian12:nonroot (distroless images have no such tools), so every probe fails with `exec: \"curl\": executable file not found in $PATH`",
        ]);
        assert_eq!(fix_all("DX105", text, false), "FROM gcr.io/distroless/python3-debian12:nonroot\nHEALTHCHECK --interval=30s \\\n    CMD [\"python3\", \"-c\", \"import urllib.request; urllib.request.urlopen('http://localhost:8090/health', timeout=5)\"]\n");
    }

    #[test]
    fn a_copied_venv_first_on_path() {
        let text = "FROM gcr.io/distroless/python3-debian12:nonroot\nCOPY --from=b /opt/venv /opt/venv\nENV PATH=\"/opt/venv/bin:$PATH\"\nHEALTHCHECK CMD [\"curl\", \"-fsS\", \"-m\", \"3\", \"localhost:8090/health\"]\n";
        let found = lint_rule("DX105", text);
        assert!(found[0].message.contains("(distroless images have no such tools, and the virtual environment copied onto PATH holds only Python programs)"));
        assert!(fix_all("DX105", text, false).ends_with("HEALTHCHECK CMD [\"/usr/bin/python3.11\", \"-c\", \"import urllib.request; urllib.request.urlopen('http://localhost:8090/health', timeout=3)\"]\n"));
        // Any other copied PATH directory may hold curl.
        assert!(lint_rule("DX105", "FROM gcr.io/distroless/python3-debian12\nCOPY --from=b /usr/bin /usr/local/bin\nHEALTHCHECK CMD [\"curl\", \"x\"]\n").is_empty());
    }

    #[test]
    fn wget_and_nc() {
        let text = "FROM gcr.io/distroless/python3-debian13\nHEALTHCHECK CMD [\"wget\", \"-qO-\", \"http://127.0.0.1/\"]\nHEALTHCHECK CMD [\"nc\", \"-z\", \"-w\", \"2\", \"127.0.0.1\", \"8000\"]\n";
        let found = lint_rule("DX105", text);
        assert_eq!(found.len(), 2);
        assert!(found.iter().all(|d| d.fix.as_ref().unwrap().applicability == Applicability::Safe));
        assert!(fix_all("DX105", text, false).ends_with("HEALTHCHECK CMD [\"python3\", \"-c\", \"import socket; socket.create_connection(('127.0.0.1', 8000), timeout=2).close()\"]\n"));
        // BusyBox has wget and nc, but not curl.
        assert!(lint_rule("DX105", "FROM gcr.io/distroless/base-debian12:debug\nHEALTHCHECK CMD [\"wget\", \"-q\", \"x\"]\n").is_empty());
        let found = lint_rule("DX105", "FROM gcr.io/distroless/base-debian12:debug\nHEALTHCHECK CMD [\"curl\", \"x\"]\n");
        assert!(found[0].message.contains("(it is not one of its BusyBox applets)"), "{}", found[0].message);
        assert!(found[0].message.ends_with("; copy in a static probe program, or leave health checks to the orchestrator"));
    }

    #[test]
    fn fix_safety_depends_on_the_options() {
        let found = lint_rule("DX105", "FROM gcr.io/distroless/python3\nHEALTHCHECK CMD [\"curl\", \"http://x/\"]\n");
        assert_eq!(found[0].fix.as_ref().unwrap().applicability, Applicability::Unsafe);
        for args in ["\"-H\", \"A: b\", \"http://x/\"", "\"-f\", \"-o\", \"/tmp/out\", \"http://x/\"", "\"-f\", \"a\", \"b\"", "\"-f\", \"http://x/'\""] {
            let found = lint_rule("DX105", &format!("FROM gcr.io/distroless/python3\nHEALTHCHECK CMD [\"curl\", {args}]\n"));
            assert!(found[0].fix.is_none(), "{args}");
            assert!(found[0].message.ends_with("; probe with the image's Python instead"));
        }
        // Unknown images say nothing.
        assert!(lint_rule("DX105", "FROM python:3.12-slim\nHEALTHCHECK CMD [\"curl\", \"x\"]\n").is_empty());
    }
}
