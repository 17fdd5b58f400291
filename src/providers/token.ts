/**
 * Where the OIDC token comes from: the GitHub runner's token endpoint (what `core.getIDToken`
 * does, but over `node:http(s)` with a deadline on every request and our retry policy), or the
 * file named by `AWS_WEB_IDENTITY_TOKEN_FILE` outside a runner. Loads nothing heavy: no
 * `@actions/core`, no global `fetch`.
 */
import { readFile } from 'node:fs/promises';
import type { Agent } from 'node:http';
import { describeAnswer } from './answer.js';
import { MAX_RESPONSE_BYTES, readBody } from './body-limit.js';
import { decodeJwtPayload, scrub } from './errors.js';
import {
  proxyAuthMessage,
  proxyRouting,
  proxySecrets,
  resolveProxyConfig,
  type ProxyConfig,
  type ProxyServer,
} from './proxy.js';
import {
  DEFAULT_RETRY_POLICY,
  HttpStatusError,
  type Clock,
  formatMs,
  operationDeadline,
  realClock,
  withRetry,
  withTimeout,
} from './retry.js';
import { sendTokenRequest, tokenRequestUrl, type SentTokenRequest } from './token-request.js';

export { tokenRequestUrl } from './token-request.js';

export interface TokenSourceOptions {
  /**
   * Called with each secret the source handles: the token as soon as it is received, and the
   * password of a configured proxy at once (the action masks them).
   */
  mask?: (secret: string) => void;
  /** The action's `http-proxy` input: the proxy of the token request; else the proxy variables. */
  httpProxy?: string;
  /** Deadline of one request to the token endpoint (default 10 s). */
  requestTimeoutMs?: number;
  /** Deadline of getting one token, retries included (default 30 s). */
  timeoutMs?: number;
  maxAttempts?: number;
  debug?: (msg: string) => void;
  /** For tests. */
  sleep?: Clock['sleep'];
  random?: () => number;
  now?: () => number;
  /** The token request the action's entry already sent (no proxy): the first attempt takes it. */
  sent?: SentTokenRequest;
}

export interface TokenSource {
  /** `runner`, `file`, or `none` (getToken rejects with a message saying what to do). */
  readonly kind: 'runner' | 'file' | 'none';
  getToken(audience: string): Promise<string>;
  /** Starts getting the token for `audience` now; the promise is shared with later getToken calls. */
  prefetch(audience: string): void;
  /**
   * Gives up every request still in flight (a prefetched token nobody took), so that it does not
   * keep the process alive once the action is done. Later getToken calls fail.
   */
  close(): void;
}

const ID_TOKEN_PERMISSIONS = [
  'permissions:',
  '  id-token: write   # lets the job request the OIDC token',
  '  contents: read',
].join('\n');

/** Chooses the token source for `env`. Never throws: a missing source fails on first use. */
export function createTokenSource(
  env: NodeJS.ProcessEnv,
  options: TokenSourceOptions = {},
): TokenSource {
  const url = env.ACTIONS_ID_TOKEN_REQUEST_URL;
  const bearer = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  const file = env.AWS_WEB_IDENTITY_TOKEN_FILE;
  const proxy = resolveProxyConfig(env, options.httpProxy);
  for (const secret of proxySecrets(proxy)) options.mask?.(secret);
  let kind: TokenSource['kind'];
  let fetchToken: (audience: string) => Promise<string>;
  const closing = new AbortController();
  if (url && bearer) {
    kind = 'runner';
    fetchToken = (audience) =>
      requestRunnerToken(url, bearer, audience, options, proxy, closing.signal);
  } else if (file) {
    kind = 'file';
    fetchToken = (audience) => readTokenFile(file, audience, options);
  } else {
    kind = 'none';
    fetchToken = async () => {
      throw new Error(await missingTokenMessage(env));
    };
  }
  const mask = options.mask;
  const now = options.now ?? Date.now;
  const cache = new Map<string, Promise<string>>();
  const get = (audience: string): Promise<string> => {
    const cached = cache.get(audience);
    if (cached) return cached;
    const p = fetchToken(audience).then((token) => {
      mask?.(token);
      return token;
    });
    // A failed token is not kept for later calls.
    p.catch(() => {
      if (cache.get(audience) === p) cache.delete(audience);
    });
    cache.set(audience, p);
    return p;
  };
  return {
    kind,
    getToken: async (audience) => {
      const token = await get(audience);
      const exp = decodeJwtPayload(token)?.exp;
      if (typeof exp === 'number' && exp * 1000 - now() < 60_000) {
        // Expired or about to: get a fresh one.
        cache.delete(audience);
        return get(audience);
      }
      return token;
    },
    prefetch: (audience) => {
      // Nobody may ever await it: never let it become an unhandled rejection.
      get(audience).catch(() => undefined);
    },
    close: () => closing.abort(new Error('the action is done')),
  };
}

