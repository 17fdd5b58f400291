import { describe, expect, it } from '@jest/globals';
import { resolvePlainScalar, type PlainScalar } from '../../../src/syntax/scalar.js';

// Expected results produced by gopkg.in/yaml.v3 v3.0.1 (decoding `v: <scalar>` into interface{};
// numbers printed with strconv.FormatInt/FormatUint/FormatFloat(f,'g',-1,64); timestamps and
// strings both map to {kind:'string'}, since ESC keeps a timestamp's original text).
const GO_YAML_V3: Array<[string, PlainScalar]> = [
  ['', { kind: 'null' }],
  ['~', { kind: 'null' }],
  ['null', { kind: 'null' }],
  ['Null', { kind: 'null' }],
  ['NULL', { kind: 'null' }],
  ['nULL', { kind: 'string' }],
  ['true', { kind: 'boolean', value: true }],
  ['True', { kind: 'boolean', value: true }],
  ['TRUE', { kind: 'boolean', value: true }],
  ['tRUE', { kind: 'string' }],
  ['false', { kind: 'boolean', value: false }],
  ['False', { kind: 'boolean', value: false }],
  ['FALSE', { kind: 'boolean', value: false }],
  ['yes', { kind: 'string' }],
  ['no', { kind: 'string' }],
  ['on', { kind: 'string' }],
  ['off', { kind: 'string' }],
  ['y', { kind: 'string' }],
  ['n', { kind: 'string' }],
  ['Yes', { kind: 'string' }],
  ['0', { kind: 'number', text: '0' }],
  ['-0', { kind: 'number', text: '0' }],
  ['+0', { kind: 'number', text: '0' }],
  ['00', { kind: 'number', text: '0' }],
  ['007', { kind: 'number', text: '7' }],
  ['010', { kind: 'number', text: '8' }],
  ['08', { kind: 'number', text: '8' }],
  ['09', { kind: 'number', text: '9' }],
  ['0x1F', { kind: 'number', text: '31' }],
  ['0X1f', { kind: 'number', text: '31' }],
  ['-0x1F', { kind: 'number', text: '-31' }],
  ['+0x1F', { kind: 'number', text: '31' }],
  ['0x', { kind: 'string' }],
  ['0o10', { kind: 'number', text: '8' }],
  ['0O10', { kind: 'number', text: '8' }],
  ['-0o10', { kind: 'number', text: '-8' }],
  ['0b101', { kind: 'number', text: '5' }],
  ['0B101', { kind: 'number', text: '5' }],
  ['-0b101', { kind: 'number', text: '-5' }],
  ['0b', { kind: 'string' }],
  ['1_000', { kind: 'number', text: '1000' }],
  ['1__0', { kind: 'number', text: '10' }],
  ['1_', { kind: 'number', text: '1' }],
  ['_1', { kind: 'string' }],
  ['0x_1F', { kind: 'number', text: '31' }],
  ['1_000.5', { kind: 'number', text: '1000.5' }],
  ['12345678901234567890', { kind: 'number', text: '12345678901234567890' }],
  ['18446744073709551615', { kind: 'number', text: '18446744073709551615' }],
  ['18446744073709551616', { kind: 'number', text: '1.8446744073709552e+19' }],
  ['+18446744073709551615', { kind: 'number', text: '1.8446744073709552e+19' }],
  ['9223372036854775807', { kind: 'number', text: '9223372036854775807' }],
  ['9223372036854775808', { kind: 'number', text: '9223372036854775808' }],
  ['-9223372036854775808', { kind: 'number', text: '-9223372036854775808' }],
  ['-9223372036854775809', { kind: 'number', text: '-9.223372036854776e+18' }],
  ['0xFFFFFFFFFFFFFFFF', { kind: 'number', text: '18446744073709551615' }],
  ['0x10000000000000000', { kind: 'string' }],
  ['-0x8000000000000000', { kind: 'number', text: '-9223372036854775808' }],
  ['0777777777777777777777', { kind: 'number', text: '9223372036854775807' }],
  ['1.0', { kind: 'number', text: '1' }],
  ['1e6', { kind: 'number', text: '1e+06' }],
  ['1E6', { kind: 'number', text: '1e+06' }],
  ['1e+6', { kind: 'number', text: '1e+06' }],
  ['1e-6', { kind: 'number', text: '1e-06' }],
  ['.5', { kind: 'number', text: '0.5' }],
  ['-.5', { kind: 'number', text: '-0.5' }],
  ['+.5', { kind: 'number', text: '0.5' }],
  ['1.', { kind: 'number', text: '1' }],
  ['-1.', { kind: 'number', text: '-1' }],
  ['-0.0', { kind: 'number', text: '-0' }],
  ['0.0', { kind: 'number', text: '0' }],
  ['1234567.5', { kind: 'number', text: '1.2345675e+06' }],
  ['123456.7', { kind: 'number', text: '123456.7' }],
  ['100000', { kind: 'number', text: '100000' }],
  ['1000000', { kind: 'number', text: '1000000' }],
  ['0.00001', { kind: 'number', text: '1e-05' }],
  ['0.0001', { kind: 'number', text: '0.0001' }],
  ['0.000123', { kind: 'number', text: '0.000123' }],
  ['1e21', { kind: 'number', text: '1e+21' }],
  ['1e20', { kind: 'number', text: '1e+20' }],
  ['123456789', { kind: 'number', text: '123456789' }],
  ['1e400', { kind: 'string' }],
  ['-1e400', { kind: 'string' }],
  ['1e-400', { kind: 'number', text: '0' }],
  ['1e308', { kind: 'number', text: '1e+308' }],
  ['1.7976931348623157e308', { kind: 'number', text: '1.7976931348623157e+308' }],
  ['4.9e-324', { kind: 'number', text: '5e-324' }],
  ['5e-324', { kind: 'number', text: '5e-324' }],
  ['0.1', { kind: 'number', text: '0.1' }],
  ['0.30000000000000004', { kind: 'number', text: '0.30000000000000004' }],
  ['3.14', { kind: 'number', text: '3.14' }],
  ['1.5e', { kind: 'string' }],
  ['1e', { kind: 'string' }],
  ['e1', { kind: 'string' }],
  ['.', { kind: 'string' }],
  ['..5', { kind: 'string' }],
  ['.e5', { kind: 'string' }],
  ['.5e3', { kind: 'number', text: '500' }],
  ['.5E-3', { kind: 'number', text: '0.0005' }],
  ['._5', { kind: 'string' }],
  ['.5_5', { kind: 'number', text: '0.55' }],
  ['.5e1_0', { kind: 'number', text: '5e+09' }],
  ['.5_', { kind: 'string' }],
  ['.inf', { kind: 'number', text: '+Inf' }],
  ['.Inf', { kind: 'number', text: '+Inf' }],
  ['.INF', { kind: 'number', text: '+Inf' }],
  ['-.inf', { kind: 'number', text: '-Inf' }],
  ['+.inf', { kind: 'number', text: '+Inf' }],
  ['-.Inf', { kind: 'number', text: '-Inf' }],
  ['.nan', { kind: 'number', text: 'NaN' }],
  ['.NaN', { kind: 'number', text: 'NaN' }],
  ['.NAN', { kind: 'number', text: 'NaN' }],
  ['+.nan', { kind: 'string' }],
  ['inf', { kind: 'string' }],
  ['nan', { kind: 'string' }],
  ['Infinity', { kind: 'string' }],
  ['1:20', { kind: 'string' }],
  ['1:20:30', { kind: 'string' }],
  ['190:20:30', { kind: 'string' }],
  ['2001-12-14', { kind: 'string' }],
  ['2001-12-14t21:59:43.10-05:00', { kind: 'string' }],
  ['2001-12-14 21:59:43.10', { kind: 'string' }],
  ['2001-12', { kind: 'string' }],
  ['2001-1-1', { kind: 'string' }],
  ['1.2.3', { kind: 'string' }],
  ['1,000', { kind: 'string' }],
  ['0x1p-2', { kind: 'string' }],
  ['+', { kind: 'string' }],
  ['+-1', { kind: 'string' }],
  ['1e06', { kind: 'number', text: '1e+06' }],
  ['01.5', { kind: 'number', text: '1.5' }],
  ['-01.5', { kind: 'number', text: '-1.5' }],
  ['007.5', { kind: 'number', text: '7.5' }],
  ['6.02e23', { kind: 'number', text: '6.02e+23' }],
  ['-1_0', { kind: 'number', text: '-10' }],
  ['<<', { kind: 'string' }],
  ['=', { kind: 'string' }],
  ['!str', { kind: 'string' }],
  ['abc', { kind: 'string' }],
  // yaml.v3's explicit 0b/0o branch accepts a sign after the prefix.
  ['0o+152', { kind: 'number', text: '106' }],
  ['0o-6', { kind: 'number', text: '-6' }],
  ['0b+11', { kind: 'number', text: '3' }],
  ['0b-1', { kind: 'number', text: '-1' }],
  ['0b-', { kind: 'string' }],
  ['-0b+1', { kind: 'string' }],
  ['0O+5', { kind: 'string' }],
  ['0o+', { kind: 'string' }],
  [
    '0b1111111111111111111111111111111111111111111111111111111111111111',
    { kind: 'number', text: '18446744073709551615' },
  ],
  ['0b+1111111111111111111111111111111111111111111111111111111111111111', { kind: 'string' }],
  ['0o-1_0', { kind: 'number', text: '-8' }],
  ['0b+1.5', { kind: 'string' }],
  ['0x+1', { kind: 'string' }],
  ['0o+8', { kind: 'string' }],
];

