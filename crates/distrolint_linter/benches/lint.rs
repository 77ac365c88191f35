//! Parse and lint speed: a generated 1,000-line Dockerfile (the budget is 1 ms for parse plus
//! lint with every rule on), and the whole real-Dockerfile corpus when `../shared/corpus` exists.
//!
//! Run with `cargo bench -p distrolint_linter --bench lint`.
#![allow(missing_docs, clippy::print_stdout)]

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use distrolint_linter::{Applicability, Settings, fix, lint};

// The same allocator as the `distrolint` binary, so the figures are what the CLI and the server see.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A realistic multi-stage Dockerfile of `lines` lines: builder stages with long `apt-get` and
/// `pip` RUNs, heredocs, COPYs, ENV and LABEL blocks, and distroless runtimes with findings.
fn generated(lines: usize) -> String {
    let mut out =
        String::from("# syntax=docker/dockerfile:1.7\nARG PYTHON=3.11\nARG BASE=python:${PYTHON}-slim-bookworm\n");
    let mut stage = 0;
    while out.lines().count() < lines {
        let _ = write!(
            out,
            "\nFROM ${{BASE}} AS build{stage}\n\
             ENV PIP_NO_CACHE_DIR=1 \\\n    PYTHONDONTWRITEBYTECODE=1 \\\n    DEBIAN_FRONTEND=noninteractive\n\
             WORKDIR /src\n\
             RUN --mount=type=cache,target=/var/cache/apt \\\n    apt-get update && \\\n    apt-get install -y --no-install-recommends \\\n        build-essential \\\n        libffi-dev \\\n        libssl-dev \\\n        curl \\\n    && rm -rf /var/lib/apt/lists/*\n\
             COPY requirements.txt .\n\
             RUN pip install --user -r requirements.txt && \\\n    python -c \"import fastapi\" | tee /tmp/log && \\\n    find /root/.local -name '*.pyc' -delete\n\
             RUN <<EOF\nset -eux\nmkdir -p /out/app\ncp -r /src/app /out/app\nEOF\n\
             COPY . .\n\
             \n\
             FROM gcr.io/distroless/python3-debian12:nonroot AS runtime{stage}\n\
             LABEL org.opencontainers.image.title=\"service {stage}\" \\\n      org.opencontainers.image.version=\"1.0.{stage}\"\n\
             ENV PYTHONPATH=/app:/usr/local/lib/python3.11/site-packages \\\n    PORT=80{stage:02}\n\
             COPY --from=build{stage} --chown=65532:65532 /root/.local/lib/python3.11/site-packages /usr/local/lib/python3.11/site-packages\n\
             COPY --from=build{stage} --chown=65532:65532 /out/app /app\n\
             RUN mkdir -p /app/logs\n\
             EXPOSE 80{stage:02}\n\
             HEALTHCHECK CMD [\"python3\", \"-c\", \"import socket; socket.create_connection(('127.0.0.1', 80{stage:02}))\"]\n\
             USER 65532:65532\n\
             CMD [\"python3\", \"/app/main.py\"]\n"
        );
        stage += 1;
    }
    out.lines().take(lines).flat_map(|l| [l, "\n"]).collect()
}

fn corpus() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    let mut paths: Vec<PathBuf> = Vec::new();
    let Ok(repos) = std::fs::read_dir(&dir) else {
        println!("SKIPPED: {} is absent, so the corpus benchmark measures nothing", dir.display());
        return Vec::new();
    };
    for repo in repos.flatten() {
        if let Ok(files) = std::fs::read_dir(repo.path()) {
            paths.extend(files.flatten().map(|f| f.path()));
        }
    }
    paths.sort();
    paths.iter().filter_map(|p| std::fs::read(p).ok()).map(|b| String::from_utf8_lossy(&b).into_owned()).collect()
}

fn bench(c: &mut Criterion) {
    let settings = Settings::default();
    let mut lucid = Settings::default();
    lucid.set_profile("lucid", &|p| Err(format!("no file {p}"))).unwrap();
    let text = generated(1000);
    let mut group = c.benchmark_group("1000-line file");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("parse", |b| b.iter(|| distrolint_syntax::parse(black_box(&text))));
    group.bench_function("parse+lint (all default rules)", |b| b.iter(|| lint(black_box(&text), &settings)));
    group.bench_function("parse+lint (lucid profile)", |b| b.iter(|| lint(black_box(&text), &lucid)));
    group.bench_function("fix (safe, until stable)", |b| {
        b.iter(|| fix(black_box(&text), &settings, Applicability::Safe));
    });
    group.finish();

    let files = corpus();
    if !files.is_empty() {
        let bytes: usize = files.iter().map(String::len).sum();
        let mut group = c.benchmark_group("corpus (550 files)");
        group.throughput(Throughput::Bytes(bytes as u64));
        group.sample_size(20);
        group.bench_function("parse+lint", |b| {
            b.iter(|| files.iter().map(|f| lint(black_box(f), &settings).diagnostics.len()).sum::<usize>());
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
