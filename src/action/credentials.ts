/**
 * Non-secret facts about the credentials an evaluation obtained, read from the providers' `meta`
 * (no extra request): the account of the assumed role and the earliest expiry.
 */
import type { OpenRecord } from '../eval/api.js';
import type { EnvironmentExports } from '../host/exports.js';
import type { SummaryCredential } from '../host/summary.js';
import { credentialId } from '../providers/session-credentials.js';

export interface CredentialFacts {
  /**
   * The account id of the credentials the environment exports as `AWS_ACCESS_KEY_ID` (when
   * `exports` are given and tell it); else of the first open in file order that reports one and
   * whose credentials are not the login of a further role (the end of a role chain); else of the
   * first that reports one.
   */
  accountId: string | undefined;
  /** The earliest expiry among all opens, ISO 8601 (`2026-01-01T12:00:00.000Z`). */
  expiration: string | undefined;
  credentials: SummaryCredential[];
}

function order(a: OpenRecord, b: OpenRecord): number {
  if (a.environment !== b.environment) return a.environment < b.environment ? -1 : 1;
  const la = a.range?.start.line ?? 0;
  const lb = b.range?.start.line ?? 0;
  if (la !== lb) return la - lb;
  return (a.range?.start.column ?? 0) - (b.range?.start.column ?? 0);
}

/** The exported `AWS_ACCESS_KEY_ID`, when it is known. */
function exportedAccessKeyId(exports: EnvironmentExports | undefined): string | undefined {
  const e = exports?.variables.find((v) => v.name === 'AWS_ACCESS_KEY_ID');
  if (e === undefined || e.unknown) return undefined;
  return typeof e.value === 'string' ? e.value : Buffer.from(e.value).toString('utf8');
}

/** The open whose account `aws-account-id` reports (see `CredentialFacts.accountId`). */
export function accountOpen(
  sorted: readonly OpenRecord[],
  exports?: EnvironmentExports,
): OpenRecord | undefined {
  const withAccount = sorted.filter((o) => o.meta?.['accountId']);
  const key = exportedAccessKeyId(exports);
  if (key !== undefined) {
    const id = credentialId(key);
    const exported = withAccount.find((o) => o.meta?.['credentialId'] === id);
    if (exported !== undefined) return exported;
  }
  const logins = new Set(sorted.map((o) => o.meta?.['loginCredentialId']).filter(Boolean));
  const chainEnd = (o: OpenRecord): boolean => {
    const id = o.meta?.['credentialId'];
    return id === undefined || !logins.has(id);
  };
  return withAccount.find(chainEnd) ?? withAccount[0];
}

export function credentialFacts(
  opens: readonly OpenRecord[],
  fileOf: (envName: string) => string,
  exports?: EnvironmentExports,
): CredentialFacts {
  const sorted = [...opens].sort(order);
  const accountId = accountOpen(sorted, exports)?.meta?.['accountId'];
  let earliest: { ms: number; iso: string } | undefined;
  const credentials: SummaryCredential[] = [];
  for (const o of sorted) {
    const meta = o.meta ?? {};
    const account = meta['accountId'];
    const exp = meta['expiration'];
    let iso: string | undefined;
    if (exp) {
      const ms = Date.parse(exp);
      if (!Number.isNaN(ms)) {
        iso = new Date(ms).toISOString();
        if (earliest === undefined || ms < earliest.ms) earliest = { ms, iso };
      }
    }
    if (account || iso || meta['roleArn']) {
      const at = `${fileOf(o.environment)}${o.range ? `:${o.range.start.line}` : ''}`;
      credentials.push({
        provider: o.provider,
        at,
        ...(meta['roleArn'] ? { roleArn: meta['roleArn'] } : {}),
        ...(account ? { accountId: account } : {}),
        ...(iso ? { expiration: iso } : {}),
      });
    }
  }
  return { accountId, expiration: earliest?.iso, credentials };
}

/**
 * One log line for an open: the provider, where it is, its outcome and its non-secret facts (a
 * failure's reason is the error annotation at the call, printed after this group).
 */
export function describeOpen(o: OpenRecord, fileOf: (envName: string) => string): string {
  const at = `${fileOf(o.environment)}${o.range ? `:${o.range.start.line}` : ''}`;
  if (o.failed) return `${o.provider} (${at}): failed; the error below says why`;
  const meta = o.meta ?? {};
  const parts: string[] = [];
  if (meta['roleArn']) parts.push(`role ${meta['roleArn']}`);
  if (meta['accountId']) parts.push(`account ${meta['accountId']}`);
  if (meta['expiration']) parts.push(`expires ${meta['expiration']}`);
  return `${o.provider} (${at}): opened${parts.length > 0 ? `: ${parts.join(', ')}` : ''}`;
}
