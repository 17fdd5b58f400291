/**
 * Replays a recipe for fresh credentials: a fresh GitHub OIDC token, AssumeRoleWithWebIdentity,
 * then each AssumeRole signed with the credentials of the step before. The same policy as the
 * providers (src/providers: deadlines on every request and on the whole refresh, capped response
 * bodies, retries of what can succeed later, messages that never carry a secret). Loaded by the
 * refresher only when the cached credentials will not do.
 */
import { assumeRoleErrorMessage, errorText, scrub } from '../providers/errors.js';
import { resolveOptions } from '../providers/options.js';
import { proxyRouting, resolveProxyConfig } from '../providers/proxy.js';
import { DeadlineError, operationDeadline, raceSignal } from '../providers/retry.js';
import {
  clientConfig,
  createClient,
  send,
  trackEndpoint,
  type Credentials,
} from '../providers/sdk.js';
import { createTokenSource } from '../providers/token.js';
import { RefreshError, type ProcessCredentials, type RefreshState } from './cache.js';
import { restoreProxy, type ProxySettings } from './proxy.js';
import { assumeRoleInput, webIdentityInput, type RecipeStep } from './recipe.js';

/** What the refresher takes from its caller's environment: the runner's OIDC token request. */
export const TOKEN_VARIABLES = ['ACTIONS_ID_TOKEN_REQUEST_URL', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN'];

interface StsAnswer {
  Credentials?: {
    AccessKeyId?: string;
    SecretAccessKey?: string;
    SessionToken?: string;
    Expiration?: Date;
  };
}

/** The message when the process that asked for credentials cannot request an OIDC token. */
export const NO_TOKEN_MESSAGE =
  'no GitHub OIDC token can be requested: ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN ' +
  'are not in the environment of the program that asked for AWS credentials. The runner gives them to every ' +
  'step of a job with `permissions: id-token: write`; pass them on to tools that clear the environment ' +
  '(e.g. sudo --preserve-env, tox passenv)';

/** ` through the proxy … (HTTP_PROXY)` when the step's proxy carries requests to `url`, else ''. */
async function viaProxy(settings: ProxySettings, url: string | undefined): Promise<string> {
  const config = resolveProxyConfig(settings.env, settings.httpProxy);
  if (config === undefined || url === undefined) return '';
  try {
    const u = new URL(url);
    const port = u.port === '' ? undefined : Number(u.port);
    return (await proxyRouting(config)).describe({
      protocol: u.protocol,
      hostname: u.hostname,
      ...(port !== undefined ? { port } : {}),
    });
  } catch {
    return '';
  }
}

/** Fresh credentials for `state`'s recipe, or a RefreshError whose message holds no secret. */
export async function replay(
  state: RefreshState,
  env: NodeJS.ProcessEnv,
  debug: (message: string) => void = () => undefined,
): Promise<ProcessCredentials> {
  const secrets: (string | undefined)[] = [env.ACTIONS_ID_TOKEN_REQUEST_TOKEN];
  const overall = operationDeadline('Refreshing AWS credentials', state.timeoutMs);
  const deadline = Date.now() + state.timeoutMs;
  // The step's proxy, whatever proxy variables the caller has; and of the caller's environment
  // only the runner's token request variables: no AWS setting, no token file.
  let proxy: ProxySettings;
  try {
    proxy = restoreProxy(state.proxy, env);
  } catch (err) {
    overall.dispose();
    throw new RefreshError(err instanceof Error ? err.message : String(err));
  }
  const tokenEnv: NodeJS.ProcessEnv = { ...proxy.env };
  for (const name of TOKEN_VARIABLES) if (env[name] !== undefined) tokenEnv[name] = env[name];
  const tokens = createTokenSource(tokenEnv, {
    requestTimeoutMs: state.requestTimeoutMs,
    timeoutMs: state.timeoutMs,
    httpProxy: proxy.httpProxy,
    mask: (t) => secrets.push(t),
    debug,
  });
  let creds: Credentials | undefined;
  let expiration: Date | undefined;
  let previous: RecipeStep | undefined;
  try {
    if (tokens.kind === 'none') throw new RefreshError(NO_TOKEN_MESSAGE);
    const sts = await import('@aws-sdk/client-sts');
    for (const step of state.recipe) {
      const o = resolveOptions({
        getToken: (audience) => tokens.getToken(audience),
        audience: 'sts.amazonaws.com',
        requestTimeoutMs: state.requestTimeoutMs,
        timeoutMs: state.timeoutMs,
        // Exactly the endpoint the step called (the state always has one) and the step's proxy.
        env: { ...proxy.env, ...(step.endpoint ? { AWS_ENDPOINT_URL_STS: step.endpoint } : {}) },
        httpProxy: proxy.httpProxy,
        debug,
      });
      const client = createClient(
        () => new sts.STSClient(clientConfig(o, step.region, 'STS', creds)),
      );
      const endpoint = trackEndpoint(client);
      let token: string | undefined;
      let attempts = 0;
      const operation =
        step.kind === 'web-identity' ? 'STS AssumeRoleWithWebIdentity' : 'STS AssumeRole';
      try {
        let command: unknown;
        if (step.kind === 'web-identity') {
          token = await raceSignal(tokens.getToken(step.audience), overall.signal);
          command = new sts.AssumeRoleWithWebIdentityCommand(webIdentityInput(step, token));
        } else {
          command = new sts.AssumeRoleCommand(assumeRoleInput(step));
        }
        const res = await send<StsAnswer>(o, client, command, {
          operation,
          signal: overall.signal,
          deadline,
          endpoint,
          onAttempt: (n) => (attempts = n),
        });
        const c = res.Credentials;
        if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) {
          throw new RefreshError(`${operation} for ${step.roleArn} answered without credentials`);
        }
        creds = {
          accessKeyId: c.AccessKeyId,
          secretAccessKey: c.SecretAccessKey,
          sessionToken: c.SessionToken,
        };
        secrets.push(c.SecretAccessKey, c.SessionToken);
        expiration =
          c.Expiration instanceof Date && !Number.isNaN(c.Expiration.getTime())
            ? c.Expiration
            : undefined;
        previous = step;
      } catch (err) {
        if (err instanceof RefreshError) throw err;
        if (step.kind === 'web-identity' && token === undefined) {
          // The token source's own message (endpoint, status, deadline) says what failed.
          const waiting =
            err instanceof DeadlineError
              ? ` (waiting for the OIDC token${await viaProxy(proxy, tokenEnv.ACTIONS_ID_TOKEN_REQUEST_URL)})`
              : '';
          throw new RefreshError(`${errorText(err)}${waiting}`);
        }
        if (err instanceof DeadlineError) {
          const where = endpoint();
          throw new RefreshError(
            `could not assume role ${step.roleArn}: ${err.message} (waiting for ${operation}` +
              `${where ? ` at ${where}` : ''}, attempt ${attempts})`,
          );
        }
        if (step.kind === 'web-identity') {
          throw new RefreshError(
            assumeRoleErrorMessage(err, { ...step, token: token ?? '', attempts }),
          );
        }
        throw new RefreshError(
          `could not assume role ${step.roleArn} with the credentials of ${previous?.roleArn ?? 'the login'}: ${errorText(err)}`,
        );
      }
    }
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new RefreshError(scrub(message, secrets));
  } finally {
    overall.dispose();
  }
  if (creds === undefined || creds.sessionToken === undefined || expiration === undefined) {
    throw new RefreshError('STS answered without an expiry for the credentials');
  }
  return {
    Version: 1,
    AccessKeyId: creds.accessKeyId,
    SecretAccessKey: creds.secretAccessKey,
    SessionToken: creds.sessionToken,
    Expiration: expiration.toISOString(),
  };
}
