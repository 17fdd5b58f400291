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
