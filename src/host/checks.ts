/**
 * What both hosts (the action and the CLI) check beyond the evaluator, and in which order: the
 * environment is first evaluated in check mode, where no provider is opened; only when that has
 * no error is it opened. So a run reports every error a check reports (the evaluator's and the
 * hosts' own: names, value types, sizes, the `keys` input), before anything is opened.
 */
import type { EvalMode } from '../eval/api.js';
import { suggest } from '../base/spell.js';
import { hasErrors, sortDiagnostics, type Diagnostic } from '../syntax/diagnostic.js';
import { evaluateFromDisk, type EngineOptions, type EngineResult } from './engine.js';
import { checkExportTypes, checkExportValues, type ExportCheckOptions } from './export-check.js';
import { withRegionVariables } from './aws-env.js';
import { environmentExports } from './exports.js';
import { checkExportNames } from './names.js';
import { withUnknownValues, type UnknownScope } from './unknowns.js';

export interface HostCheckOptions {
  /** What the unknown-value check covers (see unknowns.ts). */
  unknownScope: UnknownScope;
  /** Checks the values against what a process environment can hold (action, CLI `run`). */
  exportValues?: ExportCheckOptions;
  /** The action's `keys` input: each must name a variable or file the environment defines. */
  keys?: readonly string[];
  /** The action's `aws-region` input, which may add AWS_REGION and AWS_DEFAULT_REGION. */
  awsRegion?: string;
}

/**
 * Errors for `keys` entries the environment does not define, with the nearest defined name. Not
 * decided while the set of names is unknown (a whole section from a provider, in check mode).
 */
export function checkKeysInput(
  engine: Pick<EngineResult, 'result' | 'resolved'>,
  keys: readonly string[] | undefined,
  awsRegion = '',
): Diagnostic[] {
  if (keys === undefined) return [];
  const root = engine.result.value;
  const top = root?.repr;
  if (root === undefined || root.unknown) return [];
  if (top instanceof Map) {
    for (const section of ['environmentVariables', 'files']) {
      if (top.get(section)?.unknown === true) return [];
    }
  }
  const exports = withRegionVariables(environmentExports(root), awsRegion);
  const defined = [...exports.variables, ...exports.files].map((e) => e.name);
  const out: Diagnostic[] = [];
  for (const key of keys) {
    if (defined.includes(key)) continue;
    const nearest = suggest(key, defined, { swaps: true });
    out.push({
      severity: 'error',
      summary:
        `input "keys" lists ${key}, which ${engine.resolved.displayPath} does not define` +
        (nearest !== undefined
          ? ` (did you mean ${nearest}?)`
          : defined.length > 0
            ? ` (it defines ${defined.slice(0, 10).join(', ')}${defined.length > 10 ? ', …' : ''})`
            : ' (it defines no variable)'),
      file: engine.resolved.name,
      path: '',
    });
  }
  return out;
}

/** Adds the hosts' own checks to an evaluation's diagnostics (sorted, one error per cause). */
export function applyHostChecks(
  engine: EngineResult,
  mode: EvalMode,
  options: HostCheckOptions,
): void {
  const { result, resolved, fileOf } = engine;
  const added = [
    ...result.diagnostics,
    ...checkExportNames(result.value, resolved.name),
    ...checkExportTypes(result.value, resolved.name, result.diagnostics),
    ...(options.exportValues
      ? checkExportValues(result.value, resolved.name, options.exportValues)
      : []),
    ...checkKeysInput(engine, options.keys, options.awsRegion),
  ];
  result.diagnostics = withUnknownValues(
    { value: result.value, diagnostics: sortDiagnostics(added) },
    { rootName: resolved.name, fileOf, mode, scope: options.unknownScope },
  );
}

export interface CheckedEngineResult extends EngineResult {
  /** The mode of the evaluation returned: `check` when an open stopped at the check's errors. */
  mode: EvalMode;
}

/**
 * Evaluates as `options.mode` asks, with the host checks. An open is preceded by a check with the
 * same options: when the check has errors, they are returned (mode `check`) and nothing is opened.
 */
export async function evaluateChecked(
  options: EngineOptions,
  checks: HostCheckOptions,
): Promise<CheckedEngineResult> {
  if (options.mode === 'open') {
    const checked = await evaluateFromDisk({ ...options, mode: 'check' });
    applyHostChecks(checked, 'check', checks);
    if (hasErrors(checked.result.diagnostics)) return { ...checked, mode: 'check' };
  }
  const engine = await evaluateFromDisk(options);
  applyHostChecks(engine, options.mode, checks);
  return { ...engine, mode: options.mode };
}
