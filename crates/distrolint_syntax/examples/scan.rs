//! Parses every file given on the command line and prints its syntax errors.
#![allow(clippy::print_stdout, missing_docs)]
fn main() {
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        let file = distrolint_syntax::parse(&text);
        assert_eq!(file.print(), text);
        let index = distrolint_syntax::LineIndex::new(&text);
        for e in file.errors() {
            println!("{path}:{}: {:?} {}", index.line_of(e.range.start()) + 1, e.kind, e.message);
        }
    }
}
