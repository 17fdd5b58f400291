// Generated from proxy.mjs by gen-types.mjs; do not edit.
/**
 * The S3 operation name for a REST request (the common ones; otherwise `S3:<METHOD>`).
 * @param {string} method
 * @param {URL} url
 * @param {Record<string, string | string[] | undefined>} headers
 */
export function s3Operation(
  method: string,
  url: URL,
  headers: Record<string, string | string[] | undefined>,
): string;
/**
 * Works out which AWS call a request is.
 * @param {string} method
 * @param {string} path
 * @param {Record<string, string | string[] | undefined>} headers
 * @param {string} body
 * @returns {Pick<AwsCall, 'protocol' | 'service' | 'action' | 'params'>}
 */
export function classifyRequest(
  method: string,
  path: string,
  headers: Record<string, string | string[] | undefined>,
  body: string,
): Pick<AwsCall, 'protocol' | 'service' | 'action' | 'params'>;
/**
 * The error response a service of this protocol would send.
 * @param {AwsCall} call
 * @param {number} status
 * @param {string} code
 * @param {string} message
 * @param {'Sender' | 'Receiver'} type
 * @returns {{ status: number, headers: Record<string, string>, body: string }}
 */
export function awsErrorResponse(
  call: AwsCall,
  status: number,
  code: string,
  message: string,
  type: 'Sender' | 'Receiver',
): {
  status: number;
  headers: Record<string, string>;
  body: string;
};
/**
 * Starts the proxy on a free loopback port, forwarding to `targetUrl`.
 * `expiresInSeconds` makes the credentials STS issues look short-lived: the `Expiration` of every
 * AssumeRole, AssumeRoleWithWebIdentity, AssumeRoleWithSAML and GetSessionToken answer is
 * rewritten to that many seconds from now (moto itself does not expire credentials).
 * @param {string} targetUrl
 * @param {{ latencyMs?: number, expiresInSeconds?: number }} [options]
 * @returns {Promise<AwsProxy>}
 */
export function startAwsProxy(
  targetUrl: string,
  options?: {
    latencyMs?: number;
    expiresInSeconds?: number;
  },
): Promise<AwsProxy>;
export namespace stsErrors {
  function accessDenied(): {
    kind: 'error';
    status: number;
    type: 'Sender';
    code: string;
    message: string;
  };
  function durationExceeded(): {
    kind: 'error';
    status: number;
    type: 'Sender';
    code: string;
    message: string;
  };
  function invalidIdentityToken(message?: string): {
    kind: 'error';
    status: number;
    type: 'Sender';
    code: string;
    message: string;
  };
  function idpCommunicationError(): {
    kind: 'error';
    status: number;
    type: 'Sender';
    code: string;
    message: string;
  };
  function expiredToken(): {
    kind: 'error';
    status: number;
    type: 'Sender';
    code: string;
    message: string;
  };
}
export type AwsCall = {
  seq: number;
  /**
   * Date.now() when the request arrived
   */
  time: number;
  method: string;
  /**
   * path and query as received
   */
  path: string;
  protocol: 'query' | 'json' | 'rest' | 'cbor';
  /**
   * from the SigV4 credential scope, or inferred
   */
  service: string | undefined;
  /**
   * e.g. AssumeRoleWithWebIdentity, GetSecretValue, PutObject
   */
  action: string;
  /**
   * the form parameters of a query-protocol call
   */
  params: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  /**
   * request body as UTF-8 (binary bodies are not meaningful here)
   */
  body: string;
  /**
   * the status sent back (undefined if hung or reset)
   */
  status: number | undefined;
  /**
   * the fault kind applied, if any
   */
  fault: string | undefined;
  durationMs: number | undefined;
  /**
   * the answer's body (query/JSON protocols only)
   */
  responseBody: string | undefined;
};
export type FaultRule = {
  /**
   * which calls (default: all)
   */
  action?: string | RegExp | ((call: AwsCall) => boolean) | undefined;
  /**
   * only calls to this service (e.g. 'sts', 's3')
   */
  service?: string | undefined;
  /**
   *   throttle: the protocol's throttling error (STS `Throttling` 400, JSON `ThrottlingException` 400, S3 `SlowDown` 503);
   *   status: an HTTP `status` (default 500) with the protocol's error body;
   *   reset: destroy the connection; hang: accept, never answer;
   *   error: a fixed AWS error (`status`, `code`, `message`, `type`);
   *   latency: delay by `latencyMs`, then go on (to another rule or to the target);
   *   answer: send what `answer(call)` returns (a body no AWS service sends, an echo of the request).
   */
  kind: 'throttle' | 'status' | 'reset' | 'hang' | 'error' | 'latency' | 'answer';
  /**
   * how many matching calls it applies to (default: every one)
   */
  times?: number | undefined;
  status?: number | undefined;
  code?: string | undefined;
  message?: string | undefined;
  type?: 'Sender' | 'Receiver' | undefined;
  latencyMs?: number | undefined;
  answer?:
    | ((call: AwsCall) => {
        status: number;
        contentType?: string;
        body: string;
      })
    | undefined;
};
export type FaultHandle = {
  /**
   * how many calls it has applied to
   */
  hits: number;
  remove: () => void;
};
export type AwsProxy = {
  url: string;
  calls: AwsCall[];
  /**
   * calls whose action equals `action`
   */
  callsTo: (action: string) => AwsCall[];
  inject: (rule: FaultRule) => FaultHandle;
  clearFaults: () => void;
  /**
   * delay added to every request
   */
  setLatency: (ms: number) => void;
  /**
   *   rewrite the `Expiration` of the next `times` (default: every) AssumeRole... and GetSessionToken
   *   answers to `seconds` from now; undefined stops rewriting
   */
  setExpiresIn: (seconds: number | undefined, times?: number) => void;
  /**
   * forget recorded calls and faults (the expiry rewrite stays)
   */
  reset: () => void;
  stop: () => Promise<void>;
};
