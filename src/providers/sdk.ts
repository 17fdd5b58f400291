/**
 * Sending one AWS SDK command under our policy: the SDK's own retries off (maxAttempts 1),
 * connection/request timeouts on the handler, an abort signal per attempt, our retry loop around
 * it, and the endpoint that was called remembered for messages.
 */
import { MAX_RESPONSE_BYTES, readBody, readBounded, responseTooLarge } from './body-limit.js';
import type { BodyStream } from './body-limit.js';
import type { ResolvedOptions } from './options.js';
import { configuredEndpoint } from './options.js';
import { FOREIGN_BODY_LIMIT, describeAnswer, isForeignAnswer } from './answer.js';
import { proxyAuthMessage, proxyRouting, type ProxyConfig } from './proxy.js';
import {
  DeadlineError,
  HttpStatusError,
  RequestTimeoutError,
  formatMs,
  withRetry,
  withTimeout,
} from './retry.js';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Where `clientConfig` leaves the proxy configuration for the client's own middleware. */
const PROXY_CONFIG = Symbol('esc-action proxy configuration');

/** The proxy configuration a client was built with (`clientConfig`), if any. */
function proxyConfigOf(client: unknown): ProxyConfig | undefined {
  const config = (client as { config?: Record<symbol, unknown> } | undefined)?.config;
  return config?.[PROXY_CONFIG] as ProxyConfig | undefined;
}

/**
 * The client configuration every provider uses. `credentials` absent: an unsigned client. With a
 * proxy configured, the request handler's options are resolved on the client's first request:
 * the proxy chunk is loaded then, and its agents route each request (NO_PROXY per host).
 */
export function clientConfig(
  o: ResolvedOptions,
  region: string,
  serviceEnvId: string,
  credentials: Credentials | undefined,
): Record<string, unknown> {
  const config: Record<string, unknown> = {
    region,
    maxAttempts: 1,
    // Never probe instance metadata to pick defaults (AWS_DEFAULTS_MODE=auto would).
    defaultsMode: 'legacy',
    requestHandler: handlerOptions(o),
    // Never look for credentials in profiles, IMDS or the environment: either the login given
    // as input, or a provider that fails loudly if an unsigned command ever asks for one.
    credentials:
      credentials ??
      (async () => {
        throw new Error('internal error: an unsigned request asked for AWS credentials');
      }),
  };
  const endpoint = configuredEndpoint(o.env, serviceEnvId);
  if (endpoint) config.endpoint = endpoint;
  if (o.proxy) (config as Record<symbol, unknown>)[PROXY_CONFIG] = o.proxy;
  return config;
}

/** The SDK request handler's options: our deadlines, and with a proxy, its routing agents. */
function handlerOptions(o: ResolvedOptions): unknown {
  const timeouts = { connectionTimeout: o.requestTimeoutMs, requestTimeout: o.requestTimeoutMs };
  const proxy = o.proxy;
  if (proxy === undefined) return timeouts;
  return async () => ({ ...timeouts, ...(await proxyRouting(proxy)).agents() });
}

/**
 * The client configuration the SDK resolves on a client's first request (region, FIPS and
 * dual-stack flags, app id, retry settings: environment variables, then the shared config files),
 * all memoized providers whose first call reads files.
 */
const FIRST_SEND_CONFIG = [
  'region',
  'useFipsEndpoint',
  'useDualstackEndpoint',
  'userAgentAppId',
  'authSchemePreference',
  'maxAttempts',
  'retryMode',
] as const;

/**
 * Starts resolving what the client's first request would resolve, so that it is done while
 * something else is awaited (aws-login: the OIDC token). Only memoized providers are called, so
 * the request later gets the same values; a failure is left for the request itself to report.
 */
export function resolveClientConfig(client: unknown): void {
  const config = (client as { config?: Record<string, unknown> } | undefined)?.config ?? {};
  // The endpoint set in the shared config files is looked up only without an endpoint of our own.
  const names: readonly string[] =
    config.isCustomEndpoint === true || config.ignoreConfiguredEndpointUrls === true
      ? FIRST_SEND_CONFIG
      : [...FIRST_SEND_CONFIG, 'serviceConfiguredEndpoint'];
  for (const name of names) {
    const provider = config[name];
    if (typeof provider !== 'function') continue;
    try {
      Promise.resolve(provider()).catch(() => undefined);
    } catch {
      // Reported by the request.
    }
  }
}

interface SendableClient {
  send(command: unknown, options?: { abortSignal?: AbortSignal }): Promise<unknown>;
  middlewareStack: {
    add(
      mw: (
        next: (args: { request: unknown }) => Promise<unknown>,
        context: { clientName?: string; commandName?: string },
      ) => (args: { request: unknown }) => Promise<unknown>,
      options: {
        step: 'finalizeRequest' | 'deserialize';
        name: string;
        priority?: 'high' | 'normal' | 'low';
      },
    ): void;
  };
}

