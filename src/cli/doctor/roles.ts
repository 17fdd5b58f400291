/**
 * The roles an environment would assume from an OIDC token, found by evaluating it with stand-in
 * providers: `aws-login` records each `oidc` login (role, audience) and `aws-assume-role` each role
 * it assumes, both answering with placeholder keys that name the role, so that a role chained on
 * such keys is recorded with its caller; every other provider answers unknown. Nothing is requested from AWS or GitHub.
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
  /** The role whose session assumes it (an OIDC login's, or a chained role's). */
  callerRoleArn: string;
  sessionName?: string;
  externalId?: string;
  sourceIdentity?: string;
  /** Whether the call passes session tags (then the trust policy must allow sts:TagSession). */
  tags: boolean;
  environment: string;
}

export interface FoundRoles {
  logins: OidcLogin[];
  chained: ChainedRole[];
  providers: ReadonlyMap<string, Provider>;
}

/** The placeholder key id of the n-th role assumed (a login's or a chained one's). */
const roleKeyId = (n: number) => `ESCDOCTORROLE${n}`;

/** `{ [key]: value }`, or nothing for an undefined value (exactOptionalPropertyTypes). */
export const optional = <K extends string>(key: K, value: string | undefined) =>
  (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };

/** Stand-in providers recording the roles assumed; `audience` is the default audience. */
export function recordingProviders(audience: string, env: NodeJS.ProcessEnv): FoundRoles {
  const logins: OidcLogin[] = [];
  const chained: ChainedRole[] = [];
  /** The role of each placeholder key id handed out. */
  const callers: string[] = [];
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
      callers.push(req.roleArn);
      return placeholder(roleKeyId(callers.length - 1));
    },
  };
  const assume: Provider = {
    name: 'aws-assume-role',
    inputSchema: AWS_ASSUME_ROLE_INPUT_SCHEMA,
    open: async (inputs: Value, ctx) => {
      const plain = toPlain(inputs) as Record<string, Plain> & { login?: { accessKeyId?: Plain } };
      const keyId = plain.login?.accessKeyId;
      const n = typeof keyId === 'string' ? /^ESCDOCTORROLE(\d+)$/.exec(keyId)?.[1] : undefined;
      const callerRoleArn = n === undefined ? undefined : callers[Number(n)];
      const roleArn = plain['roleArn'];
      if (callerRoleArn === undefined || typeof roleArn !== 'string') {
        return { value: unknownValue(true) };
      }
      const text = (k: string) => (typeof plain[k] === 'string' ? (plain[k] as string) : undefined);
      const tags = plain['tags'];
      chained.push({
        roleArn,
        callerRoleArn,
        ...optional('sessionName', text('sessionName')),
        ...optional('externalId', text('externalId')),
        ...optional('sourceIdentity', text('sourceIdentity')),
        tags: typeof tags === 'object' && tags !== null && Object.keys(tags).length > 0,
        environment: ctx.environment,
      });
      callers.push(roleArn);
      return placeholder(roleKeyId(callers.length - 1));
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
