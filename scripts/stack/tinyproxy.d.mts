// Generated from tinyproxy.mjs by gen-types.mjs; do not edit.
/**
 * The requests in a tinyproxy log (its `Request (file descriptor N): METHOD TARGET HTTP/1.1` lines).
 * @param {string} log
 * @returns {ProxiedRequest[]}
 */
export function parseTinyproxyLog(log: string): ProxiedRequest[];
/**
 * tinyproxy's configuration for `port` in `dir`.
 * @param {number} port
 * @param {string} dir
 * @param {TinyproxyOptions} options
 */
export function tinyproxyConfig(port: number, dir: string, options?: TinyproxyOptions): string;
/**
 * Starts tinyproxy (found on PATH; see requireTools) on a free loopback port and waits until it
 * accepts connections.
 * @param {TinyproxyOptions} [options]
 * @returns {Promise<Tinyproxy>}
 */
export function startTinyproxy(options?: TinyproxyOptions): Promise<Tinyproxy>;
/**
 * @typedef {object} Blackhole
 * @property {string} url  http://127.0.0.1:PORT
 * @property {number} port
 * @property {() => number} connections  how many connections it accepted
 * @property {() => Promise<void>} stop
 */
/**
 * A listener on a free loopback port that accepts every connection, reads what is sent and never
 * answers: a proxy (or endpoint) that hangs.
 * @returns {Promise<Blackhole>}
 */
export function startBlackhole(): Promise<Blackhole>;
/**
 * @typedef {object} BrokenAnswer
 * @property {number} status
 * @property {string} [contentType]  (default text/plain)
 * @property {string} body
 */
/**
 * @typedef {object} BrokenServerOptions
 * @property {'endless-headers' | 'huge-headers' | 'answer'} mode
 *   endless-headers: answer `HTTP/1.1 200` and then header lines for as long as the client reads;
 *   huge-headers: answer `HTTP/1.1 200` and `hugeBytes` of header lines, then stay silent;
 *   answer: read the request (head and Content-Length body) and send `respond(request)`
 * @property {number} [hugeBytes]  default 64 MiB
 * @property {(request: string) => BrokenAnswer} [respond]  the answer to a request, given its
 *   text as received (a proxy's CONNECT or absolute-form request, an endpoint's request)
 */
/**
 * @typedef {object} BrokenServer
 * @property {string} url  http://127.0.0.1:PORT
 * @property {number} port
 * @property {() => number} connections  how many connections it accepted
 * @property {() => string[]} requests  the requests it received (head and body, as text)
 * @property {() => Promise<void>} stop
 */
/**
 * A proxy or endpoint that misbehaves on purpose, on a free loopback port: one that sends an
 * endless or huge header block, or one that answers what `respond` says (an error page quoting
 * the request, as some proxies do; a body an AWS endpoint would never send).
 * @param {BrokenServerOptions} options
 * @returns {Promise<BrokenServer>}
 */
export function startBrokenServer(options: BrokenServerOptions): Promise<BrokenServer>;
export type Blackhole = {
  /**
   * http://127.0.0.1:PORT
   */
  url: string;
  port: number;
  /**
   * how many connections it accepted
   */
  connections: () => number;
  stop: () => Promise<void>;
};
export type BrokenAnswer = {
  status: number;
  /**
   * (default text/plain)
   */
  contentType?: string | undefined;
  body: string;
};
export type BrokenServerOptions = {
  /**
   *   endless-headers: answer `HTTP/1.1 200` and then header lines for as long as the client reads;
   *   huge-headers: answer `HTTP/1.1 200` and `hugeBytes` of header lines, then stay silent;
   *   answer: read the request (head and Content-Length body) and send `respond(request)`
   */
  mode: 'endless-headers' | 'huge-headers' | 'answer';
  /**
   * default 64 MiB
   */
  hugeBytes?: number | undefined;
  /**
   * the answer to a request, given its
   * text as received (a proxy's CONNECT or absolute-form request, an endpoint's request)
   */
  respond?: ((request: string) => BrokenAnswer) | undefined;
};
export type BrokenServer = {
  /**
   * http://127.0.0.1:PORT
   */
  url: string;
  port: number;
  /**
   * how many connections it accepted
   */
  connections: () => number;
  /**
   * the requests it received (head and body, as text)
   */
  requests: () => string[];
  stop: () => Promise<void>;
};
export type ProxiedRequest = {
  /**
   * e.g. GET, POST, CONNECT
   */
  method: string;
  /**
   * the request target as the proxy received it: an absolute URL
   * (`http://127.0.0.1:4000/path`) or, for CONNECT, `host:port`
   */
  target: string;
};
export type Tinyproxy = {
  /**
   * http://127.0.0.1:PORT (without credentials)
   */
  url: string;
  port: number;
  /**
   *   the proxy URL with credentials (`user`/`password` as given: percent-encode them yourself)
   */
  urlWith: (user?: string, password?: string) => string;
  /**
   * the log file's text since start (or since `clearLog`)
   */
  log: () => string;
  /**
   * the requests the proxy received, in order
   */
  requests: () => ProxiedRequest[];
  /**
   * forget what the log said so far
   */
  clearLog: () => void;
  /**
   * stops the proxy and removes its folder
   */
  stop: () => Promise<void>;
};
export type TinyproxyOptions = {
  /**
   * require these credentials
   * (tinyproxy accepts only letters, digits, `-`, `_` and `.` in them)
   */
  basicAuth?:
    | {
        user: string;
        password: string;
      }
    | undefined;
  /**
   * the only ports CONNECT may reach (default: every port)
   */
  connectPorts?: number[] | undefined;
  /**
   * how long to wait for it to listen (default 15 s)
   */
  timeoutMs?: number | undefined;
};
