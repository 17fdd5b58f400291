/**
 * No silent placeholders: in open mode a value that is still unknown would be exported as the
 * literal `[unknown]`. Each such value is an error diagnostic at its key that says why it is
 * unknown, naming the provider call that was not opened and where it is:
 * `AWS_ACCESS_KEY_ID is unknown: fn::open::aws-login at .esc/prod.yaml:4:7 was not opened because
 * its inputs have errors`. Hosts add these to the evaluation's diagnostics, so nothing is
 * exported, written, printed or run. Check mode (where providers are never opened) has none.
 * An unknown no provider call explains comes from an error the evaluation already reported
 * (a bad reference, a type error): it is reported only when there is no such error, as the
 * last guard against exporting `[unknown]`.
 */
import type { EvalMode } from '../eval/api.js';
import { keyRangeOf, unknownCauseOf, type UnknownCause } from '../eval/evalue.js';
import type { EvaluateResult } from '../eval/api.js';
import type { Value } from '../eval/value.js';
import { hasErrors, sortDiagnostics, type Diagnostic, type Range } from '../syntax/diagnostic.js';
import { joinIndex, joinKey } from '../syntax/path.js';

/**
 * `exports`: the entries of `environmentVariables` and `files` (what the action exports and its
 * `run` sees). `all`: every value (what the CLI's `open` prints and `run` arguments can name).
 */
export type UnknownScope = 'exports' | 'all';

export interface UnknownCheckOptions {
  rootName: string;
  /** The file path (as shown to users) of an environment name. */
  fileOf: (envName: string) => string;
  mode: EvalMode;
  /** Default `exports`. */
  scope?: UnknownScope;
}

const SECTIONS = ['environmentVariables', 'files'] as const;

/** How many provider calls a message follows back through inputs that were unknown. */
const MAX_CHAIN = 4;

function where(range: Range, fileOf: (envName: string) => string): string {
  return `${fileOf(range.file)}:${range.start.line}:${range.start.column}`;
}

/** Why a value is unknown, in words: the provider call to blame and why it was not opened. */
export function explainCause(
  cause: UnknownCause | undefined,
  fileOf: (envName: string) => string,
  depth = 0,
): string {
  if (cause === undefined) return 'a value it depends on could not be evaluated';
  const call = `${cause.call} at ${where(cause.node.range, fileOf)}`;
  switch (cause.reason) {
    case 'invalid-inputs':
      return `${call} was not opened because its inputs have errors`;
    case 'unknown-provider':
      return `${call} was not opened because there is no such provider`;
    case 'failed':
      return `${call} failed to open`;
    case 'not-opened':
      return `${call} was not opened`;
    case 'unknown-inputs':
      return cause.inner === undefined || depth >= MAX_CHAIN
        ? `${call} was not opened because its inputs are unknown`
        : `${call} was not opened because its inputs are unknown: ${explainCause(cause.inner, fileOf, depth + 1)}`;
  }
}

interface Finder {
  out: Diagnostic[];
  options: UnknownCheckOptions;
  /** Whether the evaluation reported errors (which explain unknowns without a cause). */
  errors: boolean;
  /** Values unknown because a provider call failed to open, by the call's position. */
  failed: Map<string, { cause: UnknownCause; labels: string[] }>;
}

/** Why a call was not opened that is an error of its own (the call's, or its inputs'). */
const OWN_ERROR = new Set<UnknownCause['reason']>(['failed', 'invalid-inputs', 'unknown-provider']);

/** The provider call a chain of unknown inputs leads back to. */
function rootCause(cause: UnknownCause): UnknownCause {
  let c = cause;
  while (c.reason === 'unknown-inputs' && c.inner !== undefined) c = c.inner;
  return c;
}

function positionKey(file: string, range: Range): string {
  return `${file}\u0000${range.start.line}:${range.start.column}`;
}

function report(f: Finder, v: Value, label: string, path: string, range: Range | undefined): void {
  const cause = unknownCauseOf(v);
  if (cause === undefined && f.errors) return;
  // One cause, one error: a call that failed, had input errors or names no provider is an error
  // of its own; the values that depend on it are counted once, at the call, not reported again.
  const root = cause === undefined ? undefined : rootCause(cause);
  if (root !== undefined && OWN_ERROR.has(root.reason)) {
    const key = positionKey(root.node.range.file, root.node.range);
    const group = f.failed.get(key) ?? { cause: root, labels: [] };
    group.labels.push(label);
    f.failed.set(key, group);
    return;
  }
  const at = range ?? v.origin;
  f.out.push({
    severity: 'error',
    summary: `${label} is unknown: ${explainCause(cause, f.options.fileOf)}`,
    file: at?.file ?? f.options.rootName,
    ...(at !== undefined ? { range: at } : {}),
    path,
  });
}

