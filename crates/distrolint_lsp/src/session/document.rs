//! An open document: its text, version and line index, and how edits apply to it.

use std::fmt;

use distrolint_linter::syntax::LineIndex;
use tower_lsp_server::ls_types::{TextDocumentContentChangeEvent, Uri};

use crate::encoding::{LineMap, PositionEncoding};

/// One version of an open document. Shared with running lints through an `Arc`, and copied on
/// write when an edit arrives while a lint still reads it.
#[derive(Clone, Debug)]
pub(crate) struct Snapshot {
    /// The document's URI.
    pub(crate) uri: Uri,
    /// The full text.
    pub(crate) text: String,
    /// The client's version of the text.
    pub(crate) version: i32,
    /// Line starts of `text`.
    pub(crate) index: LineIndex,
}

impl Snapshot {
    /// A snapshot of `text` at `version`.
    pub(crate) fn new(uri: Uri, text: String, version: i32) -> Snapshot {
        let index = LineIndex::new(&text);
        Snapshot { uri, text, version, index }
    }

    /// Converts between byte offsets of this text and LSP positions.
    pub(crate) fn line_map(&self, encoding: PositionEncoding) -> LineMap<'_> {
        LineMap::new(&self.text, &self.index, encoding)
    }

    /// Applies the changes of one `didChange` notification, in order, starting from the last
    /// change that replaces the whole text. Ranges are clamped to the text; a range whose end
    /// comes before its start covers the text between the two.
    ///
    /// A version that does not increase is rejected and nothing changes: the edits were made
    /// against a text the server no longer has, so applying them could only corrupt it.
    pub(crate) fn apply_changes(
        &mut self,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
        encoding: PositionEncoding,
    ) -> Result<(), StaleVersion> {
        if version <= self.version {
            return Err(StaleVersion { current: self.version, received: version });
        }
        let first = changes.iter().rposition(|c| c.range.is_none()).unwrap_or(0);
        // The index is rebuilt lazily: only before a ranged change needs it, and once at the end.
        let mut index_stale = false;
        for change in changes.into_iter().skip(first) {
            match change.range {
                None => self.text = change.text,
                Some(range) => {
                    if index_stale {
                        self.index = LineIndex::new(&self.text);
                    }
                    let range = self.line_map(encoding).text_range(range);
                    self.text.replace_range(range.to_std(), &change.text);
                }
            }
            index_stale = true;
        }
        if index_stale {
            self.index = LineIndex::new(&self.text);
        }
        self.version = version;
        Ok(())
    }
}

/// A `didChange` whose version is not newer than the document's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct StaleVersion {
    /// The document's version.
    pub(crate) current: i32,
    /// The version the change claimed.
    pub(crate) received: i32,
}

impl fmt::Display for StaleVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "ignored a change to version {} of a document already at version {}: versions must increase",
            self.received, self.current
        )
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use tower_lsp_server::ls_types::{Position, Range};

    use super::*;

    fn snapshot(text: &str) -> Snapshot {
        Snapshot::new(Uri::from_str("file:///Dockerfile").unwrap(), text.to_owned(), 1)
    }

    fn change(range: Option<((u32, u32), (u32, u32))>, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: range.map(|((a, b), (c, d))| Range::new(Position::new(a, b), Position::new(c, d))),
            range_length: None,
            text: text.to_owned(),
        }
    }

    #[test]
    fn incremental_changes_apply_in_order_after_the_last_full_text() {
        let mut doc = snapshot("FROM a\nRUN x\n");
        let changes = vec![
            change(Some(((0, 0), (0, 4))), "ignored"),
            change(None, "FROM b\n"),
            change(Some(((0, 5), (0, 6))), "c"),
            change(Some(((1, 0), (1, 0))), "RUN 😀\n"),
            change(Some(((1, 6), (1, 6))), "!"),
        ];
        doc.apply_changes(2, changes, PositionEncoding::Utf16).unwrap();
        assert_eq!(doc.text, "FROM c\nRUN 😀!\n");
        assert_eq!(doc.version, 2);
        assert_eq!(doc.index.line_count(), 3);
    }

    #[test]
    fn utf8_positions_count_bytes() {
        let mut doc = snapshot("RUN 漢x\n");
        doc.apply_changes(2, vec![change(Some(((0, 7), (0, 8))), "y")], PositionEncoding::Utf8).unwrap();
        assert_eq!(doc.text, "RUN 漢y\n");
    }

    #[test]
    fn invalid_ranges_clamp_and_stale_versions_are_rejected() {
        let mut doc = snapshot("ab\ncd");
        doc.apply_changes(2, vec![change(Some(((1, 9), (0, 1))), "-")], PositionEncoding::Utf16).unwrap();
        assert_eq!(doc.text, "a-");
        doc.apply_changes(3, vec![change(Some(((7, 0), (9, 9))), "!")], PositionEncoding::Utf16).unwrap();
        assert_eq!(doc.text, "a-!");
        let error = doc.apply_changes(3, vec![change(None, "x")], PositionEncoding::Utf16).unwrap_err();
        assert_eq!(error, StaleVersion { current: 3, received: 3 });
        assert_eq!(doc.text, "a-!");
    }
}