/** `https://host:port` of an SDK request, if it has a host. */
function endpointOf(request: unknown): string | undefined {
  const r = request as { protocol?: string; hostname?: string; port?: number } | undefined;
  if (r === undefined || r === null || typeof r.hostname !== 'string') return undefined;
  return `${r.protocol ?? 'https:'}//${r.hostname}${r.port ? `:${r.port}` : ''}`;
}

/** ` through the proxy … (HTTPS_PROXY)` for a request of a client with a proxy, else ''. */
async function proxyNote(client: unknown, request: unknown): Promise<string> {
  const config = proxyConfigOf(client);
  const r = request as { protocol?: string; hostname?: string; port?: number } | undefined;
  if (config === undefined || typeof r?.hostname !== 'string') return '';
  const routing = await proxyRouting(config);
  return routing.describe({ protocol: r.protocol ?? 'https:', hostname: r.hostname, port: r.port });
}

/** The proxy notes of the requests each client sent last (see `trackEndpoint`). */
const lastProxyNote = new WeakMap<object, string>();

/** The base URL each client sent its last request to (see `endpointCalled`). */
const lastBaseUrl = new WeakMap<object, string>();

/** `https://host:port/path` of an SDK request, its path's trailing `/` dropped. */
function baseUrlOf(request: unknown): string | undefined {
  const origin = endpointOf(request);
  if (origin === undefined) return undefined;
  const p = (request as { path?: unknown }).path;
  const path = typeof p === 'string' ? p.replace(/\/+$/, '') : '';
  return `${origin}${path}`;
}

/**
 * The endpoint (scheme, host, port, base path) the client last sent a request to, as the SDK
 * resolved it from the client's configuration, the environment and the shared config files; a
 * client must be tracked (`trackEndpoint`). What credential refresh replays against.
 */
export function endpointCalled(client: unknown): string | undefined {
  return lastBaseUrl.get(client as object);
}

/**
 * Remembers the URL the client last sent a request to, and the proxy it went through (for "which
 * endpoint timed out"), and refuses answers that are not AWS's (see `refuseForeignAnswers`).
 */
export function trackEndpoint(client: unknown): () => string | undefined {
  let last: string | undefined;
  let via = '';
  const proxied = proxyConfigOf(client) !== undefined;
  (client as SendableClient).middlewareStack.add(
    (next) => async (args) => {
      const endpoint = endpointOf(args.request);
      if (endpoint !== undefined) {
        last = endpoint;
        const base = baseUrlOf(args.request);
        if (base !== undefined) lastBaseUrl.set(client as object, base);
        if (proxied) {
          via = await proxyNote(client, args.request);
          lastProxyNote.set(client as object, via);
        }
      }
      return next(args);
    },
    { step: 'finalizeRequest', name: 'escActionTrackEndpoint' },
  );
  refuseForeignAnswers(client);
  return () => (last === undefined ? undefined : `${last}${via}`);
}

interface ResponseLike {
  statusCode?: number;
  headers?: Record<string, string | undefined>;
  body?: unknown;
}

/**
 * Before the SDK parses an answer: an error status, or a content type that is neither XML nor
 * JSON, has its body read (bounded) and looked at. A proxy's HTML page, plain text or an empty
 * error body fails as an `HttpStatusError` with the status and an excerpt (the SDK would say
 * "Unknown" or quote its parser); anything else goes on to the SDK unchanged.
 */
export function refuseForeignAnswers(client: unknown): void {
  (client as SendableClient).middlewareStack.add(
    (next) => async (args) => {
      const result = (await next(args)) as { response?: ResponseLike };
      const res = result?.response;
      const status = res?.statusCode;
      if (!res || typeof status !== 'number') return result;
      if (status === 407) {
        const config = proxyConfigOf(client);
        const r = args.request as { protocol?: string; hostname?: string; port?: number };
        const proxy =
          config && typeof r?.hostname === 'string'
            ? (await proxyRouting(config)).proxyFor({
                protocol: r.protocol ?? 'https:',
                hostname: r.hostname,
                port: r.port,
              })
            : undefined;
        if (proxy) throw new HttpStatusError(proxyAuthMessage(proxy), 407);
      }
      const type = res.headers?.['content-type'] ?? res.headers?.['Content-Type'];
      const ok = status >= 200 && status < 300;
      if (ok && type !== undefined && /xml|json/i.test(type)) return result;
      const { bytes, complete } = await readBounded(res.body, FOREIGN_BODY_LIMIT);
      const text = new TextDecoder('utf-8').decode(bytes);
      if (complete && !isForeignAnswer(status, text)) {
        res.body = bytes;
        return result;
      }
      const where = `${endpointOf(args.request) ?? 'the endpoint'}${await proxyNote(client, args.request)}`;
      throw new HttpStatusError(
        `${where} answered ${describeAnswer(status, type, text, ', not an AWS response')}`,
        status,
      );
    },
    { step: 'deserialize', name: 'escActionRefuseForeignAnswers', priority: 'low' },
  );
}

