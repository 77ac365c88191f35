#!/usr/bin/env python3
"""Keystroke-to-diagnostics latency of Dockerfile language servers over stdio.

Each server gets the same 1,000-line Dockerfile (built at run time from the corpus, or generated
when no corpus is given), then a line is typed into the middle of it one character per
`textDocument/didChange` (incremental). After each keystroke the script waits for the
`textDocument/publishDiagnostics` of that document, and measures the time from writing the change
to reading the diagnostics. For a server that puts the document version in its diagnostics (as
distrolint does), only diagnostics for the version just sent count; for one that does not, the
first diagnostics after the change count.

    python3 benches/lsp_latency.py --server distrolint="target/release/distrolint server" \\
        --server docker-langserver="/path/to/docker-langserver --stdio" --corpus ../shared/corpus

Prints p50/p95/p99 and the mean per server, and `--json FILE` writes them. Standard library only.

On a machine shared with other work, the tail measures the scheduler more than the servers: a
tight loop of lints alone has a p95 of ~5 ms there. `chrt -f 10 python3 benches/lsp_latency.py ...`
(root) runs client and servers ahead of that work, for both servers alike.
"""

from __future__ import annotations

import argparse
import json
import os
import select
import shlex
import statistics
import subprocess
import sys
import time
from pathlib import Path

LINES = 1000
TYPED = 'RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates && rm -rf /var/lib/apt/lists/*'


def corpus_document(corpus: Path, lines: int) -> str:
    """Whole corpus files in path order until `lines` lines, the last one cut to fit."""
    out: list[str] = []
    for path in sorted(p for p in corpus.rglob('*') if p.is_file() and p.name != 'SOURCES.tsv'):
        text = path.read_text(encoding='utf-8', errors='replace')
        out.extend(text.splitlines())
        if len(out) >= lines:
            break
    return '\n'.join(out[:lines]) + '\n'


def generated_document(lines: int) -> str:
    """A deterministic multi-stage Dockerfile of `lines` lines, for when there is no corpus."""
    out = ['# syntax=docker/dockerfile:1', 'ARG PYTHON=3.12']
    stage = 0
    while len(out) < lines:
        out += [f'FROM python:${{PYTHON}}-slim AS stage{stage}', 'WORKDIR /app', 'ARG VERSION=1.0.0']
        for i in range(20):
            out += [
                f'RUN pip install --no-cache-dir package{i}==${{VERSION}} \\',
                f'    && echo "step {i} of stage {stage}" > /tmp/step{i}',
                f'COPY src/module{i}.py /app/module{i}.py',
                f'ENV STEP_{i}=done',
            ]
        out += [f'COPY --from=stage{max(stage - 1, 0)} /app /app', 'USER 65532', 'CMD ["python3", "-m", "app"]']
        stage += 1
    return '\n'.join(out[:lines]) + '\n'


class Connection:
    """A JSON-RPC connection to a server process. Single-threaded: the time a message arrives is
    taken when `select` reports the pipe readable, with no reader thread and no GIL hand-off in
    between."""

    def __init__(self, command: list[str]):
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, bufsize=0
        )
        self.fd = self.process.stdout.fileno()
        self.buffer = b''
        self.next_id = 1

    def _next_message(self, deadline: float):
        """The next message and the time its last bytes were read."""
        while True:
            header_end = self.buffer.find(b'\r\n\r\n')
            if header_end >= 0:
                length = None
                for line in self.buffer[:header_end].split(b'\r\n'):
                    name, _, value = line.partition(b':')
                    if name.strip().lower() == b'content-length':
                        length = int(value)
                start = header_end + 4
                if length is not None and len(self.buffer) >= start + length:
                    body = self.buffer[start:start + length]
                    self.buffer = self.buffer[start + length:]
                    return self.arrived, json.loads(body)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError('no matching message')
            ready, _, _ = select.select([self.fd], [], [], remaining)
            if not ready:
                continue
            chunk = os.read(self.fd, 1 << 20)
            self.arrived = time.perf_counter_ns()
            if not chunk:
                raise RuntimeError('the server exited')
            self.buffer += chunk

    def send(self, message: dict) -> int:
        body = json.dumps(message).encode()
        self.process.stdin.write(b'Content-Length: %d\r\n\r\n' % len(body) + body)
        self.process.stdin.flush()
        return time.perf_counter_ns()

    def notify(self, method: str, params) -> int:
        return self.send({'jsonrpc': '2.0', 'method': method, 'params': params})

    def request(self, method: str, params, timeout: float = 30.0):
        request_id = self.next_id
        self.next_id += 1
        self.send({'jsonrpc': '2.0', 'id': request_id, 'method': method, 'params': params})
        return self.wait(lambda m: m.get('id') == request_id and 'method' not in m, timeout)[1]

    def wait(self, matches, timeout: float = 30.0):
        """The next message that `matches`, answering the server's own requests meanwhile."""
        deadline = time.monotonic() + timeout
        while True:
            at, message = self._next_message(deadline)
            if 'method' in message and 'id' in message:
                self._answer(message)
                continue
            if matches(message):
                return at, message

    def _answer(self, request: dict) -> None:
        result = None
        if request['method'] == 'workspace/configuration':
            result = [None for _ in request['params'].get('items', [])]
        self.send({'jsonrpc': '2.0', 'id': request['id'], 'result': result})

    def close(self) -> None:
        try:
            self.request('shutdown', None, timeout=5)
            self.notify('exit', None)
            self.process.wait(timeout=5)
        except Exception:  # noqa: BLE001 - the measurement is done; just make sure it ends
            self.process.kill()


