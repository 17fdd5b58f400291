// A local GitHub Actions OIDC token endpoint (the runner's ACTIONS_ID_TOKEN_REQUEST_* protocol).
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';

export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';

/**
 * @typedef {object} OidcFault
 * @property {number} [status]     answer with this HTTP status (e.g. 500, 429, 503)
 * @property {boolean} [hang]      accept the request and never answer
 * @property {number} [latencyMs]  delay every answer
 * @property {number} [times]      how many requests the fault applies to (default: all)
 */

/**
 * @typedef {object} OidcRequest
 * @property {string | undefined} audience  the `audience` query parameter as received
 * @property {number} time                  Date.now() when it arrived
 * @property {number | undefined} status    the status answered (undefined while hanging)
 * @property {boolean} authorized
 * @property {string} [token]               the JWT issued, when one was
 */

/**
 * @typedef {object} OidcServer
 * @property {string} url           http://127.0.0.1:PORT
 * @property {string} requestUrl    value for ACTIONS_ID_TOKEN_REQUEST_URL
 * @property {string} requestToken  value for ACTIONS_ID_TOKEN_REQUEST_TOKEN
 * @property {string} jwksUrl
 * @property {string} issuer
 * @property {OidcRequest[]} requests  token requests (to /token), in order
 * @property {string[]} tokens         every JWT issued
 * @property {Record<string, string>} env  { ACTIONS_ID_TOKEN_REQUEST_URL, ACTIONS_ID_TOKEN_REQUEST_TOKEN }
 * @property {(fault: OidcFault | null | undefined) => void} setFault
 * @property {(claims: Record<string, unknown>) => void} setClaims  merge into the claims of later tokens
 * @property {(audience?: string) => Promise<string>} issueToken   sign a token directly (no request recorded)
 * @property {() => void} reset  forget recorded requests and tokens, clear the fault
 * @property {() => Promise<void>} stop
 */

/**
 * The claims GitHub puts in a token for a push to main of octo-org/octo-repo.
 * @param {Record<string, unknown>} [overrides]
 */
export function defaultClaims(overrides = {}) {
  return {
    sub: 'repo:octo-org/octo-repo:ref:refs/heads/main',
    repository: 'octo-org/octo-repo',
    repository_owner: 'octo-org',
    repository_owner_id: '65',
    repository_id: '1296269',
    repository_visibility: 'private',
    ref: 'refs/heads/main',
    ref_type: 'branch',
    sha: 'ffac537e6cbbf934b08745a378932722df287a53',
    actor: 'octocat',
    actor_id: '583231',
    run_id: '1658821493',
    run_number: '42',
    run_attempt: '1',
    event_name: 'push',
    workflow: 'deploy',
    workflow_ref: 'octo-org/octo-repo/.github/workflows/deploy.yml@refs/heads/main',
    workflow_sha: 'ffac537e6cbbf934b08745a378932722df287a53',
    job_workflow_ref: 'octo-org/octo-repo/.github/workflows/deploy.yml@refs/heads/main',
    job_workflow_sha: 'ffac537e6cbbf934b08745a378932722df287a53',
    runner_environment: 'github-hosted',
    ...overrides,
  };
}

/**
 * Starts the token endpoint on a free loopback port.
 * `GET /token?api-version=2.0&audience=X` with `Authorization: Bearer <requestToken>` answers
 * `{"value": "<RS256 JWT>"}`; `/.well-known/jwks` and `/.well-known/openid-configuration` serve the key.
 * @param {{ latencyMs?: number, faults?: OidcFault, claims?: Record<string, unknown>, ttlSeconds?: number }} [options]
 * @returns {Promise<OidcServer>}
 */
export async function startOidcServer(options = {}) {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomUUID();
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const requestToken = `ghs_${randomUUID().replace(/-/g, '')}`;
  const ttl = options.ttlSeconds ?? 300;
  /** @type {Record<string, unknown>} */
  let claims = defaultClaims(options.claims);
  /** @type {OidcFault | null} */
  let fault = options.faults ?? null;
  const baseLatency = options.latencyMs ?? 0;
  /** @type {OidcRequest[]} */
  const requests = [];
  /** @type {string[]} */
  const tokens = [];
  let owner = 'https://github.com/octo-org';

  /** @param {string} audience */
  async function sign(audience) {
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ ...claims, jti: randomUUID() })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid, x5t: kid })
      .setIssuer(GITHUB_ISSUER)
      .setAudience(audience)
      .setIssuedAt(now)
      .setNotBefore(now - 5)
      .setExpirationTime(now + ttl)
      .sign(privateKey);
    tokens.push(token);
    return token;
  }

  /** @type {Set<import('node:net').Socket>} */
  const sockets = new Set();
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    /** @param {number} status @param {unknown} body */
    const send = (status, body) => {
      const text = JSON.stringify(body);
      res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(text),
      });
      res.end(text);
    };
    if (url.pathname === '/.well-known/jwks') return send(200, { keys: [jwk] });
    if (url.pathname === '/.well-known/openid-configuration') {
      return send(200, {
        issuer: GITHUB_ISSUER,
        jwks_uri: `${base}/.well-known/jwks`,
        subject_types_supported: ['public', 'pairwise'],
        response_types_supported: ['id_token'],
        id_token_signing_alg_values_supported: ['RS256'],
        claims_supported: [
          'sub',
          'aud',
          'exp',
          'iat',
          'iss',
          'jti',
          'nbf',
          'ref',
          'repository',
          'job_workflow_ref',
        ],
        scopes_supported: ['openid'],
      });
    }
    if (url.pathname !== '/token') return send(404, { message: 'Not Found' });
    const audienceParam = url.searchParams.get('audience') ?? undefined;
    const auth = req.headers.authorization ?? '';
    /** @type {OidcRequest} */
    const record = {
      audience: audienceParam,
      time: Date.now(),
      status: undefined,
      authorized: auth === `Bearer ${requestToken}`,
    };
    requests.push(record);

    const active = fault && (fault.times === undefined || fault.times > 0) ? fault : null;
    if (active && active.times !== undefined) active.times -= 1;
    const delay = baseLatency + (active?.latencyMs ?? 0);
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    if (active?.hang) return; // keep the socket open, answer nothing
    if (active?.status !== undefined) {
      record.status = active.status;
      return send(active.status, { message: `injected ${active.status}` });
    }
    if (!record.authorized) {
      record.status = 401;
      return send(401, { message: 'Bad credentials' });
    }
    if (req.method !== 'GET') {
      record.status = 405;
      return send(405, { message: 'Method Not Allowed' });
    }
    const token = await sign(audienceParam ?? owner);
    record.status = 200;
    record.token = token;
    send(200, { value: token });
  });
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
  const base = `http://127.0.0.1:${port}`;
  const requestUrl = `${base}/token?api-version=2.0`;
  return {
    url: base,
    requestUrl,
    requestToken,
    jwksUrl: `${base}/.well-known/jwks`,
    issuer: GITHUB_ISSUER,
    requests,
    tokens,
    env: { ACTIONS_ID_TOKEN_REQUEST_URL: requestUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: requestToken },
    setFault: (f) => {
      fault = f ? { ...f } : null;
    },
    setClaims: (c) => {
      claims = { ...claims, ...c };
      if (typeof c.repository_owner === 'string')
        owner = `https://github.com/${c.repository_owner}`;
    },
    issueToken: (audience = 'sts.amazonaws.com') => sign(audience),
    reset: () => {
      requests.length = 0;
      tokens.length = 0;
      fault = null;
    },
    stop: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
