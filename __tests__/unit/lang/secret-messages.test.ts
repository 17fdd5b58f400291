// A message about a secret value says "the secret value" and quotes no part of it: an inline
// `fn::secret` where a duration, a pattern, a schema number or JSON text is expected. The same
// message about a public value still quotes it (that is what makes it actionable).
import { evaluateEnvironment } from '../../../src/eval/evaluate.js';
import type { EnvironmentLoader } from '../../../src/eval/provider.js';
import { fromPlain } from '../../../src/eval/value.js';
import { checkAwsLoginInputs } from '../../../src/providers/aws-login.js';
import {
  checkRoleArn,
  checkSessionName,
  parseGoDuration,
  sessionDurationSeconds,
} from '../../../src/providers/validate.js';

const SECRET = 'zz-secret-part-42';

function messageOf(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  throw new Error('expected a throw');
}

describe('provider input messages', () => {
  it.each([
    ['duration syntax', (secret: boolean) => parseGoDuration(`1${SECRET}`, secret)],
    ['duration range', (secret: boolean) => sessionDurationSeconds('13h', secret)],
    ['session name', (secret: boolean) => checkSessionName(`${SECRET} !`, secret)],
    ['role ARN', (secret: boolean) => checkRoleArn(`arn:${SECRET}`, secret)],
  ])('%s: quoted when public, "the secret value" when secret', (_, f) => {
    const pub = messageOf(() => f(false));
    const sec = messageOf(() => f(true));
    expect(pub).toMatch(/"[^"]+"/);
    expect(sec).toContain('(the secret value)');
    expect(sec).not.toMatch(/zz|secret-part|13h|"/);
  });

  it('checks a secret duration without quoting it', () => {
    const inputs = fromPlain({
      oidc: { roleArn: 'arn:aws:iam::123456789012:role/x', duration: '9d' },
    });
    const oidc = (inputs.repr as Map<string, typeof inputs>).get('oidc')!;
    (oidc.repr as Map<string, typeof inputs>).get('duration')!.secret = true;
    const problems = checkAwsLoginInputs(inputs);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toContain('(the secret value)');
    expect(problems[0]?.message).not.toContain('9d');
  });
});

describe('evaluator messages about secret values', () => {
  const ROOT = `values:
  pat:
    fn::validate:
      schema: {type: string, pattern: {fn::secret: "^${SECRET}$"}}
      value: other
  badPat:
    fn::validate:
      schema: {type: string, pattern: {fn::secret: "(${SECRET}"}}
      value: other
  num:
    fn::validate:
      schema: {type: string, minLength: {fn::secret: "x${SECRET}"}}
      value: other
  json:
    fn::fromJSON: {fn::secret: "{${SECRET}}"}
  publicPat:
    fn::validate:
      schema: {type: string, pattern: "^public-pattern$"}
      value: other
`;
  const loader: EnvironmentLoader = (name) =>
    name === 'root' ? { name, path: 'root.yaml', text: ROOT } : { error: `no ${name}` };

  it('says "the secret value" and quotes no part of it', async () => {
    const r = await evaluateEnvironment('root', { loader, mode: 'check', providers: new Map() });
    const messages = r.diagnostics.map((d) => d.summary);
    // pattern mismatch, pattern syntax, JSON syntax (the secret minLength fails the meta-schema's
    // type check, which names types only)
    expect(messages.filter((m) => m.includes('(the secret value)'))).toHaveLength(3);
    for (const m of messages) {
      expect({ m, quoted: /zz|secret-part|'z'/.test(m) }).toEqual({ m, quoted: false });
    }
    expect(messages.some((m) => m.includes('"^public-pattern$"'))).toBe(true);
  });
});
