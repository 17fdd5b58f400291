/**
 * Turns a schema given as a `Value` into a compiled `Schema` tree, the way ESC decodes a schema
 * (Go `encoding/json` into its `schema.Schema` struct) and then compiles it (`Schema.Compile`).
 *
 * Decoding follows Go's rules where they show: keyword names match case-insensitively when there
 * is no exact match, `const: null` means "no const", a boolean schema is always/never, a missing
 * or `null` subschema accepts anything. Compiling resolves `$ref` (only `#/$defs/<name>` of the
 * ROOT schema), parses the numeric keywords and the RE2 `pattern`; only the schemas reachable
 * from the root are compiled (unreferenced `$defs` are not), and the first error wins, worded as
 * Go words it (`unknown subschema #/$defs/x`, `strconv.ParseUint: parsing "1.5": invalid syntax`).
 */
import { NumberText, type Value } from '../value.js';
import { type Decimal, parseDecimal } from './decimal.js';
import { goJsonString } from './json.js';
import { compileRe2, type Pattern } from './re2.js';

export interface NumberKeyword {
  /** The schema's text, used verbatim in messages. */
  text: string;
  value: Decimal;
}

export interface Schema {
  always?: boolean;
  never?: boolean;
  defs?: Map<string, Schema>;
  refText?: string;
  ref?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  prefixItems?: Schema[];
  items?: Schema;
  additionalProperties?: Schema;
  properties?: Map<string, Schema>;
  type?: string;
  /** Present only for a non-null `const` (Go ignores `const: null`). */
  const?: Value;
  enum?: Value[];
  raw: Partial<Record<NumericKeyword, string>>;
  multipleOf?: NumberKeyword;
  maximum?: NumberKeyword;
  exclusiveMaximum?: NumberKeyword;
  minimum?: NumberKeyword;
  exclusiveMinimum?: NumberKeyword;
  maxLength?: NumberKeyword;
  minLength?: NumberKeyword;
  maxItems?: NumberKeyword;
  minItems?: NumberKeyword;
  maxProperties?: NumberKeyword;
  minProperties?: NumberKeyword;
  patternText?: string;
  pattern?: Pattern;
  /** Keywords whose values are secret: messages about them do not quote them. */
  secretKeywords?: Set<string>;
  required?: string[];
  dependentRequired?: [string, string[]][];
  secret?: boolean;
  compiled?: boolean;
}

type NumericKeyword =
  | 'multipleOf'
  | 'maximum'
  | 'exclusiveMaximum'
  | 'minimum'
  | 'exclusiveMinimum'
  | 'maxLength'
  | 'minLength'
  | 'maxItems'
  | 'minItems'
  | 'maxProperties'
  | 'minProperties';

const UINT_KEYWORDS: NumericKeyword[] = [
  'maxLength',
  'minLength',
  'maxItems',
  'minItems',
  'maxProperties',
  'minProperties',
];

type Kind =
  | 'schema'
  | 'schemas'
  | 'schemaMap'
  | 'string'
  | 'number'
  | 'bool'
  | 'any'
  | 'array'
  | 'strings'
  | 'stringsMap';

/** Keywords and the Go type they decode into. */
const KEYWORDS: Record<string, Kind> = {
  $defs: 'schemaMap',
  $ref: 'string',
  anyOf: 'schemas',
  oneOf: 'schemas',
  prefixItems: 'schemas',
  items: 'schema',
  additionalProperties: 'schema',
  properties: 'schemaMap',
  type: 'string',
  const: 'any',
  enum: 'array',
  multipleOf: 'number',
  maximum: 'number',
  exclusiveMaximum: 'number',
  minimum: 'number',
  exclusiveMinimum: 'number',
  maxLength: 'number',
  minLength: 'number',
  pattern: 'string',
  maxItems: 'number',
  minItems: 'number',
  uniqueItems: 'bool',
  maxProperties: 'number',
  minProperties: 'number',
  required: 'strings',
  dependentRequired: 'stringsMap',
  title: 'string',
  description: 'string',
  default: 'any',
  deprecated: 'bool',
  examples: 'array',
  secret: 'bool',
  rotateOnly: 'bool',
};
const KEYWORD_BY_FOLD = new Map(Object.keys(KEYWORDS).map((k) => [k.toLowerCase(), k]));

const GO_TYPES: Record<Kind, string> = {
  schema: 'schema.rawSchema',
  schemas: '[]*schema.Schema',
  schemaMap: 'map[string]*schema.Schema',
  string: 'string',
  number: 'json.Number',
  bool: 'bool',
  any: 'interface {}',
  array: '[]interface {}',
  strings: '[]string',
  stringsMap: 'map[string][]string',
};

export class SchemaError extends Error {}

