// The step's proxy choice in the refresh state: stored without passwords, restored exactly (a
// password only from the caller's variable of the same name naming the same proxy).
import { resolveProxyConfig } from '../../../src/providers/proxy.js';
import { parseState } from '../../../src/refresh/cache.js';
import { ProxyStoreError, restoreProxy, storeProxy } from '../../../src/refresh/proxy.js';

const recipe = [
  {
    kind: 'web-identity',
    roleArn: 'arn:aws:iam::111111111111:role/r',
    sessionName: 's',
    durationSeconds: 3600,
    audience: 'sts.amazonaws.com',
    region: 'us-east-1',
    endpoint: 'https://sts.us-east-1.amazonaws.com',
  },
];

/** What a proxy configuration routes where, comparable across two resolutions. */
const routes = (env: NodeJS.ProcessEnv, input = '') => {
  const c = resolveProxyConfig(env, input);
  const one = (p: unknown) => {
    const s = p as { url?: URL; source?: string } | undefined;
    return s?.url !== undefined ? { url: String(s.url), source: s.source } : p;
  };
  return c && { http: one(c.http), https: one(c.https), noProxy: c.noProxy };
};

describe('storeProxy and restoreProxy', () => {
  it('stores nothing without a proxy', () => {
    expect(storeProxy({ NO_PROXY: 'x' }, '')).toBeUndefined();
    expect(restoreProxy(undefined, { HTTPS_PROXY: 'http://evil:1' })).toEqual({
      env: {},
      httpProxy: '',
    });
  });

  it('keeps the variables the step used, by name, and rebuilds the same routing', () => {
    const step = {
      https_proxy: 'http://proxy.internal:3128',
      HTTPS_PROXY: 'http://ignored:1',
      HTTP_PROXY: 'http://plain.internal:8080',
      no_proxy: '169.254.169.254,.internal',
    };
    const stored = storeProxy(step, '');
    expect(stored).toEqual({
      variables: {
        HTTP_PROXY: 'http://plain.internal:8080',
        https_proxy: 'http://proxy.internal:3128',
        no_proxy: '169.254.169.254,.internal',
      },
      passwordFrom: [],
    });
    // The caller's own proxy variables change nothing.
    const restored = restoreProxy(stored, { HTTPS_PROXY: 'http://elsewhere:9', NO_PROXY: '*' });
    expect(routes(restored.env, restored.httpProxy)).toEqual(routes(step));
  });

  it('keeps the http-proxy input, which outranks the variables', () => {
    const stored = storeProxy({ HTTPS_PROXY: 'http://other:1', NO_PROXY: 'a' }, 'proxy:3128');
    expect(stored).toEqual({
      input: 'http://proxy:3128',
      variables: { NO_PROXY: 'a' },
      passwordFrom: [],
    });
    const restored = restoreProxy(stored, {});
    expect(routes(restored.env, restored.httpProxy)).toEqual(
      routes({ NO_PROXY: 'a' }, 'http://proxy:3128'),
    );
  });

  it.each([
    'http://user:s3cret-pw@proxy:3128',
    'http://user:s3cret%40pw@proxy:3128',
    'user:s3cret-pw@proxy:3128',
  ])('refuses a password in the http-proxy input (%s)', (input) => {
    expect(() => storeProxy({}, input)).toThrow(ProxyStoreError);
    expect(() => storeProxy({}, input)).toThrow(/http-proxy input holds a password/);
    try {
      storeProxy({}, input);
    } catch (err) {
      expect(String(err)).not.toContain('s3cret');
    }
  });

  it("takes a variable's password from the caller only when it names the same proxy", () => {
    const url = 'http://user:s3cret-pw@proxy.internal:3128';
    const stored = storeProxy({ HTTPS_PROXY: url }, '');
    expect(JSON.stringify(stored)).not.toContain('s3cret');
    expect(stored?.passwordFrom).toEqual(['HTTPS_PROXY']);
    expect(restoreProxy(stored, { HTTPS_PROXY: url }).env).toEqual({ HTTPS_PROXY: url });
    for (const caller of [
      {},
      { HTTPS_PROXY: 'http://user@proxy.internal:3128' },
      { HTTPS_PROXY: 'http://user:pw@evil.example:3128' },
      { HTTPS_PROXY: 'http://other:pw@proxy.internal:3128' },
      { HTTPS_PROXY: 'http://user:pw@proxy.internal:3129' },
      { https_proxy: url },
    ]) {
      let message = '';
      try {
        restoreProxy(stored, caller);
      } catch (err) {
        message = String(err);
      }
      expect(message).toContain('needs its password');
      expect(message).toContain('http://user:***@proxy.internal:3128');
      expect(message).toContain("set HTTPS_PROXY in the job's env");
      expect(message).not.toContain('s3cret');
    }
  });

  it('keeps an unusable proxy setting unusable, its password hidden', () => {
    const stored = storeProxy({ HTTPS_PROXY: 'socks5://u:s3cret@h:1' }, '');
    expect(JSON.stringify(stored)).not.toContain('s3cret');
    const restored = restoreProxy(stored, {});
    const c = resolveProxyConfig(restored.env, restored.httpProxy);
    expect(c?.https && 'message' in c.https ? c.https.message : '').toContain('socks5 proxy');
  });
});

describe('the refresh state', () => {
  const base = { version: 1, recipe, requestTimeoutMs: 1000, timeoutMs: 2000 };
  it('needs the endpoint of every step, an http(s) URL', () => {
    expect(parseState(base)).toEqual(base);
    const without = { ...recipe[0], endpoint: undefined };
    expect(parseState({ ...base, recipe: [without] })).toBeUndefined();
    for (const endpoint of ['file:///etc/passwd', 'not a url', 'https://u:p@sts.example']) {
      expect(parseState({ ...base, recipe: [{ ...recipe[0], endpoint }] })).toBeUndefined();
    }
  });

  it('checks the stored proxy', () => {
    const proxy = { variables: { HTTPS_PROXY: 'http://p:1' }, passwordFrom: [] };
    expect(parseState({ ...base, proxy })).toEqual({ ...base, proxy });
    for (const bad of [
      { variables: { PATH: '/x' }, passwordFrom: [] },
      { variables: {}, passwordFrom: ['HTTPS_PROXY'] },
      { input: 3, variables: {}, passwordFrom: [] },
      'http://p:1',
    ]) {
      expect(parseState({ ...base, proxy: bad })).toBeUndefined();
    }
  });
});
