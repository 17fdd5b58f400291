/**
 * The "recipe" of a set of credentials: the non-secret requests that produced them, in order, so
 * that the refresher (src/refresh/index.ts) can replay them later in the job for fresh ones. A
 * chain starts with an OIDC login (`web-identity`) and goes on with zero or more `assume-role`
 * steps, each signed with the credentials of the step before.
 *
 * How a provider reports its step: its open's `meta` carries `stepMeta(step)` (host-only
 * facts, never shown as values). The host (src/action/refresh.ts) finds the open whose credentials
 * the environment exports as AWS_ACCESS_KEY_ID and follows `source` links back to the login.
 * Credentials are linked by a fingerprint of their access key id, never by the key itself.
 *
 * Nothing here is secret; nothing here loads more than node:crypto (already loaded by Node).
 */
import { createHash } from 'node:crypto';
import type {
  AssumeRoleCommandInput,
  AssumeRoleWithWebIdentityCommandInput,
} from '@aws-sdk/client-sts';

/** AssumeRoleWithWebIdentity with a fresh GitHub OIDC token for `audience`. */
export interface WebIdentityStep {
  kind: 'web-identity';
  roleArn: string;
  sessionName: string;
  durationSeconds: number;
  audience: string;
  policyArns?: string[];
  region: string;
  /** The STS endpoint the login used (AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL), if one was set. */
  endpoint?: string;
}

/** AssumeRole (signed) with the credentials of the step before. */
export interface AssumeRoleStep {
  kind: 'assume-role';
  roleArn: string;
  sessionName: string;
  durationSeconds: number;
  externalId?: string;
  /** The inline session policy, as JSON text. */
  policy?: string;
  policyArns?: string[];
  tags?: Record<string, string>;
  transitiveTagKeys?: string[];
  sourceIdentity?: string;
  region: string;
  endpoint?: string;
}

export type RecipeStep = WebIdentityStep | AssumeRoleStep;

/** A chain to replay: one login, then the roles assumed from it. */
export type Recipe = [WebIdentityStep, ...AssumeRoleStep[]];

/** The web-identity step of an aws-login OIDC request (policy ARNs only when there are some). */
export function webIdentityStep(
  req: Omit<WebIdentityStep, 'kind' | 'region' | 'endpoint' | 'policyArns'> & {
    policyArns?: string[] | undefined;
  },
  region: string,
  endpoint: string | undefined,
): WebIdentityStep {
  return {
    kind: 'web-identity',
    roleArn: req.roleArn,
    sessionName: req.sessionName,
    durationSeconds: req.durationSeconds,
    audience: req.audience,
    ...(req.policyArns?.length ? { policyArns: req.policyArns } : {}),
    region,
    ...(endpoint ? { endpoint } : {}),
  };
}

/**
 * The AssumeRoleWithWebIdentity request of a web-identity step (or of aws-login's checked OIDC
 * request) with `token`: one shape for the provider, its warm-up and the refresher.
 */
export function webIdentityInput(
  step: Pick<WebIdentityStep, 'roleArn' | 'sessionName' | 'durationSeconds'> & {
    policyArns?: string[] | undefined;
  },
  token: string,
): AssumeRoleWithWebIdentityCommandInput {
  return {
    RoleArn: step.roleArn,
    RoleSessionName: step.sessionName,
    WebIdentityToken: token,
    DurationSeconds: step.durationSeconds,
    ...(step.policyArns?.length ? { PolicyArns: step.policyArns.map((arn) => ({ arn })) } : {}),
  };
}

/** The AssumeRole request of an assume-role step: one shape for the provider and the refresher. */
export function assumeRoleInput(step: AssumeRoleStep): AssumeRoleCommandInput {
  return {
    RoleArn: step.roleArn,
    RoleSessionName: step.sessionName,
    DurationSeconds: step.durationSeconds,
    ...(step.externalId !== undefined ? { ExternalId: step.externalId } : {}),
    ...(step.policy !== undefined ? { Policy: step.policy } : {}),
    ...(step.policyArns?.length ? { PolicyArns: step.policyArns.map((arn) => ({ arn })) } : {}),
    ...(step.tags !== undefined
      ? { Tags: Object.entries(step.tags).map(([Key, Value]) => ({ Key, Value })) }
      : {}),
    ...(step.transitiveTagKeys?.length ? { TransitiveTagKeys: step.transitiveTagKeys } : {}),
    ...(step.sourceIdentity !== undefined ? { SourceIdentity: step.sourceIdentity } : {}),
  };
}

/**
 * The `meta` keys a provider sets (see refreshMeta). The two fingerprints are the ones the STS
 * providers record anyway (src/providers/session-credentials.ts: `credentialId` of the
 * credentials an open issued, `loginCredentialId` of those an assume-role was signed with).
 */
export const META_STEP = 'refreshStep';
export const META_KEY = 'credentialId';
export const META_SOURCE = 'loginCredentialId';

/** The longest chain followed (AWS allows role chaining, but not without end). */
export const MAX_CHAIN = 10;

/** A fingerprint of an access key id: links credentials without writing the key anywhere. */
export function keyFingerprint(accessKeyId: string): string {
  return createHash('sha256').update(accessKeyId, 'utf8').digest('hex').slice(0, 32);
}

/**
 * The `meta` entries an open carries so its credentials can be refreshed: the step that issued
 * `issuedKeyId`, and for an assume-role step the fingerprint of the credentials it was signed
 * with (`sourceKeyId`). The STS providers get the same entries from credentialsResult plus
 * stepMeta; this whole form describes an open in one call (tests, other hosts).
 */
