//! Linting never panics, diagnostics and fix edits stay in bounds, and applying the fixes never
//! adds syntax errors and converges (a second fix pass changes nothing).
#![no_main]

use distrolint_linter::{Applicability, Settings, fix, lint};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut settings = Settings::default();
    if data.first().is_some_and(|b| b & 1 == 1) {
        settings.set_profile("lucid", &|p| Err(p.to_owned())).unwrap();
    }
    let result = lint(&text, &settings);
    for d in &result.diagnostics {
        assert!(d.range.end() as usize <= text.len() && text.is_char_boundary(d.range.start() as usize));
        if let Some(f) = &d.fix {
            for e in &f.edits {
                assert!(e.range.end() as usize <= text.len() && text.is_char_boundary(e.range.start() as usize));
            }
        }
    }
    let errors_before = result.file.errors().len();
    let fixed = fix(&text, &settings, Applicability::Unsafe);
    let errors_after = distrolint_syntax::parse(&fixed.text).errors().len();
    assert!(errors_after <= errors_before, "fixes added syntax errors:\n{text}\n---\n{}", fixed.text);
    if fixed.passes < 10 {
        let again = fix(&fixed.text, &settings, Applicability::Unsafe);
        assert_eq!(again.fixed, 0, "a second fix pass changed the text:\n{}", fixed.text);
    }
});
