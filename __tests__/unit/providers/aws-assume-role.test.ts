// aws-assume-role against a scripted STS: one signed AssumeRole with the login's keys, inputs
// checked before any request, refusals that name the role and the principal, no secret in any
// message.
import type { Provider } from '../../../src/eval/provider.js';
import { fromPlain, toPlain, type Plain, type Value } from '../../../src/eval/value.js';
import {
  MAX_POLICY_CHARS,
  describePrincipal,
  roleOfSession,
  sessionPolicy,
  sessionTags,
} from '../../../src/providers/aws-assume-role.js';
import { createAwsProviders, type AwsProviderOptions } from '../../../src/providers/index.js';
import { credentialsResult } from '../../../src/providers/session-credentials.js';
import { keyFingerprint } from '../../../src/refresh/recipe.js';
import {
  fakeJwt,
  startFakeServer,
  stsCredentials,
  stsError,
  type FakeServer,
  type Reply,
} from './fake-server.js';

const HUB = 'arn:aws:iam::111111111111:role/hub';
const TARGET = 'arn:aws:iam::222222222222:role/deploy';
const STATIC = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
const SESSION = {
  ...STATIC,
  accessKeyId: 'ASIAHUBSESSION000001',
  sessionToken: 'hubToken0123456789',
};
const ctx = (signal = new AbortController().signal) => ({ signal, environment: 'test' });
const form = (body: string): URLSearchParams => new URLSearchParams(body);
const STS_NS = 'https://sts.amazonaws.com/doc/2011-06-15/';

/** An AssumeRole answer: credentials with key id `key` for session `arn`. */
function assumed(
  key = 'ASIACHAINED000000001',
  arn = `arn:aws:sts::222222222222:assumed-role/deploy/s`,
): Reply {
  return {
    status: 200,
    headers: { 'content-type': 'text/xml' },
    body:
      `<AssumeRoleResponse xmlns="${STS_NS}"><AssumeRoleResult><Credentials>` +
      `<AccessKeyId>${key}</AccessKeyId><SecretAccessKey>chainedSecret0123456789</SecretAccessKey>` +
      `<SessionToken>chainedToken0123456789</SessionToken><Expiration>2030-01-02T03:04:05Z</Expiration>` +
      `</Credentials><AssumedRoleUser><Arn>${arn}</Arn><AssumedRoleId>AROA:s</AssumedRoleId></AssumedRoleUser>` +
      `</AssumeRoleResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></AssumeRoleResponse>`,
  };
}

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function providers(options: Partial<AwsProviderOptions> = {}) {
  const sleeps: number[] = [];
  const all = createAwsProviders({
    audience: 'sts.amazonaws.com',
    getToken: async () => fakeJwt({ sub: 'repo:o/r:ref:refs/heads/main' }),
    env: { AWS_ENDPOINT_URL_STS: server?.url, GITHUB_RUN_ID: '77', GITHUB_RUN_ATTEMPT: '3' },
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 0.5,
    ...options,
  });
  return { assume: all.get('aws-assume-role') as Provider, login: all.get('aws-login')!, sleeps };
}

const inputs = (extra: Record<string, Plain> = {}, login: Plain = STATIC): Value =>
  fromPlain({ login, roleArn: TARGET, ...extra });

async function failure(p: Promise<unknown>): Promise<Error> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof Error)) throw new Error('expected a failure');
  return e;
}

function expectNoSecret(err: Error, secrets: string[]): void {
  for (const s of secrets) {
    expect(err.message).not.toContain(s);
    expect(String((err.cause as Error | undefined)?.message ?? '')).not.toContain(s);
  }
}

