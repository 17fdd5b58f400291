/**
 * Just enough JSON Schema reading to type-check accesses into unknown values (provider outputs in
 * check mode): the type of a schema, the schema of a property or an item. Anything the reader
 * does not understand counts as "anything", which never reports an error.
 */
import type { Schema } from './provider.js';
import { NumberText } from './value.js';
import type { Plain } from './value.js';

/** A schema together with the document it came from (for `$ref: #/$defs/...`). */
export interface TypedSchema {
  schema: Schema;
  root: Schema;
}

export const ANYTHING: TypedSchema = { schema: true, root: true };

type Obj = { [keyword: string]: Plain };

function isObj(p: Plain | Schema | undefined): p is Obj {
  return (
    typeof p === 'object' &&
    p !== null &&
    !Array.isArray(p) &&
    !(p instanceof Uint8Array) &&
    !(p instanceof NumberText)
  );
}

function resolve(t: TypedSchema): TypedSchema {
  let s = t.schema;
  for (let i = 0; i < 32 && isObj(s) && typeof s.$ref === 'string'; i++) {
    const m = /^#\/\$defs\/(.+)$/.exec(s.$ref);
    const defs = isObj(t.root) ? t.root.$defs : undefined;
    const next = m && isObj(defs) ? defs[m[1] ?? ''] : undefined;
    if (next === undefined || !(typeof next === 'boolean' || isObj(next))) return ANYTHING;
    s = next as Schema;
  }
  return { schema: s, root: t.root };
}

function sub(t: TypedSchema, p: Plain | undefined): TypedSchema | undefined {
  if (typeof p === 'boolean') return { schema: p, root: t.root };
  if (isObj(p)) return { schema: p, root: t.root };
  return undefined;
}

/** `true` when the schema accepts anything (no type to check against). */
export function isAnything(t: TypedSchema): boolean {
  const r = resolve(t);
  return kindOf(r) === undefined;
}

/** The single JSON type a schema requires, if it requires one. */
export function kindOf(t: TypedSchema): string | undefined {
  const s = resolve(t).schema;
  if (!isObj(s)) return undefined;
  return typeof s.type === 'string' ? s.type : undefined;
}

export function propertySchema(t: TypedSchema, key: string): TypedSchema {
  const r = resolve(t);
  const s = r.schema;
  if (!isObj(s)) return ANYTHING;
  const props = s.properties;
  if (isObj(props) && Object.prototype.hasOwnProperty.call(props, key))
    return sub(r, props[key]) ?? ANYTHING;
  return sub(r, s.additionalProperties) ?? ANYTHING;
}

/** The property names of an object schema that allows no others, else undefined. */
export function closedProperties(t: TypedSchema): string[] | undefined {
  const s = resolve(t).schema;
  if (!isObj(s) || s.additionalProperties !== false) return undefined;
  return isObj(s.properties) ? Object.keys(s.properties) : [];
}

/** The number of items an array schema allows when it is a closed tuple, else -1. */
export function tupleLength(t: TypedSchema): number {
  const s = resolve(t).schema;
  if (!isObj(s)) return -1;
  if (s.items === false && Array.isArray(s.prefixItems)) return s.prefixItems.length;
  return -1;
}

export function itemSchema(t: TypedSchema, index: number): TypedSchema {
  const r = resolve(t);
  const s = r.schema;
  if (!isObj(s)) return ANYTHING;
  if (Array.isArray(s.prefixItems) && index < s.prefixItems.length)
    return sub(r, s.prefixItems[index]) ?? ANYTHING;
  return sub(r, s.items) ?? ANYTHING;
}

export function typedSchema(schema: Schema | undefined): TypedSchema {
  return schema === undefined ? ANYTHING : { schema, root: schema };
}
