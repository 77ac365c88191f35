//! The wasm exports as JavaScript sees them, under Node:
//! `cargo test -p distrolint_wasm --target wasm32-unknown-unknown` (the runner is set in `.cargo/config.toml`).
//!
//! Values are read back through `Reflect`, so these tests check the objects' real JavaScript shape:
//! camelCase keys, `null` for a missing fix, UTF-16 offsets.
#![cfg(target_arch = "wasm32")]

use distrolint_wasm::{fix, lint, profiles, rules, version};
use js_sys::{Array, JSON, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

/// Line 1 holds `é` (1 UTF-16 unit, 2 bytes) and `😀` (2 units, 4 bytes), so from line 2 on
/// UTF-16 offsets are 4 less than byte offsets.
const SINGLE_QUOTED_CMD: &str = "# é😀 non-ASCII\nFROM alpine:3.20\nCMD ['python3', 'app.py']\n";

/// Reads `path` (`a.b.0.c`) out of a JavaScript value.
fn get(value: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(value.clone(), |v, key| Reflect::get(&v, &JsValue::from_str(key)).unwrap())
}

fn string(value: &JsValue, path: &str) -> String {
    get(value, path).as_string().unwrap_or_else(|| panic!("{path} is not a string in {}", json(value)))
}

fn number(value: &JsValue, path: &str) -> f64 {
    get(value, path).as_f64().unwrap_or_else(|| panic!("{path} is not a number in {}", json(value)))
}

fn json(value: &JsValue) -> String {
    JSON::stringify(value).map(String::from).unwrap_or_default()
}

fn to_js<T: Into<JsValue>>(items: Vec<T>) -> Vec<JsValue> {
    items.into_iter().map(Into::into).collect()
}

/// The message of a returned error.
fn error_message(error: wasm_bindgen::JsError) -> String {
    let value = JsValue::from(error);
    assert!(value.is_instance_of::<js_sys::Error>(), "a JsError becomes a JavaScript Error");
    string(&value, "message")
}

#[wasm_bindgen_test]
fn lint_reports_code_utf16_range_and_fix() {
    let diagnostics = to_js(lint(SINGLE_QUOTED_CMD, "").unwrap());
    let d = diagnostics
        .iter()
        .find(|d| string(d, "code") == "DX009")
        .unwrap_or_else(|| panic!("no DX009 in {:?}", diagnostics.iter().map(json).collect::<Vec<_>>()));
    assert_eq!(string(d, "name"), "malformed-json-args");
    assert_eq!(string(d, "severity"), "warning");
    assert!(string(d, "message").contains("JSON needs double quotes"), "{}", json(d));
    assert!(string(d, "url").ends_with("/DX009.md"));
    // `['python3', 'app.py']`: bytes 41..62, UTF-16 37..58, line 3 columns 5..26.
    assert_eq!((number(d, "range.from"), number(d, "range.to")), (37.0, 58.0));
    assert_eq!((number(d, "range.start.line"), number(d, "range.start.column")), (3.0, 5.0));
    assert_eq!((number(d, "range.end.line"), number(d, "range.end.column")), (3.0, 26.0));
    assert_eq!(string(d, "fix.title"), "Use double quotes for the JSON array");
    assert_eq!(string(d, "fix.applicability"), "safe");
    let edits: Array = get(d, "fix.edits").dyn_into().unwrap();
    assert_eq!(edits.length(), 1);
    let edit = edits.get(0);
    assert_eq!((number(&edit, "from"), number(&edit, "to")), (37.0, 58.0));
    assert_eq!(string(&edit, "insert"), r#"["python3", "app.py"]"#);
    assert!(Array::is_array(&get(d, "related")));
}

#[wasm_bindgen_test]
fn select_narrows_and_a_clean_file_has_no_fix_and_null() {
    let only = to_js(lint(SINGLE_QUOTED_CMD, r#"{"select": ["DX009"]}"#).unwrap());
    assert_eq!(only.iter().map(|d| string(d, "code")).collect::<Vec<_>>(), ["DX009"]);
    let off = to_js(lint(SINGLE_QUOTED_CMD, r#"{"rules": {"malformed-json-args": "off"}}"#).unwrap());
    assert!(off.iter().all(|d| string(d, "code") != "DX009"));
    assert!(lint(SINGLE_QUOTED_CMD, r#"{"select": ["DX0"], "ignore": ["DX009"]}"#).unwrap().is_empty());
    // A rule without a fix reports `fix: null`, not `undefined`.
    let unknown = to_js(lint("FROM alpine:3.20\nFROBNICATE\n", r#"{"select": ["DX001"]}"#).unwrap());
    assert_eq!(unknown.len(), 1, "{}", unknown.iter().map(json).collect::<String>());
    let fix = get(&unknown[0], "fix");
    assert!(fix.is_null(), "fix is null: {}", json(&unknown[0]));
}

#[wasm_bindgen_test]
fn fix_repairs_the_file() {
    // With DX009 alone, exactly its edit; with every rule, at least that and no DX009 left.
    let only = r#"{"select": ["DX009"]}"#;
    let fixed = fix(SINGLE_QUOTED_CMD, only, false).unwrap();
    assert_eq!(fixed, "# é😀 non-ASCII\nFROM alpine:3.20\nCMD [\"python3\", \"app.py\"]\n");
    assert_eq!(fix(&fixed, only, true).unwrap(), fixed, "nothing left to do");
    let all = fix(SINGLE_QUOTED_CMD, "", false).unwrap();
    assert!(all.contains("CMD [\"python3\", \"app.py\"]"), "{all}");
    assert!(to_js(lint(&all, "").unwrap()).iter().all(|d| string(d, "code") != "DX009"));
}

#[wasm_bindgen_test]
fn bad_settings_are_errors() {
    let message = error_message(lint(SINGLE_QUOTED_CMD, "{\"profile\": ").unwrap_err());
    assert!(message.starts_with("invalid settings JSON"), "{message}");
    let message = error_message(lint(SINGLE_QUOTED_CMD, r#"{"rulez": {}}"#).unwrap_err());
    assert!(message.contains("unknown field `rulez`"), "{message}");
    let message = error_message(lint(SINGLE_QUOTED_CMD, r#"{"rules": {"DX009": "loud"}}"#).unwrap_err());
    assert!(message.contains("unknown variant `loud`"), "{message}");
    let message = error_message(lint(SINGLE_QUOTED_CMD, r#"{"rules": {"DX0O9": "off"}}"#).unwrap_err());
    assert!(message.contains("did you mean `DX009`"), "{message}");
    let message = error_message(fix(SINGLE_QUOTED_CMD, r#"{"profile": "lucd"}"#, false).unwrap_err());
    assert!(message.contains("unknown profile `lucd`"), "{message}");
    let message = error_message(lint(SINGLE_QUOTED_CMD, r#"{"profileToml": "[profile"}"#).unwrap_err());
    assert!(message.contains("invalid profile"), "{message}");
    let message = error_message(lint(SINGLE_QUOTED_CMD, r#"{"config": "profile = \"./p.toml\""}"#).unwrap_err());
    assert!(message.contains("cannot read files"), "{message}");
    // A good call after a bad one still works: the error did not poison the settings cache.
    assert!(!lint(SINGLE_QUOTED_CMD, "").unwrap().is_empty());
    assert!(error_message(lint(SINGLE_QUOTED_CMD, "[]").unwrap_err()).starts_with("invalid settings JSON"));
    // Every documented key is accepted; `null` and absent keys are the same; whitespace alone is the defaults.
    let all = r#"{"config": "", "profile": null, "profileToml": null, "rules": {}, "select": [], "ignore": []}"#;
    assert!(lint(SINGLE_QUOTED_CMD, all).is_ok());
    let nulls = r#"{"config": null, "profile": null, "profileToml": null}"#;
    assert_eq!(lint(SINGLE_QUOTED_CMD, nulls).unwrap().len(), lint(SINGLE_QUOTED_CMD, " ").unwrap().len());
}

#[wasm_bindgen_test]
fn profiles_apply_by_name_and_by_text() {
    assert!(profiles().contains(&"lucid".to_owned()));
    lint(SINGLE_QUOTED_CMD, r#"{"profile": "lucid"}"#).unwrap();
    let pasted = r#"{"profileToml": "[profile]\nname = \"house\"\n[rules]\nDX009 = \"error\"\n"}"#;
    let diagnostics = to_js(lint(SINGLE_QUOTED_CMD, pasted).unwrap());
    let d = diagnostics.iter().find(|d| string(d, "code") == "DX009").unwrap();
    assert_eq!(string(d, "severity"), "error");
}

#[wasm_bindgen_test]
fn rules_and_version_describe_the_engine() {
    let all = to_js(rules().unwrap());
    assert!(all.len() >= 10);
    let dx009 = all.iter().find(|r| string(r, "code") == "DX009").unwrap();
    assert_eq!(string(dx009, "name"), "malformed-json-args");
    assert_eq!(string(dx009, "fix"), "sometimes");
    assert_eq!(get(dx009, "enabledByDefault"), JsValue::TRUE);
    assert!(get(dx009, "buildkit").is_null());
    assert!(string(dx009, "url").ends_with("/DX009.md"));
    assert_eq!(version(), env!("CARGO_PKG_VERSION"));
}
