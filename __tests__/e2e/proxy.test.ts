// Self-hosted runners behind a proxy, through the bundled action (dist/) as a runner runs it, with
// a real proxy server (Debian's tinyproxy), moto and a local OIDC token endpoint. Both endpoints
// are http:// on loopback, so HTTP_PROXY (or the http-proxy input) is the proxy that applies:
// the token request and the STS call go through it (its log shows them), NO_PROXY hosts bypass
// it, credentials in its URL work and never reach the log, and a proxy that refuses connections
// or never answers fails the step within its deadlines with a message naming the proxy.
import { jest } from '@jest/globals';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  REPO_ROOT,
  LOOPBACK_CERT,
  freePort,
  maskLog,
  parseTinyproxyLog,
  requireTools,
  resolveEntry,
  runCli,
  seedEnvironmentYaml,
  startBlackhole,
  startBrokenServer,
  startMoto,
  startOidcServer,
  startTlsFront,
  startTinyproxy,
  stepAwsEnv,
  tinyproxyConfig,
  type Blackhole,
  type BrokenServer,
  type Moto,
  type OidcServer,
  type RunResult,
  type TlsFront,
  type Tinyproxy,
} from '../../scripts/stack/index.mjs';
import { Job, commandsOf, expectExit, leaks } from './action-support.js';
import { expectMasked } from './runner-log.js';

jest.setTimeout(120_000);

const tools = requireTools(['moto_server', 'aws', 'tinyproxy']);
const withTools = tools.ok ? describe : describe.skip;

/** The proxy's user and password; percent-encoded in the URL (%69 = i, %65 = e). */
const USER = 'alice';
const PASSWORD = 's3cret-pw_42';
const ENCODED_USER = 'al%69ce';
const ENCODED_PASSWORD = 's3cr%65t-pw_42';

/** The step's error annotations (a provider's failure is at its place in the file). */
const failure = (r: RunResult): string =>
  commandsOf(r, 'error')
    .map((e) => e.value)
    .join('\n');

/** Every raw line of the step's output that holds `text` is an `::add-mask::` line. */
function onlyInMasks(r: RunResult, text: string): void {
  const lines = `${r.stdout}\n${r.stderr}`.split(/\r\n|\r|\n/).filter((l) => l.includes(text));
  expect(lines.filter((l) => !l.trimStart().startsWith('::add-mask::'))).toEqual([]);
}

describe('the tinyproxy helpers', () => {
  it('CI fails, naming tinyproxy and its install, when it is missing', () => {
    expect(() => requireTools(['tinyproxy'], { env: { PATH: '', CI: 'true' } })).toThrow(
      'missing on PATH: tinyproxy (install with: apt-get install -y tinyproxy). CI must not skip these tests.',
    );
  });

  it('reads the requests from its log and writes its configuration', () => {
    const log = [
      'CONNECT   Dec 02 08:33:48.232 [1]: Connect (file descriptor 5): 127.0.0.1',
      'CONNECT   Dec 02 08:33:48.233 [1]: Request (file descriptor 5): GET http://127.0.0.1:4000/token?a=1 HTTP/1.1',
      'CONNECT   Dec 02 08:33:48.775 [1]: Request (file descriptor 6): CONNECT 127.0.0.1:8443 HTTP/1.1',
    ].join('\n');
    expect(parseTinyproxyLog(log)).toEqual([
      { method: 'GET', target: 'http://127.0.0.1:4000/token?a=1' },
      { method: 'CONNECT', target: '127.0.0.1:8443' },
    ]);
    const config = tinyproxyConfig(3128, '/tmp/x', {
      basicAuth: { user: 'u', password: 'p-1' },
      connectPorts: [443],
    });
    expect(config).toContain('Port 3128\nListen 127.0.0.1\n');
    expect(config).toContain('Allow 127.0.0.1\n');
    expect(config).toContain('BasicAuth u p-1\nConnectPort 443\n');
    expect(() =>
      tinyproxyConfig(1, '/tmp/x', { basicAuth: { user: 'u', password: 'p@ss' } }),
    ).toThrow('tinyproxy BasicAuth accepts only');
  });
});

