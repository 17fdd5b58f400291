/**
 * The evaluator's public contract, shared by the hosts (action, CLI, conformance runner).
 * Implemented by `evaluate.ts`.
 */
import type { Diagnostic, Range } from '../syntax/diagnostic.js';
import type { Decrypter, EnvironmentLoader, Provider, Rotator } from './provider.js';
import type { Plain, Value } from './value.js';

export type EvalMode = 'check' | 'open';

export interface EvaluateOptions {
  /** Loads environments by name: the root and everything it imports or references. */
  loader: EnvironmentLoader;
  /** `check`: providers are never opened (their results are unknown); `open`: full evaluation. */
  mode: EvalMode;
  providers?: ReadonlyMap<string, Provider>;
  rotators?: ReadonlyMap<string, Rotator>;
  /** Absent: a ciphertext is an error saying encrypted secrets need Pulumi Cloud. */
  decrypter?: Decrypter;
  /** Host values of `context` (e.g. `{github: {...}}`); `currentEnvironment`/`rootEnvironment` are added. */
  context?: { [key: string]: Plain };
  /**
   * Context keys whose values the host cannot know now: references into them are unknown,
   * without a diagnostic (e.g. `github` when checking outside a runner). `a.b` names key `b` of
   * the context object `a` (`github.run_id`).
   */
  unknownContextKeys?: readonly string[];
  /** Check mode only: decrypt ciphertexts (as `esc env get --show-secrets`). */
  showSecrets?: boolean;
  /** Overrides the root's name as seen by `context.rootEnvironment.name` (e.g. `<yaml>`). */
  rootEnvironmentName?: string;
  /** Aborts provider opens in flight. */
  signal?: AbortSignal;
}

export interface OpenRecord {
  provider: string;
  environment: string;
  range?: Range;
  meta?: Record<string, string>;
  /** Set when the call failed (its error is a diagnostic at the call). */
  failed?: true;
}

export interface EvaluateResult {
  /**
   * The root environment's value: an object whose `repr` is the fully merged view (imports laid
   * under local values). Undefined for an empty environment or when loading failed.
   */
  value: Value | undefined;
  /** Load and evaluation diagnostics of every environment involved, sorted by file/line/column. */
  diagnostics: Diagnostic[];
  /** The environments that were loaded, root first, as the loader returned them. */
  environments: { name: string; path: string }[];
  /** Every provider open that ran (once per distinct provider and inputs). */
  opens: OpenRecord[];
}
