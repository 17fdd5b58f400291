import fc from 'fast-check';
import { loadEnvironment } from '../../../src/ast/environment.js';
import type { EvaluateOptions } from '../../../src/eval/api.js';
import { evaluateDecl, evaluateEnvironment } from '../../../src/eval/evaluate.js';
import type { EnvironmentLoader, Provider } from '../../../src/eval/provider.js';
import { EvaluationState } from '../../../src/eval/session.js';
import { stringForm } from '../../../src/eval/stringify.js';
import { NumberText } from '../../../src/eval/value.js';
import type { Value } from '../../../src/eval/value.js';
import {
  BROKEN_IMPORT,
  BYTES,
  CONCURRENT_OPENS,
  NUMBERS,
  OWN_KEYS,
  diamondImports,
  diamondValues,
} from '../../../__fixtures__/lang/snippets.js';

function loaderOf(sources: Record<string, string> | Map<string, string>): EnvironmentLoader {
  const m = sources instanceof Map ? sources : new Map(Object.entries(sources));
  return (name) => {
    const text = m.get(name);
    return text === undefined
      ? { error: `no environment ${name}` }
      : { name, path: `${name}.yaml`, text };
  };
}

function prop(v: Value | undefined, ...path: string[]): Value | undefined {
  let cur = v;
  for (const k of path) cur = cur?.repr instanceof Map ? cur.repr.get(k) : undefined;
  return cur;
}

/** A provider that records calls and how many ran at once. */
function slowProvider() {
  const calls: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const provider: Provider = {
    name: 'slow',
    inputSchema: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
    async open(inputs) {
      const id = prop(inputs, 'id')?.repr as string;
      calls.push(id);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 20));
      inFlight--;
      return { value: inputs, meta: { id } };
    },
  };
  return { provider, calls, max: () => maxInFlight };
}

const secretive: Provider = {
  name: 'secretive',
  open: () =>
    Promise.resolve({
      value: {
        repr: new Map([
          [
            'nested',
            {
              repr: new Map([['token', { repr: 't0k', secret: false, unknown: false }]]),
              secret: false,
              unknown: false,
            },
          ],
        ]),
        secret: true,
        unknown: false,
      },
    }),
};

describe('evaluateEnvironment', () => {
  it('opens independent providers concurrently, identical ones once, dependent ones after', async () => {
    const slow = slowProvider();
    const r = await evaluateEnvironment('root', {
      loader: loaderOf({ root: CONCURRENT_OPENS }),
      mode: 'open',
      providers: new Map([
        ['slow', slow.provider],
        ['secretive', secretive],
      ]),
    });
    expect(r.diagnostics).toEqual([]);
    expect(slow.calls.sort()).toEqual(['a', 'a-then', 'b']);
    expect(slow.max()).toBeGreaterThanOrEqual(2);
    expect(prop(r.value, 'd', 'id')?.repr).toBe('a-then');
    expect(r.opens.map((o) => o.meta?.id ?? o.provider).sort()).toEqual([
      'a',
      'a-then',
      'b',
      'secretive',
    ]);
    // A secret provider output is secret all the way down, also through references.
    expect(prop(r.value, 'token')).toMatchObject({ repr: 't0k', secret: true });
    expect(prop(r.value, 'environmentVariables', 'TOKEN')?.secret).toBe(true);
    expect(prop(r.value, 'environmentVariables', 'PLAIN')?.secret).toBe(false);
  });

  it('opens nothing in check mode; outputs are unknown', async () => {
    const slow = slowProvider();
    const r = await evaluateEnvironment('root', {
      loader: loaderOf({ root: CONCURRENT_OPENS }),
      mode: 'check',
      providers: new Map([
        ['slow', slow.provider],
        ['secretive', secretive],
      ]),
    });
    expect(slow.calls).toEqual([]);
    expect(prop(r.value, 'a')?.unknown).toBe(true);
    expect(r.opens).toEqual([]);
  });

  it('calls no provider when any environment has a load error (open mode)', async () => {
    const slow = slowProvider();
    const r = await evaluateEnvironment('root', {
      loader: loaderOf(BROKEN_IMPORT),
      mode: 'open',
      providers: new Map([['slow', slow.provider]]),
    });
    expect(slow.calls).toEqual([]);
    expect(r.value).toBeUndefined();
    expect(r.diagnostics).toMatchObject([
      { file: 'bad', summary: "missing closing brace '}' in interpolation" },
    ]);
  });

  it('reports a missing root and never throws', async () => {
    const r = await evaluateEnvironment('nope', { loader: loaderOf({}), mode: 'open' });
    expect(r.value).toBeUndefined();
    expect(r.diagnostics[0]?.summary).toBe('no environment nope');
  });

  it('keeps numbers as exact decimal text', async () => {
    const r = await evaluateEnvironment('root', {
      loader: loaderOf({ root: NUMBERS }),
      mode: 'open',
    });
    const text = (k: string) => (prop(r.value, k)?.repr as NumberText).text;
    expect(text('big')).toBe('12345678901234567890');
    expect(text('float')).toBe('1e+06');
    expect(text('octal')).toBe('8');
    expect(text('neg')).toBe('-0');
    expect((prop(r.value, 'json', 'n')?.repr as NumberText).text).toBe('1.50');
  });

  it('keeps decoded bytes that are not UTF-8 as bytes', async () => {
    const r = await evaluateEnvironment('root', {
      loader: loaderOf({ root: BYTES }),
      mode: 'open',
    });
    expect(prop(r.value, 'files', 'KEY')?.repr).toEqual(new Uint8Array([0xff]));
    expect(prop(r.value, 'text')?.repr).toBe('hé');
  });

  it('exposes the merged view to hosts while the string form uses own keys', async () => {
    const r = await evaluateEnvironment('root', { loader: loaderOf(OWN_KEYS), mode: 'open' });
    const o = prop(r.value, 'o');
    expect([...((o?.repr as Map<string, Value>) ?? new Map()).keys()].sort()).toEqual(['x', 'y']);
    expect(o && stringForm(o).text).toBe('"y"="2"');
    expect(r.environments.map((e) => e.name)).toEqual(['root', 'a']);
  });
});

