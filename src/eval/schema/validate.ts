/**
 * The JSON-Schema subset validator of the ESC evaluator, used by `fn::validate`, by provider and
 * rotator input checks and by builtin argument checks. Messages are worded exactly as upstream
 * ESC (`eval/eval_validate.go`) words them, typo included (`expected a number less than or equal
 * to1`).
 *
 * API
 * - `validateValue(value, schema, report)`: validates a value tree; each violation is reported
 *   at the value where it occurs (`at` = the offending value, or, when that value has no
 *   `origin`, its nearest ancestor that has one). Returns whether the value is valid: a `false`
 *   schema (e.g. `items: false` past a tuple's end) fails WITHOUT a message, exactly as upstream,
 *   so callers must use the result (not the report count) to decide, e.g., that a provider's
 *   inputs are invalid. With `{unexpectedProperties: true}` (provider and rotator inputs) a
 *   property a `false` schema forbids is reported instead, at its key (`unexpected property
 *   sesionName; did you mean sessionName?`), and so is a key that misspells a missing required
 *   one; `fn::validate` keeps upstream's behaviour. Unknown values are never errors; a schema
 *   containing unknowns validates nothing.
 * - `checkSchema(schema)`: checks a `fn::validate` schema, returning `SchemaProblem`s
 *   (`{message, at}`) instead of strings, because upstream reports meta-schema violations at the
 *   nested schema node that is wrong (e.g. `expected one of ["string","number",...]` at the
 *   `integer` of `type: integer`, plus `at least one subschema must match` there and at the
 *   schema). When problems are returned, the caller must not validate (upstream passes the value
 *   through unchecked). A schema that conforms but cannot be compiled (bad `$ref`, RE2 error,
 *   `minLength: 1.5`) yields one problem `invalid schema: <reason>` at the schema root.
 * - `typeMismatch(expected, v)`: `expected string, got number`.
 *
 * Secrets: messages never contain instance values (only schema text and property names), and
 * secret parts of a schema print as `"[secret]"` in `const`/`enum` messages.
 *
 * Depth: validation recurses once per value level and per `$ref` hop; past `MAX_DEPTH` (512)
 * levels it stops with the error `validation exceeds the maximum depth of 512` (also the guard
 * against self-referential `$ref` cycles, which would crash upstream).
 *
 * Not done here: upstream also checks an unknown value's schema against the expected schema
 * (check-mode `expected boolean, got null` for typed provider outputs) and the `rotateOnly`
 * taint; values carry neither, so both are skipped.
 */
import { byteLength, sortedKeys, toJsString } from '../../base/utf8.js';
import { goQuote } from '../go/quote.js';
import { suggest } from '../../base/spell.js';
import { fromPlain, NumberText, typeOf, type Value } from '../value.js';
import { compileSchema, decodeSchema, type Schema, SchemaError } from './compile.js';
import { compareDecimal, isMultipleOf, parseDecimal } from './decimal.js';
import { goJson } from './json.js';
import { META_SCHEMA } from './meta.js';

export interface SchemaProblem {
  message: string;
  /** The schema node to blame (use its `origin`). */
  at: Value;
}

/** A violation at `at`, or, when `key` is given, at the key `key` of the object `at`. */
export type Report = (message: string, at: Value, key?: string) => void;

export interface ValidateOptions {
  /**
   * Report each property a `false` schema forbids (`additionalProperties: false`, `name: false`)
   * at its key: `unexpected property <name>`, with the nearest allowed name (`; did you mean
   * sessionName?`). Upstream fails such a value silently; hosts ask for this on provider and
   * rotator inputs, where a silent failure means a provider that is never opened.
   */
  unexpectedProperties?: boolean;
  /**
   * Charges the work of one pattern match (the pattern's cost times the string's length) before
   * it runs; false stops the match (the host reports the budget it crossed). Without it, matches
   * are free.
   */
  chargeMatch?: (work: number) => boolean;
}

export const MAX_DEPTH = 512;

/** `expected <type>, got <type>`, for builtin argument checks. */
export function typeMismatch(expected: string, v: Value): string {
  return `expected ${expected}, got ${typeOf(v)}`;
}

/** Whether a value or anything inside it is unknown. */
export function containsUnknowns(v: Value): boolean {
  if (v.unknown) return true;
  const r = v.repr;
  if (Array.isArray(r)) return r.some(containsUnknowns);
  if (r instanceof Map) {
    for (const e of r.values()) if (containsUnknowns(e)) return true;
  }
  return false;
}

type Compiled = { schema: Schema } | { error: string };
const cache = new WeakMap<Value, Compiled>();

