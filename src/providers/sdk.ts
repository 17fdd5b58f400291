/**
 * Sending one AWS SDK command under our policy: the SDK's own retries off (maxAttempts 1),
 * connection/request timeouts on the handler, an abort signal per attempt, our retry loop around
 * it, and the endpoint that was called remembered for messages.
 */
import type { ResolvedOptions } from './options.js';
import { configuredEndpoint } from './options.js';
import { FOREIGN_BODY_LIMIT, describeAnswer, isForeignAnswer } from './answer.js';
import { HttpStatusError, formatMs, withRetry, withTimeout } from './retry.js';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** The client configuration every provider uses. `credentials` absent: an unsigned client. */
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
    requestHandler: { connectionTimeout: o.requestTimeoutMs, requestTimeout: o.requestTimeoutMs },
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
  return config;
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
      ) => (args: { request: unknown }) => Promise<unknown>,
      options: { step: 'finalizeRequest' | 'deserialize'; name: string; priority?: 'low' },
    ): void;
  };
}

/**
 * Remembers the URL the client last sent a request to (for "which endpoint timed out"), and
 * refuses answers that are not AWS's (see `refuseForeignAnswers`).
 */
export function trackEndpoint(client: unknown): () => string | undefined {
  let last: string | undefined;
  (client as SendableClient).middlewareStack.add(
    (next) => async (args) => {
      const r = args.request as RequestLike;
      if (r && typeof r.hostname === 'string') last = origin(r);
      return next(args);
    },
    { step: 'finalizeRequest', name: 'escActionTrackEndpoint' },
  );
  refuseForeignAnswers(client);
  return () => last;
}

interface RequestLike {
  protocol?: string;
  hostname?: string;
  port?: number;
}

interface ResponseLike {
  statusCode?: number;
  headers?: Record<string, string | undefined>;
  body?: unknown;
}

function origin(r: RequestLike): string {
  return `${r.protocol ?? 'https:'}//${r.hostname}${r.port ? `:${r.port}` : ''}`;
}

/** Reads at most `limit` bytes of a body (a stream, bytes or text); stops the stream there. */
export async function readBounded(
  body: unknown,
  limit: number,
): Promise<{ bytes: Uint8Array; complete: boolean }> {
  if (body === undefined || body === null) return { bytes: new Uint8Array(), complete: true };
  if (typeof body === 'string') body = Buffer.from(body);
  if (body instanceof Uint8Array)
    return { bytes: body.subarray(0, limit), complete: body.length <= limit };
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk);
    chunks.push(b);
    size += b.length;
    // Leaving the loop destroys the stream: the rest is never read.
    if (size > limit) return { bytes: Buffer.concat(chunks).subarray(0, limit), complete: false };
  }
  return { bytes: Buffer.concat(chunks), complete: true };
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
      const type = res.headers?.['content-type'] ?? res.headers?.['Content-Type'];
      const ok = status >= 200 && status < 300;
      if (ok && type !== undefined && /xml|json/i.test(type)) return result;
      const { bytes, complete } = await readBounded(res.body, FOREIGN_BODY_LIMIT);
      const text = new TextDecoder('utf-8').decode(bytes);
      if (complete && !isForeignAnswer(status, text)) {
        res.body = bytes;
        return result;
      }
      const where = origin(args.request as RequestLike);
      throw new HttpStatusError(
        `${where} answered ${describeAnswer(status, type, text, ', not an AWS response')}`,
        status,
      );
    },
    { step: 'deserialize', name: 'escActionRefuseForeignAnswers', priority: 'low' },
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

const SUPPORT_WARNING = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';

/**
 * Creates an SDK client without the SDK's warning about its own future Node.js support (it says
 * nothing about this tool, whose bundled SDK does not change, and would print on every CLI run
 * on Node 20). The variable is set only while the client is built.
 */
export function createClient<T>(create: () => T): T {
  if (process.env[SUPPORT_WARNING] !== undefined) return create();
  process.env[SUPPORT_WARNING] = 'true';
  try {
    return create();
  } finally {
    delete process.env[SUPPORT_WARNING];
  }
}
