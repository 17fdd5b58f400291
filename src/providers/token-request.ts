/**
 * The request to the runner's OIDC token endpoint as it leaves: `node:http(s)` loaded
 * synchronously and nothing else imported, so the action's entry can send it before it loads
 * anything (src/action/entry-first.ts), and the token source (token.ts) can take that request as
 * its first attempt.
 */
import type { Agent, ClientRequest, IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';

/** The token endpoint URL with the audience, as the runner protocol wants it. */
export function tokenRequestUrl(base: string, audience: string): string {
  return `${base}${base.includes('?') ? '&' : '?'}audience=${encodeURIComponent(audience)}`;
}

/**
 * `node:http` or `node:https`, loaded synchronously: with `await import()` the action's next
 * chunk would load and compile (tens of milliseconds) before the request leaves, while the
 * request should be in flight during that load.
 */
function httpModule(protocol: string): typeof import('node:http') {
  const id = protocol === 'http:' ? 'node:http' : 'node:https';
  return createRequire(import.meta.url)(id) as typeof import('node:http');
}

/** A token request on its way: the request, and its response (headers; body unread). */
interface OpenRequest {
  readonly request: ClientRequest;
  readonly response: Promise<IncomingMessage>;
}

function openTokenRequest(
  url: URL,
  bearer: string,
  options: { signal?: AbortSignal; agent?: Agent },
): OpenRequest {
  const mod = httpModule(url.protocol);
  let request!: ClientRequest;
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    request = mod.request(
      url,
      {
        method: 'GET',
        headers: {
          Accept: 'application/json',
          Authorization: `Bearer ${bearer}`,
          'User-Agent': 'esc-action',
        },
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.agent ? { agent: options.agent } : {}),
      },
      resolve,
    );
    request.on('error', reject);
    request.end();
  });
  return { request, response };
}

/** Sends the token request; resolves with the response (its body unread). */
export function sendTokenRequest(
  url: URL,
  bearer: string,
  options: { signal: AbortSignal; agent?: Agent },
): Promise<IncomingMessage> {
  return openTokenRequest(url, bearer, options).response;
}

/** A token request sent before there was a token source, kept for that source's first attempt. */
export interface SentTokenRequest {
  /**
   * Settles when the request has left (handed to the network), has failed, or after `waitMs`,
   * whichever comes first: what the action loads next can wait for it, so that the main
   * thread is free to connect and send.
   */
  left(waitMs: number): Promise<void>;
  /**
   * The response, to the first caller asking for the same URL with the same bearer; undefined
   * otherwise (then the caller sends its own request). Aborting `signal` aborts the request.
   */
  take(url: URL, bearer: string, signal: AbortSignal): Promise<IncomingMessage> | undefined;
}

/** Sends the token request now, directly (no proxy), for a token source to take later. */
export function sendTokenRequestNow(url: URL, bearer: string): SentTokenRequest {
  // No AbortSignal here (it costs its set-up on the way out): an abort destroys the request.
  const { request, response } = openTokenRequest(url, bearer, {});
  // Until it is taken nobody awaits it: a failure must not become an unhandled rejection.
  response.catch(() => undefined);
  const gone = new Promise<void>((resolve) => {
    request.once('finish', resolve);
    request.once('close', resolve);
  });
  let taken = false;
  // Until a token source takes it, the request must not keep the process alive: if the action
  // fails to load, or never opens aws-login after all, the step ends without waiting for an
  // answer that nobody reads (a token endpoint that never answers would hold it until killed).
  request.once('socket', (socket) => {
    if (!taken) socket.unref();
  });
  return {
    left: (waitMs) =>
      Promise.race([gone, new Promise<void>((resolve) => setTimeout(resolve, waitMs).unref())]),
    take(target, token, signal) {
      if (taken || target.href !== url.href || token !== bearer) return undefined;
      taken = true;
      request.socket?.ref();
      const abort = () =>
        request.destroy(signal.reason instanceof Error ? signal.reason : undefined);
      if (signal.aborted) abort();
      else signal.addEventListener('abort', abort, { once: true });
      return response;
    },
  };
}
