// Messages people can act on: an unknown builtin, provider or rotator names itself and suggests
// the nearest known name (upstream says only "'fn::' is a reserved prefix" / "unknown provider").
import { describe, expect, it } from '@jest/globals';
import { reservedPrefix } from '../../../src/ast/parse.js';
import type { EvalMode } from '../../../src/eval/api.js';
import { evaluateEnvironment } from '../../../src/eval/evaluate.js';
import type { Provider, Rotator } from '../../../src/eval/provider.js';
import { createAwsProviders } from '../../../src/providers/index.js';

describe('reservedPrefix', () => {
  it.each([
    ['fn::jion', 'fn::join'],
    ['fn::Join', 'fn::join'],
    ['Fn::join', 'fn::join'],
    ['FN::JOIN', 'fn::join'],
    ['fn::tojson', 'fn::toJSON'],
    ['fn::fromJson', 'fn::fromJSON'],
    ['fn::toBase46', 'fn::toBase64'],
    ['fn::scret', 'fn::secret'],
    ['fn::validte', 'fn::validate'],
    ['fn::concatenate', 'fn::concat'],
    ['fn::opne::aws-login', 'fn::open::aws-login'],
    ['fn::rotat::swap', 'fn::rotate::swap'],
  ])('%s: did you mean %s?', (key, near) => {
    expect(reservedPrefix(key)).toBe(
      `'fn::' is a reserved prefix: ${key} is not a builtin function; did you mean ${near}?`,
    );
  });

  it('keeps upstream text first and suggests nothing when nothing is near', () => {
    expect(reservedPrefix('fn::getAttribute')).toBe(
      "'fn::' is a reserved prefix: fn::getAttribute is not a builtin function",
    );
  });
});

async function diagnose(text: string, mode: EvalMode = 'check'): Promise<string[]> {
  const swap: Rotator = {
    name: 'swap',
    open: () => Promise.reject(new Error('not here')),
  };
  const test: Provider = { name: 'test', open: (v) => Promise.resolve({ value: v }) };
  const providers = new Map<string, Provider>([
    ...createAwsProviders({
      getToken: () => Promise.reject(new Error('no token')),
      audience: 'sts.amazonaws.com',
      env: {},
    }),
    ['test', test],
  ]);
  const r = await evaluateEnvironment('env', {
    mode,
    loader: () => ({ name: 'env', path: 'env.yaml', text }),
    providers,
    rotators: new Map([['swap', swap]]),
  });
  return r.diagnostics.map((d) => `${d.range?.start.line}:${d.range?.start.column} ${d.summary}`);
}

describe('in an environment', () => {
  it('reports an unknown builtin at its key, in check and open mode', async () => {
    const text = 'values:\n  a:\n    fn::jion: ["-", [a, b]]\n  b:\n    fn::toJosn: {a: 1}\n';
    for (const mode of ['check', 'open'] as const) {
      expect(await diagnose(text, mode)).toEqual([
        "3:5 'fn::' is a reserved prefix: fn::jion is not a builtin function; did you mean fn::join?",
        "5:5 'fn::' is a reserved prefix: fn::toJosn is not a builtin function; did you mean fn::toJSON?",
      ]);
    }
  });

  it.each([
    ['aws-logn', 'aws-login'],
    ['aws-secret', 'aws-secrets'],
    ['AWS-Login', 'aws-login'],
    ['aws-parameterstore', 'aws-parameter-store'],
    ['aws-ssm-parameter-store', 'aws-parameter-store'],
    ['tst', 'test'],
  ])('unknown provider %j suggests %j', async (name, near) => {
    const text = `values:\n  x:\n    fn::open::${name}: {a: 1}\n`;
    expect(await diagnose(text)).toEqual([
      `3:5 unknown provider "${name}"; did you mean "${near}"?`,
    ]);
  });

  it('an unknown provider with nothing near, and the long form, say only what is unknown', async () => {
    const text = 'values:\n  x:\n    fn::open:\n      provider: vault\n      inputs: {}\n';
    expect(await diagnose(text)).toEqual(['3:5 unknown provider "vault"']);
  });

  it('unknown rotators suggest the nearest rotator', async () => {
    const text = 'values:\n  x:\n    fn::rotate::swp:\n      inputs: {}\n';
    expect(await diagnose(text)).toEqual(['3:5 unknown rotator "swp"; did you mean "swap"?']);
  });
});
