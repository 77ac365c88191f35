//! The byte-level half of the parser: blanks, comments, words with their quoting and
//! expansions, and redirection operators.
//!
//! Every special byte is ASCII, so every range this lexer cuts starts and ends on a
//! character boundary. Lookahead past the end reads as `0` through [`Parser::byte`],
//! and every loop advances by at least one byte.

use std::borrow::Cow;

use distrolint_syntax::TextRange;

use super::parser::{MAX_DEPTH, Parser};
use super::word::{BRACE, EXPANSION, GLOB, Heredoc, OPAQUE, QUOTED, Redirect, RedirectKind, TILDE, ValueBuilder, Word};

/// Space, tab and carriage return.
const BLANK: u8 = 1;
/// Ends an unquoted word: blanks, newline and `; & | < > ( )`.
const META: u8 = 2;
/// Needs attention inside an unquoted word.
const SPECIAL: u8 = 4;
/// Needs attention inside double quotes.
const DQ_SPECIAL: u8 = 8;

static CLASS: [u8; 256] = classes();

const fn classes() -> [u8; 256] {
    let mut table = [0u8; 256];
    let blanks = b" \t\r";
    let mut i = 0;
    while i < blanks.len() {
        table[blanks[i] as usize] = BLANK | META | SPECIAL;
        i += 1;
    }
    let metas = b"\n;&|<>()";
    i = 0;
    while i < metas.len() {
        table[metas[i] as usize] = META | SPECIAL;
        i += 1;
    }
    let specials = b"'\"\\$`*?[]{},";
    i = 0;
    while i < specials.len() {
        table[specials[i] as usize] |= SPECIAL;
        i += 1;
    }
    let dq = b"\"\\$`";
    i = 0;
    while i < dq.len() {
        table[dq[i] as usize] |= DQ_SPECIAL;
        i += 1;
    }
    table
}

/// Whether `b` ends an unquoted word.
#[inline]
pub(super) fn is_meta(b: u8) -> bool {
    CLASS[b as usize] & META != 0
}

impl<'a> Parser<'a> {
    /// The byte at `i`, or `0` at or past the end of the current region.
    #[inline]
    pub(super) fn byte(&self, i: usize) -> u8 {
        if i < self.end { self.bytes[i] } else { 0 }
    }

    /// The length of a line continuation (`\` and a line break) at `pos`, if there is one.
    #[inline]
    fn continuation_len(&self, pos: usize) -> Option<usize> {
        if self.byte(pos) != b'\\' {
            return None;
        }
        match self.byte(pos + 1) {
            b'\n' => Some(2),
            b'\r' if self.byte(pos + 2) == b'\n' => Some(3),
            _ => None,
        }
    }

    /// Skips blanks, line continuations and a comment up to (not over) the line break.
    pub(super) fn skip_blanks(&mut self) {
        let (bytes, end) = (self.bytes, self.end);
        let mut pos = self.pos;
        loop {
            while pos < end && CLASS[bytes[pos] as usize] & BLANK != 0 {
                pos += 1;
            }
            if pos >= end {
                break;
            }
            if bytes[pos] == b'#' {
                pos = find_byte(&bytes[pos..end], b'\n').map_or(end, |i| pos + i);
                break;
            }
            match self.continuation_len(pos) {
                Some(n) => pos += n,
                None => break,
            }
        }
        self.pos = pos;
    }

    /// Skips blanks and line continuations, but not comments.
    fn skip_inline_blanks(&mut self) {
        loop {
            while self.pos < self.end && CLASS[self.bytes[self.pos] as usize] & BLANK != 0 {
                self.pos += 1;
            }
            match self.continuation_len(self.pos) {
                Some(n) => self.pos += n,
                None => break,
            }
        }
    }

    /// The index of the next `needle` at or after `from`, or the end of the region.
    fn find(&self, needle: u8, from: usize) -> usize {
        let hay = self.bytes.get(from..self.end).unwrap_or_default();
        find_byte(hay, needle).map_or(self.end, |i| from + i)
    }

