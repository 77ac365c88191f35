//! The line-level parser: directives, comments, continuations and heredocs.
//!
//! It follows BuildKit's `parser.Parse` step by step, so that what BuildKit
//! accepts parses the same way here. Where BuildKit stops at the first error,
//! this parser records a [`SyntaxError`] and goes on with the next line.

use crate::ast::{
    Args, Directive, DirectiveKind, Dockerfile, Heredoc, Instruction, Item, ItemKind, LogicalLine, SyntaxError,
    SyntaxErrorKind,
};
use crate::heredoc;
use crate::line::{parse_line, trim_start};
use crate::text::TextRange;

const BOM: &str = "\u{feff}";

/// Parses a Dockerfile. Never fails: problems are in [`Dockerfile::errors`].
pub fn parse(text: &str) -> Dockerfile {
    Parser::new(text).run()
}

/// One physical line.
#[derive(Clone, Copy)]
struct Line {
    start: usize,
    /// Before the trailing `\r` and `\n` characters.
    content_end: usize,
    /// After the `\n`, or the end of the text.
    end: usize,
}

struct Parser<'a> {
    text: &'a str,
    pos: usize,
    /// Scratch space for the source pieces of the instruction being read.
    pieces: Vec<(usize, usize)>,
    escape: char,
    directives_done: bool,
    seen_directives: Vec<DirectiveKind>,
    out: Dockerfile,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Self {
        Parser {
            text,
            pos: 0,
            pieces: Vec::new(),
            escape: '\\',
            directives_done: false,
            seen_directives: Vec::new(),
            out: Dockerfile {
                text: text.to_owned(),
                items: Vec::with_capacity(text.len() / 24 + 1),
                instructions: Vec::with_capacity(text.len() / 48 + 1),
                directives: Vec::new(),
                escape: '\\',
                errors: Vec::new(),
            },
        }
    }

    fn line_at(&self, start: usize) -> Line {
        let bytes = self.text.as_bytes();
        let end = memchr_newline(&bytes[start..]).map_or(bytes.len(), |i| start + i + 1);
        let mut content_end = end;
        while content_end > start && matches!(bytes[content_end - 1], b'\n' | b'\r') {
            content_end -= 1;
        }
        Line { start, content_end, end }
    }

    fn push_item(&mut self, kind: ItemKind, range: TextRange, content: TextRange) {
        self.out.items.push(Item { kind, range, content });
    }

    fn error(&mut self, kind: SyntaxErrorKind, range: TextRange, message: String) {
        self.out.errors.push(SyntaxError { kind, range, message });
    }

    fn run(mut self) -> Dockerfile {
        if self.text.starts_with(BOM) {
            let range = TextRange::from_usize(0, BOM.len());
            self.push_item(ItemKind::Bom, range, range);
            self.pos = BOM.len();
        }
        while self.pos < self.text.len() {
            let line = self.line_at(self.pos);
            let content = &self.text[line.start..line.content_end];
            let trimmed_start = line.content_end - trim_start(content).len();
            let trimmed = TextRange::from_usize(trimmed_start, line.content_end);
            let whole = TextRange::from_usize(line.start, line.end);
            if !self.directives_done && self.directive(trimmed, whole) {
                self.pos = line.end;
                continue;
            }
            self.directives_done = true;
            let trimmed_text = &self.text[trimmed];
            if trimmed_text.starts_with('#') {
                self.push_item(ItemKind::Comment, whole, trimmed);
                self.pos = line.end;
            } else if trimmed_text.is_empty() {
                self.push_item(ItemKind::Blank, whole, TextRange::empty(trimmed_start as u32));
                self.pos = line.end;
            } else {
                self.instruction(line, trimmed_start);
            }
        }
        if self.out.instructions.is_empty() {
            self.error(
                SyntaxErrorKind::NoInstructions,
                TextRange::empty(0),
                "the file has no instructions: a Dockerfile needs at least a FROM".to_owned(),
            );
        }
        self.out.escape = self.escape;
        self.out
    }

    /// Handles a possible parser directive; true if the line was one.
    fn directive(&mut self, trimmed: TextRange, whole: TextRange) -> bool {
        let Some((name, value)) = match_directive(&self.text[trimmed]) else {
            return false;
        };
        let name = name.shift(trimmed.start());
        let value = value.shift(trimmed.start());
        let Some(kind) = DirectiveKind::from_name(&self.text[name]) else {
            return false;
        };
        if self.seen_directives.contains(&kind) {
            self.error(
                SyntaxErrorKind::DuplicateDirective,
                trimmed,
                format!("only one {} parser directive can be used", kind.as_str()),
            );
            self.push_item(ItemKind::Comment, whole, trimmed);
            return true;
        }
        self.seen_directives.push(kind);
        if kind == DirectiveKind::Escape {
            match &self.text[value] {
                "\\" => self.escape = '\\',
                "`" => self.escape = '`',
                other => {
                    let message = format!("invalid escape token '{other}' does not match ` or \\");
                    self.error(SyntaxErrorKind::InvalidEscape, value, message);
                }
            }
        }
        let index = self.out.directives.len() as u32;
        self.out.directives.push(Directive { kind, range: trimmed, name, value });
        self.push_item(ItemKind::Directive(index), whole, trimmed);
        true
    }

    /// Where a line's text ends and whether it continues, for a line that starts at `start`.
    fn continuation(&self, start: usize, content_end: usize) -> (usize, bool) {
        let bytes = self.text.as_bytes();
        let mut last = content_end;
        while last > start && matches!(bytes[last - 1], b' ' | b'\t') {
            last -= 1;
        }
        if last == start || bytes[last - 1] != self.escape as u8 {
            return (content_end, false);
        }
        let escape_at = last - 1;
        if escape_at == start {
            return (start, true);
        }
        if bytes[escape_at - 1] == self.escape as u8 {
            return (content_end, false);
        }
        (escape_at, true)
    }

    fn instruction(&mut self, first: Line, keyword_start: usize) {
        let item_start = first.start;
        let mut continuation_comments = Vec::new();
        let mut empty_lines = Vec::new();
        let mut continuations = Vec::new();
        // Collect the pieces first, so the joined text is allocated once at its final size.
        let mut pieces = std::mem::take(&mut self.pieces);
        pieces.clear();
        let (piece_end, mut continues) = self.continuation(keyword_start, first.content_end);
        pieces.push((keyword_start, piece_end));
        if continues {
            continuations.push(TextRange::from_usize(piece_end, first.content_end));
        }
        let mut last_content_end = first.content_end;
        self.pos = first.end;
        while continues && self.pos < self.text.len() {
            let next = self.line_at(self.pos);
            self.pos = next.end;
            let raw = &self.text[next.start..next.content_end];
            let trimmed = trim_start(raw);
            let trimmed_range = TextRange::from_usize(next.content_end - trimmed.len(), next.content_end);
            if trimmed.starts_with('#') {
                continuation_comments.push(trimmed_range);
                continue;
            }
            if trimmed.is_empty() {
                empty_lines.push(TextRange::from_usize(next.start, next.content_end));
                continue;
            }
            let (piece_end, more) = self.continuation(next.start, next.content_end);
            pieces.push((next.start, piece_end));
            if more {
                continuations.push(TextRange::from_usize(piece_end, next.content_end));
            }
            continues = more;
            last_content_end = next.content_end;
        }
        let mut line = LogicalLine {
            text: String::with_capacity(pieces.iter().map(|(s, e)| e - s).sum()),
            start: pieces[0].0 as u32,
            pieces: Vec::new(),
        };
        if pieces.len() > 1 {
            line.pieces.reserve_exact(pieces.len());
            for &(start, end) in &pieces {
                line.pieces.push((line.text.len() as u32, start as u32));
                line.text.push_str(&self.text[start..end]);
            }
        } else {
            line.text.push_str(&self.text[pieces[0].0..pieces[0].1]);
        }
        self.pieces = pieces;

        let parsed = parse_line(&line, 0, line.text.len(), self.escape);
        self.out.errors.extend(parsed.errors);
        let mut instruction = Instruction {
            keyword: parsed.keyword,
            keyword_range: line.source_range(parsed.keyword_logical),
            keyword_logical: parsed.keyword_logical,
            range: TextRange::from_usize(keyword_start, last_content_end),
            flags: parsed.flags,
            args: parsed.args,
            args_range: line.source_range(parsed.args_logical),
            heredocs: Vec::new(),
            line: LogicalLine::default(),
            continuation_comments,
            empty_continuation_lines: empty_lines,
            continuations,
        };
        if can_contain_heredoc(&instruction) {
            let found = heredoc::find(&line.text);
            for word in found {
                let doc = self.heredoc_body(&line, word);
                instruction.range = TextRange::new(
                    instruction.range.start(),
                    instruction.range.end().max(doc.terminator.map_or(doc.body.end(), TextRange::end)),
                );
                instruction.heredocs.push(doc);
            }
        }
        // `ONBUILD` instructions (even the `ONBUILD ONBUILD` chains BuildKit rejects) share the
        // outer line and heredocs, so their logical ranges index the same text.
        let mut nested = match &mut instruction.args {
            Args::Onbuild(inner) => Some(inner),
            _ => None,
        };
        while let Some(inner) = nested {
            inner.heredocs.clone_from(&instruction.heredocs);
            inner.line = line.clone();
            nested = match &mut inner.args {
                Args::Onbuild(next) => Some(next),
                _ => None,
            };
        }
        instruction.line = line;
        let content = instruction.range;
        let index = self.out.instructions.len() as u32;
        self.out.instructions.push(instruction);
        self.push_item(ItemKind::Instruction(index), TextRange::from_usize(item_start, self.pos), content);
    }

    /// Reads a heredoc body from the current position up to its terminator.
    fn heredoc_body(&mut self, line: &LogicalLine, word: heredoc::HeredocWord) -> Heredoc {
        let word_range = line.source_range(TextRange::from_usize(word.start, word.end));
        let body_start = self.pos;
        while self.pos < self.text.len() {
            let next = self.line_at(self.pos);
            let mut candidate = &self.text[next.start..next.content_end];
            if word.chomp {
                candidate = candidate.trim_start_matches('\t');
            }
            if candidate == word.name {
                self.pos = next.end;
                return Heredoc {
                    word: word_range,
                    name: word.name,
                    fd: word.fd,
                    chomp: word.chomp,
                    expand: word.expand,
                    body: TextRange::from_usize(body_start, next.start),
                    terminator: Some(TextRange::from_usize(next.start, next.content_end)),
                };
            }
            self.pos = next.end;
        }
        let message = format!("unterminated heredoc: no line `{}` ends it before the end of the file", word.name);
        self.error(SyntaxErrorKind::UnterminatedHeredoc, word_range, message);
        Heredoc {
            word: word_range,
            name: word.name,
            fd: word.fd,
            chomp: word.chomp,
            expand: word.expand,
            body: TextRange::from_usize(body_start, self.text.len()),
            terminator: None,
        }
    }
}

