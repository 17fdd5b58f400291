/**
 * Plain renderings of evaluated values: JSON data with secrets as `"[secret]"` (when redacting)
 * and unknowns as `"[unknown]"`, as `esc` and the upstream tests print them.
 */
import { toJsString } from '../base/utf8.js';
import { NumberText } from './value.js';
import type { Value } from './value.js';

export type JsonData = null | boolean | number | string | JsonData[] | { [key: string]: JsonData };

/**
 * `redact`: secrets print as `"[secret]"`. Numbers become JS numbers (use `NumberText` from the
 * value itself when exact digits matter).
 */
export function toJSONData(v: Value, redact: boolean): JsonData {
  if (redact && v.secret) return '[secret]';
  if (v.unknown) return '[unknown]';
  const r = v.repr;
  if (r === null || typeof r === 'boolean') return r;
  if (r instanceof NumberText) {
    const n = Number(r.text);
    return Number.isFinite(n) ? n : r.text;
  }
  if (typeof r === 'string' || r instanceof Uint8Array) return toJsString(r);
  if (Array.isArray(r)) return r.map((e) => toJSONData(e, redact));
  const o: { [key: string]: JsonData } = {};
  for (const [k, e] of r) o[k] = toJSONData(e, redact);
  return o;
}
