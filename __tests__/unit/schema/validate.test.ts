import { describe, expect, it } from '@jest/globals';
import type { Range } from '../../../src/syntax/diagnostic.js';
import { fromPlain, NumberText, type Plain, type Value } from '../../../src/eval/value.js';
import {
  checkSchema,
  MAX_DEPTH,
  typeMismatch,
  validateValue,
} from '../../../src/eval/schema/validate.js';
import { EXPECTED_EVAL_DIAGS, SCHEMA_PROVIDER_INPUTS, SINK, SOURCE } from './fixtures.js';

/** A value not known until providers open (as the evaluator makes them). */
const unknownValue = (): Value => ({ repr: null, secret: false, unknown: true });

function at(label: string): Range {
  return {
    file: label,
    start: { line: 1, column: 1, byte: 0 },
    end: { line: 1, column: 2, byte: 1 },
  };
}

/** A value whose every node has an origin labelled by its path. */
function located(p: Plain, label = '$', secret = false): Value {
  const v = fromPlain(p, secret);
  const walk = (x: Value, l: string): void => {
    x.origin = at(l);
    if (Array.isArray(x.repr)) x.repr.forEach((e, i) => walk(e, `${l}[${i}]`));
    else if (x.repr instanceof Map) for (const [k, e] of x.repr) walk(e, `${l}.${k}`);
  };
  walk(v, label);
  return v;
}

function run(value: Value, schema: Plain | Value): { ok: boolean; diags: [string, string][] } {
  const diags: [string, string][] = [];
  const s =
    schema !== null && typeof schema === 'object' && 'unknown' in schema && 'repr' in schema
      ? (schema as Value)
      : fromPlain(schema as Plain);
  const ok = validateValue(value, s, (m, where) => diags.push([where.origin?.file ?? '?', m]));
  return { ok, diags };
}

function messages(value: Plain, schema: Plain): string[] {
  return run(located(value), schema).diags.map(([, m]) => m);
}

describe('upstream conformance case schema-error (eval)', () => {
  it('reports every expected message at the referencing input', () => {
    const sink = new Map<string, Value>();
    for (const [k, src] of Object.entries(SINK)) {
      const v = fromPlain('ref' in src ? (SOURCE[src.ref] as Plain) : src.literal);
      v.origin = at(k);
      sink.set(k, v);
    }
    const inputs: Value = { repr: sink, secret: false, unknown: false, origin: at('sink') };
    const { ok, diags } = run(inputs, SCHEMA_PROVIDER_INPUTS);
    expect(ok).toBe(false);
    const byProp: Record<string, string[]> = {};
    for (const [where, m] of diags) (byProp[where] ??= []).push(m);
    for (const k of Object.keys(byProp)) byProp[k]?.sort();
    const expected = Object.fromEntries(
      Object.entries(EXPECTED_EVAL_DIAGS).map(([k, v]) => [k, [...v].sort()]),
    );
    expect(byProp).toEqual(expected);
  });

  it('accepts the source inputs (case schema)', () => {
    expect(run(located(SOURCE as Plain), SCHEMA_PROVIDER_INPUTS)).toEqual({ ok: true, diags: [] });
  });

  it('fails silently past the end of a tuple (items: false)', () => {
    const { ok, diags } = run(located({ double: ['hello', 42, true] }), SCHEMA_PROVIDER_INPUTS);
    expect(ok).toBe(false);
    expect(diags).toEqual([]);
  });
});

