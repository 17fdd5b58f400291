/**
 * Requests through a proxy: node:http(s) agents that send each request through the proxy its URL
 * calls for (`http-proxy-agent` for http:// endpoints: absolute-form requests, answered through
 * node:http's parser and its header limit; `TunnelAgent` below for https:// endpoints: a CONNECT
 * tunnel, then TLS to the endpoint), or directly when NO_PROXY lists the host. Loaded only through
 * `proxyRouting` (proxy.ts) when a proxy is configured: it is a chunk of its own in the bundles,
 * so runs without a proxy never load it or the packages.
 */
import type { ClientRequest } from 'node:http';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import type { Duplex } from 'node:stream';
import * as tls from 'node:tls';
import { Agent, type AgentConnectOpts } from 'agent-base';
import { HttpProxyAgent } from 'http-proxy-agent';
import { bypassesProxy, parseNoProxy, type NoProxyRule } from './no-proxy.js';
// Types only: proxy.ts is in the bundles' start-up chunk, and this chunk adds no edge to it.
import type { ProxyConfig, ProxyServer } from './proxy.js';

/** Where a request goes. */
export interface ProxyTarget {
  protocol: string;
  hostname: string;
  /** The port; the scheme's default when absent or empty. */
  port?: number | string | undefined;
}

export interface ProxyRouting {
  /**
   * The proxy a request to `target` goes through, or undefined (none for its scheme, or NO_PROXY
   * lists it). Throws `ProxyConfigError` when the setting that applies is not a usable proxy URL.
   */
  proxyFor(target: ProxyTarget): ProxyServer | undefined;
  /** ` through the proxy http://user:***@host:port (HTTPS_PROXY)`, or '' when none applies. */
  describe(target: ProxyTarget): string;
  /** A node:http agent and a node:https agent that route every request (one pair per client). */
  agents(): { httpAgent: http.Agent; httpsAgent: https.Agent };
}

/** Socket pool settings of every agent, as the AWS SDK's own defaults. */
const POOL = { keepAlive: true, maxSockets: 50 } as const;

function portOf(target: ProxyTarget, secure: boolean): number {
  const port = Number(target.port);
  return target.port !== undefined && target.port !== '' && port > 0 ? port : secure ? 443 : 80;
}

/** The most a proxy's answer to CONNECT may hold before its blank line (node:http's own limit). */
export const MAX_CONNECT_HEAD_BYTES = 16 * 1024;

/**
 * A proxy's answer to CONNECT that cannot be used: too long, not HTTP, or followed by data. Not
 * retried; named `Error` so messages show its text alone (it names the proxy itself).
 */
export class ProxyAnswerError extends Error {
  override name = 'Error';
}

/**
 * A proxy's refusal of a tunnel, shaped as an SDK error with an HTTP status (so the retry policy
 * treats it as an answer of that status: 5xx retried, 407 not) and a message naming the proxy.
 */
export class ProxyRefusal extends Error {
  override name = 'Error';
  readonly $metadata: { httpStatusCode: number };
  constructor(message: string, status: number) {
    super(message);
    this.$metadata = { httpStatusCode: status };
  }
}

/** `the proxy http://user:***@host:port (HTTPS_PROXY)`, as messages name it. */
function named(proxy: ProxyServer): string {
  return `the proxy ${proxy.display} (${proxy.source})`;
}

/** `the tunnel through the proxy … (HTTPS_PROXY)`: the words `namingProxy` (sdk.ts) looks for. */
function tunnel(proxy: ProxyServer): string {
  return `the tunnel through ${named(proxy)}`;
}

/**
 * Reads a proxy's answer to CONNECT up to its blank line: the status, and what followed. Fails
 * past `max` bytes (an endless or huge header block never piles up) and when the connection ends
 * first; only the status line is looked at, so nothing the proxy echoes (our Proxy-Authorization)
 * is kept.
 */
