/**
 * `aws-login`: AWS credentials from an OIDC token (AssumeRoleWithWebIdentity, one unsigned STS
 * request, no GetCallerIdentity: the account is in AssumedRoleUser.Arn) or from static keys.
 */
import { fromPlain, type Plain, type Value } from '../eval/value.js';
import type {
  InputProblem,
  OpenContext,
  Provider,
  ProviderResult,
  Schema,
} from '../eval/provider.js';
import { assumeRoleErrorMessage } from './errors.js';
import {
  inputObject,
  member,
  optObject,
  optString,
  optStringList,
  reqString,
  type PlainObject,
} from './inputs.js';
import { configuredEndpoint, resolveRegion, type ResolvedOptions } from './options.js';
import { stepMeta, webIdentityInput, webIdentityStep } from '../refresh/recipe.js';
import { DeadlineError, operationDeadline, raceSignal } from './retry.js';
import {
  clientConfig,
  createClient,
  endpointCalled,
  resolveClientConfig,
  send,
  trackEndpoint,
} from './sdk.js';
import { assumeFailure, credentialsResult, type StsAnswer } from './session-credentials.js';
import { STS_WEB_IDENTITY_ANSWER, settledFlag, warmUp } from './warm-up.js';
import {
  ROLE_ARN_PATTERN,
  SESSION_NAME_PATTERN,
  checkCredentialText,
  checkRoleArn,
  checkSessionName,
  defaultSessionName,
  sessionDurationSeconds,
} from './validate.js';

const STRING = { type: 'string' };

export const AWS_LOGIN_INPUT_SCHEMA: Schema = {
  type: 'object',
  properties: {
    oidc: {
      type: 'object',
      properties: {
        roleArn: {
          type: 'string',
          pattern: ROLE_ARN_PATTERN,
          description: 'the IAM role to assume',
        },
        sessionName: { type: 'string', pattern: SESSION_NAME_PATTERN },
        duration: { type: 'string', description: 'Go duration syntax, 15m to 12h (default 1h)' },
        policyArns: { type: 'array', items: STRING },
        subjectAttributes: { type: 'array', items: STRING },
        audience: STRING,
      },
      required: ['roleArn'],
      additionalProperties: false,
    },
    static: {
      type: 'object',
      properties: { accessKeyId: STRING, secretAccessKey: STRING, sessionToken: STRING },
      required: ['accessKeyId', 'secretAccessKey'],
      additionalProperties: false,
    },
  },
  additionalProperties: false,
};

export const AWS_LOGIN_OUTPUT_SCHEMA: Schema = {
  type: 'object',
  properties: { accessKeyId: STRING, secretAccessKey: STRING, sessionToken: STRING },
  required: ['accessKeyId', 'secretAccessKey'],
  additionalProperties: false,
};

/** The checked request an `oidc` input describes. */
export interface OidcRequest {
  roleArn: string;
  sessionName: string;
  durationSeconds: number;
  policyArns: string[] | undefined;
  audience: string;
}

const SUBJECT_ATTRIBUTES_UNSUPPORTED =
  "oidc.subjectAttributes cannot be honoured here: GitHub builds the token's sub claim from the " +
  "repository's OIDC subject template, not per request. Remove it and customise the template instead " +
  '(gh api -X PUT repos/OWNER/REPO/actions/oidc/customization/sub)';

export function parseOidcInput(
  oidc: PlainObject,
  options: Pick<ResolvedOptions, 'env' | 'audience'>,
  /** The keys of `oidc` whose values are secret: messages do not quote them. */
  secretKeys: ReadonlySet<string> = new Set(),
): OidcRequest {
  const roleArn = checkRoleArn(reqString(oidc, 'roleArn', 'oidc'), secretKeys.has('roleArn'));
  const sessionName = checkSessionName(
    optString(oidc, 'sessionName', 'oidc') ?? defaultSessionName(options.env),
    secretKeys.has('sessionName'),
  );
  const durationSeconds = sessionDurationSeconds(
    optString(oidc, 'duration', 'oidc'),
    secretKeys.has('duration'),
  );
  const policyArns = optStringList(oidc, 'policyArns', 'oidc');
  const subjectAttributes = optStringList(oidc, 'subjectAttributes', 'oidc');
  if (subjectAttributes && subjectAttributes.length > 0) {
    throw new Error(SUBJECT_ATTRIBUTES_UNSUPPORTED);
  }
  const audience = optString(oidc, 'audience', 'oidc') || options.audience;
  return { roleArn, sessionName, durationSeconds, policyArns, audience };
}