describe('resolvePlainScalar (yaml.v3 v3.0.1)', () => {
  it.each(GO_YAML_V3)('%j', (text, expected) => {
    expect(resolvePlainScalar(text)).toEqual(expected);
  });

  it('reproduces the esc-language.md §1.1 table and E7', () => {
    const num = (t: string): string | undefined => {
      const r = resolvePlainScalar(t);
      return r.kind === 'number' ? r.text : undefined;
    };
    expect(num('0x1F')).toBe('31');
    expect(num('0o10')).toBe('8');
    expect(num('0b101')).toBe('5');
    expect(num('010')).toBe('8');
    expect(num('1_000')).toBe('1000');
    expect(num('12345678901234567890')).toBe('12345678901234567890');
    expect(num('1.0')).toBe('1');
    expect(num('1e6')).toBe('1e+06');
    expect(num('1234567.5')).toBe('1.2345675e+06');
    expect(num('0.00001')).toBe('1e-05');
    expect(num('123456.7')).toBe('123456.7');
    expect(num('08')).toBe('8');
    expect(num('-0.0')).toBe('-0');
    expect(num('.inf')).toBe('+Inf');
    expect(num('-.inf')).toBe('-Inf');
    expect(num('.nan')).toBe('NaN');
    for (const s of ['yes', 'no', 'on', 'off', 'y', '2001-12-14', '1e400', '1:20']) {
      expect(resolvePlainScalar(s)).toEqual({ kind: 'string' });
    }
  });

  it('never uses exponent form for integers', () => {
    expect(resolvePlainScalar('100000000000000000000')).toEqual({ kind: 'number', text: '1e+20' }); // > uint64: float
    expect(resolvePlainScalar('10000000000000000000')).toEqual({
      kind: 'number',
      text: '10000000000000000000',
    });
  });
});