/** The message when no token source is configured, specific to the runner and to fork PRs. */
export async function missingTokenMessage(env: NodeJS.ProcessEnv): Promise<string> {
  if (env.GITHUB_ACTIONS !== 'true') {
    return (
      'no OIDC token is available. In a GitHub Actions job, give the job `permissions: id-token: write`; ' +
      'elsewhere, set AWS_WEB_IDENTITY_TOKEN_FILE to the path of a file holding a web identity token ' +
      '(or use aws-login `static` credentials).'
    );
  }
  const fork = await forkPullRequest(env);
  if (fork) {
    return (
      `no OIDC token is available: this run is for a pull request from the fork ${fork}, and GitHub never ` +
      'gives runs for pull requests from forks an OIDC token (ACTIONS_ID_TOKEN_REQUEST_URL is not set), ' +
      'whatever the permissions. To still check the environment in such runs without opening providers, set ' +
      'the action input `check-only: true` for them, e.g.\n' +
      '  with:\n' +
      '    check-only: ${{ github.event.pull_request.head.repo.fork }}'
    );
  }
  return (
    'no OIDC token is available: ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set. ' +
    'Give the job (or the workflow) permission to request it:\n' +
    ID_TOKEN_PERMISSIONS.replace(/^/gm, '  ')
  );
}

/**
 * For a `pull_request*` event (not `pull_request_target`, which runs with the base repository's
 * rights), the fork's `owner/name` when the head repository is a fork or differs from the base.
 */
export async function forkPullRequest(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const event = env.GITHUB_EVENT_NAME ?? '';
  if (!event.startsWith('pull_request') || event === 'pull_request_target') return undefined;
  if (!env.GITHUB_EVENT_PATH) return undefined;
  let payload: unknown;
  try {
    payload = JSON.parse(await readFile(env.GITHUB_EVENT_PATH, 'utf8'));
  } catch {
    return undefined;
  }
  const pr = (
    payload as {
      pull_request?: {
        head?: { repo?: { fork?: unknown; full_name?: unknown } };
        base?: { repo?: { full_name?: unknown } };
      };
    }
  )?.pull_request;
  const head = pr?.head?.repo;
  const base = pr?.base?.repo;
  if (!head) return undefined;
  const headName = typeof head.full_name === 'string' ? head.full_name : 'a fork';
  if (head.fork === true) return headName;
  if (
    typeof head.full_name === 'string' &&
    typeof base?.full_name === 'string' &&
    head.full_name !== base.full_name
  ) {
    return headName;
  }
  return undefined;
}

async function readTokenFile(
  file: string,
  audience: string,
  options: TokenSourceOptions,
): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const why =
      (err as { code?: string }).code ?? (err instanceof Error ? err.message : String(err));
    throw new Error(
      `could not read the web identity token from AWS_WEB_IDENTITY_TOKEN_FILE (${file}): ${why}`,
      {
        cause: err,
      },
    );
  }
  const token = text.trim();
  if (!token)
    throw new Error(`the web identity token file AWS_WEB_IDENTITY_TOKEN_FILE (${file}) is empty`);
  options.debug?.(`read the OIDC token from ${file} (audience ${audience} is the file's own)`);
  return token;
}

