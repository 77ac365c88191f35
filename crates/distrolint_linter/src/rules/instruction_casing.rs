//! DX091 (BuildKit ConsistentInstructionCasing): instruction keywords in mixed casing.

use distrolint_syntax::Keyword;

use crate::diagnostic::{Edit, Fix};
use crate::rule::{LintContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Counts the instruction keywords that are all lower case and all upper case. Lower case
    /// is the file's style only when those keywords outnumber the upper-case ones (a tie counts
    /// as upper case). Every keyword written otherwise is flagged, mixed case (`Run`) included.
    ///
    /// ## Why is this bad?
    /// Style: BuildKit accepts any casing, but mixed casing makes a file harder to scan, and
    /// BuildKit's build check warns about it.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// FROM alpine:3.20
    /// run echo hi
    /// CMD ["sh"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN echo hi
    /// CMD ["sh"]
    /// ```
    ///
    /// ## Fix safety
    /// Safe: keyword casing does not change the build.
    ///
    /// ## References
    /// - [BuildKit check ConsistentInstructionCasing](https://docs.docker.com/go/dockerfile/rule/consistent-instruction-casing/)
    pub InstructionCasing {
        code: "DX091",
        name: "instruction-casing",
        buildkit: Some("ConsistentInstructionCasing"),
        severity: Warning,
        fix: Always,
    }
}

impl Rule for InstructionCasing {
    fn check(&self, ctx: &mut LintContext<'_>) {
        let text = ctx.file.text();
        // A file with unknown instructions has lines that are not instructions at all (a lost
        // continuation, a spaced heredoc's body: `from pathlib import Path`), so casing is noise.
        if ctx.file.instructions().iter().any(|i| i.keyword == Keyword::Unknown) {
            return;
        }
        let (mut lower, mut upper) = (0usize, 0usize);
        // Unknown keywords (a broken continuation, template syntax) are parse errors, not style.
        let known = || ctx.file.instructions().iter().filter(|i| i.keyword != Keyword::Unknown);
        for ins in known() {
            let keyword = &text[ins.keyword_range];
            if keyword.bytes().all(|b| !b.is_ascii_uppercase()) {
                lower += 1;
            } else if keyword.bytes().all(|b| !b.is_ascii_lowercase()) {
                upper += 1;
            }
        }
        let majority_lower = lower > upper;
        for ins in known() {
            let keyword = &text[ins.keyword_range];
            // Only a keyword with a letter of the other case needs the rewritten spelling.
            let differs = if majority_lower {
                keyword.bytes().any(|b| b.is_ascii_uppercase())
            } else {
                keyword.bytes().any(|b| b.is_ascii_lowercase())
            };
            if !differs {
                continue;
            }
            let wanted = if majority_lower { keyword.to_ascii_lowercase() } else { keyword.to_ascii_uppercase() };
            let style = if majority_lower { "lower" } else { "upper" };
            let message = format!("`{keyword}` is not in {style} case like most instructions of this file: write `{wanted}`");
            ctx.report(ins.keyword_range, message)
                .set_fix(Fix::safe(format!("Write `{wanted}`"), vec![Edit::replace(ins.keyword_range, wanted)]));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test::{assert_diagnostics, fix_all};

    #[test]
    fn the_majority_wins_and_ties_are_upper() {
        let text = "FROM a\nrun x\nRUN y\nCMD z\n";
        assert_diagnostics("DX091", text, &["2:1-2:4 `run` is not in upper case like most instructions of this file: write `RUN`"]);
        assert_eq!(fix_all("DX091", "From alpine\nRun echo hi\n", false), "FROM alpine\nRUN echo hi\n");
        assert_eq!(fix_all("DX091", "from a\nrun x\nRUN y\n", false), "from a\nrun x\nrun y\n");
        assert_diagnostics("DX091", "from a\nRUN y\n", &["1:1-1:5 `from` is not in upper case like most instructions of this file: write `FROM`"]);
        assert_diagnostics("DX091", "from a\nrun y\n", &[]);
        assert_diagnostics("DX091", "FROM a\nRUN x\nset -e\n", &[]);
    }
}
