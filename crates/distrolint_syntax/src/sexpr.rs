//! Prints instructions as BuildKit's parser test vectors do: `(run "echo hi")`.
//!
//! The conformance tests compare this output with BuildKit's own `result` files.

use std::fmt::Write;

use crate::ast::{Args, Dockerfile, Instruction, Keyword};

/// One S-expression line per instruction, each ending with a newline.
pub fn dump(file: &Dockerfile) -> String {
    let mut out = String::new();
    for instruction in file.instructions() {
        out.push('(');
        dump_instruction(&mut out, instruction);
        out.push_str(")\n");
    }
    out
}

fn dump_instruction(out: &mut String, ins: &Instruction) {
    out.push_str(&ins.line.text()[ins.keyword_logical].to_lowercase());
    if !ins.flags.is_empty() {
        out.push_str(" [");
        for (i, flag) in ins.flags.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            let mut word = format!("--{}", flag.name);
            if let Some(value) = &flag.value {
                word.push('=');
                word.push_str(&value.text);
            }
            quote(out, &word);
        }
        out.push(']');
    }
    dump_args(out, ins, &ins.args);
}

fn dump_args(out: &mut String, ins: &Instruction, args: &Args) {
    match args {
        Args::Empty => {}
        Args::Exec(exec) => {
            for element in &exec.elements {
                out.push(' ');
                quote(out, &element.value);
            }
        }
        Args::Shell(word) => {
            out.push(' ');
            quote(out, ins.text(word));
        }
        Args::Words(words) => {
            if ins.keyword != Keyword::Unknown {
                for word in words {
                    out.push(' ');
                    quote(out, ins.text(word));
                }
            }
        }
        Args::KeyValues(pairs) => {
            for pair in pairs {
                for part in [ins.text(&pair.key), ins.text(&pair.value), if pair.equals { "=" } else { "" }] {
                    out.push(' ');
                    quote(out, part);
                }
            }
        }
        Args::Healthcheck(health) => {
            out.push(' ');
            quote(out, ins.text(&health.kind));
            dump_args(out, ins, &health.cmd);
        }
        Args::Onbuild(inner) => {
            out.push_str(" (");
            dump_instruction(out, inner);
            out.push(')');
        }
    }
}

/// Go's `strconv.Quote`.
fn quote(out: &mut String, s: &str) {
    out.push('"');
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if c == ' ' || !(c.is_control() || c.is_whitespace()) => out.push(c),
            c if (c as u32) < 0x10000 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => {
                let _ = write!(out, "\\U{:08x}", c as u32);
            }
        }
    }
    out.push('"');
}
