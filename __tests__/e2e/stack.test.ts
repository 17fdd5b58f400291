// Tests of the end-to-end stack itself: these run without the action's bundle.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { jest } from '@jest/globals';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import {
  ACCOUNT_ID,
  REPO_ROOT,
  awsErrorResponse,
  classifyRequest,
  inputEnvName,
  maskLog,
  parseFileCommands,
  parseWorkflowCommands,
  requireTools,
  runAction,
  runPost,
  startAwsProxy,
  startMoto,
  startOidcServer,
  stsErrors,
  type AwsProxy,
  type Moto,
  type OidcServer,
} from '../../scripts/stack/index.mjs';
import { expectMasked } from './runner-log.js';

// jest reads testTimeout only from the root config, not per project.
jest.setTimeout(60_000);

const tools = requireTools(['moto_server', 'aws']);
const withTools = tools.ok ? describe : describe.skip;

/** A STS query-protocol request, as the SDK sends AssumeRoleWithWebIdentity (unsigned). */
function stsForm(action: string, extra: Record<string, string> = {}): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: new URLSearchParams({ Action: action, Version: '2011-06-15', ...extra }).toString(),
  };
}

function assumeForm(token: string, session = 'sess'): RequestInit {
  return stsForm('AssumeRoleWithWebIdentity', {
    RoleArn: `arn:aws:iam::${ACCOUNT_ID}:role/gha-deploy`,
    RoleSessionName: session,
    WebIdentityToken: token,
  });
}

function secretsManagerRequest(): RequestInit {
  return {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'secretsmanager.GetSecretValue',
      authorization:
        'AWS4-HMAC-SHA256 Credential=testing/20250101/us-east-1/secretsmanager/aws4_request, SignedHeaders=host, Signature=0',
    },
    body: JSON.stringify({ SecretId: 'nope' }),
  };
}

describe('requireTools', () => {
  it('throws under CI, naming what is missing and how to install it', () => {
    expect(() => requireTools(['moto_server', 'aws'], { env: { PATH: '', CI: 'true' } })).toThrow(
      'missing on PATH: moto_server, aws (install with: pip install "moto[server]" awscli)',
    );
  });

  it('returns the reason outside CI so a suite can skip loudly', () => {
    const r = requireTools(['aws'], { env: { PATH: '' }, quiet: true });
    expect(r).toEqual({
      ok: false,
      missing: ['aws'],
      reason: expect.stringContaining('pip install'),
    });
    expect(requireTools([], { env: { PATH: '' } })).toEqual({ ok: true, paths: {} });
  });
});

