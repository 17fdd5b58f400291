/**
 * What the providers that obtain role sessions from STS share (aws-login's OIDC login,
 * aws-assume-role): the answer turned into the provider's value (three secrets) and its non-secret
 * meta, who holds which credentials (so that a refusal can name the principal that asked), and
 * causes scrubbed of secrets.
 */
import type { ProviderResult } from '../eval/provider.js';
import { fromPlain } from '../eval/value.js';
import { errorText, scrub } from './errors.js';
import { DeadlineError } from './retry.js';
import { keyFingerprint } from '../refresh/recipe.js';
import { accountOfArn, checkIssuedCredentials } from './validate.js';

export interface StsCredentials {
  AccessKeyId?: string;
  SecretAccessKey?: string;
  SessionToken?: string;
  Expiration?: Date;
}

/** The part of an AssumeRole / AssumeRoleWithWebIdentity answer the providers read. */
export interface StsAnswer {
  Credentials?: StsCredentials;
  AssumedRoleUser?: { Arn?: string };
}

/**
 * A non-secret fingerprint of credentials (of their access key id), for the host to tell which
 * open's credentials an exported `AWS_ACCESS_KEY_ID` holds, or which login a chained role used.
 */
export function credentialId(accessKeyId: string): string {
  return keyFingerprint(accessKeyId);
}

/** Per set of providers (keyed by its options object): access key id → assumed-role ARN. */
const principals = new WeakMap<object, Map<string, string>>();

/** The assumed-role ARN of credentials this set of providers obtained, if it did. */
export function principalOf(owner: object, accessKeyId: string): string | undefined {
  return principals.get(owner)?.get(accessKeyId);
}

/**
 * The provider result for an STS answer: the keys as secrets, and as meta `roleArn`,
 * `assumedRoleArn`, `accountId`, `expiration` and `credentialId` (plus `extra`). Remembers the
 * principal for `principalOf`. Throws when STS answered without credentials; `as` names the
 * principal that asked, for that message.
 */
export function credentialsResult(
  owner: object,
  res: StsAnswer,
  roleArn: string,
  extra: Record<string, string> = {},
  as?: string,
): ProviderResult {
  const c = res.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) {
    throw new Error(
      `could not assume role ${roleArn}${as ? ` as ${as}` : ''}: STS answered without credentials`,
    );
  }
  checkIssuedCredentials(c, roleArn);
  const meta: Record<string, string> = { roleArn, ...extra };
  if (c.Expiration instanceof Date && !Number.isNaN(c.Expiration.getTime()))
    meta.expiration = c.Expiration.toISOString();
  const assumed = res.AssumedRoleUser?.Arn;
  if (assumed) {
    meta.assumedRoleArn = assumed;
    const account = accountOfArn(assumed);
    if (account) meta.accountId = account;
    let known = principals.get(owner);
    if (known === undefined) principals.set(owner, (known = new Map()));
    known.set(c.AccessKeyId, assumed);
  }
  meta.credentialId = credentialId(c.AccessKeyId);
  return {
    value: fromPlain(
      {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        sessionToken: c.SessionToken,
      },
      true,
    ),
    meta,
  };
}

export interface AssumeFailure {
  /** `arn:…:role/x`, or `arn:…:role/x as <principal>`. */
  role: string;
  /** e.g. `STS AssumeRole`. */
  operation: string;
  /** The endpoint last called, if any. */
  where: string | undefined;
  attempts: number;
  /** What no message or cause may contain (token, keys). */
  secrets: readonly (string | undefined)[];
  /** The message for an error STS (or the network) gave. */
  describe: (err: unknown) => string;
}

/**
 * The error an assume throws for `err`: the deadline's, naming the operation, endpoint and
 * attempt; one of ours (`could not assume role…`) as it is; else `describe`'s message with a
 * scrubbed copy of `err` as its cause (a service could echo a secret in its message).
 */
export function assumeFailure(err: unknown, f: AssumeFailure): Error {
  if (err instanceof DeadlineError) {
    return new Error(
      scrub(
        `could not assume role ${f.role}: ${err.message} (waiting for ${f.operation}` +
          `${f.where ? ` at ${f.where}` : ''}, attempt ${f.attempts})`,
        f.secrets,
      ),
      { cause: err },
    );
  }
  if (err instanceof Error && err.message.startsWith('could not assume role')) return err;
  return new Error(f.describe(err), { cause: scrubbedCause(err, f.secrets) });
}

/** A cause safe to log: the original error's code and scrubbed message, nothing else. */
export function scrubbedCause(err: unknown, secrets: readonly (string | undefined)[]): Error {
  const e = new Error(scrub(errorText(err), secrets));
  if (err instanceof Error) e.name = err.name;
  return e;
}
