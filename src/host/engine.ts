/**
 * One evaluation as both hosts run it: resolve the environment in its directory, load it and its
 * imports from disk, evaluate (check or open), and map diagnostics back to file paths.
 */
import * as path from 'node:path';
import type { EvalMode, EvaluateResult } from '../eval/api.js';
import { evaluateEnvironment } from '../eval/evaluate.js';
import type { Provider } from '../eval/provider.js';
import type { Plain } from '../eval/value.js';
import type { Diagnostic } from '../syntax/diagnostic.js';
import { createFileLoader } from './loader.js';
import { resolveEnvironment, type ResolvedEnvironment } from './resolve.js';

export interface EngineOptions {
  environment: string;
  environmentsDir: string;
  workspace: string;
  mode: EvalMode;
  providers?: ReadonlyMap<string, Provider>;
  context?: { [key: string]: Plain };
  showSecrets?: boolean;
  /** Context keys that are unknown in this evaluation (see EvaluateOptions). */
  unknownContextKeys?: readonly string[];
  signal?: AbortSignal;
  /** In a GitHub Actions runner (messages about a missing file mention actions/checkout). */
  inRunner?: boolean;
}

export interface EngineResult {
  resolved: ResolvedEnvironment;
  result: EvaluateResult;
  /** The file path (as shown to users) of each environment name involved. */
  fileOf: (envName: string) => string;
}

/** Resolves and evaluates; throws `ResolveError` when the root environment cannot be found. */
export async function evaluateFromDisk(options: EngineOptions): Promise<EngineResult> {
  const dir = path.resolve(options.workspace, options.environmentsDir);
  const resolved = resolveEnvironment(
    options.environment,
    options.environmentsDir,
    options.workspace,
    { inRunner: options.inRunner === true },
  );
  const loader = createFileLoader({ dir, workspace: options.workspace, root: resolved });
  const result = await evaluateEnvironment(resolved.name, {
    loader,
    mode: options.mode,
    ...(options.providers ? { providers: options.providers } : {}),
    ...(options.context ? { context: options.context } : {}),
    ...(options.showSecrets !== undefined ? { showSecrets: options.showSecrets } : {}),
    ...(options.unknownContextKeys ? { unknownContextKeys: options.unknownContextKeys } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const paths = new Map(result.environments.map((e) => [e.name, e.path]));
  paths.set(resolved.name, resolved.displayPath);
  const dirShown = path.relative(options.workspace, dir).split(path.sep).join('/') || '.';
  const fileOf = (envName: string): string => paths.get(envName) ?? `${dirShown}/${envName}.yaml`;
  return { resolved, result, fileOf };
}

/** `file:line:col: severity: message`, the CLI's line format (and compilers'). */
export function formatDiagnosticLine(d: Diagnostic, fileOf: (envName: string) => string): string {
  const file = fileOf(d.file);
  const where = d.range ? `${file}:${d.range.start.line}:${d.range.start.column}` : file;
  return `${where}: ${d.severity}: ${d.summary}`;
}