function compile(schema: Value): Compiled {
  let c = cache.get(schema);
  if (!c) {
    try {
      const s = decodeSchema(schema);
      compileSchema(s);
      c = { schema: s };
    } catch (e) {
      if (!(e instanceof SchemaError)) throw e;
      c = { error: e.message };
    }
    cache.set(schema, c);
  }
  return c;
}

let metaSchema: Schema | undefined;
function meta(): Schema {
  if (!metaSchema) {
    const c = compile(fromPlain(META_SCHEMA));
    if ('error' in c) throw new Error(`internal error: meta-schema: ${c.error}`);
    metaSchema = c.schema;
  }
  return metaSchema;
}

interface Diag {
  message: string;
  at: Value;
  key?: string;
}

/** A property name as messages show it: bare when it reads as a name, else Go-quoted. */
function propertyName(k: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(k) ? k : goQuote(k);
}

/** `unexpected property sesionName; did you mean sessionName?` */
export function unexpectedProperty(key: string, allowed: Iterable<string>): string {
  const near = suggest(key, allowed, { swaps: true });
  const hint = near === undefined ? '' : `; did you mean ${propertyName(near)}?`;
  return `unexpected property ${propertyName(key)}${hint}`;
}

/** Merged view of an object: own keys over the keys of its (known, object) base. */
function objectEntries(v: Value): Map<string, Value> {
  const own = v.repr instanceof Map ? v.repr : new Map<string, Value>();
  const b = v.base;
  if (!b || b.unknown || !(b.repr instanceof Map)) return own;
  const merged = new Map(objectEntries(b));
  for (const [k, e] of own) merged.set(k, e);
  return merged;
}

/** Go's json.Number equality is textual; everything else is structural. */
function equalsConst(v: Value, c: Value): boolean {
  if (v.unknown || c.unknown) return false;
  const a = v.repr;
  const b = c.repr;
  if (b === null || typeof b === 'boolean') return a === b;
  if (b instanceof NumberText) return a instanceof NumberText && a.text === b.text;
  if (typeof b === 'string' || b instanceof Uint8Array) {
    return (typeof a === 'string' || a instanceof Uint8Array) && toJsString(a) === toJsString(b);
  }
  if (Array.isArray(b)) {
    return (
      Array.isArray(a) && a.length === b.length && b.every((e, i) => equalsConst(a[i] as Value, e))
    );
  }
  if (!(a instanceof Map) || a.size !== b.size) return false;
  for (const [k, e] of b) {
    const x = a.get(k);
    if (!x || !equalsConst(x, e)) return false;
  }
  return true;
}

class Validator {
  readonly diags: Diag[] = [];

  constructor(private readonly options: ValidateOptions = {}) {}

  private error(at: Value, message: string, key?: string): false {
    this.diags.push(key === undefined ? { message, at } : { message, at, key });
    return false;
  }

  /** `loc` = where to report: `v` itself when it has an origin, else the nearest such ancestor. */
  element(v: Value, s: Schema | undefined, parentLoc: Value, depth: number): boolean {
    const loc = v.origin || !parentLoc.origin ? v : parentLoc;
    if (!s || s.always) return true;
    if (s.never) return false;
    if (v.unknown) return true;
    if (depth > MAX_DEPTH)
      return this.error(loc, `validation exceeds the maximum depth of ${MAX_DEPTH}`);

    const refOk = !s.ref || this.element(v, s.ref, loc, depth + 1);
    const anyOk = this.anyOf(v, s, loc, depth);
    const oneOk = this.oneOf(v, s, loc, depth);
    const constOk = this.constant(v, s, loc);
    const enumOk = this.enumeration(v, s, loc);
    const typeOk = this.typed(v, s, loc, depth);
    const secretOk = !s.secret || v.secret || this.error(loc, 'expected secret');
    return refOk && anyOk && oneOk && constOk && enumOk && typeOk && secretOk;
  }

  private anyOf(v: Value, s: Schema, loc: Value, depth: number): boolean {
    if (!s.anyOf || s.anyOf.length === 0) return true;
    const all: Diag[] = [];
    let matched = false;
    for (const sub of s.anyOf) {
      const inner = new Validator(this.options);
      if (inner.element(v, sub, loc, depth + 1)) matched = true;
      all.push(...inner.diags);
    }
    if (matched) return true;
    this.diags.push(...all);
    return this.error(loc, 'at least one subschema must match');
  }