withTools('proxies (tinyproxy)', () => {
  let moto: Moto;
  let oidc: OidcServer;
  let open: Tinyproxy;
  let auth: Tinyproxy;
  let blackhole: Blackhole;
  let closed: number;
  let job: Job;
  let roleArn: string;

  beforeAll(async () => {
    [moto, oidc, open, auth, blackhole, closed] = await Promise.all([
      startMoto(),
      startOidcServer(),
      startTinyproxy(),
      startTinyproxy({ basicAuth: { user: USER, password: PASSWORD } }),
      startBlackhole(),
      freePort(),
    ]);
    const [role] = await Promise.all([
      moto.createRole('gha-proxied'),
      moto.aws(
        'secretsmanager create-secret --name app/db --secret-string db-pw-0123456789'.split(' '),
      ),
      moto.aws('ssm put-parameter --name /app/url --type String --value app-config-v1'.split(' ')),
    ]);
    roleArn = role.arn;
    job = new Job({
      '.esc/deploy.yaml': seedEnvironmentYaml(roleArn),
      '.esc/providers.yaml': [
        'values:',
        '  aws:',
        '    login:',
        '      fn::open::aws-login:',
        '        oidc:',
        `          roleArn: ${roleArn}`,
        '    secrets:',
        '      fn::open::aws-secrets:',
        '        region: us-east-1',
        '        login: ${aws.login}',
        '        get:',
        '          db: { secretId: app/db }',
        '    params:',
        '      fn::open::aws-parameter-store:',
        '        region: us-east-1',
        '        login: ${aws.login}',
        '        get:',
        '          url: { name: /app/url }',
        '  environmentVariables:',
        '    DB_PASSWORD: ${aws.secrets.db}',
        '    APP_URL: ${aws.params.url}',
        '',
      ].join('\n'),
    });
  });

  afterAll(async () => {
    job?.cleanup();
    await Promise.all([open?.stop(), auth?.stop(), blackhole?.stop(), oidc?.stop(), moto?.stop()]);
  });

  beforeEach(() => {
    open.clearLog();
    auth.clearLog();
    oidc.reset();
  });

  /** A step of the job with the runner's token endpoint, moto, and `extra` variables. */
  const step = (inputs: Record<string, string>, extra: Record<string, string> = {}) =>
    job.step(inputs, {
      env: { ...oidc.env, ...stepAwsEnv(moto.url), ...extra },
      timeoutMs: 60_000,
    });

  /** The token requests and the AWS calls a proxy's log shows. */
  const seen = (proxy: Tinyproxy) => {
    const requests = proxy.requests();
    return {
      token: requests.filter(
        (q) => q.method === 'GET' && q.target.startsWith(`${oidc.url}/token?`),
      ),
      aws: requests.filter((q) => q.method === 'POST' && q.target.startsWith(moto.url)),
      all: requests,
    };
  };

  /** The step's exported credentials belong to a session of the role (asked of moto directly). */
  async function expectAssumedRole(r: RunResult): Promise<void> {
    const who = await moto.aws(['sts', 'get-caller-identity'], {
      AWS_ACCESS_KEY_ID: r.githubEnv['AWS_ACCESS_KEY_ID'] ?? '',
      AWS_SECRET_ACCESS_KEY: r.githubEnv['AWS_SECRET_ACCESS_KEY'] ?? '',
      AWS_SESSION_TOKEN: r.githubEnv['AWS_SESSION_TOKEN'] ?? '',
    });
    expect(String(who.Arn)).toMatch(/:assumed-role\/gha-proxied\//);
  }

  describe('requests go through the proxy', () => {
    it('HTTP_PROXY: the token request and the STS call (and the aws CLI in run) go through it', async () => {
      const r = await step(
        {
          environment: 'deploy',
          run: 'aws sts get-caller-identity --region us-east-1 --query Arn --output text',
        },
        { HTTP_PROXY: open.url },
      );
      expectExit(r, 0);
      const s = seen(open);
      expect(s.token).toHaveLength(1);
      // STS AssumeRoleWithWebIdentity from the action, GetCallerIdentity from the aws CLI.
      expect(s.aws.length).toBeGreaterThanOrEqual(2);
      expect(oidc.requests).toHaveLength(1);
      expect(r.stdout).toMatch(/assumed-role\/gha-proxied\//);
      await expectAssumedRole(r);
    });

    it('http_proxy wins over HTTP_PROXY when both are set', async () => {
      const r = await step(
        { environment: 'deploy' },
        { http_proxy: open.url, HTTP_PROXY: `http://127.0.0.1:${closed}` },
      );
      expectExit(r, 0);
      expect(seen(open).token).toHaveLength(1);
      expect(seen(open).aws).toHaveLength(1);
    });

    it('the http-proxy input is the proxy of every request, in place of the variables', async () => {
      const r = await step(
        { environment: 'deploy', 'http-proxy': open.url },
        { HTTP_PROXY: `http://127.0.0.1:${closed}`, http_proxy: `http://127.0.0.1:${closed}` },
      );
      expectExit(r, 0);
      expect(seen(open).token).toHaveLength(1);
      expect(seen(open).aws).toHaveLength(1);
      await expectAssumedRole(r);
    });

    it('HTTPS_PROXY is the proxy of https:// endpoints only: http:// ones are reached directly', async () => {
      const r = await step(
        { environment: 'deploy' },
        { HTTPS_PROXY: `http://127.0.0.1:${closed}` },
      );
      expectExit(r, 0);
      await expectAssumedRole(r);
    });

    it('aws-secrets and aws-parameter-store calls go through it too', async () => {
      const r = await step({ environment: 'providers' }, { HTTP_PROXY: open.url });
      expectExit(r, 0);
      expect(r.githubEnv['DB_PASSWORD']).toBe('db-pw-0123456789');
      expect(r.githubEnv['APP_URL']).toBe('app-config-v1');
      // STS, then Secrets Manager and SSM: three calls to moto, each through the proxy.
      expect(seen(open).aws).toHaveLength(3);
      expect(seen(open).token).toHaveLength(1);
    });

    it('the CLI honours the same variables', async () => {
      const r = await runCli(['open', 'deploy', '--format', 'json'], {
        workspace: job.workspace,
        env: { ...oidc.env, ...stepAwsEnv(moto.url), HTTP_PROXY: open.url },
      });
      expectExit(r, 0);
      expect(JSON.parse(r.stdout).environmentVariables.AWS_REGION).toBe('us-east-1');
      expect(seen(open).token).toHaveLength(1);
      expect(seen(open).aws).toHaveLength(1);
    });
  });

  describe('https:// endpoints: HTTPS_PROXY and a CONNECT tunnel (TLS end to end)', () => {
    let front: TlsFront;
    beforeAll(async () => {
      front = await startTlsFront(moto.port);
    });
    afterAll(() => front?.stop());

    /** moto behind TLS, the test certificate trusted, and `extra` variables. */
    const httpsStep = (extra: Record<string, string>) =>
      job.step(
        { environment: 'deploy' },
        {
          env: {
            ...oidc.env,
            ...stepAwsEnv(front.url),
            NODE_EXTRA_CA_CERTS: LOOPBACK_CERT,
            ...extra,
          },
          timeoutMs: 60_000,
        },
      );

    it('STS is reached through the proxy’s tunnel, the http:// token endpoint directly', async () => {
      const before = front.connections();
      const r = await httpsStep({ HTTPS_PROXY: auth.urlWith(ENCODED_USER, ENCODED_PASSWORD) });
      expectExit(r, 0);
      const requests = auth.requests();
      expect(requests).toEqual([{ method: 'CONNECT', target: `127.0.0.1:${front.port}` }]);
      expect(front.connections()).toBeGreaterThan(before);
      expect(oidc.requests).toHaveLength(1);
      expectMasked(r, [PASSWORD, ENCODED_PASSWORD]);
      await expectAssumedRole(r);
    });

    it('a tunnel the proxy refuses (407) fails with the proxy’s message', async () => {
      const r = await httpsStep({ HTTPS_PROXY: auth.url });
      expectExit(r, 1);
      expect(failure(r)).toContain(
        `the proxy http://127.0.0.1:${auth.port} (HTTPS_PROXY) answered HTTP 407 Proxy Authentication Required`,
      );
      expect(r.githubEnv).toEqual({});
    });
  });

  describe('NO_PROXY', () => {
    it('a listed host bypasses the proxy: its log shows nothing', async () => {
      const r = await step(
        { environment: 'deploy' },
        { HTTP_PROXY: open.url, NO_PROXY: 'example.com, 127.0.0.1' },
      );
      expectExit(r, 0);
      expect(seen(open).all).toEqual([]);
      await expectAssumedRole(r);
    });

    it('host:port entries: the token endpoint is reached directly, STS through the proxy', async () => {
      const oidcPort = new URL(oidc.url).port;
      const r = await step(
        { environment: 'deploy', 'http-proxy': open.url },
        { no_proxy: `127.0.0.1:${oidcPort}`, NO_PROXY: '*' },
      );
      expectExit(r, 0);
      expect(seen(open).token).toEqual([]);
      expect(seen(open).aws).toHaveLength(1);
      expect(oidc.requests).toHaveLength(1);
    });

    it('loopback is not exempt unless listed', async () => {
      const r = await step(
        { environment: 'deploy' },
        { HTTP_PROXY: open.url, NO_PROXY: 'localhost' },
      );
      expectExit(r, 0);
      expect(seen(open).token).toHaveLength(1);
    });
  });

  describe('credentials in the proxy URL', () => {
    it('are percent-decoded, work, and the password never reaches the log', async () => {
      const r = await step(
        { environment: 'deploy', run: 'echo "proxy is $HTTP_PROXY"' },
        { HTTP_PROXY: auth.urlWith(ENCODED_USER, ENCODED_PASSWORD) },
      );
      expectExit(r, 0);
      expect(seen(auth).token).toHaveLength(1);
      expect(seen(auth).aws).toHaveLength(1);
      expect(r.masks).toEqual(expect.arrayContaining([PASSWORD, ENCODED_PASSWORD]));
      // Even a `run` command that prints the variable shows the password masked.
      expectMasked(r, [PASSWORD, ENCODED_PASSWORD]);
      onlyInMasks(r, PASSWORD);
      expect(maskLog(r.stdout, r.masks)).toContain(
        `proxy is http://${ENCODED_USER}:***@127.0.0.1:${auth.port}`,
      );
      await expectAssumedRole(r);
    });

    it('wrong ones fail with a message naming the proxy, without the password', async () => {
      const wrong = 'wrong-pw_77';
      const r = await step(
        { environment: 'deploy', 'request-timeout': '2s', timeout: '10s' },
        { HTTP_PROXY: auth.urlWith(USER, wrong) },
      );
      expectExit(r, 1);
      const message = failure(r);
      expect(message).toContain(
        `through the proxy http://${USER}:***@127.0.0.1:${auth.port} (HTTP_PROXY)`,
      );
      expect(message).toMatch(/HTTP 401/);
      expect(message).not.toContain(wrong);
      expect(leaks(r, wrong)).toEqual([]);
      onlyInMasks(r, wrong);
      expect(r.githubEnv).toEqual({});
      expect(oidc.requests).toEqual([]);
    });

    it('wrong ones on the STS call (the token endpoint exempt): the proxy’s answer, named', async () => {
      const oidcPort = new URL(oidc.url).port;
      const r = await step(
        { environment: 'deploy' },
        { HTTP_PROXY: auth.urlWith(USER, 'wrong-pw_78'), NO_PROXY: `127.0.0.1:${oidcPort}` },
      );
      expectExit(r, 1);
      expect(failure(r)).toContain(
        `could not assume role ${roleArn} with the OIDC token: ${moto.url} through the proxy http://${USER}:***@127.0.0.1:${auth.port} (HTTP_PROXY) answered HTTP 401 (text/html), not an AWS response`,
      );
      expect(leaks(r, 'wrong-pw_78')).toEqual([]);
      expect(r.githubEnv).toEqual({});
    });

    it('none, where the proxy wants some: HTTP 407 says to put them in the URL', async () => {
      const r = await step({ environment: 'deploy' }, { HTTP_PROXY: auth.url });
      expectExit(r, 1);
      expect(failure(r)).toContain(
        `the proxy http://127.0.0.1:${auth.port} (HTTP_PROXY) answered HTTP 407 Proxy Authentication Required: it wants a user name and password`,
      );
      expect(r.githubEnv).toEqual({});
    });

    it('an unusable http-proxy input fails before any request, without the password', async () => {
      const r = await step({
        environment: 'deploy',
        'http-proxy': 'socks5://me:hunter2222@127.0.0.1:1080',
      });
      expectExit(r, 1);
      expect(failure(r)).toContain(
        'input "http-proxy" names a socks5 proxy (socks5://me:***@127.0.0.1:1080)',
      );
      expect(leaks(r, 'hunter2222')).toEqual([]);
      expect(oidc.requests).toEqual([]);
    });
  });

  describe('an unreachable proxy fails within the deadlines, naming the proxy', () => {
    it('a closed port: connection refused', async () => {
      const r = await step(
        { environment: 'deploy', 'request-timeout': '1s', timeout: '5s' },
        { HTTP_PROXY: `http://ops:closed-pw_9@127.0.0.1:${closed}` },
      );
      expectExit(r, 1);
      expect(r.timedOut).toBe(false);
      const message = failure(r);
      expect(message).toContain(
        `could not get the GitHub OIDC token through the proxy http://ops:***@127.0.0.1:${closed} (HTTP_PROXY)`,
      );
      expect(message).toContain('ECONNREFUSED');
      expect(leaks(r, 'closed-pw_9')).toEqual([]);
      expect(oidc.requests).toEqual([]);
    });

    it('a proxy that accepts and never answers: the token request', async () => {
      const before = blackhole.connections();
      const r = await step(
        { environment: 'deploy', 'request-timeout': '1s', timeout: '3s' },
        { HTTP_PROXY: blackhole.url },
      );
      expectExit(r, 1);
      expect(r.timedOut).toBe(false);
      expect(blackhole.connections()).toBeGreaterThan(before);
      const message = failure(r);
      expect(message).toContain(`through the proxy ${blackhole.url} (HTTP_PROXY)`);
      expect(message).toMatch(/did not (answer|finish) within (1|3) s/);
      expect(r.githubEnv).toEqual({});
    });

    it('a proxy that accepts and never answers: the STS call (the token endpoint exempt)', async () => {
      const oidcPort = new URL(oidc.url).port;
      const r = await step(
        { environment: 'deploy', 'request-timeout': '1s', timeout: '4s' },
        { HTTP_PROXY: blackhole.url, NO_PROXY: `127.0.0.1:${oidcPort}` },
      );
      expectExit(r, 1);
      expect(r.timedOut).toBe(false);
      const message = failure(r);
      expect(message).toContain(`could not assume role ${roleArn}`);
      expect(message).toContain(`at ${moto.url} through the proxy ${blackhole.url} (HTTP_PROXY)`);
      expect(message).toMatch(/did not (answer|finish) within (1|4) s|aborted due to timeout/);
      expect(oidc.requests).toHaveLength(1);
      expect(r.githubEnv).toEqual({});
    });
  });

  describe('a broken proxy or endpoint: the step ends on its own by its deadline, with bounded memory', () => {
    let front: TlsFront;
    let endless: BrokenServer;
    let huge: BrokenServer;
    beforeAll(async () => {
      [front, endless, huge] = await Promise.all([
        startTlsFront(moto.port),
        startBrokenServer({ mode: 'endless-headers' }),
        startBrokenServer({ mode: 'huge-headers' }),
      ]);
    });
    afterAll(async () => {
      await Promise.all([front?.stop(), endless?.stop(), huge?.stop()]);
    });

    /**
     * A step with short deadlines and a heap far too small to hold what a broken server sends;
     * the harness kills it only past a bound far above its deadlines, so `timedOut` false means
     * it ended on its own.
     */
    const brokenStep = (endpoint: string, extra: Record<string, string>) =>
      job.step(
        { environment: 'deploy', 'request-timeout': '1s', timeout: '3s' },
        {
          env: {
            ...oidc.env,
            ...stepAwsEnv(endpoint),
            NODE_EXTRA_CA_CERTS: LOOPBACK_CERT,
            NODE_OPTIONS: '--max-old-space-size=48',
            ...extra,
          },
          timeoutMs: 30_000,
        },
      );

    /** Ended on its own, as a failed step (not killed, not out of memory), nothing exported. */
    const expectEndedOnItsOwn = (r: RunResult) => {
      expect(r.timedOut).toBe(false);
      expect(r.signal).toBeNull();
      expectExit(r, 1);
      expect(r.stderr).not.toContain('heap out of memory');
      expect(r.githubEnv).toEqual({});
    };

    it('a proxy that accepts CONNECT and never answers', async () => {
      const before = blackhole.connections();
      const r = await brokenStep(front.url, { HTTPS_PROXY: blackhole.url });
      expectEndedOnItsOwn(r);
      expect(blackhole.connections()).toBeGreaterThan(before);
      expect(failure(r)).toContain(`through the proxy ${blackhole.url} (HTTPS_PROXY)`);
    });

    it.each([
      ['an endless header block', () => endless],
      ['a 64 MiB header block', () => huge],
    ])('a proxy that answers CONNECT with %s', async (_what, server) => {
      const r = await brokenStep(front.url, { HTTPS_PROXY: server().url });
      expectEndedOnItsOwn(r);
      expect(failure(r)).toContain(
        `the tunnel through the proxy ${server().url} (HTTPS_PROXY) failed: the answer to CONNECT has more than 16 KiB of headers`,
      );
    });

    it('a proxy that answers a request with endless headers (http:// endpoints)', async () => {
      const r = await brokenStep(moto.url, { HTTP_PROXY: endless.url });
      expectEndedOnItsOwn(r);
      expect(failure(r)).toContain(`through the proxy ${endless.url} (HTTP_PROXY)`);
    });

    it.each([
      ['the STS endpoint', () => ({ endpoint: endless.url, env: {} })],
      [
        'the token endpoint',
        () => ({ endpoint: moto.url, env: { ACTIONS_ID_TOKEN_REQUEST_URL: `${huge.url}/token` } }),
      ],
    ])('%s answering with endless or huge headers', async (_what, setup) => {
      const { endpoint, env } = setup();
      const r = await brokenStep(endpoint, env);
      expectEndedOnItsOwn(r);
      expect(failure(r)).toMatch(/Header overflow/);
    });
  });

  describe('the proxy chunk', () => {
    /** The files of dist/ a step loaded (ES modules), and the chunk that holds the proxy agents. */
    async function loaded(extra: Record<string, string>) {
      const list = join(tmpdir(), `esc-imported-${process.pid}-${Date.now()}.txt`);
      const r = await step(
        { environment: 'deploy' },
        {
          ...extra,
          NODE_OPTIONS: `--import=${join(REPO_ROOT, 'scripts', 'stack', 'imported-hook.mjs')}`,
          ESC_IMPORTED_FILE: list,
        },
      );
      const files = existsSync(list) ? readFileSync(list, 'utf8').split('\n').filter(Boolean) : [];
      rmSync(list, { force: true });
      return { r, files: files.map((u) => new URL(u).pathname) };
    }
    const dist = resolveEntry('dist/index.js').replace(/index\.js$/, '');
    const proxyChunk = () => {
      const chunks = readdirSync(dist).filter(
        (f) =>
          f.endsWith('.js') && readFileSync(join(dist, f), 'utf8').includes('Proxy-Authorization'),
      );
      expect(chunks).toHaveLength(1);
      return join(dist, chunks[0] ?? '');
    };

    it('is not loaded when no proxy is configured, and is when one is', async () => {
      const chunk = proxyChunk();
      const without = await loaded({ NO_PROXY: '*' });
      expectExit(without.r, 0);
      expect(without.files).toContain(join(dist, 'index.js'));
      expect(without.files).not.toContain(chunk);

      const through = await loaded({ HTTP_PROXY: open.url });
      expectExit(through.r, 0);
      expect(through.files).toContain(chunk);
    });
  });
});
