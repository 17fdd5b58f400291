/**
 * Redaction of a child's output, as `esc run` does: every occurrence of a secret of at least three
 * bytes is replaced by `[secret]`. It works on bytes, not decoded text, so a pipe read that ends
 * inside a multi-byte character cannot hide a secret from it, and it holds back only a tail one
 * byte shorter than the longest secret: a secret split across reads is still seen whole, and
 * output that never ends a line is passed on as it comes instead of piling up.
 */
import { Transform, type TransformCallback } from 'node:stream';

const REPLACEMENT = Buffer.from('[secret]');

/**
 * The byte ranges `[start, end)` of `buf` covered by some secret, overlapping and touching ranges
 * merged, in order.
 */
export function secretRanges(buf: Buffer, secrets: readonly Buffer[]): [number, number][] {
  const found: [number, number][] = [];
  for (const s of secrets) {
    for (let at = buf.indexOf(s); at >= 0; at = buf.indexOf(s, at + 1)) {
      found.push([at, at + s.length]);
    }
  }
  found.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const r of found) {
    const last = merged[merged.length - 1];
    if (last !== undefined && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

export interface Redaction {
  /** What may be written now, redacted. */
  out: Buffer;
  /** What must wait for more output (at most the longest secret less one byte, or a secret's start). */
  rest: Buffer;
}

/**
 * Redacts `buf`, keeping back what could be the start of a secret that the next read completes.
 * `final`: no more output comes, so nothing is kept back.
 */
export function redactBytes(buf: Buffer, secrets: readonly Buffer[], final: boolean): Redaction {
  const longest = secrets.reduce((n, s) => Math.max(n, s.length), 0);
  // A secret that starts before `cut` ends inside `buf` (it is at most `longest` bytes), so it is
  // found here; one that starts at or after `cut` may be cut off by the end of this read.
  const cut = final ? buf.length : Math.max(0, buf.length - (longest - 1));
  const parts: Buffer[] = [];
  let at = 0;
  let held = false;
  for (const [start, end] of secretRanges(buf, secrets)) {
    if (start >= cut) break;
    // A run of secrets that reaches into the kept-back tail waits whole (a further secret may
    // overlap its end and finish in the next read), unless the run is already long.
    if (end > cut && buf.length - start <= 2 * longest) {
      parts.push(buf.subarray(at, start));
      at = start;
      held = true;
      break;
    }
    parts.push(buf.subarray(at, start), REPLACEMENT);
    at = end;
  }
  const stop = held ? at : Math.max(at, cut);
  parts.push(buf.subarray(at, stop));
  return { out: Buffer.concat(parts), rest: Buffer.from(buf.subarray(stop)) };
}

export function createRedactor(secrets: readonly string[]): Transform {
  const list = [...new Set(secrets)]
    .map((s) => Buffer.from(s, 'utf8'))
    .filter((b) => b.length >= 3);
  let pending: Buffer = Buffer.alloc(0);
  return new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      const r = redactBytes(Buffer.concat([pending, chunk]), list, false);
      pending = r.rest;
      done(null, r.out.length > 0 ? r.out : undefined);
    },
    flush(done: TransformCallback) {
      const r = redactBytes(pending, list, true);
      pending = Buffer.alloc(0);
      done(null, r.out.length > 0 ? r.out : undefined);
    },
  });
}
