/**
 * Line-buffered redaction of a child's output, as `esc run` does: every occurrence of a secret of at
 * least three bytes is replaced by `[secret]`.
 */
import { Transform, type TransformCallback } from 'node:stream';

export function createRedactor(secrets: readonly string[]): Transform {
  const list = [...new Set(secrets.filter((s) => Buffer.byteLength(s) >= 3))].sort(
    (a, b) => b.length - a.length,
  );
  const redactLine = (line: string): string => {
    let out = line;
    for (const s of list) if (out.includes(s)) out = out.split(s).join('[secret]');
    return out;
  };
  let pending = '';
  return new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      pending += chunk.toString('utf8');
      const cut = pending.lastIndexOf('\n');
      if (cut < 0) return done();
      const ready = pending.slice(0, cut + 1);
      pending = pending.slice(cut + 1);
      done(null, redactLine(ready));
    },
    flush(done: TransformCallback) {
      done(null, pending === '' ? undefined : redactLine(pending));
    },
  });
}
