//! DX011: a file that is not valid UTF-8.

use crate::rule::{LintContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Reports, once per file, bytes that are not valid UTF-8.
    ///
    /// ## Why is this bad?
    /// Dockerfiles are UTF-8. A file saved in another encoding (Latin-1, UTF-16) makes labels,
    /// paths and echoed text come out garbled in the image, and other tools may reject it.
    /// distrolint reads the invalid bytes as U+FFFD to lint the rest, and `--fix` leaves such a
    /// file alone, because writing it back would change those bytes.
    ///
    /// ## Example
    /// A `LABEL description="Café"` saved as Latin-1 (the `é` is the single byte `0xE9`).
    ///
    /// ## Use instead
    /// Save the file as UTF-8.
    pub InvalidUtf8 {
        code: "DX011",
        name: "invalid-utf8",
        severity: Warning,
    }
}

impl Rule for InvalidUtf8 {
    fn check(&self, _ctx: &mut LintContext<'_>) {
        // Reported by `crate::lint_bytes`, the only place that sees the raw bytes.
    }
}

#[cfg(test)]
mod tests {
    use crate::test::settings_for;

    #[test]
    fn reports_the_first_invalid_byte_once() {
        let bytes = b"FROM a\nLABEL d=\"Caf\xe9 \xff\"\n";
        let result = crate::lint_bytes(bytes, &settings_for("DX011", None));
        assert_eq!(result.diagnostics.len(), 1);
        assert_eq!(result.diagnostics[0].range.start(), 19);
        assert_eq!(result.file.text(), "FROM a\nLABEL d=\"Caf\u{FFFD} \u{FFFD}\"\n");
        assert!(crate::lint_bytes(b"FROM a\n", &settings_for("DX011", None)).diagnostics.is_empty());
    }
}