/** The keys of `inputs[key]` whose values are secret (or the whole object's, if it is). */
function secretKeys(inputs: Value, key: string): Set<string> {
  const obj = member(inputs, key);
  const out = new Set<string>();
  if (obj === undefined || !(obj.repr instanceof Map)) return out;
  for (const [k, v] of obj.repr) if (inputs.secret || obj.secret || v.secret) out.add(k);
  return out;
}

/**
 * What the schema cannot say about aws-login inputs, checked in check mode too (so check-only
 * catches it) on the parts that are known: exactly one of oidc/static, the duration's syntax and
 * range, and subjectAttributes.
 */
export function checkAwsLoginInputs(inputs: Value): InputProblem[] {
  const problems: InputProblem[] = [];
  const oidc = member(inputs, 'oidc');
  const stat = member(inputs, 'static');
  if (!inputs.unknown && (oidc === undefined) === (stat === undefined)) {
    problems.push({
      message:
        'aws-login needs exactly one of `oidc` (assume a role with an OIDC token) or `static` (keys)',
    });
  }
  const duration = member(oidc, 'duration');
  if (duration !== undefined && !duration.unknown && typeof duration.repr === 'string') {
    try {
      sessionDurationSeconds(duration.repr, duration.secret);
    } catch (err) {
      problems.push({ message: err instanceof Error ? err.message : String(err), at: duration });
    }
  }
  for (const field of ['accessKeyId', 'secretAccessKey', 'sessionToken']) {
    const v = member(stat, field);
    if (v === undefined || v.unknown || typeof v.repr !== 'string') continue;
    try {
      checkCredentialText(v.repr, `static.${field}`);
    } catch (err) {
      problems.push({ message: (err as Error).message, at: v });
    }
  }
  const attributes = member(oidc, 'subjectAttributes');
  if (attributes !== undefined && Array.isArray(attributes.repr) && attributes.repr.length > 0) {
    problems.push({ message: SUBJECT_ATTRIBUTES_UNSUPPORTED, at: attributes });
  }
  return problems;
}

export function createAwsLogin(o: ResolvedOptions): Provider {
  return {
    name: 'aws-login',
    inputSchema: AWS_LOGIN_INPUT_SCHEMA,
    outputSchema: AWS_LOGIN_OUTPUT_SCHEMA,
    check: checkAwsLoginInputs,
    open: async (inputs: Value, ctx: OpenContext): Promise<ProviderResult> => {
      const input = inputObject('aws-login', inputs);
      const oidc = optObject(input, 'oidc', 'aws-login');
      const stat = optObject(input, 'static', 'aws-login');
      if ((oidc === undefined) === (stat === undefined)) {
        throw new Error(
          'aws-login needs exactly one of `oidc` (assume a role with an OIDC token) or `static` (keys)',
        );
      }
      if (stat) return openStatic(stat);
      return openOidc(o, parseOidcInput(oidc as PlainObject, o, secretKeys(inputs, 'oidc')), ctx);
    },
  };
}

function openStatic(stat: PlainObject): ProviderResult {
  const key = (field: string) =>
    checkCredentialText(reqString(stat, field, 'static'), `static.${field}`);
  const out: { [key: string]: Plain } = {
    accessKeyId: key('accessKeyId'),
    secretAccessKey: key('secretAccessKey'),
  };
  const token = optString(stat, 'sessionToken', 'static');
  if (token) out.sessionToken = checkCredentialText(token, 'static.sessionToken');
  return { value: fromPlain(out, true) };
}

