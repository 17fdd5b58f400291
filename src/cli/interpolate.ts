/**
 * `esc-action run` arguments, as `esc run` treats them: each argument is read with the ESC string
 * grammar (`$$` is `$`), and each `${path}` becomes the string form of the value at that path in
 * the opened environment (a missing path becomes the empty string). An argument that does not
 * parse is passed unchanged. Secrets used this way are returned so the output can be redacted.
 */
import { parseInterpolation } from '../ast/interpolation.js';
import type { Accessor } from '../ast/expr.js';
import { stringForm } from '../eval/stringify.js';
import type { Value } from '../eval/value.js';
import type { StringNode } from '../syntax/node.js';

function lookup(root: Value | undefined, accessors: readonly Accessor[]): Value | undefined {
  let v = root;
  for (const a of accessors) {
    const r = v?.repr;
    const key = a.kind === 'name' ? a.name : a.index;
    if (r instanceof Map && typeof key === 'string') v = r.get(key);
    else if (Array.isArray(r) && typeof key === 'number') v = r[key];
    else return undefined;
  }
  return v;
}

export interface InterpolatedArgs {
  argv: string[];
  secrets: string[];
}

export function interpolateArgs(
  argv: readonly string[],
  root: Value | undefined,
): InterpolatedArgs {
  const secrets: string[] = [];
  const out = argv.map((arg) => {
    const pos = { line: 1, column: 1, byte: 0 };
    const node: StringNode = {
      kind: 'string',
      value: arg,
      inline: true,
      path: '',
      range: { file: 'argv', start: pos, end: pos },
    };
    const parsed = parseInterpolation(node);
    if (parsed.diagnostics.length > 0) return arg;
    let text = '';
    for (const part of parsed.parts) {
      text += part.text;
      if (part.access === undefined) continue;
      const v = lookup(root, part.access.accessors);
      if (v === undefined) continue;
      const form = stringForm(v);
      const s = typeof form.text === 'string' ? form.text : Buffer.from(form.text).toString('utf8');
      if (form.secret && s !== '') secrets.push(s);
      text += s;
    }
    return text;
  });
  return { argv: out, secrets };
}
