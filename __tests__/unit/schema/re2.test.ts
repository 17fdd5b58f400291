import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { compileRe2, nativePatterns, withoutGroupNames } from '../../../src/eval/schema/re2.js';
import { re2js } from '../../../src/eval/schema/re2js.js';
// Declares aws-login's native patterns (as the action does when it loads its providers).
import '../../../src/providers/aws-login.js';

function matches(pattern: string, s: string | Uint8Array): boolean {
  const r = compileRe2(pattern);
  if ('error' in r) throw new Error(r.error);
  return r.pattern.test(s);
}

function error(pattern: string): string {
  const r = compileRe2(pattern);
  return 'error' in r ? r.error : 'no error';
}

const bytes = (...b: number[]) => new Uint8Array(b);

describe('RE2 semantics (Go regexp), where JS RegExp differs', () => {
  it.each<[string, string, boolean]>([
    // Unanchored search.
    ['foo', 'xfooy', true],
    ['^foo[0-9]+$', 'foo42', true],
    ['', 'anything', true],
    // `$` is the end of the text only (JS: the same without m, but `\z` and `\A` are RE2's).
    ['^foo[0-9]+$', 'foo42\n', false],
    ['\\Aab\\z', 'ab', true],
    ['\\Aab\\z', 'ab\n', false],
    ['(?m)^b$', 'a\nb\nc', true],
    ['^b$', 'a\nb\nc', false],
    ['(?m)^b$', 'a\rb\rc', false],
    // `.` is every character but \n (JS also excludes \r, U+2028, U+2029).
    ['a.b', 'a\nb', false],
    ['a.b', 'a\rb', true],
    ['a.b', 'a\u2028b', true],
    ['(?s)a.b', 'a\nb', true],
    ['a(?s:.)b', 'a\nb', true],
    // A negated class matches \n.
    ['a[^x]b', 'a\nb', true],
    // Flags anywhere, scoped to their group.
    ['(?i)abc', 'ABC', true],
    ['abc', 'ABC', false],
    ['a(?i)b', 'aB', true],
    ['a(?i)b', 'AB', false],
    ['(?i:a)b', 'Ab', true],
    ['(?i:a)b', 'AB', false],
    ['(?i)k', '\u212a', true], // Kelvin sign folds to k
    ['(?i)s', '\u017f', true], // long s folds to s
    ['(?U)^a+$', 'aaa', true],
    // Perl classes are ASCII (JS \s is Unicode; \d, \w, \b ASCII in both).
    ['a\\sb', 'a\tb', true],
    ['a\\sb', 'a\u00a0b', false],
    ['a\\sb', 'a\u000bb', false], // \v is not \s in RE2
    ['[[:space:]]', '\u000b', true],
    ['a\\Sb', 'a\u00a0b', true],
    ['[\\s]', '\u2028', false],
    ['[^\\S]', ' ', true],
    ['\\d+', '٣', false],
    ['\\w', 'é', false],
    ['\\bé', 'é', false],
    // Unicode classes: one-letter names, scripts, negation.
    ['\\pL', 'é', true],
    ['^\\pL+$', 'Ωmega', true],
    ['\\PL', 'é', false],
    ['\\pN', '٣', true],
    ['\\p{Greek}', 'α', true],
    ['\\P{Greek}', 'α', false],
    ['\\p{^Greek}', 'a', true],
    ['\\p{Han}', '漢', true],
    ['[[:alpha:]]+$', 'ab', true],
    ['^[[:^digit:]]$', '5', false],
    // Escapes JS reads otherwise or rejects with the u flag.
    ['\\x41\\x{1F600}', 'A😀', true],
    ['\\101', 'A', true],
    ['\\0', '\0', true],
    ['\\Q.*\\E', '.*', true],
    ['\\Q.*\\E', 'ab', false],
    ['\\!\\@\\#\\-\\,', '!@#-,', true],
    ['(?P<year>\\d{4})-(?<m>\\d\\d)', '2024-01', true],
    // Go accepts a group name used twice (RE2 and re2js do not): compiled without the names.
    ['(?P<n>a)(?P<n>b)', 'ab', true],
    ['(?P<n>a)|(?<n>b)', 'b', true],
    ['[(?P<n>a)](?P<n>b)(?P<n>c)', '(bc', true],
    ['\\Q(?P<n>\\E(?P<n>b)(?P<n>c)', '(?P<n>bc', true],
    // `{` and `]` are literals where they start no repeat or class.
    ['a{', 'a{', true],
    ['a{2}', 'aa', true],
    ['a{2,}', 'a', false],
    ['x{,3}', 'x{,3}', true],
    ['[]a]', ']', true],
    ['[^]a]', 'b', true],
    ['[a-]', '-', true],
    ['a]', 'a]', true],
    ['a}', 'a}', true],
    ['^*a', 'a', true],
    // Characters are code points, not UTF-16 units.
    ['😀.', '😀x', true],
    ['^.$', '😀', true],
    ['^..$', '😀', false],
    ['^[😀-😂]$', '😁', true],
  ])('%j on %j', (p, s, r) => {
    expect(matches(p, s)).toBe(r);
  });

  it('reads a byte string as UTF-8, an invalid byte being one U+FFFD', () => {
    expect(matches('^.$', bytes(0xc3, 0xa9))).toBe(true); // é
    expect(matches('^é$', bytes(0xc3, 0xa9))).toBe(true);
    expect(matches('^.$', bytes(0xff))).toBe(true);
    expect(matches('^\\x{FFFD}$', bytes(0xff))).toBe(true);
    expect(matches('^..$', bytes(0xff, 0xfe))).toBe(true);
    expect(matches('^.$', bytes(0xff, 0xfe))).toBe(false);
    // Each byte of a truncated sequence is an error of its own (Go's utf8.DecodeRune).
    expect(matches('^\\x{FFFD}A$', bytes(0xc3, 0x41))).toBe(true);
    expect(matches('^a.c$', bytes(0x61, 0xe2, 0x82, 0x63))).toBe(false);
    expect(matches('^a..c$', bytes(0x61, 0xe2, 0x82, 0x63))).toBe(true);
    expect(matches('^a.c$', bytes(0x61, 0xe2, 0x82, 0xac, 0x63))).toBe(true); // €
  });
});

