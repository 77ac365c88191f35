//! Heredoc bodies. A `<<DELIM` waits until the end of its line; the lines after that,
//! up to the delimiter line, are its body and are not parsed as commands.

use std::mem;

use distrolint_syntax::TextRange;

use super::lexer::find_byte;
use super::parser::Parser;
use super::word::Heredoc;

/// Where a redirection with a pending heredoc lives.
#[derive(Clone, Copy, Debug)]
pub(super) enum Loc {
    /// On the parser's stack: the command is still being read.
    Stack(usize),
    /// In the script's redirections.
    Final(usize),
    /// In the script's redirections of compound commands.
    Other(usize),
}

/// A heredoc whose body starts after the next line break.
#[derive(Clone, Copy, Debug)]
pub(super) struct Pending {
    pub(super) loc: Loc,
    pub(super) strip_tabs: bool,
}

impl Parser<'_> {
    /// Reads the bodies of the heredocs started on the line that just ended.
    pub(super) fn read_heredocs(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let mut pending = mem::take(&mut self.pending);
        for p in &pending {
            let (bytes, end, start) = (self.bytes, self.end, self.pos);
            let heredoc = match p.loc {
                Loc::Stack(i) => self.redirect_stack.get_mut(i),
                Loc::Final(i) => self.script.redirects.get_mut(i),
                Loc::Other(i) => self.script.other_redirects.get_mut(i),
            }
            .and_then(|r| r.heredoc.as_mut());
            let Some(heredoc) = heredoc else { continue };
            self.pos = scan_heredoc(heredoc, bytes, start, end, p.strip_tabs);
        }
        pending.clear();
        self.pending = pending;
    }
}

/// Finds the delimiter line of a heredoc whose body starts at `start`, records the
/// body and delimiter ranges, and returns the position after the delimiter line.
fn scan_heredoc(heredoc: &mut Heredoc<'_>, bytes: &[u8], start: usize, end: usize, strip_tabs: bool) -> usize {
    let delimiter = heredoc.delimiter.as_bytes();
    let mut line = start;
    while line < end {
        let eol = find_byte(&bytes[line..end], b'\n').map_or(end, |i| line + i);
        let mut s = line;
        if strip_tabs {
            while s < eol && bytes[s] == b'\t' {
                s += 1;
            }
        }
        let mut e = eol;
        if e > s && bytes[e - 1] == b'\r' {
            e -= 1;
        }
        if &bytes[s..e] == delimiter {
            heredoc.body = TextRange::from_usize(start, line);
            heredoc.terminator = Some(TextRange::from_usize(line, eol));
            return (eol + 1).min(end);
        }
        line = eol + 1;
    }
    heredoc.body = TextRange::from_usize(start, end);
    heredoc.terminator = None;
    end
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::*;

    fn heredoc(delimiter: &str) -> Heredoc<'_> {
        Heredoc { delimiter: Cow::Borrowed(delimiter), quoted: false, body: TextRange::default(), terminator: None }
    }

    #[test]
    fn heredoc_scan_finds_the_delimiter_line() {
        let text = "a\n\tEOF\r\nrest";
        let mut h = heredoc("EOF");
        let next = scan_heredoc(&mut h, text.as_bytes(), 0, text.len(), true);
        assert_eq!(&text[h.body.to_std()], "a\n");
        assert_eq!(&text[h.terminator.unwrap().to_std()], "\tEOF\r");
        assert_eq!(&text[next..], "rest");
        let mut h = heredoc("EOF");
        assert_eq!(scan_heredoc(&mut h, text.as_bytes(), 0, text.len(), false), text.len());
        assert_eq!(h.terminator, None);
        assert_eq!(h.body, TextRange::from_usize(0, text.len()));
    }
}
