/**
 * `esc-action run` arguments, as `esc run` treats them: each argument is read with the ESC string
 * grammar (`$$` is `$`), and each `${path}` becomes the string form of the value at that path in
 * the opened environment. A path the environment lacks (or whose value is unknown) is an error,
 * never an empty string: the command must not run with a silently missing argument. An argument
 * that does not parse is passed unchanged. Secrets used this way are returned so the output can
 * be redacted.
 */
import { parseInterpolation } from '../ast/interpolation.js';
import type { Accessor } from '../ast/expr.js';
import { suggest } from '../base/spell.js';
import { stringForm } from '../eval/stringify.js';
import { typeOf, type Value } from '../eval/value.js';
import type { StringNode } from '../syntax/node.js';
import { joinIndex, joinKey } from '../syntax/path.js';

type Lookup = { value: Value } | { error: string };

/** The value at `accessors`, or why there is none (naming the path, never a value). */
export function lookup(root: Value | undefined, accessors: readonly Accessor[]): Lookup {
  let v = root;
  let path = '';
  for (const a of accessors) {
    if (v === undefined) return { error: 'the environment has no values' };
    if (v.unknown) return { error: `${path || 'the environment'} is unknown` };
    const r = v.repr;
    const where = path === '' ? 'the environment' : path;
    if (a.kind === 'name' || typeof a.index === 'string') {
      const key = a.kind === 'name' ? a.name : String(a.index);
      if (!(r instanceof Map)) return { error: `${where} is ${article(v)}, not an object` };
      const next = r.get(key);
      path = joinKey(path, key);
      if (next === undefined) {
        const near = suggest(key, r.keys(), { swaps: true });
        const hint = near === undefined ? '' : `; did you mean ${JSON.stringify(near)}?`;
        return { error: `unknown property ${JSON.stringify(key)} in ${where}${hint}` };
      }
      v = next;
    } else {
      if (!Array.isArray(r)) return { error: `${where} is ${article(v)}, not an array` };
      const next = r[a.index];
      path = joinIndex(path, a.index);
      if (next === undefined)
        return { error: `index ${a.index} is out of range: ${where} has ${r.length} elements` };
      v = next;
    }
  }
  if (v === undefined) return { error: 'the environment has no values' };
  if (v.unknown) return { error: `${path} is unknown (its provider was not opened)` };
  return { value: v };
}

/** The path an access names, as written inside `${...}`. */
export function accessPath(accessors: readonly Accessor[]): string {
  let path = '';
  for (const a of accessors) {
    if (a.kind === 'name') path = joinKey(path, a.name);
    else path = typeof a.index === 'number' ? joinIndex(path, a.index) : joinKey(path, a.index);
  }
  return path;
}

function article(v: Value): string {
  const t = typeOf(v);
  return t === 'array' || t === 'object' ? `an ${t}` : `a ${t}`;
}

export interface InterpolatedArgs {
  argv: string[];
  secrets: string[];
  /** One line per reference that could not be resolved; the command must not run. */
  errors: string[];
}

export function interpolateArgs(
  argv: readonly string[],
  root: Value | undefined,
): InterpolatedArgs {
  const secrets: string[] = [];
  const errors: string[] = [];
  const out = argv.map((arg, i) => {
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
      const found = lookup(root, part.access.accessors);
      const ref = `\${${accessPath(part.access.accessors)}}`;
      if ('error' in found) {
        errors.push(`argument ${i + 1}: ${ref}: ${found.error}`);
        continue;
      }
      const form = stringForm(found.value);
      if (form.unknown) {
        errors.push(`argument ${i + 1}: ${ref}: contains unknown values`);
        continue;
      }
      const s = typeof form.text === 'string' ? form.text : Buffer.from(form.text).toString('utf8');
      if (form.secret && s !== '') secrets.push(s);
      text += s;
    }
    return text;
  });
  return { argv: out, secrets, errors };
}
