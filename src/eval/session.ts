/**
 * State shared by every environment evaluated in one pass (the import cache, diagnostics), and
 * state shared across passes (loaded sources, provider opens). Opens run outside the synchronous
 * evaluation: a pass that needs an output not yet available starts the open and sees an unknown;
 * the driver awaits the started opens and runs another pass.
 */
import { loadEnvironment } from '../ast/environment.js';
import type { EnvironmentDecl } from '../ast/environment.js';
import type { Diagnostic, Range } from '../syntax/diagnostic.js';
import type { EvaluateOptions, OpenRecord } from './api.js';
import type { EValue } from './evalue.js';
import { Budget, budgetMessage } from './limits.js';
import type { BudgetKind } from './limits.js';
import type { Provider, ProviderResult, Rotator } from './provider.js';
import { NumberText } from './value.js';
import type { Value } from './value.js';

export interface LoadedEnvironment {
  name: string;
  path: string;
  /** Absent after a fatal YAML error or when the loader failed. */
  decl?: EnvironmentDecl;
  diagnostics: Diagnostic[];
  /** The loader's error message, when it could not load the environment. */
  error?: string;
}

type OpenState =
  | { status: 'pending'; promise: Promise<void> }
  | { status: 'done'; value: Value }
  | { status: 'failed'; error: string };

export type OpenOutcome =
  { status: 'pending' } | { status: 'done'; value: Value } | { status: 'failed'; error: string };

/** Caches that live for a whole evaluation (all passes). */
export class EvaluationState {
  readonly loads = new Map<string, LoadedEnvironment>();
  readonly loadOrder: string[] = [];
  readonly opens = new Map<string, OpenState>();
  readonly openRecords: OpenRecord[] = [];
  readonly started: Promise<void>[] = [];
  readonly signal: AbortSignal;
  /** What the whole evaluation (every pass, every environment) has spent (limits.ts). */
  readonly budget = new Budget();

  constructor(readonly options: EvaluateOptions) {
    this.signal = options.signal ?? new AbortController().signal;
  }

  load(name: string): LoadedEnvironment {
    const cached = this.loads.get(name);
    if (cached !== undefined) return cached;
    let loaded: LoadedEnvironment;
    try {
      const src = this.options.loader(name);
      if ('error' in src) loaded = { name, path: '', diagnostics: [], error: src.error };
      else if (
        !this.budget.charge('environments', 1) ||
        !this.budget.charge('sourceBytes', src.text.length)
      )
        loaded = overBudget(name, src.path, this.budget.exhausted ?? 'environments');
      else {
        const r = loadEnvironment(src.name, src.text);
        loaded = {
          name,
          path: src.path,
          diagnostics: r.diagnostics,
          ...(r.decl ? { decl: r.decl } : {}),
        };
      }
    } catch (err) {
      loaded = {
        name,
        path: '',
        diagnostics: [],
        error: err instanceof Error ? err.message : String(err),
      };
    }
    this.loads.set(name, loaded);
    if (loaded.error === undefined) this.loadOrder.push(name);
    return loaded;
  }

  /** Registers an already loaded root (so it is not loaded twice). */
  setLoaded(loaded: LoadedEnvironment): void {
    if (!this.loads.has(loaded.name)) {
      this.loads.set(loaded.name, loaded);
      this.loadOrder.unshift(loaded.name);
    }
  }

  /**
   * The outcome of opening `provider` with `inputs`: cached, or started now (pending). Identical
   * opens (same provider, same input values) share one call.
   */
  open(
    providerName: string,
    provider: Provider | Rotator,
    inputs: Value,
    state: Value | undefined,
    environment: string,
    range: Range | undefined,
  ): OpenOutcome {
    const key = `${providerName}\u0000${canonical(inputs)}\u0000${state === undefined ? '' : canonical(state)}`;
    const cached = this.opens.get(key);
    if (cached !== undefined) return cached.status === 'pending' ? { status: 'pending' } : cached;
    const ctx = { signal: this.signal, environment };
    const call: Promise<ProviderResult> =
      state === undefined
        ? (provider as Provider).open(inputs, ctx)
        : (provider as Rotator).open(inputs, state, ctx);
    const record: OpenRecord = { provider: providerName, environment, ...(range ? { range } : {}) };
    const promise = Promise.resolve(call).then(
      (result) => {
        this.opens.set(key, { status: 'done', value: result.value });
        if (result.meta !== undefined) record.meta = result.meta;
        this.openRecords.push(record);
      },
      (err: unknown) => {
        this.opens.set(key, {
          status: 'failed',
          error: err instanceof Error ? err.message : String(err),
        });
        record.failed = true;
        this.openRecords.push(record);
      },
    );
    this.opens.set(key, { status: 'pending', promise });
    this.started.push(promise);
    return { status: 'pending' };
  }

  /** Waits for every open started so far; returns how many there were. */
  async settle(): Promise<number> {
    const started = this.started.splice(0);
    await Promise.all(started);
    return started.length;
  }
}

/** An environment not loaded because loading it would go past a budget of the evaluation. */
function overBudget(name: string, path: string, kind: BudgetKind): LoadedEnvironment {
  return { name, path, diagnostics: [], error: budgetMessage(`environment "${name}"`, kind) };
}

/** A stable text form of a value's data, for de-duplicating opens. */
function canonical(v: Value): string {
  if (v.unknown) return '?';
  const r = v.repr;
  if (r === null || typeof r === 'boolean') return JSON.stringify(r);
  if (r instanceof NumberText) return `n${r.text}`;
  if (typeof r === 'string') return JSON.stringify(r);
  if (r instanceof Uint8Array) return `b${Buffer.from(r).toString('base64')}`;
  if (Array.isArray(r)) return `[${r.map(canonical).join(',')}]`;
  return `{${[...r.keys()]
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(r.get(k) as Value)}`)
    .join(',')}}`;
}

/** One evaluation pass: the shared import cache and the diagnostics produced. */
export class Pass {
  readonly imports = new Map<string, { evaluating: boolean; value?: EValue }>();
  readonly diagnostics: Diagnostic[] = [];
  /** Set when some value was unknown only because an open is still pending. */
  pending = false;
  /** How many expressions were evaluated (each at most once per pass); for tests and benchmarks. */
  evaluations = 0;
  /** How deep evaluation currently is (nested expressions and references; limits.ts). */
  depth = 0;
  /** Limits already reported in this pass: each is reported once. */
  readonly exceeded = new Set<string>();

  constructor(
    readonly state: EvaluationState,
    readonly rootName: string,
  ) {}

  get options(): EvaluateOptions {
    return this.state.options;
  }

  get checking(): boolean {
    return this.state.options.mode === 'check';
  }
}
