import { EValue, definitionOf, keyRangeOf } from '../../../src/eval/evalue.js';
import { evaluateEnvironment } from '../../../src/eval/evaluate.js';
import type { SyntaxNode } from '../../../src/syntax/node.js';
import type { Value } from '../../../src/eval/value.js';

const at = (line: number): SyntaxNode => ({
  kind: 'null',
  path: `n${line}`,
  range: {
    file: 't',
    start: { line, column: 1, byte: 0 },
    end: { line, column: 2, byte: 1 },
  },
});

const str = (s: string, flags: { secret?: boolean; unknown?: boolean } = {}): EValue => {
  const v = new EValue(at(1), s);
  v.secret = flags.secret === true;
  v.unknown = flags.unknown === true;
  return v;
};

const obj = (entries: [string, EValue][], base?: EValue): EValue => {
  const v = new EValue(at(2), new Map(entries));
  if (base !== undefined) v.base = base;
  return v;
};

describe('evaluator values', () => {
  it('list merged keys sorted in Go byte order, once each, down the base chain', () => {
    const bottom = obj([
      ['\u{10000}', str('a')],
      ['b', str('b')],
      ['z', str('z')],
    ]);
    const middle = obj(
      [
        ['\uffff', str('c')],
        ['b', str('d')],
      ],
      bottom,
    );
    const top = obj(
      [
        ['a', str('e')],
        ['z', str('f')],
      ],
      middle,
    );
    expect(top.keys()).toEqual(['a', 'b', 'z', '\uffff', '\u{10000}']);
    expect(obj([], middle).keys()).toEqual(['b', 'z', '\uffff', '\u{10000}']);
    expect(obj([['q', str('q')]]).keys()).toEqual(['q']);
    // A base that is not an object adds nothing.
    expect(obj([['q', str('q')]], str('s')).keys()).toEqual(['q']);
  });

  it('see unknowns and secrets only in properties the merge keeps', () => {
    const base = obj([
      ['hidden', str('x', { secret: true, unknown: true })],
      ['kept', str('y')],
    ]);
    const top = obj([['hidden', str('z')]], base);
    expect(top.containsSecrets()).toBe(false);
    expect(top.containsUnknowns()).toBe(false);

    const kept = obj([['hidden', str('z')]], obj([['kept', str('y', { secret: true })]], base));
    expect(kept.containsSecrets()).toBe(true);
    expect(kept.containsUnknowns()).toBe(false);

    const deep = obj([['n', obj([])]], obj([['other', str('u', { unknown: true })]]));
    expect(deep.containsUnknowns()).toBe(true);
    // An unknown base adds no properties.
    expect(obj([['a', str('a')]], EValue.unknown(at(3))).containsUnknowns()).toBe(false);
  });

  it('export values that keep their definitions without showing them', () => {
    const base = obj([['k', str('base')]]);
    const top = obj([['own', str('own')]], base);
    const out = top.export();
    expect(out).toEqual({
      repr: new Map<string, Value>([
        ['k', { repr: 'base', secret: false, unknown: false, origin: at(1).range }],
        ['own', { repr: 'own', secret: false, unknown: false, origin: at(1).range }],
      ]),
      secret: false,
      unknown: false,
      origin: at(2).range,
      base: {
        repr: new Map([
          ['k', { repr: 'base', secret: false, unknown: false, origin: at(1).range }],
        ]),
        secret: false,
        unknown: false,
        origin: at(2).range,
      },
    });
    expect(Object.keys(out)).toEqual(['repr', 'secret', 'unknown', 'origin', 'base']);
    expect(JSON.parse(JSON.stringify(out.base))).toEqual({
      repr: {},
      secret: false,
      unknown: false,
      origin: at(2).range,
    });
    expect(definitionOf(out)).toBe(top.def);
    expect(definitionOf({ repr: null, secret: false, unknown: false })).toBeUndefined();
    // The same exported object as the base's own property.
    expect((out.repr as Map<string, Value>).get('k')).toBe(
      (out.base?.repr as Map<string, Value>).get('k'),
    );
    expect(keyRangeOf(out, 'k')).toBeUndefined();
  });
});

describe('declared expressions', () => {
  it('name nested properties and elements in cycle diagnostics', async () => {
    const text = [
      'values:',
      '  a:',
      '    "b-c":',
      '      - x: ${a["b-c"][0].x}',
      '  d:',
      '    - [1, {e: "${d[0][1].e}"}]',
      '  f:',
      '    fn::toJSON:',
      '      g: ["${f}"]',
      '',
    ].join('\n');
    const r = await evaluateEnvironment('env', {
      mode: 'open',
      loader: (name) => ({ name, path: 'env.yaml', text }),
    });
    expect(r.diagnostics.map((d) => d.summary)).toEqual([
      'cyclic reference to a["b-c"][0].x',
      'cyclic reference to d[0][1].e',
      'cyclic reference to f',
    ]);
  });
});