describe('file commands and workflow commands (runner formats)', () => {
  it('parses NAME=value lines and heredocs exactly', () => {
    const text = [
      'A=1',
      'B=x=y',
      'MULTI<<ghadelimiter_123',
      'line 1',
      '',
      'line 3 with A=1 and <<X',
      'ghadelimiter_123',
      '',
      'EMPTY<<EOF',
      'EOF',
      'C=',
      'A=2',
      '',
    ].join('\n');
    expect(parseFileCommands(text)).toEqual({
      A: '2',
      B: 'x=y',
      MULTI: 'line 1\n\nline 3 with A=1 and <<X',
      EMPTY: '',
      C: '',
    });
  });

  it('picks the form by whichever of = and << comes first', () => {
    expect(parseFileCommands('K<<E=Q\nv\nE=Q\n')).toEqual({ K: 'v' });
    expect(parseFileCommands('K=a<<b\n')).toEqual({ K: 'a<<b' });
  });

  it('keeps a carriage return inside a value (Linux runner splits on \\n only)', () => {
    expect(parseFileCommands('K<<E\na\r\nE\n')).toEqual({ K: 'a\r' });
  });

  it('rejects what the runner rejects', () => {
    expect(() => parseFileCommands('=v\n')).toThrow(/Name must not be empty/);
    expect(() => parseFileCommands('K<<E\nvalue\n')).toThrow(/Matching delimiter not found 'E'/);
    expect(() => parseFileCommands('K<<\n')).toThrow(/delimiter must not be empty/);
    expect(() => parseFileCommands('just text\n')).toThrow(/Invalid format/);
    expect(() => parseFileCommands('K<<E\nv\nE')).not.toThrow();
  });

  it('names inputs as the runner does', () => {
    expect(inputEnvName('environments-dir')).toBe('INPUT_ENVIRONMENTS-DIR');
    expect(inputEnvName('working directory')).toBe('INPUT_WORKING_DIRECTORY');
    expect(inputEnvName('run')).toBe('INPUT_RUN');
  });

  it('parses workflow commands with escapes, and masks a log', () => {
    const out = [
      'hello',
      '::add-mask::s3cr%25t',
      '::error file=.esc/a%2Cb.yaml,line=3,col=7::bad%0Athing',
      '  ::notice::not at line start',
    ].join('\n');
    const cmds = parseWorkflowCommands(out);
    expect(cmds).toEqual([
      { command: 'add-mask', properties: {}, value: 's3cr%t', line: 1 },
      {
        command: 'error',
        properties: { file: '.esc/a,b.yaml', line: '3', col: '7' },
        value: 'bad\nthing',
        line: 2,
      },
    ]);
    expect(maskLog('key=abc abcdef', ['abc', 'abcdef'])).toBe('key=*** ***');
  });
});

