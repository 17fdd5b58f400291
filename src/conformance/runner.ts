/**
 * Runs the upstream evaluator's test cases (`conformance/esc-eval/<case>/`) against this
 * evaluator: load, check and eval diagnostics compared as multisets of (severity, summary, file,
 * start line, start column), and the JSON renderings `checkJson`, `evalJsonRedacted`,
 * `evalJSONRevealed`. Harness code, not part of the product.
 *
 * Loose comparisons: a YAML syntax error's text is go-yaml's (`yaml: line 1: did not find
 * expected ',' or ']'`), which a different YAML parser cannot reproduce; for diagnostics without
 * a range whose summary starts with `yaml: `, only that prefix is compared. Rotation results
 * (`rotateDiags`, `rotateJson`, `rotatePatches`) are not produced: rotation is out of scope, so a
 * case expecting them fails with that reason after its other expectations are compared.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadEnvironment } from '../ast/environment.js';
import type { Diagnostic } from '../syntax/diagnostic.js';
import type { EvaluateOptions } from '../eval/api.js';
import { evaluateDecl } from '../eval/evaluate.js';
import { EvaluationState } from '../eval/session.js';
import { toJSONData } from '../eval/render.js';
import type { JsonData } from '../eval/render.js';
import type { EnvironmentLoader } from '../eval/provider.js';
import { rot128, testProviders, testRotators } from './providers.js';

interface ExpectedDiag {
  Severity: number;
  Summary: string;
  Subject: { Filename: string; Start: { Line: number; Column: number } } | null;
}

interface Expected {
  rotateDiags?: unknown;
  rotateJson?: unknown;
  rotatePatches?: unknown;
  loadDiags?: ExpectedDiag[];
  checkDiags?: ExpectedDiag[];
  evalDiags?: ExpectedDiag[];
  checkJson?: JsonData;
  evalJsonRedacted?: JsonData;
  evalJSONRevealed?: JsonData;
}

interface Overrides {
  showSecrets?: boolean;
  rootEnvironment?: string;
  rotate?: boolean;
}

export interface CaseResult {
  name: string;
  ok: boolean;
  /** The first difference, when not ok. */
  difference?: string;
}

function expectedKey(d: ExpectedDiag): string {
  const sev = d.Severity === 1 ? 'error' : 'warning';
  if (d.Subject === null) {
    const summary = d.Summary.startsWith('yaml: ') ? 'yaml: <go-yaml message>' : d.Summary;
    return `${sev}|${summary}|-|0|0`;
  }
  return `${sev}|${d.Summary}|${d.Subject.Filename}|${d.Subject.Start.Line}|${d.Subject.Start.Column}`;
}

function actualKey(d: Diagnostic): string {
  // A YAML syntax error carries a range here (for annotations) but none upstream.
  if (d.range === undefined || d.summary.startsWith('yaml: ')) {
    const summary = d.summary.startsWith('yaml: ') ? 'yaml: <go-yaml message>' : d.summary;
    return `${d.severity}|${summary}|-|0|0`;
  }
  return `${d.severity}|${d.summary}|${d.range.file}|${d.range.start.line}|${d.range.start.column}`;
}

function compareDiags(
  what: string,
  expected: ExpectedDiag[] | undefined,
  actual: Diagnostic[],
): string | undefined {
  const want = (expected ?? []).map(expectedKey).sort();
  const got = actual.map(actualKey).sort();
  const missing = [...want];
  const extra: string[] = [];
  for (const g of got) {
    const i = missing.indexOf(g);
    if (i >= 0) missing.splice(i, 1);
    else extra.push(g);
  }
  if (missing.length > 0)
    return `${what}: missing ${missing[0]}${extra.length > 0 ? `; got ${extra[0]}` : ''}`;
  if (extra.length > 0) return `${what}: unexpected ${extra[0]}`;
  return undefined;
}

function canonicalJSON(v: JsonData | undefined): string {
  if (v === undefined) return '<none>';
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonicalJSON).join(',')}]`;
  return `{${Object.keys(v)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJSON(v[k])}`)
    .join(',')}}`;
}

function compareJSON(
  what: string,
  expected: JsonData | undefined,
  actual: JsonData | undefined,
): string | undefined {
  const e = canonicalJSON(expected);
  const a = canonicalJSON(actual);
  if (e === a) return undefined;
  let i = 0;
  while (i < e.length && e[i] === a[i]) i++;
  const from = Math.max(0, i - 30);
  return `${what}: expected …${e.slice(from, i + 40)}… got …${a.slice(from, i + 40)}…`;
}