async function requestRunnerToken(
  base: string,
  bearer: string,
  audience: string,
  options: TokenSourceOptions,
  proxyConfig: ProxyConfig | undefined,
  /** Aborted when the token source is closed. */
  closed?: AbortSignal,
): Promise<string> {
  const requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const clock: Clock = {
    now: options.now ?? realClock.now,
    sleep: options.sleep ?? realClock.sleep,
    random: options.random ?? realClock.random,
  };
  const target = new URL(tokenRequestUrl(base, audience));
  const where = `the GitHub OIDC token endpoint (${target.host})`;
  const overall = operationDeadline(`Getting the OIDC token from ${where}`, timeoutMs, closed);
  let attempts = 0;
  // The proxy is named in every message: what did not answer may be the proxy, not the endpoint.
  let via = '';
  try {
    const routing = proxyConfig && (await proxyRouting(proxyConfig));
    const proxy = routing?.proxyFor(target);
    const agent =
      proxy && routing?.agents()[target.protocol === 'https:' ? 'httpsAgent' : 'httpAgent'];
    via = routing?.describe(target) ?? '';
    return await withRetry(
      async (n) => {
        attempts = n;
        return withTimeout(where, requestTimeoutMs, overall.signal, (signal) =>
          getJson(
            target,
            bearer,
            signal,
            proxy && agent ? { proxy, agent } : undefined,
            proxy ? undefined : options.sent,
          ),
        );
      },
      {
        policy: {
          ...DEFAULT_RETRY_POLICY,
          maxAttempts: options.maxAttempts ?? DEFAULT_RETRY_POLICY.maxAttempts,
        },
        clock,
        signal: overall.signal,
        deadline: clock.now() + timeoutMs,
        onRetry: (err, n, delay) =>
          options.debug?.(
            `token request attempt ${n} failed (${errorMessage(err)}); retrying in ${formatMs(delay)}`,
          ),
      },
    );
  } catch (err) {
    const suffix = attempts > 1 ? ` (after ${attempts} attempts)` : '';
    throw new Error(`could not get the GitHub OIDC token${via}: ${errorMessage(err)}${suffix}`, {
      cause: err,
    });
  } finally {
    overall.dispose();
  }
}

function errorMessage(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return typeof code === 'string' && !err.message.includes(code)
      ? `${err.message} (${code})`
      : err.message;
  }
  return String(err);
}

async function getJson(
  url: URL,
  bearer: string,
  signal: AbortSignal,
  through?: { proxy: ProxyServer; agent: Agent },
  sent?: SentTokenRequest,
): Promise<string> {
  const res = await (sent?.take(url, bearer, signal) ??
    sendTokenRequest(url, bearer, { signal, ...(through ? { agent: through.agent } : {}) }));
  const body = (
    await readBody(
      res,
      res.headers,
      MAX_RESPONSE_BYTES,
      `the GitHub OIDC token endpoint (${url.host})`,
    )
  ).toString('utf8');
  const status = res.statusCode ?? 0;
  const type = res.headers['content-type'];
  // The bearer is a secret of the runner's; a proxy might echo it back.
  const answer = (note: string) => scrub(describeAnswer(status, type, body, note), [bearer]);
  if (status === 407 && through) throw new HttpStatusError(proxyAuthMessage(through.proxy), 407);
  if (status < 200 || status >= 300) {
    throw new HttpStatusError(`${url.host} answered ${answer('')}`, status);
  }
  let value: unknown;
  try {
    value = (JSON.parse(body) as { value?: unknown }).value;
  } catch {
    throw new Error(`${url.host} answered ${answer(' with a body that is not JSON')}`);
  }
  if (typeof value !== 'string' || value === '') {
    throw new Error(`${url.host} answered HTTP ${status} without a token in "value"`);
  }
  return value;
}
