/**
 * Check-mode typing of unknown values: an unknown provider output still has a schema, so a
 * reference to it can be checked against the schema a consumer expects (`expected boolean, got
 * null` for `boolean: ${source.null}` when `source` is not opened). Known values are validated by
 * `validateValue`; this walks the same tree and looks only at the unknown parts.
 */
import type { Schema } from '../provider.js';
import type { EValue } from '../evalue.js';
import { NumberText } from '../value.js';
import type { Plain } from '../value.js';
import type { TypedSchema } from '../typed-schema.js';
import type { Host } from './host.js';

type Obj = { [k: string]: Plain };

function isObj(p: unknown): p is Obj {
  return (
    typeof p === 'object' &&
    p !== null &&
    !Array.isArray(p) &&
    !(p instanceof Uint8Array) &&
    !(p instanceof NumberText)
  );
}

function resolve(s: Plain | Schema | undefined, root: Plain | Schema): Plain | Schema | undefined {
  let cur = s;
  for (let i = 0; i < 32 && isObj(cur) && typeof cur.$ref === 'string'; i++) {
    const m = /^#\/\$defs\/(.+)$/.exec(cur.$ref);
    const defs = isObj(root) ? root.$defs : undefined;
    cur = m && isObj(defs) ? defs[m[1] ?? ''] : undefined;
  }
  return cur;
}

interface Problem {
  message: string;
}

function problemsFor(
  actual: TypedSchema,
  expected: Plain | Schema | undefined,
  expectedRoot: Plain | Schema,
): Problem[] {
  const want = resolve(expected, expectedRoot);
  const have = resolve(actual.schema, actual.root);
  if (!isObj(want) || !isObj(have)) return [];
  const alts = Array.isArray(want.anyOf)
    ? want.anyOf
    : Array.isArray(want.oneOf)
      ? want.oneOf
      : undefined;
  if (alts !== undefined) {
    const all: Problem[] = [];
    for (const alt of alts) {
      const p = problemsFor(actual, alt, expectedRoot);
      if (p.length === 0) return [];
      all.push(...p);
    }
    return [...all, { message: 'at least one subschema must match' }];
  }
  const wantType = typeof want.type === 'string' ? want.type : undefined;
  const haveType = typeof have.type === 'string' ? have.type : undefined;
  if (wantType !== undefined && haveType !== undefined && wantType !== haveType) {
    return [{ message: `expected ${wantType}, got ${haveType}` }];
  }
  const out: Problem[] = [];
  if (haveType === 'object' && isObj(want.dependentRequired)) {
    const props = isObj(have.properties) ? have.properties : {};
    for (const [k, reqs] of Object.entries(want.dependentRequired)) {
      if (!Object.prototype.hasOwnProperty.call(props, k) || !Array.isArray(reqs)) continue;
      for (const r of reqs) {
        if (typeof r === 'string' && !Object.prototype.hasOwnProperty.call(props, r)) {
          out.push({ message: `${r}: missing required property` });
        }
      }
    }
  }
  return out;
}

/** Reports schema mismatches of the unknown parts of `value` against `schema`. */
export function checkUnknowns(h: Host, value: EValue, schema: Schema, root: Schema = schema): void {
  walk(h, value, schema, root);
}

function walk(h: Host, value: EValue, schema: Plain | Schema | undefined, root: Schema): void {
  const s = resolve(schema, root);
  if (value.unknown) {
    for (const p of problemsFor(value.schema, s, root)) h.error(value.def, p.message);
    return;
  }
  if (!isObj(s)) return;
  const r = value.repr;
  if (r instanceof Map) {
    const props = isObj(s.properties) ? s.properties : {};
    for (const k of value.keys()) {
      const p = value.property(k);
      if (p === undefined) continue;
      const sub = Object.prototype.hasOwnProperty.call(props, k)
        ? props[k]
        : s.additionalProperties;
      walk(h, p, sub, root);
    }
  } else if (Array.isArray(r)) {
    const prefix = Array.isArray(s.prefixItems) ? s.prefixItems : [];
    r.forEach((e, i) => walk(h, e, i < prefix.length ? prefix[i] : s.items, root));
  }
}
