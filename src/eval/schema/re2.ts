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
import { toJsString } from '../go/utf8.js';
import { re2js } from './re2js.js';

/** A compiled pattern: whether it matches anywhere in a string (a byte string is UTF-8). */
export interface Pattern {
  test(s: string | Uint8Array): boolean;
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

/** Go's `syntax.Error` text: `error parsing regexp: <code>: `<expr>``. */
function goErrorText(e: unknown, pattern: string): string {
  const { RE2JSSyntaxException } = re2js();
  if (e instanceof RE2JSSyntaxException) {
    // re2js leaves out the expression where Go gives an empty one (trailing backslash) or the
    // whole pattern (expression too large, nests too deeply).
    const expr = e.input ?? (e.error === 'trailing backslash at end of expression' ? '' : pattern);
    return `error parsing regexp: ${e.error}: \`${expr}\``;
  }
  return `error parsing regexp: ${e instanceof Error ? e.message : String(e)}`;
}

/** Compiles a Go RE2 pattern; an empty pattern matches everything. */
export function compileRe2(text: string): Re2Result {
  const n = native.get(text);
  if (n !== undefined) return { pattern: { test: (s) => n.test(toJsString(s)) } };
  try {
    const re = re2js().RE2JS.compile(text);
    // A byte string is decoded here as Go reads it (each invalid byte one U+FFFD): re2js's own
    // UTF-8 input reads some invalid sequences as one character.
    return { pattern: { test: (s) => re.test(toJsString(s)) } };
  } catch (e) {
    return { error: goErrorText(e, text) };
  }
}
