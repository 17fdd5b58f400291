// A TLS front for a loopback HTTP server (moto): an https:// endpoint on a free loopback port that
// forwards every connection's bytes to the target, with the test certificate of
// __fixtures__/tls/ (trust it in a step with NODE_EXTRA_CA_CERTS=LOOPBACK_CERT).
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { createServer } from 'node:tls';
import { serveOnLoopback } from './proc.mjs';
import { REPO_ROOT } from './runner.mjs';

/** The test certificate's file (PEM), for NODE_EXTRA_CA_CERTS. */
export const LOOPBACK_CERT = join(REPO_ROOT, '__fixtures__', 'tls', 'loopback-cert.pem');
const LOOPBACK_KEY = join(REPO_ROOT, '__fixtures__', 'tls', 'loopback-key.pem');

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
export async function startTlsFront(targetPort) {
  const server = createServer(
    { cert: readFileSync(LOOPBACK_CERT), key: readFileSync(LOOPBACK_KEY) },
    (tlsSocket) => {
      const upstream = connect({ host: '127.0.0.1', port: targetPort });
      upstream.on('error', () => tlsSocket.destroy());
      tlsSocket.on('error', () => upstream.destroy());
      tlsSocket.on('close', () => upstream.destroy());
      tlsSocket.pipe(upstream).pipe(tlsSocket);
    },
  );
  const served = await serveOnLoopback(server);
  return { url: `https://127.0.0.1:${served.port}`, ...served };
}
