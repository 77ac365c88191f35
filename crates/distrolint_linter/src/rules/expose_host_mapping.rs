//! DX097 (BuildKit ExposeInvalidFormat): `EXPOSE` with a host port or IP address.

use distrolint_syntax::Keyword;

use crate::diagnostic::{Edit, Fix};
use crate::rule::{LintContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Flags an `EXPOSE` port written with an IP address or a host port, as in
    /// `EXPOSE 8080:80` or `EXPOSE 127.0.0.1:80:80`.
    ///
    /// ## Why is this bad?
    /// `EXPOSE` only documents the port the container listens on; the host side is chosen by
    /// `docker run -p`. BuildKit ignores the host part, warns, and plans to reject it.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// FROM nginx:1.27
    /// EXPOSE 8080:80
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM nginx:1.27
    /// EXPOSE 80
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: the container port and protocol are kept (`8080:80` becomes `80`); check that
    /// the container really listens there, and publish the host port with `docker run -p`.
    ///
    /// ## References
    /// - [BuildKit check ExposeInvalidFormat](https://docs.docker.com/go/dockerfile/rule/expose-invalid-format/)
    pub ExposeHostMapping {
        code: "DX097",
        name: "expose-host-mapping",
        buildkit: Some("ExposeInvalidFormat"),
        severity: Warning,
        fix: Sometimes,
    }
}

impl Rule for ExposeHostMapping {
    fn check(&self, ctx: &mut LintContext<'_>) {
        for ins in ctx.file.instructions() {
            if ins.keyword != Keyword::Expose {
                continue;
            }
            for word in ins.args.words() {
                let text = ins.text(word);
                let Some(colon) = text.rfind(':') else { continue };
                let container = &text[colon + 1..];
                let message = format!("`EXPOSE {text}` names a host side, which EXPOSE cannot set (BuildKit ignores it and warns): expose only the container port `{container}` and publish it with `docker run -p`");
                let fix = (!container.is_empty() && ins.line.is_contiguous(word.logical))
                    .then(|| Fix::unsafe_(format!("Keep only `{container}`"), vec![Edit::replace(word.range, container)]));
                ctx.report(word.range, message).set_fix(fix);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test::{assert_diagnostics, fix_all};

    #[test]
    fn host_parts_are_dropped() {
        let text = "FROM a\nEXPOSE 127.0.0.1:80:80/udp 8080:80 443\n";
        assert_diagnostics("DX097", text, &[
            "2:8-2:27 `EXPOSE 127.0.0.1:80:80/udp` names a host side, which EXPOSE cannot set (BuildKit ignores it and warns): expose only the container port `80/udp` and publish it with `docker run -p`",
            "2:28-2:35 `EXPOSE 8080:80` names a host side, which EXPOSE cannot set (BuildKit ignores it and warns): expose only the container port `80` and publish it with `docker run -p`",
        ]);
        assert_eq!(fix_all("DX097", text, true), "FROM a\nEXPOSE 80/udp 80 443\n");
        assert_eq!(fix_all("DX097", text, false), text);
    }
}
