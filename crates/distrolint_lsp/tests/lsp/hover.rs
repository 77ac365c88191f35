//! Hover: rule docs over diagnostics, instruction and flag docs, stages, bases and variables.

use serde_json::{Value, json};

use crate::harness::{Client, Setup};
use crate::{URI, pos};

const TEXT: &str = "\
ARG PY=3.11
FROM python:${PY}-slim AS build
ARG VERSION=1.2
RUN --mount=type=cache,target=/root/.cache pip install app==${VERSION}
FROM build AS test
FROM gcr.io/distroless/python3-debian12
COPY --from=build --chown=65532 /app /app
ONBUILD COPY . /src
CMD ['app']
";

async fn hover_at(client: &Client, position: Value) -> Value {
    let params = json!({"textDocument": {"uri": URI}, "position": position});
    client.request("textDocument/hover", params).await.unwrap()
}

fn text_of(hover: &Value) -> &str {
    hover["contents"]["value"].as_str().unwrap()
}

async fn client() -> Client {
    let client = Client::start(Setup::default()).await;
    client.open(URI, 1, TEXT).await;
    client.diagnostics(URI, 1).await;
    client
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn over_a_diagnostic_shows_the_rule_docs() {
    let client = client().await;
    let hover = hover_at(&client, pos(TEXT, "'app'", 0)).await;
    assert_eq!(hover["contents"]["kind"], "markdown");
    let text = text_of(&hover);
    // Every rule with a finding there has a section; DX009 is one of them.
    assert!(text.contains("**DX009** `malformed-json-args`\n\n## What it does"), "{text}");
    assert!(text.contains("[Documentation](https://"), "{text}");
    assert!(text.contains("```dockerfile\n") && !text.contains("expect_diagnostic"), "{text}");
    let start = &hover["range"]["start"];
    assert_eq!(start["line"], 8);
    assert!(start["character"].as_u64().unwrap() <= 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn over_keywords_and_flags_shows_their_docs() {
    let client = client().await;
    let copy = hover_at(&client, pos(TEXT, "COPY --from", 0)).await;
    let text = text_of(&copy);
    assert!(text.starts_with("```dockerfile\nCOPY [--from=<stage|image>]"), "{text}");
    assert!(text.contains("- `--chown=<user>[:<group>]`: owner of the copied files"), "{text}");
    assert_eq!(copy["range"], json!({"start": {"line": 6, "character": 0}, "end": {"line": 6, "character": 4}}));
    let chown = hover_at(&client, pos(TEXT, "chown", 0)).await;
    assert!(text_of(&chown).starts_with("`COPY --chown=<user>[:<group>]`\n\nowner of the copied files"), "{chown}");
    let mount = hover_at(&client, pos(TEXT, "--mount", 0)).await;
    assert!(text_of(&mount).starts_with("`RUN --mount=type=<bind|cache|tmpfs|secret|ssh>[,<option>...]`"));
    // The instruction under ONBUILD.
    let inner = hover_at(&client, pos(TEXT, "COPY . /src", 0)).await;
    assert!(text_of(&inner).starts_with("```dockerfile\nCOPY"), "{inner}");
    let onbuild = hover_at(&client, pos(TEXT, "ONBUILD", 0)).await;
    assert!(text_of(&onbuild).contains("runs later, when another build uses this image"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn over_stages_and_images_shows_the_base() {
    let client = client().await;
    let from_name = hover_at(&client, pos(TEXT, "build", 1)).await;
    let text = text_of(&from_name);
    assert!(text.starts_with("**Stage `build`** (stage 0)\n\n`FROM python:${PY}-slim`"), "{text}");
    assert!(text.contains("Base image: `python:3.11-slim`"), "{text}");
    assert_eq!(from_name["range"], json!({"start": {"line": 4, "character": 5}, "end": {"line": 4, "character": 10}}));
    let copy_from = hover_at(&client, pos(TEXT, "build --chown", 0)).await;
    assert!(text_of(&copy_from).starts_with("**Stage `build`** (stage 0)"));
    let declared = hover_at(&client, pos(TEXT, "build", 0)).await;
    assert!(text_of(&declared).starts_with("**Stage `build`**"));
    // The image word of a stage built on another stage shows the chain.
    let test_stage = hover_at(&client, pos(TEXT, "test", 0)).await;
    let text = text_of(&test_stage);
    assert!(text.starts_with("**Stage `test`** (stage 1)\n\n`FROM build` → stage `build`"), "{text}");
    let final_image = hover_at(&client, pos(TEXT, "gcr.io", 0)).await;
    let text = text_of(&final_image);
    assert!(text.contains("Base image: `gcr.io/distroless/python3-debian12`"), "{text}");
    assert!(
        text.contains("- Shell: none: shell-form `RUN`, `CMD`, `ENTRYPOINT` and `HEALTHCHECK` cannot run"),
        "{text}"
    );
    assert!(text.contains("- User: `0` (root)"), "{text}");
    assert!(text.contains("- Entrypoint: `[\"/usr/bin/python3.11\"]`"), "{text}");
    assert!(text.contains("- Python: 3.11 at `/usr/bin/python3.11`"), "{text}");
    assert!(text.contains("- End of life: "), "{text}");
    assert!(text.contains("- Deprecated: "), "{text}");
    assert!(text.contains("This is the final stage"), "{text}");
    let python = hover_at(&client, pos(TEXT, "python:", 0)).await;
    let text = text_of(&python);
    assert!(text.contains("- Shell: `/bin/sh`"), "{text}");
    assert!(text.contains("packages found in `/usr/local/lib/python3.11/site-packages`"), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn over_variables_shows_the_declaration() {
    let client = client().await;
    let version = hover_at(&client, pos(TEXT, "VERSION}", 0)).await;
    assert_eq!(text_of(&version), "```dockerfile\nARG VERSION\n```\n\nDeclared on line 3 = `1.2`.");
    let py = hover_at(&client, pos(TEXT, "PY}", 0)).await;
    assert_eq!(text_of(&py), "```dockerfile\nARG PY\n```\n\nDeclared on line 1 = `3.11`.");
    // Nothing to say over plain arguments.
    let nothing = hover_at(&client, pos(TEXT, "/app /app", 0)).await;
    assert_eq!(nothing, Value::Null);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plain_text_for_clients_without_markdown() {
    let mut setup = Setup::default();
    setup.capabilities["textDocument"]["hover"] = json!({"contentFormat": ["plaintext"]});
    let client = Client::start(setup).await;
    client.open(URI, 1, TEXT).await;
    let hover = hover_at(&client, pos(TEXT, "FROM", 1)).await;
    assert_eq!(hover["contents"]["kind"], "plaintext");
}
