// Generated from tls.mjs by gen-types.mjs; do not edit.
/**
 * @typedef {object} TlsFront
 * @property {string} url  https://127.0.0.1:PORT
 * @property {number} port
 * @property {() => number} connections  how many connections it accepted
 * @property {() => Promise<void>} stop
 */
/**
 * Serves TLS on a free loopback port and forwards each connection to 127.0.0.1:`targetPort`.
 * @param {number} targetPort
 * @returns {Promise<TlsFront>}
 */
export function startTlsFront(targetPort: number): Promise<TlsFront>;
/** The test certificate's file (PEM), for NODE_EXTRA_CA_CERTS. */
export const LOOPBACK_CERT: string;
export type TlsFront = {
  /**
   * https://127.0.0.1:PORT
   */
  url: string;
  port: number;
  /**
   * how many connections it accepted
   */
  connections: () => number;
  stop: () => Promise<void>;
};
