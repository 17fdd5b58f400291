// What an endpoint or a proxy sends back never shows a secret, in any encoding in which the action
// sent it: a proxy's error page quoting Proxy-Authorization (Basic base64 of user:password), an
// endpoint echoing an AssumeRole request (external id, tags and policy form-encoded) or its
// Authorization header, an STS answer with credentials in a shape the SDK cannot read. Through
// the bundled action as the runner runs it; the log is read as the runner shows it.
import { jest } from '@jest/globals';
import {
  requireTools,
  startAwsProxy,
  startBrokenServer,
  startMoto,
  startOidcServer,
  stepAwsEnv,
  type AwsProxy,
  type BrokenServer,
  type Moto,
  type OidcServer,
  type RunResult,
} from '../../scripts/stack/index.mjs';
import { Job, commandsOf, expectExit, leaks } from './action-support.js';
import { expectMasked } from './runner-log.js';

jest.setTimeout(120_000);

const tools = requireTools(['moto_server', 'aws']);
const withTools = tools.ok ? describe : describe.skip;

const EXTERNAL_ID = 'ext-id:s3cret/42=+';
const TAG_VALUE = 'tag:v@lue/77';
const BUCKET = 'secret-bucket-7731';
const POLICY_DOC = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${BUCKET}/*` }],
};
/** As written in the file (with spaces); the action sends it packed. */
const POLICY = JSON.stringify(POLICY_DOC).replace(/,/g, ', ').replace(/":/g, '": ');
const PROXY_USER = 'alice';
const PROXY_PASSWORD = 'pr0xy-pa55/word';

/** The forms in which the action sends a text in a form-encoded request. */
const encoded = (text: string) => [
  text,
  encodeURIComponent(text),
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16)}`),
];

const failure = (r: RunResult): string =>
  commandsOf(r, 'error')
    .map((e) => e.value)
    .join('\n');

withTools('echoes of what the action sent', () => {
  let moto: Moto;
  let oidc: OidcServer;
  let proxy: AwsProxy;
  let echo: BrokenServer;
  let job: Job;

  beforeAll(async () => {
    [moto, oidc, echo] = await Promise.all([
      startMoto(),
      startOidcServer(),
      // A proxy whose error page quotes the headers of the request it could not forward, its
      // own (Proxy-Authorization) first.
      startBrokenServer({
        mode: 'answer',
        respond: (request) => {
          const lines = request.split('\r\n').filter((l) => l.includes(': '));
          const own = lines.filter((l) => /^proxy-/i.test(l));
          const rest = lines.filter((l) => !/^proxy-/i.test(l));
          return {
            status: 502,
            contentType: 'text/html',
            body: `<html><body><pre>${[...own, ...rest].join('\n')}</pre></body></html>`,
          };
        },
      }),
    ]);
    proxy = await startAwsProxy(moto.url);
    const hub = await moto.createRole('echo-hub');
    job = new Job({
      '.esc/hub.yaml': [
        'values:',
        '  aws:',
        '    hub:',
        '      fn::open::aws-login:',
        '        oidc:',
        `          roleArn: ${hub.arn}`,
        '',
      ].join('\n'),
      '.esc/chain.yaml': [
        'imports: [hub]',
        'values:',
        '  externalId:',
        `    fn::secret: "${EXTERNAL_ID}"`,
        '  tag:',
        `    fn::secret: "${TAG_VALUE}"`,
        '  policy:',
        `    fn::secret: '${POLICY}'`,
        '  aws:',
        '    login:',
        '      fn::open::aws-assume-role:',
        '        login: ${aws.hub}',
        '        roleArn: arn:aws:iam::222222222222:role/deploy',
        '        externalId: ${externalId}',
        '        tags:',
        '          team: ${tag}',
        '        policy: ${policy}',
        '  environmentVariables:',
        '    AWS_ACCESS_KEY_ID: ${aws.login.accessKeyId}',
        '',
      ].join('\n'),
    });
  });

  afterAll(async () => {
    job?.cleanup();
    await Promise.all([proxy?.stop(), echo?.stop(), oidc?.stop(), moto?.stop()]);
  });

  beforeEach(() => {
    proxy.reset();
    oidc.reset();
  });

  const awsStep = (environment: string, extra: Record<string, string> = {}) =>
    job.step(
      { environment, 'request-timeout': '2s', timeout: '10s' },
      { env: { ...oidc.env, ...stepAwsEnv(proxy.url), ...extra }, timeoutMs: 60_000 },
    );

  /** The secrets of the chain's AssumeRole request, in every form the request carried them. */
  const chainSecrets = () => [
    ...encoded(EXTERNAL_ID),
    ...encoded(TAG_VALUE),
    ...encoded(BUCKET),
    ...encoded(JSON.stringify(POLICY_DOC)),
  ];

  it('an endpoint that echoes the whole AssumeRole request: not quoted', async () => {
    proxy.inject({
      action: 'AssumeRole',
      kind: 'answer',
      answer: (call) => ({ status: 400, body: `Bad request: ${call.body}` }),
    });
    const r = await awsStep('chain');
    expectExit(r, 1);
    expect(proxy.callsTo('AssumeRole')).toHaveLength(1);
    expect(proxy.callsTo('AssumeRole')[0]?.body).toContain(encodeURIComponent(EXTERNAL_ID));
    expect(failure(r)).toContain('(body not quoted: it echoes the request)');
    expectMasked(r, chainSecrets());
  });

  it('an endpoint that quotes single parameters, URL-encoded: masked', async () => {
    proxy.inject({
      action: 'AssumeRole',
      kind: 'answer',
      answer: (call) => {
        const params = new URLSearchParams(call.body);
        const raw = (name: string) => encodeURIComponent(params.get(name) ?? '');
        return {
          status: 400,
          body:
            `rejected external id ${raw('ExternalId')} tag ${raw('Tags.member.1.Value')}` +
            ` policy ${raw('Policy')}`,
        };
      },
    });
    const r = await awsStep('chain');
    expectExit(r, 1);
    // Quoted as the endpoint sent it; the runner hides the encoded forms (registered as masks).
    expect(failure(r)).toContain(`rejected external id ${encodeURIComponent(EXTERNAL_ID)}`);
    // The packed policy is longer than an excerpt: left out whole, never cut into a piece.
    expect(failure(r)).toContain(`tag ${encodeURIComponent(TAG_VALUE)} policy…`);
    expectMasked(r, chainSecrets());
  });

  it('an endpoint that echoes the Authorization header: the login access key id never shows', async () => {
    proxy.inject({
      action: 'AssumeRole',
      kind: 'answer',
      answer: (call) => ({
        status: 403,
        body: `denied: ${String(call.headers['authorization'])}`,
      }),
    });
    const r = await awsStep('chain');
    expectExit(r, 1);
    const auth = String(proxy.callsTo('AssumeRole')[0]?.headers['authorization']);
    const keyId = /Credential=([A-Z0-9]+)\//.exec(auth)?.[1] ?? '';
    expect(keyId).toMatch(/^[A-Z0-9]{16,}$/);
    expect(failure(r)).toContain('(body not quoted: it holds credential-shaped fields)');
    expect(leaks(r, keyId)).toEqual([]);
    expect(failure(r)).not.toContain(keyId);
  });

  it('an STS answer with credentials in JSON (HTTP 200): never quoted', async () => {
    const creds = {
      AccessKeyId: 'ASIAECHOEXAMPLE12345',
      SecretAccessKey: 'echo/Secret+Access+Key/0123456789abcdefghij',
      SessionToken: 'echo-session-token-0123456789abcdefghijklmnopqrstuvwxyz',
    };
    proxy.inject({
      action: 'AssumeRoleWithWebIdentity',
      kind: 'answer',
      answer: () => ({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({ Credentials: creds }),
      }),
    });
    const r = await awsStep('hub');
    expectExit(r, 1);
    expect(failure(r)).toContain('(body not quoted: it holds credential-shaped fields)');
    const out = `${r.stdout}\n${r.stderr}`;
    for (const v of Object.values(creds)) expect(out).not.toContain(v);
    expect(out).not.toContain('echo-session-token');
  });

  it("a proxy's error page quoting Proxy-Authorization: Basic credentials masked", async () => {
    const url = `http://${PROXY_USER}:${encodeURIComponent(PROXY_PASSWORD)}@127.0.0.1:${echo.port}`;
    const r = await awsStep('hub', { HTTP_PROXY: url });
    expectExit(r, 1);
    const basic = Buffer.from(`${PROXY_USER}:${PROXY_PASSWORD}`).toString('base64');
    // The proxy did receive the credentials: its page quoted them.
    expect(echo.requests().some((q) => q.includes(`Proxy-Authorization: Basic ${basic}`))).toBe(
      true,
    );
    expect(failure(r)).toContain(
      `through the proxy http://${PROXY_USER}:***@127.0.0.1:${echo.port}`,
    );
    expectMasked(r, [basic, PROXY_PASSWORD, encodeURIComponent(PROXY_PASSWORD)]);
  });

  it('a proxy refusing a CONNECT tunnel with a page quoting the request: the status only', async () => {
    const url = `http://${PROXY_USER}:${encodeURIComponent(PROXY_PASSWORD)}@127.0.0.1:${echo.port}`;
    const r = await job.step(
      { environment: 'hub', 'request-timeout': '2s', timeout: '10s' },
      {
        env: { ...oidc.env, ...stepAwsEnv('https://127.0.0.1:9'), HTTPS_PROXY: url },
        timeoutMs: 60_000,
      },
    );
    expectExit(r, 1);
    expect(failure(r)).toContain(
      `the proxy http://${PROXY_USER}:***@127.0.0.1:${echo.port} (HTTPS_PROXY) refused the tunnel to 127.0.0.1:9: HTTP 502`,
    );
    const basic = Buffer.from(`${PROXY_USER}:${PROXY_PASSWORD}`).toString('base64');
    expect(failure(r)).not.toContain(basic);
    expectMasked(r, [PROXY_PASSWORD, basic]);
  });
});
