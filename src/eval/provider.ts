/**
 * What the evaluator needs from its host: providers (for `fn::open`), rotators (for `fn::rotate`),
 * a decrypter (for `fn::secret: {ciphertext}`), an environment loader and the execution context.
 * The language core imports none of the host's libraries; everything is passed in.
 */
import type { Plain, Value } from './value.js';

/**
 * A JSON Schema in the subset ESC supports (see esc-language.md §3 fn::validate), as plain data.
 * Providers describe their inputs and outputs with it; the evaluator type-checks inputs against
 * `inputSchema` (errors at the offending input's position) and types unknown outputs with
 * `outputSchema` in check mode.
 */
export type Schema = boolean | { [keyword: string]: Plain };

export interface OpenContext {
  /** Aborted when the whole evaluation's deadline passes. */
  signal: AbortSignal;
  /** The name of the environment that contains the `fn::open`. */
  environment: string;
}

export interface ProviderResult {
  /** The output. Flags set on it (and its elements) are kept. */
  value: Value;
  /** Host-only facts about the open (e.g. credential expiry); never shown as values. */
  meta?: Record<string, string>;
}

/** A problem `Provider.check` found, reported at `at` (one of the input values) if given. */
export interface InputProblem {
  message: string;
  at?: Value;
}

export interface Provider {
  readonly name: string;
  readonly inputSchema?: Schema;
  readonly outputSchema?: Schema;
  /**
   * Checks the inputs beyond what the schema can say (e.g. a duration's range), in check mode
   * too. Parts of the inputs may be unknown there: check only what is known. Called only when the
   * inputs passed the schema.
   */
  check?(inputs: Value): InputProblem[];
  /**
   * Opens the provider with already type-checked, fully known inputs (an object). Throws an
   * `Error` whose message is reported verbatim at the `fn::open` call; never called in check mode.
   */
  open(inputs: Value, ctx: OpenContext): Promise<ProviderResult>;
}

export interface Rotator {
  readonly name: string;
  readonly inputSchema?: Schema;
  readonly stateSchema?: Schema;
  readonly outputSchema?: Schema;
  open(inputs: Value, state: Value, ctx: OpenContext): Promise<ProviderResult>;
}

/** Decrypts the payload of a `fn::secret: {ciphertext}` envelope. */
export type Decrypter = (ciphertext: Uint8Array) => Uint8Array;

/** One environment's source as the loader found it. */
export interface LoadedSource {
  /** The environment's name as written in imports (`proj/prod`); diagnostics use it as file. */
  name: string;
  /** Where it came from, for hosts (a path relative to the workspace); not used by the core. */
  path: string;
  text: string | Uint8Array;
}

/** Loads an environment by name. Returns an error message (reported at the import) on failure. */
export type EnvironmentLoader = (name: string) => LoadedSource | { error: string };