describe('aws-assume-role open', () => {
  it('sends one AssumeRole signed with the login, and returns secret keys and meta', async () => {
    server = await startFakeServer([assumed()]);
    const r = await providers().assume.open(
      inputs(
        {
          externalId: 'ext-123',
          policy: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
          },
          policyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
          tags: { Project: 'shop', Team: 'web' },
          transitiveTagKeys: ['Project'],
          sourceIdentity: 'octocat',
        },
        SESSION,
      ),
      ctx(),
    );
    expect(toPlain(r.value)).toEqual({
      accessKeyId: 'ASIACHAINED000000001',
      secretAccessKey: 'chainedSecret0123456789',
      sessionToken: 'chainedToken0123456789',
    });
    expect([...(r.value.repr as Map<string, Value>).values()].every((v) => v.secret)).toBe(true);
    expect(r.meta).toEqual({
      roleArn: TARGET,
      assumedRoleArn: 'arn:aws:sts::222222222222:assumed-role/deploy/s',
      accountId: '222222222222',
      expiration: '2030-01-02T03:04:05.000Z',
      // Fingerprints of the issued and the login's key ids, and the request as a refresh step.
      credentialId: keyFingerprint('ASIACHAINED000000001'),
      loginCredentialId: keyFingerprint('ASIAHUBSESSION000001'),
      refreshStep: expect.any(String),
    });
    expect(JSON.parse(r.meta?.refreshStep ?? '')).toEqual({
      kind: 'assume-role',
      roleArn: TARGET,
      sessionName: 'esc-action-77-3',
      durationSeconds: 3600,
      externalId: 'ext-123',
      policy:
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}',
      policyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
      tags: { Project: 'shop', Team: 'web' },
      transitiveTagKeys: ['Project'],
      sourceIdentity: 'octocat',
      region: 'us-east-1',
      endpoint: server.url,
    });
    expect(JSON.stringify(r.meta)).not.toContain('ASIACHAINED');
    expect(JSON.stringify(r.meta)).not.toContain('chainedSecret');
    expect(server.requests).toHaveLength(1);
    const req = server.requests[0]!;
    expect(req.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=ASIAHUBSESSION000001\/\d{8}\/us-east-1\/sts\/aws4_request/,
    );
    expect(req.headers['x-amz-security-token']).toBe(SESSION.sessionToken);
    const p = form(req.body);
    expect(Object.fromEntries(p)).toEqual({
      Action: 'AssumeRole',
      Version: '2011-06-15',
      RoleArn: TARGET,
      RoleSessionName: 'esc-action-77-3',
      DurationSeconds: '3600',
      ExternalId: 'ext-123',
      Policy:
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}',
      'PolicyArns.member.1.arn': 'arn:aws:iam::aws:policy/ReadOnlyAccess',
      'Tags.member.1.Key': 'Project',
      'Tags.member.1.Value': 'shop',
      'Tags.member.2.Key': 'Team',
      'Tags.member.2.Value': 'web',
      'TransitiveTagKeys.member.1': 'Project',
      SourceIdentity: 'octocat',
    });
  });

  it('long-term keys may ask for more than 1h; sessionName, region and a JSON policy string', async () => {
    server = await startFakeServer([assumed()]);
    await providers().assume.open(
      inputs({
        duration: '2h',
        sessionName: 'deploy-leg',
        region: 'eu-west-1',
        policy: '{\n  "Statement": [ {"Effect": "Deny", "Action": "*", "Resource": "*"} ]\n}',
      }),
      ctx(),
    );
    const req = server.requests[0]!;
    expect(req.headers.authorization).toContain('/eu-west-1/sts/aws4_request');
    expect(req.headers['x-amz-security-token']).toBeUndefined();
    const p = form(req.body);
    expect(p.get('DurationSeconds')).toBe('7200');
    expect(p.get('RoleSessionName')).toBe('deploy-leg');
    expect(p.get('Policy')).toBe('{"Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}');
  });

  it.each<[string, Record<string, Plain>, Plain, RegExp]>([
    [
      'a chained session past 1h',
      { duration: '1h1m' },
      SESSION,
      /duration "1h1m" \(1h1m\) is too long for a chained session: .*AWS caps .* at 1h/,
    ],
    ['a duration past 12h', { duration: '13h' }, STATIC, /duration "13h" is out of range/],
    [
      'a role ARN that is not one',
      { roleArn: 'deploy' },
      STATIC,
      /^roleArn "deploy" is not an IAM role ARN/,
    ],
    [
      'a bad session name',
      { sessionName: 'a b' },
      STATIC,
      /^sessionName "a b" is not a valid role session name/,
    ],
    [
      'a bad external id',
      { externalId: 'x' },
      STATIC,
      /^externalId "x" is not a valid external id/,
    ],
    [
      'a policy that is not JSON',
      { policy: '{"Statement": [' },
      STATIC,
      /^policy is not valid JSON/,
    ],
    ['a policy that is a list', { policy: '[1]' }, STATIC, /^policy must be a JSON object/],
    [
      'a policy without Statement',
      { policy: { Version: '2012-10-17' } },
      STATIC,
      /^policy has no Statement/,
    ],
    [
      'a policy ARN that is a role',
      { policyArns: [TARGET] },
      STATIC,
      /^policyArns\[0\] .* is not an IAM policy ARN/,
    ],
    [
      'a transitive key that is no tag',
      { tags: { Project: 'x' }, transitiveTagKeys: ['Projet'] },
      STATIC,
      /^transitiveTagKeys\[0\] "Projet" is not a key of tags; did you mean "Project"\?/,
    ],
    [
      'tags that differ only by case',
      { tags: { team: 'a', Team: 'b' } },
      STATIC,
      /both "team" and "Team": AWS session tag keys ignore case/,
    ],
    [
      'a bad source identity',
      { sourceIdentity: 'aws:me' },
      STATIC,
      /^sourceIdentity "aws:me" is not a valid source identity/,
    ],
    ['a login without keys', {}, { accessKeyId: 'a' }, /login.secretAccessKey is required/],
  ])('refuses %s before any request', async (_what, extra, login, message) => {
    server = await startFakeServer([assumed()]);
    await expect(providers().assume.open(inputs(extra, login), ctx())).rejects.toThrow(message);
    expect(server.requests).toHaveLength(0);
  });

  it('names the role session of an aws-login as the refused principal, once, with no secret', async () => {
    server = await startFakeServer([
      stsCredentials({ account: '111111111111' }),
      stsError(
        'AccessDenied',
        'User: arn:aws:sts::111111111111:assumed-role/deploy/esc-action is not authorized to perform: sts:AssumeRole',
        403,
      ),
    ]);
    const { assume, login, sleeps } = providers();
    const hub = await login.open(fromPlain({ oidc: { roleArn: HUB } }), ctx());
    const err = await failure(assume.open(inputs({ tags: { a: 'b' } }, toPlain(hub.value)), ctx()));
    expect(err.message).toMatch(
      new RegExp(
        `^could not assume role ${TARGET} as arn:aws:sts::111111111111:assumed-role/deploy/esc-action: AccessDenied: User: `,
      ),
    );
    expect(err.message).toContain(
      `Check the trust policy of ${TARGET}: its Principal.AWS must name arn:aws:iam::111111111111:role/deploy (or its account), it must allow sts:AssumeRole, sts:TagSession`,
    );
    expect(server.requests).toHaveLength(2);
    expect(sleeps).toEqual([]);
    expectNoSecret(err, Object.values(toPlain(hub.value) as Record<string, string>));
  });

  it('names static keys by the ends of their id only', async () => {
    server = await startFakeServer([stsError('AccessDenied', 'Not authorized', 403)]);
    const err = await failure(providers().assume.open(inputs({ externalId: 'ext-123' }), ctx()));
    expect(err.message).toContain(
      `could not assume role ${TARGET} as access key AKIA…MPLE: AccessDenied`,
    );
    expect(err.message).toContain('its sts:ExternalId condition must equal externalId');
    expectNoSecret(err, Object.values(STATIC));
  });

  it('scrubs the login from what STS echoes, and explains refused credentials', async () => {
    server = await startFakeServer([
      stsError(
        'SignatureDoesNotMatch',
        `bad signature for ${SESSION.accessKeyId} with token ${SESSION.sessionToken} and ${SESSION.secretAccessKey}`,
        403,
      ),
    ]);
    const err = await failure(providers().assume.open(inputs({}, SESSION), ctx()));
    expect(err.message).toContain(
      'SignatureDoesNotMatch: bad signature for *** with token *** and ***',
    );
    expect(err.message).toContain("STS refused the login's credentials");
    expectNoSecret(err, Object.values(SESSION));
  });

  it('explains a chained duration that STS refuses', async () => {
    server = await startFakeServer([
      stsError(
        'ValidationError',
        'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
      ),
    ]);
    const err = await failure(providers().assume.open(inputs({}, SESSION), ctx()));
    expect(err.message).toContain('AWS caps a chained session at 1h');
  });

  it('refuses an answer without credentials', async () => {
    const empty = assumed() as { status: number; body: string; headers: Record<string, string> };
    server = await startFakeServer([
      { ...empty, body: empty.body.replace(/<Credentials>.*<\/Credentials>/, '') },
    ]);
    await expect(providers().assume.open(inputs(), ctx())).rejects.toThrow(
      `could not assume role ${TARGET} as access key AKIA…MPLE: STS answered without credentials`,
    );
  });

  it('retries throttling, not AccessDenied', async () => {
    server = await startFakeServer([stsError('Throttling', 'Rate exceeded'), assumed()]);
    const { assume, sleeps } = providers();
    await expect(assume.open(inputs(), ctx())).resolves.toBeDefined();
    expect(server.requests).toHaveLength(2);
    expect(sleeps).toEqual([100]);
  });

  it('fails within the deadline of the whole open, naming the endpoint', async () => {
    server = await startFakeServer(['hang']);
    const err = await failure(
      providers({ requestTimeoutMs: 5_000, timeoutMs: 200 }).assume.open(inputs(), ctx()),
    );
    expect(err.message).toMatch(
      new RegExp(
        `^could not assume role ${TARGET} as access key AKIA…MPLE: aws-assume-role did not finish within 200 ms \\(waiting for STS AssumeRole at http://127\\.0\\.0\\.1:\\d+, attempt 1\\)`,
      ),
    );
  });
});

