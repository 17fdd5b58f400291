// A real forward proxy for the end-to-end tests: Debian's tinyproxy on a free loopback port, with
// its own configuration and log in a temporary folder (optional Basic authentication), started in
// the foreground and stopped like moto. Its log says which requests went through it. Also a
// "blackhole" listener that accepts connections and never answers (a proxy that hangs).
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, serveOnLoopback, spawnGroup, stopGroup, tail } from './proc.mjs';

/**
 * @typedef {object} ProxiedRequest
 * @property {string} method  e.g. GET, POST, CONNECT
 * @property {string} target  the request target as the proxy received it: an absolute URL
 *   (`http://127.0.0.1:4000/path`) or, for CONNECT, `host:port`
 */

/**
 * @typedef {object} Tinyproxy
 * @property {string} url   http://127.0.0.1:PORT (without credentials)
 * @property {number} port
 * @property {(user?: string, password?: string) => string} urlWith
 *   the proxy URL with credentials (`user`/`password` as given: percent-encode them yourself)
 * @property {() => string} log  the log file's text since start (or since `clearLog`)
 * @property {() => ProxiedRequest[]} requests  the requests the proxy received, in order
 * @property {() => void} clearLog  forget what the log said so far
 * @property {() => Promise<void>} stop  stops the proxy and removes its folder
 */

/**
 * @typedef {object} TinyproxyOptions
 * @property {{ user: string, password: string }} [basicAuth]  require these credentials
 *   (tinyproxy accepts only letters, digits, `-`, `_` and `.` in them)
 * @property {number[]} [connectPorts]  the only ports CONNECT may reach (default: every port)
 * @property {number} [timeoutMs]  how long to wait for it to listen (default 15 s)
 */

const REQUEST_LINE = /Request \(file descriptor \d+\): (\S+) (\S+) HTTP\/[\d.]+/;

/**
 * The requests in a tinyproxy log (its `Request (file descriptor N): METHOD TARGET HTTP/1.1` lines).
 * @param {string} log
 * @returns {ProxiedRequest[]}
 */
export function parseTinyproxyLog(log) {
  /** @type {ProxiedRequest[]} */
  const out = [];
  for (const line of log.split('\n')) {
    const m = REQUEST_LINE.exec(line);
    if (m) out.push({ method: m[1] ?? '', target: m[2] ?? '' });
  }
  return out;
}

/**
 * tinyproxy's configuration for `port` in `dir`.
 * @param {number} port
 * @param {string} dir
 * @param {TinyproxyOptions} options
 */
export function tinyproxyConfig(port, dir, options = {}) {
  const auth = options.basicAuth;
  if (auth && !/^[A-Za-z0-9._-]+$/.test(auth.user + auth.password)) {
    throw new Error('tinyproxy BasicAuth accepts only letters, digits, "-", "_" and "."');
  }
  return [
    `Port ${port}`,
    'Listen 127.0.0.1',
    'Timeout 30',
    `LogFile "${join(dir, 'tinyproxy.log')}"`,
    // Connect: every connection and request line, nothing more.
    'LogLevel Connect',
    `PidFile "${join(dir, 'tinyproxy.pid')}"`,
    'MaxClients 50',
    'Allow 127.0.0.1',
    'DisableViaHeader Yes',
    ...(auth ? [`BasicAuth ${auth.user} ${auth.password}`] : []),
    ...(options.connectPorts ?? []).map((p) => `ConnectPort ${p}`),
    '',
  ].join('\n');
}

/**
 * Resolves when something accepts TCP connections on 127.0.0.1:`port`.
 * @param {number} port
 * @returns {Promise<boolean>}
 */
function accepts(port) {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts tinyproxy (found on PATH; see requireTools) on a free loopback port and waits until it
 * accepts connections.
 * @param {TinyproxyOptions} [options]
 * @returns {Promise<Tinyproxy>}
 */
export async function startTinyproxy(options = {}) {
  let lastError;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce(await freePort(), options);
    } catch (error) {
      lastError = error;
      if (!/address already in use|exited/i.test(String(error))) throw error;
    }
  }
  throw lastError;
}

