//! JSON schemas of `distrolint.toml` and of profile files, from the configuration types
//! (`distrolint_linter::settings`, derived with `schemars` behind the linter's `schema` feature).
//! Editors use them through taplo / Even Better TOML (`#:schema ./distrolint.schema.json`).

use distrolint_linter::settings::{Config, Profile};

/// The schema of `distrolint.toml`.
pub(crate) fn config_schema() -> String {
    render(
        schemars::schema_for!(Config),
        "distrolint.toml",
        "distrolint configuration: the profile, rule levels and options, image knowledge, trusted registries and label policy.",
    )
}

/// The schema of a profile file (such as the built-in `lucid` profile).
pub(crate) fn profile_schema() -> String {
    render(
        schemars::schema_for!(Profile),
        "distrolint profile",
        "A distrolint profile: house policy for builder and runtime stages, entrypoint, labels and rule levels.",
    )
}

fn render(mut schema: schemars::Schema, title: &str, description: &str) -> String {
    schema.insert("title".to_owned(), title.into());
    schema.insert("description".to_owned(), description.into());
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema serializes");
    text.push('\n');
    text
}