describe('keywords', () => {
  const cases: [string, Plain, Plain, string[]][] = [
    ['type ok', 'a', { type: 'string' }, []],
    ['type null', null, { type: 'string' }, ['expected string, got null']],
    ['type number', 1, { type: 'boolean' }, ['expected boolean, got number']],
    ['type object', {}, { type: 'array' }, ['expected array, got object']],
    ['type array', [], { type: 'object' }, ['expected object, got array']],
    [
      'no type: constraints still apply',
      0,
      { minimum: 1 },
      ['expected a number greater than or equal to 1'],
    ],
    [
      'type mismatch skips constraints',
      'x',
      { type: 'number', minimum: 1 },
      ['expected number, got string'],
    ],
    ['const string', 'b', { const: 'a' }, ['expected "a"']],
    ['const html-escaped', 'b', { const: '<a&b>' }, ['expected "\\u003ca\\u0026b\\u003e"']],
    [
      'const number is textual',
      new NumberText('1.0') as unknown as Plain,
      { const: 1 },
      ['expected 1'],
    ],
    ['const ok', { a: [1, true] }, { const: { a: [1, true] } }, []],
    ['const object extra key', { a: 1, b: 2 }, { const: { a: 1 } }, ['expected {"a":1}']],
    ['const null is ignored (Go nil)', 5, { const: null }, []],
    ['const false', true, { const: false }, ['expected false']],
    ['enum', 'x', { enum: ['foo', 'bar'] }, ['expected one of ["foo","bar"]']],
    ['enum of one reads as const', 'x', { enum: ['foo'] }, ['expected "foo"']],
    ['enum ok', 2, { enum: [1, 2] }, []],
    ['enum with null', null, { enum: ['a', null] }, []],
    ['empty enum ignored', 'x', { enum: [] }, []],
    ['multipleOf decimal', 0.3, { multipleOf: 0.1 }, []],
    ['multipleOf fails', 7, { multipleOf: 2 }, ['expected a multiple of 2']],
    ['multipleOf decimal fails', 0.35, { multipleOf: 0.1 }, ['expected a multiple of 0.1']],
    ['minimum equal ok', 1, { minimum: 1 }, []],
    ['exclusiveMinimum equal', 1, { exclusiveMinimum: 1 }, ['expected a number greater than 1']],
    ['maximum (typo kept)', 2, { maximum: 1.5 }, ['expected a number less than or equal to1.5']],
    ['exclusiveMaximum equal', 1, { exclusiveMaximum: 1 }, ['expected a number less than 1']],
    [
      'big integers exact',
      new NumberText('12345678901234567891') as unknown as Plain,
      { maximum: new NumberText('12345678901234567890') as unknown as Plain },
      ['expected a number less than or equal to12345678901234567890'],
    ],
    ['minLength counts bytes', 'é', { minLength: 2 }, []],
    ['maxLength counts bytes', 'é', { maxLength: 1 }, ['expected a string of at most length 1']],
    ['minLength', '', { minLength: 1 }, ['expected a string of at least length 1']],
    ['pattern unanchored', 'xfoo1y', { pattern: 'foo[0-9]' }, []],
    ['pattern', 'bar', { pattern: '^foo\\d+$' }, ['string must match the pattern "^foo\\\\d+$"']],
    ['pattern RE2 dot excludes only \\n', 'a\rb', { pattern: '^a.b$' }, []],
    [
      'pattern RE2 \\s is ASCII',
      'a\u00a0b',
      { pattern: 'a\\sb' },
      ['string must match the pattern "a\\\\sb"'],
    ],
    ['pattern RE2 (?i) inside the pattern', 'aB', { pattern: '^a(?i)b$' }, []],
    [
      'pattern in linear time (RE2), no match',
      'a'.repeat(100_000) + 'b',
      { pattern: '^(a+)+$' },
      ['string must match the pattern "^(a+)+$"'],
    ],
    ['pattern in linear time (RE2), a match', 'a'.repeat(100_000), { pattern: '^(a+)+$' }, []],
    ['minItems', [1], { minItems: 2 }, ['expected an array with at least 2 items']],
    ['maxItems', [1, 2, 3], { maxItems: 2 }, ['expected an array with at most 2 items']],
    ['items', [1, 'a'], { items: { type: 'number' } }, ['expected number, got string']],
    [
      'prefixItems then items',
      ['a', 1, 2],
      { prefixItems: [{ type: 'string' }], items: { type: 'string' } },
      ['expected string, got number', 'expected string, got number'],
    ],
    ['minProperties', {}, { minProperties: 1 }, ['expected an object with at least 1 properties']],
    [
      'maxProperties',
      { a: 1, b: 2 },
      { maxProperties: 1 },
      ['expected an object with at most 1 properties'],
    ],
    [
      'required order kept',
      { c: 1 },
      { required: ['b', 'a', 'c'] },
      ['missing required properties: b, a'],
    ],
    [
      'dependentRequired',
      { a: 1 },
      { required: ['z'], dependentRequired: { a: ['b', 'c'], x: ['y'] } },
      ['missing required properties: z, b, c'],
    ],
    [
      'properties',
      { a: 'x' },
      { properties: { a: { type: 'number' } } },
      ['expected number, got string'],
    ],
    [
      'additionalProperties schema',
      { a: 1, b: 'x' },
      { properties: { a: true }, additionalProperties: { type: 'number' } },
      ['expected number, got string'],
    ],
    [
      'additionalProperties false: no message',
      { a: 1, b: 2 },
      { properties: { a: true }, additionalProperties: false },
      [],
    ],
    ['anyOf ok', 1, { anyOf: [{ type: 'string' }, { type: 'number' }] }, []],
    [
      'anyOf fails with sub-errors',
      true,
      { anyOf: [{ type: 'string' }, { type: 'number' }] },
      [
        'expected string, got boolean',
        'expected number, got boolean',
        'at least one subschema must match',
      ],
    ],
    [
      'oneOf two match',
      1,
      { oneOf: [{ type: 'number' }, { minimum: 0 }] },
      ['exactly one subschema may match'],
    ],
    [
      'oneOf none',
      null,
      { oneOf: [{ type: 'number' }, { type: 'string' }] },
      [
        'expected number, got null',
        'expected string, got null',
        'exactly one subschema must match',
      ],
    ],
    [
      '$ref',
      { baz: 'x' },
      { $defs: { r: { properties: { baz: { const: 'qux' } } } }, $ref: '#/$defs/r' },
      ['expected "qux"'],
    ],
    [
      '$ref escaped name',
      1,
      { $defs: { 'a b': { type: 'string' } }, $ref: '#/$defs/a%20b' },
      ['expected string, got number'],
    ],
    ['true schema', { x: 1 }, true, []],
    ['case-insensitive keyword (Go json)', 1, { Type: 'string' }, ['expected string, got number']],
    ['secret keyword', 'x', { secret: true }, ['expected secret']],
    [
      'metadata ignored',
      1,
      { title: 't', description: 'd', default: 2, examples: [1], deprecated: true },
      [],
    ],
  ];
  it.each(cases)('%s', (_name, value, schema, expected) => {
    expect(messages(value, schema)).toEqual(expected);
  });

  it('false schema fails without a message', () => {
    expect(run(located(1), false)).toEqual({ ok: false, diags: [] });
  });

  it('returns true when valid', () => {
    expect(
      run(located({ a: 'x' }), { type: 'object', properties: { a: { type: 'string' } } }).ok,
    ).toBe(true);
  });

  it('merges object keys from the base', () => {
    const v = located({ a: 1 });
    v.base = located({ b: 'x' }, 'base');
    expect(
      run(v, { required: ['a', 'b'], additionalProperties: { type: 'number' } }).diags,
    ).toEqual([['base.b', 'expected number, got string']]);
  });

  it('validates byte strings', () => {
    const v: Value = {
      repr: new Uint8Array([0xff, 0xfe]),
      secret: false,
      unknown: false,
      origin: at('b'),
    };
    expect(run(v, { type: 'string', maxLength: 1 }).diags).toEqual([
      ['b', 'expected a string of at most length 1'],
    ]);
  });
});

