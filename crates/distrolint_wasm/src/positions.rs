//! Byte offsets to UTF-16 offsets and 1-based lines and columns.

use distrolint_linter::syntax::{ColumnEncoding, LineIndex, TextRange};

use crate::dto::{Position, Range};

/// Converts byte offsets into one text.
pub(crate) struct Positions<'a> {
    text: &'a str,
    index: LineIndex,
    /// The UTF-16 offset where each line starts; `None` when the text is ASCII (bytes = UTF-16).
    line_starts_utf16: Option<Vec<u32>>,
}

impl<'a> Positions<'a> {
    /// Indexes `text`.
    pub(crate) fn new(text: &'a str) -> Positions<'a> {
        let index = LineIndex::new(text);
        let line_starts_utf16 = (!text.is_ascii()).then(|| {
            let mut starts = Vec::with_capacity(index.line_count());
            let (mut byte, mut utf16) = (0usize, 0u32);
            for line in 0..index.line_count() as u32 {
                let start = index.line_start(line).unwrap_or(text.len() as u32) as usize;
                utf16 += text[byte..start].encode_utf16().count() as u32;
                byte = start;
                starts.push(utf16);
            }
            starts
        });
        Positions { text, index, line_starts_utf16 }
    }

    /// The 0-based line and UTF-16 column, and the UTF-16 offset, of a byte offset.
    fn locate(&self, offset: u32) -> (u32, u32, u32) {
        let lc = self.index.line_col(self.text, offset, ColumnEncoding::Utf16);
        let utf16 = match &self.line_starts_utf16 {
            None => offset.min(self.text.len() as u32),
            Some(starts) => starts[lc.line as usize] + lc.column,
        };
        (lc.line, lc.column, utf16)
    }

    /// The UTF-16 offset of a byte offset.
    pub(crate) fn offset(&self, offset: u32) -> u32 {
        self.locate(offset).2
    }

    /// A byte range as UTF-16 offsets and 1-based lines and columns.
    pub(crate) fn range(&self, range: TextRange) -> Range {
        let (start_line, start_column, from) = self.locate(range.start());
        let (end_line, end_column, to) = self.locate(range.end());
        Range {
            from,
            to,
            start: Position { line: start_line + 1, column: start_column + 1 },
            end: Position { line: end_line + 1, column: end_column + 1 },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_offsets_are_bytes() {
        let text = "FROM a\nRUN b\n";
        let p = Positions::new(text);
        let r = p.range(TextRange::new(7, 12));
        assert_eq!((r.from, r.to), (7, 12));
        assert_eq!((r.start, r.end), (Position { line: 2, column: 1 }, Position { line: 2, column: 6 }));
    }

    #[test]
    fn non_ascii_offsets_count_utf16_units() {
        // "é" is 2 bytes and 1 unit; "😀" is 4 bytes and 2 units; CRLF and CR end lines.
        let text = "# é😀\r\nRUN x\rCMD é";
        let p = Positions::new(text);
        let run = text.find("RUN").unwrap() as u32;
        let r = p.range(TextRange::new(run, run + 3));
        assert_eq!((r.from, r.to), (7, 10));
        assert_eq!(r.start, Position { line: 2, column: 1 });
        let e = text.rfind('é').unwrap() as u32;
        let r = p.range(TextRange::new(e, e + 2));
        assert_eq!((r.from, r.to), (17, 18));
        assert_eq!((r.start, r.end), (Position { line: 3, column: 5 }, Position { line: 3, column: 6 }));
        let utf16: Vec<u16> = text.encode_utf16().collect();
        assert_eq!(String::from_utf16(&utf16[17..18]).unwrap(), "é");
    }
}
