// Generated from oidc.mjs by gen-types.mjs; do not edit.
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
export function defaultClaims(overrides?: Record<string, unknown>): {
  sub: string;
  repository: string;
  repository_owner: string;
  repository_owner_id: string;
  repository_id: string;
  repository_visibility: string;
  ref: string;
  ref_type: string;
  sha: string;
  actor: string;
  actor_id: string;
  run_id: string;
  run_number: string;
  run_attempt: string;
  event_name: string;
  workflow: string;
  workflow_ref: string;
  workflow_sha: string;
  job_workflow_ref: string;
  job_workflow_sha: string;
  runner_environment: string;
};
/**
 * Starts the token endpoint on a free loopback port.
 * `GET /token?api-version=2.0&audience=X` with `Authorization: Bearer <requestToken>` answers
 * `{"value": "<RS256 JWT>"}`; `/.well-known/jwks` and `/.well-known/openid-configuration` serve the key.
 * @param {{ latencyMs?: number, faults?: OidcFault, claims?: Record<string, unknown>, ttlSeconds?: number }} [options]
 * @returns {Promise<OidcServer>}
 */
export function startOidcServer(options?: {
  latencyMs?: number;
  faults?: OidcFault;
  claims?: Record<string, unknown>;
  ttlSeconds?: number;
}): Promise<OidcServer>;
export const GITHUB_ISSUER: 'https://token.actions.githubusercontent.com';
export type OidcFault = {
  /**
   * answer with this HTTP status (e.g. 500, 429, 503)
   */
  status?: number | undefined;
  /**
   * accept the request and never answer
   */
  hang?: boolean | undefined;
  /**
   * delay every answer
   */
  latencyMs?: number | undefined;
  /**
   * how many requests the fault applies to (default: all)
   */
  times?: number | undefined;
};
export type OidcRequest = {
  /**
   * the `audience` query parameter as received
   */
  audience: string | undefined;
  /**
   * Date.now() when it arrived
   */
  time: number;
  /**
   * the status answered (undefined while hanging)
   */
  status: number | undefined;
  authorized: boolean;
  /**
   * the JWT issued, when one was
   */
  token?: string | undefined;
};
export type OidcServer = {
  /**
   * http://127.0.0.1:PORT
   */
  url: string;
  /**
   * value for ACTIONS_ID_TOKEN_REQUEST_URL
   */
  requestUrl: string;
  /**
   * value for ACTIONS_ID_TOKEN_REQUEST_TOKEN
   */
  requestToken: string;
  jwksUrl: string;
  issuer: string;
  /**
   * token requests (to /token), in order
   */
  requests: OidcRequest[];
  /**
   * every JWT issued
   */
  tokens: string[];
  /**
   * { ACTIONS_ID_TOKEN_REQUEST_URL, ACTIONS_ID_TOKEN_REQUEST_TOKEN }
   */
  env: Record<string, string>;
  setFault: (fault: OidcFault | null | undefined) => void;
  /**
   * merge into the claims of later tokens
   */
  setClaims: (claims: Record<string, unknown>) => void;
  /**
   * sign a token directly (no request recorded)
   */
  issueToken: (audience?: string) => Promise<string>;
  /**
   * forget recorded requests and tokens, clear the fault
   */
  reset: () => void;
  stop: () => Promise<void>;
};
