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

/** The candidate to suggest for a mistyped `key`, or undefined when none is close enough. */
export function suggest(key: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.floor((byteLength(key) + 1) / 2);
  const k = normalize(key);
  let best: string | undefined;
  let bestDist = Infinity;
  for (const c of [...candidates].sort(compareUtf8)) {
    const d = levenshtein(k, normalize(c));
    if (d < limit && d < bestDist) {
      best = c;
      bestDist = d;
    }
  }
  return best;
}