describe('linear time', () => {
  // Patterns that take exponential or polynomial time in a backtracking engine; each test
  // returns (the time is measured in `npm run bench`, not asserted here).
  const long = 'a'.repeat(100_000);
  const cases: [string, string, boolean][] = [
    ['^(a+)+$', 'a'.repeat(40) + 'b', false],
    ['^(a+)+$', long + 'b', false],
    ['^(a+)+$', long, true],
    ['^(a|a)*$', long + 'b', false],
    ['^(a|aa)+$', long + '!', false],
    ['(x+x+)+y', 'x'.repeat(100_000), false],
    ['^(\\w+\\s?)*$', 'ab '.repeat(30_000) + '!', false],
    ['^(([a-z])+.)+[A-Z]([a-z])+$', long, false],
    ['(.*a){20}', long, true],
    ['^(a*)*b', long, false],
    ['^a*a*a*a*a*a*a*a*$', long + 'b', false],
  ];
  it.each(cases.map(([p, s, r]) => [p, s.length, s, r] as const))(
    '%j on %i characters',
    (p, _, s, r) => {
      expect(matches(p, s)).toBe(r);
    },
  );
});

describe('RE2 errors (Go wording)', () => {
  it.each<[string, string]>([
    ['(a', 'error parsing regexp: missing closing ): `(a`'],
    ['a)', 'error parsing regexp: unexpected ): `a)`'],
    ['[a', 'error parsing regexp: missing closing ]: `[a`'],
    ['*a', 'error parsing regexp: missing argument to repetition operator: `*`'],
    ['a**', 'error parsing regexp: invalid nested repetition operator: `**`'],
    ['a++', 'error parsing regexp: invalid nested repetition operator: `++`'],
    ['a{1001}', 'error parsing regexp: invalid repeat count: `{1001}`'],
    ['a{3,2}', 'error parsing regexp: invalid repeat count: `{3,2}`'],
    ['(a{100}){100}', 'error parsing regexp: invalid repeat count: `{100}`'],
    ['[z-a]', 'error parsing regexp: invalid character class range: `z-a`'],
    // Look-around and back-references do not exist in RE2.
    ['a(?=b)', 'error parsing regexp: invalid or unsupported Perl syntax: `(?=`'],
    ['a(?!b)', 'error parsing regexp: invalid or unsupported Perl syntax: `(?!`'],
    ['(?<=a)b', 'error parsing regexp: invalid named capture: `(?<=a)b`'],
    ['(?<!a)b', 'error parsing regexp: invalid named capture: `(?<!a)b`'],
    ['(a)\\1', 'error parsing regexp: invalid escape sequence: `\\1`'],
    ['(?P<n>a)\\k<n>', 'error parsing regexp: invalid escape sequence: `\\k`'],
    ['(?P<>a)', 'error parsing regexp: invalid named capture: `(?P<>`'],
    ['a\\Z', 'error parsing regexp: invalid escape sequence: `\\Z`'],
    ['a\\C', 'error parsing regexp: invalid escape sequence: `\\C`'],
    ['\\8', 'error parsing regexp: invalid escape sequence: `\\8`'],
    ['\\x{110000}', 'error parsing regexp: invalid escape sequence: `\\x{110000`'],
    ['\\p{Nope}', 'error parsing regexp: invalid character class range: `\\p{Nope}`'],
    ['a\\', 'error parsing regexp: trailing backslash at end of expression: ``'],
    ['[[:nope:]]', 'error parsing regexp: invalid character class range: `[:nope:]`'],
    ['(?', 'error parsing regexp: invalid or unsupported Perl syntax: `(?`'],
    ['(?x)a', 'error parsing regexp: invalid or unsupported Perl syntax: `(?x`'],
  ])('%j', (p, e) => {
    expect(error(p)).toBe(e);
  });

  it('quotes a pattern with a name used twice as written', () => {
    expect(error('(?P<n>a)(?P<n>b)(')).toBe(
      'error parsing regexp: missing closing ): `(?P<n>a)(?P<n>b)(`',
    );
    expect(error('(?P<n>a)(?P<n>*')).toBe(
      'error parsing regexp: missing argument to repetition operator: `*`',
    );
  });

  it('quotes the whole pattern when it nests too deeply, as Go does', () => {
    const p = '('.repeat(1001) + 'a' + ')'.repeat(1001);
    expect(error(p)).toBe(`error parsing regexp: expression nests too deeply: \`${p}\``);
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
      '\ud800',
    ]) {
      expect(() => compileRe2(p)).not.toThrow();
    }
  });
});

