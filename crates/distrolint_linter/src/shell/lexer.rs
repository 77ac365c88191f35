//! The byte-level half of the parser: blanks, comments, words with their quoting, and
//! redirection operators. Expansions inside words are in `expansion.rs`.
//!
//! Every special byte is ASCII, so every range this lexer cuts starts and ends on a
//! character boundary. Lookahead past the end reads as `0` through [`Parser::byte`],
//! and every loop advances by at least one byte.

use std::borrow::Cow;

use distrolint_syntax::TextRange;

use super::parser::Parser;
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
    pub(super) fn find(&self, needle: u8, from: usize) -> usize {
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
            return Word::plain(raw, start);
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
        Word::new(&self.src[start..self.pos], start, v.finish(start, self.pos), flags)
    }

    /// Lexes the inside of `"..."` from just after the opening quote, and the closing quote.
    pub(super) fn lex_double_quoted(&mut self, v: &mut ValueBuilder<'a>, flags: &mut u8) {
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
            Word::plain("", op_end)
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
            range: TextRange::from_usize(start, target.range().end().max(op_end as u32) as usize),
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
        Word::plain(raw, start)
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
        (w.raw.to_owned(), w.unquoted().map(str::to_owned), w.flags)
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
}
