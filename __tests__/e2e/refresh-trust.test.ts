// Credential refresh end to end, against whatever a later step's environment holds: the refresher
// goes only to the STS endpoint the step called and through the step's proxy (tinyproxy), the
// profile is the identity of the aws CLI, boto3 and the JavaScript SDK even on a runner that
// inherits another identity (an EKS/IRSA pod's), the refresher ends by its deadline whatever an
// endpoint or a proxy does, and nothing else exported carries credentials that would go stale.
import { jest } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  requireTools,
  resolveEntry,
  startAwsProxy,
  startBlackhole,
  startMoto,
  startOidcServer,
  startTinyproxy,
  stepAwsEnv,
  type AwsProxy,
  type Blackhole,
  type Moto,
  type OidcServer,
  type RunResult,
  type Tinyproxy,
} from '../../scripts/stack/index.mjs';
import { Job, commandsOf, expectExit, filesDirs } from './action-support.js';
import { expectMasked } from './runner-log.js';
import {
  BOTO3_ARN,
  CLI_ARN,
  JS_ARN,
  exec,
  issued,
  laterStep,
  laterStepEnv,
} from './refresh-support.js';

jest.setTimeout(180_000);

const tools = requireTools(['moto_server', 'aws', 'python3', 'tinyproxy']);
const withTools = tools.ok ? describe : describe.skip;

const USER = 'alice';
const PASSWORD = 'pr0xy-pw_77';
const ROLE_SESSION = /assumed-role\/gha-trust\/trust-job/g;

