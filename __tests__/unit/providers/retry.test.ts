import {
  DeadlineError,
  HttpStatusError,
  RequestTimeoutError,
  backoffDelay,
  isRetryable,
  withRetry,
  withTimeout,
  type Clock,
  type RetryPolicy,
} from '../../../src/providers/retry.js';

function awsError(
  name: string,
  status: number,
  fault: 'client' | 'server' = status >= 500 ? 'server' : 'client',
): Error {
  return Object.assign(new Error(`${name} happened`), {
    name,
    $fault: fault,
    $metadata: { httpStatusCode: status },
  });
}

/** A clock whose sleep only advances time, recording each sleep. */
function fakeClock(random = 0.5): Clock & { sleeps: number[]; t: number } {
  const c = {
    t: 1_000,
    sleeps: [] as number[],
    now: () => c.t,
    sleep: async (ms: number) => {
      c.sleeps.push(ms);
      c.t += ms;
    },
    random: () => random,
  };
  return c;
}

const policy: RetryPolicy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1_000 };

describe('isRetryable', () => {
  it.each([
    ['Throttling', 400],
    ['ThrottlingException', 400],
    ['RequestLimitExceeded', 400],
    ['TooManyRequestsException', 429],
    ['IDPCommunicationError', 400],
    ['InternalFailure', 500],
    ['ServiceUnavailable', 503],
  ])('retries %s (%i)', (name, status) => {
    expect(isRetryable(awsError(name, status))).toBe(true);
  });

  it.each([
    ['AccessDenied', 403],
    ['InvalidIdentityToken', 400],
    ['ValidationError', 400],
    ['MalformedPolicyDocument', 400],
    ['PackedPolicyTooLarge', 400],
    ['RegionDisabledException', 403],
    ['ExpiredTokenException', 400],
    ['ResourceNotFoundException', 400],
    ['SomethingElse', 404],
  ])('never retries %s (%i)', (name, status) => {
    expect(isRetryable(awsError(name, status))).toBe(false);
  });

  it('retries network resets and timeouts, also when wrapped', () => {
    expect(isRetryable(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe(
      true,
    );
    expect(
      isRetryable(
        new Error('outer', { cause: Object.assign(new Error('x'), { code: 'ETIMEDOUT' }) }),
      ),
    ).toBe(true);
    expect(isRetryable(Object.assign(new Error('t'), { name: 'TimeoutError' }))).toBe(true);
    expect(isRetryable(new RequestTimeoutError('STS', 10))).toBe(true);
  });

  it('retries token endpoint 5xx and 429, not other 4xx', () => {
    expect(isRetryable(new HttpStatusError('x', 503))).toBe(true);
    expect(isRetryable(new HttpStatusError('x', 429))).toBe(true);
    expect(isRetryable(new HttpStatusError('x', 401))).toBe(false);
    expect(isRetryable(new HttpStatusError('x', 404))).toBe(false);
  });

  it('does not retry plain errors, deadlines or non-errors', () => {
    expect(isRetryable(new Error('boom'))).toBe(false);
    expect(isRetryable(new DeadlineError('late'))).toBe(false);
    expect(isRetryable('string')).toBe(false);
    expect(isRetryable(Object.assign(new Error('x'), { code: 'ENOTFOUND' }))).toBe(false);
  });
});

describe('backoffDelay', () => {
  it('doubles the window and caps it', () => {
    const max = (n: number): number => backoffDelay(n, policy, () => 0.999999);
    expect([1, 2, 3, 4, 5, 6].map(max)).toEqual([99, 199, 399, 799, 999, 999]);
  });
  it('is full jitter: random 0 gives 0', () => {
    expect(backoffDelay(4, policy, () => 0)).toBe(0);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(200);
  });
});

describe('withRetry', () => {
  it('retries throttling and returns the success, sleeping between attempts only', async () => {
    const clock = fakeClock();
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls++;
        if (calls < 3) throw awsError('Throttling', 400);
        return 'ok';
      },
      { policy, clock },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(3);
    expect(clock.sleeps).toEqual([50, 100]);
  });

  it('stops after maxAttempts with no sleep after the last attempt', async () => {
    const clock = fakeClock();
    let calls = 0;
    const err = awsError('ServiceUnavailable', 503);
    await expect(
      withRetry(
        async () => {
          calls++;
          throw err;
        },
        { policy, clock },
      ),
    ).rejects.toBe(err);
    expect(calls).toBe(5);
    expect(clock.sleeps).toHaveLength(4);
  });

  it('fails at once on a permanent error', async () => {
    const clock = fakeClock();
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw awsError('AccessDenied', 403);
        },
        { policy, clock },
      ),
    ).rejects.toThrow('AccessDenied happened');
    expect(calls).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('does not sleep past the deadline', async () => {
    const clock = fakeClock(0.999);
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          clock.t += 100; // each attempt takes 100 ms
          throw awsError('Throttling', 400);
        },
        { policy, clock, deadline: clock.t + 450 },
      ),
    ).rejects.toThrow('Throttling');
    // attempt 1 (t=1100), sleep 99 (1199), attempt 2 (1299), next sleep 199 would reach 1498 ≥ 1450.
    expect(calls).toBe(2);
    expect(clock.sleeps).toEqual([99]);
  });

  it('throws the signal reason when aborted, without further attempts', async () => {
    const clock = fakeClock();
    const ac = new AbortController();
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          ac.abort(new DeadlineError('time is up'));
          throw awsError('Throttling', 400);
        },
        { policy, clock, signal: ac.signal },
      ),
    ).rejects.toThrow('time is up');
    expect(calls).toBe(1);
  });

  it('treats maxAttempts below 1 as 1', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw awsError('Throttling', 400);
        },
        { policy: { ...policy, maxAttempts: 0 }, clock: fakeClock() },
      ),
    ).rejects.toThrow();
    expect(calls).toBe(1);
  });
});

describe('withTimeout', () => {
  it('rejects with a RequestTimeoutError naming the target even if the work ignores the signal', async () => {
    const p = withTimeout(
      () => 'STS at http://x',
      30,
      undefined,
      () => new Promise(() => undefined),
    );
    // The work never settles: only the timeout can end it.
    await expect(p).rejects.toThrow('STS at http://x did not answer within 30 ms');
  });

  it('passes the parent abort reason through', async () => {
    const ac = new AbortController();
    const p = withTimeout('x', 10_000, ac.signal, () => new Promise(() => undefined));
    ac.abort(new DeadlineError('overall'));
    await expect(p).rejects.toThrow('overall');
  });

  it('reports why it aborted instead of the callee abort error', async () => {
    const p = withTimeout(
      'svc',
      20,
      undefined,
      (signal) =>
        new Promise((_, reject) =>
          signal.addEventListener('abort', () =>
            reject(Object.assign(new Error('Request aborted'), { name: 'AbortError' })),
          ),
        ),
    );
    await expect(p).rejects.toBeInstanceOf(RequestTimeoutError);
  });
});
