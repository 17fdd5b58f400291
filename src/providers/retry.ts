/**
 * The one retry policy for every request the providers make (token endpoint, STS, Secrets
 * Manager, SSM): retry only what can succeed later, with capped exponential backoff and full
 * jitter, a bounded number of attempts, no sleep after the last attempt, a deadline on every
 * attempt and one on the whole operation. Clock, sleep and random are injected for tests.
 */

/** Error codes (SDK `name`) that mean "slow down": always retried. */
export const THROTTLING_CODES: ReadonlySet<string> = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequestsException',
  'SlowDown',
]);

/** Error codes that describe a fault of the caller or of the configuration: never retried. */
export const PERMANENT_CODES: ReadonlySet<string> = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'InvalidIdentityToken',
  'ExpiredTokenException',
  'ValidationError',
  'ValidationException',
  'MalformedPolicyDocument',
  'PackedPolicyTooLarge',
  'RegionDisabledException',
  'RegionDisabled',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
]);

/** Codes of transient server-side conditions that are retried although the status is 4xx. */
const TRANSIENT_CODES: ReadonlySet<string> = new Set([
  'IDPCommunicationError',
  'IDPCommunicationErrorException',
]);

/** Node socket error codes worth another attempt. */
const NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'ERR_HTTP2_STREAM_ERROR',
]);

/**
 * One attempt did not answer within its own deadline. Retryable: the next attempt may be luckier.
 */
export class RequestTimeoutError extends Error {
  override readonly name = 'RequestTimeoutError';
  constructor(
    readonly what: string,
    readonly timeoutMs: number,
  ) {
    super(`${what} did not answer within ${formatMs(timeoutMs)}`);
  }
}

/** The whole operation ran out of time (or was cancelled). Never retried. */
export class DeadlineError extends Error {
  override readonly name = 'DeadlineError';
}

/** An HTTP failure of a request made without the SDK (the token endpoint). */
export class HttpStatusError extends Error {
  override readonly name = 'HttpStatusError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  Code?: unknown;
  cause?: unknown;
  $fault?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  status?: unknown;
}

/** The AWS error code of an SDK error (its `name`, or `Code` for some query-protocol errors). */
export function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as ErrorLike;
  if (typeof e.Code === 'string') return e.Code;
  if (typeof e.name === 'string' && e.name !== 'Error') return e.name;
  return undefined;
}

function httpStatus(err: ErrorLike): number | undefined {
  if (err instanceof HttpStatusError) return err.status;
  const s = err.$metadata?.httpStatusCode;
  return typeof s === 'number' ? s : undefined;
}

function networkCode(err: unknown, depth = 0): string | undefined {
  if (typeof err !== 'object' || err === null || depth > 4) return undefined;
  const e = err as ErrorLike;
  if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return e.code;
  return networkCode(e.cause, depth + 1);
}

/** Whether another attempt could succeed. */
export function isRetryable(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  if (err instanceof DeadlineError) return false;
  if (err instanceof RequestTimeoutError) return true;
  const e = err as ErrorLike;
  const code = errorCode(err);
  if (code !== undefined) {
    if (PERMANENT_CODES.has(code)) return false;
    if (THROTTLING_CODES.has(code) || TRANSIENT_CODES.has(code)) return true;
    // The SDK's own socket/connection timeouts.
    if (code === 'TimeoutError') return true;
  }
  const status = httpStatus(e);
  if (status !== undefined) return status >= 500 || status === 429;
  if (e.$fault === 'server') return true;
  return networkCode(err) !== undefined;
}

export interface RetryPolicy {
  /** Attempts in all, the first included (≥ 1). */
  maxAttempts: number;
  /** The cap of the first backoff window; doubles each retry. */
  baseDelayMs: number;
  /** No backoff window is larger than this. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
};

/**
 * The sleep before retry number `retry` (1 for the sleep after the first failure): full jitter,
 * uniformly in [0, min(maxDelay, base * 2^(retry-1))).
 */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number): number {
  const window = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * window);
}

export interface Clock {
  now(): number;
  /** Resolves after `ms`, rejects with the signal's reason as soon as it aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  random(): number;
}

export function realSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortReason(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: realSleep,
  random: () => Math.random(),
};

function abortReason(signal: AbortSignal | undefined): Error {
  const r: unknown = signal?.reason;
  if (r instanceof Error) return r;
  return new DeadlineError(typeof r === 'string' ? r : 'cancelled');
}

export interface RetryOptions {
  policy: RetryPolicy;
  clock: Clock;
  /** Aborts the whole operation (its reason is thrown); checked before every attempt and sleep. */
  signal?: AbortSignal;
  /** Absolute time (clock.now()) after which no new attempt starts and no sleep runs past. */
  deadline?: number;
  /** Overrides the classification. */
  retryable?: (err: unknown) => boolean;
  /** Called before each sleep, for debug logs. */
  onRetry?: (err: unknown, attempt: number, delayMs: number) => void;
}

