/**
 * What the action does before it loads anything heavy (`@actions/core`, `yaml`, the evaluator,
 * the AWS SDK): read the inputs and, when the environment file will open aws-login with the
 * action's audience, start the OIDC token request and the STS client's load. Both are then under
 * way while the rest of the action loads (src/index.ts). Imports only node built-ins and small
 * modules of our own.
 */
import { createTokenSource, type TokenSource } from '../providers/token.js';
import { earlyTokenAudience, type FirstStart } from './entry-first.js';
import { envInputReader, readInputs } from './inputs.js';

/** Where the early token source's masks and debug lines go once the host is loaded. */
export interface EarlyHost {
  mask(secret: string): void;
  debug(message: string): void;
}

export interface EarlyStart {
  /** The token source, possibly with the token already requested. */
  readonly tokens: TokenSource;
  /** Whether the token request was started. */
  readonly prefetched: boolean;
  /** Sends mask/debug calls to `host` from now on, after replaying those made before, in order. */
  bind(host: EarlyHost): void;
}

/**
 * Starts the token request when it will be used: an `open` run, a runner token endpoint, and a
 * root file that names aws-login without overriding the audience. Never throws: on a bad input
 * it returns undefined and the action reports the error as usual.
 */
export function startEarly(
  env: NodeJS.ProcessEnv = process.env,
  /** What src/action/entry-first.ts found (and maybe sent) before this module was loaded. */
  first: FirstStart | undefined = undefined,
): EarlyStart | undefined {
  let inputs;
  try {
    inputs = readInputs(envInputReader(env));
  } catch {
    return undefined;
  }
  let host: EarlyHost | undefined;
  const pending: ((h: EarlyHost) => void)[] = [];
  const tokens = createTokenSource(env, {
    mask: (s) => (host ? host.mask(s) : pending.push((h) => h.mask(s))),
    debug: (m) => (host ? host.debug(m) : pending.push((h) => h.debug(m))),
    requestTimeoutMs: inputs.requestTimeoutMs,
    timeoutMs: inputs.timeoutMs,
    httpProxy: inputs.httpProxy,
    ...(first?.sent ? { sent: first.sent } : {}),
  });
  const audience = first ? first.audience : earlyTokenAudience(env);
  const prefetched = audience !== undefined && tokens.kind === 'runner';
  if (prefetched) {
    tokens.prefetch(audience);
    // aws-login needs the STS client as soon as the token arrives: load it meanwhile. A failure
    // here is reported where the client is really imported.
    import('@aws-sdk/client-sts').catch(() => undefined);
  }
  return {
    tokens,
    prefetched,
    bind: (h) => {
      host = h;
      for (const call of pending.splice(0)) call(h);
    },
  };
}