function jsonKind(v: Value): string {
  const r = v.repr;
  if (r === null) return 'null';
  if (typeof r === 'boolean') return 'bool';
  if (r instanceof NumberText) return 'number';
  if (typeof r === 'string' || r instanceof Uint8Array) return 'string';
  if (Array.isArray(r)) return 'array';
  return 'object';
}

function text(v: Value): string {
  const r = v.repr;
  return typeof r === 'string' ? r : r instanceof Uint8Array ? new TextDecoder().decode(r) : '';
}

function mismatch(v: Value, field: string, kind: Kind): SchemaError {
  return new SchemaError(
    `failed to parse schema: json: cannot unmarshal ${jsonKind(v)} into Go struct field rawSchema.${field} of type ${GO_TYPES[kind]}`,
  );
}

/** Decodes a schema value (throws `SchemaError`). `null` decodes to "accept anything". */
export function decodeSchema(v: Value): Schema {
  const r = v.repr;
  if (r === null) return { always: true, raw: {} };
  if (typeof r === 'boolean') return r ? { always: true, raw: {} } : { never: true, raw: {} };
  if (!(r instanceof Map)) {
    throw new SchemaError(
      `failed to parse schema: json: cannot unmarshal ${jsonKind(v)} into Go value of type schema.rawSchema`,
    );
  }
  const s: Schema = { raw: {} };
  for (const [key, e] of r) {
    const kw = key in KEYWORDS ? key : KEYWORD_BY_FOLD.get(key.toLowerCase());
    if (kw === undefined) continue;
    if (!e.secret) {
      decodeKeyword(s, kw, e);
      continue;
    }
    (s.secretKeywords ??= new Set()).add(kw);
    try {
      decodeKeyword(s, kw, e);
    } catch (err) {
      if (!(err instanceof SchemaError)) throw err;
      throw new SchemaError(`failed to parse schema: invalid ${kw} (the secret value)`);
    }
  }
  return s;
}

function decodeList(e: Value, kw: string, kind: Kind): Value[] | undefined {
  if (e.repr === null) return undefined;
  if (!Array.isArray(e.repr)) throw mismatch(e, kw, kind);
  return e.repr;
}

function decodeMap(e: Value, kw: string, kind: Kind): Map<string, Value> | undefined {
  if (e.repr === null) return undefined;
  if (!(e.repr instanceof Map)) throw mismatch(e, kw, kind);
  return e.repr;
}

function decodeString(e: Value, kw: string): string | undefined {
  if (e.repr === null) return undefined;
  if (typeof e.repr !== 'string' && !(e.repr instanceof Uint8Array))
    throw mismatch(e, kw, 'string');
  return text(e);
}

function decodeKeyword(s: Schema, kw: string, e: Value): void {
  const kind = KEYWORDS[kw] as Kind;
  switch (kw) {
    case '$defs':
    case 'properties': {
      const m = decodeMap(e, kw, kind);
      const out = m && new Map([...m].map(([k, x]) => [k, decodeSchema(x)] as const));
      if (kw === '$defs') {
        if (out) s.defs = out;
        else delete s.defs;
      } else if (out) s.properties = out;
      else delete s.properties;
      return;
    }
    case 'anyOf':
    case 'oneOf':
    case 'prefixItems': {
      const l = decodeList(e, kw, kind);
      if (l) s[kw] = l.map(decodeSchema);
      else delete s[kw];
      return;
    }
    case 'items':
    case 'additionalProperties':
      if (e.repr === null) delete s[kw];
      else s[kw] = decodeSchema(e);
      return;
    case '$ref': {
      const t = decodeString(e, kw);
      if (t) s.refText = t;
      else delete s.refText;
      return;
    }
    case 'type': {
      const t = decodeString(e, kw);
      if (t) s.type = t;
      else delete s.type;
      return;
    }
    case 'pattern': {
      const t = decodeString(e, kw);
      if (t) s.patternText = t;
      else delete s.patternText;
      return;
    }
    case 'const':
      if (e.repr === null) delete s.const;
      else s.const = e;
      return;
    case 'enum': {
      const l = decodeList(e, kw, kind);
      if (l) s.enum = l;
      else delete s.enum;
      return;
    }
    case 'required': {
      const l = decodeList(e, kw, kind);
      if (l) s.required = l.map((x) => decodeString(x, kw) ?? '');
      else delete s.required;
      return;
    }
    case 'dependentRequired': {
      const m = decodeMap(e, kw, kind);
      if (!m) {
        delete s.dependentRequired;
        return;
      }
      s.dependentRequired = [...m].map(([k, x]) => [
        k,
        (decodeList(x, kw, kind) ?? []).map((y) => decodeString(y, kw) ?? ''),
      ]);
      return;
    }
    case 'secret':
    case 'rotateOnly':
    case 'uniqueItems':
    case 'deprecated':
      if (e.repr !== null && typeof e.repr !== 'boolean') throw mismatch(e, kw, 'bool');
      if (kw === 'secret') s.secret = e.repr === true;
      return;
    case 'title':
    case 'description':
      decodeString(e, kw);
      return;
    case 'examples':
      decodeList(e, kw, kind);
      return;
    case 'default':
      return;
    default: {
      // the numeric keywords (json.Number): a number, or a string holding a valid number
      if (e.repr === null) {
        delete s.raw[kw as NumericKeyword];
        return;
      }
      if (e.repr instanceof NumberText) s.raw[kw as NumericKeyword] = e.repr.text;
      else if (typeof e.repr === 'string' && parseDecimal(e.repr)?.kind === 'finite')
        s.raw[kw as NumericKeyword] = e.repr;
      else if (typeof e.repr === 'string') {
        throw new SchemaError(
          `failed to parse schema: json: invalid number literal, trying to unmarshal ${goJsonString(goJsonString(e.repr))} into Number`,
        );
      } else throw mismatch(e, kw, 'number');
    }
  }
}

