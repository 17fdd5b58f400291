/**
 * "Did you mean" suggestions for unknown property names, as ESC's evaluator makes them: names are
 * compared ignoring case and underscores, and a candidate qualifies only if its Levenshtein
 * distance to the key is strictly below `floor((len(key) + 1) / 2)` (len in UTF-8 bytes). The
 * closest wins; ESC breaks ties by Go map order (arbitrary), we by the first in sorted byte
 * order, for determinism.
 */
import { byteLength, compareUtf8 } from './utf8.js';

function normalize(s: string): string[] {
  return Array.from(s.replaceAll('_', '').toLowerCase());
}

/** Levenshtein distance between two code-point sequences (two-row dynamic programming). */
export function levenshtein(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  let cur = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(
        (prev[j] as number) + 1,
        (cur[j - 1] as number) + 1,
        (prev[j - 1] as number) + cost,
      );
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length] as number;
}

/**
 * Optimal string alignment distance: Levenshtein plus the swap of two adjacent code points as one
 * edit (`jion` → `join` is 1), the commonest typing slip.
 */
export function osaDistance(a: readonly string[], b: readonly string[]): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row = new Array<number>(b.length + 1).fill(0);
    row[0] = i;
    rows.push(row);
  }
  const at = (i: number, j: number): number => (rows[i] as number[])[j] as number;
  for (let j = 0; j <= b.length; j++) (rows[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, at(i - 2, j - 2) + 1);
      }
      (rows[i] as number[])[j] = d;
    }
  }
  return at(a.length, b.length);
}

/**
 * The candidate to suggest for a mistyped `key`, or undefined when none is close enough. ESC's
 * rule (Levenshtein) by default, as for unknown properties; our own messages (builtins,
 * providers, inputs, top-level keys) pass `{ swaps: true }` to count a swap of two letters as one
 * edit, so `jion` suggests `join`.
 */
export function suggest(
  key: string,
  candidates: Iterable<string>,
  options: { swaps?: boolean } = {},
): string | undefined {
  const limit = Math.floor((byteLength(key) + 1) / 2);
  const k = normalize(key);
  const distance = options.swaps === true ? osaDistance : levenshtein;
  let best: string | undefined;
  let bestDist = Infinity;
  for (const c of [...candidates].sort(compareUtf8)) {
    const d = distance(k, normalize(c));
    if (d < limit && d < bestDist) {
      best = c;
      bestDist = d;
    }
  }
  return best;
}
