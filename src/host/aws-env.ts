/**
 * The AWS variables the host adds to or removes from an environment's exports, as
 * configure-aws-credentials users expect: the `aws-region` input as AWS_REGION and
 * AWS_DEFAULT_REGION when the environment names no region, and no stale credentials from an earlier
 * step beside the environment's own. Names are compared without regard to case, as the export
 * checks compare them (Windows' environment is case-insensitive). Pure: nothing here reads or
 * writes the process environment.
 */
import type { EnvironmentExports, ExportEntry } from './exports.js';

/** Set by the `aws-region` input when the environment defines neither. */
export const REGION_VARIABLES = ['AWS_REGION', 'AWS_DEFAULT_REGION'] as const;

/** The variables that make an environment's AWS credentials. */
export const CREDENTIAL_VARIABLES = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
] as const;

/**
 * What is cleared beside credentials: the three, and AWS_SECURITY_TOKEN, the older name of the
 * session token that botocore (the aws CLI, boto3) reads before AWS_SESSION_TOKEN.
 */
export const CLEARABLE_VARIABLES = [...CREDENTIAL_VARIABLES, 'AWS_SECURITY_TOKEN'] as const;

function definedSet(names: Iterable<string>): Set<string> {
  return new Set([...names].map((n) => n.toUpperCase()));
}

/** The names `exports` defines: its variables and its files (a file's name holds its path). */
export function definedNames(exports: EnvironmentExports): string[] {
  return [...exports.variables, ...exports.files].map((e) => e.name);
}

/**
 * `exports` with AWS_REGION and AWS_DEFAULT_REGION set to `region` (marked as coming from the
 * `aws-region` input), when `region` is set and the environment defines neither of them. Both or
 * none: an environment that defines one has chosen its region.
 */
export function withRegionVariables(
  exports: EnvironmentExports,
  region: string,
): EnvironmentExports {
  if (region === '') return exports;
  const defined = definedSet(definedNames(exports));
  if (REGION_VARIABLES.some((n) => defined.has(n))) return exports;
  const added: ExportEntry[] = REGION_VARIABLES.map((name) => ({
    name,
    value: region,
    secret: false,
    unknown: false,
    input: 'aws-region',
  }));
  const variables = [...exports.variables, ...added].sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  return { ...exports, variables };
}

/**
 * The credential variables to clear when an environment defines `names`: none when it defines no
 * AWS credential variable; otherwise every CLEARABLE_VARIABLES name it does not define and that
 * `inherited` (the step's environment: the workflow's `env` and earlier steps' exports) sets, so
 * that keys from an earlier step or the workflow never mix with these (a session token left over
 * from an OIDC login would make a static key pair fail). One that is unset or empty needs no
 * clearing: the aws CLI and the AWS SDKs read an empty one as unset, and a later step only
 * inherits what this step inherited, plus what it exports.
 */
export function staleCredentialVariables(
  names: Iterable<string>,
  inherited: NodeJS.ProcessEnv,
): string[] {
  const defined = definedSet(names);
  if (!CREDENTIAL_VARIABLES.some((n) => defined.has(n))) return [];
  return CLEARABLE_VARIABLES.filter((n) => !defined.has(n) && !!inherited[n]);
}

/** Whether any of `names` is an AWS credential variable (case-insensitive). */
export function hasCredentialVariable(names: Iterable<string>): boolean {
  const defined = definedSet(names);
  return CREDENTIAL_VARIABLES.some((n) => defined.has(n));
}

/** `env` without `names`: what a child process started with it sees. */
export function withoutVariables(
  env: NodeJS.ProcessEnv,
  names: readonly string[],
): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env };
  for (const n of names) delete out[n];
  return out;
}

/**
 * A warning when the step inherits AWS_PROFILE (from the workflow or an earlier step) and the
 * environment sets AWS credentials without defining AWS_PROFILE. It is not cleared: an empty
 * AWS_PROFILE makes the aws CLI fail ("The config profile () could not be found"). But beside
 * keys in the environment, the AWS SDK for JavaScript v3 (and tools built on it) uses the profile
 * instead of the keys, and botocore (the aws CLI, boto3) fails when the profile does not exist.
 */
export function inheritedProfileWarning(
  names: Iterable<string>,
  inherited: NodeJS.ProcessEnv,
): string | undefined {
  const list = [...names];
  if (!inherited['AWS_PROFILE'] || !hasCredentialVariable(list)) return undefined;
  if (definedSet(list).has('AWS_PROFILE')) return undefined;
  return (
    'AWS_PROFILE is set for this step (by the workflow or an earlier step) and the environment ' +
    "does not define it: beside the environment's AWS keys, the AWS SDK for JavaScript v3 uses " +
    'that profile instead of the keys, and the aws CLI fails if the profile does not exist. ' +
    'Remove AWS_PROFILE from the job, or define it in the environment'
  );
}