const UINT_MAX = 2n ** 64n - 1n;

function parseUint(t: string): Decimal {
  if (!/^\d+$/.test(t))
    throw new SchemaError(`strconv.ParseUint: parsing ${goJsonString(t)}: invalid syntax`);
  if (BigInt(t) > UINT_MAX)
    throw new SchemaError(`strconv.ParseUint: parsing ${goJsonString(t)}: value out of range`);
  return parseDecimal(t) as Decimal;
}

function parseFloatText(t: string): Decimal {
  const d = parseDecimal(t);
  if (!d) throw new SchemaError(`strconv.ParseFloat: parsing ${goJsonString(t)}: invalid syntax`);
  return d;
}

function parseRef(root: Schema, ref: string): Schema {
  const prefix = '#/$defs/';
  if (!ref.startsWith(prefix) || ref.slice(prefix.length).includes('/')) {
    throw new SchemaError('only fragment references of the form #/$defs/ref are supported');
  }
  let name: string;
  const raw = ref.slice(prefix.length);
  const bad = /%(?![0-9A-Fa-f]{2})(.{0,2})/.exec(raw);
  if (bad) throw new SchemaError(`invalid URL escape ${goJsonString(bad[0])}`);
  try {
    name = decodeURIComponent(raw);
  } catch {
    name = raw;
  }
  const target = root.defs?.get(name);
  if (!target) throw new SchemaError(`unknown subschema ${ref}`);
  return target;
}

/** Compiles `s` and everything reachable from it (throws `SchemaError` with Go's wording). */
export function compileSchema(s: Schema, root: Schema = s): void {
  if (s.compiled) return;
  s.compiled = true;
  if (s.refText !== undefined) {
    s.ref = parseRef(root, s.refText);
    compileSchema(s.ref, root);
  }
  for (const x of s.anyOf ?? []) compileSchema(x, root);
  for (const x of s.oneOf ?? []) compileSchema(x, root);
  for (const x of s.prefixItems ?? []) compileSchema(x, root);
  if (s.items) compileSchema(s.items, root);
  if (s.additionalProperties) compileSchema(s.additionalProperties, root);
  for (const x of s.properties?.values() ?? []) compileSchema(x, root);
  const order: NumericKeyword[] = [
    'multipleOf',
    'maximum',
    'exclusiveMaximum',
    'minimum',
    'exclusiveMinimum',
    'maxLength',
    'minLength',
  ];
  for (const kw of order) compileNumber(s, kw);
  if (s.patternText !== undefined) {
    const re = compileRe2(s.patternText);
    if ('error' in re) {
      // Go's text ends with the offending part of the pattern: not shown for a secret one.
      const secret = s.secretKeywords?.has('pattern') === true;
      throw new SchemaError(secret ? secretPatternError(re.error) : re.error);
    }
    s.pattern = re.pattern;
  }
  for (const kw of ['maxItems', 'minItems', 'maxProperties', 'minProperties'] as const)
    compileNumber(s, kw);
}

function compileNumber(s: Schema, kw: NumericKeyword): void {
  const t = s.raw[kw];
  if (t === undefined) return;
  try {
    const value = UINT_KEYWORDS.includes(kw) ? parseUint(t) : parseFloatText(t);
    s[kw] = { text: t, value };
  } catch (err) {
    if (!(err instanceof SchemaError) || s.secretKeywords?.has(kw) !== true) throw err;
    throw new SchemaError(`invalid ${kw} (the secret value)`);
  }
}

/** A pattern error without the part of the pattern Go quotes at its end (`: \`...\``). */
export function secretPatternError(error: string): string {
  return `${error.replace(/: `[\s\S]*`$/, '')} (the secret value)`;
}
