/**
 * The action's very first step (src/index.ts), before any other chunk is loaded: when the run
 * will open aws-login with the action's audience, send the OIDC token request at once, directly
 * over `node:http(s)`. Only the inputs, the environment file's text and the token variables are
 * read; imports node built-ins and a few small modules of our own, nothing else.
 */
import * as fs from 'node:fs';
import { resolveEnvironment } from '../host/resolve.js';
import { resolveProxyConfig } from '../providers/proxy.js';
import {
  sendTokenRequestNow,
  tokenRequestUrl,
  type SentTokenRequest,
} from '../providers/token-request.js';
import { checkInputsAgainstWorkspace, envInputReader, readInputs } from './inputs.js';

/** A cheap look at the root file's text: does it (probably) open aws-login with our audience? */
export function mentionsAwsLogin(text: string): boolean {
  return text.includes('aws-login') && !/\baudience\s*:/.test(text);
}

/**
 * The audience of the token the run will need first, when it is worth getting before anything
 * else: an `open` run with valid inputs, a runner token endpoint, and a root file that names
 * aws-login without overriding the audience. Undefined otherwise. Never throws.
 */
export function earlyTokenAudience(env: NodeJS.ProcessEnv): string | undefined {
  let inputs;
  const workspace = env['GITHUB_WORKSPACE'] || process.cwd();
  try {
    // An input error is reported before any token is requested.
    inputs = readInputs(envInputReader(env));
    checkInputsAgainstWorkspace(inputs, workspace);
  } catch {
    return undefined;
  }
  if (inputs.checkOnly) return undefined;
  if (!env.ACTIONS_ID_TOKEN_REQUEST_URL || !env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) return undefined;
  try {
    const { file } = resolveEnvironment(inputs.environment, inputs.environmentsDir, workspace);
    return mentionsAwsLogin(fs.readFileSync(file, 'utf8')) ? inputs.audience : undefined;
  } catch {
    return undefined;
  }
}

/** What the first step found: the token's audience, and the request when it was sent. */
export interface FirstStart {
  readonly audience: string;
  /** Undefined when a proxy is configured: the token source sends it through the proxy. */
  readonly sent: SentTokenRequest | undefined;
}

/** Sends the token request when the run will need it and no proxy is configured. Never throws. */
export function startFirst(env: NodeJS.ProcessEnv): FirstStart | undefined {
  const audience = earlyTokenAudience(env);
  if (audience === undefined) return undefined;
  const proxied = resolveProxyConfig(env, envInputReader(env)('http-proxy')) !== undefined;
  let sent: SentTokenRequest | undefined;
  if (!proxied) {
    try {
      const url = new URL(tokenRequestUrl(env.ACTIONS_ID_TOKEN_REQUEST_URL ?? '', audience));
      sent = sendTokenRequestNow(url, env.ACTIONS_ID_TOKEN_REQUEST_TOKEN ?? '');
    } catch {
      // A URL that does not parse: the token source reports it when the token is wanted.
      sent = undefined;
    }
  }
  return { audience, sent };
}
