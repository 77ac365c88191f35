//! The parser never panics, every range is in bounds and on character boundaries, and printing
//! the tree gives back the input.
#![no_main]

use distrolint_syntax::{Args, Instruction, TextRange, parse};
use libfuzzer_sys::fuzz_target;

fn check(text: &str, range: TextRange) {
    assert!(range.start() <= range.end() && range.end() as usize <= text.len(), "{range:?} out of bounds");
    assert!(text.is_char_boundary(range.start() as usize) && text.is_char_boundary(range.end() as usize));
}

fn check_instruction(text: &str, ins: &Instruction) {
    check(text, ins.range);
    check(text, ins.keyword_range);
    check(text, ins.args_range);
    for flag in &ins.flags {
        check(text, flag.range);
        check(text, flag.name_range);
        if let Some(value) = &flag.value {
            check(text, value.range);
        }
    }
    for doc in &ins.heredocs {
        check(text, doc.word);
        check(text, doc.body);
    }
    let line = ins.line.text();
    match &ins.args {
        Args::Words(words) => words.iter().for_each(|w| {
            check(text, w.range);
            check(line, w.logical);
        }),
        Args::Shell(w) => check(text, w.range),
        Args::Exec(e) => e.elements.iter().for_each(|el| check(text, el.range)),
        Args::KeyValues(pairs) => pairs.iter().for_each(|p| {
            check(text, p.key.range);
            check(text, p.value.range);
        }),
        Args::Onbuild(inner) => check_instruction(text, inner),
        Args::Healthcheck(_) | Args::Empty => {}
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let file = parse(&text);
    assert_eq!(file.print(), text.as_ref(), "printing is not lossless");
    let mut at = 0;
    for item in file.items() {
        assert_eq!(item.range.start(), at, "items do not partition the text");
        at = item.range.end();
    }
    assert_eq!(at as usize, text.len());
    for ins in file.instructions() {
        check_instruction(&text, ins);
    }
    for error in file.errors() {
        check(&text, error.range);
    }
});
