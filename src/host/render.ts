/**
 * Renders evaluated values for people and scripts: JSON (keys sorted, two-space indent, numbers
 * exactly as their decimal text), with secrets as "[secret]" unless revealed and unknowns as
 * "[unknown]".
 */
import { NumberText, type Value } from '../eval/value.js';

export interface RenderOptions {
  showSecrets: boolean;
}

/** JSON string escaping as Go's encoder does it (HTML characters and U+2028/9 escaped). */
export function jsonString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => {
    return '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0');
  });
}

function scalarJSON(v: Value): string {
  const r = v.repr;
  if (r === null) return 'null';
  if (typeof r === 'boolean') return r ? 'true' : 'false';
  if (r instanceof NumberText) return r.text;
  if (r instanceof Uint8Array) return jsonString(Buffer.from(r).toString('utf8'));
  if (typeof r === 'string') return jsonString(r);
  return 'null';
}

export function renderJSON(v: Value | undefined, options: RenderOptions, indent = '  '): string {
  if (v === undefined) return '{}';
  const walk = (x: Value, pad: string): string => {
    if (x.secret && !options.showSecrets) return '"[secret]"';
    if (x.unknown) return '"[unknown]"';
    const r = x.repr;
    const inner = pad + indent;
    if (Array.isArray(r)) {
      if (r.length === 0) return '[]';
      return `[\n${r.map((e) => inner + walk(e, inner)).join(',\n')}\n${pad}]`;
    }
    if (r instanceof Map) {
      if (r.size === 0) return '{}';
      const keys = [...r.keys()].sort();
      const lines = keys.map((k) => `${inner}${jsonString(k)}: ${walk(r.get(k)!, inner)}`);
      return `{\n${lines.join(',\n')}\n${pad}}`;
    }
    return scalarJSON(x);
  };
  return walk(v, '');
}
