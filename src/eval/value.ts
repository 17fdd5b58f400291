/**
 * The evaluated value model. Numbers are kept as decimal text (never a JS number, so
 * `12345678901234567890` stays exact); strings are JS strings, or a `Uint8Array` when they hold
 * bytes that are not valid UTF-8 (a `fn::fromBase64` result). Every value carries `secret` and
 * `unknown` flags; containers carry per-element flags.
 */
import type { Range } from '../syntax/diagnostic.js';

/** A number as its decimal text, e.g. `42`, `3.14`, `1e+06`. */
export class NumberText {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export type Scalar = null | boolean | NumberText | string | Uint8Array;
export type Repr = Scalar | Value[] | Map<string, Value>;

export interface Value {
  /** The representation. For an unknown value this is `null` and carries no meaning. */
  repr: Repr;
  secret: boolean;
  unknown: boolean;
  /** Set by `fn::final`: importers cannot override this value. */
  final?: boolean;
  /** The imported value at the same path that this one was laid over (merge base). */
  base?: Value;
  /** The range of the expression that defined this value, for diagnostics about it. */
  origin?: Range;
}

export type ValueType = 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object';

export function typeOf(v: Value): ValueType {
  return reprType(v.repr);
}

/** The JSON type of a representation (of a `Value` or of the evaluator's own values). */
export function reprType(r: Scalar | readonly unknown[] | ReadonlyMap<string, unknown>): ValueType {
  if (r === null) return 'null';
  if (typeof r === 'boolean') return 'boolean';
  if (r instanceof NumberText) return 'number';
  if (typeof r === 'string' || r instanceof Uint8Array) return 'string';
  if (Array.isArray(r)) return 'array';
  return 'object';
}

/** Plain data as providers receive and return it. Numbers may be JS numbers or `NumberText`. */
export type Plain =
  null | boolean | number | NumberText | string | Uint8Array | Plain[] | { [key: string]: Plain };

/** A value whose content is not known (a provider's result in check mode, say). */
export function unknownValue(secret = false): Value {
  return { repr: null, secret, unknown: true };
}

/** Builds a value from plain data; `secret` flags every element, all the way down. */
export function fromPlain(p: Plain, secret = false): Value {
  if (p === null || typeof p === 'boolean' || typeof p === 'string')
    return { repr: p, secret, unknown: false };
  if (typeof p === 'number') return { repr: new NumberText(String(p)), secret, unknown: false };
  if (p instanceof NumberText || p instanceof Uint8Array)
    return { repr: p, secret, unknown: false };
  if (Array.isArray(p)) return { repr: p.map((e) => fromPlain(e, secret)), secret, unknown: false };
  const m = new Map<string, Value>();
  for (const [k, e] of Object.entries(p)) m.set(k, fromPlain(e, secret));
  return { repr: m, secret, unknown: false };
}

/** The plain data of a known value, secrets revealed. Unknown parts become `undefined`-free nulls. */
export function toPlain(v: Value): Plain {
  const r = v.repr;
  if (Array.isArray(r)) return r.map(toPlain);
  if (r instanceof Map) {
    const o: { [key: string]: Plain } = Object.create(null) as { [key: string]: Plain };
    for (const [k, e] of r) o[k] = toPlain(e);
    return o;
  }
  return r;
}
