import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createTokenSource,
  forkPullRequest,
  tokenRequestUrl,
} from '../../../src/providers/token.js';
import { fakeJwt, startFakeServer, type FakeServer } from './fake-server.js';

const dir = mkdtempSync(join(tmpdir(), 'token-test-'));
const noSleep = { sleep: async () => undefined, random: () => 0 };

function eventFile(payload: unknown): string {
  const p = join(dir, `event-${Math.random()}.json`);
  writeFileSync(p, JSON.stringify(payload));
  return p;
}

describe('token source selection', () => {
  it('uses the runner endpoint when both variables are set', () => {
    expect(
      createTokenSource({
        ACTIONS_ID_TOKEN_REQUEST_URL: 'http://x/t?a=1',
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't',
      }).kind,
    ).toBe('runner');
  });

  it('uses the file outside a runner', async () => {
    const file = join(dir, 'token');
    writeFileSync(file, 'file-token-value\n');
    const masked: string[] = [];
    const src = createTokenSource(
      { AWS_WEB_IDENTITY_TOKEN_FILE: file },
      { mask: (s) => masked.push(s) },
    );
    expect(src.kind).toBe('file');
    await expect(src.getToken('sts.amazonaws.com')).resolves.toBe('file-token-value');
    expect(masked).toEqual(['file-token-value']);
  });

  it('names the file when it cannot be read', async () => {
    const src = createTokenSource({ AWS_WEB_IDENTITY_TOKEN_FILE: join(dir, 'missing') });
    await expect(src.getToken('a')).rejects.toThrow(
      /AWS_WEB_IDENTITY_TOKEN_FILE \(.*missing\): ENOENT/,
    );
  });

  it('in a runner without id-token permission, fails at once showing the permissions YAML', async () => {
    // "At once": no endpoint to ask, so no request and no retry (kind 'none').
    const src = createTokenSource({ GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'push' });
    expect(src.kind).toBe('none');
    const err = await src.getToken('sts.amazonaws.com').catch((e: unknown) => e as Error);
    expect((err as Error).message).toContain(
      'ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set',
    );
    expect((err as Error).message).toContain('  permissions:\n    id-token: write');
  });

  it('explains fork pull requests and suggests check-only', async () => {
    const env = {
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: eventFile({
        pull_request: {
          head: { repo: { fork: true, full_name: 'mallory/octo-repo' } },
          base: { repo: { full_name: 'octo-org/octo-repo' } },
        },
      }),
    };
    const err = (await createTokenSource(env)
      .getToken('a')
      .catch((e: unknown) => e)) as Error;
    expect(err.message).toContain('pull request from the fork mallory/octo-repo');
    expect(err.message).toContain('check-only: true');
    expect(err.message).not.toContain('id-token: write   #');
  });

  it('outside a runner with nothing configured, names both ways', async () => {
    const err = (await createTokenSource({})
      .getToken('a')
      .catch((e: unknown) => e)) as Error;
    expect(err.message).toContain('permissions: id-token: write');
    expect(err.message).toContain('AWS_WEB_IDENTITY_TOKEN_FILE');
  });
});

describe('forkPullRequest', () => {
  const base = { base: { repo: { full_name: 'o/r' } } };
  it.each([
    [
      'pull_request',
      { pull_request: { head: { repo: { fork: true, full_name: 'f/r' } }, ...base } },
      'f/r',
    ],
    [
      'pull_request_review',
      { pull_request: { head: { repo: { fork: false, full_name: 'f/r' } }, ...base } },
      'f/r',
    ],
    [
      'pull_request',
      { pull_request: { head: { repo: { fork: false, full_name: 'o/r' } }, ...base } },
      undefined,
    ],
    [
      'pull_request_target',
      { pull_request: { head: { repo: { fork: true, full_name: 'f/r' } }, ...base } },
      undefined,
    ],
    [
      'push',
      { pull_request: { head: { repo: { fork: true, full_name: 'f/r' } }, ...base } },
      undefined,
    ],
  ])('%s %j -> %s', async (event, payload, expected) => {
    await expect(
      forkPullRequest({ GITHUB_EVENT_NAME: event, GITHUB_EVENT_PATH: eventFile(payload) }),
    ).resolves.toBe(expected);
  });
  it('is undefined when the event file is unreadable', async () => {
    await expect(
      forkPullRequest({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: join(dir, 'nope') }),
    ).resolves.toBeUndefined();
  });
});

