// The lint worker: loads the wasm engine once, then lints and fixes on request, so the page
// never waits on the engine while someone types.
import init, { fix, lint, profiles, rules, version } from '../pkg/distrolint_wasm.js';
import type { Request, Response } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: Response) => scope.postMessage(message);

/**
 * Linted once, with and without each built-in profile, when the wasm is ready and no request is
 * waiting. The engine's code is compiled lazily on first use; doing that while the page is still
 * starting makes the first real lint (and the first keystrokes) fast. A request that is already
 * waiting goes first: it warms the engine up just as well.
 */
const WARM_UP = `# syntax=docker/dockerfile:1
ARG BASE=python:3.11-slim-bookworm
FROM \${BASE} AS build
WORKDIR /src
COPY --chown=1000:1000 requirements.txt ./
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \\
    && pip install --no-cache-dir --user -r requirements.txt
FROM gcr.io/distroless/python3-debian12:nonroot
COPY --from=build /root/.local /home/nonroot/.local
ENV PYTHONPATH=/home/nonroot/.local/lib/python3.11/site-packages
USER 65532:65532
EXPOSE 8080
HEALTHCHECK CMD ["python3", "-c", "print(1)"]
ENTRYPOINT []
CMD ["python3", "/app/main.py"]
`;

function warmUp(): void {
  for (const profile of [null, ...profiles()]) lint(WARM_UP, JSON.stringify(profile ? { profile } : {}));
  lint('', '{}');
}

/**
 * After a real lint (or the page's own first lint, which the page reports with a `warm` message),
 * the worker re-lints that same text in idle moments, up to WARM_LINTS times in all, one lint per
 * task so a real request never waits behind more than one. V8 runs new wasm in its baseline tier
 * and optimizes the hot functions only after they have run for a while (about a hundred lints of
 * a 300-line file here); without this the first hundred keystrokes after load each cost two to
 * three times what later ones do. It runs once per page, for a few
 * hundred milliseconds of worker time, and stops for good after WARM_LINTS.
 */
const WARM_LINTS = 120;
let warmLints = 0;
let warmTimer: ReturnType<typeof setTimeout> | undefined;
let lastLint: { text: string; settings: string } | null = null;

function keepWarming(): void {
  if (warmTimer !== undefined || warmLints >= WARM_LINTS || !lastLint) return;
  warmTimer = setTimeout(() => {
    warmTimer = undefined;
    if (!lastLint) return;
    try {
      lint(lastLint.text, lastLint.settings);
    } catch {
      lastLint = null;
      return;
    }
    warmLints++;
    keepWarming();
  }, 0);
}

const started = performance.now();
let handled = 0;
let receiveEngine: (module: WebAssembly.Module | null) => void = () => {};
const compiled = new Promise<WebAssembly.Module | null>((resolve) => (receiveEngine = resolve));
// The page compiles the wasm while this thread starts; without it, the worker fetches it itself.
const ready = compiled
  .then((module) => init(module ? { module_or_path: module } : undefined))
  .then(() => {
    setTimeout(() => {
      if (handled === 0) warmUp();
    }, 0);
    const epoch = performance.timeOrigin;
    const readyAt = epoch + performance.now();
    post({ kind: 'ready', version: version(), profiles: profiles(), startedAt: epoch + started, readyAt });
    return true;
  })
  .catch((error: unknown) => {
    post({ kind: 'failed', message: String(error) });
    return false;
  });

scope.onmessage = async (event: MessageEvent<Request>) => {
  const request = event.data;
  if (request.kind === 'engine') return receiveEngine(request.module);
  if (!(await ready)) return;
  if (request.kind === 'warm') {
    lastLint = { text: request.text, settings: request.settings };
    return keepWarming();
  }
  handled++;
  const t0 = performance.now();
  try {
    if (request.kind === 'rules') {
      post({ kind: 'rules', id: request.id, rules: rules() });
    } else if (request.kind === 'lint') {
      const diagnostics = lint(request.text, request.settings);
      post({ kind: 'lint', id: request.id, diagnostics, ms: performance.now() - t0 });
      lastLint = { text: request.text, settings: request.settings };
      keepWarming();
    } else {
      const text = fix(request.text, request.settings, request.unsafe);
      post({ kind: 'fix', id: request.id, text, ms: performance.now() - t0 });
    }
  } catch (error) {
    post({ kind: 'error', id: request.id, message: error instanceof Error ? error.message : String(error) });
  }
};
