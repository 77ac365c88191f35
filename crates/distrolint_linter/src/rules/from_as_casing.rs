//! DX092 (BuildKit FromAsCasing): the `AS` of `FROM ... AS name` is cased unlike `FROM`.

use distrolint_syntax::Keyword;

use crate::diagnostic::{Edit, Fix};
use crate::rule::{LintContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Flags `FROM image as name` where `FROM` is all upper case but `as` is not, or `from` is
    /// all lower case but `AS` is not. A mixed-case `From` is left to `instruction-casing`.
    ///
    /// ## Why is this bad?
    /// Style only: BuildKit accepts any casing, but the keyword pair reads as one unit, and its
    /// build check warns ("The 'as' keyword should match the case of the 'from' keyword").
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// FROM debian:12 as builder
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12 AS builder
    /// ```
    ///
    /// ## Fix safety
    /// Safe: keyword casing does not change the build.
    ///
    /// ## References
    /// - [BuildKit check FromAsCasing](https://docs.docker.com/go/dockerfile/rule/from-as-casing/)
    pub FromAsCasing {
        code: "DX092",
        name: "from-as-casing",
        buildkit: Some("FromAsCasing"),
        severity: Warning,
        fix: Always,
    }
}

impl Rule for FromAsCasing {
    fn check(&self, ctx: &mut LintContext<'_>) {
        for ins in ctx.file.instructions() {
            if ins.keyword != Keyword::From {
                continue;
            }
            let [_, as_word, _, ..] = ins.args.words() else { continue };
            let as_text = ins.text(as_word);
            if !as_text.eq_ignore_ascii_case("as") {
                continue;
            }
            let from = &ctx.file.text()[ins.keyword_range];
            let wanted = if from == "FROM" {
                "AS"
            } else if from == "from" {
                "as"
            } else {
                continue;
            };
            if as_text == wanted {
                continue;
            }
            let message = format!("`{as_text}` should match the case of `{from}`: write `{from} ... {wanted}`");
            ctx.report(as_word.range, message)
                .set_fix(Fix::safe(format!("Write `{wanted}`"), vec![Edit::replace(as_word.range, wanted)]));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test::{assert_diagnostics, fix_all};

    #[test]
    fn as_follows_from() {
        let text = "FROM a as b\nfrom c AS d\nFrom e as f\nFROM g AS h\nfrom i as j\n";
        assert_diagnostics("DX092", text, &[
            "1:8-1:10 `as` should match the case of `FROM`: write `FROM ... AS`",
            "2:8-2:10 `AS` should match the case of `from`: write `from ... as`",
        ]);
        assert_eq!(fix_all("DX092", text, false), "FROM a AS b\nfrom c as d\nFrom e as f\nFROM g AS h\nfrom i as j\n");
    }
}
