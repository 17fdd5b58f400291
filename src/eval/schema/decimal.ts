/**
 * Exact comparison of decimal number text (`NumberText`), for the numeric schema keywords.
 *
 * A number is read as `sign * coef * 10^exp` with a `bigint` coefficient, so `0.1`, `1e-1` and
 * `12345678901234567890` are all exact. Huge exponents (`1e999999999`, possible through
 * `fn::fromJSON`) are compared by magnitude first, so no comparison ever builds a huge power of
 * ten. `+Inf`/`-Inf` (YAML `.inf`) compare as infinities; `NaN` and anything else is not a number.
 */

export type Decimal =
  { kind: 'finite'; neg: boolean; coef: bigint; exp: number } | { kind: 'inf'; neg: boolean };

const FINITE = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const INFINITE = /^([+-]?)inf(?:inity)?$/i;

/** Parses decimal text; `undefined` if it is not a number (e.g. `NaN`, `0x1F`, `1_000`). */
export function parseDecimal(text: string): Decimal | undefined {
  const inf = INFINITE.exec(text);
  if (inf) return { kind: 'inf', neg: inf[1] === '-' };
  const m = FINITE.exec(text);
  if (!m) return undefined;
  const int = m[2] ?? '';
  const frac = m[3] ?? '';
  if (int === '' && frac === '') return undefined;
  const expText = m[4] ?? '0';
  const exp = Number(expText);
  if (!Number.isSafeInteger(exp)) return undefined;
  const digits = (int + frac).replace(/^0+/, '');
  const coef = digits === '' ? 0n : BigInt(digits);
  return { kind: 'finite', neg: m[1] === '-' && coef !== 0n, coef, exp: exp - frac.length };
}

/** The decimal exponent of the leading digit, for magnitude comparison (coef must be > 0). */
function magnitude(d: { coef: bigint; exp: number }): number {
  return d.coef.toString().length + d.exp;
}

/** Compares |a| and |b| for finite numbers. */
function compareAbs(a: { coef: bigint; exp: number }, b: { coef: bigint; exp: number }): number {
  if (a.coef === 0n || b.coef === 0n) return a.coef === b.coef ? 0 : a.coef === 0n ? -1 : 1;
  const ma = magnitude(a);
  const mb = magnitude(b);
  if (ma !== mb) return ma < mb ? -1 : 1;
  // Same magnitude: the exponents differ by at most the digit counts, so scaling is cheap.
  const e = Math.min(a.exp, b.exp);
  const x = a.coef * 10n ** BigInt(a.exp - e);
  const y = b.coef * 10n ** BigInt(b.exp - e);
  return x === y ? 0 : x < y ? -1 : 1;
}

/** -1, 0 or 1 as a <, =, > b. */
export function compareDecimal(a: Decimal, b: Decimal): number {
  const sa = sign(a);
  const sb = sign(b);
  if (sa !== sb) return sa < sb ? -1 : 1;
  if (a.kind === 'inf' || b.kind === 'inf') {
    if (a.kind === 'inf' && b.kind === 'inf') return 0;
    const r = a.kind === 'inf' ? 1 : -1;
    return sa < 0 ? -r : r;
  }
  const r = compareAbs(a, b);
  return sa < 0 && r !== 0 ? -r : r;
}

function sign(d: Decimal): number {
  if (d.kind === 'inf') return d.neg ? -1 : 1;
  if (d.coef === 0n) return 0;
  return d.neg ? -1 : 1;
}

function modPow10(e: number, m: bigint): bigint {
  let result = 1n % m;
  let base = 10n % m;
  let k = BigInt(e);
  while (k > 0n) {
    if (k & 1n) result = (result * base) % m;
    base = (base * base) % m;
    k >>= 1n;
  }
  return result;
}

/**
 * Whether `n / m` is an integer, exactly (so `0.3` is a multiple of `0.1`). A zero or infinite
 * divisor, or an infinite dividend, is never a multiple (Go's big.Float quotient is then not an
 * integer either, or undefined).
 */
export function isMultipleOf(n: Decimal, m: Decimal): boolean {
  if (n.kind === 'inf' || m.kind === 'inf' || m.coef === 0n) return false;
  if (n.coef === 0n) return true;
  const d = n.exp - m.exp;
  if (d >= 0) {
    // n/m = (n.coef * 10^d) / m.coef
    return ((n.coef % m.coef) * modPow10(d, m.coef)) % m.coef === 0n;
  }
  // n/m = n.coef / (m.coef * 10^-d): n.coef must have at least -d trailing factors of ten's worth.
  if (-d > n.coef.toString().length) return false;
  return n.coef % (m.coef * 10n ** BigInt(-d)) === 0n;
}
