/**
 * What a builtin needs from the evaluator, and the small argument checks builtins share
 * (`expected string, got number` at the offending value's definition).
 */
import type { SyntaxNode } from '../../syntax/node.js';
import type { DeclaredExpr } from '../declare.js';
import { EValue } from '../evalue.js';
import type { EnvironmentEvaluator } from '../evaluator.js';
import { NumberText } from '../value.js';
import type { Value } from '../value.js';

export type Host = EnvironmentEvaluator;

/** Evaluates an optional operand; a missing one (after a load error) is unknown. */
export function operand(h: Host, x: DeclaredExpr, name: string): EValue {
  const o = x.operand(name);
  return o === undefined ? EValue.unknown(x.x.node) : h.evaluateExpr(o);
}

function mismatch(h: Host, v: EValue, expected: string): false {
  h.error(v.def, `expected ${expected}, got ${v.type()}`);
  return false;
}

/** A string (or unknown). */
export function checkString(h: Host, v: EValue): boolean {
  if (v.unknown) return true;
  return v.type() === 'string' ? true : mismatch(h, v, 'string');
}

/** An array (or unknown) whose elements pass `element`; every bad element is reported. */
export function checkArray(h: Host, v: EValue, element?: (e: EValue) => boolean): boolean {
  if (v.unknown) return true;
  if (!Array.isArray(v.repr)) return mismatch(h, v, 'array');
  let ok = true;
  if (element !== undefined) for (const e of v.repr) ok = element(e) && ok;
  return ok;
}

/** The text of a known string value. */
export function stringOf(v: EValue): string | Uint8Array {
  const r = v.repr;
  return typeof r === 'string' || r instanceof Uint8Array ? r : '';
}

/** A result value of a builtin call, defined at the call. */
export function result(x: DeclaredExpr): EValue {
  return new EValue(x.x.node);
}

/** Converts a public value (provider output, parsed JSON) into an evaluator value at `def`. */
export function fromPublic(v: Value, def: SyntaxNode, secret: boolean): EValue {
  const s = secret || v.secret;
  const out = new EValue(def);
  out.secret = s;
  if (v.unknown) {
    out.unknown = true;
    return out;
  }
  const r = v.repr;
  if (Array.isArray(r)) out.repr = r.map((e) => fromPublic(e, def, s));
  else if (r instanceof Map) {
    const m = new Map<string, EValue>();
    for (const [k, e] of r) m.set(k, fromPublic(e, def, s));
    out.repr = m;
  } else if (typeof r === 'number') out.repr = new NumberText(String(r));
  else out.repr = r;
  return out;
}

/**
 * The start of every builtin over one string argument (`value`): the result, flagged from the
 * argument, and the argument's text, or no text when the result is already decided (a type error,
 * reported, or an unknown argument).
 */
export function stringArgument(
  h: Host,
  x: DeclaredExpr,
): { v: EValue; text: string | Uint8Array | undefined } {
  const v = result(x);
  const str = operand(h, x, 'value');
  if (!checkString(h, str)) {
    v.unknown = true;
    return { v, text: undefined };
  }
  v.combine(str);
  return { v, text: v.unknown ? undefined : stringOf(str) };
}