/**
 * @param {number} port
 * @param {TinyproxyOptions} options
 * @returns {Promise<Tinyproxy>}
 */
async function startOnce(port, options) {
  const dir = mkdtempSync(join(tmpdir(), 'esc-tinyproxy-'));
  const configFile = join(dir, 'tinyproxy.conf');
  const logFile = join(dir, 'tinyproxy.log');
  writeFileSync(configFile, tinyproxyConfig(port, dir, options));
  const child = spawnGroup('tinyproxy', ['-d', '-c', configFile]);
  const err = tail(child.stderr);
  const out = tail(child.stdout);
  /** @type {Error | undefined} */
  let spawnError;
  child.on('error', (e) => (spawnError = e));
  const readLog = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  const timeoutMs = options.timeoutMs ?? 15_000;
  const deadline = Date.now() + timeoutMs;
  const fail = async (/** @type {string} */ why) => {
    await stopGroup(child);
    const text = `${err.text()}${out.text()}${readLog()}`;
    rmSync(dir, { recursive: true, force: true });
    return new Error(`tinyproxy ${why} on 127.0.0.1:${port}:\n${text}`);
  };
  for (;;) {
    if (spawnError) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`could not start tinyproxy: ${spawnError.message}`);
    }
    if (child.exitCode !== null || child.signalCode !== null) {
      throw await fail(`exited (${child.exitCode ?? child.signalCode}) before listening`);
    }
    if (/Could not create listening sockets|Address already in use/i.test(readLog())) {
      throw await fail('found the address already in use');
    }
    if (await accepts(port)) break;
    if (Date.now() > deadline) throw await fail(`did not listen within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
  // The log from here on: requests only (what the start wrote is not a request).
  let offset = 0;
  const log = () => readLog().slice(offset);
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    port,
    urlWith: (user, password) =>
      `http://${user ?? ''}${password !== undefined ? `:${password}` : ''}@127.0.0.1:${port}`,
    log,
    requests: () => parseTinyproxyLog(log()),
    clearLog: () => {
      offset = readLog().length;
    },
    stop: async () => {
      await stopGroup(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

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
export async function startBlackhole() {
  const served = await serveOnLoopback(
    createServer((socket) => {
      socket.on('data', () => undefined);
    }),
  );
  return { url: `http://127.0.0.1:${served.port}`, ...served };
}

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
export async function startBrokenServer(options) {
  /** @type {string[]} */
  const received = [];
  const line = `X-Filler: ${'a'.repeat(1000)}\r\n`;
  const served = await serveOnLoopback(
    createServer((socket) => {
      let text = '';
      let started = false;
      socket.on('data', (chunk) => {
        if (started) return;
        text += chunk.toString('latin1');
        const end = text.indexOf('\r\n\r\n');
        if (end < 0) return;
        const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(text.slice(0, end))?.[1] ?? 0);
        if (text.length < end + 4 + length) return;
        started = true;
        received.push(text);
        if (options.mode === 'answer') {
          /** @type {BrokenAnswer} */
          const a = options.respond ? options.respond(text) : { status: 502, body: '' };
          const body = Buffer.from(a.body);
          socket.end(
            `HTTP/1.1 ${a.status} Broken\r\nContent-Type: ${a.contentType ?? 'text/plain'}\r\n` +
              `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n${a.body}`,
          );
          return;
        }
        socket.write('HTTP/1.1 200 OK\r\n');
        let left =
          options.mode === 'huge-headers' ? (options.hugeBytes ?? 64 * 1024 * 1024) : Infinity;
        const pump = () => {
          while (left > 0 && !socket.destroyed) {
            left -= line.length;
            if (!socket.write(line)) return;
          }
        };
        socket.on('drain', pump);
        pump();
      });
    }),
  );
  return { url: `http://127.0.0.1:${served.port}`, requests: () => [...received], ...served };
}
