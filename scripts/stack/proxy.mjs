// A recording, fault-injecting HTTP reverse proxy in front of moto (or any AWS endpoint).
import { createServer, request as httpRequest } from 'node:http';
import { randomUUID } from 'node:crypto';
import { URLSearchParams } from 'node:url';

/**
 * @typedef {object} AwsCall
 * @property {number} seq
 * @property {number} time          Date.now() when the request arrived
 * @property {string} method
 * @property {string} path          path and query as received
 * @property {'query' | 'json' | 'rest' | 'cbor'} protocol
 * @property {string | undefined} service  from the SigV4 credential scope, or inferred
 * @property {string} action        e.g. AssumeRoleWithWebIdentity, GetSecretValue, PutObject
 * @property {Record<string, string>} params  the form parameters of a query-protocol call
 * @property {Record<string, string | string[] | undefined>} headers
 * @property {string} body          request body as UTF-8 (binary bodies are not meaningful here)
 * @property {number | undefined} status  the status sent back (undefined if hung or reset)
 * @property {string | undefined} fault   the fault kind applied, if any
 * @property {number | undefined} durationMs
 * @property {string | undefined} responseBody  the answer's body (query/JSON protocols only)
 */

/**
 * @typedef {object} FaultRule
 * @property {string | RegExp | ((call: AwsCall) => boolean)} [action]  which calls (default: all)
 * @property {string} [service]   only calls to this service (e.g. 'sts', 's3')
 * @property {'throttle' | 'status' | 'reset' | 'hang' | 'error' | 'latency' | 'answer'} kind
 *   throttle: the protocol's throttling error (STS `Throttling` 400, JSON `ThrottlingException` 400, S3 `SlowDown` 503);
 *   status: an HTTP `status` (default 500) with the protocol's error body;
 *   reset: destroy the connection; hang: accept, never answer;
 *   error: a fixed AWS error (`status`, `code`, `message`, `type`);
 *   latency: delay by `latencyMs`, then go on (to another rule or to the target);
 *   answer: send what `answer(call)` returns (a body no AWS service sends, an echo of the request).
 * @property {number} [times]     how many matching calls it applies to (default: every one)
 * @property {number} [status]
 * @property {string} [code]
 * @property {string} [message]
 * @property {'Sender' | 'Receiver'} [type]
 * @property {number} [latencyMs]
 * @property {(call: AwsCall) => { status: number, contentType?: string, body: string }} [answer]
 */

/**
 * @typedef {object} FaultHandle
 * @property {number} hits      how many calls it has applied to
 * @property {() => void} remove
 */

/**
 * @typedef {object} AwsProxy
 * @property {string} url
 * @property {AwsCall[]} calls
 * @property {(action: string) => AwsCall[]} callsTo  calls whose action equals `action`
 * @property {(rule: FaultRule) => FaultHandle} inject
 * @property {() => void} clearFaults
 * @property {(ms: number) => void} setLatency  delay added to every request
 * @property {(seconds: number | undefined, times?: number) => void} setExpiresIn
 *   rewrite the `Expiration` of the next `times` (default: every) AssumeRole... and GetSessionToken
 *   answers to `seconds` from now; undefined stops rewriting
 * @property {() => void} reset  forget recorded calls and faults (the expiry rewrite stays)
 * @property {() => Promise<void>} stop
 */

/** Ready-made STS refusals, shaped as STS sends them. */
export const stsErrors = {
  accessDenied: () => ({
    kind: /** @type {const} */ ('error'),
    status: 403,
    type: /** @type {const} */ ('Sender'),
    code: 'AccessDenied',
    message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity',
  }),
  durationExceeded: () => ({
    kind: /** @type {const} */ ('error'),
    status: 400,
    type: /** @type {const} */ ('Sender'),
    code: 'ValidationError',
    message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
  }),
  invalidIdentityToken: (
    message = 'No OpenIDConnect provider found in your account for https://token.actions.githubusercontent.com',
  ) => ({
    kind: /** @type {const} */ ('error'),
    status: 400,
    type: /** @type {const} */ ('Sender'),
    code: 'InvalidIdentityToken',
    message,
  }),
  idpCommunicationError: () => ({
    kind: /** @type {const} */ ('error'),
    status: 400,
    type: /** @type {const} */ ('Sender'),
    code: 'IDPCommunicationError',
    message:
      "Couldn't retrieve verification key from your identity provider, please reference AssumeRoleWithWebIdentity documentation for requirements",
  }),
  expiredToken: () => ({
    kind: /** @type {const} */ ('error'),
    status: 400,
    type: /** @type {const} */ ('Sender'),
    code: 'ExpiredTokenException',
    message:
      'Token expired: current date/time 1700000000 must be before the expiration date/time 1690000000',
  }),
};

