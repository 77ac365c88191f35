//! distrolint's WebAssembly face, for the browser playground.
//!
//! The exports are thin: each one turns JavaScript input into engine calls and the engine's
//! results into the serde DTOs of [`dto`], whose TypeScript types `tsify` generates into the
//! `.d.ts` that `wasm-bindgen` writes. Positions leave as UTF-16 offsets (what JavaScript strings
//! and CodeMirror count) plus 1-based lines and columns. Errors come back as `JsError`; a panic,
//! which would be a bug, is reported on the console by `console_error_panic_hook`.
//!
//! `settings_json` is a JSON text described by [`settings::SettingsJson`].
//!
//! There is no `ast()` export: the S-expression printer cost 12 KB of the gzipped wasm, over the
//! 350 KB budget, and the playground does not show syntax trees.

pub mod dto;
mod positions;
pub mod settings;

use distrolint_linter::Applicability;
use tsify::{Ts, Tsify};
use wasm_bindgen::prelude::*;

use crate::dto::{Diagnostic, RuleMeta};
use crate::positions::Positions;

/// Runs once when the module is instantiated: panics are printed to the console with their message.
#[wasm_bindgen(start)]
fn install_panic_hook() {
    console_error_panic_hook::set_once();
}

/// The version of distrolint, e.g. `0.1.0`.
#[wasm_bindgen]
pub fn version() -> String {
    distrolint_linter::VERSION.to_owned()
}

/// Lints `text` with the settings in `settings_json` (see `SettingsJson`; `""` means the defaults).
///
/// Diagnostics are sorted by position. Their ranges are UTF-16 offsets into `text` plus
/// 1-based lines and columns; fix edits are UTF-16 offsets too.
#[wasm_bindgen]
pub fn lint(text: &str, settings_json: &str) -> Result<Vec<Ts<Diagnostic>>, JsError> {
    let diagnostics = settings::with_settings(settings_json, |settings| {
        let result = distrolint_linter::lint(text, settings);
        let positions = Positions::new(text);
        result.diagnostics.iter().map(|d| Diagnostic::from_engine(d, &positions)).collect::<Vec<_>>()
    })?;
    Ok(diagnostics.iter().map(Tsify::into_ts).collect::<Result<_, _>>()?)
}

/// Applies fixes to `text` until it is stable (at most 10 passes) and returns the new text.
///
/// Only safe fixes unless `unsafe_fixes` is true, which adds the unsafe ones.
#[wasm_bindgen]
pub fn fix(text: &str, settings_json: &str, unsafe_fixes: bool) -> Result<String, JsError> {
    let min = if unsafe_fixes { Applicability::Unsafe } else { Applicability::Safe };
    settings::with_settings(settings_json, |settings| distrolint_linter::fix(text, settings, min).text)
}

/// Every rule's metadata and documentation, in registry order.
#[wasm_bindgen]
pub fn rules() -> Result<Vec<Ts<RuleMeta>>, JsError> {
    let rules = distrolint_linter::rules::ALL.iter().map(|meta| RuleMeta::from_engine(meta));
    Ok(rules.map(|rule| rule.into_ts()).collect::<Result<_, _>>()?)
}

/// The names of the built-in profiles, e.g. `["lucid"]`.
#[wasm_bindgen]
pub fn profiles() -> Vec<String> {
    distrolint_linter::settings::BUILTIN_PROFILES.iter().map(|(name, _)| (*name).to_owned()).collect()
}