async function openOidc(
  o: ResolvedOptions,
  req: OidcRequest,
  ctx: OpenContext,
): Promise<ProviderResult> {
  const overall = operationDeadline('aws-login', o.timeoutMs, ctx.signal);
  const deadline = o.clock.now() + o.timeoutMs;
  let token: string | undefined;
  let attempts = 0;
  let endpoint: () => string | undefined = () => undefined;
  const operation = 'STS AssumeRoleWithWebIdentity';
  try {
    // Loaded only now, in parallel with the token (which was probably prefetched already). The
    // client is built, its configuration resolved and its request pipeline run once (warm-up.ts)
    // while the token is still on its way.
    const region = resolveRegion(undefined, o);
    const tokenIn = raceSignal(o.getToken(req.audience), overall.signal);
    const tokenArrived = settledFlag(tokenIn);
    const dummy = { ...req, token: 'warm-up', policyArns: undefined };
    const [built, tok] = await Promise.all([
      import('@aws-sdk/client-sts').then(async (sts) => {
        try {
          const client = createClient(
            () => new sts.STSClient(clientConfig(o, region, 'STS', undefined)),
          );
          resolveClientConfig(client);
          endpoint = trackEndpoint(client);
          const warm = !tokenArrived();
          if (warm) await warmUp(client, assumeCommand(sts, dummy), STS_WEB_IDENTITY_ANSWER);
          return { sts, client, warm };
        } catch (err) {
          // Reported once the token is there, as it was when the client was built after it.
          return { error: err as unknown };
        }
      }),
      tokenIn,
    ]);
    token = tok;
    if ('error' in built) throw built.error;
    const { sts, client, warm } = built;
    const command = assumeCommand(sts, { ...req, token });
    o.debug(
      `${operation}: role ${req.roleArn}, session ${req.sessionName}, ${req.durationSeconds} s, region ${region}`,
    );
    // When the token came first there was nothing to overlap the warm-up with: run it while the
    // request is in flight instead (setImmediate: after the request has left), so that at least
    // the answer's parsing is warm when the answer comes.
    if (!warm)
      setImmediate(() => void warmUp(client, assumeCommand(sts, dummy), STS_WEB_IDENTITY_ANSWER));
    const res = await send<StsAnswer>(o, client, command, {
      operation,
      signal: overall.signal,
      deadline,
      endpoint,
      onAttempt: (n) => (attempts = n),
    });
    // What the refresher replays (credential refresh, src/refresh/recipe.ts); nothing secret.
    // The endpoint actually called, however the SDK resolved it: the refresher goes there only.
    const step = webIdentityStep(
      req,
      region,
      endpointCalled(client) ?? configuredEndpoint(o.env, 'STS'),
    );
    return credentialsResult(o, res, req.roleArn, stepMeta(step));
  } catch (err) {
    if (token === undefined) {
      // The token source's own message (permissions, fork PRs, file) is already actionable.
      if (err instanceof DeadlineError)
        throw new Error(`${err.message} (waiting for the OIDC token)`, { cause: err });
      throw err;
    }
    const jwt = token;
    throw assumeFailure(err, {
      role: req.roleArn,
      operation,
      where: endpoint(),
      attempts,
      secrets: [jwt],
      describe: (e) =>
        assumeRoleErrorMessage(e, { ...req, token: jwt, attempts, environment: ctx.environment }),
    });
  } finally {
    overall.dispose();
  }
}

/** The AssumeRoleWithWebIdentity command for `req` with `token`. */
function assumeCommand(
  sts: typeof import('@aws-sdk/client-sts'),
  req: Pick<OidcRequest, 'roleArn' | 'sessionName' | 'durationSeconds' | 'policyArns'> & {
    token: string;
  },
): InstanceType<typeof sts.AssumeRoleWithWebIdentityCommand> {
  return new sts.AssumeRoleWithWebIdentityCommand(webIdentityInput(req, req.token));
}
