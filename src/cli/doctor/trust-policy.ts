/**
 * A role's trust policy evaluated for `sts:AssumeRoleWithWebIdentity` with a token's claims, as
 * STS decides: some `Allow` statement whose principal is the account's OIDC provider for the
 * token's issuer, whose action covers the call and whose conditions all hold, and no `Deny`
 * statement that applies. A refusal comes with every reason and a concrete fix.
 */
import { issuerKeyPrefix, STS_AUDIENCE, type Claims } from '../../providers/claims.js';
import {
  evaluateCondition,
  likeMatch,
  type ConditionFailure,
  type RequestContext,
} from './condition.js';

export type ReasonKind = 'condition' | 'provider' | 'principal' | 'action' | 'deny';

export interface Reason {
  kind: ReasonKind;
  /** The statement's Sid, or `Statement[i]`; null for the provider checks. */
  statement: string | null;
  operator: string | null;
  /** The condition key as the policy writes it. */
  key: string | null;
  expected: string[];
  /** The value the token (or the account) has; null when absent. */
  actual: string | string[] | null;
  fix: string;
}

/** A request's values of a key as a reason shows them: null when absent, a string when one. */
export function shownValue(values: readonly string[]): string | string[] | null {
  return values.length === 0 ? null : values.length === 1 ? values[0]! : [...values];
}

/** A reason of `kind`; the fields it does not give are null (or no expected values). */
export function reason(
  kind: ReasonKind,
  r: Partial<Omit<Reason, 'kind' | 'fix'>> & { fix: string },
): Reason {
  return { kind, statement: null, operator: null, key: null, expected: [], actual: null, ...r };
}

export interface WebIdentityRequest {
  /** `arn:aws:iam::<account>:oidc-provider/<issuer host and path>` in the role's account. */
  providerArn: string;
  /** The actions the call needs (`sts:AssumeRoleWithWebIdentity`). */
  actions: readonly string[];
  claims: Claims;
}

export interface PolicyVerdict {
  allowed: boolean;
  reasons: Reason[];
  /** The statements that allow the token. */
  allowedBy: string[];
}

interface Statement {
  Sid?: unknown;
  Effect?: unknown;
  Principal?: unknown;
  NotPrincipal?: unknown;
  Action?: unknown;
  NotAction?: unknown;
  Condition?: unknown;
}

const list = (v: unknown): string[] =>
  typeof v === 'string'
    ? [v]
    : Array.isArray(v)
      ? v.filter((x): x is string => typeof x === 'string')
      : [];

/** The request context of a token: each claim under `<issuer>:<claim>`, lower-cased. */
export function requestContext(claims: Claims): Map<string, string[]> {
  const iss = typeof claims['iss'] === 'string' ? claims['iss'] : '';
  const prefix = issuerKeyPrefix(iss).toLowerCase();
  const out = new Map<string, string[]>();
  for (const [name, v] of Object.entries(claims)) {
    if (name === 'iss') continue;
    out.set(`${prefix}:${name}`.toLowerCase(), Array.isArray(v) ? v : [v]);
  }
  return out;
}

/** The statements of a policy document (one object or an array). */
export function statementsOf(doc: unknown): Statement[] {
  const s = (doc as { Statement?: unknown } | null)?.Statement;
  const all = Array.isArray(s) ? s : s === undefined ? [] : [s];
  return all.filter(
    (x): x is Statement => typeof x === 'object' && x !== null && !Array.isArray(x),
  );
}

function statementName(s: Statement, i: number): string {
  return typeof s.Sid === 'string' && s.Sid !== '' ? s.Sid : `Statement[${i}]`;
}

/** The Federated principals of a statement; `*` for `"Principal": "*"`; undefined for none. */
function federatedOf(s: Statement): string[] | undefined {
  const p = s.Principal;
  if (p === '*') return ['*'];
  if (typeof p !== 'object' || p === null) return undefined;
  const aws = list((p as Record<string, unknown>)['AWS']);
  const fed = list((p as Record<string, unknown>)['Federated']);
  if (aws.includes('*')) fed.push('*');
  return fed.length > 0 ? fed : undefined;
}

