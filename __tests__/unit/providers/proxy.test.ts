import { InputError, parseHttpProxy, readInputs } from '../../../src/action/inputs.js';
import {
  ProxyConfigError,
  isProxyServer,
  parseProxyUrl,
  proxyAuthMessage,
  proxySecrets,
  redactUserinfo,
  resolveProxyConfig,
  type ProxyConfig,
  type ProxyProblem,
  type ProxyServer,
} from '../../../src/providers/proxy.js';
import * as https from 'node:https';
import * as net from 'node:net';
import { PassThrough } from 'node:stream';
import {
  MAX_CONNECT_HEAD_BYTES,
  createProxyRouting,
  readConnectAnswer,
} from '../../../src/providers/proxy-agent.js';
import { HttpStatusError, RequestTimeoutError, isRetryable } from '../../../src/providers/retry.js';
import { namingProxy } from '../../../src/providers/sdk.js';

const server = (p: ProxyServer | ProxyProblem | undefined): ProxyServer => {
  if (!isProxyServer(p)) throw new Error(`not a proxy server: ${JSON.stringify(p)}`);
  return p;
};
const shown = (p: ProxyServer | ProxyProblem | undefined) => server(p).display;

describe('resolveProxyConfig: the variables and the input', () => {
  it('is undefined when no proxy is configured, NO_PROXY alone included', () => {
    expect(resolveProxyConfig({})).toBeUndefined();
    expect(resolveProxyConfig({ NO_PROXY: '*', no_proxy: 'x' })).toBeUndefined();
    expect(resolveProxyConfig({ HTTP_PROXY: '', https_proxy: '  ' }, '')).toBeUndefined();
  });

  it('takes HTTP_PROXY for http:// and HTTPS_PROXY for https:// endpoints, never one for the other', () => {
    const c = resolveProxyConfig({ HTTPS_PROXY: 'http://s.test:1', HTTP_PROXY: 'http://h.test:2' });
    expect(shown(c?.https)).toBe('http://s.test:1');
    expect(shown(c?.http)).toBe('http://h.test:2');
    expect(resolveProxyConfig({ HTTPS_PROXY: 'http://s.test:1' })?.http).toBeUndefined();
    expect(resolveProxyConfig({ HTTP_PROXY: 'http://h.test:2' })?.https).toBeUndefined();
  });

  test.each([
    ['https_proxy', 'HTTPS_PROXY', 'https'],
    ['http_proxy', 'HTTP_PROXY', 'http'],
  ] as const)('%s wins over %s when both are set', (lower, upper, scheme) => {
    const c = resolveProxyConfig({
      [lower]: 'http://lower.test:1',
      [upper]: 'http://upper.test:2',
    });
    expect(server(c?.[scheme]).source).toBe(lower);
    expect(shown(c?.[scheme])).toBe('http://lower.test:1');
    // An empty lower-case variable counts as unset.
    const d = resolveProxyConfig({ [lower]: '', [upper]: 'http://upper.test:2' });
    expect(server(d?.[scheme]).source).toBe(upper);
  });

  it('no_proxy wins over NO_PROXY', () => {
    const c = resolveProxyConfig({
      HTTP_PROXY: 'p.test:1',
      no_proxy: 'a.test',
      NO_PROXY: 'b.test',
    });
    expect(c?.noProxy).toBe('a.test');
    expect(c?.noProxySource).toBe('no_proxy');
    expect(resolveProxyConfig({ HTTP_PROXY: 'p.test:1', NO_PROXY: 'b.test' })?.noProxy).toBe(
      'b.test',
    );
  });

  it('the http-proxy input is the proxy of both schemes, in place of the variables; NO_PROXY still applies', () => {
    const c = resolveProxyConfig(
      { HTTP_PROXY: 'http://env.test:1', HTTPS_PROXY: 'http://env.test:2', NO_PROXY: 'x.test' },
      'http://input.test:3128',
    );
    for (const p of [c?.http, c?.https]) {
      expect(shown(p)).toBe('http://input.test:3128');
      expect(server(p).source).toBe('the http-proxy input');
    }
    expect(c?.noProxy).toBe('x.test');
  });

  it('keeps an unusable URL as a problem of the scheme it applies to, without the password', () => {
    const c = resolveProxyConfig({
      HTTPS_PROXY: 'socks5://u:hunter22@s.test:1080',
      HTTP_PROXY: 'h.test:1',
    });
    expect(isProxyServer(c?.https)).toBe(false);
    expect((c?.https as ProxyProblem).message).toBe(
      'HTTPS_PROXY names a socks5 proxy (socks5://u:***@s.test:1080); esc-action supports http:// and https:// proxies',
    );
    expect(isProxyServer(c?.http)).toBe(true);
  });
});

