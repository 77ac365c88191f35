//! Byte ranges and the line index that converts them to lines and columns.

use std::fmt;
use std::ops::Index;

/// A half-open range of byte offsets into a source text.
///
/// Every node of the syntax tree carries one. Offsets are `u32`: Dockerfiles
/// larger than 4 GiB are rejected before parsing by the faces that read files.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct TextRange {
    start: u32,
    end: u32,
}

impl TextRange {
    /// Creates a range. `start` must not be after `end`.
    #[inline]
    pub const fn new(start: u32, end: u32) -> Self {
        debug_assert!(start <= end);
        Self { start, end }
    }

    /// Creates a range from `usize` offsets.
    #[inline]
    pub fn from_usize(start: usize, end: usize) -> Self {
        Self::new(start as u32, end as u32)
    }

    /// An empty range at `offset`.
    #[inline]
    pub const fn empty(offset: u32) -> Self {
        Self { start: offset, end: offset }
    }

    /// The first byte of the range.
    #[inline]
    pub const fn start(self) -> u32 {
        self.start
    }

    /// One past the last byte of the range.
    #[inline]
    pub const fn end(self) -> u32 {
        self.end
    }

    /// The length in bytes.
    #[inline]
    pub const fn len(self) -> u32 {
        self.end - self.start
    }

    /// Whether the range covers no bytes.
    #[inline]
    pub const fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// Whether `offset` lies inside the range (the end is exclusive).
    #[inline]
    pub const fn contains(self, offset: u32) -> bool {
        self.start <= offset && offset < self.end
    }

    /// Whether `offset` lies inside the range or at its end.
    #[inline]
    pub const fn contains_inclusive(self, offset: u32) -> bool {
        self.start <= offset && offset <= self.end
    }

    /// Whether `other` lies entirely inside this range.
    #[inline]
    pub const fn contains_range(self, other: TextRange) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// Whether the two ranges share at least one byte.
    #[inline]
    pub const fn intersects(self, other: TextRange) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The smallest range that covers both.
    #[inline]
    pub fn cover(self, other: TextRange) -> TextRange {
        TextRange::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// The range moved right by `offset` bytes.
    #[inline]
    pub const fn shift(self, offset: u32) -> TextRange {
        TextRange::new(self.start + offset, self.end + offset)
    }

    /// The range as a `usize` range, for slicing.
    #[inline]
    pub const fn to_std(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

impl fmt::Debug for TextRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

impl Index<TextRange> for str {
    type Output = str;

    #[inline]
    fn index(&self, range: TextRange) -> &str {
        &self[range.to_std()]
    }
}

impl Index<TextRange> for String {
    type Output = str;

    #[inline]
    fn index(&self, range: TextRange) -> &str {
        &self.as_str()[range.to_std()]
    }
}

/// A zero-based line and column. The unit of `column` depends on the call
/// that produced it.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, PartialOrd, Ord)]
pub struct LineCol {
    /// Zero-based line number.
    pub line: u32,
    /// Zero-based column.
    pub column: u32,
}

/// How columns are counted, matching the encodings an LSP client can negotiate.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum ColumnEncoding {
    /// Bytes of UTF-8.
    Utf8,
    /// UTF-16 code units (the LSP default, and JavaScript string offsets).
    #[default]
    Utf16,
    /// Unicode scalar values (what the CLI prints).
    Utf32,
}

/// Maps byte offsets to lines and columns and back.
///
/// Lines end at `\n`, `\r\n` or a lone `\r`, as the LSP specification says.
#[derive(Clone, Debug)]
pub struct LineIndex {
    line_starts: Vec<u32>,
    len: u32,
    ascii: bool,
}

impl LineIndex {
    /// Builds the index for `text`.
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut line_starts = Vec::with_capacity(bytes.len() / 32 + 1);
        line_starts.push(0);
        if bytes.contains(&b'\r') {
            let mut i = 0;
            while i < bytes.len() {
                match bytes[i] {
                    b'\n' => line_starts.push(i as u32 + 1),
                    b'\r' => {
                        if bytes.get(i + 1) == Some(&b'\n') {
                            i += 1;
                        }
                        line_starts.push(i as u32 + 1);
                    }
                    _ => {}
                }
                i += 1;
            }
        } else {
            // The common case: only `\n`, found with the standard library's fast byte search.
            let mut at = 0;
            while let Some(i) = text[at..].find('\n') {
                at += i + 1;
                line_starts.push(at as u32);
            }
        }
        Self { line_starts, len: bytes.len() as u32, ascii: text.is_ascii() }
    }

    /// The number of lines (a text ending with a newline has an empty last line).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The byte offset where zero-based `line` starts, if it exists.
    pub fn line_start(&self, line: u32) -> Option<u32> {
        self.line_starts.get(line as usize).copied()
    }

    /// The zero-based line that contains `offset`.
    pub fn line_of(&self, offset: u32) -> u32 {
        let offset = offset.min(self.len);
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line as u32,
            Err(next) => next as u32 - 1,
        }
    }