describe('runner token endpoint', () => {
  let server: FakeServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  const env = (s: FakeServer): NodeJS.ProcessEnv => ({
    ACTIONS_ID_TOKEN_REQUEST_URL: `${s.url}/token?api-version=2.0`,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-bearer',
  });

  it('tokenRequestUrl appends the encoded audience', () => {
    expect(tokenRequestUrl('http://h/t?api-version=2.0', 'sts.amazonaws.com')).toBe(
      'http://h/t?api-version=2.0&audience=sts.amazonaws.com',
    );
    expect(tokenRequestUrl('http://h/t', 'a b&c')).toBe('http://h/t?audience=a%20b%26c');
  });

  it('close gives up a request in flight: a prefetched token nobody took holds nothing', async () => {
    server = await startFakeServer(['hang']);
    const tokens = createTokenSource(env(server), { requestTimeoutMs: 60_000, timeoutMs: 60_000 });
    tokens.prefetch('sts.amazonaws.com');
    const pending = tokens.getToken('sts.amazonaws.com');
    // The request reached the endpoint, which never answers.
    while (server.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    tokens.close();
    await expect(pending).rejects.toThrow(/could not get the GitHub OIDC token.*cancelled/);
    expect(server.requests).toHaveLength(1);
  });

  it('sends the bearer and audience, masks the token and memoises per audience', async () => {
    const jwt = fakeJwt({ sub: 'x', exp: Math.floor(Date.now() / 1000) + 600 });
    server = await startFakeServer([{ status: 200, body: JSON.stringify({ value: jwt }) }]);
    const masked: string[] = [];
    const src = createTokenSource(env(server), { mask: (s) => masked.push(s) });
    src.prefetch('sts.amazonaws.com');
    const [a, b] = await Promise.all([
      src.getToken('sts.amazonaws.com'),
      src.getToken('sts.amazonaws.com'),
    ]);
    expect(a).toBe(jwt);
    expect(b).toBe(jwt);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.url).toBe('/token?api-version=2.0&audience=sts.amazonaws.com');
    expect(server.requests[0]!.headers.authorization).toBe('Bearer request-bearer');
    expect(masked).toEqual([jwt]);
    await src.getToken('other');
    expect(server.requests).toHaveLength(2);
  });

  it('prefetch opens the connection before it returns, so the request is in flight while the action loads', async () => {
    const jwt = fakeJwt({ sub: 'x', exp: Math.floor(Date.now() / 1000) + 600 });
    server = await startFakeServer([{ status: 200, body: JSON.stringify({ value: jwt }) }]);
    const connecting: unknown[] = [];
    const onSocket = (message: unknown) => connecting.push(message);
    subscribe('net.client.socket', onSocket);
    try {
      const src = createTokenSource(env(server));
      src.prefetch('sts.amazonaws.com');
      // Synchronously: no await, no tick between prefetch() and here.
      expect(connecting).toHaveLength(1);
      await expect(src.getToken('sts.amazonaws.com')).resolves.toBe(jwt);
      expect(server.requests).toHaveLength(1);
    } finally {
      unsubscribe('net.client.socket', onSocket);
    }
  });

  it('retries 5xx and 429, then succeeds', async () => {
    server = await startFakeServer([
      { status: 503, body: 'busy' },
      { status: 429, body: 'slow down' },
      { status: 200, body: JSON.stringify({ value: 'tok' }) },
    ]);
    const sleeps: number[] = [];
    const src = createTokenSource(env(server), {
      sleep: async (ms) => void sleeps.push(ms),
      random: () => 0.5,
    });
    await expect(src.getToken('a')).resolves.toBe('tok');
    expect(server.requests).toHaveLength(3);
    expect(sleeps).toEqual([100, 200]);
  });

  it('does not retry 4xx and says what the endpoint answered', async () => {
    server = await startFakeServer([{ status: 401, body: '{"message":"bad bearer"}' }]);
    const src = createTokenSource(env(server), noSleep);
    await expect(src.getToken('a')).rejects.toThrow(
      /could not get the GitHub OIDC token: 127\.0\.0\.1:\d+ answered HTTP 401 \(application\/json\): "\{"message":"bad bearer"\}"$/,
    );
    expect(server.requests).toHaveLength(1);
  });

  it('gives up after maxAttempts on persistent 500s, saying how many', async () => {
    server = await startFakeServer([{ status: 500, body: 'oops' }]);
    const src = createTokenSource(env(server), { ...noSleep, maxAttempts: 3 });
    await expect(src.getToken('a')).rejects.toThrow(
      /HTTP 500 \(application\/json\): "oops" \(after 3 attempts\)/,
    );
    expect(server.requests).toHaveLength(3);
  });

  it('a failure is not cached: the next call asks again', async () => {
    server = await startFakeServer([
      { status: 400, body: 'no' },
      { status: 200, body: JSON.stringify({ value: 'tok2' }) },
    ]);
    const src = createTokenSource(env(server), noSleep);
    await expect(src.getToken('a')).rejects.toThrow();
    await expect(src.getToken('a')).resolves.toBe('tok2');
  });

  it('a silent endpoint fails inside the request deadline, naming it', async () => {
    server = await startFakeServer(['hang']);
    const src = createTokenSource(env(server), {
      ...noSleep,
      requestTimeoutMs: 150,
      maxAttempts: 2,
    });
    await expect(src.getToken('a')).rejects.toThrow(
      /the GitHub OIDC token endpoint \(127\.0\.0\.1:\d+\) did not answer within 150 ms \(after 2 attempts\)/,
    );
    expect(server.requests).toHaveLength(2);
  });

  it('the overall deadline bounds all attempts', async () => {
    server = await startFakeServer(['hang']);
    const src = createTokenSource(env(server), {
      ...noSleep,
      requestTimeoutMs: 5_000,
      timeoutMs: 200,
    });
    // The overall deadline fired, not the 5 s request timeout: its message says so.
    await expect(src.getToken('a')).rejects.toThrow(/did not finish within 200 ms/);
  });

  it('rejects a body without a token', async () => {
    server = await startFakeServer([{ status: 200, body: '{"nope":1}' }]);
    await expect(createTokenSource(env(server), noSleep).getToken('a')).rejects.toThrow(
      /without a token in "value"/,
    );
  });

  it('prefetch never leaves an unhandled rejection', async () => {
    const src = createTokenSource({ GITHUB_ACTIONS: 'true' });
    src.prefetch('a');
    await new Promise((r) => setTimeout(r, 20));
    await expect(src.getToken('a')).rejects.toThrow(/id-token: write/);
  });
});