    /// Lexes one word at the current position. At a word-ending byte it returns an
    /// empty word without moving.
    pub(super) fn lex_word(&mut self) -> Word<'a> {
        // The common case first: a plain word that a blank or an operator ends.
        let start = self.pos;
        let hay = self.bytes.get(start..self.end).unwrap_or_default();
        let len = hay.iter().position(|&b| CLASS[b as usize] & SPECIAL != 0).unwrap_or(hay.len());
        let plain = match hay.get(len) {
            None => len > 0,
            Some(&stop) => len > 0 && stop != b'(' && is_meta(stop),
        };
        if plain && hay[0] != b'~' {
            self.pos = start + len;
            let raw = &self.src[start..self.pos];
            return Word {
                range: TextRange::from_usize(start, self.pos),
                raw,
                value: Some(Cow::Borrowed(raw)),
                flags: 0,
            };
        }
        self.lex_word_in(false, len)
    }

    /// Lexes the regular expression after `=~` in `[[ ... ]]`, where parentheses, `|`,
    /// `<`, `>` and `&` are part of the word.
    pub(super) fn lex_regex_word(&mut self) -> Word<'a> {
        self.lex_word_in(true, 0)
    }

    /// Lexes a word whose first `plain` bytes are known to need no attention.
    fn lex_word_in(&mut self, regex: bool, plain: usize) -> Word<'a> {
        let start = self.pos;
        let mut v = ValueBuilder::new(self.src);
        let mut flags = 0u8;
        let mut seg = start;
        let mut bracket = false;
        let mut brace_open: Option<usize> = None;
        let mut brace_list = false;
        match self.byte(start) {
            b'~' => {
                flags |= TILDE;
                self.pos = start + plain;
            }
            b'<' | b'>' if self.byte(start + 1) == b'(' => {
                // A process substitution: `<(cmd)` or `>(cmd)`.
                flags |= EXPANSION;
                v.forget();
                self.pos = start + 2;
                self.parse_substitution();
                seg = self.pos;
            }
            _ => self.pos = start + plain,
        }
        let (bytes, end) = (self.bytes, self.end);
        loop {
            let mut pos = self.pos;
            while pos < end && CLASS[bytes[pos] as usize] & SPECIAL == 0 {
                pos += 1;
            }
            self.pos = pos;
            if pos >= end {
                break;
            }
            match bytes[pos] {
                b'\'' => {
                    v.slice(seg, pos);
                    flags |= QUOTED;
                    let close = self.find(b'\'', pos + 1);
                    v.slice(pos + 1, close);
                    self.pos = (close + 1).min(end);
                    seg = self.pos;
                }
                b'"' => {
                    v.slice(seg, pos);
                    flags |= QUOTED;
                    self.pos = pos + 1;
                    self.lex_double_quoted(&mut v, &mut flags);
                    seg = self.pos;
                }
                b'\\' => {
                    v.slice(seg, pos);
                    flags |= QUOTED;
                    if let Some(n) = self.continuation_len(pos) {
                        self.pos = pos + n;
                        seg = self.pos;
                    } else if pos + 1 >= end {
                        // A backslash at the very end stays literal.
                        seg = pos;
                        self.pos = end;
                    } else {
                        // The escaped character starts the next segment. If it is the
                        // lead byte of a multi-byte character, the fast scan above
                        // passes over its continuation bytes.
                        seg = pos + 1;
                        self.pos = pos + 2;
                    }
                }
                b'$' => self.lex_dollar(&mut v, &mut flags, &mut seg, false),
                b'`' => {
                    v.slice(seg, pos);
                    v.forget();
                    flags |= EXPANSION;
                    self.lex_backtick();
                    seg = self.pos;
                }
                b'*' | b'?' => {
                    flags |= GLOB;
                    self.pos = pos + 1;
                }
                b'[' => {
                    bracket = true;
                    self.pos = pos + 1;
                }
                b']' => {
                    if bracket {
                        flags |= GLOB;
                    }
                    self.pos = pos + 1;
                }
                b'{' => {
                    brace_open = Some(pos);
                    brace_list = false;
                    self.pos = pos + 1;
                }
                b',' => {
                    brace_list |= brace_open.is_some();
                    self.pos = pos + 1;
                }
                b'}' => {
                    if let Some(open) = brace_open.take() {
                        if brace_list || self.src[open + 1..pos].contains("..") {
                            flags |= BRACE;
                        }
                    }
                    self.pos = pos + 1;
                }
                b'(' if pos > 0 && bytes[pos - 1] == b'=' => {
                    // An array value: `a=(x y)`, also after `declare`.
                    v.forget();
                    flags |= OPAQUE;
                    self.lex_array();
                    seg = self.pos;
                }
                b'(' if pos > start && matches!(bytes[pos - 1], b'!' | b'@' | b'+' | b'*' | b'?') => {
                    // An extended glob such as `@(a|b)`.
                    flags |= GLOB;
                    self.pos = self.skip_parens(pos);
                }
                b'(' | b')' | b'|' | b'<' | b'>' | b'&' if regex => self.pos = pos + 1,
                _ => break,
            }
        }
        v.slice(seg, self.pos);
        Word {
            range: TextRange::from_usize(start, self.pos),
            raw: &self.src[start..self.pos],
            value: v.finish(),
            flags,
        }
    }

    /// Lexes the inside of `"..."` from just after the opening quote, and the closing quote.
    fn lex_double_quoted(&mut self, v: &mut ValueBuilder<'a>, flags: &mut u8) {
        let (bytes, end) = (self.bytes, self.end);
        let mut seg = self.pos;
        loop {
            let mut pos = self.pos;
            while pos < end && CLASS[bytes[pos] as usize] & DQ_SPECIAL == 0 {
                pos += 1;
            }
            self.pos = pos;
            if pos >= end {
                v.slice(seg, pos);
                return;
            }
            match bytes[pos] {
                b'"' => {
                    v.slice(seg, pos);
                    self.pos = pos + 1;
                    return;
                }
                b'\\' => {
                    if let Some(n) = self.continuation_len(pos) {
                        v.slice(seg, pos);
                        self.pos = pos + n;
                        seg = self.pos;
                    } else if matches!(self.byte(pos + 1), b'$' | b'`' | b'"' | b'\\') {
                        v.slice(seg, pos);
                        seg = pos + 1;
                        self.pos = pos + 2;
                    } else {
                        // Before any other character the backslash is literal.
                        self.pos = pos + 1;
                    }
                }
                b'$' => self.lex_dollar(v, flags, &mut seg, true),
                _ => {
                    v.slice(seg, pos);
                    v.forget();
                    *flags |= EXPANSION;
                    self.lex_backtick();
                    seg = self.pos;
                }
            }
        }
    }

    /// Lexes what starts with `$` at the current position. A `$` that starts nothing
    /// stays in the current segment as a literal character.
    fn lex_dollar(&mut self, v: &mut ValueBuilder<'a>, flags: &mut u8, seg: &mut usize, in_dq: bool) {
        let pos = self.pos;
        let next = self.byte(pos + 1);
        let expansion = matches!(next, b'(' | b'{' | b'a'..=b'z' | b'A'..=b'Z' | b'_' | b'0'..=b'9')
            || matches!(next, b'@' | b'*' | b'#' | b'?' | b'-' | b'$' | b'!');
        if expansion {
            v.slice(*seg, pos);
            v.forget();
            *flags |= EXPANSION;
        }
        match next {
            b'(' => {
                if self.byte(pos + 2) == b'(' {
                    if let Some(end) = self.arith_end(pos + 1) {
                        self.pos = end;
                        *seg = end;
                        return;
                    }
                }
                self.pos = pos + 2;
                self.parse_substitution();
            }
            b'{' => {
                self.pos = pos + 2;
                self.lex_param(in_dq);
            }
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                let mut i = pos + 2;
                while i < self.end && (self.bytes[i].is_ascii_alphanumeric() || self.bytes[i] == b'_') {
                    i += 1;
                }
                self.pos = i;
            }
            _ if expansion => self.pos = pos + 2,
            b'\'' if !in_dq => {
                v.slice(*seg, pos);
                *flags |= QUOTED;
                self.pos = pos + 2;
                self.lex_ansi_c(v, flags);
            }
            b'"' if !in_dq => {
                v.slice(*seg, pos);
                *flags |= QUOTED;
                self.pos = pos + 2;
                self.lex_double_quoted(v, flags);
            }
            _ => {
                self.pos = pos + 1;
                return;
            }
        }
        *seg = self.pos;
    }

    /// Skips the inside of `${...}` from just after the brace, finding the commands in
    /// nested substitutions.
    fn lex_param(&mut self, in_dq: bool) {
        if self.depth >= MAX_DEPTH {
            self.pos = self.skip_braces(self.pos);
            return;
        }
        self.depth += 1;
        let mut sink = ValueBuilder::unknown(self.src);
        let mut flags = 0;
        let mut seg = 0;
        while self.pos < self.end {
            let pos = self.pos;
            match self.bytes[pos] {
                b'}' => {
                    self.pos = pos + 1;
                    break;
                }
                b'\\' => self.pos = (pos + 2).min(self.end),
                b'\'' if !in_dq => self.pos = (self.find(b'\'', pos + 1) + 1).min(self.end),
                b'"' => {
                    self.pos = pos + 1;
                    self.lex_double_quoted(&mut sink, &mut flags);
                }
                b'$' => self.lex_dollar(&mut sink, &mut flags, &mut seg, in_dq),
                b'`' => self.lex_backtick(),
                _ => self.pos = pos + 1,
            }
        }
        self.depth -= 1;
    }

    /// Lexes the inside of `$'...'` from just after the quote, decoding its escapes.
    fn lex_ansi_c(&mut self, v: &mut ValueBuilder<'a>, flags: &mut u8) {
        let (bytes, end) = (self.bytes, self.end);
        let mut seg = self.pos;
        loop {
            let mut pos = self.pos;
            while pos < end && bytes[pos] != b'\'' && bytes[pos] != b'\\' {
                pos += 1;
            }
            v.slice(seg, pos);
            if pos >= end {
                self.pos = end;
                return;
            }
            if bytes[pos] == b'\'' {
                self.pos = pos + 1;
                return;
            }
            if pos + 1 >= end {
                v.push('\\');
                self.pos = end;
                return;
            }
            let simple = match bytes[pos + 1] {
                b'n' => Some('\n'),
                b't' => Some('\t'),
                b'r' => Some('\r'),
                b'a' => Some('\x07'),
                b'b' => Some('\x08'),
                b'e' | b'E' => Some('\x1b'),
                b'f' => Some('\x0c'),
                b'v' => Some('\x0b'),
                b'\\' => Some('\\'),
                b'\'' => Some('\''),
                b'"' => Some('"'),
                b'?' => Some('?'),
                _ => None,
            };
            if let Some(c) = simple {
                v.push(c);
                self.pos = pos + 2;
                seg = self.pos;
                continue;
            }
            let (radix, max, first) = match bytes[pos + 1] {
                b'x' => (16, 2, pos + 2),
                b'u' => (16, 4, pos + 2),
                b'U' => (16, 8, pos + 2),
                b'0'..=b'7' => (8, 3, pos + 1),
                b'c' => {
                    // A control character: rare enough to give up on the value.
                    v.forget();
                    *flags |= OPAQUE;
                    self.pos = (pos + 3).min(end);
                    seg = self.pos;
                    continue;
                }
                _ => {
                    // An unknown escape keeps its backslash.
                    seg = pos;
                    self.pos = pos + 1;
                    continue;
                }
            };
            let mut i = first;
            let mut code: u32 = 0;
            while i < end && i - first < max && (bytes[i] as char).is_digit(radix) {
                code = code * radix + (bytes[i] as char).to_digit(radix).unwrap_or(0);
                i += 1;
            }
            let byte_escape = matches!(bytes[pos + 1], b'x' | b'0'..=b'7');
            match char::from_u32(code) {
                _ if i == first => {
                    // `\x` without digits stays as written.
                    seg = pos;
                    self.pos = pos + 1;
                    continue;
                }
                Some(c) if code != 0 && (!byte_escape || code < 0x80) => v.push(c),
                _ => {
                    // NUL ends the string in bash, and bytes above 0x7f need not be UTF-8.
                    v.forget();
                    *flags |= OPAQUE;
                }
            }
            self.pos = i;
            seg = i;
        }
    }

    /// Lexes a backtick command substitution at the current position and the commands in it.
    pub(super) fn lex_backtick(&mut self) {
        let open = self.pos;
        let mut i = open + 1;
        while i < self.end {
            match self.bytes[i] {
                b'\\' => i += 2,
                b'`' => break,
                _ => i += 1,
            }
        }
        let close = i.min(self.end);
        if self.depth < MAX_DEPTH {
            let saved_end = self.end;
            self.end = close;
            self.pos = open + 1;
            self.depth += 1;
            self.subst_depth += 1;
            self.parse_list(super::parser::Close::End);
            self.subst_depth -= 1;
            self.depth -= 1;
            self.end = saved_end;
        }
        self.pos = (close + 1).min(self.end);
    }

    /// The end of `((...))` whose first parenthesis is at `open`, or `None` when the
    /// parentheses do not close as a pair (then it is a subshell in a subshell).
    pub(super) fn arith_end(&mut self, open: usize) -> Option<usize> {
        let mut depth = 0u32;
        let mut i = open;
        let limit = self.end.min(open.saturating_add(self.arith_budget));
        let result = loop {
            if i >= limit {
                break None;
            }
            match self.bytes[i] {
                b'(' => depth += 1,
                b')' => {
                    depth = depth.saturating_sub(1);
                    if depth <= 1 {
                        break (depth == 1 && self.byte(i + 1) == b')').then_some(i + 2);
                    }
                }
                b'\\' => i += 1,
                q @ (b'\'' | b'"') => i = self.find(q, i + 1),
                _ => {}
            }
            i += 1;
        };
        self.arith_budget = self.arith_budget.saturating_sub(i.min(self.end) - open);
        result
    }

    /// The position after the parenthesis that closes the one at `open`, skipping
    /// quotes; the end of the region when it never closes. Finds no commands.
    pub(super) fn skip_parens(&self, open: usize) -> usize {
        self.skip_balanced(open, b'(', b')')
    }

    /// Like [`Parser::skip_parens`], for the inside of `${` from just after the brace.
    fn skip_braces(&self, from: usize) -> usize {
        if from == 0 { from } else { self.skip_balanced(from - 1, b'{', b'}') }
    }

    fn skip_balanced(&self, open: usize, left: u8, right: u8) -> usize {
        let mut depth = 0u32;
        let mut i = open;
        while i < self.end {
            match self.bytes[i] {
                b if b == left => depth += 1,
                b if b == right => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return i + 1;
                    }
                }
                b'\\' => i += 1,
                q @ (b'\'' | b'"') => i = self.find(q, i + 1),
                _ => {}
            }
            i += 1;
        }
        self.end
    }

    /// Lexes an array value `(a b c)` from its opening parenthesis.
    fn lex_array(&mut self) {
        if self.depth >= MAX_DEPTH {
            self.pos = self.skip_parens(self.pos);
            return;
        }
        self.depth += 1;
        self.pos += 1;
        loop {
            self.skip_blanks();
            let Some(&b) = self.bytes.get(self.pos).filter(|_| self.pos < self.end) else { break };
            if b == b')' {
                self.pos += 1;
                break;
            }
            if is_meta(b) && !(matches!(b, b'<' | b'>') && self.byte(self.pos + 1) == b'(') {
                self.pos += 1;
                continue;
            }
            let before = self.pos;
            let _ = self.lex_word();
            if self.pos == before {
                self.pos += 1;
            }
        }
        self.depth -= 1;
    }

    /// Reads an `IO_NUMBER`: digits right before `<` or `>`. Returns the number and the
    /// operator's position.
    pub(super) fn io_number(&self) -> Option<(u32, usize)> {
        let mut i = self.pos;
        let mut fd: u32 = 0;
        while i < self.end && self.bytes[i].is_ascii_digit() {
            fd = fd.saturating_mul(10).saturating_add(u32::from(self.bytes[i] - b'0'));
            i += 1;
        }
        (i > self.pos && matches!(self.byte(i), b'<' | b'>')).then_some((fd, i))
    }

    /// Lexes a redirection whose operator is at the current position; `start` is where
    /// its file descriptor (if any) begins.
    pub(super) fn lex_redirect(&mut self, fd: Option<u32>, start: usize) -> Redirect<'a> {
        let p = self.pos;
        let (kind, len) = match (self.byte(p), self.byte(p + 1), self.byte(p + 2)) {
            (b'<', b'<', b'<') => (RedirectKind::HereString, 3),
            (b'<', b'<', b'-') => (RedirectKind::HeredocStrip, 3),
            (b'<', b'<', _) => (RedirectKind::Heredoc, 2),
            (b'<', b'&', _) => (RedirectKind::DupInput, 2),
            (b'<', b'>', _) => (RedirectKind::ReadWrite, 2),
            (b'<', ..) => (RedirectKind::Input, 1),
            (b'>', b'>', _) => (RedirectKind::Append, 2),
            (b'>', b'&', _) => (RedirectKind::DupOutput, 2),
            (b'>', b'|', _) => (RedirectKind::Clobber, 2),
            (b'&', b'>', b'>') => (RedirectKind::AppendAll, 3),
            (b'&', b'>', _) => (RedirectKind::OutputAll, 2),
            _ => (RedirectKind::Output, 1),
        };
        let op_end = (p + len).min(self.end);
        self.pos = op_end;
        self.skip_inline_blanks();
        let target = if self.pos >= self.end || is_meta(self.bytes[self.pos]) {
            self.pos = op_end;
            Word { range: TextRange::from_usize(op_end, op_end), raw: "", value: Some(Cow::Borrowed("")), flags: 0 }
        } else {
            self.lex_word()
        };
        let heredoc = kind.is_heredoc().then(|| {
            let quoted = target.raw.contains(['\'', '"', '\\']);
            Heredoc {
                delimiter: unquote_delimiter(target.raw),
                quoted,
                body: TextRange::from_usize(self.bytes.len(), self.bytes.len()),
                terminator: None,
            }
        });
        Redirect {
            range: TextRange::from_usize(start, target.range.end().max(op_end as u32) as usize),
            fd,
            kind,
            op_range: TextRange::from_usize(p, op_end),
            target,
            heredoc,
        }
    }

    /// Lexes a run of operator characters as a word, inside `[[ ... ]]`.
    pub(super) fn lex_operator_word(&mut self) -> Word<'a> {
        let start = self.pos;
        while self.pos < self.end && matches!(self.bytes[self.pos], b'&' | b'|' | b'<' | b'>' | b'(' | b')') {
            self.pos += 1;
        }
        let raw = &self.src[start..self.pos];
        Word { range: TextRange::from_usize(start, self.pos), raw, value: Some(Cow::Borrowed(raw)), flags: 0 }
    }
}

