import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Value } from '../../../src/eval/value.js';
import { fromPlain, toPlain } from '../../../src/eval/value.js';
import type { Provider } from '../../../src/eval/provider.js';
import { createAwsProviders, type AwsProviderOptions } from '../../../src/providers/index.js';
import { keyFingerprint } from '../../../src/refresh/recipe.js';
import {
  fakeJwt,
  startFakeServer,
  stsCredentials,
  stsError,
  type FakeServer,
  type Reply,
} from './fake-server.js';

const ROLE = 'arn:aws:iam::123456789012:role/deploy';
const token = fakeJwt({
  sub: 'repo:octo-org/octo-repo:ref:refs/heads/main',
  aud: 'sts.amazonaws.com',
  iss: 'https://token.actions.githubusercontent.com',
});
const ctx = (signal = new AbortController().signal) => ({ signal, environment: 'test' });

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function login(options: Partial<AwsProviderOptions> = {}): {
  provider: Provider;
  audiences: string[];
  sleeps: number[];
} {
  const audiences: string[] = [];
  const sleeps: number[] = [];
  const providers = createAwsProviders({
    audience: 'sts.amazonaws.com',
    getToken: async (aud) => {
      audiences.push(aud);
      return token;
    },
    env: { AWS_ENDPOINT_URL_STS: server?.url, GITHUB_RUN_ID: '77', GITHUB_RUN_ATTEMPT: '3' },
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 0.5,
    ...options,
  });
  return { provider: providers.get('aws-login')!, audiences, sleeps };
}

const oidc = (extra: Record<string, unknown> = {}): Value =>
  fromPlain({ oidc: { roleArn: ROLE, ...extra } } as never);
const form = (body: string): URLSearchParams => new URLSearchParams(body);

describe('aws-login static', () => {
  it('returns the keys, all secret, without sessionToken when not given', async () => {
    const { provider } = login();
    const r = await provider.open(
      fromPlain({ static: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'shh' } }),
      ctx(),
    );
    expect(toPlain(r.value)).toEqual({ accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'shh' });
    const m = r.value.repr as Map<string, Value>;
    expect([...m.values()].every((v) => v.secret)).toBe(true);
    expect(m.has('sessionToken')).toBe(false);
  });

  it('keeps a session token', async () => {
    const r = await login().provider.open(
      fromPlain({ static: { accessKeyId: 'a', secretAccessKey: 'b', sessionToken: 'c' } }),
      ctx(),
    );
    expect((r.value.repr as Map<string, Value>).get('sessionToken')).toMatchObject({
      repr: 'c',
      secret: true,
    });
  });

  it('needs exactly one of oidc or static', async () => {
    await expect(login().provider.open(fromPlain({}), ctx())).rejects.toThrow(
      'exactly one of `oidc`',
    );
    await expect(
      login().provider.open(
        fromPlain({ static: { accessKeyId: 'a', secretAccessKey: 'b' }, oidc: { roleArn: ROLE } }),
        ctx(),
      ),
    ).rejects.toThrow('exactly one of `oidc`');
  });
  it('refuses static keys with a line break, in open and in check', async () => {
    const { provider } = login();
    const stat = { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'shh\n[profile x]' };
    await expect(provider.open(fromPlain({ static: stat }), ctx())).rejects.toThrow(
      /^static\.secretAccessKey contains a line break/,
    );
    const problems = provider.check?.(fromPlain({ static: stat })) ?? [];
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^static\.secretAccessKey contains a line break/),
    ]);
    expect(provider.check?.(fromPlain({ static: { ...stat, secretAccessKey: 'ok' } }))).toEqual([]);
  });
});

