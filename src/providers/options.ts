/**
 * Options shared by the AWS providers, resolved once: region chain, endpoints from the
 * environment, deadlines and the retry policy.
 */
import { resolveProxyConfig, type ProxyConfig } from './proxy.js';
import { DEFAULT_RETRY_POLICY, realClock, type Clock, type RetryPolicy } from './retry.js';

export interface AwsProviderOptions {
  /** Gets an OIDC token for an audience (see `createTokenSource`). */
  getToken: (audience: string) => Promise<string>;
  /** The action's `audience` input (default `sts.amazonaws.com`); `oidc.audience` overrides it. */
  audience: string;
  /** The host's region option (the action's `aws-region` input). */
  region?: string;
  /** Deadline of every single request (default 10 s). */
  requestTimeoutMs?: number;
  /** Deadline of one provider open, retries included (default 30 s). */
  timeoutMs?: number;
  /** Environment for `AWS_REGION`, `AWS_ENDPOINT_URL*`, `GITHUB_RUN_ID` (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** Attempts per request, the first included (default 5). */
  maxAttempts?: number;
  /** The action's `http-proxy` input: the proxy of every AWS call; else the proxy variables of `env`. */
  httpProxy?: string;
  debug?: (msg: string) => void;
  /** For tests. */
  sleep?: Clock['sleep'];
  random?: () => number;
  now?: () => number;
}

export interface ResolvedOptions {
  getToken: (audience: string) => Promise<string>;
  audience: string;
  region: string | undefined;
  requestTimeoutMs: number;
  timeoutMs: number;
  env: NodeJS.ProcessEnv;
  policy: RetryPolicy;
  clock: Clock;
  debug: (msg: string) => void;
  /** The proxies of AWS calls (`http-proxy`, HTTPS_PROXY, HTTP_PROXY, NO_PROXY); undefined for none. */
  proxy: ProxyConfig | undefined;
}

export function resolveOptions(o: AwsProviderOptions): ResolvedOptions {
  return {
    getToken: o.getToken,
    audience: o.audience,
    region: o.region || undefined,
    requestTimeoutMs: o.requestTimeoutMs ?? 10_000,
    timeoutMs: o.timeoutMs ?? 30_000,
    env: o.env ?? process.env,
    policy: {
      ...DEFAULT_RETRY_POLICY,
      maxAttempts: o.maxAttempts ?? DEFAULT_RETRY_POLICY.maxAttempts,
    },
    clock: {
      now: o.now ?? realClock.now,
      sleep: o.sleep ?? realClock.sleep,
      random: o.random ?? realClock.random,
    },
    debug: o.debug ?? (() => undefined),
    proxy: resolveProxyConfig(o.env ?? process.env, o.httpProxy),
  };
}

/** Provider input `region`, else the host option, else AWS_REGION, else AWS_DEFAULT_REGION, else us-east-1. */
export function resolveRegion(
  input: string | undefined,
  o: Pick<ResolvedOptions, 'region' | 'env'>,
): string {
  return input || o.region || o.env.AWS_REGION || o.env.AWS_DEFAULT_REGION || 'us-east-1';
}

/**
 * The endpoint configured in `env` for a service (`AWS_ENDPOINT_URL_<ID>`, then `AWS_ENDPOINT_URL`),
 * as the SDK reads them from `process.env`; read here so that `options.env` is honoured too.
 * Undefined when none is set or `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` is true.
 */
export function configuredEndpoint(
  env: NodeJS.ProcessEnv,
  serviceEnvId: string,
): string | undefined {
  if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.toLowerCase() === 'true') return undefined;
  return env[`AWS_ENDPOINT_URL_${serviceEnvId}`] || env.AWS_ENDPOINT_URL || undefined;
}
