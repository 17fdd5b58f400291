/**
 * Renders evaluated values for people and scripts: JSON (keys sorted, two-space indent, numbers
 * exactly as their decimal text), with secrets as "[secret]" unless revealed and unknowns as
 * "[unknown]".
 */
import { quoteJSONString } from '../eval/go/json.js';
import { NumberText, type Value } from '../eval/value.js';

export interface RenderOptions {
  showSecrets: boolean;
}

function scalarJSON(v: Value): string {
  const r = v.repr;
  if (r === null) return 'null';
  if (typeof r === 'boolean') return r ? 'true' : 'false';
  if (r instanceof NumberText) return r.text;
  if (typeof r === 'string' || r instanceof Uint8Array) return quoteJSONString(r);
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
      const lines = keys.map((k) => `${inner}${quoteJSONString(k)}: ${walk(r.get(k)!, inner)}`);
      return `{\n${lines.join(',\n')}\n${pad}}`;
    }
    return scalarJSON(x);
  };
  return walk(v, '');
}
