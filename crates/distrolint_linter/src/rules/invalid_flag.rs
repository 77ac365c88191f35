//! DX004: flags the instruction does not have, and flag values the builder rejects.

use distrolint_syntax::{Flag, Instruction, Keyword};

use crate::diagnostic::{Edit, Fix};
use crate::rule::{LintContext, Rule};
use crate::util::closest;

crate::declare_rule! {
    /// ## What it does
    /// Flags an unknown flag (`COPY --chmown`), a repeated flag, a flag without the value it
    /// needs, and values the builder rejects: durations (`HEALTHCHECK --interval=5`), integers
    /// (`--retries`), booleans (`--link=yes`), `--chmod` modes, `--network`, `--security`, and
    /// the keys and values of `RUN --mount`.
    ///
    /// ## Why is this bad?
    /// BuildKit stops with `unknown flag: chmown`, `time: missing unit in duration "5"` or
    /// `unexpected key 'targt' in 'targt=/x'` before anything is built.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// FROM alpine:3.20
    /// COPY --chmown=app:app . /app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// COPY --chown=app:app . /app
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: a misspelled flag name within two edits of a real one is replaced by it.
    ///
    /// ## References
    /// - [Dockerfile reference](https://docs.docker.com/reference/dockerfile/)
    pub InvalidFlag {
        code: "DX004",
        name: "invalid-flag",
        severity: Error,
        fix: Sometimes,
    }
}

/// How a flag's value is checked.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    String,
    Bool,
    Duration,
    Integer,
    Chmod,
    Mount,
    Network,
    Security,
}

/// The flags each instruction accepts.
fn flags_of(keyword: Keyword) -> &'static [(&'static str, Kind)] {
    match keyword {
        Keyword::From => &[("platform", Kind::String)],
        Keyword::Run => &[("mount", Kind::Mount), ("network", Kind::Network), ("security", Kind::Security), ("device", Kind::String)],
        Keyword::Copy => &[
            ("from", Kind::String),
            ("chown", Kind::String),
            ("chmod", Kind::Chmod),
            ("link", Kind::Bool),
            ("parents", Kind::Bool),
            ("exclude", Kind::String),
        ],
        Keyword::Add => &[
            ("chown", Kind::String),
            ("chmod", Kind::Chmod),
            ("link", Kind::Bool),
            ("checksum", Kind::String),
            ("keep-git-dir", Kind::Bool),
            ("unpack", Kind::Bool),
            ("exclude", Kind::String),
        ],
        Keyword::Healthcheck => &[
            ("interval", Kind::Duration),
            ("timeout", Kind::Duration),
            ("start-period", Kind::Duration),
            ("start-interval", Kind::Duration),
            ("retries", Kind::Integer),
        ],
        _ => &[],
    }
}

impl Rule for InvalidFlag {
    fn check(&self, ctx: &mut LintContext<'_>) {
        for ins in ctx.file.instructions() {
            check_instruction(ctx, ins);
            if let Some(inner) = ins.onbuild() {
                check_instruction(ctx, inner);
            }
        }
    }
}

fn check_instruction(ctx: &mut LintContext<'_>, ins: &Instruction) {
    if ins.keyword == Keyword::Unknown {
        return;
    }
    let known = flags_of(ins.keyword);
    for (i, flag) in ins.flags.iter().enumerate() {
        let Some(&(_, kind)) = known.iter().find(|(name, _)| *name == flag.name) else {
            let names = known.iter().map(|(n, _)| *n);
            let suggestion = closest(&flag.name, names, 2);
            let list = if known.is_empty() {
                format!("{} takes no flags", ins.keyword)
            } else {
                format!("{} accepts {}", ins.keyword, known.iter().map(|(n, _)| format!("--{n}")).collect::<Vec<_>>().join(", "))
            };
            let hint = suggestion.map(|s| format!("; did you mean `--{s}`?")).unwrap_or_default();
            let message = format!("unknown flag `--{}`: {list}, so the build fails{hint}", flag.name);
            let diagnostic = ctx.report(flag.name_range, message);
            if let Some(s) = suggestion {
                diagnostic.set_fix(Fix::unsafe_(format!("Replace `--{}` with `--{s}`", flag.name), vec![Edit::replace(flag.name_range, s)]));
            }
            continue;
        };
        if ins.flags[..i].iter().any(|f| f.name == flag.name) && flag.name != "mount" && flag.name != "exclude" {
            ctx.report(flag.range, format!("`--{}` is given twice: the build fails with \"Duplicate flag specified: {}\"", flag.name, flag.name));
            continue;
        }
        if let Some(message) = check_value(flag, kind) {
            let range = flag.value.as_ref().map_or(flag.range, |v| v.range);
            ctx.report(range, message);
        }
    }
}

