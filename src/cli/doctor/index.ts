/**
 * `esc-action doctor <env>`: for every role the environment assumes with an OIDC token, reads the
 * role's trust policy and the account's OIDC provider with the local AWS credentials and says
 * whether the job's token would be allowed, and if not, every reason with a fix. Loaded only by
 * this command (a chunk of its own).
 */
import { hasErrors } from '../../syntax/diagnostic.js';
import { GITHUB_KEYS, localGithubContext } from '../../host/context.js';
import type { Plain } from '../../eval/value.js';
import { evaluateFromDisk, formatDiagnosticLine } from '../../host/engine.js';
import { issuerKeyPrefix, STS_AUDIENCE, type Claims } from '../../providers/claims.js';
import { UsageError, type DoctorCommand } from '../args.js';
import type { CliIO } from '../main.js';
import { claimsFromFlags, readClaimsFile } from './claims.js';
import { IamError, createIamClient, type IamClient } from './iam.js';
import { optional, recordingProviders, type ChainedRole, type OidcLogin } from './roles.js';
import {
  evaluateChainedTrustPolicy,
  evaluateTrustPolicy,
  reason,
  shownValue,
  type Reason,
} from './trust-policy.js';

/** A failure to read what the verdict needs (credentials, iam:GetRole): exit status 2. */
export class AccessError extends Error {
  override name = 'AccessError';
}

export interface RoleVerdict {
  roleArn: string;
  allowed: boolean;
  reasons: Reason[];
}