withTools('credential refresh against a hostile later step', () => {
  let moto: Moto;
  let oidc: OidcServer;
  let proxy: AwsProxy;
  let blackhole: Blackhole;
  let open: Tinyproxy;
  let auth: Tinyproxy;
  let job: Job;
  let roleArn: string;
  let podRoleArn: string;
  let dir: string;

  beforeAll(async () => {
    [moto, oidc, blackhole, open, auth] = await Promise.all([
      startMoto(),
      startOidcServer(),
      startBlackhole(),
      startTinyproxy(),
      startTinyproxy({ basicAuth: { user: USER, password: PASSWORD } }),
    ]);
    proxy = await startAwsProxy(moto.url);
    const [role, pod] = await Promise.all([moto.createRole('gha-trust'), moto.createRole('pod')]);
    roleArn = role.arn;
    podRoleArn = pod.arn;
    dir = mkdtempSync(join(tmpdir(), 'esc-refresh-trust-'));
    const login = [
      'values:',
      '  aws:',
      '    login:',
      '      fn::open::aws-login:',
      '        oidc:',
      `          roleArn: ${roleArn}`,
      '          sessionName: trust-job',
      '  environmentVariables:',
      '    AWS_REGION: us-east-1',
      '    AWS_ACCESS_KEY_ID: ${aws.login.accessKeyId}',
      '    AWS_SECRET_ACCESS_KEY: ${aws.login.secretAccessKey}',
      '    AWS_SESSION_TOKEN: ${aws.login.sessionToken}',
    ];
    job = new Job({
      '.esc/trust.yaml': [...login, ''].join('\n'),
      '.esc/stale-file.yaml': [
        ...login,
        '  files:',
        '    AWS_CREDENTIALS_JSON:',
        '      fn::toJSON: ${aws.login}',
        '',
      ].join('\n'),
      '.esc/stale-var.yaml': [
        ...login,
        '    TF_VAR_secret_b64:',
        '      fn::toBase64: ${aws.login.secretAccessKey}',
        '',
      ].join('\n'),
    });
  });

  afterAll(async () => {
    job?.cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
    await Promise.all([
      proxy?.stop(),
      oidc?.stop(),
      moto?.stop(),
      blackhole?.stop(),
      open?.stop(),
      auth?.stop(),
    ]);
  });

  beforeEach(() => {
    proxy.reset();
    // Every credential STS issues looks two minutes from expiry: each program refreshes.
    proxy.setExpiresIn(120);
    oidc.reset();
    open.clearLog();
    auth.clearLog();
  });

  const stepEnv = (extra: Record<string, string> = {}) => ({
    ...oidc.env,
    ...stepAwsEnv(proxy.url),
    ...extra,
  });
  const refresh = (extra: Record<string, string> = {}, inputs: Record<string, string> = {}) =>
    job.step(
      { environment: 'trust', 'refresh-credentials': 'true', ...inputs },
      { env: stepEnv(extra), timeoutMs: 60_000 },
    );
  const statePath = (r: RunResult) => join(r.githubEnv.AWS_CONFIG_FILE ?? '', '..', 'refresh.json');
  /** Runs the refresher as an SDK runs it, with a later step's environment and `extra`. */
  const refresher = (r: RunResult, extra: Record<string, string | undefined> = {}) =>
    exec(
      process.execPath,
      [resolveEntry('dist/refresh/index.js'), statePath(r)],
      laterStepEnv(r, extra),
    );

  describe('the STS endpoint', () => {
    it("goes where the step's SDK resolved it (a config file's endpoint_url), never where a later step points AWS_ENDPOINT_URL", async () => {
      // No AWS_ENDPOINT_URL at the step: the endpoint comes from its shared config file, as a
      // real run's comes from the SDK's own rules.
      const config = join(dir, 'step-config');
      writeFileSync(config, `[default]\nendpoint_url = ${proxy.url}\n`);
      const r = await refresh({ AWS_ENDPOINT_URL: '', AWS_CONFIG_FILE: config });
      expectExit(r, 'zero');
      const state = JSON.parse(readFileSync(statePath(r), 'utf8')) as {
        recipe: { endpoint?: string }[];
      };
      expect(state.recipe.map((s) => s.endpoint)).toEqual([proxy.url]);

      // A later step that talks to an emulator at AWS_ENDPOINT_URL (here, one that never answers);
      // its own STS call names the real endpoint explicitly.
      proxy.reset();
      const before = blackhole.connections();
      const later = await laterStep(
        r,
        `aws sts get-caller-identity --endpoint-url ${proxy.url} --query Arn --output text\n` +
          `python3 -c 'import boto3; print(boto3.client("sts", endpoint_url="${proxy.url}").get_caller_identity()["Arn"])'`,
        { AWS_ENDPOINT_URL: blackhole.url, AWS_ENDPOINT_URL_STS: blackhole.url },
      );
      expect(later.stderr).toBe('');
      expect(later.code).toBe(0);
      expect(later.stdout.match(ROLE_SESSION)).toHaveLength(2);
      expect(proxy.callsTo('AssumeRoleWithWebIdentity').length).toBeGreaterThanOrEqual(1);
      expect(blackhole.connections()).toBe(before);
    });

    it("ignores every endpoint, profile and config or credentials file of the refresher's caller", async () => {
      const r = await refresh();
      expectExit(r, 'zero');
      const evil = join(dir, 'evil-config');
      writeFileSync(
        evil,
        [
          '[default]',
          `endpoint_url = ${blackhole.url}`,
          '[profile evil]',
          `endpoint_url = ${blackhole.url}`,
          'services = evil-sts',
          '[services evil-sts]',
          'sts =',
          `  endpoint_url = ${blackhole.url}`,
          '[evil]',
          `endpoint_url = ${blackhole.url}`,
          '',
        ].join('\n'),
      );
      proxy.reset();
      const before = blackhole.connections();
      const done = await refresher(r, {
        AWS_ENDPOINT_URL: blackhole.url,
        AWS_ENDPOINT_URL_STS: blackhole.url,
        AWS_CONFIG_FILE: evil,
        AWS_SHARED_CREDENTIALS_FILE: evil,
        AWS_PROFILE: 'evil',
        AWS_DEFAULT_PROFILE: 'evil',
        AWS_USE_FIPS_ENDPOINT: 'true',
        AWS_REGION: 'eu-west-3',
      });
      expect(done.stderr).toBe('');
      expect(done.code).toBe(0);
      expect(JSON.parse(done.stdout)).toMatchObject({ Version: 1 });
      expect(proxy.callsTo('AssumeRoleWithWebIdentity')).toHaveLength(1);
      expect(blackhole.connections()).toBe(before);
    });
  });

  describe("an inherited identity (an EKS/IRSA pod's role, a container endpoint)", () => {
    let tokenFile: string;
    beforeAll(() => {
      tokenFile = join(dir, 'pod-token');
      writeFileSync(tokenFile, 'pod-web-identity-token');
    });
    const pod = () => ({
      AWS_ROLE_ARN: podRoleArn,
      AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile,
      AWS_ROLE_SESSION_NAME: 'pod-session',
      AWS_DEFAULT_PROFILE: 'pod',
      AWS_CONTAINER_CREDENTIALS_FULL_URI: `${blackhole.url}/creds`,
      AWS_EC2_METADATA_SERVICE_ENDPOINT: blackhole.url,
      AWS_EC2_METADATA_DISABLED: 'false',
    });

    it('is not what run and later steps use: the aws CLI, boto3 and the JavaScript SDK act as the named role', async () => {
      const before = blackhole.connections();
      const r = await refresh(pod(), { run: `${CLI_ARN}\n${BOTO3_ARN}` });
      expectExit(r, 'zero');
      expect(r.stdout.match(ROLE_SESSION)).toHaveLength(2);
      expect(r.githubEnv).toMatchObject({
        AWS_PROFILE: 'esc-action',
        AWS_DEFAULT_PROFILE: 'esc-action',
        AWS_ROLE_ARN: '',
        AWS_WEB_IDENTITY_TOKEN_FILE: '',
        AWS_CONTAINER_CREDENTIALS_FULL_URI: '',
        AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '',
        AWS_EC2_METADATA_DISABLED: 'true',
      });
      const later = await laterStep(r, `${CLI_ARN}\n${BOTO3_ARN}\n${JS_ARN}`, {
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      });
      expect(later.stderr).toBe('');
      expect(later.code).toBe(0);
      expect(later.stdout.match(ROLE_SESSION)).toHaveLength(3);
      expect(later.stdout).not.toContain('assumed-role/pod/');
      const roles = proxy.callsTo('AssumeRoleWithWebIdentity').map((c) => c.params.RoleArn);
      expect(roles.length).toBeGreaterThanOrEqual(3);
      expect(new Set(roles)).toEqual(new Set([roleArn]));
      expect(blackhole.connections()).toBe(before);
    });

    it('is not where the JavaScript SDK falls back when the refresher fails', async () => {
      const r = await refresh(pod());
      expectExit(r, 'zero');
      proxy.reset();
      const before = blackhole.connections();
      const later = await laterStep(r, JS_ARN, {
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        ACTIONS_ID_TOKEN_REQUEST_URL: undefined,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: undefined,
      });
      expect(later.code).not.toBe(0);
      expect(later.stdout).not.toContain('assumed-role');
      expect(proxy.callsTo('AssumeRoleWithWebIdentity')).toHaveLength(0);
      expect(blackhole.connections()).toBe(before);
    });
  });

  describe("the step's proxy", () => {
    /** The token requests and STS calls a tinyproxy log shows. */
    const through = (p: Tinyproxy) => {
      const requests = p.requests();
      return {
        token: requests.filter((q) => q.target.startsWith(`${oidc.url}/token?`)).length,
        sts: requests.filter((q) => q.method === 'POST' && q.target.startsWith(proxy.url)).length,
      };
    };

    it('HTTP_PROXY of the step: the refresher of a later step without it goes through it, not through its own', async () => {
      const r = await refresh({ HTTP_PROXY: open.url });
      expectExit(r, 'zero');
      open.clearLog();
      const before = blackhole.connections();
      const done = await refresher(r, { HTTP_PROXY: undefined });
      expect(done.stderr).toBe('');
      expect(done.code).toBe(0);
      expect(through(open)).toEqual({ token: 1, sts: 1 });
      open.clearLog();
      const other = await refresher(r, { HTTP_PROXY: blackhole.url, http_proxy: blackhole.url });
      expect(other.stderr).toBe('');
      expect(other.code).toBe(0);
      expect(through(open)).toEqual({ token: 1, sts: 1 });
      expect(blackhole.connections()).toBe(before);
    });

    it('the http-proxy input: later steps refresh through it', async () => {
      const r = await refresh({}, { 'http-proxy': open.url, run: CLI_ARN });
      expectExit(r, 'zero');
      expect(r.stdout.match(ROLE_SESSION)).toHaveLength(1);
      open.clearLog();
      const later = await laterStep(r, CLI_ARN);
      expect(later.stderr).toBe('');
      expect(later.code).toBe(0);
      expect(through(open).sts).toBeGreaterThanOrEqual(1);
      expect(through(open).token).toBeGreaterThanOrEqual(1);
    });

    it("a proxy variable's password is never stored: the refresher takes it from the same variable of its caller", async () => {
      const url = auth.urlWith(USER, PASSWORD);
      const r = await refresh({ HTTP_PROXY: url });
      expectExit(r, 'zero');
      expectMasked(r, [PASSWORD]);
      const folder = join(r.runnerTemp, filesDirs(r)[0] ?? '');
      for (const f of ['refresh.json', 'aws-config', 'aws-credentials', 'credentials.json']) {
        expect(readFileSync(join(folder, f), 'utf8')).not.toContain(PASSWORD);
      }
      auth.clearLog();
      const ok = await refresher(r, {});
      expect(ok.stderr).toBe('');
      expect(ok.code).toBe(0);
      expect(through(auth)).toEqual({ token: 1, sts: 1 });

      for (const caller of [{ HTTP_PROXY: undefined }, { HTTP_PROXY: open.url }]) {
        const done = await refresher(r, caller);
        expect(done.code).toBe(1);
        expect(done.stdout).toBe('');
        expect(done.stderr).toContain(`needs its password, which is never stored`);
        expect(done.stderr).toContain(`http://${USER}:***@127.0.0.1:${auth.port}`);
        expect(done.stderr).not.toContain(PASSWORD);
      }
    });

    it('refuses a password in the http-proxy input, exporting nothing', async () => {
      const r = await refresh({}, { 'http-proxy': auth.urlWith(USER, PASSWORD), run: 'echo ran' });
      expectExit(r, 'non-zero');
      const errors = commandsOf(r, 'error')
        .map((e) => e.value)
        .join('\n');
      expect(errors).toContain('the http-proxy input holds a password');
      expect(errors).toContain('nothing was exported');
      expect(r.githubEnv).toEqual({});
      expect(filesDirs(r)).toEqual([]);
      expect(r.stdout).not.toContain('\nran');
      expectMasked(r, [PASSWORD]);
    });
  });

  describe('the deadline', () => {
    /** A state file of our own whose requests go to `endpoint` (through `proxyUrl`). */
    function state(endpoint: string, proxyUrl?: string): string {
      const folder = mkdtempSync(join(dir, 'state-'));
      const file = join(folder, 'refresh.json');
      writeFileSync(
        file,
        JSON.stringify({
          version: 1,
          recipe: [
            {
              kind: 'web-identity',
              roleArn,
              sessionName: 'deadline',
              durationSeconds: 3600,
              audience: 'sts.amazonaws.com',
              region: 'us-east-1',
              endpoint,
            },
          ],
          ...(proxyUrl ? { proxy: { variables: { HTTP_PROXY: proxyUrl }, passwordFrom: [] } } : {}),
          requestTimeoutMs: 1000,
          timeoutMs: 3000,
        }),
      );
      return file;
    }

    it.each([
      [
        'an STS endpoint that never answers',
        () => state(blackhole.url),
        () => `STS AssumeRoleWithWebIdentity at ${blackhole.url}`,
      ],
      [
        'a proxy that never answers',
        () => state(proxy.url, blackhole.url),
        () => `through the proxy ${blackhole.url} (HTTP_PROXY)`,
      ],
    ])(
      'the refresher ends with one line, naming what it waited for, when %s',
      async (_what, make, via) => {
        const done = await exec(process.execPath, [resolveEntry('dist/refresh/index.js'), make()], {
          PATH: process.env.PATH,
          ...oidc.env,
        });
        expect(done.code).toBe(1);
        expect(done.stdout).toBe('');
        const lines = done.stderr.split('\n').filter((l) => l !== '');
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(/^esc-action credential refresh: /);
        expect(lines[0]).toMatch(/did not finish within \d+\.\d s/);
        expect(lines[0]).toContain(via());
        expect(done.stderr).not.toContain(oidc.requestToken);
      },
    );

    it('a later aws CLI whose refresher hangs on the proxy fails instead of waiting', async () => {
      const r = await refresh();
      expectExit(r, 'zero');
      const file = statePath(r);
      const s = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      s.proxy = { variables: { HTTP_PROXY: blackhole.url }, passwordFrom: [] };
      s.timeoutMs = 3000;
      s.requestTimeoutMs = 1000;
      writeFileSync(file, JSON.stringify(s));
      const later = await laterStep(r, CLI_ARN);
      expect(later.code).not.toBe(0);
      expect(later.stderr).toContain('esc-action credential refresh:');
    });
  });

  describe('values built from the keys', () => {
    it.each([
      ['stale-file', 'the file AWS_CREDENTIALS_JSON carries the AWS credentials', 15],
      ['stale-var', 'TF_VAR_secret_b64 carries the AWS credentials', 14],
    ])('%s: an error at the value, nothing exported', async (environment, message, line) => {
      const r = await job.step(
        { environment, 'refresh-credentials': 'true', run: 'echo ran' },
        { env: stepEnv() },
      );
      expectExit(r, 'non-zero');
      const errors = commandsOf(r, 'error');
      const at = errors.find((e) => e.value.includes(message));
      expect(at?.properties).toMatchObject({
        file: `.esc/${environment}.yaml`,
        line: String(line),
      });
      expect(r.githubEnv).toEqual({});
      expect(filesDirs(r)).toEqual([]);
      const [first] = issued(proxy);
      expectMasked(r, [...(first?.secrets ?? []), ...oidc.tokens]);
    });
  });
});
