// Messages between the page and the lint worker. Types of the engine's values come from the
// TypeScript that wasm-bindgen and tsify generate (web/pkg/distrolint_wasm.d.ts).
import type { Diagnostic, RuleMeta } from '../pkg/distrolint_wasm';

export type { Diagnostic, RuleMeta };

/** The page asks the worker to lint or to fix a text. */
export type Job =
  | { kind: 'rules'; id: number }
  | { kind: 'lint'; id: number; text: string; settings: string }
  | { kind: 'fix'; id: number; text: string; settings: string; unsafe: boolean };

/**
 * What the page sends: jobs, and once, first of all but possibly after the first jobs, the engine
 * compiled by the page (null if the page could not compile it: the worker then fetches it).
 */
export type Request =
  | Job
  | { kind: 'engine'; module: WebAssembly.Module | null }
  /** The page linted this text itself: the worker keeps its engine warm with it (no answer). */
  | { kind: 'warm'; text: string; settings: string };

/** The worker answers. `ms` is the time the engine call took, measured in the worker. */
export type Response =
  | {
      kind: 'ready';
      version: string;
      profiles: string[];
      /** When the worker started and when the wasm was ready, in ms since the Unix epoch. */
      startedAt: number;
      readyAt: number;
    }
  | { kind: 'failed'; message: string }
  | { kind: 'rules'; id: number; rules: RuleMeta[] }
  | { kind: 'lint'; id: number; diagnostics: Diagnostic[]; ms: number }
  | { kind: 'fix'; id: number; text: string; ms: number }
  | { kind: 'error'; id: number; message: string };