describe('parseProxyUrl', () => {
  it('reads host:port without a scheme as http://', () => {
    const p = parseProxyUrl('proxy.test:3128', 'HTTP_PROXY');
    expect(p.url.href).toBe('http://proxy.test:3128/');
    expect(p.display).toBe('http://proxy.test:3128');
  });

  it('drops a path and query, keeps an https:// proxy and IPv6 hosts', () => {
    expect(parseProxyUrl('https://p.test:8443/some/path?q=1', 'X').url.href).toBe(
      'https://p.test:8443/',
    );
    expect(parseProxyUrl('http://[::1]:3128', 'X').display).toBe('http://[::1]:3128');
  });

  it('percent-decodes the password, shows it as *** and keeps the user name', () => {
    const p = parseProxyUrl('http://al%69ce:p%40ss%3Aw%2Frd@p.test:3128', 'HTTP_PROXY');
    expect(p.password).toBe('p@ss:w/rd');
    expect(p.display).toBe('http://al%69ce:***@p.test:3128');
    expect(p.display).not.toContain('p%40ss');
    // The agents decode what the URL holds: the encoded form is kept there.
    expect(decodeURIComponent(p.url.password)).toBe('p@ss:w/rd');
  });

  it('takes an unencoded @ in the password up to the last @', () => {
    const p = parseProxyUrl('http://user:p@ss@p.test:3128', 'HTTP_PROXY');
    expect(p.password).toBe('p@ss');
    expect(p.url.hostname).toBe('p.test');
    expect(p.display).toBe('http://user:***@p.test:3128');
  });

  test.each([
    ['socks5://user:hunter22@p.test:1080', 'names a socks5 proxy (socks5://user:***@p.test:1080)'],
    [
      'http://user:hunter22@',
      'is not a proxy URL such as http://proxy.example.com:3128: "http://user:***@"',
    ],
    [
      'http://user:hunter22@bad host:1',
      'is not a proxy URL such as http://proxy.example.com:3128: "http://user:***@bad host:1"',
    ],
    [
      'http://user:hun%zzter22@p.test:1',
      'the password in the proxy URL is not valid percent-encoding',
    ],
    [
      'http://us%zzer:hunter22@p.test:1',
      'the user name in the proxy URL is not valid percent-encoding',
    ],
  ])('refuses %s, naming the setting without the password', (url, message) => {
    let err: unknown;
    try {
      parseProxyUrl(url, 'HTTP_PROXY');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ProxyConfigError);
    const text = (err as Error).message;
    expect(text).toContain('HTTP_PROXY');
    expect(text).toContain(message);
    expect(text).not.toMatch(/hunter22|hun%zzter22/);
  });
});

describe('redactUserinfo', () => {
  test.each([
    ['http://user:secret@host:1', 'http://user:***@host:1'],
    ['user:secret@host:1', 'user:***@host:1'],
    ['http://user@host:1', 'http://user@host:1'],
    ['http://host:1', 'http://host:1'],
    ['http://u:s@cr@t@host', 'http://u:***@host'],
  ])('%s → %s', (text, expected) => {
    expect(redactUserinfo(text)).toBe(expected);
  });
});