describe('memoisation', () => {
  it('evaluates each expression of a depth-40 diamond once', async () => {
    const depth = 40;
    const { decl } = loadEnvironment('d', diamondValues(depth));
    const r = await evaluateDecl(
      new EvaluationState({ loader: loaderOf({}), mode: 'open' }),
      'd',
      decl,
    );
    expect(r.diagnostics).toEqual([]);
    expect(prop(r.value?.export(), 'v0')?.repr).toEqual(new Map());
    // Per level: two calls, each with a schema and a value (and their references), plus the root.
    expect(r.evaluations).toBeLessThan(depth * 10 + 10);
  });

  it('evaluates each environment of a depth-40 import diamond once and keeps values small', async () => {
    const loads: string[] = [];
    const base = loaderOf(diamondImports(40));
    const loader: EnvironmentLoader = (name) => {
      loads.push(name);
      return base(name);
    };
    const r = await evaluateEnvironment('root', { loader, mode: 'open' });
    expect(r.diagnostics).toEqual([]);
    expect(new Set(loads).size).toBe(loads.length);
    expect(prop(r.value, 'top')?.repr).toBe('f');
    expect(prop(r.value, 'shared', 'bottom')?.repr).toBe(true);
    expect(prop(r.value, 'e39', 'level')?.repr).toEqual(new NumberText('39'));
  });
});

describe('robustness', () => {
  const alphabet = [
    'values:',
    'imports:',
    '\n',
    '  ',
    '- ',
    'a',
    'b',
    ': ',
    '${',
    '}',
    '[',
    ']',
    '{',
    '"',
    "'",
    '$$',
    '.',
    'fn::join',
    'fn::secret',
    'fn::open::test',
    'fn::toJSON',
    'fn::fromJSON',
    'fn::final',
    'fn::concat',
    'fn::split',
    'fn::validate',
    'fn::fromBase64',
    '&x ',
    '*x',
    '010',
    '~',
    'true',
    ',',
    '#',
    '\t',
    'é',
  ];
  const source = fc
    .array(fc.constantFrom(...alphabet), { maxLength: 60 })
    .map((parts) => parts.join(''));

  it('never throws, whatever the input', async () => {
    await fc.assert(
      fc.asyncProperty(source, source, async (root, other) => {
        for (const mode of ['check', 'open'] as const) {
          const options: EvaluateOptions = {
            loader: loaderOf({ root, a: other, b: root }),
            mode,
            providers: new Map([
              ['test', { name: 'test', open: (v: Value) => Promise.resolve({ value: v }) }],
            ]),
          };
          const r = await evaluateEnvironment('root', options);
          expect(Array.isArray(r.diagnostics)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
