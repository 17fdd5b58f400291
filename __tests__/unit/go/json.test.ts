import { describe, expect, it } from '@jest/globals';
import { evaluateEnvironment } from '../../../src/eval/evaluate.js';
import {
  isValidJSONNumber,
  marshalJSON,
  MAX_JSON_DEPTH,
  parseJSONWithin,
  quoteJSONString,
} from '../../../src/eval/go/json.js';
import { fromPlain, NumberText, type Plain, type Value } from '../../../src/eval/value.js';
import { hex, JSON_DECODE, JSON_STRING } from './go-outputs.js';

const known = (repr: Value['repr']): Value => ({ repr, secret: false, unknown: false });
const num = (t: string): Value => known(new NumberText(t));

/** The decoder as fn::fromJSON calls it (no budget): the value, or Go's error text. */
function parseJSON(text: string | Uint8Array): { value: Plain } | { error: string } {
  const r = parseJSONWithin(text, Infinity);
  if ('exceeded' in r) throw new Error('no budget was set');
  return 'error' in r ? r : { value: r.value };
}

/** `fn::toJSON: {fn::fromJSON: input}`, evaluated as the action evaluates an environment. */
async function roundTrip(input: string): Promise<string | { error: string }> {
  const text = `values:\n  out:\n    fn::toJSON:\n      fn::fromJSON: ${JSON.stringify(input)}\n`;
  const r = await evaluateEnvironment('env', {
    mode: 'open',
    loader: (name) => (name === 'env' ? { name, path: 'env.yaml', text } : { error: 'no' }),
  });
  const errors = r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.summary);
  if (errors.length > 0) {
    expect(errors).toHaveLength(1);
    return { error: (errors[0] ?? '').replace(/^decoding JSON string: /, '') };
  }
  const out = r.value?.repr instanceof Map ? r.value.repr.get('out') : undefined;
  if (typeof out?.repr !== 'string') throw new Error('fn::toJSON gave no string');
  return out.repr;
}

/** The decoder, then the value built and written back as fn::fromJSON and fn::toJSON do. */
function bytesRoundTrip(input: Uint8Array): string | { error: string } {
  const r = parseJSON(input);
  return 'error' in r ? r : (marshalJSON(fromPlain(r.value)) ?? '');
}

describe('quoteJSONString / marshalJSON strings (json.Marshal)', () => {
  it.each(JSON_STRING)('%j', (input, expected) => {
    expect(quoteJSONString(input)).toBe(expected);
    expect(marshalJSON(known(input))).toBe(expected);
  });

  it('replaces lone surrogates in JS strings', () => {
    expect(quoteJSONString('a\ud800')).toBe('"a\\ufffd"');
    expect(quoteJSONString('\udc00x')).toBe('"\\ufffdx"');
    expect(quoteJSONString('\ud83d\ude00')).toBe('"😀"');
  });
});

