//! Parsing one logical line into keyword, flags and arguments, with the
//! per-keyword argument rules of BuildKit's `line_parsers.go`.

use crate::ast::{
    Args, ExecForm, Flag, FlagValue, Healthcheck, Instruction, JsonString, KeyValue, Keyword, LogicalLine, SyntaxError,
    SyntaxErrorKind, Word,
};
use crate::json::{self, JsonArray};
use crate::text::TextRange;

/// What one logical line holds, in logical offsets except for the errors.
pub(crate) struct ParsedLine {
    pub(crate) keyword: Keyword,
    pub(crate) keyword_logical: TextRange,
    pub(crate) flags: Vec<Flag>,
    pub(crate) args: Args,
    pub(crate) args_logical: TextRange,
    pub(crate) errors: Vec<SyntaxError>,
}

/// The whitespace of BuildKit's `[\t\v\f\r ]+` splitting regex.
fn is_token_ws(b: u8) -> bool {
    matches!(b, b'\t' | b'\x0b' | b'\x0c' | b'\r' | b' ')
}

/// `str::trim_start`, skipping ASCII whitespace byte by byte and leaving only the rare non-ASCII
/// case to the Unicode-aware method.
pub(crate) fn trim_start(s: &str) -> &str {
    let skip =
        s.bytes().position(|b| !matches!(b, b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r' | b' ')).unwrap_or(s.len());
    let rest = &s[skip..];
    if rest.as_bytes().first().is_some_and(|&b| b >= 0x80) { rest.trim_start() } else { rest }
}

/// `str::trim_end`, the same way as [`trim_start`].
pub(crate) fn trim_end(s: &str) -> &str {
    let keep =
        s.bytes().rposition(|b| !matches!(b, b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r' | b' ')).map_or(0, |i| i + 1);
    let rest = &s[..keep];
    if rest.as_bytes().last().is_some_and(|&b| b >= 0x80) { rest.trim_end() } else { rest }
}

/// The character at byte `pos` (a space at the end), without decoding UTF-8 for ASCII.
fn char_at(text: &str, pos: usize) -> char {
    match text.as_bytes().get(pos) {
        Some(&b) if b < 0x80 => b as char,
        Some(_) => text[pos..].chars().next().unwrap_or(' '),
        None => ' ',
    }
}

fn trim_range(text: &str, start: usize, end: usize) -> (usize, usize) {
    let s = &text[start..end];
    let trimmed_start = trim_start(s);
    let new_start = end - trimmed_start.len();
    let new_end = new_start + trim_end(trimmed_start).len();
    (new_start, new_end)
}

struct LineParser<'a> {
    line: &'a LogicalLine,
    text: &'a str,
    escape: char,
    errors: Vec<SyntaxError>,
}

/// Parses `line.text[start..end]` as one instruction.
pub(crate) fn parse_line(line: &LogicalLine, start: usize, end: usize, escape: char) -> ParsedLine {
    let mut parser = LineParser { line, text: &line.text, escape, errors: Vec::new() };
    let (keyword, keyword_logical, flags, args, args_logical) = parser.instruction(start, end);
    ParsedLine { keyword, keyword_logical, flags, args, args_logical, errors: parser.errors }
}

impl LineParser<'_> {
    fn word(&self, start: usize, end: usize) -> Word {
        let logical = TextRange::from_usize(start, end);
        Word { range: self.line.source_range(logical), logical }
    }

    fn error(&mut self, kind: SyntaxErrorKind, logical: TextRange, message: String) {
        let range = self.line.source_range(logical);
        self.errors.push(SyntaxError { kind, range, message });
    }

    fn instruction(&mut self, start: usize, end: usize) -> (Keyword, TextRange, Vec<Flag>, Args, TextRange) {
        let bytes = self.text.as_bytes();
        let (start, end) = trim_range(self.text, start, end);
        let mut i = start;
        while i < end && !is_token_ws(bytes[i]) {
            i += 1;
        }
        let keyword_logical = TextRange::from_usize(start, i);
        let keyword = Keyword::parse(&self.text[start..i]);
        while i < end && is_token_ws(bytes[i]) {
            i += 1;
        }
        let (flags, args_start) = if i < end { self.flags(i, end) } else { (Vec::new(), end) };
        let (args_start, args_end) = trim_range(self.text, args_start, end);
        let args_logical = TextRange::from_usize(args_start, args_end);
        let args = self.args(keyword, args_start, args_end);
        (keyword, keyword_logical, flags, args, args_logical)
    }

    /// BuildKit's `extractBuilderFlags`: leading words that start with `--`.
    fn flags(&mut self, start: usize, end: usize) -> (Vec<Flag>, usize) {
        let bytes = self.text.as_bytes();
        let mut flags = Vec::new();
        let mut pos = start;
        loop {
            while pos < end && matches!(bytes[pos], b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r') {
                pos += 1;
            }
            if pos >= end || !(bytes[pos] == b'-' && pos + 1 < end && bytes[pos + 1] == b'-') {
                return (flags, pos);
            }
            let word_start = pos;
            // Most flags have no quotes or backslashes: then the value is the word as written.
            let plain_end =
                bytes[pos..end].iter().position(|&b| b.is_ascii_whitespace() || b == b'\x0b').map_or(end, |n| pos + n);
            let plain = !bytes[pos..plain_end].iter().any(|&b| matches!(b, b'\'' | b'"' | b'\\'));
            let mut decoded = String::new();
            let mut quote: Option<char> = None;
            let mut blank_ok = false;
            let mut eq_raw: Option<(usize, usize)> = None;
            if plain {
                eq_raw = bytes[pos..plain_end].iter().position(|&b| b == b'=').map(|n| (pos + n, n));
                pos = plain_end;
            }
            while !plain && pos < end {
                let ch = char_at(self.text, pos);
                let width = ch.len_utf8();
                match quote {
                    None if ch.is_ascii_whitespace() || ch == '\x0b' => break,
                    None if ch == '\'' || ch == '"' => {
                        quote = Some(ch);
                        blank_ok = true;
                        pos += width;
                        continue;
                    }
                    Some(q) if ch == q => {
                        quote = None;
                        pos += width;
                        continue;
                    }
                    _ => {}
                }
                if ch == '\\' {
                    pos += width;
                    if pos >= end {
                        quote = None;
                        continue;
                    }
                    let next = char_at(self.text, pos);
                    decoded.push(next);
                    pos += next.len_utf8();
                    continue;
                }
                if ch == '=' && eq_raw.is_none() && quote.is_none() {
                    eq_raw = Some((pos, decoded.len()));
                }
                decoded.push(ch);
                pos += width;
            }
            let decoded = if plain { &self.text[word_start..pos] } else { decoded.as_str() };
            if decoded == "--" {
                return (flags, pos);
            }
            if !blank_ok && decoded.is_empty() {
                continue;
            }
            let logical = TextRange::from_usize(word_start, pos);
            let name_start = word_start + 2;
            let (name, name_end, value) = match eq_raw {
                Some((raw_eq, decoded_eq)) => {
                    let value_logical = TextRange::from_usize(raw_eq + 1, pos);
                    let value = FlagValue {
                        text: decoded[decoded_eq + 1..].to_owned(),
                        range: self.line.source_range(value_logical),
                        logical: value_logical,
                    };
                    (decoded[2.min(decoded_eq)..decoded_eq].to_owned(), raw_eq, Some(value))
                }
                None => (decoded.get(2..).unwrap_or_default().to_owned(), pos, None),
            };
            flags.push(Flag {
                range: self.line.source_range(logical),
                logical,
                name,
                name_range: self.line.source_range(TextRange::from_usize(name_start.min(name_end), name_end)),
                value,
            });
        }
    }

    fn args(&mut self, keyword: Keyword, start: usize, end: usize) -> Args {
        match keyword {
            Keyword::From | Keyword::Expose | Keyword::Unknown => self.whitespace_words(start, end),
            Keyword::Add | Keyword::Copy | Keyword::Volume => match self.json(start, end) {
                Some(exec) => Args::Exec(exec),
                None => self.whitespace_words(start, end),
            },
            Keyword::Arg => match self.quoted_words(start, end) {
                words if words.is_empty() => Args::Empty,
                words => Args::Words(words),
            },
            Keyword::Cmd | Keyword::Entrypoint | Keyword::Run | Keyword::Shell => self.maybe_json(start, end),
            Keyword::Env | Keyword::Label => self.key_values(keyword, start, end),
            Keyword::Healthcheck => self.healthcheck(start, end),
            Keyword::Maintainer | Keyword::Stopsignal | Keyword::User | Keyword::Workdir => {
                if start == end {
                    Args::Empty
                } else {
                    Args::Shell(self.word(start, end))
                }
            }
            Keyword::Onbuild => {
                if start == end {
                    return Args::Empty;
                }
                let (keyword, keyword_logical, flags, args, args_logical) = self.instruction(start, end);
                Args::Onbuild(Box::new(Instruction {
                    keyword,
                    keyword_range: self.line.source_range(keyword_logical),
                    keyword_logical,
                    range: self.line.source_range(TextRange::from_usize(start, end)),
                    flags,
                    args,
                    args_range: self.line.source_range(args_logical),
                    heredocs: Vec::new(),
                    line: LogicalLine::default(),
                    continuation_comments: Vec::new(),
                    empty_continuation_lines: Vec::new(),
                    continuations: Vec::new(),
                }))
            }
        }
    }

    /// `parseMaybeJSON`: a JSON array of strings, or else the whole text as one string.
    fn maybe_json(&mut self, start: usize, end: usize) -> Args {
        if start == end {
            return Args::Empty;
        }
        match self.json(start, end) {
            Some(exec) => Args::Exec(exec),
            None => Args::Shell(self.word(start, end)),
        }
    }

    /// `parseJSON`: `Some` for an array of strings. Reports arrays with other elements.
    fn json(&mut self, start: usize, end: usize) -> Option<ExecForm> {
        if !self.text[start..end].starts_with('[') {
            return None;
        }
        match json::read_array(&self.text[start..end]) {
            JsonArray::Invalid => None,
            JsonArray::NotStrings => {
                let message = "when using JSON array syntax, arrays must be comprised of strings only".to_owned();
                self.error(SyntaxErrorKind::JsonNotStringArray, TextRange::from_usize(start, end), message);
                None
            }
            JsonArray::Strings { end: array_end, elements } => {
                let logical = TextRange::from_usize(start, start + array_end);
                let elements = elements
                    .into_iter()
                    .map(|(s, e, value)| {
                        let logical = TextRange::from_usize(start + s, start + e);
                        JsonString { range: self.line.source_range(logical), logical, value }
                    })
                    .collect();
                let (trail_start, trail_end) = trim_range(self.text, start + array_end, end);
                let trailing = (trail_start < trail_end)
                    .then(|| self.line.source_range(TextRange::from_usize(trail_start, trail_end)));
                Some(ExecForm { range: self.line.source_range(logical), logical, elements, trailing })
            }
        }
    }

    /// `parseStringsWhitespaceDelimited`.
    fn whitespace_words(&self, start: usize, end: usize) -> Args {
        if start == end {
            return Args::Empty;
        }
        let bytes = self.text.as_bytes();
        let mut words = Vec::new();
        let mut i = start;
        while i < end {
            while i < end && is_token_ws(bytes[i]) {
                i += 1;
            }
            let word_start = i;
            while i < end && !is_token_ws(bytes[i]) {
                i += 1;
            }
            if i > word_start {
                words.push(self.word(word_start, i));
            }
        }
        Args::Words(words)
    }

    /// `parseWords`: words split on whitespace outside quotes, quotes and escapes kept.
    fn quoted_words(&self, start: usize, end: usize) -> Vec<Word> {
        #[derive(PartialEq)]
        enum Phase {
            Spaces,
            Word,
            Quote,
        }
        let mut words = Vec::new();
        let mut phase = Phase::Spaces;
        let mut word_start = start;
        let mut word_end = start;
        let mut nonempty = false;
        let mut blank_ok = false;
        let mut quote = '\0';
        let mut pos = start;
        let char_at = |pos: usize| char_at(self.text, pos);
        loop {
            let at_end = pos >= end;
            if phase == Phase::Spaces {
                if at_end {
                    break;
                }
                let ch = char_at(pos);
                if ch.is_whitespace() {
                    pos += ch.len_utf8();
                    continue;
                }
                phase = Phase::Word;
                word_start = pos;
                word_end = pos;
                nonempty = false;
            }
            if at_end {
                if blank_ok || nonempty {
                    words.push(self.word(word_start, word_end));
                }
                break;
            }
            let ch = char_at(pos);
            let width = ch.len_utf8();
            if phase == Phase::Word {
                if ch.is_whitespace() {
                    phase = Phase::Spaces;
                    if blank_ok || nonempty {
                        words.push(self.word(word_start, word_end));
                    }
                    blank_ok = false;
                    pos += width;
                    continue;
                }
                if ch == '\'' || ch == '"' {
                    quote = ch;
                    blank_ok = true;
                    phase = Phase::Quote;
                } else if ch == self.escape {
                    if pos + width >= end {
                        pos += width;
                        continue;
                    }
                    pos += width + char_at(pos + width).len_utf8();
                    word_end = pos;
                    nonempty = true;
                    continue;
                }
                pos += width;
                word_end = pos;
                nonempty = true;
                continue;
            }
            if ch == quote {
                phase = Phase::Word;
            } else if ch == self.escape && quote != '\'' {
                if pos + width >= end {
                    phase = Phase::Word;
                    pos += width;
                    continue;
                }
                pos += width + char_at(pos + width).len_utf8();
                word_end = pos;
                nonempty = true;
                continue;
            }
            pos += width;
            word_end = pos;
            nonempty = true;
        }
        words
    }

    /// `parseNameVal` for `ENV` and `LABEL`.
    fn key_values(&mut self, keyword: Keyword, start: usize, end: usize) -> Args {
        let words = self.quoted_words(start, end);
        let Some(first) = words.first() else {
            return Args::Empty;
        };
        if !self.text[first.logical].contains('=') {
            let bytes = self.text.as_bytes();
            let mut key_end = start;
            while key_end < end && !is_token_ws(bytes[key_end]) {
                key_end += 1;
            }
            let mut value_start = key_end;
            while value_start < end && is_token_ws(bytes[value_start]) {
                value_start += 1;
            }
            let key = self.word(start, key_end);
            if value_start >= end {
                let message =
                    format!("{keyword} must have two arguments: `{keyword} key value` or `{keyword} key=value`");
                self.error(SyntaxErrorKind::MissingValue, TextRange::from_usize(start, end), message);
            }
            let value = self.word(value_start.min(end), end);
            let range = self.line.source_range(TextRange::from_usize(start, end));
            return Args::KeyValues(vec![KeyValue { range, key, value, equals: false }]);
        }
        let mut pairs = Vec::with_capacity(words.len());
        let mut reported = false;
        for word in words {
            let text = &self.text[word.logical];
            let Some(eq) = text.find('=') else {
                if !reported {
                    reported = true;
                    let hint = if self.line.is_multiline() {
                        "; did a line continuation join the next line into this instruction?"
                    } else {
                        ""
                    };
                    let message = format!("can't find = in \"{text}\": every {keyword} word must be name=value{hint}");
                    self.error(SyntaxErrorKind::MissingEquals, word.logical, message);
                }
                continue;
            };
            let eq = word.logical.start() as usize + eq;
            let key = self.word(word.logical.start() as usize, eq);
            let value = self.word(eq + 1, word.logical.end() as usize);
            pairs.push(KeyValue { range: word.range, key, value, equals: true });
        }
        Args::KeyValues(pairs)
    }

    /// `parseHealthConfig`: a type word (`CMD`, `NONE`), then `parseMaybeJSON`.
    fn healthcheck(&mut self, start: usize, end: usize) -> Args {
        if start == end {
            return Args::Empty;
        }
        let bytes = self.text.as_bytes();
        let mut sep = start;
        while sep < end && !bytes[sep].is_ascii_whitespace() && bytes[sep] != b'\x0b' {
            sep += 1;
        }
        let mut next = sep;
        while next < end && (bytes[next].is_ascii_whitespace() || bytes[next] == b'\x0b') {
            next += 1;
        }
        let kind = self.word(start, sep);
        let cmd = self.maybe_json(next, end);
        Args::Healthcheck(Healthcheck { kind, cmd: Box::new(cmd) })
    }
}
