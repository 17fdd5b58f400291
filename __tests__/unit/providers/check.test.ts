import { evaluateEnvironment } from '../../../src/eval/evaluate.js';
import { createAwsProviders } from '../../../src/providers/index.js';

async function check(text: string) {
  const providers = createAwsProviders({
    getToken: () => Promise.reject(new Error('check mode must not ask for a token')),
    audience: 'sts.amazonaws.com',
    env: {},
  });
  const r = await evaluateEnvironment('env', {
    mode: 'check',
    loader: () => ({ name: 'env', path: 'env.yaml', text }),
    providers,
    unknownContextKeys: ['github'],
  });
  return r.diagnostics.map((d) => `${d.range?.start.line}:${d.range?.start.column} ${d.summary}`);
}

const login = (oidc: string) =>
  `values:\n  l:\n    fn::open::aws-login:\n      oidc:\n        roleArn: arn:aws:iam::123456789012:role/r\n${oidc}`;

describe('aws-login inputs in check mode (check-only catches them)', () => {
  it('reports a duration that is not Go syntax or out of range, at the duration', async () => {
    expect(await check(login('        duration: forever\n'))).toEqual([
      expect.stringMatching(/^6:19 invalid duration "forever"/),
    ]);
    expect(await check(login('        duration: 13h\n'))).toEqual([
      expect.stringMatching(/^6:19 oidc.duration "13h" is out of range/),
    ]);
  });

  it('accepts valid and unknown durations', async () => {
    expect(await check(login('        duration: 1h30m\n'))).toEqual([]);
    expect(await check(login('        duration: ${context.github.run_id}m\n'))).toEqual([]);
  });

  it('reports subjectAttributes and a login with neither oidc nor static', async () => {
    expect(await check(login('        subjectAttributes: [repo]\n'))).toEqual([
      expect.stringMatching(/^6:28 oidc.subjectAttributes cannot be honoured/),
    ]);
    expect(await check('values:\n  l:\n    fn::open::aws-login: {}\n')).toEqual([
      expect.stringMatching(/^3:26 aws-login needs exactly one of `oidc`/),
    ]);
  });
});