export function readConnectAnswer(
  socket: Duplex,
  proxy: ProxyServer,
  max = MAX_CONNECT_HEAD_BYTES,
): Promise<{ status: number; rest: Buffer }> {
  return new Promise((resolve, reject) => {
    let head = Buffer.alloc(0);
    const done = (err: Error | undefined, value?: { status: number; rest: Buffer }) => {
      socket.off('data', onData);
      socket.off('error', onError);
      socket.off('close', onClose);
      socket.pause();
      if (err) reject(err);
      else resolve(value!);
    };
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0 ? head.length > max : end > max) {
        done(
          new ProxyAnswerError(
            `${tunnel(proxy)} failed: the answer to CONNECT has more than ${max / 1024} KiB of headers`,
          ),
        );
        return;
      }
      if (end < 0) return;
      const status = /^HTTP\/1\.[01] (\d{3})[ \r]/.exec(head.subarray(0, 16).toString('latin1'));
      if (status === null) {
        done(new ProxyAnswerError(`${tunnel(proxy)} failed: the answer to CONNECT is not HTTP`));
        return;
      }
      done(undefined, { status: Number(status[1]), rest: head.subarray(end + 4) });
    };
    const onError = (err: Error) => done(err);
    const onClose = () =>
      done(
        Object.assign(new Error(`${tunnel(proxy)} closed before the answer to CONNECT`), {
          code: 'ECONNRESET',
        }),
      );
    socket.on('data', onData);
    socket.on('error', onError);
    socket.on('close', onClose);
  });
}

/**
 * An agent for https:// endpoints through a proxy: a CONNECT tunnel, then TLS to the endpoint
 * through it. The tunnel's socket belongs to the request until the tunnel is up: a request that
 * ends first (its deadline passed) destroys it, so a proxy that accepts and never answers holds
 * nothing open. A refusal fails the request with the proxy's status, never its body (a proxy's
 * error page may quote the request, our Proxy-Authorization included).
 */
class TunnelAgent extends Agent {
  constructor(
    private readonly proxy: ProxyServer,
    private readonly authMessage: (proxy: ProxyServer) => string,
  ) {
    super(POOL);
  }

  override async connect(req: ClientRequest, opts: AgentConnectOpts): Promise<Duplex> {
    const { proxy } = this;
    const host = (proxy.url.hostname || proxy.url.host).replace(/^\[|\]$/g, '');
    const port = Number(proxy.url.port) || (proxy.url.protocol === 'https:' ? 443 : 80);
    const socket: net.Socket =
      proxy.url.protocol === 'https:'
        ? tls.connect({
            host,
            port,
            ALPNProtocols: ['http/1.1'],
            ...(net.isIP(host) ? {} : { servername: host }),
          })
        : net.connect({ host, port });
    // A request destroyed before it has a socket (its deadline passed) emits nothing the agent
    // can hear, so its `destroy` ends the tunnel too until the tunnel is handed over.
    const abandon = () => socket.destroy();
    const own = Object.prototype.hasOwnProperty.call(req, 'destroy');
    const destroy = req.destroy;
    req.destroy = function (this: ClientRequest, err?: Error) {
      abandon();
      return destroy.call(this, err);
    };
    if (req.destroyed) abandon();
    req.once('close', abandon);
    try {
      const target = opts.host ?? 'localhost';
      const authority = `${net.isIPv6(target) ? `[${target}]` : target}:${opts.port}`;
      let payload = `CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n`;
      if (proxy.url.username !== '' || proxy.url.password !== '') {
        const auth = `${decodeURIComponent(proxy.url.username)}:${decodeURIComponent(proxy.url.password)}`;
        payload += `Proxy-Authorization: Basic ${Buffer.from(auth).toString('base64')}\r\n`;
      }
      payload += `Proxy-Connection: ${this.keepAlive ? 'Keep-Alive' : 'close'}\r\n\r\n`;
      const answer = readConnectAnswer(socket, proxy);
      socket.write(payload);
      const { status, rest } = await answer;
      if (status === 407) throw new ProxyRefusal(this.authMessage(proxy), 407);
      if (status !== 200) {
        throw new ProxyRefusal(
          `${named(proxy)} refused the tunnel to ${authority}: HTTP ${status}`,
          status,
        );
      }
      // The endpoint speaks first only after our TLS hello: anything already here is the proxy's.
      if (rest.length > 0)
        throw new ProxyAnswerError(`${tunnel(proxy)} failed: data came before the endpoint's`);
      const {
        host: _h,
        port: _p,
        path: _path,
        ...tlsOpts
      } = opts as AgentConnectOpts & {
        path?: unknown;
        servername?: string;
      };
      return tls.connect({
        ...tlsOpts,
        socket,
        ...(tlsOpts.servername === undefined && !net.isIP(target) ? { servername: target } : {}),
      });
    } catch (err) {
      socket.destroy();
      throw err;
    } finally {
      req.off('close', abandon);
      if (own) req.destroy = destroy;
      else delete (req as Partial<ClientRequest>).destroy;
    }
  }
}