/** @param {string} s */
function xmlEscape(s) {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

const QUERY_VERSIONS = /** @type {Record<string, string>} */ ({
  '2011-06-15': 'sts',
  '2010-05-08': 'iam',
});

/**
 * The S3 operation name for a REST request (the common ones; otherwise `S3:<METHOD>`).
 * @param {string} method
 * @param {URL} url
 * @param {Record<string, string | string[] | undefined>} headers
 */
export function s3Operation(method, url, headers) {
  const parts = url.pathname.split('/').filter(Boolean);
  const q = url.searchParams;
  if (parts.length === 0) return method === 'GET' ? 'ListBuckets' : `S3:${method}`;
  if (parts.length === 1) {
    if (method === 'PUT') return 'CreateBucket';
    if (method === 'DELETE') return 'DeleteBucket';
    if (method === 'HEAD') return 'HeadBucket';
    if (method === 'GET' && q.get('list-type') === '2') return 'ListObjectsV2';
    if (method === 'GET' && q.has('location')) return 'GetBucketLocation';
    if (method === 'GET') return 'ListObjects';
    if (method === 'POST' && q.has('delete')) return 'DeleteObjects';
    return `S3:${method}`;
  }
  if (method === 'PUT' && headers['x-amz-copy-source']) return 'CopyObject';
  if (method === 'PUT' && q.has('partNumber')) return 'UploadPart';
  if (method === 'PUT') return 'PutObject';
  if (method === 'GET') return 'GetObject';
  if (method === 'HEAD') return 'HeadObject';
  if (method === 'DELETE') return 'DeleteObject';
  if (method === 'POST' && q.has('uploads')) return 'CreateMultipartUpload';
  if (method === 'POST' && q.has('uploadId')) return 'CompleteMultipartUpload';
  return `S3:${method}`;
}

/**
 * Works out which AWS call a request is.
 * @param {string} method
 * @param {string} path
 * @param {Record<string, string | string[] | undefined>} headers
 * @param {string} body
 * @returns {Pick<AwsCall, 'protocol' | 'service' | 'action' | 'params'>}
 */
export function classifyRequest(method, path, headers, body) {
  const url = new URL(path, 'http://x');
  const auth = String(headers.authorization ?? '');
  const scope = /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/.exec(auth);
  let service = scope?.[1];
  /** @type {Record<string, string>} */
  const params = {};
  const target = headers['x-amz-target'];
  if (typeof target === 'string' && target) {
    const dot = target.lastIndexOf('.');
    const prefix = target.slice(0, dot);
    service ??= prefix === 'AmazonSSM' ? 'ssm' : prefix.toLowerCase();
    return { protocol: 'json', service, action: target.slice(dot + 1), params };
  }
  if (String(headers['smithy-protocol'] ?? '') === 'rpc-v2-cbor') {
    const m = /\/service\/([^/]+)\/operation\/([^/?]+)/.exec(url.pathname);
    return { protocol: 'cbor', service, action: m?.[2] ?? 'Unknown', params };
  }
  const contentType = String(headers['content-type'] ?? '');
  const form = contentType.includes('application/x-www-form-urlencoded')
    ? new URLSearchParams(body)
    : undefined;
  const action = form?.get('Action') ?? url.searchParams.get('Action');
  if (action) {
    for (const [k, v] of form ?? url.searchParams) params[k] = v;
    const version = params.Version;
    service ??=
      (version && QUERY_VERSIONS[version]) ||
      (action.startsWith('AssumeRoleWith') ? 'sts' : undefined);
    return { protocol: 'query', service, action, params };
  }
  return {
    protocol: 'rest',
    service: service ?? 's3',
    action: s3Operation(method, url, headers),
    params,
  };
}

/**
 * The error response a service of this protocol would send.
 * @param {AwsCall} call
 * @param {number} status
 * @param {string} code
 * @param {string} message
 * @param {'Sender' | 'Receiver'} type
 * @returns {{ status: number, headers: Record<string, string>, body: string }}
 */
export function awsErrorResponse(call, status, code, message, type) {
  const requestId = randomUUID();
  if (call.protocol === 'json' || call.protocol === 'cbor') {
    return {
      status,
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amzn-requestid': requestId,
        'x-amzn-errortype': code,
      },
      body: JSON.stringify({ __type: code, message }),
    };
  }
  if (call.protocol === 'rest') {
    return {
      status,
      headers: { 'content-type': 'application/xml', 'x-amz-request-id': requestId },
      body:
        `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${xmlEscape(code)}</Code>` +
        `<Message>${xmlEscape(message)}</Message><RequestId>${requestId}</RequestId>` +
        `<HostId>${Buffer.from(requestId).toString('base64')}</HostId></Error>`,
    };
  }
  const ns =
    call.service === 'iam'
      ? 'https://iam.amazonaws.com/doc/2010-05-08/'
      : 'https://sts.amazonaws.com/doc/2011-06-15/';
  return {
    status,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
    body:
      `<ErrorResponse xmlns="${ns}">\n  <Error>\n    <Type>${type}</Type>\n    <Code>${xmlEscape(code)}</Code>\n` +
      `    <Message>${xmlEscape(message)}</Message>\n  </Error>\n  <RequestId>${requestId}</RequestId>\n</ErrorResponse>\n`,
  };
}

