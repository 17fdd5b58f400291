/**
 * Bounds that keep evaluation finite and the host's stack and memory safe on any input a user or
 * an attacker can commit. Real environments stay far below each of them; going past one is an
 * error diagnostic (only the first limit reached is reported), never a crash.
 */
import type { EValue } from './evalue.js';
import { NumberText } from './value.js';
import type { Plain, Value } from './value.js';

// The YAML nesting limit is checked by syntax/, below this layer: it lives in base/.
export { MAX_YAML_DEPTH } from '../base/limits.js';

/**
 * Deepest evaluation: nested expressions plus the references followed to evaluate them. A
 * longer chain (`a: ${b}`, `b: ${c}`, ...) stops here with one diagnostic.
 */
export const MAX_EVALUATION_DEPTH = 500;

/** Deepest value a reference may copy, or `fn::fromJSON` may build. */
export const MAX_VALUE_DEPTH = 512;

/**
 * Values copied by references (and by imports laid under their importer) or built by `fn::split`
 * and `fn::fromJSON`, in the whole evaluation (bounds `a1: [${a0}, ${a0}]`-style doubling).
 */
export const MAX_COPIED_VALUES = 250_000;

/** Longest string (UTF-16 units or bytes) an expression may produce. */
export const MAX_STRING_LENGTH = 16 * 1024 * 1024;

/**
 * Characters (UTF-16 units, or bytes of binary strings) that interpolations and builtins produce
 * or scan, in the whole evaluation: four strings of the longest length, or a few seconds of work.
 */
export const MAX_TEXT = 64 * 1024 * 1024;

/** Builtin applications (`fn::...`) in the whole evaluation. */
export const MAX_BUILTIN_CALLS = 50_000;

/** Environments loaded by one evaluation: the root and everything it imports or references. */
export const MAX_ENVIRONMENTS = 256;

/**
 * Bytes of all the environment files one evaluation loads (the root and its imports): as much as
 * the largest single file may hold, so that parsing and evaluating them all takes seconds.
 */
export const MAX_SOURCE_BYTES = 1024 * 1024;

/** The budgets a whole evaluation draws from: every pass and every environment together. */
export type BudgetKind = 'values' | 'text' | 'builtins' | 'environments' | 'sourceBytes';

const BUDGET_MAX: Readonly<Record<BudgetKind, number>> = {
  values: MAX_COPIED_VALUES,
  text: MAX_TEXT,
  builtins: MAX_BUILTIN_CALLS,
  environments: MAX_ENVIRONMENTS,
  sourceBytes: MAX_SOURCE_BYTES,
};

const BUDGET_UNIT: Readonly<Record<BudgetKind, string>> = {
  values: 'values (copied by references and imports, or built by fn::split and fn::fromJSON)',
  text: 'characters of text (produced or read by interpolations and builtins)',
  builtins: 'builtin calls',
  environments: 'environments (the root and everything it imports)',
  sourceBytes: 'bytes of environment files (the root and everything it imports)',
};

/**
 * What one evaluation has spent of each budget. Once one is exceeded the evaluation is over: every
 * later charge fails too, so no more work is done, and the driver runs no further pass.
 */
export class Budget {
  private readonly spent: Record<BudgetKind, number> = {
    values: 0,
    text: 0,
    builtins: 0,
    environments: 0,
    sourceBytes: 0,
  };
  /** The budget that ran out first, if any. */
  exhausted: BudgetKind | undefined = undefined;

  /** Spends `amount` of `kind`; false (and nothing spent) when that would exceed its maximum. */
  charge(kind: BudgetKind, amount: number): boolean {
    if (this.exhausted !== undefined) return false;
    if (this.spent[kind] + amount > BUDGET_MAX[kind]) {
      this.exhausted = kind;
      return false;
    }
    this.spent[kind] += amount;
    return true;
  }

  /** What is left of `kind`. */
  left(kind: BudgetKind): number {
    return this.exhausted === undefined ? BUDGET_MAX[kind] - this.spent[kind] : 0;
  }
}

/** The diagnostic for `what` (e.g. `fn::split`) going past budget `kind`. */
export function budgetMessage(what: string, kind: BudgetKind): string {
  return `${what} exceeds the evaluation's budget of ${BUDGET_MAX[kind]} ${BUDGET_UNIT[kind]}`;
}

/** True when plain data nests deeper than `max` (iterative: safe on any depth). */
export function plainDepthExceeds(p: Plain, max: number): boolean {
  const stack: [Plain, number][] = [[p, 1]];
  for (;;) {
    const top = stack.pop();
    if (top === undefined) return false;
    const [v, d] = top;
    if (v === null || typeof v !== 'object' || v instanceof Uint8Array) continue;
    if (d > max) return true;
    if (Array.isArray(v)) for (const e of v) stack.push([e, d + 1]);
    else if (!(v instanceof NumberText)) for (const e of Object.values(v)) stack.push([e, d + 1]);
  }
}

/**
 * The number of values in `v` (own structure and base chains, as a copy walks them) and its
 * depth, counting no further than `maxNodes` values. Iterative: safe on any depth.
 */
export function measureValue(v: EValue, maxNodes: number): { nodes: number; depth: number } {
  const stack: [EValue, number][] = [[v, 1]];
  let nodes = 0;
  let depth = 0;
  for (;;) {
    const top = stack.pop();
    if (top === undefined || nodes > maxNodes) return { nodes, depth };
    const [e, d] = top;
    nodes++;
    if (d > depth) depth = d;
    const r = e.repr;
    if (Array.isArray(r)) for (const c of r) stack.push([c, d + 1]);
    else if (r instanceof Map) for (const c of r.values()) stack.push([c, d + 1]);
    if (e.base !== undefined) stack.push([e.base, d]);
  }
}

/**
 * The characters of the strings in `v` (as `fn::validate` or a provider's input schema reads
 * them), counting no further than `max`. Iterative: safe on any depth.
 */
export function textIn(v: Value, max: number): number {
  const stack: Value[] = [v];
  let n = 0;
  for (;;) {
    const e = stack.pop();
    if (e === undefined || n > max) return n;
    const r = e.repr;
    if (typeof r === 'string' || r instanceof Uint8Array) n += r.length;
    else if (Array.isArray(r)) for (const c of r) stack.push(c);
    else if (r instanceof Map)
      for (const [k, c] of r) {
        n += k.length;
        stack.push(c);
      }
  }
}