describe('proxySecrets', () => {
  const basic = (userPass: string) => Buffer.from(userPass).toString('base64');

  it('lists each password as decoded and as written, and the Basic credentials, once', () => {
    const c = resolveProxyConfig({}, 'http://%75:p%40ss@p.test:1');
    expect(proxySecrets(c).sort()).toEqual([basic('u:p@ss'), 'p%40ss', 'p@ss'].sort());
    expect(proxySecrets(resolveProxyConfig({ HTTP_PROXY: 'http://u:plain@p.test:1' }))).toEqual([
      'plain',
      basic('u:plain'),
    ]);
    expect(proxySecrets(resolveProxyConfig({ HTTP_PROXY: 'http://u@p.test:1' }))).toEqual([]);
    expect(proxySecrets(undefined)).toEqual([]);
  });
});

describe('proxyAuthMessage', () => {
  it('says whether the proxy refused the credentials or wants some', () => {
    expect(proxyAuthMessage(parseProxyUrl('http://u:pw-123@p.test:1', 'HTTPS_PROXY'))).toBe(
      'the proxy http://u:***@p.test:1 (HTTPS_PROXY) answered HTTP 407 Proxy Authentication Required: it refused the user name and password in the proxy URL',
    );
    expect(proxyAuthMessage(parseProxyUrl('p.test:1', 'HTTPS_PROXY'))).toContain(
      'it wants a user name and password',
    );
  });
});

describe('routing (the proxy chunk)', () => {
  const config = (env: NodeJS.ProcessEnv, input?: string): ProxyConfig => {
    const c = resolveProxyConfig(env, input);
    if (!c) throw new Error('no proxy configured');
    return c;
  };

  it('routes by scheme and NO_PROXY, per host and port', () => {
    const r = createProxyRouting(
      config({
        HTTPS_PROXY: 'http://u:pw-123@s.test:1',
        HTTP_PROXY: 'http://h.test:2',
        NO_PROXY: '.internal.test,127.0.0.1:4000',
      }),
      proxyAuthMessage,
    );
    expect(r.proxyFor(new URL('https://sts.amazonaws.com/'))?.display).toBe(
      'http://u:***@s.test:1',
    );
    expect(r.proxyFor(new URL('http://169.254.169.254/'))?.display).toBe('http://h.test:2');
    expect(r.proxyFor(new URL('https://vpce.internal.test/'))).toBeUndefined();
    expect(r.proxyFor(new URL('http://127.0.0.1:4000/token'))).toBeUndefined();
    expect(r.proxyFor(new URL('http://127.0.0.1:4001/token'))?.display).toBe('http://h.test:2');
    expect(r.describe(new URL('https://sts.amazonaws.com/'))).toBe(
      ' through the proxy http://u:***@s.test:1 (HTTPS_PROXY)',
    );
    expect(r.describe(new URL('https://x.internal.test/'))).toBe('');
  });

  it('fails a request whose setting is unusable, and only such a request', () => {
    const r = createProxyRouting(
      config({ HTTPS_PROXY: 'ftp://p.test', HTTP_PROXY: 'h.test:2' }),
      proxyAuthMessage,
    );
    expect(() => r.proxyFor(new URL('https://sts.amazonaws.com/'))).toThrow(
      'HTTPS_PROXY names a ftp proxy',
    );
    expect(r.describe(new URL('https://sts.amazonaws.com/'))).toBe('');
    expect(r.proxyFor(new URL('http://moto.test/'))?.display).toBe('http://h.test:2');
  });

  it('gives one agent per scheme, each with the right protocol and default port', () => {
    const { httpAgent, httpsAgent } = createProxyRouting(
      config({ HTTP_PROXY: 'h.test:2' }),
      proxyAuthMessage,
    ).agents();
    const a = httpAgent as unknown as { protocol: string; defaultPort: number };
    const b = httpsAgent as unknown as { protocol: string; defaultPort: number };
    expect([a.protocol, a.defaultPort, b.protocol, b.defaultPort]).toEqual([
      'http:',
      80,
      'https:',
      443,
    ]);
    httpAgent.destroy();
    httpsAgent.destroy();
  });
});

