import { describe, expect, it } from '@jest/globals';
import { formatFloat } from '../../../src/base/float.js';
import { FORMAT_FLOAT } from './go-outputs.js';

describe("formatFloat (strconv.FormatFloat(f, 'g', -1, 64))", () => {
  it.each(FORMAT_FLOAT)('%s', (input, expected) => {
    expect(formatFloat(Number(input))).toBe(expected);
  });

  it('formats the special values', () => {
    expect(formatFloat(NaN)).toBe('NaN');
    expect(formatFloat(Infinity)).toBe('+Inf');
    expect(formatFloat(-Infinity)).toBe('-Inf');
    expect(formatFloat(-0)).toBe('-0');
    expect(formatFloat(0)).toBe('0');
  });

  it('switches to exponent form at 1e6 and below 1e-4', () => {
    expect(formatFloat(999999)).toBe('999999');
    expect(formatFloat(1e6)).toBe('1e+06');
    expect(formatFloat(0.0001)).toBe('0.0001');
    expect(formatFloat(0.00009)).toBe('9e-05');
    expect(formatFloat(1e100)).toBe('1e+100');
    expect(formatFloat(-1.5e-300)).toBe('-1.5e-300');
  });
});