describe('aws-login oidc', () => {
  it('one unsigned STS request; outputs secret; meta from the response', async () => {
    server = await startFakeServer([stsCredentials({ account: '210987654321' })]);
    const { provider, audiences } = login();
    const r = await provider.open(
      oidc({ policyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] }),
      ctx(),
    );
    expect(toPlain(r.value)).toEqual({
      accessKeyId: 'ASIAFAKEKEYID0000001',
      secretAccessKey: 'fakeSecretAccessKey0123456789',
      sessionToken: 'fakeSessionToken0123456789',
    });
    expect([...(r.value.repr as Map<string, Value>).values()].every((v) => v.secret)).toBe(true);
    expect(r.meta).toEqual({
      roleArn: ROLE,
      expiration: '2030-01-02T03:04:05.000Z',
      assumedRoleArn: 'arn:aws:sts::210987654321:assumed-role/deploy/esc-action',
      accountId: '210987654321',
      // What credential refresh replays: the request, linked to the key by a fingerprint.
      credentialId: keyFingerprint('ASIAFAKEKEYID0000001'),
      refreshStep: expect.any(String),
    });
    expect(JSON.parse(r.meta?.refreshStep ?? '')).toEqual({
      kind: 'web-identity',
      roleArn: ROLE,
      sessionName: 'esc-action-77-3',
      durationSeconds: 3600,
      audience: 'sts.amazonaws.com',
      policyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
      region: 'us-east-1',
      endpoint: server.url,
    });
    expect(JSON.stringify(r.meta)).not.toContain('fakeSecretAccessKey');
    expect(JSON.stringify(r.meta)).not.toContain('ASIAFAKEKEYID0000001');
    expect(server.requests).toHaveLength(1);
    const req = server.requests[0]!;
    expect(req.headers.authorization).toBeUndefined();
    const p = form(req.body);
    expect(p.get('Action')).toBe('AssumeRoleWithWebIdentity');
    expect(p.get('RoleArn')).toBe(ROLE);
    expect(p.get('RoleSessionName')).toBe('esc-action-77-3');
    expect(p.get('DurationSeconds')).toBe('3600');
    expect(p.get('WebIdentityToken')).toBe(token);
    expect(p.get('PolicyArns.member.1.arn')).toBe('arn:aws:iam::aws:policy/ReadOnlyAccess');
    expect(audiences).toEqual(['sts.amazonaws.com']);
  });

  it('records the endpoint it called however the SDK resolved it (a config file), base path included', async () => {
    server = await startFakeServer([stsCredentials()]);
    const dir = mkdtempSync(join(tmpdir(), 'esc-login-config-'));
    const saved = { file: process.env.AWS_CONFIG_FILE, profile: process.env.AWS_PROFILE };
    try {
      writeFileSync(join(dir, 'config'), `[default]\nendpoint_url = ${server.url}/sts/\n`);
      process.env.AWS_CONFIG_FILE = join(dir, 'config');
      delete process.env.AWS_PROFILE;
      const r = await login({ env: { GITHUB_RUN_ID: '77' } }).provider.open(oidc(), ctx());
      expect(JSON.parse(r.meta?.refreshStep ?? '').endpoint).toBe(`${server.url}/sts`);
      expect(server.requests).toHaveLength(1);
    } finally {
      for (const [k, v] of [
        ['AWS_CONFIG_FILE', saved.file],
        ['AWS_PROFILE', saved.profile],
      ] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('honours sessionName, duration and the audience override', async () => {
    server = await startFakeServer([stsCredentials()]);
    const { provider, audiences } = login();
    await provider.open(
      oidc({ sessionName: 'mine', duration: '1h30m', audience: 'custom-aud' }),
      ctx(),
    );
    const p = form(server.requests[0]!.body);
    expect(p.get('RoleSessionName')).toBe('mine');
    expect(p.get('DurationSeconds')).toBe('5400');
    expect(audiences).toEqual(['custom-aud']);
  });

  it('validates before any request', async () => {
    server = await startFakeServer([stsCredentials()]);
    const { provider, audiences } = login();
    await expect(provider.open(oidc({ duration: '13h' }), ctx())).rejects.toThrow(/out of range/);
    await expect(provider.open(oidc({ sessionName: 'bad name' }), ctx())).rejects.toThrow(
      /role session name/,
    );
    await expect(provider.open(fromPlain({ oidc: { roleArn: 'deploy' } }), ctx())).rejects.toThrow(
      /not an IAM role ARN/,
    );
    await expect(provider.open(oidc({ subjectAttributes: ['repo'] }), ctx())).rejects.toThrow(
      /subject template/,
    );
    expect(server.requests).toHaveLength(0);
    expect(audiences).toEqual([]);
  });

  it('refuses an STS answer whose credentials hold a line break (they would inject profile lines)', async () => {
    const reply = stsCredentials() as Extract<Reply, { body: string }>;
    reply.body = reply.body.replace(
      'fakeSecretAccessKey0123456789',
      'fakeSecret&#10;credential_process = sh -c id',
    );
    server = await startFakeServer([reply]);
    await expect(login().provider.open(oidc(), ctx())).rejects.toThrow(
      `could not assume role ${ROLE}: STS answered credentials AWS never issues: SecretAccessKey contains a line break`,
    );
  });

  it('absorbs throttling with backoff', async () => {
    server = await startFakeServer([
      stsError('Throttling', 'Rate exceeded'),
      stsError('Throttling', 'Rate exceeded'),
      stsCredentials(),
    ]);
    const { provider, sleeps } = login();
    await expect(provider.open(oidc(), ctx())).resolves.toBeDefined();
    expect(server.requests).toHaveLength(3);
    expect(sleeps).toEqual([100, 200]);
  });

  it('retries IDPCommunicationError and 5xx', async () => {
    server = await startFakeServer([
      stsError('IDPCommunicationError', 'could not reach the IdP'),
      stsError('InternalFailure', 'oops', 500),
      stsCredentials(),
    ]);
    await expect(login().provider.open(oidc(), ctx())).resolves.toBeDefined();
    expect(server.requests).toHaveLength(3);
  });

  it('AccessDenied fails on the first answer with the claims and without the token', async () => {
    server = await startFakeServer([
      stsError('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity', 403),
    ]);
    const { provider, sleeps } = login();
    const err = (await provider.open(oidc(), ctx()).catch((e: unknown) => e)) as Error;
    expect(err.message).toContain(`could not assume role ${ROLE}`);
    expect(err.message).toContain('sub=repo:octo-org/octo-repo:ref:refs/heads/main');
    expect(err.message).not.toContain(token);
    expect(String((err.cause as Error).message)).not.toContain(token);
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('a duration above MaxSessionDuration names it', async () => {
    server = await startFakeServer([
      stsError(
        'ValidationError',
        'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
      ),
    ]);
    await expect(login().provider.open(oidc({ duration: '2h' }), ctx())).rejects.toThrow(
      /2h \(7200 s\) is above the role's MaxSessionDuration/,
    );
    expect(server.requests).toHaveLength(1);
  });

  it('a silent STS fails inside the request deadline, naming the endpoint', async () => {
    server = await startFakeServer(['hang']);
    const err = (await login({ requestTimeoutMs: 150, maxAttempts: 2 })
      .provider.open(oidc(), ctx())
      .catch((e: unknown) => e)) as Error;
    expect(err.message).toContain(
      `STS AssumeRoleWithWebIdentity at ${server.url} did not answer within 150 ms (after 2 attempts)`,
    );
    expect(server.requests).toHaveLength(2);
  });

  it('the whole open has a deadline', async () => {
    server = await startFakeServer(['hang']);
    const err = (await login({ requestTimeoutMs: 5_000, timeoutMs: 250 })
      .provider.open(oidc(), ctx())
      .catch((e: unknown) => e)) as Error;
    // The whole-open deadline fired, not the 5 s request timeout: its message says so.
    expect(err.message).toMatch(
      /did not finish within 250 ms \(waiting for STS AssumeRoleWithWebIdentity at http:\/\/127\.0\.0\.1:\d+, attempt 1\)/,
    );
  });

  it('stops when the evaluation is cancelled', async () => {
    server = await startFakeServer(['hang']);
    const ac = new AbortController();
    const p = login().provider.open(oidc(), ctx(ac.signal));
    setTimeout(() => ac.abort(new Error('evaluation deadline')), 50);
    await expect(p).rejects.toThrow(/cancelled: evaluation deadline/);
  });

  it('a token still in flight when the client is ready: the warm-up sends nothing, the request is the real one', async () => {
    server = await startFakeServer([stsCredentials({ account: '210987654321' })]);
    let arrived = false;
    const { provider } = login({
      getToken: () =>
        new Promise((resolve) =>
          setTimeout(() => {
            // Nothing reached STS before the token: the warm-up used no network.
            expect(server?.requests).toHaveLength(0);
            arrived = true;
            resolve(token);
          }, 300),
        ),
    });
    const r = await provider.open(oidc(), ctx());
    expect(arrived).toBe(true);
    expect(toPlain(r.value)).toMatchObject({ accessKeyId: 'ASIAFAKEKEYID0000001' });
    expect(r.meta?.accountId).toBe('210987654321');
    expect(server.requests).toHaveLength(1);
    expect(form(server.requests[0]!.body).get('WebIdentityToken')).toBe(token);
  });

  it('a token failure is reported as the token source wrote it', async () => {
    const { provider } = login({
      getToken: async () => {
        throw new Error('no OIDC token is available: add permissions');
      },
    });
    await expect(provider.open(oidc(), ctx())).rejects.toThrow(
      'no OIDC token is available: add permissions',
    );
  });
});
