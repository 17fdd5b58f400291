/**
 * Which proxy a request goes through, as configured: the action's `http-proxy` input, else
 * `https_proxy`/`HTTPS_PROXY` (https:// endpoints) and `http_proxy`/`HTTP_PROXY` (http://
 * endpoints), lower case first as curl reads them, and `no_proxy`/`NO_PROXY`. Pure and light:
 * everything that connects through a proxy (the agents, the NO_PROXY matcher) is in
 * `proxy-agent.ts`, a chunk of its own loaded only when a proxy is configured.
 *
 * A proxy URL's password never appears in a message: it is shown as `***` (`redactProxyUrl`), and
 * the action masks it (`proxySecrets`).
 */

/** A proxy server from a proxy URL: `http://[user[:password]@]host[:port]` or `https://…`. */
export interface ProxyServer {
  /** The proxy's URL without path or query; user name and password percent-encoded. */
  readonly url: URL;
  /** The URL as messages show it: the password replaced by `***`. */
  readonly display: string;
  /** Where it was configured: `HTTPS_PROXY`, `http_proxy`, `the http-proxy input`… */
  readonly source: string;
  /** The password, percent-decoded (what the proxy receives), if any. */
  readonly password?: string;
}

/** A proxy setting that cannot be used: every request it would apply to fails with `message`. */
export interface ProxyProblem {
  readonly source: string;
  readonly message: string;
}

export interface ProxyConfig {
  /** The proxy of http:// endpoints. */
  readonly http: ProxyServer | ProxyProblem | undefined;
  /** The proxy of https:// endpoints. */
  readonly https: ProxyServer | ProxyProblem | undefined;
  /** The hosts that bypass the proxy (`no_proxy`/`NO_PROXY`), as written; '' for none. */
  readonly noProxy: string;
  readonly noProxySource: string | undefined;
}

/** A proxy URL that cannot be used; the message names the setting and never the password. */
export class ProxyConfigError extends Error {
  override name = 'ProxyConfigError';
}

export function isProxyServer(p: ProxyServer | ProxyProblem | undefined): p is ProxyServer {
  return p !== undefined && 'url' in p;
}

/** `text` with the password of a `scheme://user:password@host` URL in it replaced by `***`. */
export function redactUserinfo(text: string): string {
  // The user information runs to the last `@` (a password may hold `@`, `/` or `:` unencoded).
  const at = text.lastIndexOf('@');
  if (at < 0) return text;
  const scheme = /^\s*[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(text)?.[0] ?? '';
  const userinfo = text.slice(scheme.length, at);
  const colon = userinfo.indexOf(':');
  return colon < 0 ? text : `${scheme}${userinfo.slice(0, colon)}:***${text.slice(at)}`;
}

/** How a proxy URL is shown: scheme, user, `***` for the password, host and port. */
export function redactProxyUrl(url: URL): string {
  const user = url.username;
  const auth = user || url.password ? `${user}${url.password ? ':***' : ''}@` : '';
  return `${url.protocol}//${auth}${url.host}`;
}

function decodePart(part: string, what: string, source: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new ProxyConfigError(
      `${source}: the ${what} in the proxy URL is not valid percent-encoding (write % as %25)`,
    );
  }
}

/**
 * Parses a proxy URL. A URL without a scheme is `http://` (as curl reads it); only `http:` and
 * `https:` proxies are supported. The user name and password may be percent-encoded (`%40` for
 * `@`). Throws `ProxyConfigError` naming `source`, with the password redacted.
 */
export function parseProxyUrl(text: string, source: string): ProxyServer {
  const raw = text.trim();
  const withScheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(raw) ? raw : `http://${raw}`;
  let parsed: URL;
  try {
    parsed = new URL(withScheme);
  } catch {
    throw new ProxyConfigError(
      `${source} is not a proxy URL such as http://proxy.example.com:3128: "${redactUserinfo(raw)}"`,
    );
  }
  const shown = redactProxyUrl(parsed);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ProxyConfigError(
      `${source} names a ${parsed.protocol.replace(/:$/, '')} proxy (${shown}); esc-action supports http:// and https:// proxies`,
    );
  }
  if (parsed.hostname === '') {
    throw new ProxyConfigError(`${source} names no proxy host: "${redactUserinfo(raw)}"`);
  }
  decodePart(parsed.username, 'user name', source);
  const password = decodePart(parsed.password, 'password', source);
  const url = new URL(`${parsed.protocol}//${parsed.host}`);
  url.username = parsed.username;
  url.password = parsed.password;
  return {
    url,
    display: shown,
    source,
    ...(password !== '' ? { password } : {}),
  };
}