fn check_value(flag: &Flag, kind: Kind) -> Option<String> {
    let name = &flag.name;
    let Some(value) = flag.value_text() else {
        return (kind != Kind::Bool).then(|| format!("`--{name}` needs a value (`--{name}=...`): the build fails"));
    };
    if value.contains('$') {
        // Expanded by the builder; the value is not known here.
        return None;
    }
    match kind {
        Kind::String => None,
        Kind::Bool => parse_bool(value).is_none().then(|| format!("`--{name}={value}` is not a boolean: use `--{name}`, `--{name}=true` or `--{name}=false`")),
        Kind::Duration => match parse_duration_ms(value) {
            None => Some(format!("`--{name}={value}` is not a duration: write it with a unit, such as `30s`, `1m30s` or `500ms`")),
            Some(ms) if ms > 0.0 && ms < 1.0 => Some(format!("`--{name}={value}` is shorter than the minimum of 1ms")),
            Some(_) => None,
        },
        Kind::Integer => match value.parse::<i64>() {
            Ok(n) if n >= 0 => None,
            _ => Some(format!("`--{name}={value}` must be a whole number of retries, such as `3`")),
        },
        Kind::Chmod => (!valid_chmod(value)).then(|| format!("`--chmod={value}` is not a file mode: use octal such as `0755`, or symbolic such as `u+x`")),
        Kind::Network => (!matches!(value, "default" | "none" | "host")).then(|| format!("`--network={value}` is not a network mode: use `default`, `none` or `host`")),
        Kind::Security => (!matches!(value, "sandbox" | "insecure")).then(|| format!("`--security={value}` is not a security mode: use `sandbox` or `insecure`")),
        Kind::Mount => mount_problem(value),
    }
}

