/**
 * Pure checks and conversions of provider inputs: Go duration syntax, role session names, IAM
 * role ARNs. Each throws an `Error` whose message names the input and what is allowed, quoting
 * the input unless it is secret.
 *
 * The patterns of aws-login's input schema are declared native (a `RegExp` with the same meaning
 * as RE2's, linear by construction), so checking them does not load re2js (eval/schema/re2.ts).
 */
import { nativePattern } from '../eval/schema/re2.js';

/**
 * An input as a message shows it: quoted, or, for a secret, "(the secret value)": a message never
 * quotes a secret (its quoted form could differ from what the runner masks, and a message about
 * it is as useful without it).
 */
export function shown(text: string, secret: boolean): string {
  return secret ? '(the secret value)' : JSON.stringify(text);
}

const UNIT_NS: Readonly<Record<string, number>> = {
  ns: 1,
  us: 1e3,
  µs: 1e3, // U+00B5 micro sign
  μs: 1e3, // U+03BC Greek mu
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

const COMPONENT = /([0-9]*)(?:\.([0-9]*))?([a-zµμ]+)/y;

/**
 * Parses a Go `time.ParseDuration` string (`1h`, `90m`, `1h30m`, `3600s`, `1.5h`, `0`) into
 * milliseconds. Throws on anything else.
 */
export function parseGoDuration(text: string, secret = false): number {
  const bad = (why: string): Error =>
    new Error(
      `invalid duration ${shown(text, secret)}: ${why} (use Go duration syntax such as 1h, 90m, 1h30m or 3600s)`,
    );
  let s = text;
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    if (s.startsWith('-')) sign = -1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') throw bad('it is empty');
  let ns = 0;
  let pos = 0;
  while (pos < s.length) {
    COMPONENT.lastIndex = pos;
    const m = COMPONENT.exec(s);
    if (!m)
      throw bad(secret ? 'unexpected characters' : `unexpected ${JSON.stringify(s.slice(pos))}`);
    const [whole, int = '', frac, unit = ''] = m;
    if (int === '' && (frac === undefined || frac === ''))
      throw bad('a number is missing before a unit');
    const scale = UNIT_NS[unit];
    if (scale === undefined)
      throw bad(
        `unknown unit${secret ? '' : ` ${JSON.stringify(unit)}`} (use h, m, s, ms, us or ns)`,
      );
    ns += Number(int === '' ? '0' : int) * scale;
    if (frac) ns += Number(`0.${frac}`) * scale;
    pos += whole.length;
  }
  if (!Number.isFinite(ns)) throw bad('it is too large');
  return (sign * ns) / 1e6;
}

export const MIN_SESSION_SECONDS = 15 * 60;
export const MAX_SESSION_SECONDS = 12 * 60 * 60;

/**
 * A session `duration` input (`oidc.duration` unless `input` names another) as whole seconds for
 * STS `DurationSeconds`, checked against 15 min .. 12 h.
 */
export function sessionDurationSeconds(
  text: string | undefined,
  secret = false,
  input = 'oidc.duration',
): number {
  if (text === undefined) return 3600;
  const seconds = Math.floor(parseGoDuration(text, secret) / 1000);
  if (seconds < MIN_SESSION_SECONDS || seconds > MAX_SESSION_SECONDS) {
    throw new Error(
      `${input} ${shown(text, secret)} is out of range: AWS sessions last between 15m and 12h ` +
        `(and at most the role's MaxSessionDuration, 1h unless raised)`,
    );
  }
  return seconds;
}

/** Renders seconds the way a user would write them in `oidc.duration`. */
export function formatSeconds(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s || (!h && !m) ? `${s}s` : ''}`;
}

export const SESSION_NAME_PATTERN = '^[\\w+=,.@-]{2,64}$';
const SESSION_NAME = nativePattern(SESSION_NAME_PATTERN);

export function checkSessionName(name: string, secret = false, input = 'oidc.sessionName'): string {
  if (!SESSION_NAME.test(name)) {
    throw new Error(
      `${input} ${shown(name, secret)} is not a valid role session name: use 2 to 64 characters ` +
        `among letters, digits and _+=,.@-`,
    );
  }
  return name;
}

/** The default session name: `esc-action-<run id>-<run attempt>` in a runner, `esc-action` outside. */
export function defaultSessionName(env: NodeJS.ProcessEnv): string {
  const id = env.GITHUB_RUN_ID;
  if (!id) return 'esc-action';
  const name = `esc-action-${id}-${env.GITHUB_RUN_ATTEMPT || '1'}`.replace(/[^\w+=,.@-]/g, '_');
  return name.slice(0, 64);
}

export const ROLE_ARN_PATTERN = '^arn:aws[-a-z]*:iam::[0-9]{12}:role/[\\w+=,.@/-]+$';
const ROLE_ARN = nativePattern(ROLE_ARN_PATTERN);

export function checkRoleArn(arn: string, secret = false, input = 'oidc.roleArn'): string {
  if (!ROLE_ARN.test(arn)) {
    throw new Error(
      `${input} ${shown(arn, secret)} is not an IAM role ARN: expected ` +
        `arn:aws:iam::<12-digit account id>:role/<name> (e.g. arn:aws:iam::123456789012:role/gha-deploy)`,
    );
  }
  return arn;
}

/** The account id inside an ARN (`arn:partition:service:region:account:...`). */
export function accountOfArn(arn: string): string | undefined {
  const account = arn.split(':')[4];
  return account && /^[0-9]{12}$/.test(account) ? account : undefined;
}

/** Whitespace (line breaks included) or a control character (C0, DEL, C1). */
const NOT_CREDENTIAL_TEXT = /[\s\p{Cc}]/u;

/**
 * Refuses a credential (access key id, secret key, session token) with a line break, a space or a
 * control character. AWS issues none: ids are letters and digits, keys and tokens base64. Such a
 * credential could never sign a request, and written into a shared credentials or config file
 * (the named-profiles pattern) a line break would add lines of its own, such as a
 * `credential_process` that the AWS CLI and SDKs run. The message never quotes the value.
 */
export function checkCredentialText(text: string, field: string): string {
  if (NOT_CREDENTIAL_TEXT.test(text)) {
    throw new Error(
      `${field} contains a line break, space or control character, which AWS credentials never do ` +
        `(a trailing newline in the secret it came from?)`,
    );
  }
  return text;
}

/**
 * The credentials of an STS answer (AssumeRoleWithWebIdentity, AssumeRole) checked with
 * `checkCredentialText`: an answer with a line break, a space or a control character in one is
 * not AWS's, and fails the open naming the role and the field, never the value.
 */
export function checkIssuedCredentials(
  c: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string },
  roleArn: string,
): void {
  try {
    for (const field of ['AccessKeyId', 'SecretAccessKey', 'SessionToken'] as const) {
      checkCredentialText(c[field] ?? '', field);
    }
  } catch (err) {
    throw new Error(
      `could not assume role ${roleArn}: STS answered credentials AWS never issues: ${(err as Error).message}`,
      { cause: err },
    );
  }
}