function actionMatches(patterns: string[], action: string): boolean {
  return patterns.some((p) => likeMatch(action, p, true));
}

/** Whether the statement's actions cover every action of the call. */
function coversActions(s: Statement, actions: readonly string[]): boolean {
  if (s.NotAction !== undefined) return actions.every((a) => !actionMatches(list(s.NotAction), a));
  return actions.every((a) => actionMatches(list(s.Action), a));
}

const ARN_PROVIDER = /^arn:([^:]+):iam::(\d{12}):oidc-provider\/(.+)$/;

function principalReason(name: string, named: string[], req: WebIdentityRequest): Reason {
  const want = ARN_PROVIDER.exec(req.providerArn);
  const notes: string[] = [];
  for (const f of named) {
    const m = ARN_PROVIDER.exec(f);
    if (!m) continue;
    if (want && m[2] !== want[2]) {
      notes.push(
        `${f} is account ${m[2]}'s provider; STS only accepts the provider in the role's own account ${want[2]}`,
      );
    } else if (want && m[3]!.toLowerCase() !== want[3]!.toLowerCase()) {
      notes.push(`${f} is the provider of ${m[3]}, but the token's issuer is ${want[3]}`);
    }
  }
  return reason('principal', {
    statement: name,
    expected: named,
    actual: req.providerArn,
    fix:
      `${notes.length > 0 ? `${notes.join('; ')}. ` : ''}` +
      `Set the statement's principal to {"Federated": "${req.providerArn}"}`,
  });
}

/** How one kind of request meets the statements of a policy. */
interface Evaluation {
  /** The principals of `s` compared with the caller; undefined: `s` is for other principals. */
  principalsOf(s: Statement): string[] | undefined;
  principalMatches(p: string): boolean;
  principalReason(statement: string, named: string[]): Reason;
  /** The reason when no Allow statement is for this kind of principal. */
  noneReason: Reason;
  actions: readonly string[];
  ctx: RequestContext;
  conditionReason(statement: string, f: ConditionFailure): Reason;
}

/**
 * Some Allow statement for the caller's kind of principal whose principal, actions and
 * conditions all match, and no Deny statement that applies. Statements for other kinds of
 * principal (a service, an account for a web identity) are not reported, unless none is left.
 */
function evaluateStatements(doc: unknown, e: Evaluation): PolicyVerdict {
  const reasons: Reason[] = [];
  const allowedBy: string[] = [];
  const denies: Reason[] = [];
  let applicable = 0;
  statementsOf(doc).forEach((s, i) => {
    const name = statementName(s, i);
    const effect = typeof s.Effect === 'string' ? s.Effect : '';
    const named = e.principalsOf(s);
    if (named === undefined) return;
    const principalOk = named.some((p) => e.principalMatches(p));
    if (effect === 'Deny') {
      if (!principalOk || !coversActions(s, e.actions)) return;
      if (evaluateCondition(s.Condition, e.ctx).length > 0) return;
      denies.push(
        reason('deny', {
          statement: name,
          fix: `The Deny statement ${name} applies to this caller: remove it or narrow its condition`,
        }),
      );
      return;
    }
    if (effect !== 'Allow') return;
    applicable++;
    const failures: Reason[] = [];
    if (!principalOk) failures.push(e.principalReason(name, named));
    if (!coversActions(s, e.actions)) {
      failures.push(
        reason('action', {
          statement: name,
          expected: list(s.NotAction ?? s.Action),
          actual: e.actions.join(', '),
          fix: `Allow the action${e.actions.length > 1 ? 's' : ''} ${e.actions.map((a) => `"${a}"`).join(', ')} in ${name}`,
        }),
      );
    }
    for (const f of evaluateCondition(s.Condition, e.ctx))
      failures.push(e.conditionReason(name, f));
    if (failures.length === 0) allowedBy.push(name);
    else reasons.push(...failures);
  });
  if (applicable === 0) reasons.push(e.noneReason);
  if (denies.length > 0) return { allowed: false, reasons: denies, allowedBy: [] };
  if (allowedBy.length > 0) return { allowed: true, reasons: [], allowedBy };
  return { allowed: false, reasons, allowedBy };
}

