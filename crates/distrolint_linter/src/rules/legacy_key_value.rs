//! DX094 (BuildKit LegacyKeyValueFormat): `ENV key value` and `LABEL key value`.

use distrolint_syntax::Keyword;

use crate::diagnostic::{Edit, Fix};
use crate::rule::{LintContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Flags `ENV` and `LABEL` written in the legacy `key value` form, with a space instead of
    /// `=`.
    ///
    /// ## Why is this bad?
    /// In the legacy form everything after the key is one value, so `ENV A b C=d` sets `A` to
    /// `b C=d` rather than two variables, and a value cannot be followed by another pair.
    /// BuildKit warns about the form, and the `key=value` form says exactly what is set.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// FROM alpine:3.20
    /// ENV DEBUG 1
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ENV DEBUG=1
    /// ```
    ///
    /// ## Fix safety
    /// Safe on one line: a value without quotes or backslashes is written as `key="value"`
    /// (`$` is kept, so substitution is unchanged), and a value without spaces as `key=value`.
    /// Unsafe when the value spans continuation lines, which are joined. No fix for a value with
    /// both spaces and quotes or backslashes.
    ///
    /// ## References
    /// - [BuildKit check LegacyKeyValueFormat](https://docs.docker.com/go/dockerfile/rule/legacy-key-value-format/)
    pub LegacyKeyValue {
        code: "DX094",
        name: "legacy-key-value",
        buildkit: Some("LegacyKeyValueFormat"),
        severity: Warning,
        fix: Sometimes,
    }
}

impl Rule for LegacyKeyValue {
    fn check(&self, ctx: &mut LintContext<'_>) {
        for ins in ctx.file.instructions() {
            let ins = ins.onbuild().unwrap_or(ins);
            if !matches!(ins.keyword, Keyword::Env | Keyword::Label) {
                continue;
            }
            for pair in ins.args.key_values().iter().filter(|p| !p.equals) {
                let key = ins.text(&pair.key);
                let value = ins.text(&pair.value);
                let plain = !value.contains(['"', '\'', '\\', '`']);
                // Any whitespace splits the words of `key=value` pairs (Go's unicode.IsSpace), not only ' ' and tab.
                let spaced = value.chars().any(char::is_whitespace);
                // A key with quotes or escapes would change meaning once `=` follows it.
                let plain_key = !key.contains(['"', '\'', '\\', '`', '$']);
                let rewritten = if !plain_key {
                    String::new()
                } else if plain && spaced {
                    format!("{key}=\"{value}\"")
                } else if !spaced {
                    format!("{key}={value}")
                } else {
                    String::new()
                };
                let keyword = ins.keyword.as_str();
                let message = format!("`{keyword} {key} {value}` uses the legacy `key value` form, where everything after the key is one value: write `{key}=...`");
                let single_line = ins.line.is_contiguous(pair.key.logical.cover(pair.value.logical));
                let fix = (!rewritten.is_empty()).then(|| {
                    let edit = vec![Edit::replace(pair.key.range.cover(pair.value.range), rewritten.clone())];
                    let title = format!("Write `{rewritten}`");
                    if single_line { Fix::safe(title, edit) } else { Fix::unsafe_(title, edit) }
                });
                ctx.report(pair.key.range, message).set_fix(fix);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test::{assert_diagnostics, fix_all, lint_rule};

    #[test]
    fn legacy_pairs_are_rewritten() {
        let text = "FROM a\nENV DEBUG 1\nLABEL description This is $NAME\nENV PATH /opt/bin:$PATH\nENV A=1 B=2\n";
        assert_diagnostics("DX094", text, &[
            "2:5-2:10 `ENV DEBUG 1` uses the legacy `key value` form, where everything after the key is one value: write `DEBUG=...`",
            "3:7-3:18 `LABEL description This is $NAME` uses the legacy `key value` form, where everything after the key is one value: write `description=...`",
            "4:5-4:9 `ENV PATH /opt/bin:$PATH` uses the legacy `key value` form, where everything after the key is one value: write `PATH=...`",
        ]);
        assert_eq!(fix_all("DX094", text, false), "FROM a\nENV DEBUG=1\nLABEL description=\"This is $NAME\"\nENV PATH=/opt/bin:$PATH\nENV A=1 B=2\n");
    }

    #[test]
    fn quoted_values_with_spaces_get_no_fix() {
        assert!(lint_rule("DX094", "FROM a\nENV MSG \"hello\" world\n")[0].fix.is_none());
        assert_eq!(fix_all("DX094", "FROM a\nENV MSG \"hello world\"\n", false), "FROM a\nENV MSG \"hello world\"\n");
        assert_eq!(fix_all("DX094", "FROM a\nENV MSG 'x'\n", false), "FROM a\nENV MSG='x'\n");
    }

    #[test]
    fn any_whitespace_in_the_value_is_quoted() {
        // Found by `cargo fuzz run lint_and_fix`: a form feed or a no-break space splits
        // `key=value` words as a space does, so the rewrite must quote the value.
        for space in ["\x0c", "\r", "\u{a0}", "\x0b"] {
            let text = format!("FROM a\nENV A x{space}y\n");
            assert_eq!(fix_all("DX094", &text, false), format!("FROM a\nENV A=\"x{space}y\"\n"), "{space:?}");
        }
    }

    #[test]
    fn keys_with_quotes_get_no_fix() {
        // Found by `cargo fuzz run lint_and_fix`: `LABEL a"b c d` rewritten as `a"b="c d"` opens a quote.
        for text in ["FROM a\nLABEL a\"b c d\n", "FROM a\nENV a\\b 1\n", "FROM a\nENV $K 1\n"] {
            let found = lint_rule("DX094", text);
            assert!(found.iter().all(|d| d.fix.is_none()), "{text:?}");
        }
    }
}
