import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { earlyTokenAudience, startFirst } from '../../../src/action/entry-first.js';
import { createTokenSource } from '../../../src/providers/token.js';
import { sendTokenRequestNow, tokenRequestUrl } from '../../../src/providers/token-request.js';
import { fakeJwt, startFakeServer, type FakeServer } from './fake-server.js';

const LOGIN = [
  'values:',
  '  aws:',
  '    login:',
  '      fn::open::aws-login:',
  '        oidc:',
  '          roleArn: arn:aws:iam::123456789012:role/deploy',
  '          sessionName: ci',
].join('\n');

function workspace(text: string): string {
  const ws = mkdtempSync(join(tmpdir(), 'token-first-'));
  mkdirSync(join(ws, '.esc'));
  writeFileSync(join(ws, '.esc', 'dev.yaml'), text);
  return ws;
}

function runnerEnv(url: string, ws: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ACTIONS_ID_TOKEN_REQUEST_URL: `${url}/token?api-version=2.0`,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'runner-bearer',
    GITHUB_WORKSPACE: ws,
    INPUT_ENVIRONMENT: 'dev',
    ...extra,
  };
}

let server: FakeServer;
afterEach(async () => server?.close());

describe('the token request sent before the token source exists', () => {
  it('is taken once, by the same URL and bearer, and the token source sends no second request', async () => {
    const token = fakeJwt({ exp: Math.floor(Date.now() / 1000) + 3600 });
    server = await startFakeServer([{ status: 200, body: JSON.stringify({ value: token }) }]);
    const env = runnerEnv(server.url, workspace(LOGIN));
    const url = new URL(tokenRequestUrl(env.ACTIONS_ID_TOKEN_REQUEST_URL ?? '', 'aud'));
    const sent = sendTokenRequestNow(url, 'runner-bearer');
    const signal = new AbortController().signal;
    expect(sent.take(new URL(`${url.href}x`), 'runner-bearer', signal)).toBeUndefined();
    expect(sent.take(url, 'another-bearer', signal)).toBeUndefined();
    const masked: string[] = [];
    const tokens = createTokenSource(env, { sent, mask: (s) => masked.push(s) });
    await expect(tokens.getToken('aud')).resolves.toBe(token);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.url).toBe('/token?api-version=2.0&audience=aud');
    expect(server.requests[0]?.headers.authorization).toBe('Bearer runner-bearer');
    expect(masked).toEqual([token]);
    // Taken already: a later attempt sends its own request.
    expect(sent.take(url, 'runner-bearer', signal)).toBeUndefined();
  });

  it('is aborted with the attempt that took it, and the retry sends a new request', async () => {
    const token = fakeJwt({});
    server = await startFakeServer([
      'hang',
      { status: 200, body: JSON.stringify({ value: token }) },
    ]);
    const env = runnerEnv(server.url, workspace(LOGIN));
    const url = new URL(tokenRequestUrl(env.ACTIONS_ID_TOKEN_REQUEST_URL ?? '', 'aud'));
    const sent = sendTokenRequestNow(url, 'runner-bearer');
    const tokens = createTokenSource(env, {
      sent,
      requestTimeoutMs: 150,
      sleep: async () => undefined,
      random: () => 0,
    });
    await expect(tokens.getToken('aud')).resolves.toBe(token);
    expect(server.requests).toHaveLength(2);
  });

  it('says when it has left: sent (the endpoint may not have answered yet), or failed', async () => {
    server = await startFakeServer(['hang']);
    const url = new URL(`${server.url}/token?audience=a`);
    const sent = sendTokenRequestNow(url, 'b');
    // An hour: if `left` settled, it was because the request left, not because the wait ran out.
    await sent.left(3_600_000);
    // It has left: the endpoint receives it (and never answers), and it is still there to take.
    while (server.requests.length === 0) await new Promise((r) => setImmediate(r));
    expect(server.requests.map((r) => [r.url, r.headers.authorization])).toEqual([
      ['/token?audience=a', 'Bearer b'],
    ]);
    const aborted = sent.take(url, 'b', AbortSignal.abort());
    expect(aborted).toBeDefined();
    await expect(aborted).rejects.toThrow();

    const refusedUrl = new URL('http://127.0.0.1:9/token');
    const refused = sendTokenRequestNow(refusedUrl, 'b');
    await refused.left(3_600_000);
    // It failed before anyone took it; whoever takes it gets the failure.
    await expect(refused.take(refusedUrl, 'b', new AbortController().signal)).rejects.toThrow(
      /ECONNREFUSED/,
    );
  });

  it('a connection failure reaches whoever takes it', async () => {
    const sent = sendTokenRequestNow(new URL('http://127.0.0.1:9/token'), 'b');
    const response = sent.take(
      new URL('http://127.0.0.1:9/token'),
      'b',
      new AbortController().signal,
    );
    await expect(response).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe('startFirst: which runs send the token request at once', () => {
  it('sends it for an open run whose file names aws-login, with the audience input', async () => {
    server = await startFakeServer([{ status: 200, body: '{"value":"t"}' }]);
    const env = runnerEnv(server.url, workspace(LOGIN), { INPUT_AUDIENCE: 'my-aud' });
    const first = startFirst(env);
    expect(first?.audience).toBe('my-aud');
    expect(first?.sent).toBeDefined();
    const url = new URL(tokenRequestUrl(env.ACTIONS_ID_TOKEN_REQUEST_URL ?? '', 'my-aud'));
    const res = await first?.sent?.take(url, 'runner-bearer', new AbortController().signal);
    res?.resume();
    expect(res?.statusCode).toBe(200);
    expect(server.requests.map((r) => r.url)).toEqual(['/token?api-version=2.0&audience=my-aud']);
  });

  it('decides but leaves the request to the token source when a proxy is configured', () => {
    const ws = workspace(LOGIN);
    for (const extra of [
      { HTTPS_PROXY: 'http://127.0.0.1:9' },
      { http_proxy: 'http://127.0.0.1:9' },
      { 'INPUT_HTTP-PROXY': 'http://127.0.0.1:9' },
    ]) {
      const first = startFirst(runnerEnv('http://127.0.0.1:9', ws, extra));
      expect(first).toEqual({ audience: 'sts.amazonaws.com', sent: undefined });
    }
  });

  it.each([
    ['check-only', { 'INPUT_CHECK-ONLY': 'true' }, LOGIN],
    ['an invalid input', { INPUT_KEYS: 'not a-name' }, LOGIN],
    ['no token endpoint', { ACTIONS_ID_TOKEN_REQUEST_URL: '' }, LOGIN],
    ['a file without aws-login', {}, 'values:\n  a: 1\n'],
    ['an audience set in the file', {}, `${LOGIN}\n          audience: other`],
    ['a missing file', { INPUT_ENVIRONMENT: 'missing' }, LOGIN],
  ])('sends nothing with %s', (_why, extra, text) => {
    const env = runnerEnv('http://127.0.0.1:9', workspace(text), extra);
    expect(earlyTokenAudience(env)).toBeUndefined();
    expect(startFirst(env)).toBeUndefined();
  });
});
