// The AWS providers called directly (not through the action) against moto, the local OIDC token
// endpoint and the fault-injecting proxy. Prints the measured times and call counts at the end.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import type { OpenContext, ProviderResult } from '../../src/eval/provider.js';
import { fromPlain, toPlain, type Plain, type Value } from '../../src/eval/value.js';
import {
  createAwsProviders,
  createTokenSource,
  type AwsProviderOptions,
} from '../../src/providers/index.js';
import {
  ACCOUNT_ID,
  requireTools,
  startAwsProxy,
  startMoto,
  startOidcServer,
  stsErrors,
  type AwsCall,
  type AwsProxy,
  type Moto,
  type OidcServer,
} from '../../scripts/stack/index.mjs';

jest.setTimeout(60_000);

const tools = requireTools(['moto_server', 'aws']);
const withTools = tools.ok ? describe : describe.skip;

const ctx = (): OpenContext => ({ signal: new AbortController().signal, environment: 'e2e' });
const figures: string[] = [];

async function timed<T>(label: string, f: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await f();
  const ms = Math.round(performance.now() - started);
  figures.push(`${label}: ${ms} ms`);
  return { value, ms };
}

async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a failure');
}

withTools('AWS providers against moto', () => {
  let moto: Moto;
  let oidc: OidcServer;
  let proxy: AwsProxy;
  let roleArn: string;
  const awsKeys = {
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  };

  beforeAll(async () => {
    const setupStarted = Date.now();
    [moto, oidc] = await Promise.all([startMoto(), startOidcServer()]);
    proxy = await startAwsProxy(moto.url);
    const bin = join(mkdtempSync(join(tmpdir(), 'prov-e2e-')), 'bin');
    writeFileSync(bin, Buffer.from([0, 1, 2, 254, 255]));
    const setup: (() => Promise<unknown>)[] = [
      async () =>
        (roleArn = (await moto.createRole('gha-deploy', { maxSessionDuration: 7200 })).arn),
      () =>
        moto.aws([
          'secretsmanager',
          'create-secret',
          '--name',
          'app/db-password',
          '--secret-string',
          'p@ss w0rd\nline2',
        ]),
      () =>
        moto.aws([
          'secretsmanager',
          'create-secret',
          '--name',
          'app/binary',
          '--secret-binary',
          `fileb://${bin}`,
        ]),
      () =>
        moto.aws([
          'ssm',
          'put-parameter',
          '--name',
          '/app/url',
          '--type',
          'String',
          '--value',
          'db.internal:5432',
        ]),
      () =>
        moto.aws([
          'ssm',
          'put-parameter',
          '--name',
          '/app/hosts',
          '--type',
          'StringList',
          '--value',
          'a.example,b.example',
        ]),
      () =>
        moto.aws([
          'ssm',
          'put-parameter',
          '--name',
          '/app/password',
          '--type',
          'SecureString',
          '--value',
          'hunter2',
        ]),
      ...Array.from(
        { length: 12 },
        (_, i) => () =>
          moto.aws([
            'ssm',
            'put-parameter',
            '--name',
            `/bulk/p${i}`,
            '--type',
            'String',
            '--value',
            `v${i}`,
          ]),
      ),
    ];
    // The aws CLI is a Python process per call: a few at a time on a 2-core machine.
    const workers = Array.from({ length: 3 }, async () => {
      for (let job = setup.shift(); job; job = setup.shift()) await job();
    });
    await Promise.all(workers);
    figures.push(
      `setup (moto, token endpoint, proxy, role, 2 secrets, 15 parameters): ${Date.now() - setupStarted} ms`,
    );
    // A hang guard only: 18 aws CLI processes take 30 s on an idle 2-core machine and minutes
    // on a loaded one (each `aws` starts Python).
  }, 600_000);

  afterAll(async () => {
    await Promise.all([proxy?.stop(), oidc?.stop(), moto?.stop()]);
    if (figures.length)
      process.stdout.write(`\nprovider e2e figures:\n  ${figures.join('\n  ')}\n`);
  });

  beforeEach(() => {
    proxy.reset();
    oidc.setFault(null);
    oidc.requests.length = 0;
  });

  function providers(
    options: Partial<AwsProviderOptions> = {},
    tokenEnv: NodeJS.ProcessEnv = oidc.env,
  ) {
    const masked: string[] = [];
    const source = createTokenSource(tokenEnv, { mask: (s) => masked.push(s) });
    const map = createAwsProviders({
      audience: 'sts.amazonaws.com',
      getToken: (aud) => source.getToken(aud),
      env: { AWS_ENDPOINT_URL: proxy.url, AWS_REGION: 'us-east-1' },
      ...options,
    });
    const open = (name: string, inputs: Plain): Promise<ProviderResult> =>
      map.get(name)!.open(fromPlain(inputs), ctx());
    return { open, masked, source };
  }

  const oidcInput = (extra: Record<string, Plain> = {}): Plain => ({
    oidc: { roleArn, sessionName: 'e2e', ...extra },
  });

  it('oidc login: one token request, one STS call, working credentials and meta', async () => {
    const { open, masked } = providers();
    const { value: r } = await timed('oidc login (token + STS)', () =>
      open('aws-login', oidcInput({ duration: '1h30m' })),
    );
    const creds = toPlain(r.value) as Record<string, string>;
    expect(Object.keys(creds).sort()).toEqual(['accessKeyId', 'secretAccessKey', 'sessionToken']);
    expect([...(r.value.repr as Map<string, Value>).values()].every((v) => v.secret)).toBe(true);
    expect(r.meta?.accountId).toBe(ACCOUNT_ID);
    expect(r.meta?.assumedRoleArn).toBe(`arn:aws:sts::${ACCOUNT_ID}:assumed-role/gha-deploy/e2e`);
    expect(r.meta?.roleArn).toBe(roleArn);
    expect(Date.parse(r.meta?.expiration ?? '')).toBeGreaterThan(Date.now());
    expect(oidc.requests).toHaveLength(1);
    expect(oidc.requests[0]!.audience).toBe('sts.amazonaws.com');
    expect(masked).toEqual([oidc.tokens[0]]);
    const sts = proxy.callsTo('AssumeRoleWithWebIdentity');
    expect(sts).toHaveLength(1);
    expect(sts[0]!.params.DurationSeconds).toBe('5400');
    expect(sts[0]!.headers.authorization).toBeUndefined();
    expect(proxy.callsTo('GetCallerIdentity')).toHaveLength(0);
    figures.push(`oidc login: ${oidc.requests.length} token request(s), ${sts.length} STS call(s)`);
    // The credentials work.
    const who = await moto.aws(['sts', 'get-caller-identity'], {
      AWS_ACCESS_KEY_ID: creds.accessKeyId!,
      AWS_SECRET_ACCESS_KEY: creds.secretAccessKey!,
      AWS_SESSION_TOKEN: creds.sessionToken!,
    });
    expect(who.Arn).toBe(`arn:aws:sts::${ACCOUNT_ID}:assumed-role/gha-deploy/e2e`);
  });

  it('static login returns the keys and makes no request', async () => {
    const { open } = providers();
    const r = await open('aws-login', { static: awsKeys });
    expect(toPlain(r.value)).toEqual(awsKeys);
    expect(proxy.calls).toHaveLength(0);
    expect(oidc.requests).toHaveLength(0);
  });

  it('aws-secrets reads text and binary secrets with the oidc credentials', async () => {
    const { open } = providers();
    const login = toPlain((await open('aws-login', oidcInput())).value);
    const { value: r } = await timed('aws-secrets (2 secrets)', () =>
      open('aws-secrets', {
        login,
        get: { db: { secretId: 'app/db-password' }, bin: { secretId: 'app/binary' } },
      }),
    );
    expect(toPlain(r.value)).toEqual({
      db: 'p@ss w0rd\nline2',
      bin: Buffer.from([0, 1, 2, 254, 255]).toString('base64'),
    });
    expect([...(r.value.repr as Map<string, Value>).values()].every((v) => v.secret)).toBe(true);
    const calls = proxy.callsTo('GetSecretValue');
    expect(calls).toHaveLength(2);
    const login2 = login as Record<string, string>;
    expect(String(calls[0]!.headers.authorization)).toContain(`Credential=${login2.accessKeyId}/`);
  });

  it('aws-secrets names a missing secret', async () => {
    const { open } = providers();
    const err = await failure(
      open('aws-secrets', { login: awsKeys, get: { x: { secretId: 'no/such' } } }),
    );
    expect(err.message).toContain('get.x (secret no/such): ResourceNotFoundException');
    expect(err.message).not.toContain(awsKeys.secretAccessKey);
  });

  it('aws-parameter-store: typed values, batches of 10 grouped by decrypt', async () => {
    const { open } = providers();
    const get: Record<string, Plain> = {
      url: { name: '/app/url' },
      hosts: { name: '/app/hosts' },
      password: { name: '/app/password', decrypt: true },
    };
    for (let i = 0; i < 12; i++) get[`p${i}`] = { name: `/bulk/p${i}` };
    const { value: r } = await timed('aws-parameter-store (15 parameters)', () =>
      open('aws-parameter-store', { login: awsKeys, get }),
    );
    const out = toPlain(r.value) as Record<string, Plain>;
    expect(out.url).toBe('db.internal:5432');
    expect(out.hosts).toEqual(['a.example', 'b.example']);
    expect(out.password).toBe('hunter2');
    expect(out.p11).toBe('v11');
    const m = r.value.repr as Map<string, Value>;
    expect(m.get('password')!.secret).toBe(true);
    expect(m.get('url')!.secret).toBe(false);
    const calls = proxy.callsTo('GetParameters');
    expect(calls).toHaveLength(3);
    figures.push(`aws-parameter-store: ${calls.length} GetParameters calls for 15 names`);
  });

  it('aws-parameter-store names missing parameters', async () => {
    const { open } = providers();
    const err = await failure(
      open('aws-parameter-store', {
        login: awsKeys,
        get: { a: { name: '/app/url' }, b: { name: '/missing/one' } },
      }),
    );
    expect(err.message).toContain(
      'Parameter not found in SSM Parameter Store in us-east-1: /missing/one (get.b)',
    );
  });

  it('independent opens run concurrently', async () => {
    const { open } = providers();
    proxy.setLatency(400);
    const { value: results } = await timed(
      'two concurrent oidc logins with 400 ms STS latency',
      () =>
        Promise.all([
          open('aws-login', oidcInput({ sessionName: 'one' })),
          open('aws-login', oidcInput({ sessionName: 'two' })),
        ]),
    );
    proxy.setLatency(0);
    expect(results).toHaveLength(2);
    const sts = proxy.callsTo('AssumeRoleWithWebIdentity');
    expect(sts).toHaveLength(2);
    // Each call arrived before the other one was answered (held 400 ms by the proxy): an order
    // of events, not a duration, so a loaded machine cannot make it fail.
    const [a, b] = sts as [AwsCall, AwsCall];
    expect(b.time).toBeLessThan(a.time + (a.durationMs ?? Infinity));
    expect(a.time).toBeLessThan(b.time + (b.durationMs ?? Infinity));
    // One token for both.
    expect(oidc.requests).toHaveLength(1);
  });

  it('absorbs STS throttling', async () => {
    const { open } = providers();
    proxy.inject({ kind: 'throttle', action: 'AssumeRoleWithWebIdentity', times: 2 });
    await timed('oidc login through 2 throttling answers', () => open('aws-login', oidcInput()));
    const sts = proxy.callsTo('AssumeRoleWithWebIdentity');
    expect(sts).toHaveLength(3);
    figures.push(`throttling: ${sts.length} STS calls`);
  });

  it('absorbs token endpoint 503s', async () => {
    oidc.setFault({ status: 503, times: 2 });
    const { open } = providers();
    await timed('oidc login through 2 token-endpoint 503s', () => open('aws-login', oidcInput()));
    expect(oidc.requests).toHaveLength(3);
  });

  it('AccessDenied fails fast, showing the sub claim and never the token', async () => {
    const { open } = providers();
    proxy.inject({ ...stsErrors.accessDenied(), action: 'AssumeRoleWithWebIdentity' });
    // Fast means no retry: one STS call (below).
    const { value: err } = await timed('AccessDenied failure', () =>
      failure(open('aws-login', oidcInput())),
    );
    expect(err.message).toContain(`could not assume role ${roleArn}`);
    expect(err.message).toContain('sub=repo:octo-org/octo-repo:ref:refs/heads/main');
    for (const t of oidc.tokens) expect(err.message).not.toContain(t);
    expect(proxy.callsTo('AssumeRoleWithWebIdentity')).toHaveLength(1);
    figures.push(`AccessDenied: ${proxy.callsTo('AssumeRoleWithWebIdentity').length} STS call(s)`);
  });

  it('a duration above the role maximum names MaxSessionDuration', async () => {
    const { open } = providers();
    proxy.inject({ ...stsErrors.durationExceeded(), action: 'AssumeRoleWithWebIdentity' });
    const err = await failure(open('aws-login', oidcInput({ duration: '4h' })));
    expect(err.message).toContain("4h (14400 s) is above the role's MaxSessionDuration");
    expect(proxy.callsTo('AssumeRoleWithWebIdentity')).toHaveLength(1);
  });

  it('a missing token fails at once with the permissions snippet', async () => {
    const { open } = providers({}, { GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'push' });
    // At once means no request at all (below).
    const { value: err } = await timed('missing id-token permission failure', () =>
      failure(open('aws-login', oidcInput())),
    );
    expect(err.message).toContain('id-token: write');
    expect(proxy.calls).toHaveLength(0);
  });

  it('a silent STS fails inside the deadline, naming the endpoint', async () => {
    const { open } = providers({ requestTimeoutMs: 500, timeoutMs: 1_500 });
    proxy.inject({ kind: 'hang', action: 'AssumeRoleWithWebIdentity' });
    const { value: err } = await timed('silent STS (request 500 ms, total 1.5 s)', () =>
      failure(open('aws-login', oidcInput())),
    );
    expect(err.message).toContain(`STS AssumeRoleWithWebIdentity at ${proxy.url}`);
    expect(err.message).toMatch(/did not (answer|finish) within/);
    figures.push(
      `silent STS: ${proxy.callsTo('AssumeRoleWithWebIdentity').length} attempts; message: ${err.message}`,
    );
  });

  it('a silent token endpoint fails inside the deadline', async () => {
    oidc.setFault({ hang: true });
    const source = createTokenSource(oidc.env, { requestTimeoutMs: 300, timeoutMs: 1_000 });
    const { open } = providers({ getToken: (a) => source.getToken(a) });
    const { value: err } = await timed('silent token endpoint (request 300 ms, total 1 s)', () =>
      failure(open('aws-login', oidcInput())),
    );
    expect(err.message).toContain('GitHub OIDC token endpoint');
    expect(err.message).toMatch(/did not (answer|finish) within/);
    expect(proxy.calls).toHaveLength(0);
  });
});
