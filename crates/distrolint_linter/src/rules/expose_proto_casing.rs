//! DX096 (BuildKit ExposeProtoCasing): an `EXPOSE` protocol that is not lower case.

use distrolint_syntax::{Keyword, TextRange};

use crate::diagnostic::{Edit, Fix};
use crate::rule::{LintContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Flags an `EXPOSE` port whose protocol is not written in lower case, such as `80/TCP`.
    ///
    /// ## Why is this bad?
    /// Protocols are `tcp`, `udp` and `sctp`. BuildKit accepts other casings but warns, and
    /// tools that read the image configuration may not.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// FROM nginx:1.27
    /// EXPOSE 80/TCP
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM nginx:1.27
    /// EXPOSE 80/tcp
    /// ```
    ///
    /// ## Fix safety
    /// Safe: BuildKit lower-cases the protocol when it builds the image.
    ///
    /// ## References
    /// - [BuildKit check ExposeProtoCasing](https://docs.docker.com/go/dockerfile/rule/expose-proto-casing/)
    pub ExposeProtoCasing {
        code: "DX096",
        name: "expose-proto-casing",
        buildkit: Some("ExposeProtoCasing"),
        severity: Warning,
        fix: Always,
    }
}

impl Rule for ExposeProtoCasing {
    fn check(&self, ctx: &mut LintContext<'_>) {
        for ins in ctx.file.instructions() {
            if ins.keyword != Keyword::Expose {
                continue;
            }
            for word in ins.args.words() {
                let text = ins.text(word);
                let Some(slash) = text.rfind('/') else { continue };
                let proto = &text[slash + 1..];
                if text.contains('$') || proto.is_empty() || proto == proto.to_ascii_lowercase() || !ins.line.is_contiguous(word.logical) {
                    continue;
                }
                let start = word.range.start() + slash as u32 + 1;
                let range = TextRange::new(start, start + proto.len() as u32);
                let lower = proto.to_ascii_lowercase();
                ctx.report(range, format!("protocol `{proto}` should be lower case: write `{lower}`"))
                    .set_fix(Fix::safe(format!("Write `{lower}`"), vec![Edit::replace(range, lower)]));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test::{assert_diagnostics, fix_all};

    #[test]
    fn protocols_are_lower_cased() {
        let text = "FROM a\nEXPOSE 80/TcP 53/udp 9000/UDP $P/TCP\n";
        assert_diagnostics("DX096", text, &["2:11-2:14 protocol `TcP` should be lower case: write `tcp`", "2:27-2:30 protocol `UDP` should be lower case: write `udp`"]);
        assert_eq!(fix_all("DX096", text, false), "FROM a\nEXPOSE 80/tcp 53/udp 9000/udp $P/TCP\n");
    }
}