describe('the http-proxy input', () => {
  const inputs = (values: Record<string, string>) => readInputs((name) => values[name] ?? '');

  it('is read and checked with the other inputs', () => {
    expect(inputs({ environment: 'e' }).httpProxy).toBe('');
    expect(inputs({ environment: 'e', 'http-proxy': 'http://p.test:3128' }).httpProxy).toBe(
      'http://p.test:3128',
    );
  });

  it('fails on a URL that cannot be a proxy, naming the input and never the password', () => {
    expect(() => parseHttpProxy('socks5://me:hunter22@p.test:1080')).toThrow(InputError);
    expect(() => parseHttpProxy('socks5://me:hunter22@p.test:1080')).toThrow(
      'input "http-proxy" names a socks5 proxy (socks5://me:***@p.test:1080)',
    );
    expect(() => inputs({ environment: 'e', 'http-proxy': 'http://me:x%zz@p' })).toThrow(
      'input "http-proxy": the password in the proxy URL is not valid percent-encoding',
    );
  });
});

describe('namingProxy (sdk.ts): failures to reach an endpoint name the proxy', () => {
  const via = ' through the proxy http://u:***@p.test:1 (HTTP_PROXY)';

  it('a connection error keeps its name and code (still retried) and names the proxy', () => {
    const err = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
      code: 'ECONNREFUSED',
    });
    const named = namingProxy(err, via) as Error & { code?: string };
    expect(named.message).toBe(`connect ECONNREFUSED 127.0.0.1:1${via}`);
    expect(named.code).toBe('ECONNREFUSED');
    expect(named.cause).toBe(err);
    expect(isRetryable(named)).toBe(true);
    const timeout = Object.assign(new Error('socket timed out'), { name: 'TimeoutError' });
    expect((namingProxy(timeout, via) as Error).name).toBe('TimeoutError');
  });

  it('leaves answers, our own timeouts and requests without a proxy as they are', () => {
    const answered = Object.assign(new Error('denied'), {
      name: 'AccessDenied',
      $metadata: { httpStatusCode: 403 },
    });
    expect(namingProxy(answered, via)).toBe(answered);
    const status = new HttpStatusError('x answered HTTP 502', 502);
    expect(namingProxy(status, via)).toBe(status);
    const timeout = new RequestTimeoutError(`STS at x${via}`, 1000);
    expect(namingProxy(timeout, via)).toBe(timeout);
    const plain = new Error('connect ECONNREFUSED');
    expect(namingProxy(plain, '')).toBe(plain);
  });
});