describe('runner emulation', () => {
  let dir: string;
  let entry: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'esc-stack-runner-'));
    entry = join(dir, 'main.mjs');
    const core = pathToFileURL(join(REPO_ROOT, 'node_modules/@actions/core/lib/core.js')).href;
    // A tiny action using the real @actions/core, so the file formats are the toolkit's own.
    writeFileSync(
      entry,
      `import * as core from ${JSON.stringify(core)};
const dir = process.env['INPUT_ENVIRONMENTS-DIR'];
core.setSecret('hunter2');
console.log('the secret hunter2, masked from the line after its ::add-mask:: on');
core.exportVariable('MULTI', 'a\\nb\\n\\nc');
core.exportVariable('DIR', dir);
core.setOutput('out', 'value with = and <<');
core.saveState('phase', 'main-done');
core.addPath('/opt/extra/bin');
await core.summary.addRaw('# Summary').write();
if (process.env.STATE_phase) console.log('post sees ' + process.env.STATE_phase + ' ' + process.env.MULTI.length);
if (process.env.ID_TOKEN === '1') console.log('token ' + (await core.getIDToken('my-aud')));
console.log('ws=' + process.env.GITHUB_WORKSPACE + ' cwd=' + process.cwd());
process.exitCode = Number(process.env.EXIT_WITH ?? 0);
`,
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs a step with runner files, inputs and context, and parses what it wrote', async () => {
    const r = await runAction({
      entry,
      actionYml: '',
      inputs: { 'environments-dir': 'envs', environment: 'aws-dev' },
      env: { EXIT_WITH: '3' },
    });
    try {
      expect(r.code).toBe(3);
      expect(r.stderr).toBe('');
      expect(r.githubEnv).toEqual({ MULTI: 'a\nb\n\nc', DIR: 'envs' });
      expect(r.githubOutput).toEqual({ out: 'value with = and <<' });
      expect(r.githubState).toEqual({ phase: 'main-done' });
      expect(r.githubPath).toEqual(['/opt/extra/bin']);
      expect(r.summary).toContain('# Summary');
      expect(r.masks).toEqual(['hunter2']);
      expect(r.stdout).toContain('the secret hunter2');
      expectMasked(r, ['hunter2']);
      expect(r.env['INPUT_ENVIRONMENT']).toBe('aws-dev');
      expect(r.env['GITHUB_ACTIONS']).toBe('true');
      expect(r.env['GITHUB_RUN_ID']).toMatch(/^\d+$/);
      expect(r.stdout).toContain(`ws=${r.workspace} cwd=${r.workspace}`);

      const post = await runPost(r, { entry });
      expect(post.runnerTemp).toBe(r.runnerTemp);
      expect(post.stdout).toContain('post sees main-done 6');
      expect(post.env['INPUT_ENVIRONMENTS-DIR']).toBe('envs');
      expect(post.env['PATH']?.startsWith('/opt/extra/bin:')).toBe(true);
    } finally {
      r.cleanup();
    }
  });

  it('kills a step that outlives its timeout', async () => {
    const hang = join(dir, 'hang.mjs');
    writeFileSync(hang, 'setInterval(() => {}, 1000);\n');
    const r = await runAction({ entry: hang, actionYml: '', timeoutMs: 500 });
    r.cleanup();
    expect(r.timedOut).toBe(true);
    expect(r.code).toBeNull();
  });

  it('reports the processes a step left running in its own group, then kills them', async () => {
    const leaver = join(dir, 'leaver.mjs');
    writeFileSync(
      leaver,
      `import { spawn } from 'node:child_process';
spawn('sleep', [process.env.MARK], { stdio: 'ignore' }).unref();
`,
    );
    const mark = String(3000 + Math.floor(Math.random() * 1000));
    const r = await runAction({ entry: leaver, actionYml: '', env: { MARK: mark } });
    r.cleanup();
    expect(r.code).toBe(0);
    expect(r.leftover).toHaveLength(1);
    expect(r.leftover[0]).toMatch(new RegExp(`^\\d+ sleep ${mark}$`));
    const pid = Number(r.leftover[0]?.split(' ')[0]);
    // Killed by the harness (once init has reaped it, signal 0 finds no such process).
    const exists = () => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    for (let i = 0; i < 50 && exists(); i++) await new Promise((res) => setTimeout(res, 100));
    expect(exists()).toBe(false);

    const clean = await runAction({ entry, actionYml: '' });
    clean.cleanup();
    expect(clean.leftover).toEqual([]);
  });

  it('says clearly when the entry does not exist', async () => {
    await expect(runAction({ entry: join(dir, 'missing.js') })).rejects.toThrow(/does not exist/);
  });

  describe('with the OIDC endpoint', () => {
    let oidc: OidcServer;
    beforeAll(async () => {
      oidc = await startOidcServer();
    });
    afterAll(async () => oidc.stop());

    it('@actions/core getIDToken gets a token from it through the runner variables', async () => {
      const r = await runAction({ entry, actionYml: '', env: { ...oidc.env, ID_TOKEN: '1' } });
      r.cleanup();
      expect(r.code).toBe(0);
      expect(oidc.requests).toHaveLength(1);
      expect(oidc.requests[0]?.audience).toBe('my-aud');
      const token = oidc.tokens[0] ?? '';
      expect(r.stdout).toContain(`token ${token}`);
      // getIDToken masks the token before returning it.
      expect(r.masks).toContain(token);
      expectMasked(r, [token]);
    });
  });
});

