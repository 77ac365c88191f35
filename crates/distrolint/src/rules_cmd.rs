//! `distrolint rule X` and `distrolint rules`.

use std::io::{self, Write};

use distrolint_linter::Enablement;
use distrolint_linter::rules::ALL;
use distrolint_linter::settings::{find_rule, suggest_rule};
use serde_json::json;

use crate::args::Format;
use crate::exit;

pub(crate) fn rule(key: &str) -> u8 {
    let Some(meta) = find_rule(key) else {
        let hint = suggest_rule(key).map(|s| format!("; did you mean `{s}`?")).unwrap_or_default();
        let _ = writeln!(
            io::stderr(),
            "distrolint: error: unknown rule `{key}`{hint} (run `distrolint rules` to list them)"
        );
        return exit::TROUBLE;
    };
    let _ = io::stdout().write_all(meta.page().as_bytes());
    exit::CLEAN
}

pub(crate) fn rules(format: Format) -> u8 {
    let mut out = io::stdout().lock();
    let result = match format {
        Format::Json => {
            let list: Vec<_> = ALL
                .iter()
                .map(|m| {
                    json!({
                        "code": m.code,
                        "name": m.name,
                        "aliases": m.aliases,
                        "buildkit": m.buildkit,
                        "severity": m.severity.as_str(),
                        "fix": m.fix.as_str(),
                        "default": m.default == Enablement::On,
                        "since": m.since,
                        "summary": m.summary(),
                        "url": m.url(),
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &list).map_err(io::Error::from).and_then(|()| writeln!(out))
        }
        Format::Text => {
            let mut s = String::new();
            for m in ALL {
                let off = if m.default == Enablement::On { "" } else { " (off by default)" };
                s.push_str(&format!(
                    "{:<9} {:<44} {:<8} fix:{:<10}{}\n",
                    m.code,
                    m.name,
                    m.severity.as_str(),
                    m.fix.as_str(),
                    off
                ));
            }
            s.push_str(&format!("\n{} rules. `distrolint rule <code>` prints one rule's documentation.\n", ALL.len()));
            out.write_all(s.as_bytes())
        }
    };
    if result.is_ok() { exit::CLEAN } else { exit::TROUBLE }
}