/// Go's `strconv.ParseBool`.
pub(crate) fn parse_bool(value: &str) -> Option<bool> {
    match value {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// Go's `time.ParseDuration`, in milliseconds.
pub(crate) fn parse_duration_ms(value: &str) -> Option<f64> {
    let mut rest = value.strip_prefix(['+', '-']).unwrap_or(value);
    if rest == "0" {
        return Some(0.0);
    }
    if rest.is_empty() {
        return None;
    }
    let mut total = 0.0;
    while !rest.is_empty() {
        let number_len = rest.bytes().take_while(|b| b.is_ascii_digit() || *b == b'.').count();
        let number: f64 = rest[..number_len].parse().ok()?;
        rest = &rest[number_len..];
        let unit_len = rest.bytes().take_while(|b| !b.is_ascii_digit() && *b != b'.').count();
        let factor = match &rest[..unit_len] {
            "ns" => 1e-6,
            "us" | "µs" | "μs" => 1e-3,
            "ms" => 1.0,
            "s" => 1e3,
            "m" => 60e3,
            "h" => 3600e3,
            _ => return None,
        };
        total += number * factor;
        rest = &rest[unit_len..];
    }
    Some(total)
}

fn valid_chmod(value: &str) -> bool {
    if value.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
        return !value.is_empty() && value.len() <= 4;
    }
    // Symbolic modes, accepted by newer Dockerfile frontends: `u+x,go-w`.
    value.split(',').all(|clause| {
        let who = clause.bytes().take_while(|b| b"ugoa".contains(b)).count();
        let rest = &clause[who..];
        !rest.is_empty()
            && rest.starts_with(['+', '-', '='])
            && rest[1..].bytes().all(|b| b"rwxXst+-=ugo".contains(&b))
    })
}

fn mount_problem(value: &str) -> Option<String> {
    let mut mount_type = "bind";
    for field in value.split(',') {
        let (key, val) = field.split_once('=').unwrap_or((field, ""));
        if key.eq_ignore_ascii_case("type") {
            mount_type = val;
        }
    }
    if !matches!(mount_type, "bind" | "cache" | "tmpfs" | "secret" | "ssh") {
        return Some(format!("unsupported mount type `{mount_type}`: use bind, cache, tmpfs, secret or ssh"));
    }
    for field in value.split(',') {
        let (key, val) = match field.split_once('=') {
            Some((k, v)) => (k.to_ascii_lowercase(), Some(v)),
            None => (field.to_ascii_lowercase(), None),
        };
        let allowed: &[&str] = match mount_type {
            "bind" => &["type", "target", "dst", "destination", "source", "src", "from", "readonly", "ro", "readwrite", "rw"],
            "cache" => &["type", "target", "dst", "destination", "source", "src", "from", "readonly", "ro", "readwrite", "rw", "id", "sharing", "mode", "uid", "gid"],
            "tmpfs" => &["type", "target", "dst", "destination", "size"],
            "secret" => &["type", "target", "dst", "destination", "id", "required", "mode", "uid", "gid", "env"],
            _ => &["type", "target", "dst", "destination", "id", "required", "mode", "uid", "gid"],
        };
        if !allowed.contains(&key.as_str()) {
            return Some(format!("unexpected key `{key}` in `{field}` for a {mount_type} mount: the build fails"));
        }
        match (key.as_str(), val) {
            ("sharing", Some(v)) if !matches!(v, "shared" | "private" | "locked") => {
                return Some(format!("`sharing={v}` is not valid: use shared, private or locked"));
            }
            ("readonly" | "ro" | "readwrite" | "rw" | "required", Some(v)) if parse_bool(v).is_none() => {
                return Some(format!("`{key}={v}` is not a boolean"));
            }
            ("uid" | "gid", Some(v)) if v.parse::<u64>().is_err() && !v.contains('$') => {
                return Some(format!("`{key}={v}` must be a number"));
            }
            ("mode", Some(v)) if !v.bytes().all(|b| (b'0'..=b'7').contains(&b)) => {
                return Some(format!("`mode={v}` must be an octal file mode such as 0755"));
            }
            ("type" | "readonly" | "ro" | "readwrite" | "rw" | "required", None) => {}
            (_, None) => return Some(format!("`{key}` needs a value (`{key}=...`) in --mount")),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test::{assert_diagnostics, fix_all};

    #[test]
    fn unknown_and_repeated_flags() {
        assert_diagnostics("DX004", "FROM a\nCOPY --chmown=x . /\nWORKDIR --x /a\nCOPY --link --link a b\n", &[
            "2:8-2:14 unknown flag `--chmown`: COPY accepts --from, --chown, --chmod, --link, --parents, --exclude, so the build fails; did you mean `--chown`?",
            "3:11-3:12 unknown flag `--x`: WORKDIR takes no flags, so the build fails",
            "4:13-4:19 `--link` is given twice: the build fails with \"Duplicate flag specified: link\"",
        ]);
        assert_eq!(fix_all("DX004", "FROM a\nCOPY --chmown=x . /\n", true), "FROM a\nCOPY --chown=x . /\n");
    }

    #[test]
    fn values() {
        assert_diagnostics("DX004", "FROM a\nHEALTHCHECK --interval=5 --retries=x CMD [\"a\"]\nRUN --mount=type=cache,targt=/x --network=off true\nCOPY --chmod=u+x --link=yes a b\n", &[
            "2:24-2:25 `--interval=5` is not a duration: write it with a unit, such as `30s`, `1m30s` or `500ms`",
            "2:36-2:37 `--retries=x` must be a whole number of retries, such as `3`",
            "3:13-3:32 unexpected key `targt` in `targt=/x` for a cache mount: the build fails",
            "3:43-3:46 `--network=off` is not a network mode: use `default`, `none` or `host`",
            "4:25-4:28 `--link=yes` is not a boolean: use `--link`, `--link=true` or `--link=false`",
        ]);
        assert_diagnostics("DX004", "FROM --platform=$BUILDPLATFORM a\nRUN --mount=type=secret,id=x,env=TOKEN --mount=from=b,target=/c true\nHEALTHCHECK --interval=1m30s --start-interval=0s --retries=0 CMD [\"a\"]\nCOPY --chmod=0755 --parents --exclude=*.md a b\n", &[]);
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration_ms("1m30s"), Some(90_000.0));
        assert_eq!(parse_duration_ms("1.5h"), Some(5_400_000.0));
        assert_eq!(parse_duration_ms("10"), None);
        assert_eq!(parse_duration_ms(""), None);
    }
}
