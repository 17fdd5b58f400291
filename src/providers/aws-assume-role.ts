/**
 * `aws-assume-role` (an esc-action extension: Pulumi ESC has no such provider): assumes a further
 * role with the credentials of a login, such as `${aws.login}` (role chaining through a hub
 * account) or static keys. One STS AssumeRole request, signed with the login's keys.
 */
import { unknownCauseOf } from '../eval/evalue.js';
import type {
  InputProblem,
  OpenContext,
  Provider,
  ProviderResult,
  Schema,
} from '../eval/provider.js';
import { NumberText, toPlain, type Plain, type Value } from '../eval/value.js';
import { suggest } from '../base/spell.js';
import { errorText, scrub } from './errors.js';
import {
  LOGIN_SCHEMA,
  inputObject,
  isObject,
  loginInput,
  member,
  optObject,
  optString,
  optStringList,
  reqString,
  type PlainObject,
} from './inputs.js';
import { configuredEndpoint, resolveRegion, type ResolvedOptions } from './options.js';
import { assumeRoleInput, stepMeta, type AssumeRoleStep } from '../refresh/recipe.js';
import { errorCode, operationDeadline } from './retry.js';
import {
  clientConfig,
  createClient,
  endpointCalled,
  send,
  trackEndpoint,
  type Credentials,
} from './sdk.js';
import {
  credentialId,
  credentialsResult,
  assumeFailure,
  principalOf,
  type StsAnswer,
} from './session-credentials.js';
import {
  checkRoleArn,
  checkSessionName,
  defaultSessionName,
  formatSeconds,
  sessionDurationSeconds,
  shown,
} from './validate.js';

const PROVIDER = 'aws-assume-role';
const STRING = { type: 'string' };

export const AWS_ASSUME_ROLE_INPUT_SCHEMA: Schema = {
  type: 'object',
  properties: {
    login: { ...(LOGIN_SCHEMA as PlainObject), additionalProperties: false },
    roleArn: { type: 'string', description: 'the IAM role to assume' },
    sessionName: STRING,
    duration: { type: 'string', description: 'Go duration syntax, 15m to 12h (default 1h)' },
    externalId: STRING,
    policy: { description: 'inline session policy: an object or a JSON string' },
    policyArns: { type: 'array', items: STRING },
    tags: { type: 'object', additionalProperties: STRING },
    transitiveTagKeys: { type: 'array', items: STRING },
    sourceIdentity: STRING,
    region: STRING,
  },
  required: ['login', 'roleArn'],
  additionalProperties: false,
};

export const AWS_ASSUME_ROLE_OUTPUT_SCHEMA: Schema = {
  type: 'object',
  properties: { accessKeyId: STRING, secretAccessKey: STRING, sessionToken: STRING },
  required: ['accessKeyId', 'secretAccessKey', 'sessionToken'],
  additionalProperties: false,
};

/** AWS's limits on AssumeRole parameters. */
export const MAX_POLICY_CHARS = 2048;
export const MAX_POLICY_ARNS = 10;
export const MAX_TAGS = 50;
/** A session assumed with a role session's credentials (role chaining) lasts at most 1 hour. */
export const MAX_CHAINED_SECONDS = 3600;

const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
const SOURCE_IDENTITY = /^[\w+=,.@-]{2,64}$/;
const POLICY_ARN = /^arn:aws[-a-z]*:iam::(aws|[0-9]{12}):policy\/[\w+=,.@/-]{1,2000}$/;
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

export function checkExternalId(id: string, secret = false): string {
  if (!EXTERNAL_ID.test(id)) {
    throw new Error(
      `externalId ${shown(id, secret)} is not a valid external id: use 2 to 1224 characters ` +
        `among letters, digits and _+=,.@:/-`,
    );
  }
  return id;
}

export function checkSourceIdentity(id: string, secret = false): string {
  if (!SOURCE_IDENTITY.test(id)) {
    throw new Error(
      `sourceIdentity ${shown(id, secret)} is not a valid source identity: use 2 to 64 ` +
        `characters among letters, digits and _+=,.@-`,
    );
  }
  return id;
}

function policyArnsCountProblem(n: number): string | undefined {
  return n > MAX_POLICY_ARNS
    ? `policyArns has ${n} entries: AWS allows at most ${MAX_POLICY_ARNS} managed session policies`
    : undefined;
}

