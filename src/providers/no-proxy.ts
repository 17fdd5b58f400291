/**
 * NO_PROXY: the hosts a request reaches directly although a proxy is configured. A comma (or
 * whitespace) separated list of entries, matched without DNS:
 * - `*`: every host;
 * - a name, `example.com` or `.example.com` (or `*.example.com`): that host and every host below
 *   it (`api.example.com`), case-insensitively, never a name that merely ends the same way
 *   (`badexample.com`);
 * - an IP address (`10.1.2.3`, `::1`, `[::1]`) or a CIDR block (`10.0.0.0/8`, `fd00::/8`): a
 *   request to that address literally;
 * - any of these with `:port` (`[::1]:8080` for IPv6): only requests to that port.
 * Loopback is not exempt unless listed (`localhost,127.0.0.1,::1`). Entries it cannot read are
 * ignored, as curl ignores them.
 */
import { BlockList, isIP } from 'node:net';

export type NoProxyRule =
  | { readonly kind: 'all' }
  | { readonly kind: 'name'; readonly name: string; readonly port?: number }
  | { readonly kind: 'ip'; readonly list: BlockList; readonly port?: number };

function family(ip: string): 'ipv4' | 'ipv6' | undefined {
  const f = isIP(ip);
  return f === 4 ? 'ipv4' : f === 6 ? 'ipv6' : undefined;
}

function parsePort(text: string | undefined): number | null | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,5}$/.test(text)) return null;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : null;
}

/** One entry, lower case and trimmed; undefined when it cannot be read. */
function parseEntry(entry: string): NoProxyRule | undefined {
  if (entry === '*') return { kind: 'all' };
  let host = entry;
  let portText: string | undefined;
  const bracketed = /^\[([^\]]+)\](?::([^:]*))?$/.exec(entry);
  if (bracketed) {
    host = bracketed[1] ?? '';
    portText = bracketed[2];
  } else if (entry.split(':').length === 2) {
    [host = '', portText] = entry.split(':');
  }
  const port = parsePort(portText);
  if (port === null) return undefined;
  const withPort = <T extends object>(rule: T): T & { port?: number } =>
    port === undefined ? rule : { ...rule, port };

  const slash = host.indexOf('/');
  if (slash >= 0) {
    const address = host.slice(0, slash);
    const prefixText = host.slice(slash + 1);
    const f = family(address);
    if (f === undefined || !/^\d{1,3}$/.test(prefixText)) return undefined;
    const prefix = Number(prefixText);
    if (prefix > (f === 'ipv4' ? 32 : 128)) return undefined;
    const list = new BlockList();
    list.addSubnet(address, prefix, f);
    return withPort({ kind: 'ip' as const, list });
  }
  const f = family(host);
  if (f !== undefined) {
    const list = new BlockList();
    list.addAddress(host, f);
    return withPort({ kind: 'ip' as const, list });
  }
  const name = host.replace(/^\*?\./, '').replace(/\.$/, '');
  if (name === '' || !/^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/.test(name)) return undefined;
  return withPort({ kind: 'name' as const, name });
}

/** The rules of a NO_PROXY value. */
export function parseNoProxy(text: string): NoProxyRule[] {
  const rules: NoProxyRule[] = [];
  for (const raw of text.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    const rule = parseEntry(entry);
    if (rule !== undefined) rules.push(rule);
  }
  return rules;
}

/** The host as a rule compares it: lower case, without IPv6 brackets or a trailing dot. */
export function normalizeHost(host: string): string {
  const h = host.trim().toLowerCase();
  return (h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h).replace(/\.$/, '');
}

/** Whether a request to `host:port` bypasses the proxy under `rules`. */
export function bypassesProxy(rules: readonly NoProxyRule[], host: string, port: number): boolean {
  const h = normalizeHost(host);
  const f = family(h);
  return rules.some((rule) => {
    if (rule.kind === 'all') return true;
    if (rule.port !== undefined && rule.port !== port) return false;
    if (rule.kind === 'ip') return f !== undefined && rule.list.check(h, f);
    return f === undefined && (h === rule.name || h.endsWith(`.${rule.name}`));
  });
}