fn memchr_newline(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == b'\n')
}

/// BuildKit: RUN, COPY and ADD (also under ONBUILD), not in JSON form.
fn can_contain_heredoc(instruction: &Instruction) -> bool {
    let target = instruction.onbuild().unwrap_or(instruction);
    target.keyword.allows_heredoc() && !target.is_exec_form()
}

/// Matches `^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$` and returns the name and value ranges.
fn match_directive(line: &str) -> Option<(TextRange, TextRange)> {
    let is_space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\x0c' | b'\r');
    let bytes = line.as_bytes();
    if bytes.first() != Some(&b'#') {
        return None;
    }
    let mut i = 1;
    while i < bytes.len() && is_space(bytes[i]) {
        i += 1;
    }
    let name_start = i;
    if !bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
        i += 1;
    }
    let name_end = i;
    while i < bytes.len() && is_space(bytes[i]) {
        i += 1;
    }
    if bytes.get(i) != Some(&b'=') {
        return None;
    }
    i += 1;
    while i < bytes.len() && is_space(bytes[i]) {
        i += 1;
    }
    let mut end = bytes.len();
    while end > i && is_space(bytes[end - 1]) {
        end -= 1;
    }
    if end == i {
        return None;
    }
    Some((TextRange::from_usize(name_start, name_end), TextRange::from_usize(i, end)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::Keyword;

    #[test]
    fn keywords_parse_in_any_case() {
        for keyword in Keyword::ALL {
            assert_eq!(Keyword::parse(keyword.as_str()), keyword);
            assert_eq!(Keyword::parse(&keyword.as_str().to_ascii_lowercase()), keyword);
        }
        assert_eq!(Keyword::parse("COPYX"), Keyword::Unknown);
        assert_eq!(Keyword::parse(""), Keyword::Unknown);
    }

    #[test]
    fn trims_like_str_trim() {
        for s in ["", "  ", " a ", "\t\x0b\x0c a\r\n", "\u{a0} a \u{3000}", "\u{a0}", " \u{2028}x\u{85} ", "é "] {
            assert_eq!(crate::line::trim_start(s), s.trim_start(), "{s:?}");
            assert_eq!(crate::line::trim_end(s), s.trim_end(), "{s:?}");
        }
    }

    #[test]
    fn onbuild_chains_share_the_outer_line() {
        // Found by `cargo fuzz run parse`: BuildKit rejects `ONBUILD ONBUILD`, but the innermost
        // instruction's logical ranges must still index its line.
        let text = "FROM a\nONBUILD ONBUILD COPY a b\n";
        let file = parse(text);
        let mut ins = &file.instructions()[1];
        let mut depth = 0;
        while let Some(inner) = ins.onbuild() {
            assert_eq!(inner.line.text(), "ONBUILD ONBUILD COPY a b");
            ins = inner;
            depth += 1;
        }
        assert_eq!((depth, ins.keyword), (2, Keyword::Copy));
        let Args::Words(words) = &ins.args else { panic!("{:?}", ins.args) };
        let logical: Vec<&str> = words.iter().map(|w| &ins.line.text()[w.logical]).collect();
        assert_eq!(logical, ["a", "b"]);
    }

    #[test]
    fn directive_regex() {
        let (name, value) = match_directive("#  escape =  `  ").unwrap();
        assert_eq!((name, value), (TextRange::new(3, 9), TextRange::new(13, 14)));
        assert!(match_directive("# escape=").is_none());
        assert!(match_directive("# 1x=y").is_none());
        assert!(match_directive("#!/bin/sh").is_none());
    }

    #[test]
    fn items_partition_the_text() {
        let text = "\u{feff}# syntax=x\n\n# c\nFROM a \\\n  # inner\n\n  AS b\r\nRUN <<EOF\nbody\nEOF\n  \nCMD x";
        let file = parse(text);
        assert_eq!(file.print(), text);
        let mut at = 0;
        for item in file.items() {
            assert_eq!(item.range.start(), at);
            at = item.range.end();
        }
        assert_eq!(at as usize, text.len());
        let from = &file.instructions()[0];
        assert_eq!(from.keyword, Keyword::From);
        assert_eq!(from.line.text(), "FROM a   AS b");
        assert_eq!(from.empty_continuation_lines.len(), 1);
        assert_eq!(from.continuation_comments.len(), 1);
        let run = &file.instructions()[1];
        assert_eq!(file.slice(run.heredocs[0].body), "body\n");
        assert_eq!(file.slice(run.range), "RUN <<EOF\nbody\nEOF");
    }

    #[test]
    fn escape_directive_changes_continuation() {
        let file = parse("# escape=`\nFROM a\nRUN dir C:\\ `\n  /w\n");
        assert_eq!(file.escape(), '`');
        assert_eq!(file.instructions()[1].line.text(), "RUN dir C:\\   /w");
    }

    #[test]
    fn directives_stop_at_the_first_other_line() {
        let file = parse("# hello\n# escape=`\nFROM a\n");
        assert!(file.directives().is_empty());
        assert_eq!(file.escape(), '\\');
        let file = parse("# syntax=a\n# syntax=b\nFROM a\n");
        assert_eq!(file.errors()[0].kind, SyntaxErrorKind::DuplicateDirective);
    }

    #[test]
    fn unterminated_heredoc_runs_to_the_end() {
        let file = parse("FROM a\nRUN <<EOF\necho\n");
        assert_eq!(file.errors()[0].kind, SyntaxErrorKind::UnterminatedHeredoc);
        assert_eq!(file.print(), "FROM a\nRUN <<EOF\necho\n");
    }
}
