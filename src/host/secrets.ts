/**
 * Finds every secret text in an evaluated environment, so hosts can mask all of them before
 * anything is printed. A secret container makes every scalar inside it secret.
 */
import { NumberText, type Value } from '../eval/value.js';

function scalarText(v: Value): string | undefined {
  const r = v.repr;
  if (typeof r === 'string') return r;
  if (r instanceof Uint8Array) return Buffer.from(r).toString('utf8');
  if (r instanceof NumberText) return r.text;
  if (typeof r === 'boolean') return r ? 'true' : 'false';
  return undefined;
}

/** Secret scalar texts in `root`, deduplicated, empty strings dropped. */
export function collectSecrets(root: Value | undefined): string[] {
  const found = new Set<string>();
  const stack: { v: Value; inSecret: boolean }[] = [];
  if (root !== undefined) stack.push({ v: root, inSecret: false });
  while (stack.length > 0) {
    const { v, inSecret } = stack.pop()!;
    if (v.unknown) continue;
    const secret = inSecret || v.secret;
    const r = v.repr;
    if (Array.isArray(r)) {
      for (const e of r) stack.push({ v: e, inSecret: secret });
    } else if (r instanceof Map) {
      for (const e of r.values()) stack.push({ v: e, inSecret: secret });
    } else if (secret) {
      const text = scalarText(v);
      if (text !== undefined && text !== '') found.add(text);
    }
  }
  return [...found];
}

/**
 * The lines to register as masks for one secret: the whole value, and for a multi-line value each
 * line of at least `minLineLength` characters (the runner masks each log line separately, so a
 * multi-line secret is only hidden line by line; very short lines such as `}` would mask
 * unrelated output everywhere and reveal nothing on their own).
 */
export function maskLines(secret: string, minLineLength = MIN_MASKED_LINE_LENGTH): string[] {
  const out = new Set<string>();
  const whole = secret.replace(/\r?\n$/, '');
  if (!/[\r\n]/.test(whole)) {
    if (whole.trim() !== '') out.add(whole);
    return [...out];
  }
  out.add(whole);
  for (const line of whole.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed.length >= minLineLength) out.add(trimmed);
  }
  return [...out];
}

/** Lines of a multi-line secret shorter than this are not masked on their own. */
export const MIN_MASKED_LINE_LENGTH = 4;
