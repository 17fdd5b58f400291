/**
 * Schema `pattern`s: Go RE2 regular expressions (`regexp.Compile`), compiled and matched by re2js,
 * the maintained JavaScript port of RE2. It keeps Go's syntax and semantics (unanchored search,
 * `.` not matching `\n`, ASCII `\s`/`\d`/`\w`/`\b`, `\pL`, `(?i)`/`(?U)` anywhere, `\z`, no
 * back-references or look-around; the input is UTF-8, an invalid byte being one U+FFFD) and
 * Go's error texts (`error parsing regexp: missing closing ): `(a``), and it matches in time
 * linear in the input: `^(a+)+$` against 100,000 characters takes milliseconds where a
 * backtracking `RegExp` would never finish.
 *
 * re2js is loaded on the first pattern compiled (re2js.ts), except for the host's own constant
 * patterns (provider input schemas: the role ARN and session name of aws-login): those are
 * declared with `nativePattern`, which also gives the host the `RegExp` its own checks use, and
 * are matched by that `RegExp`, so a normal run never loads re2js. A native pattern must mean
 * the same in JS as in RE2 and match in linear time: ASCII classes, anchored, no nested or
 * adjacent overlapping repeats (the unit tests compare each with re2js on generated inputs).
 *
 * `compileRe2` never throws: an invalid pattern yields Go's error text.
 */
import { toJsString } from '../../base/utf8.js';
import { re2js } from './re2js.js';

/** A compiled pattern: whether it matches anywhere in a string (a byte string is UTF-8). */
export interface Pattern {
  test(s: string | Uint8Array): boolean;
  /**
   * The work one match does per character of input: the compiled program's size (RE2 runs in
   * time linear in the input times the program: `[ab]{1000}` costs far more than `^a`).
   */
  cost: number;
}

export type Re2Result = { pattern: Pattern } | { error: string };

const native = new Map<string, RegExp>();

/**
 * Declares a host's constant pattern, matched by a native `RegExp` (see above for what it must
 * satisfy), and returns that `RegExp`.
 */
export function nativePattern(text: string): RegExp {
  let r = native.get(text);
  if (r === undefined) {
    r = new RegExp(text);
    native.set(text, r);
  }
  return r;
}

/** The patterns declared with `nativePattern` (for tests). */
export function nativePatterns(): string[] {
  return [...native.keys()];
}

/** Go's `syntax.Error` text (`error parsing regexp: <code>: `<expr>``) for `text`, as `source`. */
function goErrorText(e: unknown, source: string, text: string): string {
  const { RE2JSSyntaxException } = re2js();
  if (e instanceof RE2JSSyntaxException) {
    // re2js leaves out the expression where Go gives an empty one (trailing backslash) or the
    // whole pattern (expression too large, nests too deeply).
    const expr =
      e.input === source
        ? text
        : (e.input ?? (e.error === 'trailing backslash at end of expression' ? '' : text));
    return `error parsing regexp: ${e.error}: \`${expr}\``;
  }
  return `error parsing regexp: ${e instanceof Error ? e.message : String(e)}`;
}

/**
 * The pattern with every named group `(?P<name>` / `(?<name>` made a `(?:` where it opens a
 * group (not inside a class, after a backslash or inside `\Q…\E`). Go accepts a name used twice,
 * RE2 (and re2js) do not; names do not change what matches.
 */
export function withoutGroupNames(pattern: string): string {
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    let next: number;
    if (pattern[i] === '\\') {
      const q = pattern[i + 1] === 'Q' ? pattern.indexOf('\\E', i + 2) : -2;
      next = q === -2 ? i + 2 : q < 0 ? pattern.length : q + 2;
    } else if (pattern[i] === '[') {
      next = classEnd(pattern, i);
    } else {
      const m = /^\(\?P?<\w+>/.exec(pattern.slice(i, i + 256));
      if (m) {
        out += '(?:'; // not `(`: a `?` after it must stay a repeat operator
        i += m[0].length;
        continue;
      }
      next = i + 1;
    }
    out += pattern.slice(i, next);
    i = next;
  }
  return out;
}

/** The index after the character class that opens at `i` (or the pattern's end). */
function classEnd(p: string, i: number): number {
  let j = i + 1;
  if (p[j] === '^') j++;
  if (p[j] === ']') j++; // a leading `]` is a literal
  while (j < p.length && p[j] !== ']') {
    const posix = p.startsWith('[:', j) ? p.indexOf(':]', j + 2) : -1;
    j = p[j] === '\\' ? j + 2 : posix >= 0 ? posix + 2 : j + 1;
  }
  return Math.min(j + 1, p.length);
}

function compile(source: string, text: string): Re2Result {
  try {
    const re = re2js().RE2JS.compile(source);
    // A byte string is decoded here as Go reads it (each invalid byte one U+FFFD): re2js's own
    // UTF-8 input reads some invalid sequences as one character.
    return { pattern: { test: (s) => re.test(toJsString(s)), cost: re.programSize() } };
  } catch (e) {
    return { error: goErrorText(e, source, text) };
  }
}

/** Compiles a Go RE2 pattern; an empty pattern matches everything. */
export function compileRe2(text: string): Re2Result {
  const n = native.get(text);
  if (n !== undefined) return { pattern: { test: (s) => n.test(toJsString(s)), cost: 1 } };
  const r = compile(text, text);
  // Go allows a group name twice: compile without the names (errors still quote `text`).
  if ('error' in r && r.error.startsWith('error parsing regexp: duplicate capture group name:')) {
    return compile(withoutGroupNames(text), text);
  }
  return r;
}
