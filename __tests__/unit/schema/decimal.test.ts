import { describe, expect, it } from '@jest/globals';
import {
  compareDecimal,
  isMultipleOf,
  parseDecimal,
  type Decimal,
} from '../../../src/eval/schema/decimal.js';

function d(t: string): Decimal {
  const x = parseDecimal(t);
  if (!x) throw new Error(`not a number: ${t}`);
  return x;
}

describe('parseDecimal', () => {
  it.each(['NaN', '0x1F', '1_000', '', '.', 'e5', '1e', 'abc'])('rejects %j', (t) => {
    expect(parseDecimal(t)).toBeUndefined();
  });
  it.each(['0', '-0', '1.', '.5', '1e+06', '1E-3', '+Inf', '-Inf', '12345678901234567890'])(
    'accepts %j',
    (t) => {
      expect(parseDecimal(t)).toBeDefined();
    },
  );
});

describe('compareDecimal', () => {
  it.each<[string, string, number]>([
    ['1', '1.0', 0],
    ['0', '-0', 0],
    ['1e+06', '1000000', 0],
    ['0.1', '1e-1', 0],
    ['12345678901234567890', '12345678901234567891', -1],
    ['-2', '-10', 1],
    ['-1', '0', -1],
    ['1e999999999', '1e999999998', 1],
    ['-1e999999999', '1', -1],
    ['1e-999999999', '0', 1],
    ['+Inf', '1e999999999', 1],
    ['-Inf', '-1e999999999', -1],
    ['+Inf', '+Inf', 0],
    ['0.30000000000000004', '0.3', 1],
  ])('%s vs %s', (a, b, r) => {
    expect(compareDecimal(d(a), d(b))).toBe(r);
    expect(compareDecimal(d(b), d(a))).toBe(r === 0 ? 0 : -r);
  });
});

describe('isMultipleOf', () => {
  it.each<[string, string, boolean]>([
    ['4', '2', true],
    ['3', '2', false],
    ['0.3', '0.1', true],
    ['0.35', '0.1', false],
    ['1e+06', '7', false],
    ['7e+06', '7', true],
    ['1e400', '3', false],
    ['3e400', '3', true],
    ['0', '0.5', true],
    ['1', '0', false],
    ['12345678901234567890', '10', true],
    ['-6', '3', true],
    ['1.5', '0.5', true],
    ['1', '1e-400', true],
    ['1e-5', '1e-3', false],
    ['+Inf', '1', false],
  ])('%s / %s', (n, m, r) => {
    expect(isMultipleOf(d(n), d(m))).toBe(r);
  });
});