def percentile(sorted_values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    rank = max(1, round(p / 100 * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def measure(name: str, command: list[str], text: str, keystrokes: int, warmup: int) -> dict:
    uri = 'file:///bench/Dockerfile'
    conn = Connection(command)
    capabilities = {
        'textDocument': {
            'synchronization': {'dynamicRegistration': False},
            'publishDiagnostics': {'relatedInformation': True, 'versionSupport': True},
        },
        'workspace': {'configuration': True},
    }
    conn.request('initialize', {'processId': os.getpid(), 'rootUri': None, 'capabilities': capabilities})
    conn.notify('initialized', {})

    def is_diagnostics(message: dict, version: int | None) -> bool:
        if message.get('method') != 'textDocument/publishDiagnostics' or message['params']['uri'] != uri:
            return False
        published = message['params'].get('version')
        return published is None or version is None or published == version

    start = time.perf_counter_ns()
    conn.notify('textDocument/didOpen', {'textDocument': {'uri': uri, 'languageId': 'dockerfile', 'version': 1, 'text': text}})
    at, first = conn.wait(lambda m: is_diagnostics(m, 1))
    open_ms = (at - start) / 1e6
    uses_versions = 'version' in first['params']

    line = len(text.splitlines()) // 2
    column = 0
    version = 1
    samples: list[float] = []
    typed = (TYPED + '\n') * (1 + (keystrokes + warmup) // (len(TYPED) + 1))
    for i in range(keystrokes + warmup):
        ch = typed[i]
        version += 1
        position = {'line': line, 'character': column}
        change = {'range': {'start': position, 'end': position}, 'text': ch}
        sent = conn.notify(
            'textDocument/didChange', {'textDocument': {'uri': uri, 'version': version}, 'contentChanges': [change]}
        )
        at, _ = conn.wait(lambda m: is_diagnostics(m, version if uses_versions else None))
        if ch == '\n':
            line += 1
            column = 0
        else:
            column += len(ch.encode('utf-16-le')) // 2
        if i >= warmup:
            samples.append((at - sent) / 1e6)
    conn.close()
    ordered = sorted(samples)
    return {
        'server': name,
        'keystrokes': len(samples),
        'open_ms': round(open_ms, 2),
        'versioned': uses_versions,
        'p50_ms': round(percentile(ordered, 50), 3),
        'p95_ms': round(percentile(ordered, 95), 3),
        'p99_ms': round(percentile(ordered, 99), 3),
        'mean_ms': round(statistics.fmean(ordered), 3),
        'max_ms': round(ordered[-1], 3),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--server', action='append', required=True, metavar='NAME=COMMAND', help='a server to measure')
    parser.add_argument('--corpus', type=Path, help='build the document from these Dockerfiles (else generate it)')
    parser.add_argument('--keystrokes', type=int, default=400)
    parser.add_argument('--warmup', type=int, default=20)
    parser.add_argument('--json', type=Path, help='also write the results here')
    args = parser.parse_args()

    text = corpus_document(args.corpus, LINES) if args.corpus else generated_document(LINES)
    source = f'corpus {args.corpus}' if args.corpus else 'generated'
    print(f'document: {len(text.splitlines())} lines, {len(text)} bytes ({source}); '
          f'{args.keystrokes} keystrokes after {args.warmup} warm-up')
    results = []
    for spec in args.server:
        name, _, command = spec.partition('=')
        result = measure(name, shlex.split(command), text, args.keystrokes, args.warmup)
        results.append(result)
        print(f"{name:>20}: p50 {result['p50_ms']:8.3f} ms  p95 {result['p95_ms']:8.3f} ms  "
              f"p99 {result['p99_ms']:8.3f} ms  mean {result['mean_ms']:8.3f} ms  max {result['max_ms']:8.3f} ms  "
              f"(open {result['open_ms']} ms, {'versioned' if result['versioned'] else 'unversioned'} diagnostics)")
    if args.json:
        args.json.write_text(json.dumps({'lines': LINES, 'source': source, 'results': results}, indent=2) + '\n')
    return 0


if __name__ == '__main__':
    sys.exit(main())