const ROLE_ARN = /^arn:([^:]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/;
const WEB_IDENTITY_ACTIONS = ['sts:AssumeRoleWithWebIdentity'] as const;

export async function runDoctor(cmd: DoctorCommand, io: CliIO): Promise<number> {
  try {
    const { verdicts, unread } = await diagnose(cmd, io);
    if (cmd.format === 'json') {
      io.stdout.write(JSON.stringify({ roles: verdicts }, null, 2) + '\n');
    } else {
      io.stdout.write(verdicts.map(describeVerdict).join('\n'));
    }
    for (const message of unread) io.stderr.write(`esc-action doctor: ${message}\n`);
    if (!verdicts.every((v) => v.allowed)) return 1;
    return unread.length > 0 ? 2 : 0;
  } catch (err) {
    if (err instanceof AccessError || err instanceof UsageError) {
      io.stderr.write(`esc-action doctor: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

/** No local credentials: nothing can be read (exit 2 at once). */
class NoCredentialsError extends AccessError {}

/** The IAM clients (one per partition) and the OIDC provider lists (one per account) of a run. */
class Session {
  private readonly clients = new Map<string, IamClient>();
  private readonly providerLists = new Map<string, Promise<string[] | undefined>>();
  constructor(private readonly io: CliIO) {}

  iam(partition: string): IamClient {
    let iam = this.clients.get(partition);
    if (iam === undefined) {
      iam = createIamClient({ env: this.io.env, partition });
      this.clients.set(partition, iam);
    }
    return iam;
  }

  /** The account's OIDC provider ARNs; undefined (with a warning) when they cannot be listed. */
  providers(partition: string, account: string): Promise<string[] | undefined> {
    const key = `${partition}:${account}`;
    let list = this.providerLists.get(key);
    if (list === undefined) {
      list = this.iam(partition)
        .listOidcProviders()
        .catch((err: unknown) => {
          this.io.stderr.write(
            `esc-action doctor: warning: cannot list the OIDC providers of account ${account} (${failure(err)}); ` +
              'the provider is not checked\n',
          );
          return undefined;
        });
      this.providerLists.set(key, list);
    }
    return list;
  }
}

/**
 * `context.github` as the job would see it: repository, ref and event from the claims (the file's
 * or the flags'), the rest from the variables and the checkout, and a placeholder for what only a
 * runner has (run_id, …), so that a file written for the runner opens here. Only the role ARNs of
 * the logins matter to doctor.
 */
function jobContext(local: Record<string, Plain>, claims: Claims): Record<string, Plain> {
  const github: Record<string, Plain> = { ...local };
  const fromClaims: Record<string, string> = {
    repository: 'repository',
    ref: 'ref',
    event_name: 'event_name',
    actor: 'actor',
    workflow: 'workflow',
  };
  for (const [key, claim] of Object.entries(fromClaims)) {
    const v = claims[claim];
    if (typeof v === 'string') github[key] = v;
  }
  for (const key of Object.keys(GITHUB_KEYS))
    github[key] ??= key === 'run_attempt' || key === 'run_id' ? '1' : 'doctor';
  return github;
}

/** The parts of a role ARN. */
function parseRoleArn(arn: string): { partition: string; account: string; name: string } {
  const m = ROLE_ARN.exec(arn);
  if (!m) throw new UsageError(`${arn} is not an IAM role ARN`);
  return { partition: m[1]!, account: m[2]!, name: m[3]! };
}

async function diagnose(
  cmd: DoctorCommand,
  io: CliIO,
): Promise<{ verdicts: RoleVerdict[]; unread: string[] }> {
  const audience = io.env['ESC_ACTION_AUDIENCE'] || STS_AUDIENCE;
  const found = recordingProviders(audience, io.env);
  const fileClaims = cmd.claims === undefined ? undefined : readClaimsFile(cmd.claims);
  const local = localGithubContext(io.env, io.cwd);
  const localGithub = (local.context['github'] ?? {}) as Record<string, Plain>;
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const defaults = {
    ...optional('repository', text(localGithub['repository'])),
    ...optional('ref', text(localGithub['ref'])),
  };
  const engine = await evaluateFromDisk({
    environment: cmd.env,
    environmentsDir: cmd.dir,
    workspace: io.cwd,
    mode: 'open',
    providers: found.providers,
    context: {
      github: jobContext(localGithub, fileClaims ?? claimsFromFlags(cmd, defaults, audience)),
    },
  });
  // Only what stops the evaluation matters here: the values themselves are placeholders.
  const errors = engine.result.diagnostics.filter((d) => d.severity === 'error');
  if (found.logins.length === 0) {
    if (hasErrors(errors)) {
      for (const d of errors) io.stderr.write(formatDiagnosticLine(d, engine.fileOf) + '\n');
    }
    throw new UsageError(
      `${engine.resolved.displayPath} opens no aws-login with an oidc login: there is no role to check`,
    );
  }
  const session = new Session(io);
  const verdicts: RoleVerdict[] = [];
  const unread: string[] = [];
  const seen = new Set<string>();
  /** Runs `check`; a role whose trust policy cannot be read is reported (exit 2), not judged. */
  const judge = async (check: () => Promise<RoleVerdict>) => {
    try {
      verdicts.push(await check());
    } catch (err) {
      if (err instanceof AccessError && !(err instanceof NoCredentialsError))
        unread.push(err.message);
      else throw err;
    }
  };
  for (const login of found.logins) {
    const claims = fileClaims ?? claimsFromFlags(cmd, defaults, login.audience);
    if (fileClaims === undefined && cmd.format === 'text') {
      io.stderr.write(`note: ${login.roleArn}: the token's claims: ${JSON.stringify(claims)}\n`);
    }
    const id = `${login.roleArn}\u0000${JSON.stringify(claims)}`;
    if (seen.has(id)) continue;
    seen.add(id);
    await judge(() => diagnoseLogin(login, claims, io, session));
  }
  for (const role of found.chained) {
    const id = `${role.roleArn}\u0000${role.callerRoleArn}\u0000${role.externalId ?? ''}`;
    if (seen.has(id)) continue;
    seen.add(id);
    await judge(() => diagnoseChained(role, session));
  }
  return { verdicts, unread };
}

async function diagnoseLogin(
  login: OidcLogin,
  claims: Claims,
  io: CliIO,
  session: Session,
): Promise<RoleVerdict> {
  const { partition, account, name } = parseRoleArn(login.roleArn);
  const iam = session.iam(partition);
  const iss = typeof claims['iss'] === 'string' ? claims['iss'] : '';
  const providerArn = `arn:${partition}:iam::${account}:oidc-provider/${issuerKeyPrefix(iss)}`;
  const doc = await readTrustPolicy(iam, login.roleArn, name, account);
  const verdict = evaluateTrustPolicy(doc, { providerArn, actions: WEB_IDENTITY_ACTIONS, claims });
  const providers = await session.providers(partition, account);
  const reasons: Reason[] = [...verdict.reasons];
  if (providers !== undefined) {
    reasons.push(...(await checkProvider(iam, providers, providerArn, claims, io)));
  }
  return { roleArn: login.roleArn, allowed: verdict.allowed && reasons.length === 0, reasons };
}

/** A role chained on a known caller (aws-assume-role with a login's keys): its AssumeRole trust. */
async function diagnoseChained(role: ChainedRole, session: Session): Promise<RoleVerdict> {
  const { partition, account, name } = parseRoleArn(role.roleArn);
  const doc = await readTrustPolicy(session.iam(partition), role.roleArn, name, account);
  const verdict = evaluateChainedTrustPolicy(doc, {
    callerRoleArn: role.callerRoleArn,
    ...optional('sessionName', role.sessionName),
    ...optional('externalId', role.externalId),
    ...optional('sourceIdentity', role.sourceIdentity),
    actions: role.tags ? ['sts:AssumeRole', 'sts:TagSession'] : ['sts:AssumeRole'],
  });
  return { roleArn: role.roleArn, allowed: verdict.allowed, reasons: verdict.reasons };
}

function failure(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function readTrustPolicy(
  iam: IamClient,
  roleArn: string,
  name: string,
  account: string,
): Promise<unknown> {
  try {
    return await iam.getRoleTrustPolicy(name);
  } catch (err) {
    if (err instanceof IamError && err.code === 'NoSuchEntity') {
      throw new AccessError(
        `cannot read the trust policy of ${roleArn}: the role does not exist in the account of your AWS ` +
          `credentials (if they are not account ${account}'s, use credentials of that account)`,
      );
    }
    if (err instanceof IamError) {
      throw new AccessError(
        `cannot read the trust policy of ${roleArn}: ${err.message}. doctor needs iam:GetRole on the role ` +
          `(and iam:ListOpenIDConnectProviders, iam:GetOpenIDConnectProvider), with credentials of account ${account}`,
      );
    }
    const e = err as { name?: string };
    if (e.name === 'CredentialsProviderError') {
      throw new NoCredentialsError(
        `no AWS credentials: ${failure(err)}. doctor reads the role's trust policy with your own credentials ` +
          '(AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, SSO, …)',
      );
    }
    throw new AccessError(`cannot read the trust policy of ${roleArn}: ${failure(err)}`);
  }
}

/** The provider checks: the issuer's provider exists in the account and lists the audience. */
async function checkProvider(
  iam: IamClient,
  providers: string[],
  providerArn: string,
  claims: Claims,
  io: CliIO,
): Promise<Reason[]> {
  const host = providerArn.slice(providerArn.indexOf(':oidc-provider/') + ':oidc-provider/'.length);
  const auds =
    claims['aud'] === undefined
      ? []
      : Array.isArray(claims['aud'])
        ? claims['aud']
        : [claims['aud']];
  const match = providers.find((p) => p.toLowerCase() === providerArn.toLowerCase());
  if (match === undefined) {
    const others = providers.map((p) => p.slice(p.indexOf(':oidc-provider/') + 15));
    return [
      reason('provider', {
        expected: [providerArn],
        actual: others,
        fix:
          `The account has no OIDC provider for ${host}` +
          (others.length > 0 ? ` (it has ${others.join(', ')})` : '') +
          `: create it with aws iam create-open-id-connect-provider --url https://${host} --client-id-list ${auds[0] ?? STS_AUDIENCE}`,
      }),
    ];
  }
  let provider;
  try {
    provider = await iam.getOidcProvider(match);
  } catch (err) {
    io.stderr.write(
      `esc-action doctor: warning: cannot read ${match} (${failure(err)}); its audiences are not checked\n`,
    );
    return [];
  }
  if (auds.some((a) => provider.clientIds.includes(a))) return [];
  return [
    reason('provider', {
      expected: provider.clientIds,
      actual: shownValue(auds),
      fix:
        `The provider's audiences (client IDs) do not include the token's aud: add it with aws iam ` +
        `add-client-id-to-open-id-connect-provider --open-id-connect-provider-arn ${match} --client-id ${auds[0] ?? STS_AUDIENCE}` +
        `, or set the action's audience to one of them`,
    }),
  ];
}

function show(v: string | string[] | null): string {
  return v === null ? '(absent)' : JSON.stringify(v);
}

/** The verdict on one role as text lines. */
export function describeVerdict(v: RoleVerdict): string {
  const lines = [`${v.roleArn}: ${v.allowed ? 'allowed' : 'refused'}`];
  for (const r of v.reasons) {
    const where = r.statement === null ? '' : ` (${r.statement})`;
    if (r.kind === 'condition') {
      lines.push(
        `  - condition${where}: ${r.operator} ${r.key} expects ${JSON.stringify(r.expected)}; the token carries ${show(r.actual)}`,
      );
    } else if (r.kind === 'provider') {
      lines.push(`  - provider: expected ${JSON.stringify(r.expected)}; found ${show(r.actual)}`);
    } else if (r.kind === 'principal') {
      lines.push(
        `  - principal${where}: the statement trusts ${JSON.stringify(r.expected)}; the token's provider is ${show(r.actual)}`,
      );
    } else if (r.kind === 'action') {
      lines.push(
        `  - action${where}: the statement allows ${JSON.stringify(r.expected)}; the call needs ${show(r.actual)}`,
      );
    } else {
      lines.push(`  - deny${where}: a Deny statement applies to the token`);
    }
    lines.push(`    fix: ${r.fix}`);
  }
  return lines.join('\n') + '\n';
}
