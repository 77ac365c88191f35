//! The built-in `lucid` profile against the examples: the service that follows the Lucid pattern
//! has no error, and the TRON payment service shows each of its real bugs.

use std::collections::BTreeSet;
use std::path::PathBuf;

use distrolint_linter::{Applicability, Settings, Severity, fix, lint};

fn example(name: &str) -> (String, Settings) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples").join(name);
    let text = std::fs::read_to_string(dir.join("Dockerfile")).expect("the example exists");
    let config = std::fs::read_to_string(dir.join("distrolint.toml")).expect("the example has a config");
    let config = Settings::parse_config(&config).unwrap();
    let mut settings = Settings::from_config(&config, &|p| Err(format!("no file {p}"))).unwrap();
    assert_eq!(
        settings.profile.as_ref().map(|p| p.profile.name.as_str()),
        Some("lucid"),
        "{name} uses the lucid profile"
    );
    settings.today = Some("2026-08-21".to_owned());
    (text, settings)
}

fn codes(text: &str, settings: &Settings) -> BTreeSet<&'static str> {
    lint(text, settings).diagnostics.iter().map(|d| d.rule.code).collect()
}

#[test]
fn the_lucid_service_has_no_error() {
    let (text, settings) = example("lucid-service");
    let errors: Vec<String> = lint(&text, &settings)
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{} {}", d.rule.code, d.message))
        .collect();
    assert!(errors.is_empty(), "the Lucid pattern is error-free under its own profile:\n{}", errors.join("\n"));
}

#[test]
fn the_tron_service_shows_its_bugs() {
    let (text, settings) = example("tron-payment-service");
    let found = codes(&text, &settings);
    for (code, bug) in [
        ("DX101", "shell-form RUN (`mkdir`/`chmod`, `id && whoami`) in the distroless stage"),
        ("DX102", "`mkdir`, `chmod`, `id`, `whoami` are not in the distroless image"),
        ("DX105", "the HEALTHCHECK probes with `curl`, which distroless does not have"),
        ("DX201", "`CMD [\"python3\", \"-m\", \"uvicorn\", ...]` runs under the python3.11 ENTRYPOINT"),
        ("DX203", "a Python 3.12 builder feeding the Python 3.11 runtime"),
        ("DX206", "the venv's bin/python links to /usr/local/bin/python, absent in distroless"),
        ("DX207", "`pip install -e .` shipped to production"),
        ("DX302", "VOLUMEs on directories the nonroot user does not own"),
        ("DX401", "`COPY secrets/ /app/secrets:ro` creates a directory named `secrets:ro`"),
        ("DX601", "secrets baked into the image"),
        ("DX111", "python3-debian12 is end of life and no longer built"),
        ("DX805", "nothing verifies the copied packages (lucid profile)"),
    ] {
        assert!(found.contains(code), "{code} ({bug}) is missing; found {found:?}");
    }
}

#[test]
fn fixing_the_tron_service_converges() {
    let (text, settings) = example("tron-payment-service");
    let fixed = fix(&text, &settings, Applicability::Unsafe).text;
    assert_ne!(fixed, text);
    assert_eq!(fix(&fixed, &settings, Applicability::Unsafe).text, fixed, "a second fix pass changes nothing");
    let errors_before = distrolint_linter::syntax::parse(&text).errors().len();
    assert!(distrolint_linter::syntax::parse(&fixed).errors().len() <= errors_before);
    assert!(!codes(&fixed, &settings).contains("DX203"), "the builder now runs the runtime's Python:\n{fixed}");
}

#[test]
fn the_lucid_profile_turns_on_the_profile_rules() {
    let (_, settings) = example("lucid-service");
    for name in ["marker-file-empty", "marker-missing-after-pip", "runtime-verification-missing"] {
        let meta = distrolint_linter::settings::find_rule(name).unwrap();
        assert_eq!(meta.default, distrolint_linter::Enablement::Off, "{name} is a profile rule");
        assert!(settings.level(meta).is_some(), "lucid turns {name} on");
        assert!(Settings::default().level(meta).is_none());
    }
}
