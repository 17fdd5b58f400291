import { evaluateEnvironment } from '../../../src/eval/evaluate.js';
import type { Provider } from '../../../src/eval/provider.js';
import { fromPlain } from '../../../src/eval/value.js';

const login: Provider = {
  name: 'login',
  outputSchema: {
    type: 'object',
    properties: { user: { type: 'string' }, password: { type: 'string' } },
    additionalProperties: false,
  },
  open: async () => ({ value: fromPlain({ user: 'u', password: 'p' }, true) }),
};
const open: Provider = { ...login, name: 'open', outputSchema: { type: 'object' } };

async function check(text: string) {
  const r = await evaluateEnvironment('env', {
    mode: 'check',
    loader: () => ({ name: 'env', path: 'env.yaml', text }),
    providers: new Map([
      ['login', login],
      ['open', open],
    ]),
  });
  return r.diagnostics.map((d) => `${d.range?.start.line}:${d.range?.start.column} ${d.summary}`);
}

describe('check mode: accesses into unknown provider outputs', () => {
  it('reports a key a closed output schema does not have, with a suggestion', async () => {
    const text = 'values:\n  l:\n    fn::open::login: {}\n  x: ${l.pasword}\n  y: ${l.user}\n';
    expect(await check(text)).toEqual(['4:9 unknown property "pasword"; did you mean "password"?']);
  });

  it('accepts any key of an open object schema', async () => {
    expect(
      await check('values:\n  o:\n    fn::open::open: {}\n  x: ${o.anything.deeper}\n'),
    ).toEqual([]);
  });
});
