// A part of a secret stays secret however it is reached: a property or an index of a secret
// container, through an import, through `${environments...}`, after fn::split; and every text
// derived from it. The host masks exactly the values flagged here, so a lost flag is a leak.
import { evaluateEnvironment } from '../../../src/eval/evaluate.js';
import type { EnvironmentLoader } from '../../../src/eval/provider.js';
import type { Value } from '../../../src/eval/value.js';
import { SECRET_REFS_BASE, SECRET_REFS_ROOT } from '../../../__fixtures__/lang/secret-refs.js';

const loader: EnvironmentLoader = (name) => {
  const text = (
    { root: SECRET_REFS_ROOT, 'proj/base': SECRET_REFS_BASE } as Record<string, string>
  )[name];
  return text === undefined ? { error: `no ${name}` } : { name, path: `${name}.yaml`, text };
};

function prop(v: Value | undefined, ...path: string[]): Value | undefined {
  let cur = v;
  for (const k of path) cur = cur?.repr instanceof Map ? cur.repr.get(k) : undefined;
  return cur;
}

/** Whether every scalar of `v` is secret or sits inside a secret container. */
function allSecret(v: Value, inSecret = false): boolean {
  const s = inSecret || v.secret;
  const r = v.repr;
  if (Array.isArray(r)) return r.every((e) => allSecret(e, s));
  if (r instanceof Map) return [...r.values()].every((e) => allSecret(e, s));
  return s;
}

describe('secret flags along references', () => {
  it('keeps every piece of a secret secret, however it is reached', async () => {
    const r = await evaluateEnvironment('root', { loader, mode: 'open', providers: new Map() });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const refs = prop(r.value, 'refs');
    expect(refs?.repr).toBeInstanceOf(Map);
    const names = [...(refs?.repr as Map<string, Value>).keys()].filter((k) => k !== 'pub');
    expect(names.length).toBeGreaterThan(10);
    for (const name of names) {
      const v = prop(refs, name);
      expect({ name, secret: v !== undefined && allSecret(v) }).toEqual({ name, secret: true });
    }
    expect(prop(refs, 'envSplit')?.repr).toBe('alpha-piece');
    expect(prop(refs, 'localSplit')?.repr).toBe('left-part');
  });

  it('leaves public values public', async () => {
    const r = await evaluateEnvironment('root', { loader, mode: 'open', providers: new Map() });
    expect(prop(r.value, 'refs', 'pub')).toMatchObject({ repr: 'public-text', secret: false });
  });
});