describe('placement', () => {
  it('reports at the offending nested value', () => {
    const v = located({ user: { age: 'old' }, tags: ['a', 2] });
    const { diags } = run(v, {
      properties: {
        user: { properties: { age: { type: 'number' } } },
        tags: { items: { type: 'string' } },
      },
    });
    expect(diags).toEqual([
      ['$.tags[1]', 'expected string, got number'],
      ['$.user.age', 'expected number, got string'],
    ]);
  });

  it('falls back to the nearest ancestor with an origin', () => {
    const v = fromPlain({ a: [1, 'x'] });
    v.origin = at('root');
    expect(run(v, { properties: { a: { items: { type: 'number' } } } }).diags).toEqual([
      ['root', 'expected number, got string'],
    ]);
  });

  it('reports missing properties at the object', () => {
    expect(run(located({ o: {} }), { properties: { o: { required: ['x'] } } }).diags).toEqual([
      ['$.o', 'missing required properties: x'],
    ]);
  });
});

describe('secrets', () => {
  const secret = 'hunter2-very-secret';
  it.each<[string, Plain]>([
    ['const', { const: 'other' }],
    ['enum', { enum: ['a', 'b'] }],
    ['pattern', { pattern: '^x$' }],
    ['type', { type: 'number' }],
    ['maxLength', { maxLength: 2 }],
    ['anyOf', { anyOf: [{ type: 'number' }, { const: 'z' }] }],
  ])('never quotes a secret instance (%s)', (_n, schema) => {
    const { ok, diags } = run(located(secret, '$', true), schema);
    expect(ok).toBe(false);
    expect(diags.length).toBeGreaterThan(0);
    for (const [, m] of diags) expect(m).not.toContain('hunter2');
  });

  it('redacts secret parts of the schema', () => {
    const schema = fromPlain({ const: 'x' });
    (schema.repr as Map<string, Value>).set('const', fromPlain(secret, true));
    expect(run(located('y'), schema).diags).toEqual([['$', 'expected "[secret]"']]);
  });

  it('validates secret content', () => {
    expect(run(located('abc', '$', true), { type: 'string', maxLength: 5 }).ok).toBe(true);
  });
});