describe('marshalJSON', () => {
  it('writes compact JSON with sorted keys and number text (esc-language.md E7, E6)', () => {
    const v = fromPlain({ t: '<b>&' });
    expect(marshalJSON(v)).toBe('{"t":"\\u003cb\\u003e\\u0026"}');
    const o = known(
      new Map<string, Value>([
        ['y', num('2')],
        ['x', num('1')],
      ]),
    );
    expect(marshalJSON(o)).toBe('{"x":1,"y":2}');
  });

  it('keeps number text exactly', () => {
    expect(marshalJSON(num('12345678901234567890'))).toBe('12345678901234567890');
    expect(marshalJSON(num('1.50'))).toBe('1.50');
    expect(marshalJSON(num('1e+06'))).toBe('1e+06');
    expect(marshalJSON(num(''))).toBe('0');
  });

  it('writes scalars, empty containers and nesting', () => {
    expect(marshalJSON(known(null))).toBe('null');
    expect(marshalJSON(known(true))).toBe('true');
    expect(marshalJSON(known(false))).toBe('false');
    expect(marshalJSON(known([]))).toBe('[]');
    expect(marshalJSON(known(new Map()))).toBe('{}');
    const p: Plain = { b: [1, 'two', null, true, { z: [], a: {} }], a: 'x' };
    expect(marshalJSON(fromPlain(p))).toBe('{"a":"x","b":[1,"two",null,true,{"a":{},"z":[]}]}');
  });

  it('sorts keys by UTF-8 bytes, not UTF-16 units', () => {
    const o = fromPlain({ '\uffff': 1, '😀': 2, a: 3, B: 4, '': 5 });
    expect(marshalJSON(o)).toBe('{"":5,"B":4,"a":3,"\uffff":1,"😀":2}');
  });

  it('decodes byte strings with U+FFFD per invalid byte', () => {
    expect(marshalJSON(known(hex('ff41c3')))).toBe('"\\ufffdA\\ufffd"');
    expect(marshalJSON(known(hex('c3a9')))).toBe('"é"');
  });

  it('does not overflow the stack on deep values', () => {
    let v: Value = num('1');
    for (let i = 0; i < 100000; i++) v = known([v]);
    const s = marshalJSON(v);
    expect(s).toBe('['.repeat(100000) + '1' + ']'.repeat(100000));
  });

  it('validates number text like json.Number', () => {
    for (const ok of ['0', '-0', '1.50', '1e+06', '1E-5', '123456789012345678901234567890'])
      expect(isValidJSONNumber(ok)).toBe(true);
    for (const bad of ['', '+1', '01', '1.', '.5', '+Inf', '-Inf', 'NaN', '1e', '0x1F'])
      expect(isValidJSONNumber(bad)).toBe(false);
  });
});

describe('fn::fromJSON (json.Decoder + UseNumber, one value), written back by fn::toJSON', () => {
  it.each(JSON_DECODE)('%j', async (input, expected) => {
    expect(typeof input === 'string' ? await roundTrip(input) : bytesRoundTrip(input)).toEqual(
      expected,
    );
  });

  it('keeps number text and ignores trailing text (esc-language.md §3, E7)', () => {
    const r = parseJSON('{"n": 1.50} trailing junk');
    expect(r).toEqual({ value: { n: new NumberText('1.50') } });
    expect(parseJSON('{"a":1} junk')).toEqual({ value: { a: new NumberText('1') } });
  });

  it('builds prototype-free objects, safe for __proto__', () => {
    const r = parseJSON('{"__proto__":{"polluted":1},"constructor":"c"}');
    if (!('value' in r)) throw new Error('expected a value');
    const o = r.value as { [k: string]: Plain };
    expect(Object.getPrototypeOf(o)).toBeNull();
    expect(Object.keys(o).sort()).toEqual(['__proto__', 'constructor']);
    expect(({} as { polluted?: number }).polluted).toBeUndefined();
  });

  it('keeps the last of duplicate keys', () => {
    expect(parseJSON('{"a":1,"b":0,"a":2}')).toEqual({
      value: { a: new NumberText('2'), b: new NumberText('0') },
    });
  });

  it('accepts bytes and replaces invalid UTF-8 in strings', () => {
    expect(parseJSON(hex('22ff41c322'))).toEqual({ value: '\ufffdA\ufffd' });
  });

  const deep = (open: string, inner: string, close: string, n: number): string =>
    open.repeat(n) + inner + close.repeat(n);

  // The decoder's own limit, as Go's. What fn::fromJSON accepts is shallower still (the
  // evaluator refuses values nested deeper than its own limit: __tests__/unit/fuzz/limits.test.ts).
  it('accepts exactly 10,000 levels and reports Go errors beyond (recorded from Go)', () => {
    expect(MAX_JSON_DEPTH).toBe(10000);
    for (const ok of [
      deep('[', '', ']', 10000),
      deep('[', '{}', ']', 9999),
      deep('{"a":', '1', '}', 10000),
    ])
      expect('value' in parseJSON(ok)).toBe(true);
    const tooDeep = { error: "invalid character '[' exceeded max depth" };
    expect(parseJSON(deep('[', '', ']', 10001))).toEqual(tooDeep);
    expect(parseJSON(deep('{"a":', '[]', '}', 10000))).toEqual(tooDeep);
    expect(parseJSON('['.repeat(10000))).toEqual({ error: 'unexpected EOF' });
    expect(parseJSON('['.repeat(10001))).toEqual(tooDeep);
  });
});
