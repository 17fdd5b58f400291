/**
 * Trust-policy cases for `esc-action doctor`, drawn from the refusals GitHub OIDC users meet most
 * (case of names, environments, pull requests, tags, wildcards under StringEquals, audiences,
 * providers of another account or host, missing providers, immutable and customised subjects,
 * claims the job lacks) and from policies that must be allowed. Used by the unit tests (policy
 * evaluation) and the end-to-end tests (IAM roles and OIDC providers on moto).
 */
export const ACCOUNT = '123456789012';
export const GITHUB_HOST = 'token.actions.githubusercontent.com';
export const PROVIDER_ARN = `arn:aws:iam::${ACCOUNT}:oidc-provider/${GITHUB_HOST}`;
/** The audiences the account's GitHub provider lists. */
export const PROVIDER_CLIENT_IDS = ['sts.amazonaws.com'];

export interface ExpectedReason {
  kind: 'condition' | 'provider' | 'principal' | 'action' | 'deny';
  key?: string;
  /** Text the fix must contain. */
  fix?: string;
}

/**
 * The reasons `got` as `want` describes them, for one `toEqual(want)`: each one's kind, and its
 * key and fix where `want` names them (a fix containing the wanted text shows as that text).
 */
export function asExpected(
  got: readonly { kind: string; key: string | null; fix: string }[],
  want: readonly ExpectedReason[],
): Record<string, unknown>[] {
  return got.map((r, i) => {
    const w = want[i];
    const out: Record<string, unknown> = { kind: r.kind };
    if (w?.key !== undefined) out['key'] = r.key;
    if (w?.fix !== undefined) out['fix'] = r.fix.includes(w.fix) ? w.fix : r.fix;
    return out;
  });
}

export interface TrustCase {
  name: string;
  policy: { Version: string; Statement: Record<string, unknown>[] };
  claims: Record<string, string>;
  allowed: boolean;
  /** Every reason, in order (empty when allowed). */
  reasons: ExpectedReason[];
}

const SUB = `${GITHUB_HOST}:sub`;
const AUD = `${GITHUB_HOST}:aud`;

const claims = (over: Record<string, string> = {}): Record<string, string> => ({
  sub: 'repo:octo-org/octo-repo:ref:refs/heads/main',
  aud: 'sts.amazonaws.com',
  iss: `https://${GITHUB_HOST}`,
  repository: 'octo-org/octo-repo',
  repository_id: '2002',
  repository_owner: 'octo-org',
  repository_owner_id: '1001',
  ref: 'refs/heads/main',
  ref_type: 'branch',
  event_name: 'push',
  job_workflow_ref: 'octo-org/octo-repo/.github/workflows/deploy.yml@refs/heads/main',
  actor: 'octocat',
  ...over,
});

const statement = (
  condition: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): Record<string, unknown> => ({
  Effect: 'Allow',
  Principal: { Federated: PROVIDER_ARN },
  Action: 'sts:AssumeRoleWithWebIdentity',
  Condition: condition,
  ...extra,
});

const policy = (...Statement: Record<string, unknown>[]) => ({ Version: '2012-10-17', Statement });

/** GitHub's documented policy: audience, and the subject of one repository. */
const github = (sub: string | string[], op = 'StringLike') =>
  statement({ StringEquals: { [AUD]: 'sts.amazonaws.com' }, [op]: { [SUB]: sub } });

