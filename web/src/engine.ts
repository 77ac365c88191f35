// The page's side of the lint worker: requests with ids, answers as promises, and the time each
// round trip took.
import type { Diagnostic, Job, Request, Response, RuleMeta } from './protocol';

export interface Ready {
  version: string;
  profiles: string[];
  /** When the worker started and when the wasm was ready, in ms since the Unix epoch. */
  startedAt: number;
  readyAt: number;
}

export interface LintAnswer {
  diagnostics: Diagnostic[];
  /** The engine call, measured in the worker. */
  ms: number;
  /** From posting the request to receiving the answer, measured in the page. */
  roundTripMs: number;
}

type Waiting = { resolve: (r: Response) => void; reject: (e: Error) => void };

export class Engine {
  readonly ready: Promise<Ready>;
  private readonly worker: Worker;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;
  /** Why the worker could not start, once it is known: every request then fails with it. */
  private failure: Error | null = null;

  /** The engine compiled by the page, or null if that failed (the worker then fetches it itself). */
  readonly module: Promise<WebAssembly.Module | null>;

  constructor() {
    this.worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'distrolint' });
    // The page downloads and compiles the engine while the worker's thread starts, and hands the
    // compiled module over.
    this.module = compileEngine().catch(() => null);
    void this.module.then((module) => this.post({ kind: 'engine', module }));
    this.ready = new Promise((resolve, reject) => {
      this.worker.onmessage = (event: MessageEvent<Response>) => {
        const message = event.data;
        if (message.kind === 'ready') {
          resolve(message);
        } else if (message.kind === 'failed') {
          this.fail(new Error(message.message), reject);
        } else {
          const waiting = this.waiting.get(message.id);
          this.waiting.delete(message.id);
          if (!waiting) return;
          if (message.kind === 'error') waiting.reject(new Error(message.message));
          else waiting.resolve(message);
        }
      };
      this.worker.onerror = (event) => this.fail(new Error(event.message || 'the lint worker failed to start'), reject);
    });
    // Whoever awaits `ready` sees the failure; the interface may not have loaded yet when it comes.
    this.ready.catch(() => undefined);
  }

  /** Why the engine could not start, or null while it has not failed. */
  get failed(): Error | null {
    return this.failure;
  }

  private fail(error: Error, reject: (e: Error) => void): void {
    this.failure ??= error;
    reject(error);
    for (const waiting of this.waiting.values()) waiting.reject(error);
    this.waiting.clear();
  }

  async lint(text: string, settings: string): Promise<LintAnswer> {
    const sent = performance.now();
    const answer = await this.send({ kind: 'lint', id: this.nextId++, text, settings });
    if (answer.kind !== 'lint') throw new Error(`unexpected answer ${answer.kind}`);
    return { diagnostics: answer.diagnostics, ms: answer.ms, roundTripMs: performance.now() - sent };
  }

  /** Every rule's metadata and documentation (asked for after the first diagnostics: it is large). */
  async rules(): Promise<RuleMeta[]> {
    const answer = await this.send({ kind: 'rules', id: this.nextId++ });
    if (answer.kind !== 'rules') throw new Error(`unexpected answer ${answer.kind}`);
    return answer.rules;
  }

  /** Tells the worker about a text the page linted, so it keeps its engine warm with it. */
  warm(text: string, settings: string): void {
    if (!this.failure) this.post({ kind: 'warm', text, settings });
  }

  async fix(text: string, settings: string, unsafe: boolean): Promise<string> {
    const answer = await this.send({ kind: 'fix', id: this.nextId++, text, settings, unsafe });
    if (answer.kind !== 'fix') throw new Error(`unexpected answer ${answer.kind}`);
    return answer.text;
  }

  private send(request: Job): Promise<Response> {
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.waiting.set(request.id, { resolve, reject });
      this.post(request);
    });
  }

  private post(request: Request): void {
    this.worker.postMessage(request);
  }
}

/** Compiles the engine's wasm, streaming it as it downloads when the server labels it as wasm. */
async function compileEngine(): Promise<WebAssembly.Module> {
  const response = await fetch(new URL('../pkg/distrolint_wasm_bg.wasm', import.meta.url));
  if (!response.ok) throw new Error(`the engine's download failed: HTTP ${response.status}`);
  if (response.headers.get('content-type')?.split(';')[0]?.trim() === 'application/wasm') {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

/** The one engine of the page, started when this module is first imported. */
export const engine = new Engine();