/**
 * Caps the response bodies a client reads (body-limit.ts): the innermost step around the HTTP
 * handler reads the body, failing past `max` bytes with an error naming the operation and the
 * endpoint, and hands the SDK's deserializer the bytes read.
 */
export function limitResponseBody(client: unknown, max = MAX_RESPONSE_BYTES): void {
  (client as SendableClient).middlewareStack.add(
    (next, context) => async (args) => {
      const out = (await next(args)) as {
        response?: { body?: unknown; headers?: Record<string, string | undefined> };
      };
      const res = out.response;
      const body = res?.body;
      if (res === undefined || body === undefined || body === null) return out;
      const service = (context.clientName ?? 'AWS').replace(/Client$/, '');
      const operation = (context.commandName ?? 'request').replace(/Command$/, '');
      const endpoint = `${service} ${operation} at ${endpointOf(args.request) ?? 'its endpoint'}`;
      if (typeof body === 'string' || body instanceof Uint8Array) {
        if (Buffer.byteLength(body) > max) throw responseTooLarge(endpoint, max);
      } else if (typeof (body as Partial<BodyStream>)[Symbol.asyncIterator] === 'function') {
        res.body = new Uint8Array(await readBody(body as BodyStream, res.headers, max, endpoint));
      }
      return out;
    },
    { step: 'deserialize', name: 'escActionLimitResponseBody', priority: 'low' },
  );
}

export interface SendContext {
  /** e.g. `STS AssumeRoleWithWebIdentity`. */
  operation: string;
  /** The whole open's signal (deadline and cancellation). */
  signal: AbortSignal;
  /** Absolute clock time of the whole open's deadline. */
  deadline: number;
  endpoint: () => string | undefined;
  /** Receives the attempt count, for messages. */
  onAttempt?: (n: number) => void;
}

/** Sends `command` on `client` with a deadline per attempt and our retry policy. */
export async function send<T>(
  o: ResolvedOptions,
  client: unknown,
  command: unknown,
  ctx: SendContext,
): Promise<T> {
  const c = client as SendableClient;
  return withRetry(
    async (n) => {
      ctx.onAttempt?.(n);
      const started = o.clock.now();
      try {
        return (await withTimeout(
          // Resolved when the deadline passes, so it names the endpoint actually called.
          () => `${ctx.operation} at ${ctx.endpoint() ?? 'its endpoint'}`,
          o.requestTimeoutMs,
          ctx.signal,
          (abortSignal) => c.send(command, { abortSignal }),
        )) as T;
      } catch (err) {
        throw namingProxy(err, lastProxyNote.get(client as object) ?? '');
      } finally {
        o.debug(`${ctx.operation} attempt ${n} took ${formatMs(o.clock.now() - started)}`);
      }
    },
    {
      policy: o.policy,
      clock: o.clock,
      signal: ctx.signal,
      deadline: ctx.deadline,
      onRetry: (err, n, delay) =>
        o.debug(
          `${ctx.operation} attempt ${n} failed (${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}); retrying in ${formatMs(delay)}`,
        ),
    },
  );
}

/**
 * A failure to reach the endpoint through a proxy (refused, reset, the SDK's socket timeouts)
 * names the proxy: it may be the proxy that failed. Answers (AWS errors, HTTP statuses) and our
 * own timeouts, which already name it, are left as they are. The copy keeps the name and the code
 * the retry policy classifies by.
 */
export function namingProxy(err: unknown, via: string): unknown {
  if (via === '' || !(err instanceof Error)) return err;
  if (err instanceof HttpStatusError || err instanceof RequestTimeoutError) return err;
  if (err instanceof DeadlineError || err.message.includes(via.trim())) return err;
  const answered = (err as { $metadata?: { httpStatusCode?: unknown } }).$metadata?.httpStatusCode;
  if (typeof answered === 'number') return err;
  const copy = new Error(`${err.message}${via}`, { cause: err });
  copy.name = err.name;
  const code = (err as { code?: unknown }).code;
  if (code !== undefined) (copy as { code?: unknown }).code = code;
  return copy;
}

const SUPPORT_WARNING = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';

/**
 * Creates an SDK client, its response bodies capped (`limitResponseBody`), without the SDK's
 * warning about its own future Node.js support (it says nothing about this tool, whose bundled
 * SDK does not change, and would print on every CLI run on Node 20). The variable is set only
 * while the client is built.
 */
export function createClient<T>(create: () => T): T {
  const build = (): T => {
    const client = create();
    limitResponseBody(client);
    return client;
  };
  if (process.env[SUPPORT_WARNING] !== undefined) return build();
  process.env[SUPPORT_WARNING] = 'true';
  try {
    return build();
  } finally {
    delete process.env[SUPPORT_WARNING];
  }
}