export function refreshMeta(
  issuedKeyId: string,
  step: RecipeStep,
  sourceKeyId?: string,
): Record<string, string> {
  const meta: Record<string, string> = {
    ...stepMeta(step),
    [META_KEY]: keyFingerprint(issuedKeyId),
  };
  if (sourceKeyId !== undefined) meta[META_SOURCE] = keyFingerprint(sourceKeyId);
  return meta;
}

/**
 * The step alone, for a provider whose meta already carries the fingerprints (the STS providers,
 * through credentialsResult): `credentialsResult(o, res, roleArn, stepMeta(step))`.
 */
export function stepMeta(step: RecipeStep): Record<string, string> {
  return { [META_STEP]: JSON.stringify(step) };
}

/** An open as the host records it (src/eval/api.ts OpenRecord), reduced to what is needed here. */
export interface OpenFacts {
  provider: string;
  meta?: Record<string, string>;
}

export type ChainResult =
  | {
      ok: true;
      recipe: Recipe;
      /** The open that issued the exported credentials. */ last: OpenFacts;
    }
  | { ok: false; reason: string };

function stringOk(v: unknown): v is string {
  return typeof v === 'string' && v !== '';
}

function stringList(v: unknown): boolean {
  return v === undefined || (Array.isArray(v) && v.every((e) => typeof e === 'string'));
}

/** Checks a step read back from meta or from the state file; undefined when it is not one. */
export function parseStep(value: unknown): RecipeStep | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const s = value as Record<string, unknown>;
  const common =
    stringOk(s.roleArn) &&
    stringOk(s.sessionName) &&
    typeof s.durationSeconds === 'number' &&
    Number.isInteger(s.durationSeconds) &&
    s.durationSeconds > 0 &&
    stringOk(s.region) &&
    (s.endpoint === undefined || stringOk(s.endpoint)) &&
    stringList(s.policyArns);
  if (!common) return undefined;
  if (s.kind === 'web-identity' && stringOk(s.audience)) return s as unknown as WebIdentityStep;
  if (
    s.kind === 'assume-role' &&
    (s.externalId === undefined || typeof s.externalId === 'string') &&
    (s.policy === undefined || typeof s.policy === 'string') &&
    (s.sourceIdentity === undefined || typeof s.sourceIdentity === 'string') &&
    stringList(s.transitiveTagKeys) &&
    (s.tags === undefined ||
      (typeof s.tags === 'object' &&
        s.tags !== null &&
        Object.values(s.tags).every((t) => typeof t === 'string')))
  ) {
    return s as unknown as AssumeRoleStep;
  }
  return undefined;
}

/** Checks a whole recipe: a web-identity step first, then assume-role steps only. */
export function parseRecipe(value: unknown): Recipe | undefined {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_CHAIN) return undefined;
  const steps = value.map(parseStep);
  if (steps.some((s) => s === undefined)) return undefined;
  const [first, ...rest] = steps as RecipeStep[];
  if (first?.kind !== 'web-identity' || rest.some((s) => s.kind !== 'assume-role')) {
    return undefined;
  }
  return [first, ...(rest as AssumeRoleStep[])];
}

function stepOf(o: OpenFacts): RecipeStep | undefined {
  const text = o.meta?.[META_STEP];
  if (text === undefined) return undefined;
  try {
    return parseStep(JSON.parse(text));
  } catch {
    return undefined;
  }
}

/**
 * The recipe of the credentials whose access key id is `accessKeyId`: the open that issued them,
 * then, following `source` links, the opens that issued the credentials each was signed with, back
 * to an OIDC login. A reason (for the step's error) when there is none.
 */
export function recipeFor(opens: readonly OpenFacts[], accessKeyId: string): ChainResult {
  const byKey = new Map<string, OpenFacts>();
  for (const o of opens) {
    const key = o.meta?.[META_KEY];
    if (key !== undefined && stepOf(o) !== undefined) byKey.set(key, o);
  }
  const last = byKey.get(keyFingerprint(accessKeyId));
  if (last === undefined) {
    return {
      ok: false,
      reason:
        'the AWS_ACCESS_KEY_ID it exports does not come from an aws-login `oidc` login (or a role assumed ' +
        'from one): a `static` login or keys written in the file have no expiry and cannot be refreshed',
    };
  }
  const chain: RecipeStep[] = [];
  const seen = new Set<OpenFacts>();
  for (let o: OpenFacts | undefined = last; o !== undefined;) {
    if (seen.has(o) || chain.length >= MAX_CHAIN) {
      return {
        ok: false,
        reason: `its credentials come from a chain of more than ${MAX_CHAIN} roles`,
      };
    }
    seen.add(o);
    const step = stepOf(o) as RecipeStep;
    chain.unshift(step);
    if (step.kind === 'web-identity') break;
    const source: string | undefined = o.meta?.[META_SOURCE];
    o = source === undefined ? undefined : byKey.get(source);
    if (o === undefined) {
      return {
        ok: false,
        reason:
          `the role ${step.roleArn} it exports was assumed with credentials that do not come from an ` +
          'aws-login `oidc` login (a `static` login cannot be replayed)',
      };
    }
  }
  const recipe = parseRecipe(chain);
  if (recipe === undefined)
    return { ok: false, reason: 'its login chain is not one that can be replayed' };
  return { ok: true, recipe, last };
}