    /// Converts a byte offset to a line and a column in `encoding`.
    ///
    /// An offset inside a multi-byte character counts as the start of that character.
    pub fn line_col(&self, text: &str, offset: u32, encoding: ColumnEncoding) -> LineCol {
        let offset = offset.min(self.len);
        let line = self.line_of(offset);
        let start = self.line_starts[line as usize];
        let column = if self.ascii || encoding == ColumnEncoding::Utf8 {
            offset - start
        } else {
            let mut end = offset as usize;
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            let segment = &text[start as usize..end];
            match encoding {
                ColumnEncoding::Utf8 => segment.len() as u32,
                ColumnEncoding::Utf16 => segment.encode_utf16().count() as u32,
                ColumnEncoding::Utf32 => segment.chars().count() as u32,
            }
        };
        LineCol { line, column }
    }

    /// Converts a line and a column in `encoding` to a byte offset.
    ///
    /// Out-of-range positions are clamped: a column past the end of a line
    /// gives the end of the line, and a line past the end gives the end of the text.
    pub fn offset(&self, text: &str, position: LineCol, encoding: ColumnEncoding) -> u32 {
        let Some(&start) = self.line_starts.get(position.line as usize) else {
            return self.len;
        };
        let line_end = self.line_content_end(text, position.line);
        if self.ascii || encoding == ColumnEncoding::Utf8 {
            let mut offset = (start + position.column).min(line_end);
            while !text.is_char_boundary(offset as usize) {
                offset -= 1;
            }
            return offset;
        }
        let mut remaining = position.column;
        let line_text = &text[start as usize..line_end as usize];
        for (i, ch) in line_text.char_indices() {
            let width = match encoding {
                ColumnEncoding::Utf16 => ch.len_utf16() as u32,
                _ => 1,
            };
            if remaining < width {
                return start + i as u32;
            }
            remaining -= width;
        }
        line_end
    }

    /// The end of the content of `line`, before its line break.
    pub fn line_content_end(&self, text: &str, line: u32) -> u32 {
        let next = self.line_starts.get(line as usize + 1).copied().unwrap_or(self.len);
        let bytes = text.as_bytes();
        let mut end = next;
        if end > 0 && end as usize <= bytes.len() && line as usize + 1 < self.line_starts.len() {
            if bytes[end as usize - 1] == b'\n' {
                end -= 1;
            }
            if end > 0 && bytes[end as usize - 1] == b'\r' && end > self.line_starts[line as usize] {
                end -= 1;
            }
        }
        end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_each_encoding() {
        let text = "FROM a\r\nRUN é😀x\rEND";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 3);
        let x = text.find('x').unwrap() as u32;
        assert_eq!(index.line_col(text, x, ColumnEncoding::Utf8), LineCol { line: 1, column: 10 });
        assert_eq!(index.line_col(text, x, ColumnEncoding::Utf16), LineCol { line: 1, column: 7 });
        assert_eq!(index.line_col(text, x, ColumnEncoding::Utf32), LineCol { line: 1, column: 6 });
        let end = text.find("END").unwrap() as u32;
        assert_eq!(index.line_col(text, end, ColumnEncoding::Utf16), LineCol { line: 2, column: 0 });
    }

    #[test]
    fn offset_round_trips_and_clamps() {
        let text = "a😀b\nxy";
        let index = LineIndex::new(text);
        for (offset, _) in text.char_indices() {
            for encoding in [ColumnEncoding::Utf8, ColumnEncoding::Utf16, ColumnEncoding::Utf32] {
                let lc = index.line_col(text, offset as u32, encoding);
                assert_eq!(index.offset(text, lc, encoding), offset as u32);
            }
        }
        assert_eq!(index.offset(text, LineCol { line: 0, column: 99 }, ColumnEncoding::Utf16), 6);
        assert_eq!(index.offset(text, LineCol { line: 9, column: 0 }, ColumnEncoding::Utf16), 9);
        // The middle of a surrogate pair snaps to the character's start.
        assert_eq!(index.offset(text, LineCol { line: 0, column: 2 }, ColumnEncoding::Utf16), 1);
    }
}
