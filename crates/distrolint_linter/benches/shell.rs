//! Throughput of the shell lexer over the `RUN` scripts of the real-Dockerfile corpus.
//!
//! Run with `cargo bench -p distrolint_linter --bench shell`. The corpus lives outside
//! the repository, in `../shared/corpus` relative to the workspace root; without it the
//! benchmark says so and measures nothing.
#![allow(missing_docs, clippy::print_stdout, clippy::cast_precision_loss)]

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Instant;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use distrolint_linter::shell;
use distrolint_syntax::{Args, Instruction, Keyword};

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus")
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut paths: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// The shell text of every `RUN` (and `ONBUILD RUN`) and the bodies of their heredocs.
fn run_scripts(dir: &Path) -> Vec<String> {
    let mut paths = Vec::new();
    files(dir, &mut paths);
    let mut scripts = Vec::new();
    for path in paths {
        let Ok(bytes) = std::fs::read(&path) else { continue };
        let text = String::from_utf8_lossy(&bytes);
        let file = distrolint_syntax::parse(&text);
        for instruction in file.instructions() {
            let run: &Instruction = match instruction.onbuild() {
                Some(inner) => inner,
                None => instruction,
            };
            if run.keyword != Keyword::Run {
                continue;
            }
            if let Args::Shell(word) = &run.args {
                scripts.push(run.text(word).to_owned());
            }
            for heredoc in &run.heredocs {
                scripts.push(file.slice(heredoc.body).to_owned());
            }
        }
    }
    scripts
}

fn bench(c: &mut Criterion) {
    let dir = corpus_dir();
    if !dir.is_dir() {
        println!("shell benchmark skipped: no corpus at {}", dir.display());
        return;
    }
    let scripts = run_scripts(&dir);
    let bytes: usize = scripts.iter().map(String::len).sum();
    let commands: usize = scripts.iter().map(|s| shell::parse(s).len()).sum();
    println!("shell corpus: {} RUN scripts, {bytes} bytes, {commands} simple commands", scripts.len());

    // Plain figures besides criterion's: the best of a few timed passes, and the
    // throughput per second on the CPU, which a busy machine does not distort.
    let passes = 100;
    let mut best = f64::MAX;
    let cpu_before = cpu_time_ns();
    for _ in 0..passes {
        let start = Instant::now();
        for script in &scripts {
            black_box(shell::parse(black_box(script)).len());
        }
        best = best.min(start.elapsed().as_secs_f64());
    }
    println!("shell corpus: best pass {:.3} ms, {:.0} MB/s (wall clock)", best * 1e3, bytes as f64 / best / 1e6);
    if let (Some(before), Some(after)) = (cpu_before, cpu_time_ns()) {
        let seconds = (after - before) as f64 / 1e9;
        let mb_per_s = (bytes * passes) as f64 / seconds / 1e6;
        println!("shell corpus: {mb_per_s:.0} MB/s per CPU second over {passes} passes (on-CPU time)");
    }

    let mut group = c.benchmark_group("shell");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("parse_corpus_run_scripts", |b| {
        b.iter(|| {
            for script in &scripts {
                black_box(shell::parse(black_box(script)).len());
            }
        });
    });
    group.finish();
}

/// The time this thread has spent on a CPU, where Linux reports it.
fn cpu_time_ns() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    stat.split_whitespace().next()?.parse().ok()
}

criterion_group!(benches, bench);
criterion_main!(benches);
