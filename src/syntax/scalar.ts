/**
 * Resolution of a plain (unquoted, untagged) YAML scalar as gopkg.in/yaml.v3 v3.0.1 does it
 * (YAML 1.1-flavoured: `010` is octal, `yes` is a string), and the number text ESC keeps:
 * integers in base 10 with exact digits (up to uint64), floats as Go `FormatFloat(f,'g',-1,64)`.
 *
 * yaml.v3 picks a rule from the first character:
 * - `~`, `n`/`N`, `t`/`T`, `f`/`F`, `y`/`Y`, `o`/`O` and the empty scalar: only the fixed words
 *   (`~ null Null NULL true True TRUE false False FALSE`) resolve; `yes`, `on`, ... stay strings.
 * - `.`: the words `.inf .Inf .INF .nan .NaN .NAN`, else Go `ParseFloat` of the text as is.
 * - a digit or a sign: the words `+.inf`, `-.inf` (any of the three spellings); a timestamp
 *   (kept as a string by ESC, so not distinguished here); then, with every `_` removed, Go
 *   `ParseInt(s, 0, 64)`, `ParseUint(s, 0, 64)`, and finally `ParseFloat` if the text matches
 *   `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`; last, for a text starting with
 *   `0b`/`0o` (lower case), `ParseInt(rest, 2|8, 64)` then `ParseUint`: base-0 parsing already
 *   took the ordinary forms, but this branch also accepts a sign *after* the prefix (`0o-6` is
 *   -6, `0b+11` is 3). (Its `-0b`/`-0o` twin can never succeed where base 0 failed.)
 *   ParseInt with base 0 takes a sign before the prefix, so `-0x1F` is -31 and `+0o10` is 8.
 * - anything else: a string.
 * A float that overflows (`1e400`) is a ParseFloat range error, so the scalar stays a string;
 * underflow (`1e-400`) is 0 without error.
 */
import { formatFloat } from '../base/float.js';

export type PlainScalar =
  | { kind: 'null' }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'number'; text: string }
  | { kind: 'string' };

const WORDS: ReadonlyMap<string, PlainScalar> = new Map<string, PlainScalar>([
  ...['', '~', 'null', 'Null', 'NULL'].map((w): [string, PlainScalar] => [w, { kind: 'null' }]),
  ...['true', 'True', 'TRUE'].map((w): [string, PlainScalar] => [
    w,
    { kind: 'boolean', value: true },
  ]),
  ...['false', 'False', 'FALSE'].map((w): [string, PlainScalar] => [
    w,
    { kind: 'boolean', value: false },
  ]),
  ...['.nan', '.NaN', '.NAN'].map((w): [string, PlainScalar] => [
    w,
    { kind: 'number', text: 'NaN' },
  ]),
  ...['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'].map((w): [string, PlainScalar] => [
    w,
    { kind: 'number', text: '+Inf' },
  ]),
  ...['-.inf', '-.Inf', '-.INF'].map((w): [string, PlainScalar] => [
    w,
    { kind: 'number', text: '-Inf' },
  ]),
]);

const STRING: PlainScalar = { kind: 'string' };
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;
const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
/** What Go's ParseFloat accepts for a text starting with `.` (decimal only; `_` between digits). */
const DOT_FLOAT = /^\.[0-9]+(_[0-9]+)*([eE][-+]?[0-9]+(_[0-9]+)*)?$/;

/**
 * Go `strconv.ParseInt(s, 0, 64)` / `ParseUint(s, 0, 64)` on a text without underscores: the
 * value, or undefined on a syntax error. Range is checked by the caller.
 */
function parseGoInt(s: string): bigint | undefined {
  let neg = false;
  let t = s;
  if (t[0] === '+' || t[0] === '-') {
    neg = t[0] === '-';
    t = t.slice(1);
  }
  if (t === '') return undefined;
  let base = 10;
  if (t[0] === '0') {
    const p = t.length >= 3 ? (t[1] as string).toLowerCase() : '';
    if (p === 'x') base = 16;
    else if (p === 'o') base = 8;
    else if (p === 'b') base = 2;
    if (base !== 10) t = t.slice(2);
    else {
      base = 8;
      t = t.slice(1); // `0` alone leaves "" which is 0
    }
  }
  let n = 0n;
  const b = BigInt(base);
  for (const c of t) {
    const d = parseInt(c, 36);
    if (Number.isNaN(d) || d >= base) return undefined;
    n = n * b + BigInt(d);
  }
  return neg ? -n : n;
}

/** Go `ParseInt(s, base, 64)`, falling back to `ParseUint(s, base, 64)`: decimal text or undefined. */
function parseExplicitBase(s: string, base: number): string | undefined {
  let t = s;
  let neg = false;
  let signed = false;
  if (t[0] === '+' || t[0] === '-') {
    neg = t[0] === '-';
    signed = true;
    t = t.slice(1);
  }
  if (t === '') return undefined;
  let n = 0n;
  for (const c of t) {
    const d = parseInt(c, 36);
    if (Number.isNaN(d) || d >= base) return undefined;
    n = n * BigInt(base) + BigInt(d);
  }
  if (neg) n = -n;
  if (n >= INT64_MIN && n <= INT64_MAX) return n.toString();
  if (!signed && n <= UINT64_MAX) return n.toString();
  return undefined;
}

function floatResult(text: string): PlainScalar {
  const f = Number(text);
  if (!Number.isFinite(f)) return STRING; // ParseFloat range error
  return { kind: 'number', text: formatFloat(f) };
}

/** Resolves a plain YAML scalar's text as yaml.v3 v3.0.1 does (see the module comment). */
export function resolvePlainScalar(text: string): PlainScalar {
  const word = WORDS.get(text);
  const c = text[0];
  if (c === undefined) return word ?? STRING;
  if (c === '.') {
    if (word) return word;
    return DOT_FLOAT.test(text) ? floatResult(text.replaceAll('_', '')) : STRING;
  }
  if (c === '+' || c === '-' || (c >= '0' && c <= '9')) {
    if (word) return word;
    const plain = text.replaceAll('_', '');
    const n = parseGoInt(plain);
    if (n !== undefined) {
      if (n >= INT64_MIN && n <= INT64_MAX) return { kind: 'number', text: n.toString() };
      // ParseUint takes no sign at all.
      if (n > 0n && n <= UINT64_MAX && plain[0] !== '-' && plain[0] !== '+')
        return { kind: 'number', text: n.toString() };
    }
    if (YAML_FLOAT.test(plain)) return floatResult(plain);
    const explicit = plain.startsWith('0b')
      ? parseExplicitBase(plain.slice(2), 2)
      : plain.startsWith('0o')
        ? parseExplicitBase(plain.slice(2), 8)
        : undefined;
    return explicit === undefined ? STRING : { kind: 'number', text: explicit };
  }
  if ('yYnNtTfFoO~'.includes(c)) return word ?? STRING;
  return STRING;
}
