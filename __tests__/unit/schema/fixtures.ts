/**
 * Fixtures from the upstream conformance case `schema-error` (esc-eval): the `schema` test
 * provider's input schema, the values passed to it by `sink`, and the evaluation diagnostics
 * expected for each input property (a multiset per property).
 */
import { SCHEMA_PROVIDER_SCHEMA } from '../../../src/conformance/providers.js';
import type { Plain } from '../../../src/eval/value.js';

/** The `schema` provider's input schema: the conformance harness's own definition. */
export const SCHEMA_PROVIDER_INPUTS: Plain = SCHEMA_PROVIDER_SCHEMA;

/** `source`'s inputs (the provider returns them as its output). */
export const SOURCE: Record<string, Plain> = {
  null: null,
  boolean: true,
  false: false,
  true: true,
  number: 42,
  pi: 3.14,
  string: 'esc',
  hello: 'hello',
  array: [2, 'items', { some: 'object' }, ['array']],
  tuple: ['hello', 'world'],
  map: { hello: 'world', blue: 42 },
  record: { foo: 'bar' },
  anyOf: 'hello',
  oneOf: 42,
  ref: { baz: 'qux' },
  'const-array': ['hello', 42],
  'const-object': { hello: 'world' },
  enum: 'foo',
  always: {},
  double: ['hello', 42],
  triple: ['hello', 42, true],
  dependentReq: { foo: 'bar', bar: 42 },
  multiple: 4,
  minimum: 1,
  exclusiveMinimum: 2,
  maximum: 1,
  exclusiveMaximum: 0,
  minLength: 'a',
  maxLength: 'a',
  pattern: 'foo42',
  minProperties: { foo: 'bar' },
  maxProperties: { foo: 'bar' },
};

/** `sink`'s inputs: property -> the `source` property it references (or a literal). */
export const SINK: Record<string, { ref: string } | { literal: Plain }> = {
  boolean: { ref: 'null' },
  string: { ref: 'array' },
  number: { ref: 'record' },
  record: { ref: 'always' },
  anyOf: { ref: 'false' },
  oneOf: { ref: 'false' },
  'const-array': { ref: 'string' },
  'const-object': { ref: 'string' },
  enum: { ref: 'string' },
  double: { ref: 'triple' },
  triple: { ref: 'double' },
  dependentReq: { ref: 'record' },
  multiple: { ref: 'pi' },
  minimum: { ref: 'exclusiveMaximum' },
  exclusiveMinimum: { ref: 'minimum' },
  maximum: { ref: 'exclusiveMinimum' },
  exclusiveMaximum: { ref: 'maximum' },
  minLength: { literal: '' },
  maxLength: { ref: 'string' },
  pattern: { ref: 'string' },
  minItems: { ref: 'double' },
  maxItems: { ref: 'triple' },
  minProperties: { ref: 'always' },
  maxProperties: { ref: 'dependentReq' },
};

/** Upstream `evalDiags` of `schema-error`, by input property. */
export const EXPECTED_EVAL_DIAGS: Record<string, string[]> = {
  boolean: ['expected boolean, got null'],
  string: ['expected string, got array'],
  number: ['expected number, got object'],
  record: ['missing required properties: foo'],
  anyOf: [
    'expected number, got boolean',
    'at least one subschema must match',
    'expected string, got boolean',
  ],
  oneOf: [
    'exactly one subschema must match',
    'expected number, got boolean',
    'expected string, got boolean',
  ],
  'const-array': ['expected ["hello",42]', 'expected array, got string'],
  'const-object': ['expected object, got string', 'expected {"hello":"world"}'],
  enum: ['expected one of ["foo","bar"]'],
  dependentReq: ['missing required properties: bar'],
  multiple: ['expected a multiple of 2'],
  minimum: ['expected a number greater than or equal to 1'],
  exclusiveMinimum: ['expected a number greater than 1'],
  maximum: ['expected a number less than or equal to1'],
  exclusiveMaximum: ['expected a number less than 1'],
  minLength: ['expected a string of at least length 1'],
  maxLength: ['expected a string of at most length 1'],
  pattern: ['string must match the pattern "^foo[0-9]+$"'],
  minItems: ['expected an array with at least 3 items'],
  maxItems: ['expected an array with at most 2 items'],
  minProperties: ['expected an object with at least 1 properties'],
  maxProperties: ['expected an object with at most 1 properties'],
};
