/**
 * The claims of a GitHub OIDC token that an IAM trust policy can test (as condition keys
 * `<issuer>:<claim>`, e.g. `token.actions.githubusercontent.com:sub`), and what they alone say
 * about a likely refusal. The action prints them on AccessDenied; `esc-action doctor` reads them
 * back (`--claims`) and evaluates the trust policy against them. None of them is secret; the token
 * itself never appears.
 */

/** The claims shown on a refusal and evaluated by `doctor`, in the order printed. */
export const TRUST_POLICY_CLAIMS = [
  'sub',
  'aud',
  'iss',
  'repository',
  'repository_id',
  'repository_owner',
  'repository_owner_id',
  'repository_visibility',
  'enterprise',
  'enterprise_id',
  'ref',
  'ref_type',
  'event_name',
  'environment',
  'workflow',
  'workflow_ref',
  'job_workflow_ref',
  'actor',
  'actor_id',
  'runner_environment',
] as const;

/** The audience AWS expects of GitHub's tokens. */
export const STS_AUDIENCE = 'sts.amazonaws.com';

/** GitHub.com's issuer. */
export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';

/** Longest claim value printed; a longer one is cut (a token's claims are short). */
const MAX_CLAIM_CHARS = 512;

export type Claims = Record<string, string | string[]>;

/**
 * The trust-policy claims of a decoded token payload: strings, numbers as text, arrays of
 * strings (an array `aud`); anything else, and every other claim, left out.
 */
export function trustPolicyClaims(payload: Record<string, unknown>): Claims {
  const out: Claims = {};
  const cut = (s: string) => (s.length > MAX_CLAIM_CHARS ? `${s.slice(0, MAX_CLAIM_CHARS)}…` : s);
  for (const name of TRUST_POLICY_CLAIMS) {
    const v = payload[name];
    if (typeof v === 'string') out[name] = cut(v);
    else if (typeof v === 'number' || typeof v === 'boolean') out[name] = String(v);
    else if (Array.isArray(v) && v.length <= 16 && v.every((x) => typeof x === 'string')) {
      out[name] = (v as string[]).map(cut);
    }
  }
  return out;
}

/** The condition-key prefix of an issuer: its URL without `https://` and a trailing `/`. */
export function issuerKeyPrefix(iss: string): string {
  return iss.replace(/^https:\/\//i, '').replace(/\/+$/, '');
}

/** `repo:ORG@123/REPO@456:…`: GitHub's immutable subject form. */
const IMMUTABLE_SUB = /^repo:[^/:@]+@\d+\/[^/:@]+@\d+:/;

/**
 * What the claims alone say about why a trust policy may refuse the token: one sentence per
 * finding, most common first. Empty when nothing stands out.
 */
export function likelyCauses(claims: Claims): string[] {
  const one = (name: string): string | undefined => {
    const v = claims[name];
    return typeof v === 'string' ? v : undefined;
  };
  const sub = one('sub') ?? '';
  const repo = one('repository');
  const out: string[] = [];
  const env = /:environment:(.*)$/.exec(sub)?.[1];
  if (env !== undefined) {
    out.push(
      `the job runs in the environment "${env}", so sub ends in ":environment:${env}" and a condition written ` +
        'for ":ref:refs/heads/…" does not match it',
    );
  }
  if (sub.endsWith(':pull_request')) {
    out.push(
      'the job runs for a pull request, so sub ends in ":pull_request" (not ":ref:…"); the trust policy must ' +
        'allow that subject for pull_request jobs',
    );
  }
  const ref = one('ref');
  if (ref?.startsWith('refs/tags/') && sub.includes(':ref:refs/tags/')) {
    out.push(
      `the job runs for the tag ${ref.slice('refs/tags/'.length)}, so sub ends in ":ref:${ref}"; a condition ` +
        'for branches does not match it',
    );
  }
  if (IMMUTABLE_SUB.test(sub)) {
    out.push(
      'sub uses GitHub\'s immutable form "repo:OWNER@OWNER_ID/REPO@REPO_ID:…"; a condition on ' +
        '"repo:OWNER/REPO:…" does not match it (match the form sub shows, or test repository_id)',
    );
  } else if (sub !== '' && !sub.startsWith('repo:')) {
    out.push(
      'sub does not start with "repo:": the repository\'s or organisation\'s OIDC subject template is ' +
        'customised; the trust policy must match the customised form sub shows',
    );
  }
  const named = repo ?? /^repo:([^:]+):/.exec(sub)?.[1];
  if (named !== undefined && /[A-Z]/.test(named)) {
    out.push(
      `the repository "${named}" has upper-case letters; StringEquals and StringLike compare case-sensitively, ` +
        'so the condition must spell it exactly as sub does',
    );
  }
  const aud = claims['aud'];
  const auds = aud === undefined ? [] : Array.isArray(aud) ? aud : [aud];
  if (auds.length > 0 && !auds.includes(STS_AUDIENCE)) {
    out.push(
      `aud is ${auds.map((a) => `"${a}"`).join(', ')}, not "${STS_AUDIENCE}": the account's OIDC provider must ` +
        'list it among its audiences (client IDs) and the trust policy\'s ":aud" condition must expect it',
    );
  }
  return out;
}

/** The command that evaluates the role's trust policy locally against the claims saved in `file`. */
export function doctorCommand(environment: string, file: string): string {
  const quote = (s: string) =>
    /^[A-Za-z0-9_./@:=+-]+$/.test(s) ? s : `'${s.replaceAll("'", "'\\''")}'`;
  return `esc-action doctor ${quote(environment)} --claims ${quote(file)}`;
}
