/**
 * The test doubles the upstream evaluator tests assume (esc-language.md §8.1): providers `test`,
 * `schema`, `error`, `secret-wrapper`, `bench`; rotators `swap`, `echo`; the rot128 decrypter.
 * Harness code, not part of the product.
 */
import type { Decrypter, Provider, Rotator, Schema } from '../eval/provider.js';
import { NumberText } from '../eval/value.js';
import type { Value } from '../eval/value.js';

const str = { type: 'string' };
const num = { type: 'number' };
const bool = { type: 'boolean' };

/** The `schema` provider's input and output schema (every keyword the validator supports). */
export const SCHEMA_PROVIDER_SCHEMA: Schema = {
  type: 'object',
  $defs: {
    defRecord: {
      type: 'object',
      properties: { baz: { type: 'string', const: 'qux' } },
      required: ['baz'],
    },
  },
  properties: {
    null: { type: 'null' },
    boolean: bool,
    false: { type: 'boolean', const: false },
    true: { type: 'boolean', const: true },
    number: num,
    pi: { type: 'number', const: new NumberText('3.14') },
    string: str,
    hello: { type: 'string', const: 'hello' },
    array: { type: 'array', items: true },
    tuple: {
      type: 'array',
      prefixItems: [
        { type: 'string', const: 'hello' },
        { type: 'string', const: 'world' },
      ],
      items: false,
    },
    map: { type: 'object', additionalProperties: true },
    record: { type: 'object', properties: { foo: str }, required: ['foo'] },
    anyOf: { anyOf: [str, num] },
    oneOf: { oneOf: [str, num] },
    ref: { $ref: '#/$defs/defRecord' },
    'const-array': { type: 'array', const: ['hello', new NumberText('42')] },
    'const-object': { type: 'object', const: { hello: 'world' } },
    enum: { type: 'string', enum: ['foo', 'bar'] },
    never: false,
    always: true,
    double: { type: 'array', prefixItems: [str, num], items: false },
    triple: { type: 'array', prefixItems: [str, num, bool], items: false },
    dependentReq: {
      type: 'object',
      properties: { foo: str, bar: num },
      dependentRequired: { foo: ['bar'] },
    },
    multiple: { type: 'number', multipleOf: new NumberText('2') },
    minimum: { type: 'number', minimum: new NumberText('1') },
    exclusiveMinimum: { type: 'number', exclusiveMinimum: new NumberText('1') },
    maximum: { type: 'number', maximum: new NumberText('1') },
    exclusiveMaximum: { type: 'number', exclusiveMaximum: new NumberText('1') },
    minLength: { type: 'string', minLength: 1 },
    maxLength: { type: 'string', maxLength: 1 },
    pattern: { type: 'string', pattern: '^foo[0-9]+$' },
    minItems: { type: 'array', minItems: 3 },
    maxItems: { type: 'array', maxItems: 2 },
    minProperties: { type: 'object', minProperties: 1 },
    maxProperties: { type: 'object', maxProperties: 1 },
  },
};

function property(v: Value, key: string): Value | undefined {
  return v.repr instanceof Map ? v.repr.get(key) : undefined;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      reject(new Error('aborted'));
    });
  });
}

export function testProviders(): Map<string, Provider> {
  const list: Provider[] = [
    { name: 'test', open: (inputs) => Promise.resolve({ value: inputs }) },
    {
      name: 'schema',
      inputSchema: SCHEMA_PROVIDER_SCHEMA,
      outputSchema: SCHEMA_PROVIDER_SCHEMA,
      open: (inputs) => Promise.resolve({ value: inputs }),
    },
    {
      name: 'error',
      inputSchema: { type: 'object', properties: { why: str }, required: ['why'] },
      open: (inputs) => {
        const why = property(inputs, 'why')?.repr;
        return Promise.reject(new Error(typeof why === 'string' ? why : 'error'));
      },
    },
    {
      name: 'secret-wrapper',
      open: (inputs) => Promise.resolve({ value: { ...inputs, secret: true } }),
    },
    {
      name: 'bench',
      open: async (inputs, ctx) => {
        const d = property(inputs, 'delay')?.repr;
        const ms = d instanceof NumberText ? Number(d.text) : 10;
        await sleep(ms, ctx.signal);
        return { value: { repr: `${ms}ms`, secret: false, unknown: false } };
      },
    },
  ];
  return new Map(list.map((p) => [p.name, p]));
}

export function testRotators(): Map<string, Rotator> {
  const swapState = { type: 'object', properties: { a: true, b: true }, required: ['a', 'b'] };
  const echoState = {
    type: 'object',
    properties: { current: true, previous: true },
    required: ['current'],
  };
  const list: Rotator[] = [
    {
      name: 'swap',
      stateSchema: swapState,
      open: (_inputs, state) => Promise.resolve({ value: objectOrEmpty(state) }),
    },
    {
      name: 'echo',
      inputSchema: { type: 'object', properties: { next: { type: 'string', rotateOnly: true } } },
      stateSchema: echoState,
      open: (_inputs, state) => Promise.resolve({ value: objectOrEmpty(state) }),
    },
  ];
  return new Map(list.map((r) => [r.name, r]));
}

function objectOrEmpty(v: Value): Value {
  return v.repr instanceof Map ? v : { repr: new Map(), secret: false, unknown: false };
}

/** rot128: adds 128 (mod 256) to every byte. */
export const rot128: Decrypter = (ciphertext) => ciphertext.map((b) => (b + 128) & 0xff);
