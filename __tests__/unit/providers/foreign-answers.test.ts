// Answers that are not AWS's (a proxy's HTML page, plain text, an empty error body) from STS,
// Secrets Manager and SSM, and from the GitHub token endpoint: the message gives the HTTP status
// and a short excerpt, never "Unknown" or a parser's complaint; AWS's own answers still parse.
import { fromPlain, toPlain } from '../../../src/eval/value.js';
import { createAwsProviders } from '../../../src/providers/index.js';
import { createTokenSource } from '../../../src/providers/token.js';
import {
  fakeJwt,
  json,
  jsonError,
  startFakeServer,
  stsCredentials,
  stsError,
  type FakeServer,
  type Reply,
} from './fake-server.js';

const ctx = { signal: new AbortController().signal, environment: 'test' };
const login = { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'very-secret-key-value' };
const token = fakeJwt({ sub: 'repo:o/r:ref:refs/heads/main', aud: 'sts.amazonaws.com' });

const NGINX =
  '<html>\n<head><title>502 Bad Gateway</title></head>\n<body>\n<center><h1>502 Bad Gateway</h1></center>\n' +
  '<hr><center>nginx</center>\n</body>\n</html>\n';
const html = (status: number, body: string): Reply => ({
  status,
  headers: { 'content-type': 'text/html; charset=utf-8' },
  body,
});
const text = (status: number, body: string): Reply => ({
  status,
  headers: { 'content-type': 'text/plain' },
  body,
});

/** `reply` sent with another content type. */
const withType = (reply: Reply, type: string): Reply => ({
  ...(reply as { status: number; body: string }),
  headers: { 'content-type': type },
});

let server: FakeServer | undefined;
/** Starts the fake server for the next request, closing the one before. */
async function serve(replies: Reply[]): Promise<FakeServer> {
  await server?.close();
  server = await startFakeServer(replies);
  return server;
}
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const SERVICES = [
  ['aws-login', { oidc: { roleArn: 'arn:aws:iam::123456789012:role/deploy' } }],
  ['aws-secrets', { login, get: { a: { secretId: 'app' } } }],
  ['aws-parameter-store', { login, get: { a: { name: '/app/db' } } }],
] as const;