describe('unknowns', () => {
  it('never reports an unknown value', () => {
    expect(run(unknownValue(), { type: 'string', const: 'x' })).toEqual({ ok: true, diags: [] });
  });

  it('skips unknown elements but checks known ones', () => {
    const v = located([1, 2]);
    (v.repr as Value[])[0] = unknownValue();
    expect(run(v, { items: { type: 'string' } }).diags).toEqual([
      ['$[1]', 'expected string, got number'],
    ]);
  });

  it('validates nothing with an unknown schema', () => {
    const schema = fromPlain({ type: 'string', properties: {} });
    (schema.repr as Map<string, Value>).set('type', unknownValue());
    expect(run(located(1), schema)).toEqual({ ok: true, diags: [] });
    expect(checkSchema(schema)).toEqual([]);
  });
});

describe('depth', () => {
  function nested(depth: number): Plain {
    let p: Plain = 'leaf';
    for (let i = 0; i < depth; i++) p = [p];
    return p;
  }
  function nestedSchema(depth: number): Plain {
    let s: Plain = { type: 'number' };
    for (let i = 0; i < depth; i++) s = { items: s };
    return s;
  }

  it('validates a few hundred levels', () => {
    const r = run(located(nested(300)), nestedSchema(300));
    expect(r.diags.map(([, m]) => m)).toEqual(['expected number, got string']);
  });

  it('stops past the maximum depth with an error', () => {
    const r = run(located(nested(MAX_DEPTH + 10)), {
      $defs: { a: { items: { $ref: '#/$defs/a' } } },
      $ref: '#/$defs/a',
    });
    expect(r.ok).toBe(false);
    expect(r.diags).toHaveLength(1);
    expect(r.diags[0]?.[1]).toBe(`validation exceeds the maximum depth of ${MAX_DEPTH}`);
  });

  it('survives a self-referential $ref', () => {
    const r = run(located(1), { $defs: { a: { $ref: '#/$defs/a' } }, $ref: '#/$defs/a' });
    expect(r.ok).toBe(false);
    expect(r.diags.map(([, m]) => m)).toEqual([
      `validation exceeds the maximum depth of ${MAX_DEPTH}`,
    ]);
  });
});