export const TRUST_CASES: TrustCase[] = [
  // Refusals.
  {
    name: 'owner-case',
    policy: policy(github('repo:octo-org/octo-repo:*')),
    claims: claims({
      sub: 'repo:Octo-Org/octo-repo:ref:refs/heads/main',
      repository: 'Octo-Org/octo-repo',
      repository_owner: 'Octo-Org',
    }),
    allowed: false,
    reasons: [{ kind: 'condition', key: SUB, fix: 'upper/lower case' }],
  },
  {
    name: 'environment-sub',
    policy: policy(github('repo:octo-org/octo-repo:ref:refs/heads/main', 'StringEquals')),
    claims: claims({ sub: 'repo:octo-org/octo-repo:environment:prod', environment: 'prod' }),
    allowed: false,
    reasons: [{ kind: 'condition', key: SUB, fix: 'repo:octo-org/octo-repo:environment:prod' }],
  },
  {
    name: 'pull-request',
    policy: policy(github('repo:octo-org/octo-repo:ref:refs/heads/*')),
    claims: claims({
      sub: 'repo:octo-org/octo-repo:pull_request',
      ref: 'refs/pull/7/merge',
      event_name: 'pull_request',
    }),
    allowed: false,
    reasons: [{ kind: 'condition', key: SUB, fix: 'repo:octo-org/octo-repo:pull_request' }],
  },
  {
    name: 'tag-push',
    policy: policy(github('repo:octo-org/octo-repo:ref:refs/heads/*')),
    claims: claims({
      sub: 'repo:octo-org/octo-repo:ref:refs/tags/v1.2.0',
      ref: 'refs/tags/v1.2.0',
      ref_type: 'tag',
    }),
    allowed: false,
    reasons: [{ kind: 'condition', key: SUB, fix: 'refs/tags/v1.2.0' }],
  },
  {
    name: 'wildcard-under-stringequals',
    policy: policy(github('repo:octo-org/octo-repo:*', 'StringEquals')),
    claims: claims(),
    allowed: false,
    reasons: [{ kind: 'condition', key: SUB, fix: '"StringLike"' }],
  },
  {
    name: 'audience',
    policy: policy(github('repo:octo-org/octo-repo:*')),
    claims: claims({ aud: 'https://github.com/octo-org' }),
    allowed: false,
    reasons: [
      { kind: 'condition', key: AUD, fix: 'audience' },
      { kind: 'provider', fix: 'add-client-id-to-open-id-connect-provider' },
    ],
  },
  {
    name: 'audience-not-in-provider',
    policy: policy(
      statement({
        StringEquals: { [AUD]: 'api://octo-deploy' },
        StringLike: { [SUB]: 'repo:octo-org/octo-repo:*' },
      }),
    ),
    claims: claims({ aud: 'api://octo-deploy' }),
    allowed: false,
    reasons: [{ kind: 'provider', fix: '--client-id api://octo-deploy' }],
  },
  {
    name: 'other-account-provider',
    policy: policy({
      ...github('repo:octo-org/octo-repo:*'),
      Principal: { Federated: `arn:aws:iam::999999999999:oidc-provider/${GITHUB_HOST}` },
    }),
    claims: claims(),
    allowed: false,
    reasons: [{ kind: 'principal', fix: 'account 999999999999' }],
  },
  {
    name: 'other-host-provider',
    policy: policy({
      ...github('repo:octo-org/octo-repo:*'),
      Principal: {
        Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/ghe.example.com/_services/token`,
      },
    }),
    claims: claims(),
    allowed: false,
    reasons: [{ kind: 'principal', fix: 'ghe.example.com/_services/token' }],
  },
  {
    name: 'no-provider-for-issuer',
    policy: policy({
      ...statement({
        StringEquals: { [`${GITHUB_HOST}/octo-enterprise:aud`]: 'sts.amazonaws.com' },
      }),
      Principal: {
        Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/${GITHUB_HOST}/octo-enterprise`,
      },
    }),
    claims: claims({ iss: `https://${GITHUB_HOST}/octo-enterprise` }),
    allowed: false,
    reasons: [{ kind: 'provider', fix: 'create-open-id-connect-provider' }],
  },
  {
    name: 'immutable-sub',
    policy: policy(github('repo:octo-org/octo-repo:*')),
    claims: claims({ sub: 'repo:octo-org@1001/octo-repo@2002:ref:refs/heads/main' }),
    allowed: false,
    reasons: [{ kind: 'condition', key: SUB, fix: 'repo:octo-org@1001/octo-repo@2002' }],
  },
  {
    name: 'customised-sub',
    policy: policy(github('repo:octo-org/*')),
    claims: claims({ sub: 'repository_owner:octo-org:context:ref:refs/heads/main' }),
    allowed: false,
    reasons: [{ kind: 'condition', key: SUB, fix: 'repository_owner:octo-org:context' }],
  },
  {
    name: 'environment-claim-absent',
    policy: policy(
      statement({
        StringEquals: { [AUD]: 'sts.amazonaws.com', [`${GITHUB_HOST}:environment`]: 'prod' },
      }),
    ),
    claims: claims(),
    allowed: false,
    reasons: [{ kind: 'condition', key: `${GITHUB_HOST}:environment`, fix: 'IfExists' }],
  },
  {
    name: 'deny-pull-requests',
    policy: policy(github('repo:octo-org/octo-repo:*'), {
      Sid: 'NoPullRequests',
      Effect: 'Deny',
      Principal: { Federated: PROVIDER_ARN },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: { StringLike: { [SUB]: '*:pull_request' } },
    }),
    claims: claims({ sub: 'repo:octo-org/octo-repo:pull_request', event_name: 'pull_request' }),
    allowed: false,
    reasons: [{ kind: 'deny', fix: 'NoPullRequests' }],
  },
  {
    name: 'wrong-action',
    policy: policy({ ...github('repo:octo-org/octo-repo:*'), Action: 'sts:AssumeRole' }),
    claims: claims(),
    allowed: false,
    reasons: [{ kind: 'action', fix: 'sts:AssumeRoleWithWebIdentity' }],
  },
  {
    name: 'recreated-repository-id',
    policy: policy(
      statement({
        StringEquals: { [AUD]: 'sts.amazonaws.com', [`${GITHUB_HOST}:repository_id`]: '2002' },
      }),
    ),
    claims: claims({ repository_id: '3003' }),
    allowed: false,
    reasons: [{ kind: 'condition', key: `${GITHUB_HOST}:repository_id`, fix: '3003' }],
  },
  // Must be allowed.
  {
    name: 'allow-stringlike-repo',
    policy: policy(github('repo:octo-org/octo-repo:*')),
    claims: claims({ sub: 'repo:octo-org/octo-repo:environment:prod', environment: 'prod' }),
    allowed: true,
    reasons: [],
  },
  {
    name: 'allow-second-statement',
    policy: policy(
      { ...github('repo:octo-org/other-repo:*'), Sid: 'OtherRepo' },
      {
        ...github([
          'repo:octo-org/octo-repo:ref:refs/heads/main',
          'repo:octo-org/octo-repo:pull_request',
        ]),
        Sid: 'ThisRepo',
      },
      { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ),
    claims: claims(),
    allowed: true,
    reasons: [],
  },
  {
    name: 'allow-ifexists',
    policy: policy(
      statement({
        StringEquals: { [AUD]: 'sts.amazonaws.com' },
        StringLike: { [SUB]: 'repo:octo-org/octo-repo:*' },
        StringEqualsIfExists: { [`${GITHUB_HOST}:environment`]: 'prod' },
      }),
    ),
    claims: claims(),
    allowed: true,
    reasons: [],
  },
  {
    name: 'allow-repository-id',
    policy: policy(
      statement({
        StringEquals: {
          [AUD]: 'sts.amazonaws.com',
          [`${GITHUB_HOST}:repository_id`]: '2002',
          [`${GITHUB_HOST}:repository_owner_id`]: '1001',
        },
      }),
    ),
    claims: claims({ sub: 'repo:octo-org@1001/octo-repo@2002:ref:refs/heads/main' }),
    allowed: true,
    reasons: [],
  },
  {
    name: 'allow-ignorecase-and-actions-list',
    policy: policy(
      statement(
        {
          StringEquals: { [AUD]: 'sts.amazonaws.com' },
          StringEqualsIgnoreCase: { [`${GITHUB_HOST}:repository`]: 'OCTO-ORG/OCTO-REPO' },
          'ForAnyValue:StringLike': { [SUB]: ['repo:octo-org/octo-repo:ref:refs/heads/*'] },
        },
        { Action: ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession'] },
      ),
    ),
    claims: claims(),
    allowed: true,
    reasons: [],
  },
];

/** The role an OIDC login assumes before the chained ones (a case above that allows the token). */
export const HUB_CASE = 'allow-stringlike-repo';

export interface ChainedCase {
  name: string;
  policy: { Version: string; Statement: Record<string, unknown>[] };
  /** aws-assume-role inputs beside `login` and `roleArn`, as YAML lines. */
  inputs: string[];
  allowed: boolean;
  reasons: ExpectedReason[];
}

const hubArn = `arn:aws:iam::${ACCOUNT}:role/${HUB_CASE}`;
const trustsHub = (extra: Record<string, unknown> = {}) => ({
  Effect: 'Allow',
  Principal: { AWS: hubArn },
  Action: 'sts:AssumeRole',
  ...extra,
});

/** Roles assumed with the hub's session (aws-assume-role), with what STS decides. */
export const CHAINED_CASES: ChainedCase[] = [
  {
    name: 'chained-trusts-hub',
    policy: policy(trustsHub()),
    inputs: ['sessionName: leg'],
    allowed: true,
    reasons: [],
  },
  {
    name: 'chained-trusts-account',
    policy: policy(trustsHub({ Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } })),
    inputs: [],
    allowed: true,
    reasons: [],
  },
  {
    name: 'chained-other-principal',
    policy: policy(trustsHub({ Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/other-hub` } })),
    inputs: [],
    allowed: false,
    reasons: [{ kind: 'principal', fix: hubArn }],
  },
  {
    name: 'chained-external-id',
    policy: policy(trustsHub({ Condition: { StringEquals: { 'sts:ExternalId': 'expected-id' } } })),
    inputs: ['externalId: other-id'],
    allowed: false,
    reasons: [{ kind: 'condition', key: 'sts:ExternalId', fix: 'other-id' }],
  },
  {
    name: 'chained-tags-need-tagsession',
    policy: policy(trustsHub()),
    inputs: ['tags:', '  team: deploy'],
    allowed: false,
    reasons: [{ kind: 'action', fix: 'sts:TagSession' }],
  },
];

/** The whole reason the `environment-sub` case is refused for, as doctor reports it. */
export const ENVIRONMENT_SUB_REASON = {
  kind: 'condition',
  statement: 'Statement[0]',
  operator: 'StringEquals',
  key: SUB,
  expected: ['repo:octo-org/octo-repo:ref:refs/heads/main'],
  actual: 'repo:octo-org/octo-repo:environment:prod',
  fix:
    'Allow the token\'s sub as well: "StringEquals":{"token.actions.githubusercontent.com:sub":' +
    '["repo:octo-org/octo-repo:ref:refs/heads/main","repo:octo-org/octo-repo:environment:prod"]}',
};
