//! Building blocks for fixes: inserting lines, rewriting shell form as exec form.

use distrolint_syntax::{Dockerfile, ItemKind, TextRange};

use crate::diagnostic::Edit;

/// The offset where the line containing `offset` starts.
pub fn line_start(text: &str, offset: u32) -> u32 {
    text[..offset as usize].rfind('\n').map_or(0, |i| i as u32 + 1)
}

/// The indentation (spaces and tabs) before `offset` on its line.
pub fn indentation(text: &str, offset: u32) -> &str {
    let start = line_start(text, offset) as usize;
    let line = &text[start..offset as usize];
    &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
}

/// The line break the file uses (`\r\n` when its first line ends so).
pub fn newline(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

/// Inserts `line` on its own line before the line that holds `offset`, with that line's indentation.
pub fn insert_line_before(text: &str, offset: u32, line: &str) -> Edit {
    let start = line_start(text, offset);
    Edit::insert(start, format!("{}{line}{}", indentation(text, offset), newline(text)))
}

/// Deletes the whole lines of the item (instruction, comment) that starts at `offset`,
/// line breaks included.
pub fn delete_item_at(file: &Dockerfile, offset: u32) -> Option<Edit> {
    item_range(file, offset).map(Edit::delete)
}

/// An edit that inserts `lines` (each ending in `\n`) on their own lines right after the
/// instruction that starts at `instruction_start`, with the file's line breaks. `None` when that
/// instruction ends inside a line continuation (its last line that is not a comment ends with the
/// escape character, and the file ends there) or in an unterminated heredoc: an inserted line would
/// become part of the instruction.
pub fn insert_lines_after(file: &Dockerfile, instruction_start: u32, lines: &str) -> Option<Edit> {
    let text = file.text();
    let items = file.items();
    let item = items[items.partition_point(|item| item.range.end() <= instruction_start)..].first()?;
    if !item.range.contains(instruction_start) || ends_open(file, item.kind, item.range) {
        return None;
    }
    let end = item.range.end();
    let nl = newline(text);
    let lines = if nl == "\r\n" { lines.replace('\n', "\r\n") } else { lines.to_owned() };
    if text[..end as usize].ends_with('\n') {
        Some(Edit::insert(end, lines))
    } else {
        Some(Edit::insert(end, format!("{nl}{}", lines.trim_end_matches(['\r', '\n']))))
    }
}

/// Whether the item ends while its instruction is still open: in a line continuation, or in a
/// heredoc body without its terminator.
fn ends_open(file: &Dockerfile, kind: ItemKind, range: TextRange) -> bool {
    if let ItemKind::Instruction(index) = kind {
        let heredocs = &file.instructions()[index as usize].heredocs;
        if let Some(last) = heredocs.last() {
            return last.terminator.is_none();
        }
    }
    let escape = file.escape();
    file.slice(range)
        .lines()
        .rev()
        .map(str::trim)
        .find(|line| !line.is_empty() && !line.starts_with('#'))
        .is_some_and(|line| line.ends_with(escape))
}

/// The whole-line range of the item that contains `offset`.
pub fn item_range(file: &Dockerfile, offset: u32) -> Option<TextRange> {
    // The items partition the text in order, so the first one ending after `offset` holds it.
    let items = file.items();
    let at = items.partition_point(|item| item.range.end() <= offset);
    items.get(at).map(|item| item.range).filter(|range| range.contains(offset))
}

/// Splits a shell-form command into words with POSIX quoting, or `None` when it uses anything a
/// shell would interpret (expansions, operators, redirections, globs, `~`, comments, line breaks),
/// because then an exec-form array cannot mean the same.
pub fn shell_words(text: &str) -> Option<Vec<String>> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next()? {
                        '\'' => break,
                        ch => word.push(ch),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next()? {
                        '"' => break,
                        '$' | '`' => return None,
                        '\\' => match chars.next()? {
                            ch @ ('"' | '\\') => word.push(ch),
                            '$' | '`' | '\n' => return None,
                            ch => {
                                word.push('\\');
                                word.push(ch);
                            }
                        },
                        ch => word.push(ch),
                    }
                }
            }
            '\\' => {
                in_word = true;
                match chars.next()? {
                    '\n' => return None,
                    ch => word.push(ch),
                }
            }
            '$' | '`' | '|' | '&' | ';' | '<' | '>' | '*' | '?' | '~' | '(' | ')' | '[' | ']' | '{' | '}' | '#'
            | '!' | '\n' | '\r' => return None,
            ch => {
                in_word = true;
                word.push(ch);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    (!words.is_empty()).then_some(words)
}

