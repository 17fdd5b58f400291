/**
 * The roles an environment would assume from an OIDC token, found by evaluating it with stand-in
 * providers: `aws-login` records each `oidc` login (role, audience) and answers with placeholder
 * keys that name it, so that an `aws-assume-role` chained on such a login is recorded with its
 * caller; every other provider answers unknown. Nothing is requested from AWS or GitHub.
 */
import type { Provider, ProviderResult } from '../../eval/provider.js';
import { fromPlain, unknownValue, type Value } from '../../eval/value.js';
import type { Plain } from '../../eval/value.js';
import { parseOidcInput } from '../../providers/aws-login.js';
import { AWS_ASSUME_ROLE_INPUT_SCHEMA } from '../../providers/aws-assume-role.js';
import { AWS_LOGIN_INPUT_SCHEMA } from '../../providers/aws-login.js';
import type { PlainObject } from '../../providers/inputs.js';
import { toPlain } from '../../eval/value.js';

export interface OidcLogin {
  roleArn: string;
  audience: string;
  /** The environment whose file holds the `fn::open`. */
  environment: string;
}

export interface ChainedRole {
  roleArn: string;
  /** The OIDC login whose session assumes it. */
  caller: OidcLogin;
  environment: string;
}

export interface FoundRoles {
  logins: OidcLogin[];
  chained: ChainedRole[];
  providers: ReadonlyMap<string, Provider>;
}

/** The placeholder key id of the n-th recorded login. */
const loginKeyId = (n: number) => `ESCDOCTORLOGIN${n}`;

/** Stand-in providers recording the roles assumed; `audience` is the default audience. */
export function recordingProviders(audience: string, env: NodeJS.ProcessEnv): FoundRoles {
  const logins: OidcLogin[] = [];
  const chained: ChainedRole[] = [];
  const unknown = (name: string): Provider => ({
    name,
    open: async (): Promise<ProviderResult> => ({ value: unknownValue(true) }),
  });
  const placeholder = (id: string): ProviderResult => ({
    value: fromPlain({ accessKeyId: id, secretAccessKey: 'doctor', sessionToken: 'doctor' }, true),
  });
  const login: Provider = {
    name: 'aws-login',
    inputSchema: AWS_LOGIN_INPUT_SCHEMA,
    open: async (inputs: Value, ctx) => {
      const plain = toPlain(inputs) as { oidc?: Plain };
      const oidc = plain.oidc;
      if (typeof oidc !== 'object' || oidc === null || Array.isArray(oidc)) {
        return placeholder('ESCDOCTORSTATIC');
      }
      const req = parseOidcInput(oidc as PlainObject, { env, audience });
      logins.push({ roleArn: req.roleArn, audience: req.audience, environment: ctx.environment });
      return placeholder(loginKeyId(logins.length - 1));
    },
  };
  const assume: Provider = {
    name: 'aws-assume-role',
    inputSchema: AWS_ASSUME_ROLE_INPUT_SCHEMA,
    open: async (inputs: Value, ctx) => {
      const plain = toPlain(inputs) as { roleArn?: Plain; login?: { accessKeyId?: Plain } };
      const keyId = plain.login?.accessKeyId;
      const n = typeof keyId === 'string' ? /^ESCDOCTORLOGIN(\d+)$/.exec(keyId)?.[1] : undefined;
      const caller = n === undefined ? undefined : logins[Number(n)];
      if (caller && typeof plain.roleArn === 'string') {
        chained.push({ roleArn: plain.roleArn, caller, environment: ctx.environment });
      }
      return { value: unknownValue(true) };
    },
  };
  const providers = new Map<string, Provider>([
    ['aws-login', login],
    ['aws-assume-role', assume],
    ['aws-secrets', unknown('aws-secrets')],
    ['aws-parameter-store', unknown('aws-parameter-store')],
  ]);
  return { logins, chained, providers };
}
