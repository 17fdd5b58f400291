/**
 * Bounds that keep evaluation finite and the host's stack and memory safe on any input a user or
 * an attacker can commit. Real environments stay far below each of them; going past one is an
 * error diagnostic (only the first limit reached is reported), never a crash.
 */
import type { EValue } from './evalue.js';
import { NumberText } from './value.js';
import type { Plain } from './value.js';

/** Deepest YAML nesting (mappings and sequences) accepted in an environment file. */
export const MAX_YAML_DEPTH = 256;

/**
 * Deepest evaluation: nested expressions plus the references followed to evaluate them. A
 * longer chain (`a: ${b}`, `b: ${c}`, ...) stops here with one diagnostic.
 */
export const MAX_EVALUATION_DEPTH = 500;

/** Deepest value a reference may copy, or `fn::fromJSON` may build. */
export const MAX_VALUE_DEPTH = 512;

/** Values copied by references in one pass (bounds `a1: [${a0}, ${a0}]`-style doubling). */
export const MAX_COPIED_VALUES = 250_000;

/** Longest string (UTF-16 units or bytes) an expression may produce. */
export const MAX_STRING_LENGTH = 16 * 1024 * 1024;

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
