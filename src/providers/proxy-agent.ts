/**
 * Requests through a proxy: node:http(s) agents that send each request through the proxy its URL
 * calls for (`http-proxy-agent` for http:// endpoints: absolute-form requests; `https-proxy-agent`
 * for https:// endpoints: a CONNECT tunnel, then TLS to the endpoint), or directly when NO_PROXY
 * lists the host. Loaded only through `proxyRouting` (proxy.ts) when a proxy is configured: it is
 * a chunk of its own in the bundles, so runs without a proxy never load it or the packages.
 */
import type { ClientRequest } from 'node:http';
import * as http from 'node:http';
import * as https from 'node:https';
import { Agent, type AgentConnectOpts } from 'agent-base';
import { HttpProxyAgent } from 'http-proxy-agent';
import { HttpsProxyAgent } from 'https-proxy-agent';
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
        ? new HttpsProxyAgent(proxy.url, POOL)
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

export function createProxyRouting(config: ProxyConfig): ProxyRouting {
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
        httpAgent: new RoutingAgent(false, routing),
        httpsAgent: new RoutingAgent(true, routing) as unknown as https.Agent,
      };
    },
  };
}