  private oneOf(v: Value, s: Schema, loc: Value, depth: number): boolean {
    if (!s.oneOf || s.oneOf.length === 0) return true;
    const all: Diag[] = [];
    let matched = false;
    for (const sub of s.oneOf) {
      const inner = new Validator(this.options);
      if (inner.element(v, sub, loc, depth + 1)) {
        if (matched) return this.error(loc, 'exactly one subschema may match');
        matched = true;
      }
      all.push(...inner.diags);
    }
    if (matched) return true;
    this.diags.push(...all);
    return this.error(loc, 'exactly one subschema must match');
  }

  private constant(v: Value, s: Schema, loc: Value): boolean {
    if (!s.const || equalsConst(v, s.const)) return true;
    return this.error(loc, `expected ${goJson(s.const)}`);
  }

  private enumeration(v: Value, s: Schema, loc: Value): boolean {
    if (!s.enum || s.enum.length === 0) return true;
    if (s.enum.some((c) => equalsConst(v, c))) return true;
    if (s.enum.length === 1) return this.error(loc, `expected ${goJson(s.enum[0] as Value)}`);
    return this.error(loc, `expected one of [${s.enum.map(goJson).join(',')}]`);
  }

  private typed(v: Value, s: Schema, loc: Value, depth: number): boolean {
    const actual = typeOf(v);
    if (s.type !== undefined && s.type !== actual)
      return this.error(loc, `expected ${s.type}, got ${actual}`);
    const r = v.repr;
    if (r instanceof NumberText) return this.number(r.text, s, loc);
    if (typeof r === 'string' || r instanceof Uint8Array) return this.string(r, s, loc);
    if (Array.isArray(r)) return this.array(r, s, loc, depth);
    if (r instanceof Map) return this.object(v, s, loc, depth);
    return true;
  }

  private number(t: string, s: Schema, loc: Value): boolean {
    const n = parseDecimal(t);
    if (!n) return this.error(loc, `internal error: invalid number ${goQuote(t)}`);
    let ok = true;
    if (s.multipleOf && !isMultipleOf(n, s.multipleOf.value)) {
      ok = this.error(loc, `expected a multiple of ${s.multipleOf.text}`);
    }
    if (s.minimum && compareDecimal(n, s.minimum.value) < 0) {
      ok = this.error(loc, `expected a number greater than or equal to ${s.minimum.text}`);
    }
    if (s.exclusiveMinimum && compareDecimal(n, s.exclusiveMinimum.value) <= 0) {
      ok = this.error(loc, `expected a number greater than ${s.exclusiveMinimum.text}`);
    }
    if (s.maximum && compareDecimal(n, s.maximum.value) > 0) {
      // sic: upstream has no space before the number
      ok = this.error(loc, `expected a number less than or equal to${s.maximum.text}`);
    }
    if (s.exclusiveMaximum && compareDecimal(n, s.exclusiveMaximum.value) >= 0) {
      ok = this.error(loc, `expected a number less than ${s.exclusiveMaximum.text}`);
    }
    return ok;
  }

  private string(str: string | Uint8Array, s: Schema, loc: Value): boolean {
    let ok = true;
    const len = s.minLength || s.maxLength ? BigInt(byteLength(str)) : 0n;
    if (s.minLength && len < (s.minLength.value as { coef: bigint }).coef) {
      ok = this.error(loc, `expected a string of at least length ${s.minLength.text}`);
    }
    if (s.maxLength && len > (s.maxLength.value as { coef: bigint }).coef) {
      ok = this.error(loc, `expected a string of at most length ${s.maxLength.text}`);
    }
    if (s.pattern && s.patternText !== undefined) {
      const work = s.pattern.cost * Math.max(1, str.length);
      if (this.options.chargeMatch?.(work) === false) return false;
    }
    if (s.pattern && s.patternText !== undefined && !s.pattern.test(str)) {
      const shown = s.secretKeywords?.has('pattern')
        ? '(the secret value)'
        : goQuote(s.patternText);
      ok = this.error(loc, `string must match the pattern ${shown}`);
    }
    return ok;
  }

  private array(items: Value[], s: Schema, loc: Value, depth: number): boolean {
    let ok = true;
    const n = BigInt(items.length);
    if (s.minItems && n < count(s.minItems.value)) {
      ok = this.error(loc, `expected an array with at least ${s.minItems.text} items`);
    }
    if (s.maxItems && n > count(s.maxItems.value)) {
      ok = this.error(loc, `expected an array with at most ${s.maxItems.text} items`);
    }
    items.forEach((e, i) => {
      const sub = s.prefixItems && i < s.prefixItems.length ? s.prefixItems[i] : s.items;
      if (!this.element(e, sub, loc, depth + 1)) ok = false;
    });
    return ok;
  }