describe('withoutGroupNames', () => {
  it.each<[string, string]>([
    ['(?P<a>x)(?<b_1>y)', '(?:x)(?:y)'],
    ['[(?P<a>x)]', '[(?P<a>x)]'],
    ['[]?P<a>](?P<a>x)', '[]?P<a>](?:x)'],
    ['[[:alpha:](?P<a>]', '[[:alpha:](?P<a>]'],
    ['\\(?P<a>x)', '\\(?P<a>x)'],
    ['\\Q(?P<a>\\E(?P<a>x)', '\\Q(?P<a>\\E(?:x)'],
    ['\\Q(?P<a>', '\\Q(?P<a>'],
    ['(?P<>x)(?P<a-b>y)', '(?P<>x)(?P<a-b>y)'],
  ])('%j', (p, out) => {
    expect(withoutGroupNames(p)).toBe(out);
  });
});

describe('native patterns (the host constant patterns matched without re2js)', () => {
  const declared = nativePatterns();

  it('are declared by aws-login', () => {
    expect(declared.length).toBeGreaterThanOrEqual(2);
  });

  // Strings close to what each pattern accepts: pieces of ARNs and names, with the characters
  // where JS and RE2 could differ (non-ASCII letters and digits, \n, U+2028, astral).
  const pieces = [
    'arn:aws:iam::',
    'arn:aws-cn:iam::',
    'arn:aws-us-gov:iam::',
    '123456789012',
    ':role/',
    'gha-deploy',
    'a',
    'Z',
    '_',
    '9',
    '+=,.@-',
    '/',
    ':',
    ' ',
    '\n',
    '\u2028',
    'é',
    '٣',
    'K',
    '\u212a',
    '😀',
    'x'.repeat(64),
  ];
  const text = fc.array(fc.constantFrom(...pieces), { maxLength: 12 }).map((a) => a.join(''));

  it.each(declared.map((p) => [p]))('%j means the same in JS as in RE2', (p) => {
    const native = compileRe2(p);
    if ('error' in native) throw new Error(native.error);
    const re2 = re2js().RE2JS.compile(p);
    fc.assert(
      fc.property(text, (s) => native.pattern.test(s) === re2.test(s)),
      { numRuns: 3000 },
    );
  });
});
