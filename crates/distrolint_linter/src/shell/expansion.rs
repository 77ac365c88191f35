//! Expansions inside words: `$name`, `${...}`, `$(...)`, backticks, `$((...))`,
//! `$'...'`, and array values. Command substitutions hand over to the list parser,
//! to a bounded depth; deeper ones, and arithmetic, are skipped without looking for
//! commands.

use super::lexer::is_meta;
use super::parser::{Close, MAX_DEPTH, Parser};
use super::word::{EXPANSION, OPAQUE, QUOTED, ValueBuilder};

impl<'a> Parser<'a> {
    /// Lexes what starts with `$` at the current position. A `$` that starts nothing
    /// stays in the current segment as a literal character.
    pub(super) fn lex_dollar(&mut self, v: &mut ValueBuilder<'a>, flags: &mut u8, seg: &mut usize, in_dq: bool) {
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
            self.parse_list(Close::End);
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
    pub(super) fn lex_array(&mut self) {
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
}

#[cfg(test)]
mod tests {
    use super::*;

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