/**
 * Runs `attempt` until it succeeds, fails with a permanent error, the attempts are spent or the
 * deadline would be passed. Throws the last error (never sleeps after it).
 */
export async function withRetry<T>(
  attempt: (n: number) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const { policy, clock, signal, deadline } = options;
  const retryable = options.retryable ?? isRetryable;
  const max = Math.max(1, Math.floor(policy.maxAttempts));
  for (let n = 1; ; n++) {
    if (signal?.aborted) throw abortReason(signal);
    try {
      return await attempt(n);
    } catch (err) {
      if (signal?.aborted) throw abortReason(signal);
      if (n >= max || !retryable(err)) throw err;
      const delay = backoffDelay(n, policy, () => clock.random());
      if (deadline !== undefined && clock.now() + delay >= deadline) throw err;
      options.onRetry?.(err, n, delay);
      await clock.sleep(delay, signal);
    }
  }
}

export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

/**
 * An AbortSignal that aborts when any of `signals` does (with its reason). `AbortSignal.any` is
 * missing from early Node 20 releases, hence this helper. Returns a disposer for the listeners.
 */
export function anySignal(signals: readonly (AbortSignal | undefined)[]): {
  signal: AbortSignal;
  dispose: () => void;
} {
  const controller = new AbortController();
  const cleanups: (() => void)[] = [];
  const dispose = (): void => {
    for (const c of cleanups.splice(0)) c();
  };
  for (const s of signals) {
    if (s === undefined) continue;
    if (s.aborted) {
      controller.abort(s.reason);
      dispose();
      break;
    }
    const onAbort = (): void => {
      controller.abort(s.reason);
      dispose();
    };
    s.addEventListener('abort', onAbort, { once: true });
    cleanups.push(() => s.removeEventListener('abort', onAbort));
  }
  return { signal: controller.signal, dispose };
}

/**
 * Runs one attempt with its own deadline: `run` receives a signal that aborts after `timeoutMs`
 * (with a `RequestTimeoutError` naming `what`, a function when only known later) or when `parent` aborts. The returned promise
 * settles by the deadline even if `run` ignores its signal.
 */
export async function withTimeout<T>(
  what: string | (() => string),
  timeoutMs: number,
  parent: AbortSignal | undefined,
  run: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const timeout = new AbortController();
  const timer = setTimeout(
    () =>
      timeout.abort(new RequestTimeoutError(typeof what === 'string' ? what : what(), timeoutMs)),
    timeoutMs,
  );
  const { signal, dispose } = anySignal([timeout.signal, parent]);
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(abortReason(signal));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([run(signal), aborted]);
  } catch (err) {
    // The SDK reports an abort as its own AbortError: report why we aborted instead.
    if (signal.aborted) throw abortReason(signal);
    throw err;
  } finally {
    clearTimeout(timer);
    if (onAbort) signal.removeEventListener('abort', onAbort);
    dispose();
    aborted.catch(() => undefined);
  }
}

/**
 * A signal for a whole operation: aborts after `timeoutMs` with a `DeadlineError` saying `what`
 * ran out of time, or when `parent` aborts. Call `dispose` when done so no timer is left behind.
 */
export function operationDeadline(
  what: string,
  timeoutMs: number,
  parent?: AbortSignal,
): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const timer = setTimeout(
    () =>
      controller.abort(new DeadlineError(`${what} did not finish within ${formatMs(timeoutMs)}`)),
    timeoutMs,
  );
  timer.unref?.();
  const parentReason = (): Error => {
    const r: unknown = parent?.reason;
    return r instanceof Error
      ? new DeadlineError(`${what} was cancelled: ${r.message}`)
      : new DeadlineError(`${what} was cancelled`);
  };
  const onParent = (): void => controller.abort(parentReason());
  if (parent?.aborted) onParent();
  else parent?.addEventListener('abort', onParent, { once: true });
  return {
    signal: controller.signal,
    dispose: () => {
      clearTimeout(timer);
      parent?.removeEventListener('abort', onParent);
    },
  };
}

/** Settles like `p`, or rejects with the signal's reason as soon as `signal` aborts. */
export function raceSignal<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    p.catch(() => undefined);
    return Promise.reject(abortReason(signal));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