export function checkPolicyArns(arns: readonly string[]): string[] {
  const problem = policyArnsCountProblem(arns.length);
  if (problem !== undefined) throw new Error(problem);
  arns.forEach((arn, i) => checkPolicyArn(arn, `policyArns[${i}]`));
  return [...arns];
}

function checkPolicyArn(arn: string, at: string): void {
  if (!POLICY_ARN.test(arn)) {
    throw new Error(
      `${at} ${JSON.stringify(arn)} is not an IAM policy ARN: expected ` +
        `arn:aws:iam::aws:policy/<name> or arn:aws:iam::<12-digit account id>:policy/<name>`,
    );
  }
}

/** JSON text of plain data, without whitespace, characters above U+00FF escaped (AWS's range). */
function packedJson(p: Plain): string {
  if (p === null || typeof p === 'boolean') return String(p);
  if (typeof p === 'number') return String(p);
  if (p instanceof NumberText) return p.text;
  if (typeof p === 'string') return jsonString(p);
  if (p instanceof Uint8Array) return jsonString(Buffer.from(p).toString('utf8'));
  if (Array.isArray(p)) return `[${p.map(packedJson).join(',')}]`;
  return `{${Object.entries(p)
    .map(([k, v]) => `${jsonString(k)}:${packedJson(v)}`)
    .join(',')}}`;
}