  private object(v: Value, s: Schema, loc: Value, depth: number): boolean {
    let ok = true;
    const entries = objectEntries(v);
    const n = BigInt(entries.size);
    if (s.minProperties && n < count(s.minProperties.value)) {
      ok = this.error(loc, `expected an object with at least ${s.minProperties.text} properties`);
    }
    if (s.maxProperties && n > count(s.maxProperties.value)) {
      ok = this.error(loc, `expected an object with at most ${s.maxProperties.text} properties`);
    }
    const strict = this.options.unexpectedProperties === true;
    const unexpected = new Set<string>();
    for (const k of sortedKeys(entries.keys())) {
      const sub = s.properties?.has(k) ? s.properties.get(k) : s.additionalProperties;
      if (strict && sub?.never === true) {
        unexpected.add(k);
        ok = this.error(v, unexpectedProperty(k, allowedNames(s)), k);
      } else if (!this.element(entries.get(k) as Value, sub, loc, depth + 1)) ok = false;
    }
    const missing: string[] = [];
    for (const k of s.required ?? []) if (!entries.has(k)) missing.push(k);
    for (const [k, deps] of s.dependentRequired ?? []) {
      if (!entries.has(k)) continue;
      for (const d of deps) if (!entries.has(d)) missing.push(d);
    }
    if (strict) {
      // A key that is a misspelling of a missing required one is reported at the key too, even
      // where the schema allows other keys (`accessKeyID` for a required `accessKeyId`).
      for (const k of sortedKeys(entries.keys())) {
        if (s.properties?.has(k) || unexpected.has(k)) continue;
        const near = suggest(k, missing, { swaps: true });
        if (near !== undefined) ok = this.error(v, unexpectedProperty(k, [near]), k);
      }
    }
    if (missing.length > 0)
      ok = this.error(loc, `missing required properties: ${missing.join(', ')}`);
    return ok;
  }
}

/** The property names a schema allows by name (its `properties` that are not `false`). */
function allowedNames(s: Schema): string[] {
  const out: string[] = [];
  for (const [k, p] of s.properties ?? []) if (!p.never) out.push(k);
  return out;
}

function count(d: { kind: string; coef?: bigint }): bigint {
  return d.coef ?? 0n;
}

/**
 * Validates `value` against `schema` (a schema as a value: `fromPlain(providerSchema)` or an
 * evaluated `fn::validate` schema that passed `checkSchema`). Reports each violation at the value
 * where it occurs; returns whether the value is valid. A schema that cannot be compiled reports
 * `internal error: invalid schema: <reason>` at the value.
 */
export function validateValue(
  value: Value,
  schema: Value,
  report: Report,
  options: ValidateOptions = {},
): boolean {
  if (containsUnknowns(schema)) return true;
  const c = compile(schema);
  const v = new Validator(options);
  let ok: boolean;
  if ('error' in c) {
    v.diags.push({ message: `internal error: invalid schema: ${c.error}`, at: value });
    ok = false;
  } else {
    ok = v.element(value, c.schema, value, 0);
  }
  for (const d of v.diags) report(d.message, d.at, d.key);
  return ok;
}

/** A JSON number literal as Go's encoder accepts it. */
const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

function badNumber(v: Value): string | undefined {
  const r = v.repr;
  if (r instanceof NumberText) return JSON_NUMBER.test(r.text) ? undefined : r.text;
  const children = Array.isArray(r) ? r : r instanceof Map ? [...r.values()] : [];
  for (const e of children) {
    const b = badNumber(e);
    if (b !== undefined) return b;
  }
  return undefined;
}

/**
 * Checks a `fn::validate` schema against ESC's meta-schema, then decodes and compiles it. An
 * empty result means the schema is usable; a schema containing unknowns gives no problems (and
 * `validateValue` then validates nothing).
 */
export function checkSchema(schema: Value): SchemaProblem[] {
  if (containsUnknowns(schema)) return [];
  const v = new Validator();
  const ok = v.element(schema, meta(), schema, 0);
  if (v.diags.length > 0 || !ok) return v.diags;
  const bad = badNumber(schema);
  if (bad !== undefined) {
    return [
      {
        message: `invalid schema: failed to marshal schema to JSON: json: invalid number literal ${goQuote(bad)}`,
        at: schema,
      },
    ];
  }
  const c = compile(schema);
  if ('error' in c) return [{ message: `invalid schema: ${c.error}`, at: schema }];
  return [];
}