/// The index of the first `needle` in `hay`, eight bytes at a time.
pub(super) fn find_byte(hay: &[u8], needle: u8) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let pattern = ONES * u64::from(needle);
    let mut chunks = hay.chunks_exact(8);
    let mut offset = 0;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word) ^ pattern;
        // Some byte of `x` is zero, that is some byte equals `needle`.
        if x.wrapping_sub(ONES) & !x & HIGHS != 0 {
            return chunk.iter().position(|&b| b == needle).map(|i| offset + i);
        }
        offset += 8;
    }
    chunks.remainder().iter().position(|&b| b == needle).map(|i| offset + i)
}

/// A heredoc delimiter with quote removal applied, as the shell matches it.
fn unquote_delimiter(raw: &str) -> Cow<'_, str> {
    if !raw.contains(['\'', '"', '\\']) {
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' => {}
            '\\' => out.extend(chars.next()),
            _ => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lexes the first word of `src` with a fresh parser.
    fn word(src: &str) -> (String, Option<String>, u8) {
        let mut p = Parser::new(src);
        let w = p.lex_word();
        (w.raw.to_owned(), w.value.map(Cow::into_owned), w.flags)
    }

    #[test]
    fn word_values() {
        let cases: &[(&str, &str, Option<&str>)] = &[
            ("plain rest", "plain", Some("plain")),
            ("'a b'c", "'a b'c", Some("a bc")),
            ("\"a $b\"", "\"a $b\"", None),
            ("\"a\\\"b\\x\"", "\"a\\\"b\\x\"", Some("a\"b\\x")),
            ("a\\ b", "a\\ b", Some("a b")),
            ("a\\\nb", "a\\\nb", Some("ab")),
            ("\"a\\\nb\"", "\"a\\\nb\"", Some("ab")),
            ("$'a\\tb\\x41\\u00e9'", "$'a\\tb\\x41\\u00e9'", Some("a\tbAé")),
            ("$'\\q'", "$'\\q'", Some("\\q")),
            ("$\"x\"", "$\"x\"", Some("x")),
            ("a$", "a$", Some("a$")),
            ("\"$\"", "\"$\"", Some("$")),
            ("$1x", "$1x", None),
            ("${a:-\"}\"}x", "${a:-\"}\"}x", None),
            ("$((1 + (2)))z", "$((1 + (2)))z", None),
            ("`a b`c", "`a b`c", None),
            ("'unterminated", "'unterminated", Some("unterminated")),
            ("\"unterminated", "\"unterminated", Some("unterminated")),
            ("trailing\\", "trailing\\", Some("trailing\\")),
            ("é\\é", "é\\é", Some("éé")),
            ("a#b", "a#b", Some("a#b")),
            ("a=(1 2)x", "a=(1 2)x", None),
            ("@(a|b)", "@(a|b)", Some("@(a|b)")),
            ("<(ls)x", "<(ls)x", None),
        ];
        for &(src, raw, value) in cases {
            let (r, v, _) = word(src);
            assert_eq!(r, raw, "raw of {src:?}");
            assert_eq!(v.as_deref(), value, "value of {src:?}");
        }
    }

    #[test]
    fn word_flags() {
        let cases: &[(&str, u8)] = &[
            ("plain", 0),
            ("*.deb", GLOB),
            ("a?", GLOB),
            ("a[12]", GLOB),
            ("[", 0),
            ("]", 0),
            ("{}", 0),
            ("{a,b}", BRACE),
            ("x{1..3}", BRACE),
            ("~/x", TILDE),
            ("'*'", QUOTED),
            ("\\*", QUOTED),
            ("\"$x\"", QUOTED | EXPANSION),
            ("$(x)", EXPANSION),
            ("a=(1)", OPAQUE),
            ("$'\\0'", QUOTED | OPAQUE),
        ];
        for &(src, flags) in cases {
            assert_eq!(word(src).2, flags, "flags of {src:?}");
        }
    }

    #[test]
    fn find_byte_matches_position() {
        let hay: Vec<u8> = (0..=255u8).chain(0..=255u8).collect();
        for len in [0, 1, 7, 8, 9, 16, 100, 512] {
            for needle in [0u8, 7, 8, 9, 15, 128, 200, 255] {
                let hay = &hay[..len];
                assert_eq!(find_byte(hay, needle), hay.iter().position(|&b| b == needle), "{len} {needle}");
            }
        }
    }

    #[test]
    fn delimiters_lose_their_quotes() {
        assert_eq!(unquote_delimiter("EOF"), "EOF");
        assert_eq!(unquote_delimiter("'EOF'"), "EOF");
        assert_eq!(unquote_delimiter("\"E\"OF"), "EOF");
        assert_eq!(unquote_delimiter("\\EOF"), "EOF");
    }

    #[test]
    fn arithmetic_needs_a_double_close() {
        let mut p = Parser::new("((1+(2)))");
        assert_eq!(p.arith_end(0), Some(9));
        let mut p = Parser::new("((a) | b)");
        assert_eq!(p.arith_end(0), None);
        let mut p = Parser::new("((1");
        assert_eq!(p.arith_end(0), None);
    }
}