describe('OIDC token endpoint', () => {
  let oidc: OidcServer;
  beforeEach(async () => {
    oidc = await startOidcServer();
  });
  afterEach(async () => oidc.stop());

  const get = (o: OidcServer, audience?: string, token = o.requestToken) =>
    fetch(
      audience === undefined
        ? o.requestUrl
        : `${o.requestUrl}&audience=${encodeURIComponent(audience)}`,
      {
        headers: { authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(5000),
      },
    );

  it('uses the runner URL shape', () => {
    expect(oidc.requestUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/token\?api-version=2\.0$/);
    expect(oidc.env['ACTIONS_ID_TOKEN_REQUEST_URL']).toBe(oidc.requestUrl);
    expect(oidc.env['ACTIONS_ID_TOKEN_REQUEST_TOKEN']).toBe(oidc.requestToken);
  });

  it('issues an RS256 token that verifies against its JWKS with GitHub claims', async () => {
    const res = await get(oidc, 'sts.amazonaws.com');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { value: string };
    const { payload, protectedHeader } = await jwtVerify(
      body.value,
      createRemoteJWKSet(new URL(oidc.jwksUrl)),
      {
        issuer: 'https://token.actions.githubusercontent.com',
        audience: 'sts.amazonaws.com',
        algorithms: ['RS256'],
      },
    );
    expect(protectedHeader.kid).toBeTruthy();
    expect(payload).toMatchObject({
      sub: 'repo:octo-org/octo-repo:ref:refs/heads/main',
      repository: 'octo-org/octo-repo',
      ref: 'refs/heads/main',
      job_workflow_ref: expect.stringContaining('octo-org/octo-repo/.github/workflows/'),
    });
    const now = Date.now() / 1000;
    expect(payload.exp! - now).toBeGreaterThan(60);
    expect(payload.exp! - now).toBeLessThan(3600);
    expect(payload.iat! - now).toBeLessThan(5);
    expect(oidc.requests).toEqual([
      expect.objectContaining({ audience: 'sts.amazonaws.com', status: 200, authorized: true }),
    ]);
    expect(oidc.tokens).toEqual([body.value]);
  });

  it('takes the audience from the query, defaulting to the owner URL as GitHub does', async () => {
    const none = (await (await get(oidc)).json()) as { value: string };
    expect(decodeJwt(none.value).aud).toBe('https://github.com/octo-org');
    const custom = (await (await get(oidc, 'my aud/x')).json()) as { value: string };
    expect(decodeJwt(custom.value).aud).toBe('my aud/x');
    oidc.setClaims({ sub: 'repo:octo-org/octo-repo:environment:prod', environment: 'prod' });
    const env = (await (await get(oidc, 'a')).json()) as { value: string };
    expect(decodeJwt(env.value)).toMatchObject({
      sub: 'repo:octo-org/octo-repo:environment:prod',
      environment: 'prod',
    });
  });

  it('refuses a missing or wrong bearer token with 401', async () => {
    expect((await get(oidc, 'a', 'wrong')).status).toBe(401);
    const res = await fetch(`${oidc.requestUrl}&audience=a`);
    expect(res.status).toBe(401);
    expect(oidc.tokens).toHaveLength(0);
  });

  it('injects N failures, then answers', async () => {
    oidc.setFault({ status: 503, times: 2 });
    expect((await get(oidc, 'a')).status).toBe(503);
    expect((await get(oidc, 'a')).status).toBe(500 + 3);
    expect((await get(oidc, 'a')).status).toBe(200);
    oidc.setFault({ status: 429 });
    expect((await get(oidc, 'a')).status).toBe(429);
    expect((await get(oidc, 'a')).status).toBe(429);
    oidc.setFault(null);
    expect((await get(oidc, 'a')).status).toBe(200);
    expect(oidc.requests.map((r) => r.status)).toEqual([503, 503, 200, 429, 429, 200]);
  });

  it('can hang and add latency', async () => {
    oidc.setFault({ hang: true, times: 1 });
    await expect(
      fetch(`${oidc.requestUrl}&audience=a`, {
        headers: { authorization: `Bearer ${oidc.requestToken}` },
        signal: AbortSignal.timeout(300),
      }),
    ).rejects.toThrow();
    oidc.setFault({ latencyMs: 250 });
    const t = performance.now();
    expect((await get(oidc, 'a')).status).toBe(200);
    expect(performance.now() - t).toBeGreaterThanOrEqual(240);
  });

  it('serves the OpenID configuration', async () => {
    const conf = (await (
      await fetch(`${oidc.url}/.well-known/openid-configuration`)
    ).json()) as Record<string, unknown>;
    expect(conf['jwks_uri']).toBe(oidc.jwksUrl);
    expect(conf['issuer']).toBe('https://token.actions.githubusercontent.com');
  });
});

describe('request classification', () => {
  it('reads query, JSON and S3 REST calls', () => {
    expect(
      classifyRequest(
        'POST',
        '/',
        { 'content-type': 'application/x-www-form-urlencoded' },
        'Action=GetCallerIdentity&Version=2011-06-15',
      ),
    ).toMatchObject({ protocol: 'query', service: 'sts', action: 'GetCallerIdentity' });
    expect(
      classifyRequest('POST', '/', { 'x-amz-target': 'AmazonSSM.GetParameters' }, '{}'),
    ).toMatchObject({
      protocol: 'json',
      service: 'ssm',
      action: 'GetParameters',
    });
    expect(classifyRequest('PUT', '/bucket/a/b.txt', {}, '')).toMatchObject({
      protocol: 'rest',
      service: 's3',
      action: 'PutObject',
    });
    expect(classifyRequest('GET', '/bucket?list-type=2', {}, '')).toMatchObject({
      action: 'ListObjectsV2',
    });
  });

  it('shapes STS errors as STS does', () => {
    const call = { protocol: 'query', service: 'sts' } as Parameters<typeof awsErrorResponse>[0];
    const r = awsErrorResponse(call, 403, 'AccessDenied', 'Not authorized <x>', 'Sender');
    expect(r.status).toBe(403);
    expect(r.body).toMatch(
      /^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/">\s*<Error>\s*<Type>Sender<\/Type>\s*<Code>AccessDenied<\/Code>\s*<Message>Not authorized &lt;x&gt;<\/Message>\s*<\/Error>\s*<RequestId>[0-9a-f-]{36}<\/RequestId>\s*<\/ErrorResponse>\s*$/,
    );
  });
});

withTools('moto and the aws CLI', () => {
  let moto: Moto;
  let oidc: OidcServer;
  beforeAll(async () => {
    [moto, oidc] = await Promise.all([startMoto(), startOidcServer()]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([moto?.stop(), oidc?.stop()]);
  });

  it('answers on a loopback port', async () => {
    expect(moto.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${moto.url}/moto-api/`)).status).toBe(200);
    expect(moto.env['AWS_ENDPOINT_URL']).toBe(moto.url);
    expect(moto.env['AWS_CONFIG_FILE']).toBeTruthy();
  });

  it('creates a role and a bucket with the real aws CLI', async () => {
    const role = await moto.createRole('gha-deploy', { maxSessionDuration: 7200 });
    expect(role.arn).toBe(`arn:aws:iam::${ACCOUNT_ID}:role/gha-deploy`);
    const got = await moto.aws(['iam', 'get-role', '--role-name', 'gha-deploy']);
    expect(got.Role.MaxSessionDuration).toBe(7200);
    expect(got.Role.AssumeRolePolicyDocument.Statement[0].Principal.Federated).toContain(
      'token.actions.githubusercontent.com',
    );
    await moto.createBucket('stack-bucket');
    const buckets = await moto.aws(['s3api', 'list-buckets']);
    expect(buckets.Buckets.map((b: { Name: string }) => b.Name)).toContain('stack-bucket');
  });

  it('AssumeRoleWithWebIdentity returns credentials whose caller identity is the assumed role', async () => {
    const token = await oidc.issueToken();
    const out = await moto.aws([
      'sts',
      'assume-role-with-web-identity',
      '--role-arn',
      `arn:aws:iam::${ACCOUNT_ID}:role/gha-deploy`,
      '--role-session-name',
      'gha-42',
      '--web-identity-token',
      token,
    ]);
    expect(out.AssumedRoleUser.Arn).toBe(
      `arn:aws:sts::${ACCOUNT_ID}:assumed-role/gha-deploy/gha-42`,
    );
    const who = await moto.aws(['sts', 'get-caller-identity'], {
      AWS_ACCESS_KEY_ID: out.Credentials.AccessKeyId,
      AWS_SECRET_ACCESS_KEY: out.Credentials.SecretAccessKey,
      AWS_SESSION_TOKEN: out.Credentials.SessionToken,
    });
    expect(who.Arn).toBe(`arn:aws:sts::${ACCOUNT_ID}:assumed-role/gha-deploy/gha-42`);
    expect(who.Account).toBe(ACCOUNT_ID);
  });

  it('documents what moto does not check: any token, any role, any duration', async () => {
    const out = await moto.aws([
      'sts',
      'assume-role-with-web-identity',
      '--role-arn',
      `arn:aws:iam::${ACCOUNT_ID}:role/no-such-role`,
      '--role-session-name',
      'sx',
      '--web-identity-token',
      'not-a-jwt',
      '--duration-seconds',
      '43200',
    ]);
    expect(out.AssumedRoleUser.Arn).toContain('assumed-role/no-such-role/sx');
  });

  it('reports aws CLI failures with stderr', async () => {
    await expect(
      moto.aws(['s3api', 'head-bucket', '--bucket', 'no-such-bucket-here']),
    ).rejects.toThrow(/head-bucket.*exit 255.*404|Not Found/s);
  });

  describe('through the recording proxy', () => {
    let proxy: AwsProxy;
    beforeEach(async () => {
      proxy = await startAwsProxy(moto.url);
    });
    afterEach(async () => proxy.stop());

    it('counts each AWS action (STS query, Secrets Manager JSON, S3 REST) from the real aws CLI', async () => {
      const token = await oidc.issueToken();
      const viaProxy = { AWS_ENDPOINT_URL: proxy.url };
      await moto.aws(
        [
          'sts',
          'assume-role-with-web-identity',
          '--role-arn',
          `arn:aws:iam::${ACCOUNT_ID}:role/gha-deploy`,
          '--role-session-name',
          'sx',
          '--web-identity-token',
          token,
        ],
        viaProxy,
      );
      await moto.aws(['sts', 'get-caller-identity'], viaProxy);
      await moto.aws(
        ['secretsmanager', 'create-secret', '--name', 'app/db', '--secret-string', 'pw'],
        viaProxy,
      );
      const dir = mkdtempSync(join(tmpdir(), 'esc-stack-s3-'));
      writeFileSync(join(dir, 'f.txt'), 'bytes');
      await moto.aws(['s3', 'cp', join(dir, 'f.txt'), 's3://stack-bucket/f.txt'], viaProxy);
      rmSync(dir, { recursive: true, force: true });

      expect(proxy.callsTo('AssumeRoleWithWebIdentity')).toHaveLength(1);
      const assume = proxy.callsTo('AssumeRoleWithWebIdentity')[0];
      expect(assume?.params['WebIdentityToken']).toBe(token);
      expect(assume?.service).toBe('sts');
      expect(proxy.callsTo('GetCallerIdentity')).toHaveLength(1);
      expect(proxy.calls.find((c) => c.action === 'CreateSecret')).toMatchObject({
        protocol: 'json',
        service: 'secretsmanager',
        status: 200,
      });
      expect(proxy.calls.find((c) => c.action === 'PutObject')).toMatchObject({
        service: 's3',
        method: 'PUT',
        path: '/stack-bucket/f.txt',
        status: 200,
      });
    });

    it('throttles N times with the protocol error the CLI understands', async () => {
      const h = proxy.inject({ action: 'GetCallerIdentity', kind: 'throttle', times: 2 });
      const who = await moto.aws(['sts', 'get-caller-identity'], {
        AWS_ENDPOINT_URL: proxy.url,
        AWS_RETRY_MODE: 'standard',
        AWS_MAX_ATTEMPTS: '3',
      });
      expect(who.Account).toBe(ACCOUNT_ID);
      expect(h.hits).toBe(2);
      expect(proxy.callsTo('GetCallerIdentity').map((c) => c.status)).toEqual([400, 400, 200]);

      proxy.inject({ action: 'GetSecretValue', kind: 'throttle' });
      await expect(
        moto.aws(['secretsmanager', 'get-secret-value', '--secret-id', 'app/db'], {
          AWS_ENDPOINT_URL: proxy.url,
          AWS_MAX_ATTEMPTS: '1',
        }),
      ).rejects.toThrow(/ThrottlingException/);
    });

    it('returns a fixed STS error the CLI reports by code and message', async () => {
      proxy.inject({ action: 'AssumeRoleWithWebIdentity', ...stsErrors.durationExceeded() });
      await expect(
        moto.aws(
          [
            'sts',
            'assume-role-with-web-identity',
            '--role-arn',
            `arn:aws:iam::${ACCOUNT_ID}:role/gha-deploy`,
            '--role-session-name',
            'sx',
            '--web-identity-token',
            'abcdefgh',
          ],
          { AWS_ENDPOINT_URL: proxy.url },
        ),
      ).rejects.toThrow(/\(ValidationError\).*DurationSeconds exceeds the MaxSessionDuration/);
    });

    it('injects 500s, AccessDenied, resets, hangs and latency (raw HTTP)', async () => {
      const token = await oidc.issueToken();
      proxy.inject({ action: 'AssumeRoleWithWebIdentity', kind: 'status', status: 500, times: 1 });
      proxy.inject({ action: 'AssumeRoleWithWebIdentity', ...stsErrors.accessDenied(), times: 1 });
      proxy.inject({ action: 'AssumeRoleWithWebIdentity', kind: 'reset', times: 1 });
      proxy.inject({ action: 'AssumeRoleWithWebIdentity', kind: 'hang', times: 1 });
      proxy.inject({
        action: 'AssumeRoleWithWebIdentity',
        kind: 'latency',
        latencyMs: 200,
        times: 1,
      });
      const send = (ms = 5000) =>
        fetch(proxy.url, { ...assumeForm(token), signal: AbortSignal.timeout(ms) });

      const r500 = await send();
      expect(r500.status).toBe(500);
      expect(await r500.text()).toContain('<Code>InternalFailure</Code>');
      const denied = await send();
      expect(denied.status).toBe(403);
      expect(await denied.text()).toMatch(
        /<Type>Sender<\/Type>\s*<Code>AccessDenied<\/Code>\s*<Message>Not authorized to perform sts:AssumeRoleWithWebIdentity<\/Message>/,
      );
      await expect(send()).rejects.toThrow();
      await expect(send(300)).rejects.toThrow();
      const t = performance.now();
      const ok = await send();
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('<AssumeRoleWithWebIdentityResponse');
      expect(performance.now() - t).toBeGreaterThanOrEqual(190);

      expect(proxy.callsTo('AssumeRoleWithWebIdentity').map((c) => c.fault ?? c.status)).toEqual([
        'status',
        'error',
        'reset',
        'hang',
        200,
      ]);
      // Rules for one action leave the others alone.
      const other = await fetch(proxy.url, secretsManagerRequest());
      expect(await other.text()).toContain('ResourceNotFoundException');
      expect(proxy.calls.at(-1)).toMatchObject({ action: 'GetSecretValue', fault: undefined });
    });

    it('applies a global latency', async () => {
      proxy.setLatency(150);
      const t = performance.now();
      await fetch(proxy.url, stsForm('GetCallerIdentity'));
      expect(performance.now() - t).toBeGreaterThanOrEqual(140);
    });
  });

  it('stop() kills moto and frees its port', async () => {
    const other = await startMoto();
    await other.stop();
    await expect(
      fetch(`${other.url}/moto-api/`, { signal: AbortSignal.timeout(2000) }),
    ).rejects.toThrow();
  });
});
