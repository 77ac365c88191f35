//! DX601: the final stage copies a secret file into the image.

use crate::analysis::runtime::{basename, copy_sources, source_label};
use crate::rule::{LintContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Flags a `COPY` or `ADD` of the final stage (or of the stages it is built `FROM`) whose
    /// source looks like a secret: `.env` and `.env.*` files (`.env.production`, `.env.secrets`;
    /// not `.env.example`, `.env.sample` or `.env.template`), a `secrets`/`secret` directory or
    /// file, private keys (`*.key`, `*.pem` other than certificate bundles, `id_rsa`, `id_ed25519`,
    /// `id_ecdsa`, `id_dsa`), keystores (`*.p12`, `*.pfx`). Copies from another stage
    /// (`--from`) count too.
    ///
    /// ## Why is this bad?
    /// Whatever a `COPY` adds stays in that layer: anyone who can pull the image can read it, even
    /// if a later step deletes the file. The TRON payment service document copies `secrets/` into
    /// its runtime image.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// FROM gcr.io/distroless/python3-debian13:nonroot
    /// COPY secrets/ /app/secrets/
    /// ```
    ///
    /// ## Use instead
    /// Mount secrets when they are needed: at build time with `RUN --mount=type=secret`, at run
    /// time as a Docker or Kubernetes secret (`/run/secrets/...`):
    /// ```dockerfile
    /// FROM gcr.io/distroless/python3-debian13:nonroot
    /// COPY app/ /app/
    /// ENV API_KEY_FILE=/run/secrets/api_key
    /// ```
    ///
    /// ## References
    /// - [Build secrets](https://docs.docker.com/build/building/secrets/)
    /// - [Docker secrets](https://docs.docker.com/engine/swarm/secrets/)
    pub SecretCopiedIntoImage {
        code: "DX601",
        name: "secret-copied-into-image",
        severity: Warning,
    }
}

impl Rule for SecretCopiedIntoImage {
    fn check(&self, ctx: &mut LintContext<'_>) {
        let model = ctx.model;
        let Some(target) = model.target() else { return };
        let mut stages: Vec<usize> = model.chain(target.index).map(|s| s.index).collect();
        stages.reverse();
        for s in stages {
            for i in model.stages[s].instructions() {
                for (source, range) in copy_sources(model, i) {
                    let Some(kind) = secret_kind(&source) else { continue };
                    let from = source_label(model, i).map(|l| format!(" from {l}")).unwrap_or_default();
                    let message = format!(
                        "this copies `{source}` ({kind}){from} into the image: anyone who can pull the image can read it from the layer, even if a later step deletes it; mount it instead (`RUN --mount=type=secret` at build time, a Docker or Kubernetes secret at run time)"
                    );
                    ctx.report(range, message);
                }
            }
        }
    }
}

/// What kind of secret a source path looks like, or `None`.
fn secret_kind(path: &str) -> Option<&'static str> {
    let name = basename(path.trim_end_matches('/'));
    let is = |word: &str| name.eq_ignore_ascii_case(word);
    let ends = |suffix: &str| {
        name.len() > suffix.len() && name.is_char_boundary(name.len() - suffix.len()) && name[name.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
    };
    let contains = |part: &str| name.as_bytes().windows(part.len()).any(|w| w.eq_ignore_ascii_case(part.as_bytes()));
    if is(".env") {
        return Some("an environment file");
    }
    if name.len() > 5 && name.is_char_boundary(5) && name[..5].eq_ignore_ascii_case(".env.") {
        let rest = &name[5..];
        let harmless = ["example", "sample", "template", "dist", "defaults", "default", "schema"];
        let harmless = harmless.iter().any(|h| rest.len() >= h.len() && rest.is_char_boundary(h.len()) && rest[..h.len()].eq_ignore_ascii_case(h));
        return (!harmless).then_some("an environment file");
    }
    if is("secrets") || is("secret") || is(".secrets") {
        return Some("secrets");
    }
    if is("id_rsa") || is("id_ed25519") || is("id_ecdsa") || is("id_dsa") {
        return Some("an SSH private key");
    }
    if ends(".key") {
        return Some("a private key");
    }
    if ends(".p12") || ends(".pfx") {
        return Some("a keystore");
    }
    if ends(".pem") {
        let public = ["cert", "chain", "bundle", "public", "pub", "ca-", "ca.", "ca_", "root"];
        return (!public.iter().any(|p| contains(p))).then_some("a PEM file that may hold a private key");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::secret_kind;
    use crate::test::{assert_diagnostics, lint_codes};

    #[test]
    fn names() {
        for secret in [".env", "config/.env.production", ".env.secrets", "secrets/", "id_rsa", "tls/server.key", "*.pem", "key.pem", "store.p12"] {
            assert!(secret_kind(secret).is_some(), "{secret}");
        }
        for fine in [".env.example", "envs/", "cert.pem", "ca.pem", "fullchain.pem", "id_rsa.pub", "keys.py", "app.env"] {
            assert!(secret_kind(fine).is_none(), "{fine}");
        }
    }

    #[test]
    fn final_stage_only() {
        let text = "FROM python:3.12 AS b\nCOPY .env /build/.env\nFROM gcr.io/distroless/python3-debian12\nCOPY --from=b /build/.env /app/\nCOPY --chown=nonroot:nonroot secrets/ /app/secrets:ro\n";
        let found = lint_codes("DX601", text);
        assert_eq!(found.len(), 2);
        assert!(found[0].starts_with("4:15-4:26 this copies `/build/.env` (an environment file) from the `b` stage (python:3.12) into the image"));
        assert!(found[1].starts_with("5:30-5:38 this copies `secrets/` (secrets) into the image"));
        assert_diagnostics("DX601", "FROM a\nCOPY app/ config/ /app/\n", &[]);
    }
}