function jsonString(s: string): string {
  return JSON.stringify(s).replace(
    /[^\t\n\r\u0020-\u00ff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * The inline session policy, as AWS receives it: an object, or a string holding a JSON object,
 * with a `Statement`, packed (no whitespace) within AWS's 2048 characters.
 */
export function sessionPolicy(p: Plain, secret = false): string {
  let doc: unknown = p;
  if (typeof p === 'string' || p instanceof Uint8Array) {
    const text = typeof p === 'string' ? p : Buffer.from(p).toString('utf8');
    try {
      doc = JSON.parse(text) as unknown;
    } catch (err) {
      if (secret) {
        // eslint-disable-next-line preserve-caught-error -- the parser's message quotes the text
        throw new Error('policy is not valid JSON (give an object, or a JSON string)');
      }
      const why = err instanceof Error ? err.message : String(err);
      throw new Error(`policy is not valid JSON: ${why} (give an object, or a JSON string)`, {
        cause: err,
      });
    }
    if (!isObject(doc as Plain)) throw new Error('policy must be a JSON object (an IAM policy)');
  } else if (!isObject(p)) {
    throw new Error('policy must be an object or a JSON string (an IAM policy)');
  }
  const obj = doc as PlainObject;
  if (!('Statement' in obj)) throw new Error('policy has no Statement: it is not an IAM policy');
  const packed = packedJson(obj);
  if (packed.length > MAX_POLICY_CHARS) {
    throw new Error(
      `policy is ${packed.length} characters without whitespace: AWS allows at most ` +
        `${MAX_POLICY_CHARS} for an inline session policy (shorten it, or use policyArns)`,
    );
  }
  return packed;
}

/** `tags` as STS session tags: at most 50, keys 1-128 and values 0-256 characters, no case twins. */
export function sessionTags(tags: PlainObject, secret = false): { Key: string; Value: string }[] {
  const keys = Object.keys(tags);
  if (keys.length > MAX_TAGS) {
    throw new Error(`tags has ${keys.length} entries: AWS allows at most ${MAX_TAGS} session tags`);
  }
  const seen = new Map<string, string>();
  return keys.map((key) => {
    const value = tags[key];
    if (typeof value !== 'string') throw new Error(`tags.${key} must be a string`);
    const chars = [...key].length;
    if (chars < 1 || chars > 128 || !TAG_TEXT.test(key)) {
      throw new Error(
        `tags key ${JSON.stringify(key)} is not a valid tag key: use 1 to 128 letters, digits, ` +
          `spaces and _.:/=+-@`,
      );
    }
    if ([...value].length > 256 || !TAG_TEXT.test(value)) {
      throw new Error(
        `tags.${key} ${shown(value, secret)} is not a valid tag value: use up to 256 letters, ` +
          `digits, spaces and _.:/=+-@`,
      );
    }
    const twin = seen.get(key.toLowerCase());
    if (twin !== undefined) {
      throw new Error(
        `tags has both ${JSON.stringify(twin)} and ${JSON.stringify(key)}: AWS session tag keys ignore case`,
      );
    }
    seen.set(key.toLowerCase(), key);
    return { Key: key, Value: value };
  });
}

/** The problem with transitive tag key `key` (at index `i`), if it is not a key of `tags`. */
function transitiveKeyProblem(key: string, i: number, tags: readonly string[]): string | undefined {
  if (tags.includes(key)) return undefined;
  const near = suggest(key, tags, { swaps: true });
  return (
    `transitiveTagKeys[${i}] ${JSON.stringify(key)} is not a key of tags` +
    (tags.length === 0
      ? ': a transitive tag key must name one of the session tags'
      : near !== undefined
        ? `; did you mean ${JSON.stringify(near)}?`
        : ` (${tags.map((t) => JSON.stringify(t)).join(', ')})`)
  );
}

export function checkTransitiveTagKeys(keys: readonly string[], tags: readonly string[]): void {
  keys.forEach((k, i) => {
    const problem = transitiveKeyProblem(k, i, tags);
    if (problem !== undefined) throw new Error(problem);
  });
}

/** The message for a duration above the 1-hour cap of a chained session. */
export function chainedDurationMessage(text: string, seconds: number, secret = false): string {
  return (
    `duration ${shown(text, secret)} (${formatSeconds(seconds)}) is too long for a chained session: ` +
    `the login has a session token (its credentials are a role session), and AWS caps a session ` +
    `assumed with a role session (role chaining) at 1h, whatever the role's MaxSessionDuration. ` +
    `Use duration: 1h or less`
  );
}

/** The checked request that `aws-assume-role` inputs describe. */
export interface AssumeRoleRequest {
  login: Credentials;
  roleArn: string;
  sessionName: string;
  durationSeconds: number;
  externalId: string | undefined;
  policy: string | undefined;
  policyArns: string[] | undefined;
  tags: { Key: string; Value: string }[] | undefined;
  transitiveTagKeys: string[] | undefined;
  sourceIdentity: string | undefined;
  region: string;
}

/** Reads and checks the inputs (throws on the first problem). `secret`: keys not to quote. */
export function parseAssumeRoleInput(
  input: PlainObject,
  o: Pick<ResolvedOptions, 'env' | 'region'>,
  secret: ReadonlySet<string> = new Set(),
): AssumeRoleRequest {
  const login = loginInput(input, PROVIDER);
  const roleArn = checkRoleArn(
    reqString(input, 'roleArn', PROVIDER),
    secret.has('roleArn'),
    'roleArn',
  );
  const sessionName = checkSessionName(
    optString(input, 'sessionName', PROVIDER) ?? defaultSessionName(o.env),
    secret.has('sessionName'),
    'sessionName',
  );
  const duration = optString(input, 'duration', PROVIDER);
  const durationSeconds = sessionDurationSeconds(duration, secret.has('duration'), 'duration');
  if (login.sessionToken && durationSeconds > MAX_CHAINED_SECONDS) {
    throw new Error(
      chainedDurationMessage(duration ?? '', durationSeconds, secret.has('duration')),
    );
  }
  const externalId = optString(input, 'externalId', PROVIDER);
  const sourceIdentity = optString(input, 'sourceIdentity', PROVIDER);
  const policy = input.policy ?? undefined;
  const policyArns = optStringList(input, 'policyArns', PROVIDER);
  const tagInput = optObject(input, 'tags', PROVIDER);
  const tags = tagInput && sessionTags(tagInput, secret.has('tags'));
  const transitiveTagKeys = optStringList(input, 'transitiveTagKeys', PROVIDER);
  if (transitiveTagKeys) checkTransitiveTagKeys(transitiveTagKeys, tags?.map((t) => t.Key) ?? []);
  return {
    login,
    roleArn,
    sessionName,
    durationSeconds,
    externalId: externalId && checkExternalId(externalId, secret.has('externalId')),
    policy: policy === undefined ? undefined : sessionPolicy(policy, secret.has('policy')),
    policyArns: policyArns && checkPolicyArns(policyArns),
    tags: tags?.length ? tags : undefined,
    transitiveTagKeys: transitiveTagKeys?.length ? transitiveTagKeys : undefined,
    sourceIdentity:
      sourceIdentity && checkSourceIdentity(sourceIdentity, secret.has('sourceIdentity')),
    region: resolveRegion(optString(input, 'region', PROVIDER), o),
  };
}

/** Whether a value is known all the way down. */
function known(v: Value): boolean {
  if (v.unknown) return false;
  const r = v.repr;
  if (Array.isArray(r)) return r.every(known);
  if (r instanceof Map) return [...r.values()].every(known);
  return true;
}

/** Whether any part of a value is secret. */
function anySecret(v: Value): boolean {
  if (v.secret) return true;
  const r = v.repr;
  if (Array.isArray(r)) return r.some(anySecret);
  if (r instanceof Map) return [...r.values()].some(anySecret);
  return false;
}

/** The inputs with a secret anywhere in them: messages do not quote them. */
function secretInputs(inputs: Value): Set<string> {
  const out = new Set<string>();
  if (inputs.repr instanceof Map) {
    for (const [k, v] of inputs.repr) if (inputs.secret || anySecret(v)) out.add(k);
  }
  return out;
}

function textOf(v: Value): string | undefined {
  const r = v.repr;
  if (typeof r === 'string') return r;
  if (r instanceof Uint8Array) return Buffer.from(r).toString('utf8');
  return undefined;
}

/**
 * Whether the login is known to be a role session (role chaining): it has a session token (known
 * or not yet), or it is the output of another aws-assume-role. Undefined when it cannot be told.
 */
export function loginIsChained(login: Value | undefined): boolean | undefined {
  if (login === undefined) return undefined;
  if (login.unknown) {
    return unknownCauseOf(login)?.call === `fn::open::${PROVIDER}` ? true : undefined;
  }
  const token = member(login, 'sessionToken');
  if (token === undefined) return login.repr instanceof Map ? false : undefined;
  return token.unknown || (textOf(token) ?? '') !== '' || undefined;
}

/** Checks of one known input: key → check of its plain value (`secret`: do not quote it). */
const INPUT_CHECKS: Record<string, (p: Plain, secret: boolean) => unknown> = {
  roleArn: (p, s) => typeof p === 'string' && checkRoleArn(p, s, 'roleArn'),
  sessionName: (p, s) => typeof p === 'string' && checkSessionName(p, s, 'sessionName'),
  duration: (p, s) => typeof p === 'string' && sessionDurationSeconds(p, s, 'duration'),
  externalId: (p, s) => typeof p === 'string' && checkExternalId(p, s),
  sourceIdentity: (p, s) => typeof p === 'string' && checkSourceIdentity(p, s),
  policy: (p, s) => sessionPolicy(p, s),
  tags: (p, s) => isObject(p) && sessionTags(p, s),
};

/**
 * What the schema cannot say about aws-assume-role inputs, on the parts that are known (check
 * mode too): the role ARN, session name, duration (and its 1-hour cap when the login is known to
 * be a role session), external id, source identity, policy, policy ARNs, tags, and transitive
 * tag keys that are not keys of `tags`. Each problem is reported at its input.
 */
export function checkAwsAssumeRoleInputs(inputs: Value): InputProblem[] {
  const problems: InputProblem[] = [];
  const attempt = (at: Value, f: () => unknown): boolean => {
    try {
      f();
      return true;
    } catch (err) {
      problems.push({ message: err instanceof Error ? err.message : String(err), at });
      return false;
    }
  };
  for (const [key, check] of Object.entries(INPUT_CHECKS)) {
    const v = member(inputs, key);
    if (v !== undefined && known(v))
      attempt(v, () => check(toPlain(v), inputs.secret || anySecret(v)));
  }
  const arns = member(inputs, 'policyArns');
  if (arns !== undefined && Array.isArray(arns.repr)) {
    const problem = policyArnsCountProblem(arns.repr.length);
    if (problem !== undefined) problems.push({ message: problem, at: arns });
    arns.repr.forEach((a, i) => {
      const text = a.unknown ? undefined : textOf(a);
      if (text !== undefined) attempt(a, () => checkPolicyArn(text, `policyArns[${i}]`));
    });
  }
  const tags = member(inputs, 'tags');
  const transitive = member(inputs, 'transitiveTagKeys');
  const tagKeys =
    tags === undefined
      ? []
      : tags.repr instanceof Map && !tags.unknown
        ? [...tags.repr.keys()]
        : undefined;
  if (tagKeys !== undefined && transitive !== undefined && Array.isArray(transitive.repr)) {
    transitive.repr.forEach((k, i) => {
      const text = k.unknown ? undefined : textOf(k);
      const problem = text === undefined ? undefined : transitiveKeyProblem(text, i, tagKeys);
      if (problem !== undefined) problems.push({ message: problem, at: k });
    });
  }
  const duration = member(inputs, 'duration');
  const text = duration === undefined || duration.unknown ? undefined : textOf(duration);
  if (duration !== undefined && text !== undefined && loginIsChained(member(inputs, 'login'))) {
    let seconds = 0;
    try {
      seconds = sessionDurationSeconds(text, duration.secret, 'duration');
    } catch {
      // Reported above.
    }
    if (seconds > MAX_CHAINED_SECONDS) {
      problems.push({
        message: chainedDurationMessage(text, seconds, duration.secret),
        at: duration,
      });
    }
  }
  return problems;
}

const SESSION_ARN = /^arn:aws[-a-z]*:sts::[0-9]{12}:assumed-role\/[\w+=,.@/-]{1,512}$/;

/**
 * Who signs the request, as a message shows it: the role session's ARN (when STS gave a
 * well-formed one), else the ends of the access key id.
 */
export function describePrincipal(owner: object, accessKeyId: string): string {
  const arn = principalOf(owner, accessKeyId);
  if (arn !== undefined && SESSION_ARN.test(arn)) return arn;
  if (accessKeyId.length < 16) return "the login's access key";
  return `access key ${accessKeyId.slice(0, 4)}…${accessKeyId.slice(-4)}`;
}

/** `arn:aws:iam::<account>:role/<name>` of an assumed-role session ARN (the path is not in it). */
export function roleOfSession(arn: string): string | undefined {
  const m = /^arn:(aws[-a-z]*):sts::([0-9]{12}):assumed-role\/([^/]+)\//.exec(arn);
  return m ? `arn:${m[1]}:iam::${m[2]}:role/${m[3]}` : undefined;
}

/** The message for a failed AssumeRole. Never contains the login's keys. */
export function assumeRoleRefusal(
  err: unknown,
  req: AssumeRoleRequest,
  principal: string,
  attempts: number,
): string {
  const code = errorCode(err);
  const text = errorText(err);
  const head = `could not assume role ${req.roleArn} as ${principal}: ${text}`;
  const chained = Boolean(req.login.sessionToken);
  let hint: string | undefined;
  if (code === 'AccessDenied' || code === 'AccessDeniedException') {
    const who = roleOfSession(principal);
    const needs = [
      'sts:AssumeRole',
      ...(req.tags || req.transitiveTagKeys ? ['sts:TagSession'] : []),
      ...(req.sourceIdentity ? ['sts:SetSourceIdentity'] : []),
    ].join(', ');
    hint =
      `Check the trust policy of ${req.roleArn}: its Principal.AWS must name ` +
      `${who ?? 'this principal'} (or its account), it must allow ${needs}` +
      (req.externalId
        ? ', and its sts:ExternalId condition must equal externalId'
        : ' (set externalId if it requires sts:ExternalId)') +
      `; and the principal's own policy must allow sts:AssumeRole on ${req.roleArn}.`;
  } else if (
    (code === 'ValidationError' || code === 'ValidationException') &&
    /DurationSeconds|MaxSessionDuration|chaining/i.test(text)
  ) {
    hint = chained
      ? `The login is a role session: AWS caps a chained session at 1h. Use duration: 1h or less.`
      : `The requested duration ${formatSeconds(req.durationSeconds)} is above the role's ` +
        `MaxSessionDuration: lower duration or raise the role's MaxSessionDuration (up to 12h).`;
  } else if (code === 'MalformedPolicyDocument') {
    hint = 'Check policy (the inline session policy) and policyArns.';
  } else if (code === 'PackedPolicyTooLarge') {
    hint = 'policy, policyArns and tags together are too large once AWS packs them: shorten them.';
  } else if (
    code === 'InvalidClientTokenId' ||
    code === 'SignatureDoesNotMatch' ||
    code === 'ExpiredToken' ||
    code === 'ExpiredTokenException' ||
    code === 'UnrecognizedClientException'
  ) {
    hint =
      "STS refused the login's credentials: check login (accessKeyId, secretAccessKey and, for a " +
      'role session, sessionToken); credentials from an earlier step may have expired.';
  } else if (code === 'RegionDisabledException' || code === 'RegionDisabled') {
    hint = `STS is not activated in ${req.region} for the account: set region or activate it in IAM.`;
  }
  const message =
    hint !== undefined
      ? `${head}\n${hint}`
      : attempts > 1
        ? `${head} (after ${attempts} attempts)`
        : head;
  return scrub(message, secretsOf(req.login));
}

function secretsOf(login: Credentials): (string | undefined)[] {
  return [login.secretAccessKey, login.sessionToken, login.accessKeyId];
}

export function createAwsAssumeRole(o: ResolvedOptions): Provider {
  return {
    name: PROVIDER,
    inputSchema: AWS_ASSUME_ROLE_INPUT_SCHEMA,
    outputSchema: AWS_ASSUME_ROLE_OUTPUT_SCHEMA,
    check: checkAwsAssumeRoleInputs,
    open: async (inputs: Value, ctx: OpenContext): Promise<ProviderResult> => {
      const req = parseAssumeRoleInput(inputObject(PROVIDER, inputs), o, secretInputs(inputs));
      return assumeRole(o, req, ctx);
    },
  };
}

/** The request as a step of a refresh recipe (src/refresh/recipe.ts), without the login. */
export function assumeRoleStep(
  req: AssumeRoleRequest,
  endpoint: string | undefined,
): AssumeRoleStep {
  return {
    kind: 'assume-role',
    roleArn: req.roleArn,
    sessionName: req.sessionName,
    durationSeconds: req.durationSeconds,
    ...(req.externalId ? { externalId: req.externalId } : {}),
    ...(req.policy ? { policy: req.policy } : {}),
    ...(req.policyArns?.length ? { policyArns: req.policyArns } : {}),
    ...(req.tags ? { tags: Object.fromEntries(req.tags.map((t) => [t.Key, t.Value])) } : {}),
    ...(req.transitiveTagKeys ? { transitiveTagKeys: req.transitiveTagKeys } : {}),
    ...(req.sourceIdentity ? { sourceIdentity: req.sourceIdentity } : {}),
    region: req.region,
    ...(endpoint ? { endpoint } : {}),
  };
}

async function assumeRole(
  o: ResolvedOptions,
  req: AssumeRoleRequest,
  ctx: OpenContext,
): Promise<ProviderResult> {
  const principal = describePrincipal(o, req.login.accessKeyId);
  const operation = 'STS AssumeRole';
  const overall = operationDeadline(PROVIDER, o.timeoutMs, ctx.signal);
  const deadline = o.clock.now() + o.timeoutMs;
  let attempts = 0;
  let endpoint: () => string | undefined = () => undefined;
  try {
    const sts = await import('@aws-sdk/client-sts');
    const client = createClient(
      () => new sts.STSClient(clientConfig(o, req.region, 'STS', req.login)),
    );
    endpoint = trackEndpoint(client);
    // The request as a step of a refresh recipe: the same shape is sent now and replayed later.
    const step = assumeRoleStep(req, configuredEndpoint(o.env, 'STS'));
    const command = new sts.AssumeRoleCommand(assumeRoleInput(step));
    o.debug(
      `${operation}: role ${req.roleArn} as ${principal}, session ${req.sessionName}, ` +
        `${req.durationSeconds} s, region ${req.region}`,
    );
    const res = await send<StsAnswer>(o, client, command, {
      operation,
      signal: overall.signal,
      deadline,
      endpoint,
      onAttempt: (n) => (attempts = n),
    });
    const from = {
      loginCredentialId: credentialId(req.login.accessKeyId),
      // What the refresher replays after the login (credential refresh); nothing secret.
      // The endpoint actually called, however the SDK resolved it: the refresher goes there only.
      ...stepMeta(assumeRoleStep(req, endpointCalled(client) ?? step.endpoint)),
    };
    return credentialsResult(o, res, req.roleArn, from, principal);
  } catch (err) {
    throw assumeFailure(err, {
      role: `${req.roleArn} as ${principal}`,
      operation,
      where: endpoint(),
      attempts,
      secrets: secretsOf(req.login),
      describe: (e) => assumeRoleRefusal(e, req, principal, attempts),
    });
  } finally {
    overall.dispose();
  }
}
