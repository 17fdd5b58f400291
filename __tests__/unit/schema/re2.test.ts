import { describe, expect, it } from '@jest/globals';
import { compileRe2 } from '../../../src/eval/schema/re2.js';

function matches(pattern: string, s: string): boolean {
  const r = compileRe2(pattern);
  if ('error' in r) throw new Error(r.error);
  return r.regexp.test(s);
}

function error(pattern: string): string {
  const r = compileRe2(pattern);
  return 'error' in r ? r.error : 'no error';
}

describe('RE2 semantics', () => {
  it.each<[string, string, boolean]>([
    ['foo', 'xfooy', true],
    ['^foo[0-9]+$', 'foo42', true],
    ['^foo[0-9]+$', 'foo42\n', false],
    ['a.b', 'a\nb', false],
    ['a.b', 'a\rb', true],
    ['(?s)a.b', 'a\nb', true],
    ['a(?s:.)b', 'a\nb', true],
    ['(?i)abc', 'ABC', true],
    ['abc', 'ABC', false],
    ['\\Aab\\z', 'ab', true],
    ['\\Aab\\z', 'ab\n', false],
    ['(?m)^b$', 'a\nb\nc', true],
    ['^b$', 'a\nb\nc', false],
    ['(?m)^b$', 'a\rb\rc', false],
    ['a\\sb', 'a\tb', true],
    ['a\\sb', 'a\u00a0b', false],
    ['a\\Sb', 'a\u00a0b', true],
    ['[\\s]', '\u2028', false],
    ['[^\\S]', ' ', true],
    ['\\d+', '٣', false],
    ['\\pL', 'é', true],
    ['\\p{Greek}', 'α', true],
    ['\\P{Greek}', 'α', false],
    ['\\p{^Greek}', 'a', true],
    ['[[:alpha:]]+$', 'ab', true],
    ['^[[:^digit:]]$', '5', false],
    ['\\x41\\x{1F600}', 'A😀', true],
    ['\\101', 'A', true],
    ['\\0', '\0', true],
    ['a{', 'a{', true],
    ['a{2}', 'aa', true],
    ['a{2,}', 'a', false],
    ['x{,3}', 'x{,3}', true],
    ['\\Q.*\\E', '.*', true],
    ['\\Q.*\\E', 'ab', false],
    ['\\!\\@\\#\\-\\,', '!@#-,', true],
    ['(?P<year>\\d{4})-(?<m>\\d\\d)', '2024-01', true],
    ['[]a]', ']', true],
    ['[^]a]', 'b', true],
    ['[a-]', '-', true],
    ['😀.', '😀x', true],
    ['^.$', '😀', true],
    ['a]', 'a]', true],
    ['a}', 'a}', true],
    ['^*a', 'a', true],
    ['', 'anything', true],
  ])('%j on %j', (p, s, r) => {
    expect(matches(p, s)).toBe(r);
  });
});

describe('RE2 errors (Go wording)', () => {
  it.each<[string, string]>([
    ['(a', 'error parsing regexp: missing closing ): `(a`'],
    ['a)', 'error parsing regexp: unexpected ): `a)`'],
    ['[a', 'error parsing regexp: missing closing ]: `[a`'],
    ['*a', 'error parsing regexp: missing argument to repetition operator: `*`'],
    ['a**', 'error parsing regexp: invalid nested repetition operator: `**`'],
    ['a{1001}', 'error parsing regexp: invalid repeat count: `{1001}`'],
    ['a{3,2}', 'error parsing regexp: invalid repeat count: `{3,2}`'],
    ['[z-a]', 'error parsing regexp: invalid character class range: `z-a`'],
    ['a(?=b)', 'error parsing regexp: invalid or unsupported Perl syntax: `(?=`'],
    ['a(?!b)', 'error parsing regexp: invalid or unsupported Perl syntax: `(?!`'],
    ['(?<=a)b', 'error parsing regexp: invalid or unsupported Perl syntax: `(?<=`'],
    ['(a)\\1', 'error parsing regexp: invalid escape sequence: `\\1`'],
    ['a\\Z', 'error parsing regexp: invalid escape sequence: `\\Z`'],
    ['\\8', 'error parsing regexp: invalid escape sequence: `\\8`'],
    ['\\p{Nope}', 'error parsing regexp: invalid character class range: `\\p{Nope}`'],
    ['a\\', 'error parsing regexp: trailing backslash at end of expression: ``'],
    ['[[:nope:]]', 'error parsing regexp: invalid character class range: `[:nope:]`'],
  ])('%j', (p, e) => {
    expect(error(p)).toBe(e);
  });

  it('says when a valid RE2 construct is not supported', () => {
    expect(error('a(?i)b')).toMatch(/^unsupported regular expression/);
    expect(error('(?U)a+')).toMatch(/^unsupported regular expression/);
  });

  it('never throws on odd input', () => {
    for (const p of [
      '(?',
      '(?P',
      '(?P<',
      '(?P<>a)',
      '[',
      '\\x',
      '\\x{',
      '\\p',
      '\\p{',
      '{',
      '}',
      '(?:',
      '(?-)',
      '[\\',
      '\\Q',
    ]) {
      expect(() => compileRe2(p)).not.toThrow();
    }
  });
});
