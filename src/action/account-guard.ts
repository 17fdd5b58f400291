/**
 * The `allowed-account-ids` guard: every role assumed while opening the environment must belong to
 * a listed account, else the step fails before anything is exported. It reads the accounts the
 * providers report in their `meta` (`accountId`, from the assumed-role ARN STS returned; the same
 * keys credentials.ts reads), so it costs no request. Problems are error diagnostics at the
 * `fn::open` that assumed the role, so they fail the step through the same all-or-nothing path as
 * any error in the file and show as annotations there.
 */
import type { OpenRecord } from '../eval/api.js';
import type { Diagnostic } from '../syntax/diagnostic.js';

export interface AccountGuardOptions {
  /** The root environment's name: whole-environment problems are reported on it. */
  rootName: string;
  /**
   * Whether to report an environment in which no open reports an account. Off when the
   * evaluation failed already: a provider that failed reports nothing, and its error says why.
   */
  reportNoAccount: boolean;
}

function diagnostic(summary: string, file: string, o?: OpenRecord): Diagnostic {
  return { severity: 'error', summary, file, path: '', ...(o?.range ? { range: o.range } : {}) };
}

/** The problems that fail the guard; empty when every assumed role's account is allowed. */
export function checkAllowedAccounts(
  opens: readonly OpenRecord[],
  allowed: readonly string[],
  options: AccountGuardOptions,
): Diagnostic[] {
  const list = allowed.join(', ');
  const out: Diagnostic[] = [];
  let reported = false;
  for (const o of opens) {
    const meta = o.meta ?? {};
    const role = meta['roleArn'] || meta['assumedRoleArn'];
    const account = meta['accountId'];
    if (account) {
      reported = true;
      if (!allowed.includes(account)) {
        out.push(
          diagnostic(
            `${o.provider} assumed role ${role ?? '(unnamed)'} in account ${account}, which allowed-account-ids does not list (allowed: ${list})`,
            o.environment,
            o,
          ),
        );
      }
    } else if (role) {
      // A role was assumed but STS did not say where: the guard cannot vouch for it.
      out.push(
        diagnostic(
          `${o.provider} assumed role ${role}, but its account is unknown (STS returned no assumed-role ARN), so allowed-account-ids cannot be checked`,
          o.environment,
          o,
        ),
      );
    }
  }
  if (!reported && out.length === 0 && options.reportNoAccount) {
    out.push(
      diagnostic(
        `allowed-account-ids is set (${list}), but no role assumed by this environment reports its account: ` +
          'static keys are not checked (their account is known only by asking AWS). ' +
          'Assume a role (aws-login oidc, aws-assume-role) or remove the input',
        options.rootName,
      ),
    );
  }
  return out;
}