/** A loader reading `<name>.yaml` under the case directory, with Go's error text. */
export function caseLoader(dir: string, caseName: string): EnvironmentLoader {
  return (name) => {
    const path = join(dir, `${name}.yaml`);
    if (!existsSync(path))
      return { error: `open testdata/eval/${caseName}/${name}.yaml: no such file or directory` };
    return { name, path, text: readFileSync(path) };
  };
}

export async function runCase(dir: string, name: string): Promise<CaseResult> {
  const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected;
  const overridesPath = join(dir, 'overrides.json');
  const overrides = existsSync(overridesPath)
    ? (JSON.parse(readFileSync(overridesPath, 'utf8')) as Overrides)
    : ({} as Overrides);
  const base: Omit<EvaluateOptions, 'mode'> = {
    loader: caseLoader(dir, name),
    providers: testProviders(),
    rotators: testRotators(),
    decrypter: rot128,
    context: { pulumi: { user: { id: 'USER_123' } } },
    ...(overrides.rootEnvironment !== undefined
      ? { rootEnvironmentName: overrides.rootEnvironment }
      : {}),
  };
  const loaded = loadEnvironment(name, readFileSync(join(dir, 'env.yaml')));
  const differences: (string | undefined)[] = [
    compareDiags('loadDiags', expected.loadDiags, loaded.diagnostics),
  ];
  if (loaded.decl !== undefined) {
    const check = await evaluateDecl(
      new EvaluationState({ ...base, mode: 'check', showSecrets: overrides.showSecrets === true }),
      name,
      loaded.decl,
    );
    const evaluated = await evaluateDecl(
      new EvaluationState({ ...base, mode: 'open' }),
      name,
      loaded.decl,
    );
    const checkValue = check.value?.export();
    const evalValue = evaluated.value?.export();
    differences.push(
      compareDiags('checkDiags', expected.checkDiags, check.diagnostics),
      compareDiags('evalDiags', expected.evalDiags, evaluated.diagnostics),
      compareJSON('checkJson', expected.checkJson, checkValue && toJSONData(checkValue, true)),
      compareJSON(
        'evalJsonRedacted',
        expected.evalJsonRedacted,
        evalValue && toJSONData(evalValue, true),
      ),
      compareJSON(
        'evalJSONRevealed',
        expected.evalJSONRevealed,
        evalValue && toJSONData(evalValue, false),
      ),
    );
  } else {
    for (const k of [
      'checkDiags',
      'evalDiags',
      'checkJson',
      'evalJsonRedacted',
      'evalJSONRevealed',
    ] as const) {
      if (expected[k] !== undefined)
        differences.push(`${k}: expected, but the environment did not load`);
    }
  }
  // Rotation is not implemented: a case that expects rotation results cannot pass, even when
  // everything else it expects matches.
  if (
    overrides.rotate === true ||
    expected.rotateDiags !== undefined ||
    expected.rotateJson !== undefined ||
    expected.rotatePatches !== undefined
  ) {
    differences.push(
      'rotation: not implemented (every other expectation of this case was compared)',
    );
  }
  const difference = differences.find((d) => d !== undefined);
  return difference === undefined ? { name, ok: true } : { name, ok: false, difference };
}

/** Runs every case directory under `root` (skipping `bench`). */
export async function runConformance(
  root: string,
  log: (line: string) => void,
): Promise<CaseResult[]> {
  const names = readdirSync(root)
    .filter(
      (n) =>
        n !== 'bench' &&
        statSync(join(root, n)).isDirectory() &&
        existsSync(join(root, n, 'env.yaml')),
    )
    .sort();
  const results: CaseResult[] = [];
  for (const n of names) {
    let r: CaseResult;
    try {
      r = await runCase(join(root, n), n);
    } catch (err) {
      r = {
        name: n,
        ok: false,
        difference: `crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
      };
    }
    if (!r.ok) log(`FAIL ${r.name}: ${r.difference ?? ''}`);
    results.push(r);
  }
  const passed = results.filter((r) => r.ok).length;
  log(`conformance: ${passed} passed, ${results.length - passed} failed`);
  return results;
}