/**
 * Chooses an agent per request (agent-base: `connect` may hand the request to another agent),
 * so NO_PROXY is decided for each host, and the SDK's handler needs only one agent per scheme.
 */
class RoutingAgent extends Agent {
  private readonly direct: http.Agent;
  private readonly proxied = new Map<string, http.Agent>();

  constructor(
    private readonly secure: boolean,
    private readonly routing: Pick<ProxyRouting, 'proxyFor'>,
    private readonly authMessage: (proxy: ProxyServer) => string,
  ) {
    super();
    this.protocol = secure ? 'https:' : 'http:';
    this.defaultPort = secure ? 443 : 80;
    this.direct = secure ? new https.Agent(POOL) : new http.Agent(POOL);
  }

  override isSecureEndpoint(): boolean {
    return this.secure;
  }

  override connect(_req: ClientRequest, options: AgentConnectOpts): http.Agent {
    const host = options.host ?? 'localhost';
    const proxy = this.routing.proxyFor({
      protocol: this.protocol,
      hostname: host,
      port: options.port,
    });
    if (proxy === undefined) return this.direct;
    let agent = this.proxied.get(proxy.url.href);
    if (agent === undefined) {
      agent = this.secure
        ? new TunnelAgent(proxy, this.authMessage)
        : new HttpProxyAgent(proxy.url, POOL);
      this.proxied.set(proxy.url.href, agent);
    }
    return agent;
  }

  override destroy(): void {
    this.direct.destroy();
    for (const agent of this.proxied.values()) agent.destroy();
    super.destroy();
  }
}

/** The error of a request whose proxy setting is not a usable proxy URL (never retried). */
function unusableProxy(message: string): Error {
  const err = new Error(message);
  err.name = 'ProxyConfigError';
  return err;
}

/**
 * The routing of `config`. `authMessage`: the message for a proxy's 407 (proxy.ts's
 * `proxyAuthMessage`, passed in so that this chunk imports nothing from the start-up chunk).
 */
export function createProxyRouting(
  config: ProxyConfig,
  authMessage: (proxy: ProxyServer) => string,
): ProxyRouting {
  const rules: readonly NoProxyRule[] = parseNoProxy(config.noProxy);
  const proxyFor = (target: ProxyTarget): ProxyServer | undefined => {
    const secure = target.protocol === 'https:';
    const setting = secure ? config.https : config.http;
    if (setting === undefined) return undefined;
    if (bypassesProxy(rules, target.hostname, portOf(target, secure))) return undefined;
    if (!('url' in setting)) throw unusableProxy(setting.message);
    return setting;
  };
  return {
    proxyFor,
    describe: (target) => {
      let proxy: ProxyServer | undefined;
      try {
        proxy = proxyFor(target);
      } catch {
        return '';
      }
      return proxy ? ` through the proxy ${proxy.display} (${proxy.source})` : '';
    },
    agents: () => {
      const routing = { proxyFor };
      return {
        httpAgent: new RoutingAgent(false, routing, authMessage),
        httpsAgent: new RoutingAgent(true, routing, authMessage) as unknown as https.Agent,
      };
    },
  };
}