/// A JSON array of strings, as written in exec form: `["a", "b c"]`.
pub fn exec_form<S: AsRef<str>>(words: &[S]) -> String {
    let mut out = String::from("[");
    for (i, word) in words.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        json_string(&mut out, word.as_ref());
    }
    out.push(']');
    out
}

/// Appends `s` as a JSON string literal.
pub fn json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insertions_follow_the_line_ending() {
        let file = distrolint_syntax::parse("FROM a\r\nRUN x");
        let edit = insert_lines_after(&file, 0, "ARG V\n").unwrap();
        assert_eq!((edit.range.start(), edit.content.as_str()), (8, "ARG V\r\n"));
        let edit = insert_lines_after(&file, 8, "ARG V\n").unwrap();
        assert_eq!((edit.range.start(), edit.content.as_str()), (13, "\r\nARG V"));
    }

    #[test]
    fn no_insertion_after_an_open_instruction() {
        // Found by `cargo fuzz run lint_and_fix`: the inserted line would continue the ENV.
        for text in [
            "FROM a\nENV A=1 \\\n# a comment\n",
            "FROM a\nENV A=1 \\\n",
            "FROM a\nENV A=1 \\\n\n  # x\n",
            "FROM a\nRUN <<EOF\necho\n",
            "# escape=`\nFROM a\nENV A=1 `\n",
            "FROM a\nENV A=1 \\",
        ] {
            let file = distrolint_syntax::parse(text);
            let last = file.instructions().last().unwrap().range.start();
            assert_eq!(insert_lines_after(&file, last, "USER 1\n"), None, "{text:?}");
        }
        for text in ["FROM a\nENV A=1 \\\n  B=2\n# after\n", "FROM a\nRUN <<EOF\necho \\\nEOF\n"] {
            let file = distrolint_syntax::parse(text);
            let last = file.instructions().last().unwrap().range.start();
            assert!(insert_lines_after(&file, last, "USER 1\n").is_some(), "{text:?}");
        }
    }

    #[test]
    fn splits_plain_commands_only() {
        assert_eq!(
            shell_words("python3 -m http.server 8000"),
            Some(vec!["python3".into(), "-m".into(), "http.server".into(), "8000".into()])
        );
        assert_eq!(
            shell_words(r#"app --name "a b" 'c"d' e\ f"#),
            Some(vec!["app".into(), "--name".into(), "a b".into(), "c\"d".into(), "e f".into()])
        );
        for bad in ["app $PORT", "a && b", "a | b", "a > log", "ls *.py", "cd ~", "echo `x`", "a # c", "\"open", "x;y"]
        {
            assert_eq!(shell_words(bad), None, "{bad}");
        }
        assert_eq!(exec_form(&["a", "b \"c\"", "d\\e"]), r#"["a", "b \"c\"", "d\\e"]"#);
    }

    #[test]
    fn inserts_with_indentation_and_line_endings() {
        let text = "FROM a\r\n  CMD x\r\n";
        let edit = insert_line_before(text, 10, "ENTRYPOINT []");
        assert_eq!((edit.range.start(), edit.content.as_str()), (8, "  ENTRYPOINT []\r\n"));
    }
}