describe('aws-assume-role helpers', () => {
  it('packs a policy without whitespace and escapes what AWS does not accept', () => {
    expect(sessionPolicy({ Statement: [{ Sid: 'Ünïcode 日本' }] })).toBe(
      '{"Statement":[{"Sid":"Ünïcode \\u65e5\\u672c"}]}',
    );
    expect(JSON.parse(sessionPolicy('{"Statement": ["日本"]}'))).toEqual({ Statement: ['日本'] });
  });

  it('allows exactly 2048 packed characters', () => {
    const fill = (n: number) => ({ Statement: 'x'.repeat(n - '{"Statement":""}'.length) });
    expect(sessionPolicy(fill(MAX_POLICY_CHARS))).toHaveLength(MAX_POLICY_CHARS);
    expect(() => sessionPolicy(fill(MAX_POLICY_CHARS + 1))).toThrow(
      /policy is 2049 characters without whitespace: AWS allows at most 2048/,
    );
    // Whitespace in a JSON string does not count.
    const spaced = JSON.stringify(fill(MAX_POLICY_CHARS), null, 8);
    expect(spaced.length).toBeGreaterThan(MAX_POLICY_CHARS);
    expect(sessionPolicy(spaced)).toHaveLength(MAX_POLICY_CHARS);
  });

  it('does not quote a secret policy in its errors', () => {
    expect(() => sessionPolicy('{"Statement": "s3cr3t', true)).toThrow(
      /^policy is not valid JSON \(/,
    );
  });

  it('checks tags as AWS does', () => {
    expect(sessionTags({ 'cost center': 'a/b:c', Empty: '' })).toEqual([
      { Key: 'cost center', Value: 'a/b:c' },
      { Key: 'Empty', Value: '' },
    ]);
    expect(() => sessionTags({ 'a#b': 'x' })).toThrow(/tags key "a#b" is not a valid tag key/);
    expect(() => sessionTags({ a: 'x'.repeat(257) })).toThrow(/tags.a .* is not a valid tag value/);
    expect(() => sessionTags({ a: 'sec#ret' }, true)).toThrow(
      'tags.a (the secret value) is not a valid tag value',
    );
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    expect(() => sessionTags(many)).toThrow('tags has 51 entries: AWS allows at most 50');
  });

  it('names a principal by a well-formed session ARN only', () => {
    const owner = {};
    const answer = (key: string, arn: string) =>
      credentialsResult(
        owner,
        {
          Credentials: { AccessKeyId: key, SecretAccessKey: 'secret0123', SessionToken: 'tok0123' },
          AssumedRoleUser: { Arn: arn },
        },
        TARGET,
      );
    answer('ASIAGOOD000000000001', 'arn:aws:sts::111111111111:assumed-role/hub/s-1');
    answer('ASIAODD0000000000002', 'arn:aws:sts::111111111111:assumed-role/hub/s\n::error::x');
    expect(describePrincipal(owner, 'ASIAGOOD000000000001')).toBe(
      'arn:aws:sts::111111111111:assumed-role/hub/s-1',
    );
    expect(describePrincipal(owner, 'ASIAODD0000000000002')).toBe('access key ASIA…0002');
    expect(describePrincipal({}, 'ASIAGOOD000000000001')).toBe('access key ASIA…0001');
    expect(describePrincipal(owner, 'short')).toBe("the login's access key");
  });

  it('derives the role of a role session', () => {
    expect(roleOfSession('arn:aws:sts::111111111111:assumed-role/hub/gha-1')).toBe(
      'arn:aws:iam::111111111111:role/hub',
    );
    expect(roleOfSession('access key AKIA…MPLE')).toBeUndefined();
  });
});
