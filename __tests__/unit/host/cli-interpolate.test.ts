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
  });

  it('gives the empty string for a missing path and passes unparsable arguments unchanged', () => {
    expect(interpolateArgs(['x${missing.path}y', '${ bad }'], root).argv).toEqual([
      'xy',
      '${ bad }',
    ]);
  });

  it('returns the secrets it revealed so the output can be redacted', () => {
    expect(interpolateArgs(['--token=${token}'], root)).toEqual({
      argv: ['--token=hunter2'],
      secrets: ['hunter2'],
    });
  });
});