function parseSetting(text: string, source: string): ProxyServer | ProxyProblem {
  try {
    return parseProxyUrl(text, source);
  } catch (err) {
    return { source, message: err instanceof Error ? err.message : String(err) };
  }
}

/** The first of `names` set to a non-empty value in `env` (an empty value counts as unset). */
function firstSet(
  env: NodeJS.ProcessEnv,
  names: readonly string[],
): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') return { name, value };
  }
  return undefined;
}

/**
 * The proxy configuration for `env` and the `http-proxy` input (which, when set, is the proxy of
 * every request, http:// and https:// alike; NO_PROXY still applies). Undefined when no proxy is
 * configured: then nothing of the proxy code is loaded. A URL that cannot be used is kept as a
 * problem, reported by the requests that would use it. Never throws.
 */
export function resolveProxyConfig(
  env: NodeJS.ProcessEnv,
  input?: string,
): ProxyConfig | undefined {
  let http: ProxyServer | ProxyProblem | undefined;
  let https: ProxyServer | ProxyProblem | undefined;
  if (input !== undefined && input.trim() !== '') {
    http = https = parseSetting(input, 'the http-proxy input');
  } else {
    const h = firstSet(env, ['http_proxy', 'HTTP_PROXY']);
    const s = firstSet(env, ['https_proxy', 'HTTPS_PROXY']);
    http = h && parseSetting(h.value, h.name);
    https = s && parseSetting(s.value, s.name);
  }
  if (http === undefined && https === undefined) return undefined;
  const no = firstSet(env, ['no_proxy', 'NO_PROXY']);
  return { http, https, noProxy: no?.value ?? '', noProxySource: no?.name };
}

/**
 * The forms of every proxy password in `config` the log could show: as the proxy receives it, as
 * written in the URL, and the Basic credentials (`base64(user:password)`) of Proxy-Authorization.
 * The action masks them before anything prints.
 */
export function proxySecrets(config: ProxyConfig | undefined): string[] {
  const out = new Set<string>();
  for (const p of [config?.http, config?.https]) {
    if (!isProxyServer(p) || p.password === undefined) continue;
    out.add(p.password);
    if (p.url.password !== '') out.add(p.url.password);
    // As a proxy receives them (Proxy-Authorization: Basic …), and may quote them on its pages.
    const user = decodeURIComponent(p.url.username);
    out.add(Buffer.from(`${user}:${p.password}`).toString('base64'));
  }
  return [...out];
}

/** What `proxy-agent.ts` offers once loaded. */
export type ProxyRouting = import('./proxy-agent.js').ProxyRouting;

const loaded = new WeakMap<ProxyConfig, Promise<ProxyRouting>>();

/** Loads the proxy chunk (once) and the routing of `config`, shared by every request. */
export function proxyRouting(config: ProxyConfig): Promise<ProxyRouting> {
  let routing = loaded.get(config);
  if (routing === undefined) {
    routing = import('./proxy-agent.js').then((m) =>
      m.createProxyRouting(config, proxyAuthMessage),
    );
    loaded.set(config, routing);
  }
  return routing;
}

/** The message for a proxy's `407 Proxy Authentication Required`: names the proxy, never the password. */
export function proxyAuthMessage(proxy: ProxyServer): string {
  const hasCredentials = proxy.url.username !== '' || proxy.password !== undefined;
  return (
    `the proxy ${proxy.display} (${proxy.source}) answered HTTP 407 Proxy Authentication Required: ` +
    (hasCredentials
      ? 'it refused the user name and password in the proxy URL'
      : 'it wants a user name and password; put them in the proxy URL (http://user:password@host:port, percent-encoded)')
  );
}
