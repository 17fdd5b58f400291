// re2js is loaded only when a user pattern is compiled: aws-login's own input patterns (checked on
// every normal run) are native, so a run that meets no other pattern never loads it. The test
// file's module registry is its own, so re2js starts unloaded here.
import { describe, expect, it } from '@jest/globals';
import { evaluateEnvironment } from '../../../src/eval/evaluate.js';
import { re2jsLoaded } from '../../../src/eval/schema/re2js.js';
import { createAwsProviders } from '../../../src/providers/index.js';

async function diagnostics(text: string, mode: 'check' | 'open'): Promise<string[]> {
  const providers = createAwsProviders({
    getToken: () => Promise.reject(new Error('no token in this test')),
    audience: 'sts.amazonaws.com',
    env: {},
  });
  const r = await evaluateEnvironment('env', {
    mode,
    loader: () => ({ name: 'env', path: 'env.yaml', text }),
    providers,
    unknownContextKeys: ['github'],
  });
  return r.diagnostics.map((d) => `${d.range?.start.line}:${d.range?.start.column} ${d.summary}`);
}

const login = (roleArn: string, sessionName: string) =>
  `values:\n  l:\n    fn::open::aws-login:\n      oidc:\n        roleArn: ${roleArn}\n        sessionName: ${sessionName}\n`;

describe('re2js loading', () => {
  it('is not needed for aws-login inputs, valid or not, in check and open mode', async () => {
    expect(await diagnostics(login('arn:aws:iam::123456789012:role/r', 'gha-1'), 'check')).toEqual(
      [],
    );
    expect(await diagnostics(login('arn:aws:iam::12:role/r', 'x'), 'check')).toEqual([
      '5:18 string must match the pattern "^arn:aws[-a-z]*:iam::[0-9]{12}:role/[\\\\w+=,.@/-]+$"',
      '6:22 string must match the pattern "^[\\\\w+=,.@-]{2,64}$"',
    ]);
    expect(await diagnostics(login('arn:aws:iam::123456789012:role/r', 'gha-1'), 'open')).toEqual([
      expect.stringMatching(/^3:5 .*no token in this test/),
    ]);
    expect(re2jsLoaded()).toBe(false);
  });

  it('happens for a user pattern, which then uses RE2 semantics', async () => {
    const text =
      'values:\n  v:\n    fn::validate:\n      schema: { pattern: "(?i)^\\\\pL+\\\\z" }\n      value: Ωmega\n';
    expect(await diagnostics(text, 'check')).toEqual([]);
    expect(re2jsLoaded()).toBe(true);
  });
});
