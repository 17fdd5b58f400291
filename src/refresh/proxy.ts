/**
 * The step's proxy choice as the refresh state keeps it, and as the refresher restores it. The
 * refresher runs in later steps, which have neither the step's `http-proxy` input nor, always,
 * its environment: so the step writes down which settings it used (the input, or the proxy
 * variables it read, by name) and the refresher rebuilds exactly those, whatever proxy variables
 * its caller has. No password is written: a proxy variable's password is taken, when refreshing,
 * from the caller's variable of the same name, and only if that variable names the same proxy
 * (scheme, host, port and user); a password in the `http-proxy` input cannot be carried, and
 * credential refresh refuses it.
 */
import {
  parseProxyUrl,
  redactUserinfo,
  resolveProxyConfig,
  type ProxyServer,
} from '../providers/proxy.js';
import type { StoredProxy } from './cache.js';

const INPUT_SOURCE = 'the http-proxy input';

/** A proxy setting credential refresh cannot carry to later steps. */
export class ProxyStoreError extends Error {
  override name = 'ProxyStoreError';
}

/** `url` (a parsed proxy) as text without its password. */
function withoutPassword(p: ProxyServer): string {
  const user = p.url.username ? `${p.url.username}@` : '';
  return `${p.url.protocol}//${user}${p.url.host}`;
}

/** Parses a proxy URL, or undefined when it is not one. */
function tryParse(text: string, source: string): ProxyServer | undefined {
  try {
    return parseProxyUrl(text, source);
  } catch {
    return undefined;
  }
}

/**
 * What the refresh state keeps of the step's proxy choice (`env` and the `http-proxy` input), or
 * undefined when the step used no proxy. Throws a ProxyStoreError for a password in the input.
 */
export function storeProxy(env: NodeJS.ProcessEnv, input: string): StoredProxy | undefined {
  const config = resolveProxyConfig(env, input);
  if (config === undefined) return undefined;
  const stored: StoredProxy = { variables: {}, passwordFrom: [] };
  if (input.trim() !== '') {
    const p = tryParse(input, INPUT_SOURCE);
    if (p?.password !== undefined || (p === undefined && redactUserinfo(input) !== input)) {
      throw new ProxyStoreError(
        `the http-proxy input holds a password, which the refresher in later steps could only get if it were ` +
          'written down beside the refresh state or exported to every later step: give the proxy as HTTPS_PROXY ' +
          "(and HTTP_PROXY) in the job's env instead (the refresher takes the password from there), or use a proxy " +
          'without a password',
      );
    }
    stored.input = p ? withoutPassword(p) : input;
  }
  const names = [config.http?.source, config.https?.source, config.noProxySource];
  for (const name of names) {
    if (name === undefined || name === INPUT_SOURCE || name in stored.variables) continue;
    const text = env[name] ?? '';
    if (name === config.noProxySource) {
      stored.variables[name] = text;
      continue;
    }
    const p = tryParse(text, name);
    // A URL that cannot be parsed stays one that cannot (its password shown as ***).
    stored.variables[name] = p ? withoutPassword(p) : redactUserinfo(text);
    if (p?.password !== undefined) stored.passwordFrom.push(name);
  }
  return stored;
}

/** The settings to resolve the step's proxy with: its variables (passwords restored) and input. */
export interface ProxySettings {
  env: Record<string, string>;
  httpProxy: string;
}

/**
 * The step's proxy settings, each password taken from `caller`'s variable of the same name when
 * it names the same proxy. Throws an Error saying what to do when one cannot be restored.
 */
export function restoreProxy(
  stored: StoredProxy | undefined,
  caller: NodeJS.ProcessEnv,
): ProxySettings {
  if (stored === undefined) return { env: {}, httpProxy: '' };
  const env = { ...stored.variables };
  for (const name of stored.passwordFrom) {
    const want = tryParse(env[name] ?? '', name);
    const have = tryParse(caller[name] ?? '', name);
    const same =
      want !== undefined &&
      have?.password !== undefined &&
      have.url.protocol === want.url.protocol &&
      have.url.host === want.url.host &&
      have.url.username === want.url.username;
    if (!same) {
      const shown = want ? `${want.url.protocol}//${want.url.username}:***@${want.url.host}` : name;
      throw new Error(
        `the proxy ${shown} that the esc-action step used (${name}) needs its password, which is never stored ` +
          `with the refresh state; the program that asked for credentials has no ${name} naming that proxy with ` +
          `its password: set ${name} in the job's env (not only in the esc-action step's)`,
      );
    }
    env[name] = caller[name] ?? '';
  }
  return { env, httpProxy: stored.input ?? '' };
}
