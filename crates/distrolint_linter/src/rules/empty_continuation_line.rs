//! DX090 (BuildKit NoEmptyContinuation): an empty line inside a continued instruction.

use distrolint_syntax::TextRange;

use crate::diagnostic::{Edit, Fix};
use crate::rule::{LintContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Flags empty lines inside an instruction that is continued with `\`.
    ///
    /// ## Why is this bad?
    /// The builder skips them today but warns that "empty continuation lines will become
    /// errors in a future release". They also make it easy to miss that the instruction goes on.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// FROM alpine:3.20
    /// RUN apk add --no-cache \
    ///
    ///     curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache \
    ///     curl
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the builder already ignores these lines.
    ///
    /// ## References
    /// - [BuildKit check NoEmptyContinuation](https://docs.docker.com/go/dockerfile/rule/no-empty-continuation/)
    pub EmptyContinuationLine {
        code: "DX090",
        name: "empty-continuation-line",
        buildkit: Some("NoEmptyContinuation"),
        severity: Warning,
        fix: Always,
    }
}

impl Rule for EmptyContinuationLine {
    fn check(&self, ctx: &mut LintContext<'_>) {
        let text = ctx.file.text();
        for ins in ctx.file.instructions() {
            let Some(first) = ins.empty_continuation_lines.first() else { continue };
            let edits = ins
                .empty_continuation_lines
                .iter()
                .map(|line| {
                    // Delete the whole line, its line break included.
                    let end = text[line.end() as usize..].find('\n').map_or(text.len(), |i| line.end() as usize + i + 1);
                    Edit::delete(TextRange::new(line.start(), end as u32))
                })
                .collect();
            let count = ins.empty_continuation_lines.len();
            let what = if count == 1 { "an empty line".to_owned() } else { format!("{count} empty lines") };
            let keyword = match ctx.file.slice(ins.keyword_range) {
                "" => "this instruction".to_owned(),
                written => format!("`{written}`"),
            };
            ctx.report(*first, format!("{keyword} continues over {what}: BuildKit skips it now but warns that empty continuation lines will become errors"))
                .set_fix(Fix::safe("Delete the empty continuation lines", edits));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test::{assert_diagnostics, fix_all};

    #[test]
    fn empty_lines_inside_continuations() {
        let text = "FROM a\nRUN a \\\n\n  \\\n  b \\\n\n  c\nRUN d \\\n  # comment\n  e\n";
        assert_diagnostics("DX090", text, &["3:1-3:1 `RUN` continues over 2 empty lines: BuildKit skips it now but warns that empty continuation lines will become errors"]);
        assert_eq!(fix_all("DX090", text, false), "FROM a\nRUN a \\\n  \\\n  b \\\n  c\nRUN d \\\n  # comment\n  e\n");
    }
}
