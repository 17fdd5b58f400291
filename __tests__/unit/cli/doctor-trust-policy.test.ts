/**
 * Trust policies evaluated for AssumeRoleWithWebIdentity: the verdict and every reason of each
 * case of the shared table (the provider checks need IAM: the end-to-end tests cover them), and
 * the claims doctor builds from its flags.
 */
import {
  ACCOUNT,
  CHAINED_CASES,
  ENVIRONMENT_SUB_REASON,
  HUB_CASE,
  PROVIDER_ARN,
  TRUST_CASES,
  asExpected,
  type ExpectedReason,
} from '../../../__fixtures__/doctor/trust-policies.js';
import { claimsFromFlags, defaultSubject } from '../../../src/cli/doctor/claims.js';
import {
  evaluateChainedTrustPolicy,
  evaluateTrustPolicy,
  requestContext,
} from '../../../src/cli/doctor/trust-policy.js';
import { issuerKeyPrefix } from '../../../src/providers/claims.js';

const ACTIONS = ['sts:AssumeRoleWithWebIdentity'];

/** The ARN of the provider for the case's issuer in the account. */
const providerFor = (iss: string) =>
  PROVIDER_ARN.replace(/oidc-provider\/.*/, `oidc-provider/${issuerKeyPrefix(iss)}`);

describe('evaluateTrustPolicy on the shared cases', () => {
  it.each(TRUST_CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const v = evaluateTrustPolicy(c.policy, {
      providerArn: providerFor(c.claims['iss']!),
      actions: ACTIONS,
      claims: c.claims,
    });
    const policyReasons: ExpectedReason[] = c.reasons.filter((r) => r.kind !== 'provider');
    // A case refused only by the account's provider has a policy that allows the token.
    expect(v.allowed).toBe(c.allowed || policyReasons.length === 0);
    expect(asExpected(v.reasons, policyReasons)).toEqual(policyReasons);
  });

  it('a condition reason names the statement, operator, key, expected values and the claim', () => {
    const c = TRUST_CASES.find((x) => x.name === 'environment-sub')!;
    const v = evaluateTrustPolicy(c.policy, {
      providerArn: PROVIDER_ARN,
      actions: ACTIONS,
      claims: c.claims,
    });
    expect(v.reasons).toEqual([ENVIRONMENT_SUB_REASON]);
  });

  it('a policy with no web-identity statement is refused for its principal', () => {
    const doc = {
      Statement: {
        Effect: 'Allow',
        Principal: { Service: 'ec2.amazonaws.com' },
        Action: 'sts:AssumeRole',
      },
    };
    const v = evaluateTrustPolicy(doc, {
      providerArn: PROVIDER_ARN,
      actions: ACTIONS,
      claims: { sub: 'x' },
    });
    expect(v.allowed).toBe(false);
    expect(v.reasons.map((r) => r.kind)).toEqual(['principal']);
  });

  it('keys follow the issuer: an enterprise issuer keeps its path', () => {
    const ctx = requestContext({
      iss: 'https://token.actions.githubusercontent.com/octo-ent',
      sub: 's',
    });
    expect([...ctx.keys()]).toEqual(['token.actions.githubusercontent.com/octo-ent:sub']);
    expect(issuerKeyPrefix('https://ghe.example.com/_services/token/')).toBe(
      'ghe.example.com/_services/token',
    );
  });
});

describe('evaluateChainedTrustPolicy on the shared cases', () => {
  /** The request an aws-assume-role with the case's inputs makes (as doctor reads them). */
  const requestOf = (lines: string[]) => {
    const text = lines.join('\n');
    return {
      callerRoleArn: `arn:aws:iam::${ACCOUNT}:role/${HUB_CASE}`,
      ...(/sessionName: (\S+)/.exec(text)
        ? { sessionName: /sessionName: (\S+)/.exec(text)![1]! }
        : {}),
      ...(/externalId: (\S+)/.exec(text)
        ? { externalId: /externalId: (\S+)/.exec(text)![1]! }
        : {}),
      actions: text.includes('tags:') ? ['sts:AssumeRole', 'sts:TagSession'] : ['sts:AssumeRole'],
    };
  };
  it.each(CHAINED_CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const v = evaluateChainedTrustPolicy(c.policy, requestOf(c.inputs));
    expect(v.allowed).toBe(c.allowed);
    expect(asExpected(v.reasons, c.reasons)).toEqual(c.reasons);
  });

  it('a trust policy for web identities only does not trust the caller', () => {
    const c = TRUST_CASES.find((x) => x.name === HUB_CASE)!;
    const v = evaluateChainedTrustPolicy(c.policy, requestOf([]));
    expect(v.allowed).toBe(false);
    expect(v.reasons.map((r) => [r.kind, r.statement])).toEqual([['principal', null]]);
  });

  it('the caller’s session ARN is a principal; conditions on keys doctor cannot know say so', () => {
    const session = `arn:aws:sts::${ACCOUNT}:assumed-role/${HUB_CASE}/leg`;
    const doc = {
      Statement: [{ Effect: 'Allow', Principal: { AWS: session }, Action: 'sts:AssumeRole' }],
    };
    expect(evaluateChainedTrustPolicy(doc, requestOf(['sessionName: leg'])).allowed).toBe(true);
    expect(evaluateChainedTrustPolicy(doc, requestOf(['sessionName: other'])).allowed).toBe(false);
    const org = {
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-123' } },
        },
      ],
    };
    const v = evaluateChainedTrustPolicy(org, requestOf([]));
    expect(v.reasons[0]!.fix).toContain('doctor cannot know aws:PrincipalOrgID');
  });
});

describe('claims from the flags', () => {
  it.each([
    ['o/r', 'refs/heads/main', 'push', undefined, 'repo:o/r:ref:refs/heads/main'],
    ['o/r', 'refs/heads/main', 'push', 'prod', 'repo:o/r:environment:prod'],
    ['o/r', 'refs/pull/1/merge', 'pull_request', undefined, 'repo:o/r:pull_request'],
    ['o/r', 'refs/tags/v1', 'push', undefined, 'repo:o/r:ref:refs/tags/v1'],
  ])('%s %s %s env=%s → %s', (repo, ref, event, env, sub) => {
    expect(defaultSubject(repo, ref, event, env)).toBe(sub);
  });

  it('take defaults from the checkout and the login; --sub overrides the subject', () => {
    const base = { kind: 'doctor' as const, env: 'prod', dir: '.esc', format: 'text' as const };
    const c = claimsFromFlags(
      { ...base, environment: 'prod', repositoryId: '2002' },
      { repository: 'o/r', ref: 'refs/heads/dev' },
      'sts.amazonaws.com',
    );
    expect(c).toEqual({
      sub: 'repo:o/r:environment:prod',
      aud: 'sts.amazonaws.com',
      iss: 'https://token.actions.githubusercontent.com',
      repository: 'o/r',
      repository_owner: 'o',
      ref: 'refs/heads/dev',
      ref_type: 'branch',
      event_name: 'push',
      repository_id: '2002',
      environment: 'prod',
    });
    expect(claimsFromFlags({ ...base, sub: 'custom:x' }, { repository: 'o/r' }, 'a').sub).toBe(
      'custom:x',
    );
    expect(() => claimsFromFlags(base, {}, 'a')).toThrow(/--repository OWNER\/REPO/);
    expect(() => claimsFromFlags({ ...base, repository: 'nope' }, {}, 'a')).toThrow(/OWNER\/REPO/);
  });
});
