//! Positions on the wire: the engine speaks byte offsets, the client speaks lines and characters
//! in the position encoding negotiated at `initialize` (UTF-8 when the client offers it, UTF-16
//! otherwise, as the specification requires every client to support it).

use distrolint_linter::syntax::{ColumnEncoding, LineCol, LineIndex, TextRange};
use tower_lsp_server::ls_types::{Position, PositionEncodingKind, Range};

/// The negotiated position encoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub(crate) enum PositionEncoding {
    /// Characters are UTF-8 bytes.
    Utf8,
    /// Characters are UTF-16 code units.
    #[default]
    Utf16,
}

impl PositionEncoding {
    /// Chooses UTF-8 when the client offers it, UTF-16 otherwise.
    pub(crate) fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Self {
        match offered {
            Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => PositionEncoding::Utf8,
            _ => PositionEncoding::Utf16,
        }
    }

    /// The LSP name of the encoding.
    pub(crate) fn kind(self) -> PositionEncodingKind {
        match self {
            PositionEncoding::Utf8 => PositionEncodingKind::UTF8,
            PositionEncoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }

    fn columns(self) -> ColumnEncoding {
        match self {
            PositionEncoding::Utf8 => ColumnEncoding::Utf8,
            PositionEncoding::Utf16 => ColumnEncoding::Utf16,
        }
    }
}

/// Converts between byte offsets of one text and LSP positions.
#[derive(Clone, Copy)]
pub(crate) struct LineMap<'a> {
    text: &'a str,
    index: &'a LineIndex,
    encoding: PositionEncoding,
}

impl<'a> LineMap<'a> {
    /// A converter for `text`, whose index is `index`.
    pub(crate) fn new(text: &'a str, index: &'a LineIndex, encoding: PositionEncoding) -> Self {
        LineMap { text, index, encoding }
    }

    /// The position of a byte offset.
    pub(crate) fn position(&self, offset: u32) -> Position {
        let LineCol { line, column } = self.index.line_col(self.text, offset, self.encoding.columns());
        Position::new(line, column)
    }

    /// The LSP range of a byte range.
    pub(crate) fn range(&self, range: TextRange) -> Range {
        Range::new(self.position(range.start()), self.position(range.end()))
    }

    /// The byte offset of a position. Positions past the end of a line or of the text are
    /// clamped to that end, and a position inside a character snaps to the character's start.
    pub(crate) fn offset(&self, position: Position) -> u32 {
        let at = LineCol { line: position.line, column: position.character };
        self.index.offset(self.text, at, self.encoding.columns())
    }

    /// The byte range of an LSP range, clamped, with the ends put in order.
    pub(crate) fn text_range(&self, range: Range) -> TextRange {
        let start = self.offset(range.start);
        let end = self.offset(range.end);
        TextRange::new(start.min(end), start.max(end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(text: &str, encoding: PositionEncoding, f: impl FnOnce(LineMap<'_>)) {
        let index = LineIndex::new(text);
        f(LineMap::new(text, &index, encoding));
    }

    #[test]
    fn negotiation_prefers_utf8_only_when_offered() {
        let both = [PositionEncodingKind::UTF16, PositionEncodingKind::UTF8];
        assert_eq!(PositionEncoding::negotiate(Some(&both)), PositionEncoding::Utf8);
        assert_eq!(PositionEncoding::negotiate(Some(&[PositionEncodingKind::UTF32])), PositionEncoding::Utf16);
        assert_eq!(PositionEncoding::negotiate(None), PositionEncoding::Utf16);
    }

    #[test]
    fn emoji_and_cjk_columns_are_exact() {
        // "😀" is 4 UTF-8 bytes and 2 UTF-16 units; "漢" is 3 bytes and 1 unit.
        let text = "FROM a\nLABEL x=\"😀漢\" y=1\n";
        let y = text.find("y=").unwrap() as u32;
        map(text, PositionEncoding::Utf16, |m| {
            assert_eq!(m.position(y), Position::new(1, 14));
            assert_eq!(m.offset(Position::new(1, 14)), y);
        });
        map(text, PositionEncoding::Utf8, |m| {
            assert_eq!(m.position(y), Position::new(1, 18));
            assert_eq!(m.offset(Position::new(1, 18)), y);
        });
        // Every character boundary round-trips in both encodings.
        for encoding in [PositionEncoding::Utf8, PositionEncoding::Utf16] {
            map(text, encoding, |m| {
                for (offset, _) in text.char_indices() {
                    assert_eq!(m.offset(m.position(offset as u32)), offset as u32, "{encoding:?} at {offset}");
                }
            });
        }
    }

    #[test]
    fn out_of_range_positions_clamp() {
        let text = "ab\n😀\n";
        map(text, PositionEncoding::Utf16, |m| {
            assert_eq!(m.offset(Position::new(0, 99)), 2);
            assert_eq!(m.offset(Position::new(99, 0)), text.len() as u32);
            // The middle of a surrogate pair snaps back to the emoji.
            assert_eq!(m.offset(Position::new(1, 1)), 3);
            let backwards = Range::new(Position::new(1, 2), Position::new(0, 1));
            assert_eq!(m.text_range(backwards), TextRange::new(1, 7));
        });
        map(text, PositionEncoding::Utf8, |m| {
            // Inside the emoji's bytes snaps to its start.
            assert_eq!(m.offset(Position::new(1, 2)), 3);
        });
    }
}