/** Every unknown value under `v` (at `path`), reported once at its topmost unknown. */
function walk(f: Finder, v: Value, keys: string[], path: string, range: Range | undefined): void {
  if (v.unknown) {
    const inSection = keys.length <= 2 && SECTIONS.some((s) => s === keys[0]);
    const label = inSection ? (keys[keys.length - 1] as string) : path.replace(/^values\.?/, '');
    report(f, v, label === '' ? 'the environment' : label, path, range);
    return;
  }
  const r = v.repr;
  if (Array.isArray(r)) {
    r.forEach((e, i) => walk(f, e, [...keys, String(i)], joinIndex(path, i), e.origin));
  } else if (r instanceof Map) {
    for (const [k, e] of r) {
      walk(f, e, [...keys, k], joinKey(path, k), keyRangeOf(v, k) ?? e.origin ?? v.origin);
    }
  }
}

/**
 * Error diagnostics for the unknown values an opened environment would export or show, sorted
 * by position: one for each value with no error of its own to blame, and one for each provider
 * call that failed or was not opened and has no error at its own position (see withUnknownValues).
 */
export function checkUnknownValues(
  result: Pick<EvaluateResult, 'value' | 'diagnostics'>,
  options: UnknownCheckOptions,
): Diagnostic[] {
  return groupedUnknowns(result, options).added;
}

/** How many values depend on a call, and which (the first few). */
export function dependentsText(labels: readonly string[]): string {
  const MAX_NAMED = 5;
  const named = labels.slice(0, MAX_NAMED).join(', ');
  const more = labels.length > MAX_NAMED ? ` and ${labels.length - MAX_NAMED} more` : '';
  return labels.length === 1
    ? `1 value depends on it: ${named}`
    : `${labels.length} values depend on it: ${named}${more}`;
}

/**
 * The evaluation's diagnostics with those of the unknown-value check, one error per cause: a
 * provider call that failed to open keeps its own error, which says how many values depend on
 * it, instead of one error more for each of them; a call not opened because of errors in its
 * inputs gets one error at the call that counts them.
 */
export function withUnknownValues(
  result: Pick<EvaluateResult, 'value' | 'diagnostics'>,
  options: UnknownCheckOptions,
): Diagnostic[] {
  const { amended, added } = groupedUnknowns(result, options);
  return sortDiagnostics([...result.diagnostics.map((d) => amended.get(d) ?? d), ...added]);
}

function groupedUnknowns(
  result: Pick<EvaluateResult, 'value' | 'diagnostics'>,
  options: UnknownCheckOptions,
): { amended: Map<Diagnostic, Diagnostic>; added: Diagnostic[] } {
  const f: Finder = { out: [], options, errors: hasErrors(result.diagnostics), failed: new Map() };
  findUnknownValues(f, result.value);
  const amended = new Map<Diagnostic, Diagnostic>();
  const added = [...f.out];
  for (const [key, { cause, labels }] of f.failed) {
    const own = result.diagnostics.find(
      (d) =>
        d.severity === 'error' && d.range !== undefined && positionKey(d.file, d.range) === key,
    );
    if (own !== undefined) {
      // After a message of several lines (a YAML snippet to add), on a line of its own.
      const summary = own.summary.includes('\n')
        ? `${own.summary}\n(${dependentsText(labels)})`
        : `${own.summary} (${dependentsText(labels)})`;
      amended.set(own, { ...own, summary });
      continue;
    }
    const range = cause.node.range;
    added.push({
      severity: 'error',
      summary: `${explainCause(cause, options.fileOf)} (${dependentsText(labels)})`,
      file: range.file,
      range,
      path: cause.node.path,
    });
  }
  return { amended, added: sortDiagnostics(added) };
}

function findUnknownValues(f: Finder, root: Value | undefined): void {
  const options = f.options;
  if (options.mode !== 'open' || root === undefined) return;
  if (options.scope === 'all' || root.unknown) {
    walk(f, root, [], 'values', root.origin);
    return;
  }
  const repr = root.repr;
  if (!(repr instanceof Map)) return;
  for (const section of SECTIONS) {
    const s = repr.get(section);
    if (s === undefined) continue;
    const sectionPath = joinKey('values', section);
    if (s.unknown || !(s.repr instanceof Map)) {
      if (s.unknown) walk(f, s, [section], sectionPath, keyRangeOf(root, section) ?? s.origin);
      continue;
    }
    // Only the section's own entries are exported (arrays and objects are skipped).
    for (const [name, v] of s.repr) {
      if (v.unknown)
        report(f, v, name, joinKey(sectionPath, name), keyRangeOf(s, name) ?? v.origin);
    }
  }
}
