// Credential refresh (input `refresh-credentials`) end to end: the bundled action as the
// runner runs it, moto behind the recording proxy (which makes STS credentials look short-lived),
// the local OIDC endpoint, the real aws CLI and boto3, in `run` and in a later step of the job.
import { jest } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ACTION_NODE,
  requireTools,
  resolveEntry,
  startAwsProxy,
  startMoto,
  startOidcServer,
  stepAwsEnv,
  stsErrors,
  type AwsProxy,
  type Moto,
  type OidcServer,
  type RunResult,
} from '../../scripts/stack/index.mjs';
import { Job, commandsOf, expectExit, filesDirs } from './action-support.js';
import {
  BOTO3_ARN,
  CLI_ARN,
  JS_ARN,
  exec,
  issued,
  laterStep,
  laterStepEnv,
  signers,
} from './refresh-support.js';
import { expectMasked, runnerLines } from './runner-log.js';

jest.setTimeout(120_000);

const tools = requireTools(['moto_server', 'aws', 'python3']);
const withTools = tools.ok ? describe : describe.skip;

withTools('credential refresh', () => {
  let moto: Moto;
  let oidc: OidcServer;
  let proxy: AwsProxy;
  let job: Job;
  let roleArn: string;

  beforeAll(async () => {
    [moto, oidc] = await Promise.all([startMoto(), startOidcServer()]);
    proxy = await startAwsProxy(moto.url);
    const role = await moto.createRole('gha-long');
    roleArn = role.arn;
    const vars = [
      '  environmentVariables:',
      '    AWS_REGION: us-east-1',
      '    AWS_ACCESS_KEY_ID: ${aws.login.accessKeyId}',
      '    AWS_SECRET_ACCESS_KEY: ${aws.login.secretAccessKey}',
      '    AWS_SESSION_TOKEN: ${aws.login.sessionToken}',
    ];
    /** An environment file with one aws-login (its lines under `fn::open::aws-login:`). */
    const file = (login: string[], rest: string[]) =>
      ['values:', '  aws:', '    login:', '      fn::open::aws-login:', ...login, ...rest, ''].join(
        '\n',
      );
    const oidcLogin = ['        oidc:', `          roleArn: ${roleArn}`];
    job = new Job({
      '.esc/long.yaml': file([...oidcLogin, '          sessionName: long-job'], vars),
      '.esc/static.yaml': file(
        [
          '        static:',
          '          accessKeyId: AKIASTATICEXAMPLE1',
          '          secretAccessKey: static-secret-0123456789',
        ],
        vars.slice(0, 4),
      ),
      '.esc/profile.yaml': file(oidcLogin, [...vars, '    AWS_PROFILE: mine']),
      '.esc/nokeys.yaml': file(oidcLogin, vars.slice(0, 2)),
    });
  });

  afterAll(async () => {
    job?.cleanup();
    await Promise.all([proxy?.stop(), oidc?.stop(), moto?.stop()]);
  });

  beforeEach(() => {
    proxy.reset();
    proxy.setExpiresIn(undefined);
    oidc.reset();
  });

  const stepEnv = () => ({ ...oidc.env, ...stepAwsEnv(proxy.url) });

  it('refreshes expiring credentials for the aws CLI, boto3 and the JS SDK, in run and in a later step', async () => {
    // Every credential STS issues looks two minutes from expiry: inside every SDK's refresh window.
    proxy.setExpiresIn(120);
    const r = await job.step(
      { environment: 'long', 'refresh-credentials': 'true', run: `${CLI_ARN}\n${BOTO3_ARN}` },
      { env: stepEnv() },
    );
    expectExit(r, 'zero');
    const first = issued(proxy)[0];
    if (first === undefined) throw new Error('no credentials were issued');
    expectMasked(r, [...first.secrets, ...oidc.tokens, oidc.requestToken]);

    // Both programs got their own fresh credentials, not the step's first ones.
    expect(r.stdout.match(/assumed-role\/gha-long\/long-job/g)).toHaveLength(2);
    const inRun = signers(proxy, 'GetCallerIdentity');
    expect(inRun).toHaveLength(2);
    const keys = issued(proxy).map((i) => i.accessKeyId);
    expect(keys.length).toBeGreaterThanOrEqual(3);
    for (const k of inRun) {
      expect(k).not.toBe(first.accessKeyId);
      expect(keys).toContain(k);
    }
    // Each refresh asked for a fresh OIDC token and replayed the same request.
    expect(oidc.requests.length).toBe(keys.length);
    for (const c of proxy.callsTo('AssumeRoleWithWebIdentity')) {
      expect(c.params.RoleArn).toBe(roleArn);
      expect(c.params.RoleSessionName).toBe('long-job');
    }

    // What later steps get: the profile, and the keys cleared.
    expect(r.githubEnv).toMatchObject({
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
      AWS_SESSION_TOKEN: '',
      AWS_PROFILE: 'esc-action',
    });
    const config = r.githubEnv.AWS_CONFIG_FILE ?? '';
    const [dir] = filesDirs(r);
    expect(dir).toBeDefined();
    const folder = join(r.runnerTemp, dir ?? '');
    expect(config).toBe(join(folder, 'aws-config'));
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    for (const f of ['aws-config', 'refresh.json', 'credentials.json']) {
      expect(statSync(join(folder, f)).mode & 0o777).toBe(0o600);
    }
    // Only the cache holds secrets.
    for (const f of ['aws-config', 'refresh.json']) {
      const text = readFileSync(join(folder, f), 'utf8');
      for (const s of issued(proxy).flatMap((i) => i.secrets)) expect(text).not.toContain(s);
    }

    // A later step: a new process with the exported variables.
    const before = proxy.callsTo('AssumeRoleWithWebIdentity').length;
    proxy.reset();
    // (the SDK's warning about its own future Node.js support is turned off: it says nothing here)
    const later = await laterStep(r, `${CLI_ARN}\n${BOTO3_ARN}\n${JS_ARN}`, {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    });
    expect(later.stderr).toBe('');
    expect(later.code).toBe(0);
    expect(later.stdout.match(/assumed-role\/gha-long\/long-job/g)).toHaveLength(3);
    const laterKeys = issued(proxy).map((i) => i.accessKeyId);
    expect(laterKeys.length).toBeGreaterThanOrEqual(2);
    for (const k of signers(proxy, 'GetCallerIdentity')) {
      expect(laterKeys).toContain(k);
      expect(keys).not.toContain(k);
    }
    expect(before).toBeGreaterThanOrEqual(3);

    // The post step removes the folder (the job is over then); a refresher started after it
    // says what happened.
    const post = await job.post(r);
    expectExit(post, 'zero');
    expect(existsSync(folder)).toBe(false);
    const after = await exec(
      ACTION_NODE,
      [resolveEntry('dist/refresh/index.js'), join(folder, 'refresh.json')],
      laterStepEnv(r),
    );
    expect(after.code).toBe(1);
    expect(after.stdout).toBe('');
    expect(after.stderr).toMatch(
      /^esc-action credential refresh: the refresh state \S+ is gone: esc-action's post step removed it/,
    );
  });

  it('hands out cached credentials while they have long enough left: no token, no STS call', async () => {
    const r = await job.step(
      {
        environment: 'long',
        'refresh-credentials': 'true',
        run: `${CLI_ARN}\n${BOTO3_ARN}\n${CLI_ARN}`,
      },
      { env: stepEnv() },
    );
    expectExit(r, 'zero');
    const later = await laterStep(r, BOTO3_ARN);
    expect(later.code).toBe(0);
    const [first] = issued(proxy);
    expect(proxy.callsTo('AssumeRoleWithWebIdentity')).toHaveLength(1);
    expect(oidc.requests).toHaveLength(1);
    expect(signers(proxy, 'GetCallerIdentity')).toEqual(Array(4).fill(first?.accessKeyId));
  });

  it('says in the log and the summary that credentials refresh, and until when', async () => {
    const r = await job.step(
      { environment: 'long', 'refresh-credentials': 'true' },
      { env: stepEnv() },
    );
    expectExit(r, 'zero');
    const until = 'for as long as the job runs';
    expect(r.stdout).toContain(
      `Credential refresh: role ${roleArn} refreshed automatically (profile esc-action) ${until}`,
    );
    expect(r.summary).toContain(`refreshed automatically (profile esc-action) ${until}`);
    // The Export group says what later steps get: the keys empty, the profile instead.
    const lines = runnerLines(r.stdout);
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) {
      expect(r.githubEnv[name]).toBe('');
      expect(lines).toContain(
        `${name}: exported empty to later steps (refresh-credentials: the credentials come from AWS_PROFILE esc-action)`,
      );
    }
    expect(lines).toContain('AWS_PROFILE: exported to later steps');
    expect(lines.filter((l) => l.includes('AWS_ACCESS_KEY_ID: exported to later steps'))).toEqual(
      [],
    );
  });

  it('changes nothing without the opt-in', async () => {
    const r = await job.step(
      { environment: 'long', run: `${CLI_ARN} --region us-east-1` },
      { env: stepEnv() },
    );
    expectExit(r, 'zero');
    const [first] = issued(proxy);
    expect(Object.keys(r.githubEnv).sort()).toEqual([
      'AWS_ACCESS_KEY_ID',
      'AWS_REGION',
      'AWS_SECRET_ACCESS_KEY',
      'AWS_SESSION_TOKEN',
    ]);
    expect(r.githubEnv.AWS_ACCESS_KEY_ID).toBe(first?.accessKeyId);
    expect(filesDirs(r)).toEqual([]);
    expect(r.stdout).not.toContain('Credential refresh');
  });

  it.each([
    ['static', 'cannot be refreshed'],
    ['profile', 'the environment sets AWS_PROFILE'],
    ['nokeys', 'exports no AWS_ACCESS_KEY_ID'],
  ])('refuses to set up refresh for %s, exporting nothing', async (environment, message) => {
    const r = await job.step(
      { environment, 'refresh-credentials': 'true', run: 'echo ran' },
      { env: stepEnv() },
    );
    expectExit(r, 'non-zero');
    const errors = commandsOf(r, 'error').map((e) => e.value);
    expect(errors.join('\n')).toContain(message);
    expect(errors.join('\n')).toContain('nothing was exported');
    expect(r.githubEnv).toEqual({});
    expect(r.githubState).toEqual({});
    expect(filesDirs(r)).toEqual([]);
    expect(r.stdout).not.toContain('ran');
  });

  it('replays a chained role: AssumeRole signed with the fresh login credentials', async () => {
    // The recipe aws-assume-role will report (its step is replayed after the login's).
    const leg = await moto.createRole('gha-leg');
    const dir = mkdtempSync(join(tmpdir(), 'esc-refresh-chain-'));
    try {
      const state = join(dir, 'refresh.json');
      writeFileSync(
        state,
        JSON.stringify({
          version: 1,
          recipe: [
            {
              kind: 'web-identity',
              roleArn,
              sessionName: 'hub',
              durationSeconds: 3600,
              audience: 'sts.amazonaws.com',
              region: 'us-east-1',
              endpoint: proxy.url,
            },
            {
              kind: 'assume-role',
              roleArn: leg.arn,
              sessionName: 'leg-1',
              durationSeconds: 900,
              externalId: 'ext-42',
              tags: { team: 'blue' },
              transitiveTagKeys: ['team'],
              region: 'us-east-1',
              endpoint: proxy.url,
            },
          ],
          requestTimeoutMs: 10_000,
          timeoutMs: 30_000,
        }),
      );
      const done = await exec(ACTION_NODE, [resolveEntry('dist/refresh/index.js'), state], {
        PATH: process.env.PATH,
        ...oidc.env,
      });
      expect(done.stderr).toBe('');
      expect(done.code).toBe(0);
      const out = JSON.parse(done.stdout) as Record<string, unknown>;
      expect(Object.keys(out).sort()).toEqual([
        'AccessKeyId',
        'Expiration',
        'SecretAccessKey',
        'SessionToken',
        'Version',
      ]);
      const [login] = issued(proxy);
      const [assume] = proxy.callsTo('AssumeRole');
      expect(assume?.params).toMatchObject({
        RoleArn: leg.arn,
        RoleSessionName: 'leg-1',
        DurationSeconds: '900',
        ExternalId: 'ext-42',
        'Tags.member.1.Key': 'team',
        'Tags.member.1.Value': 'blue',
        'TransitiveTagKeys.member.1': 'team',
      });
      expect(signers(proxy, 'AssumeRole')).toEqual([login?.accessKeyId]);
      expect(out.AccessKeyId).toBe(/<AccessKeyId>([^<]+)</.exec(assume?.responseBody ?? '')?.[1]);
      const who = await moto.aws(['sts', 'get-caller-identity'], {
        AWS_ACCESS_KEY_ID: String(out.AccessKeyId),
        AWS_SECRET_ACCESS_KEY: String(out.SecretAccessKey),
        AWS_SESSION_TOKEN: String(out.SessionToken),
      });
      expect(who.Arn).toContain('assumed-role/gha-leg/leg-1');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('refresher failures', () => {
    let main: RunResult;
    let statePath: string;
    let mainSecrets: string[];
    beforeAll(async () => {
      proxy.setExpiresIn(120);
      main = await job.step(
        { environment: 'long', 'refresh-credentials': 'true' },
        { env: stepEnv() },
      );
      expectExit(main, 'zero');
      mainSecrets = issued(proxy).flatMap((i) => i.secrets);
      const config = readFileSync(main.githubEnv.AWS_CONFIG_FILE ?? '', 'utf8');
      statePath = join(main.githubEnv.AWS_CONFIG_FILE ?? '', '..', 'refresh.json');
      expect(config).toContain('refresh.json');
    });
    beforeEach(() => proxy.setExpiresIn(120));

    /** Runs the refresher as an SDK does; checks it printed one line and no secret. */
    async function refresher(extra: Record<string, string | undefined>): Promise<string> {
      const env = laterStepEnv(main, extra);
      const done = await exec(ACTION_NODE, [resolveEntry('dist/refresh/index.js'), statePath], env);
      expect(done.code).toBe(1);
      expect(done.stdout).toBe('');
      const lines = done.stderr.split('\n').filter((l) => l !== '');
      expect(lines).toHaveLength(1);
      const secrets = [
        ...mainSecrets,
        ...issued(proxy).flatMap((i) => i.secrets),
        ...oidc.tokens,
        oidc.requestToken,
      ].filter((s) => s.length >= 4);
      for (const s of secrets) expect(done.stderr).not.toContain(s);
      return lines[0] ?? '';
    }

    it('fails clearly when the token endpoint is gone', async () => {
      const line = await refresher({ ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:9/token' });
      expect(line).toMatch(/^esc-action credential refresh: could not get the GitHub OIDC token: /);
      expect(line).toContain('ECONNREFUSED');
    });

    it('fails clearly without the token permission', async () => {
      const line = await refresher({
        ACTIONS_ID_TOKEN_REQUEST_URL: undefined,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: undefined,
      });
      expect(line).toContain('no GitHub OIDC token can be requested');
      expect(line).toContain('id-token: write');
    });

    it('fails clearly on AccessDenied, and the aws CLI shows the message', async () => {
      proxy.inject({ action: 'AssumeRoleWithWebIdentity', ...stsErrors.accessDenied() });
      const line = await refresher({});
      expect(line).toContain(`could not assume role ${roleArn} with the OIDC token: AccessDenied`);
      expect(line).toContain('sub=repo:octo-org/octo-repo:ref:refs/heads/main');
      const cli = await laterStep(main, CLI_ARN);
      expect(cli.code).not.toBe(0);
      expect(cli.stderr).toContain('esc-action credential refresh: could not assume role');
      proxy.clearFaults();
    });
  });
});
