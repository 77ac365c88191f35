#!/usr/bin/env python3
"""A stand-in LSP server for test/smoke.sh. It is NOT distrolint and checks nothing about linting.

It lets the smoke check see, from the server's side, what a Neovim client sends: the command-line
arguments, the initialize request (rootUri, workspaceFolders, initializationOptions), the answer to a
workspace/configuration request, and the code-action requests. It answers just enough for the client
to attach: one canned diagnostic on didOpen, and one source.fixAll.distrolint action that inserts
"# fixed by distrolint" at the top of the file. Every message, both ways, is appended as a JSON line
to the file named by $FAKE_LSP_LOG.
"""

import json
import os
import sys

FIX_ALL = "source.fixAll.distrolint"
LOG = open(os.environ["FAKE_LSP_LOG"], "a", encoding="utf-8")


def log(direction, body):
    LOG.write(json.dumps({"pid": os.getpid(), "dir": direction, "raw": body}) + "\n")
    LOG.flush()


def read_message(stream):
    length = None
    while True:
        line = stream.readline()
        if not line:
            return None
        line = line.strip()
        if not line:
            break
        name, _, value = line.decode("ascii").partition(":")
        if name.lower() == "content-length":
            length = int(value.strip())
    return stream.read(length).decode("utf-8")


def send(message):
    body = json.dumps(message)
    log("out", body)
    data = body.encode("utf-8")
    sys.stdout.buffer.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)
    sys.stdout.buffer.flush()


def main():
    log("argv", json.dumps(sys.argv[1:]))
    stdin = sys.stdin.buffer
    while True:
        body = read_message(stdin)
        if body is None:
            return 1
        log("in", body)
        msg = json.loads(body)
        method = msg.get("method")
        if method is None:
            continue  # A response to our workspace/configuration request; logged above.
        if method == "initialize":
            send({"jsonrpc": "2.0", "id": msg["id"], "result": {
                "capabilities": {
                    "textDocumentSync": 1,
                    "codeActionProvider": {"codeActionKinds": ["quickfix", FIX_ALL]},
                },
                "serverInfo": {"name": "fake-distrolint-for-smoke-check"},
            }})
        elif method == "initialized":
            send({"jsonrpc": "2.0", "id": "cfg-1", "method": "workspace/configuration",
                  "params": {"items": [{"section": "distrolint"}]}})
        elif method == "textDocument/didOpen":
            doc = msg["params"]["textDocument"]
            send({"jsonrpc": "2.0", "method": "textDocument/publishDiagnostics", "params": {
                "uri": doc["uri"], "version": doc.get("version"),
                "diagnostics": [{
                    "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 1}},
                    "severity": 1, "code": "DX101", "source": "distrolint",
                    "message": "canned diagnostic from the smoke-check server",
                }],
            }})
        elif method == "textDocument/codeAction":
            params = msg["params"]
            actions = []
            if FIX_ALL in (params.get("context", {}).get("only") or []):
                uri = params["textDocument"]["uri"]
                actions.append({"title": "distrolint: fix all", "kind": FIX_ALL, "edit": {"changes": {uri: [{
                    "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
                    "newText": "# fixed by distrolint\n",
                }]}}})
            send({"jsonrpc": "2.0", "id": msg["id"], "result": actions})
        elif method == "shutdown":
            send({"jsonrpc": "2.0", "id": msg["id"], "result": None})
        elif method == "exit":
            return 0
        elif "id" in msg:
            send({"jsonrpc": "2.0", "id": msg["id"], "result": None})


if __name__ == "__main__":
    sys.exit(main())