async function open(name: string, inputs: unknown, replies: Reply[]): Promise<string> {
  const { url } = await serve(replies);
  const provider = createAwsProviders({
    audience: 'sts.amazonaws.com',
    getToken: async () => token,
    env: { AWS_ENDPOINT_URL: url, AWS_REGION: 'eu-west-1' },
    sleep: async () => undefined,
    random: () => 0,
  }).get(name)!;
  try {
    await provider.open(fromPlain(inputs as never), ctx);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('the open succeeded');
}

describe.each(SERVICES)('%s', (name, inputs) => {
  const at = () => server!.url;

  it('a 502 HTML page: status, type and excerpt; retried as a 5xx', async () => {
    const msg = await open(name, inputs, [html(502, NGINX)]);
    expect(msg).toContain(
      `${at()} answered HTTP 502 (text/html), not an AWS response: "502 Bad Gateway 502 Bad Gateway nginx"`,
    );
    expect(msg).not.toMatch(/Unknown|parse error|Deserialization|<center>/);
    expect(server!.requests.length).toBeGreaterThan(1);
  });

  it('a 503 in plain text', async () => {
    const msg = await open(name, inputs, [text(503, 'upstream connect error\r\nor reset\n')]);
    expect(msg).toContain(
      'answered HTTP 503 (text/plain), not an AWS response: "upstream connect error or reset"',
    );
  });

  it('a 403 page from a proxy: not retried', async () => {
    const msg = await open(name, inputs, [
      html(
        403,
        '<!DOCTYPE html><html><body><h1>Forbidden</h1><p>Blocked by policy</p></body></html>',
      ),
    ]);
    expect(msg).toContain(
      'answered HTTP 403 (text/html), not an AWS response: "Forbidden Blocked by policy"',
    );
    expect(server!.requests).toHaveLength(1);
  });

  it('a 200 captive portal page is not taken for an answer', async () => {
    const msg = await open(name, inputs, [
      html(200, '<html><body>Sign in to the Wi-Fi</body></html>'),
    ]);
    expect(msg).toContain(
      'answered HTTP 200 (text/html), not an AWS response: "Sign in to the Wi-Fi"',
    );
  });

  it('an empty 404', async () => {
    const msg = await open(name, inputs, [text(404, '')]);
    expect(msg).toContain('answered HTTP 404 (text/plain), not an AWS response (empty body)');
  });

  it('a huge page: bounded excerpt', async () => {
    const msg = await open(name, inputs, [
      html(400, `<html><body>${'<p>spam spam</p>\n'.repeat(400_000)}</body></html>`),
    ]);
    expect(msg).toMatch(/answered HTTP 400 \(text\/html\), not an AWS response: "(spam )+spam…"/);
    expect(msg.length).toBeLessThan(1_000);
  });
});

describe("AWS's own answers are still read", () => {
  it('STS: an XML error and XML credentials under any content type', async () => {
    const denied = await open(SERVICES[0][0], SERVICES[0][1], [
      withType(stsError('AccessDenied', 'Not authorized'), 'text/html'),
    ]);
    expect(denied).toContain('AccessDenied: Not authorized');
    await serve([withType(stsCredentials(), 'text/html')]);
    const r = await createAwsProviders({
      audience: 'sts.amazonaws.com',
      getToken: async () => token,
      env: { AWS_ENDPOINT_URL: server!.url, AWS_REGION: 'eu-west-1' },
    })
      .get('aws-login')!
      .open(fromPlain(SERVICES[0][1] as never), ctx);
    expect((toPlain(r.value) as { accessKeyId: string }).accessKeyId).toBe('ASIAFAKEKEYID0000001');
  });

  it('Secrets Manager and SSM: JSON errors keep their code', async () => {
    expect(
      await open(SERVICES[1][0], SERVICES[1][1], [
        jsonError('ResourceNotFoundException', 'no such secret'),
      ]),
    ).toContain('ResourceNotFoundException: no such secret');
    expect(
      await open(SERVICES[2][0], SERVICES[2][1], [
        jsonError('AccessDeniedException', 'not allowed'),
      ]),
    ).toContain('AccessDeniedException: not allowed');
  });

  it('a JSON answer without content type is read', async () => {
    await serve([withType(json({ Name: 'app', SecretString: 'v' }), '')]);
    const r = await createAwsProviders({
      audience: 'a',
      getToken: async () => token,
      env: { AWS_ENDPOINT_URL: server!.url, AWS_REGION: 'eu-west-1' },
    })
      .get('aws-secrets')!
      .open(fromPlain(SERVICES[1][1] as never), ctx);
    expect(toPlain(r.value)).toEqual({ a: 'v' });
  });
});

describe('the GitHub token endpoint', () => {
  const get = async (reply: Reply): Promise<string> => {
    await serve([reply]);
    const src = createTokenSource(
      {
        ACTIONS_ID_TOKEN_REQUEST_URL: `${server!.url}/token`,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'runner-bearer-secret',
      },
      { sleep: async () => undefined, random: () => 0, maxAttempts: 2 },
    );
    return src.getToken('a').then(
      () => 'succeeded',
      (err: Error) => err.message,
    );
  };

  it.each([
    [
      html(200, NGINX),
      'HTTP 200 (text/html) with a body that is not JSON: "502 Bad Gateway 502 Bad Gateway nginx"',
    ],
    [
      text(200, 'maintenance\n\nback soon'),
      'HTTP 200 (text/plain) with a body that is not JSON: "maintenance back soon"',
    ],
    [text(200, ''), 'HTTP 200 (text/plain) with a body that is not JSON (empty body)'],
    [
      html(502, NGINX),
      'HTTP 502 (text/html): "502 Bad Gateway 502 Bad Gateway nginx" (after 2 attempts)',
    ],
  ])('%j', async (reply, want) => {
    expect(await get(reply)).toMatch(
      new RegExp(
        `^could not get the GitHub OIDC token: 127\\.0\\.0\\.1:\\d+ answered ${want.replace(/[()]/g, '\\$&')}$`,
      ),
    );
  });

  it('never quotes the bearer or a token echoed back', async () => {
    const jwt = fakeJwt({ sub: 'x' });
    const msg = await get(text(200, `Authorization: Bearer runner-bearer-secret; value=${jwt}`));
    expect(msg).toContain('(body not quoted: it holds credential-shaped fields)');
    expect(msg).not.toContain('runner-bearer-secret');
    expect(msg).not.toContain(jwt.split('.')[1]!);
  });
});