/** Evaluates `doc` for AssumeRoleWithWebIdentity with the request's token. */
export function evaluateTrustPolicy(doc: unknown, req: WebIdentityRequest): PolicyVerdict {
  return evaluateStatements(doc, {
    principalsOf: federatedOf,
    principalMatches: (f) => f === '*' || f.toLowerCase() === req.providerArn.toLowerCase(),
    principalReason: (name, named) => principalReason(name, named, req),
    noneReason: reason('principal', {
      actual: req.providerArn,
      fix:
        `No statement allows a web identity: add an Allow statement with {"Federated": "${req.providerArn}"} ` +
        `and the action "sts:AssumeRoleWithWebIdentity"`,
    }),
    actions: req.actions,
    ctx: requestContext(req.claims),
    conditionReason: (name, f) => conditionReason(name, f, req.claims),
  });
}

/** A role assumed (AssumeRole) with the session of a role assumed before it. */
export interface ChainedRequest {
  /** The role whose session calls AssumeRole. */
  callerRoleArn: string;
  sessionName?: string;
  externalId?: string;
  sourceIdentity?: string;
  /** `sts:AssumeRole`, with `sts:TagSession` when the call passes tags. */
  actions: readonly string[];
}

const ROLE_ARN = /^arn:([^:]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/;

/** The AWS principals of a statement; `*` for `"Principal": "*"`; undefined for none. */
function awsPrincipalsOf(s: Statement): string[] | undefined {
  if (s.Principal === '*') return ['*'];
  if (typeof s.Principal !== 'object' || s.Principal === null) return undefined;
  const aws = list((s.Principal as Record<string, unknown>)['AWS']);
  return aws.length > 0 ? aws : undefined;
}

/**
 * Evaluates `doc` for AssumeRole by the session of `req.callerRoleArn`. A principal naming the
 * caller's account (`…:root` or its ID) delegates to the account's own policies, which doctor does
 * not read: the trust policy then allows the caller. The condition keys doctor knows are the
 * caller's (`aws:PrincipalArn`, `aws:PrincipalAccount`, `aws:PrincipalType`) and the call's
 * (`sts:ExternalId`, `sts:RoleSessionName`, `sts:SourceIdentity`).
 */
export function evaluateChainedTrustPolicy(doc: unknown, req: ChainedRequest): PolicyVerdict {
  const m = ROLE_ARN.exec(req.callerRoleArn);
  const partition = m?.[1] ?? 'aws';
  const account = m?.[2] ?? '';
  const name = m?.[3] ?? '';
  const session = req.sessionName;
  const accepted = new Set(
    [
      req.callerRoleArn,
      `arn:${partition}:iam::${account}:root`,
      account,
      session === undefined
        ? ''
        : `arn:${partition}:sts::${account}:assumed-role/${name}/${session}`,
    ]
      .filter((x) => x !== '')
      .map((x) => x.toLowerCase()),
  );
  const ctx = new Map<string, string[]>([
    ['aws:principalarn', [req.callerRoleArn]],
    ['aws:principalaccount', [account]],
    ['aws:principaltype', ['AssumedRole']],
  ]);
  if (session !== undefined) ctx.set('sts:rolesessionname', [session]);
  if (req.externalId !== undefined) ctx.set('sts:externalid', [req.externalId]);
  if (req.sourceIdentity !== undefined) ctx.set('sts:sourceidentity', [req.sourceIdentity]);
  return evaluateStatements(doc, {
    principalsOf: awsPrincipalsOf,
    principalMatches: (p) => p === '*' || accepted.has(p.toLowerCase()),
    principalReason: (statement, named) =>
      reason('principal', {
        statement,
        expected: named,
        actual: req.callerRoleArn,
        fix: `Add the calling role to the statement's principal: {"AWS": "${req.callerRoleArn}"}`,
      }),
    noneReason: reason('principal', {
      actual: req.callerRoleArn,
      fix: `No statement trusts an AWS principal: add an Allow statement with {"AWS": "${req.callerRoleArn}"} and the action "sts:AssumeRole"`,
    }),
    actions: req.actions,
    ctx,
    conditionReason: (statement, f) => {
      const actual = shownValue(f.actual);
      const known = ctx.has(f.key.toLowerCase());
      return reason('condition', {
        statement,
        operator: f.operator,
        key: f.key,
        expected: f.expected,
        actual,
        fix:
          f.unsupported !== undefined
            ? `This condition cannot be evaluated (${f.unsupported}); check it by hand`
            : known
              ? `The call's ${f.key} is ${JSON.stringify(actual)}: change the condition or the aws-assume-role input`
              : `doctor cannot know ${f.key} of the call; check this condition by hand`,
      });
    },
  });
}

/** The claim a condition key tests (`…:sub` → `sub`), if it is the token issuer's key. */
function claimOfKey(key: string, claims: Claims): string | undefined {
  const iss = typeof claims['iss'] === 'string' ? claims['iss'] : '';
  const prefix = `${issuerKeyPrefix(iss)}:`.toLowerCase();
  return key.toLowerCase().startsWith(prefix) ? key.slice(prefix.length) : undefined;
}

const quoteList = (values: readonly string[]) =>
  values.length === 1 ? JSON.stringify(values[0]) : JSON.stringify(values);

/** The reason (and fix) for one failing condition. */
function conditionReason(statement: string, f: ConditionFailure, claims: Claims): Reason {
  const actual = shownValue(f.actual);
  const base = {
    kind: 'condition' as const,
    statement,
    operator: f.operator,
    key: f.key,
    expected: f.expected,
    actual,
  };
  if (f.unsupported !== undefined) {
    return {
      ...base,
      fix: `This condition cannot be evaluated (${f.unsupported}); check it by hand`,
    };
  }
  const claim = claimOfKey(f.key, claims);
  if (claim === undefined) {
    return {
      ...base,
      fix:
        `${f.key} is not a claim of the token's issuer (${String(claims['iss'] ?? 'no iss')}): doctor cannot know its ` +
        'value in the job; condition keys of a GitHub token are named <issuer>:<claim>',
    };
  }
  const op = f.operator.replace(/^(ForAnyValue|ForAllValues):/i, '');
  if (actual === null) {
    const more =
      claim === 'environment'
        ? 'the job has no `environment:`; give the job that environment'
        : `the token carries no ${claim} claim`;
    return {
      ...base,
      fix: `${more}, or remove the condition, or write it as "${op.replace(/IfExists$/i, '')}IfExists" if it must only apply when the claim exists`,
    };
  }
  const values = f.actual;
  const v = values[0]!;
  if (
    /^StringEquals(IfExists)?$/i.test(op) &&
    f.expected.some((e) => /[*?]/.test(e)) &&
    f.expected.some((e) => likeMatch(v, e))
  ) {
    return {
      ...base,
      fix: `StringEquals does not expand wildcards: write the condition as "StringLike": {"${f.key}": ${quoteList(f.expected)}}`,
    };
  }
  if (
    /^String(Equals|Like)(IfExists)?$/i.test(op) &&
    f.expected.some((e) => likeMatch(v, e, true))
  ) {
    return {
      ...base,
      fix: `The values differ only in upper/lower case, and ${op} compares case-sensitively: write ${JSON.stringify(v)} exactly as the token carries it (or use StringEqualsIgnoreCase)`,
    };
  }
  if (/Not/i.test(op)) {
    return {
      ...base,
      fix: `The condition excludes the token's ${claim} ${JSON.stringify(v)}: remove that value from it if the job must be allowed`,
    };
  }
  if (claim === 'aud') {
    return {
      ...base,
      fix:
        `The token's audience is ${JSON.stringify(v)}: set the action's \`audience\` input (or oidc.audience) to ` +
        `${quoteList(f.expected)}, or expect ${JSON.stringify(v)} in the condition (and the provider's client IDs)` +
        (v !== STS_AUDIENCE ? `; AWS's usual audience is "${STS_AUDIENCE}"` : ''),
    };
  }
  const corrected = JSON.stringify({ [op]: { [f.key]: [...f.expected, v] } });
  return { ...base, fix: `Allow the token's ${claim} as well: ${corrected.slice(1, -1)}` };
}
