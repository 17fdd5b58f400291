/**
 * Turning failures into messages a workflow author can act on: the token's non-secret claims
 * beside the role ARN on AccessDenied, the role's MaxSessionDuration on a duration refusal, and
 * never a secret or the token in any message.
 */
import { quotedBody } from './answer.js';
import { DeadlineError, HttpStatusError, RequestTimeoutError, errorCode } from './retry.js';
import { TRUST_POLICY_CLAIMS, doctorCommand, likelyCauses, trustPolicyClaims } from './claims.js';
import { formatSeconds } from './validate.js';

/** Claims of a GitHub OIDC token that say who asks, and are safe to print. */
export const PRINTABLE_CLAIMS = TRUST_POLICY_CLAIMS;

/**
 * Decodes a JWT's payload without verifying it (we only print it). Returns undefined when the
 * token is not a JWT.
 */
export function decodeJwtPayload(token: string): Record<string, unknown> | undefined {
  const part = token.split('.')[1];
  if (part === undefined) return undefined;
  try {
    const json: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof json === 'object' && json !== null && !Array.isArray(json)
      ? (json as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** `sub=…, aud=…, …` for the printable claims present in the token. */
export function describeClaims(token: string): string {
  const payload = decodeJwtPayload(token);
  if (!payload) return '(the token is not a JWT; its claims cannot be shown)';
  const parts: string[] = [];
  for (const name of PRINTABLE_CLAIMS) {
    const v = payload[name];
    if (v === undefined) continue;
    parts.push(`${name}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  }
  return parts.length ? parts.join(', ') : '(the token has none of the claims sub, aud, iss)';
}

/** The SDK's hint appended to parse errors; it addresses programmers, not workflow authors. */
const SDK_HINT = /\s*Deserialization error: to see the raw response[^\n]*/g;

interface SdkErrorLike {
  $metadata?: { httpStatusCode?: unknown };
  $response?: { statusCode?: unknown; body?: unknown };
}

/**
 * The message of an error, with its AWS code in front when it has one. An answer the SDK could
 * not read, or an error without a code ("Unknown"), is described by its HTTP status instead, with
 * an excerpt of the body when the SDK kept it.
 */
export function errorText(err: unknown): string {
  if (err instanceof RequestTimeoutError || err instanceof DeadlineError) return err.message;
  if (err instanceof HttpStatusError) return err.message;
  if (err instanceof Error) {
    const code = errorCode(err);
    const msg = (err.message || '(no message)').replace(SDK_HINT, '');
    const e = err as SdkErrorLike;
    const status = e.$metadata?.httpStatusCode ?? e.$response?.statusCode;
    const unreadable = msg !== err.message;
    if (
      typeof status === 'number' &&
      (unreadable || code === 'Unknown' || code === 'UnknownError')
    ) {
      const raw = typeof e.$response?.body === 'string' ? e.$response.body : '';
      const body = raw.trim() === '' ? '' : quotedBody(raw);
      const what = unreadable
        ? `an answer that is not an AWS response (${msg.split('\n')[0]})`
        : msg === 'Unknown' || msg === 'UnknownError'
          ? 'an error without an AWS error code'
          : `an error without an AWS error code: ${msg}`;
      return `HTTP ${status}: ${what}${body}`;
    }
    return code && code !== 'Error' && !msg.startsWith(code) ? `${code}: ${msg}` : msg;
  }
  return String(err);
}

/** Replaces every occurrence of each secret (of 4+ characters) in `text` with `***`. */
export function scrub(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) {
    if (s === undefined || s.length < 4) continue;
    out = out.split(s).join('***');
  }
  return out;
}

export interface AssumeRoleFailure {
  roleArn: string;
  token: string;
  durationSeconds: number;
  audience: string;
  attempts: number;
  /** The environment that opened the login (for the `esc-action doctor` command). */
  environment?: string;
}

/**
 * What follows an AccessDenied: the likely cause read from the claims alone, and the command that
 * evaluates the trust policy locally against the claims, printed as one line of JSON to save.
 */
function refusalHelp(f: AssumeRoleFailure): string {
  const payload = decodeJwtPayload(f.token);
  if (!payload) return '';
  const claims = trustPolicyClaims(payload);
  const causes = likelyCauses(claims);
  let text = '';
  if (causes.length === 1) text += `\nLikely cause: ${causes[0]}.`;
  else if (causes.length > 1)
    text += `\nLikely causes:\n${causes.map((c) => `- ${c}.`).join('\n')}`;
  const command = doctorCommand(f.environment ?? '<environment>', 'claims.json');
  text +=
    `\nTo see which condition refuses the token, save the claims below as claims.json and run, with AWS ` +
    `credentials that may call iam:GetRole:\n  ${command}\n${JSON.stringify(claims)}`;
  return text;
}

/** The message for a failed AssumeRoleWithWebIdentity. Never contains the token itself. */
export function assumeRoleErrorMessage(err: unknown, f: AssumeRoleFailure): string {
  const code = errorCode(err);
  const head = `could not assume role ${f.roleArn} with the OIDC token: ${errorText(err)}`;
  const claims = `The token's claims: ${describeClaims(f.token)}.`;
  let text: string;
  if (code === 'AccessDenied' || code === 'AccessDeniedException') {
    text =
      `${head}\n${claims}\n` +
      `Check the role's trust policy: its Principal.Federated must be the account's OIDC provider for the ` +
      `token's iss (arn:aws:iam::<account>:oidc-provider/token.actions.githubusercontent.com), its ` +
      `"…:aud" condition must equal aud (${f.audience}) and its "…:sub" condition must match sub ` +
      `(sub changes with the job's environment, pull requests and the ref), and it must allow ` +
      `sts:AssumeRoleWithWebIdentity (and sts:TagSession if subject attributes are used).` +
      refusalHelp(f);
  } else if (code === 'InvalidIdentityToken') {
    text =
      `${head}\n${claims}\n` +
      `Check that the AWS account has an IAM OIDC identity provider whose URL is the token's iss and whose ` +
      `audiences include aud (${f.audience}).`;
  } else if (code === 'ExpiredTokenException') {
    text = `${head}\nThe OIDC token expired before STS received it; run the step again.`;
  } else if (
    (code === 'ValidationError' || code === 'ValidationException') &&
    /DurationSeconds|MaxSessionDuration/i.test(errorText(err))
  ) {
    text =
      `${head}\nThe requested duration ${formatSeconds(f.durationSeconds)} (${f.durationSeconds} s) is above the ` +
      `role's MaxSessionDuration. Lower oidc.duration (1h is the default maximum of a role) or raise the ` +
      `role's MaxSessionDuration (up to 12h).`;
  } else if (code === 'RegionDisabledException' || code === 'RegionDisabled') {
    text = `${head}\nSTS is not activated in this region for the account: set another region or activate it in IAM.`;
  } else {
    text = head;
    if (f.attempts > 1) text += ` (after ${f.attempts} attempts)`;
  }
  return scrub(text, [f.token]);
}
