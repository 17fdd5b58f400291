import { interpolateArgs } from '../../../src/cli/interpolate.js';
import { fromPlain, type Value } from '../../../src/eval/value.js';

describe('run argument interpolation', () => {
  const root: Value = fromPlain({ app: { name: 'shop', ports: [80, 443] }, list: ['a', 'b'] });
  if (root.repr instanceof Map)
    root.repr.set('token', { repr: 'hunter2', secret: true, unknown: false });

  it('replaces ${path} with the string form and unescapes $$', () => {
    const r = interpolateArgs(
      ['--name=${app.name}', '${app.ports[1]}', 'cost $$5', '${list}', 'plain'],
      root,
    );
    expect(r.argv).toEqual(['--name=shop', '443', 'cost $5', '"a","b"', 'plain']);
    expect(r.secrets).toEqual([]);
    expect(r.errors).toEqual([]);
  });

  it('passes unparsable arguments unchanged', () => {
    expect(interpolateArgs(['${ bad }', '$${x}'], root)).toEqual({
      argv: ['${ bad }', '${x}'],
      secrets: [],
      errors: [],
    });
  });

  it('is an error, naming the argument and the reference, for every path the environment lacks', () => {
    const r = interpolateArgs(
      ['x${app.nam}y', 'ok=${app.name}', '${list[5]}', '${app.name.first}', '${list.a}', '${nope}'],
      root,
    );
    expect(r.errors).toEqual([
      'argument 1: ${app.nam}: unknown property "nam" in app; did you mean "name"?',
      'argument 3: ${list[5]}: index 5 is out of range: list has 2 elements',
      'argument 4: ${app.name.first}: app.name is a string, not an object',
      'argument 5: ${list.a}: list is an array, not an object',
      'argument 6: ${nope}: unknown property "nope" in the environment',
    ]);
    expect(r.argv[1]).toBe('ok=shop');
  });

  it('is an error for an unknown value and for an environment without values', () => {
    const withUnknown: Value = fromPlain({ a: 1 });
    if (withUnknown.repr instanceof Map)
      withUnknown.repr.set('creds', { repr: null, secret: false, unknown: true });
    expect(interpolateArgs(['${creds}', '${creds.key}'], withUnknown).errors).toEqual([
      'argument 1: ${creds}: creds is unknown (its provider was not opened)',
      'argument 2: ${creds.key}: creds is unknown',
    ]);
    expect(interpolateArgs(['${a}'], undefined).errors).toEqual([
      'argument 1: ${a}: the environment has no values',
    ]);
  });

  it('never quotes a value in an error', () => {
    const r = interpolateArgs(['${token.x}', '${token[0]}'], root);
    expect(r.errors).toHaveLength(2);
    for (const e of r.errors) expect(e).not.toContain('hunter2');
  });

  it('returns the secrets it revealed so the output can be redacted', () => {
    expect(interpolateArgs(['--token=${token}'], root)).toEqual({
      argv: ['--token=hunter2'],
      secrets: ['hunter2'],
      errors: [],
    });
  });
});