describe('invalid provider schemas', () => {
  it.each<[Plain, string]>([
    [{ $ref: '#/definitions/x' }, 'only fragment references of the form #/$defs/ref are supported'],
    [{ $ref: '#/$defs/missing' }, 'unknown subschema #/$defs/missing'],
    [{ minLength: 1.5 }, 'strconv.ParseUint: parsing "1.5": invalid syntax'],
    [{ maxItems: -1 }, 'strconv.ParseUint: parsing "-1": invalid syntax'],
    [{ pattern: '(a' }, 'error parsing regexp: missing closing ): `(a`'],
  ])('%j', (schema, reason) => {
    const r = run(located('x'), schema);
    expect(r).toEqual({ ok: false, diags: [['$', `internal error: invalid schema: ${reason}`]] });
  });
});

describe('checkSchema', () => {
  function problems(schema: Plain): [string, string][] {
    return checkSchema(located(schema)).map((p) => [p.at.origin?.file ?? '?', p.message]);
  }

  it('accepts valid schemas', () => {
    expect(
      problems({
        type: 'object',
        properties: { a: { type: 'string', pattern: '^a' } },
        required: ['a'],
      }),
    ).toEqual([]);
    expect(problems(true)).toEqual([]);
    expect(problems(SCHEMA_PROVIDER_INPUTS)).toEqual([]);
    expect(problems({ unknownKeyword: [1, 2], 'x-ext': {} })).toEqual([]);
  });

  it('rejects type: integer at the type and at the schema', () => {
    const p = problems({ type: 'integer' });
    expect(p).toEqual(
      expect.arrayContaining([
        ['$.type', 'expected one of ["string","number","boolean","array","object","null"]'],
        ['$.type', 'at least one subschema must match'],
        ['$', 'expected boolean, got object'],
        ['$', 'at least one subschema must match'],
      ]),
    );
    expect(p).toHaveLength(4);
  });

  it('rejects nested problems at their node', () => {
    const p = problems({ properties: { a: { minLength: 'x' } } });
    expect(p).toContainEqual(['$.properties.a.minLength', 'expected number, got string']);
  });

  it('rejects non-schemas', () => {
    expect(problems('string')).toEqual([
      ['$', 'expected boolean, got string'],
      ['$', 'expected object, got string'],
      ['$', 'at least one subschema must match'],
    ]);
  });

  it.each<[Plain, string]>([
    [{ $ref: '#/$defs/nope' }, 'invalid schema: unknown subschema #/$defs/nope'],
    [
      { pattern: 'a(?=b)' },
      'invalid schema: error parsing regexp: invalid or unsupported Perl syntax: `(?=`',
    ],
    [
      { pattern: '(?<!a)b' },
      'invalid schema: error parsing regexp: invalid named capture: `(?<!a)b`',
    ],
    [{ pattern: '(a)\\1' }, 'invalid schema: error parsing regexp: invalid escape sequence: `\\1`'],
    [{ minItems: 2.5 }, 'invalid schema: strconv.ParseUint: parsing "2.5": invalid syntax'],
    [
      { rotateOnly: ['x'] },
      'invalid schema: failed to parse schema: json: cannot unmarshal array into Go struct field rawSchema.rotateOnly of type bool',
    ],
  ])('reports an unusable schema %j at the root', (schema, message) => {
    expect(problems(schema)).toEqual([['$', message]]);
  });

  it('reports non-JSON numbers', () => {
    const s = fromPlain({ maximum: new NumberText('+Inf') });
    expect(checkSchema(s).map((p) => p.message)).toEqual([
      'invalid schema: failed to marshal schema to JSON: json: invalid number literal "+Inf"',
    ]);
  });
});

describe('typeMismatch', () => {
  it.each<[Plain, string]>([
    [null, 'null'],
    [true, 'boolean'],
    [1, 'number'],
    ['s', 'string'],
    [[], 'array'],
    [{}, 'object'],
  ])('%j', (p, t) => {
    expect(typeMismatch('string', fromPlain(p))).toBe(`expected string, got ${t}`);
  });
});