/**
 * @param {FaultRule} rule
 * @param {AwsCall} call
 */
function matches(rule, call) {
  if (rule.service !== undefined && rule.service !== call.service) return false;
  const a = rule.action;
  if (a === undefined) return true;
  if (typeof a === 'string') return a === call.action;
  if (a instanceof RegExp) return a.test(call.action);
  return a(call);
}

/**
 * Starts the proxy on a free loopback port, forwarding to `targetUrl`.
 * `expiresInSeconds` makes the credentials STS issues look short-lived: the `Expiration` of every
 * AssumeRole, AssumeRoleWithWebIdentity, AssumeRoleWithSAML and GetSessionToken answer is
 * rewritten to that many seconds from now (moto itself does not expire credentials).
 * @param {string} targetUrl
 * @param {{ latencyMs?: number, expiresInSeconds?: number }} [options]
 * @returns {Promise<AwsProxy>}
 */
export async function startAwsProxy(targetUrl, options = {}) {
  const target = new URL(targetUrl);
  let latencyMs = options.latencyMs ?? 0;
  /** @type {{ seconds: number, left: number } | undefined} */
  let expiry =
    options.expiresInSeconds === undefined
      ? undefined
      : { seconds: options.expiresInSeconds, left: Infinity };
  /** @type {AwsCall[]} */
  const calls = [];
  /** @type {{ rule: FaultRule, left: number, handle: FaultHandle }[]} */
  let rules = [];
  /** @type {Set<import('node:net').Socket>} */
  const sockets = new Set();
  let seq = 0;

  const server = createServer((req, res) => {
    /** @type {Buffer[]} */
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => void handle(req, res, Buffer.concat(chunks)));
  });

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {Buffer} body
   */
  async function handle(req, res, body) {
    const started = Date.now();
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const text = body.toString('utf8');
    /** @type {AwsCall} */
    const call = {
      seq: ++seq,
      time: started,
      method,
      path,
      ...classifyRequest(method, path, req.headers, text),
      headers: req.headers,
      body: text,
      status: undefined,
      fault: undefined,
      durationMs: undefined,
      responseBody: undefined,
    };
    calls.push(call);

    let delay = latencyMs;
    /** @type {FaultRule | undefined} */
    let fault;
    for (const entry of rules) {
      if (entry.left <= 0 || !matches(entry.rule, call)) continue;
      if (entry.rule.kind === 'latency') {
        entry.left -= 1;
        entry.handle.hits += 1;
        delay += entry.rule.latencyMs ?? 0;
        continue;
      }
      entry.left -= 1;
      entry.handle.hits += 1;
      fault = entry.rule;
      break;
    }
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));

    /** @param {{ status: number, headers: Record<string, string>, body: string }} r */
    const reply = (r) => {
      call.status = r.status;
      call.durationMs = Date.now() - started;
      call.responseBody = r.body;
      res.writeHead(r.status, { ...r.headers, 'content-length': Buffer.byteLength(r.body) });
      res.end(r.body);
    };

    if (fault) {
      call.fault = fault.kind;
      switch (fault.kind) {
        case 'hang':
          return;
        case 'reset':
          req.socket.destroy();
          return;
        case 'throttle':
          if (call.protocol === 'rest')
            return reply(
              awsErrorResponse(call, 503, 'SlowDown', 'Please reduce your request rate.', 'Sender'),
            );
          if (call.protocol === 'query')
            return reply(awsErrorResponse(call, 400, 'Throttling', 'Rate exceeded', 'Sender'));
          return reply(
            awsErrorResponse(call, 400, 'ThrottlingException', 'Rate exceeded', 'Sender'),
          );
        case 'status': {
          const status = fault.status ?? 500;
          const code =
            fault.code ??
            (status === 503
              ? 'ServiceUnavailable'
              : status === 429
                ? 'TooManyRequestsException'
                : 'InternalFailure');
          const message =
            fault.message ??
            (status === 503 ? 'Service is unavailable' : 'An internal error has occurred');
          return reply(awsErrorResponse(call, status, code, message, fault.type ?? 'Receiver'));
        }
        case 'error':
          return reply(
            awsErrorResponse(
              call,
              fault.status ?? 400,
              fault.code ?? 'ValidationError',
              fault.message ?? 'injected error',
              fault.type ?? 'Sender',
            ),
          );
        case 'answer': {
          const a = fault.answer ? fault.answer(call) : { status: 200, body: '' };
          return reply({
            status: a.status,
            headers: { 'content-type': a.contentType ?? 'text/plain' },
            body: a.body,
          });
        }
        default:
          break;
      }
    }

    /** @type {Record<string, string | string[]>} */
    const headers = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (
        v === undefined ||
        k === 'host' ||
        k === 'transfer-encoding' ||
        k === 'expect' ||
        k === 'connection'
      )
        continue;
      headers[k] = v;
    }
    headers.host = target.host;
    headers['content-length'] = String(body.length);
    const upstream = httpRequest(
      {
        protocol: target.protocol,
        hostname: target.hostname,
        port: target.port,
        method,
        path,
        headers,
      },
      (up) => {
        call.status = up.statusCode;
        /** @type {Record<string, string | string[]>} */
        const out = {};
        for (const [k, v] of Object.entries(up.headers)) {
          if (v !== undefined && k !== 'connection' && k !== 'transfer-encoding') out[k] = v;
        }
        if (
          expiry !== undefined &&
          expiry.left > 0 &&
          call.protocol === 'query' &&
          /^(AssumeRole|AssumeRoleWithWebIdentity|AssumeRoleWithSAML|GetSessionToken)$/.test(
            call.action,
          ) &&
          up.statusCode === 200
        ) {
          expiry.left -= 1;
          const at = new Date(Date.now() + expiry.seconds * 1000).toISOString();
          /** @type {Buffer[]} */
          const chunks = [];
          up.on('data', (c) => chunks.push(c));
          up.on('end', () => {
            const text = Buffer.concat(chunks)
              .toString('utf8')
              .replace(/<Expiration>[^<]*<\/Expiration>/g, `<Expiration>${at}</Expiration>`);
            delete out['content-length'];
            reply({ status: up.statusCode ?? 200, headers: /** @type {any} */ (out), body: text });
          });
          return;
        }
        res.writeHead(up.statusCode ?? 502, out);
        /** @type {Buffer[]} */
        const answer = [];
        const keep = call.protocol !== 'rest';
        up.on('data', (c) => {
          if (keep) answer.push(c);
          res.write(c);
        });
        up.on('end', () => {
          call.durationMs = Date.now() - started;
          if (keep) call.responseBody = Buffer.concat(answer).toString('utf8');
          res.end();
        });
      },
    );
    upstream.on('error', (e) => {
      if (res.headersSent) return void res.destroy();
      reply({
        status: 502,
        headers: { 'content-type': 'text/plain' },
        body: `proxy: upstream error: ${e.message}`,
      });
    });
    upstream.end(body);
  }

  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(undefined));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    callsTo: (action) => calls.filter((c) => c.action === action),
    inject: (rule) => {
      /** @type {FaultHandle} */
      const handle = {
        hits: 0,
        remove: () => {
          rules = rules.filter((r) => r.handle !== handle);
        },
      };
      rules.push({ rule, left: rule.times ?? Infinity, handle });
      return handle;
    },
    clearFaults: () => {
      rules = [];
    },
    setLatency: (ms) => {
      latencyMs = ms;
    },
    setExpiresIn: (seconds, times) => {
      expiry = seconds === undefined ? undefined : { seconds, left: times ?? Infinity };
    },
    reset: () => {
      calls.length = 0;
      rules = [];
    },
    stop: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
