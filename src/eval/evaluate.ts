/**
 * The evaluator's entry point (`api.ts`): load the root and everything it imports, evaluate in
 * passes until no new provider opens are needed, and return the merged value with every
 * diagnostic. Never throws on user input.
 */
import type { EnvironmentDecl } from '../ast/environment.js';
import type { Accessor, Expr, PropertyAccess } from '../ast/expr.js';
import { hasErrors, sortDiagnostics } from '../syntax/diagnostic.js';
import type { Diagnostic } from '../syntax/diagnostic.js';
import type { EvaluateOptions, EvaluateResult } from './api.js';
import type { EValue } from './evalue.js';
import { EnvironmentEvaluator } from './evaluator.js';
import { EvaluationState, Pass } from './session.js';
import type { LoadedEnvironment } from './session.js';

const MAX_PASSES = 10000;

export interface DeclEvaluation {
  value: EValue | undefined;
  diagnostics: Diagnostic[];
  /** Expressions evaluated in the last pass, and the number of passes. */
  evaluations: number;
  passes: number;
}

/** True for an environment with neither values nor imports (it evaluates to nothing). */
export function isEmptyEnvironment(decl: EnvironmentDecl | undefined): boolean {
  return decl === undefined || (decl.values.length === 0 && decl.imports.length === 0);
}

/**
 * Evaluates an already loaded declaration (even one with load errors, as the upstream tests do),
 * in as many passes as provider opens require. Diagnostics are those of the last pass: evaluation
 * errors of the root and of everything it imports, plus the load diagnostics of imports.
 */
export async function evaluateDecl(
  state: EvaluationState,
  name: string,
  decl: EnvironmentDecl | undefined,
): Promise<DeclEvaluation> {
  for (let i = 0; ; i++) {
    const pass = new Pass(state, name);
    const value =
      isEmptyEnvironment(decl) || decl === undefined
        ? undefined
        : new EnvironmentEvaluator(pass, name, decl).evaluate();
    const started = await state.settle();
    // A budget is spent for the whole evaluation: another pass could only fail somewhere else.
    if (started === 0 || i >= MAX_PASSES || state.budget.exhausted !== undefined) {
      return { value, diagnostics: pass.diagnostics, evaluations: pass.evaluations, passes: i + 1 };
    }
  }
}

/** Every environment the root imports or references, transitively, loaded (cached in `state`). */
function loadGraph(state: EvaluationState, root: LoadedEnvironment): LoadedEnvironment[] {
  const out: LoadedEnvironment[] = [];
  const seen = new Set<string>([root.name]);
  const queue: LoadedEnvironment[] = [root];
  while (queue.length > 0) {
    const env = queue.shift() as LoadedEnvironment;
    out.push(env);
    if (env.decl === undefined) continue;
    const names = [...env.decl.imports.map((i) => i.name), ...referencedEnvironments(env.decl)];
    for (const n of names) {
      if (seen.has(n)) continue;
      seen.add(n);
      const loaded = state.load(n);
      if (loaded.error === undefined) queue.push(loaded);
    }
  }
  return out;
}

/** Names of environments referenced inline (`${environments.proj.env...}`). */
function referencedEnvironments(decl: EnvironmentDecl): string[] {
  const out: string[] = [];
  const visitAccess = (a: PropertyAccess): void => {
    const acc = a.accessors;
    if (acc.length < 3 || accessorKey(acc[0]) !== 'environments') return;
    const pk = accessorKey(acc[1]);
    const ek = accessorKey(acc[2]);
    if (pk !== undefined && ek !== undefined) out.push(`${pk}/${ek}`);
  };
  const visit = (x: Expr): void => {
    switch (x.kind) {
      case 'symbol':
        visitAccess(x.access);
        break;
      case 'interpolate':
        for (const p of x.parts) if (p.access !== undefined) visitAccess(p.access);
        break;
      case 'array':
        for (const e of x.elements) visit(e);
        break;
      case 'object':
        for (const e of x.entries) visit(e.value);
        break;
      case 'null':
      case 'boolean':
      case 'number':
      case 'string':
        break;
      default:
        visit(x.args);
        break;
    }
  };
  for (const v of decl.values) visit(v.value);
  return out;
}

/** The key an accessor names (a property name or a string subscript). */
function accessorKey(acc: Accessor | undefined): string | undefined {
  if (acc === undefined) return undefined;
  if (acc.kind === 'name') return acc.name;
  return typeof acc.index === 'string' ? acc.index : undefined;
}

export async function evaluateEnvironment(
  name: string,
  options: EvaluateOptions,
): Promise<EvaluateResult> {
  const state = new EvaluationState(options);
  const root = state.load(name);
  const environments = (): { name: string; path: string }[] =>
    state.loadOrder.map((n) => ({ name: n, path: state.loads.get(n)?.path ?? '' }));
  if (root.error !== undefined) {
    return {
      value: undefined,
      diagnostics: [{ severity: 'error', summary: root.error, file: name, path: '' }],
      environments: [],
      opens: [],
    };
  }
  const graph = loadGraph(state, root);
  const loadDiagnostics = graph.flatMap((g) => g.diagnostics);
  if (root.decl === undefined || (options.mode === 'open' && hasErrors(loadDiagnostics))) {
    return {
      value: undefined,
      diagnostics: sortDiagnostics(dedupe(loadDiagnostics)),
      environments: environments(),
      opens: [],
    };
  }
  try {
    const r = await evaluateDecl(state, name, root.decl);
    return {
      value: r.value?.export(),
      diagnostics: sortDiagnostics(dedupe([...root.diagnostics, ...r.diagnostics])),
      environments: environments(),
      opens: state.openRecords,
    };
  } catch (err) {
    // Defensive: an internal error must not escape as a crash of the host.
    const message = err instanceof Error ? err.message : String(err);
    return {
      value: undefined,
      diagnostics: [
        { severity: 'error', summary: `internal error: ${message}`, file: name, path: '' },
      ],
      environments: environments(),
      opens: state.openRecords,
    };
  }
}

/** Drops exact duplicates (the same import loaded from two places reports its problems once). */
function dedupe(diags: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diags.filter((d) => {
    const k = `${d.severity}|${d.file}|${d.range?.start.line}|${d.range?.start.column}|${d.summary}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export { EvaluationState } from './session.js';