describe('the CONNECT tunnel (proxy-agent.ts)', () => {
  const proxy = server(resolveProxyConfig({ HTTPS_PROXY: 'http://u:pw-123@p.test:1' })?.https);

  it('reads the status of the answer and what follows it', async () => {
    const socket = new PassThrough();
    const answer = readConnectAnswer(socket, proxy);
    socket.write('HTTP/1.1 200 Connection established\r\nX-A: 1');
    socket.write('\r\n\r\nmore');
    const { status, rest } = await answer;
    expect([status, rest.toString()]).toEqual([200, 'more']);
  });

  it('fails past the header limit, however the block arrives, naming the proxy', async () => {
    for (const piece of [1000, 64 * 1024]) {
      const socket = new PassThrough();
      const answer = readConnectAnswer(socket, proxy);
      socket.write('HTTP/1.1 200 OK\r\n');
      let sent = 0;
      while (sent <= MAX_CONNECT_HEAD_BYTES + piece) {
        socket.write(`X: ${'a'.repeat(piece)}\r\n`);
        sent += piece;
      }
      await expect(answer).rejects.toThrow(
        'the tunnel through the proxy http://u:***@p.test:1 (HTTPS_PROXY) failed: the answer to CONNECT has more than 16 KiB of headers',
      );
      // It stopped listening: what follows is not read.
      expect(socket.listenerCount('data')).toBe(0);
    }
  });

  it('fails on an answer that is not HTTP, and on a connection closed first', async () => {
    const a = new PassThrough();
    const notHttp = readConnectAnswer(a, proxy);
    a.write('SSH-2.0-OpenSSH\r\n\r\n');
    await expect(notHttp).rejects.toThrow('the answer to CONNECT is not HTTP');
    const b = new PassThrough();
    const closed = readConnectAnswer(b, proxy);
    b.destroy();
    await expect(closed).rejects.toThrow('closed before the answer to CONNECT');
  });

  /** A proxy on loopback that hands each connection to `onConnection`. */
  async function fakeProxy(onConnection: (socket: net.Socket) => void) {
    const sockets = new Set<net.Socket>();
    const srv = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
      onConnection(socket);
    });
    await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
    const port = (srv.address() as net.AddressInfo).port;
    return {
      port,
      sockets,
      stop: () =>
        new Promise<void>((resolve) => {
          for (const s of sockets) s.destroy();
          srv.close(() => resolve());
        }),
    };
  }

  /** An https request to 127.0.0.1:9 through `proxyUrl`; resolves with its error. */
  async function requestThrough(proxyUrl: string, signal?: AbortSignal): Promise<Error> {
    const config = resolveProxyConfig({ HTTPS_PROXY: proxyUrl });
    if (!config) throw new Error('no proxy');
    const { httpsAgent, httpAgent } = createProxyRouting(config, proxyAuthMessage).agents();
    try {
      return await new Promise<Error>((resolve) => {
        const req = https.request('https://127.0.0.1:9/', {
          agent: httpsAgent,
          ...(signal ? { signal } : {}),
        });
        req.on('error', resolve);
        req.on('response', () => resolve(new Error('answered')));
        req.end();
      });
    } finally {
      httpsAgent.destroy();
      httpAgent.destroy();
    }
  }

  it('a request that ends before the proxy answers CONNECT closes the tunnel', async () => {
    const closed: Promise<void>[] = [];
    const silent = await fakeProxy((socket) => {
      socket.on('data', () => undefined);
      closed.push(new Promise((resolve) => socket.on('close', () => resolve())));
    });
    try {
      const err = await requestThrough(`http://127.0.0.1:${silent.port}`, AbortSignal.timeout(200));
      expect(err).toBeInstanceOf(Error);
      expect(closed).toHaveLength(1);
      // The proxy sees the connection end: nothing holds it (or the process) open.
      await closed[0];
    } finally {
      await silent.stop();
    }
  });

  it('a refusal gives the status and names the proxy, never quoting the page', async () => {
    const echo = await fakeProxy((socket) =>
      socket.once('data', (head: Buffer) => {
        const page = `<html><body>Denied: ${head.toString()}</body></html>`;
        socket.end(
          `HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/html\r\nContent-Length: ${page.length}\r\n\r\n${page}`,
        );
      }),
    );
    try {
      const err = await requestThrough(`http://alice:pw-4567@127.0.0.1:${echo.port}`);
      expect(err.message).toBe(
        `the proxy http://alice:***@127.0.0.1:${echo.port} (HTTPS_PROXY) refused the tunnel to 127.0.0.1:9: HTTP 502`,
      );
      expect(isRetryable(err)).toBe(true);
      const denied = await fakeProxy((socket) =>
        socket.once('data', () => socket.end('HTTP/1.1 407 Auth\r\nContent-Length: 0\r\n\r\n')),
      );
      try {
        const auth = await requestThrough(`http://alice:pw-4567@127.0.0.1:${denied.port}`);
        expect(auth.message).toContain('answered HTTP 407 Proxy Authentication Required');
        expect(isRetryable(auth)).toBe(false);
      } finally {
        await denied.stop();
      }
    } finally {
      await echo.stop();
    }
  });
});
