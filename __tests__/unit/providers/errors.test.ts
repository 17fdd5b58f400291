import {
  assumeRoleErrorMessage,
  decodeJwtPayload,
  describeClaims,
  scrub,
} from '../../../src/providers/errors.js';
import { fakeJwt } from './fake-server.js';

const claims = {
  sub: 'repo:octo-org/octo-repo:environment:prod',
  aud: 'sts.amazonaws.com',
  iss: 'https://token.actions.githubusercontent.com',
  repository: 'octo-org/octo-repo',
  ref: 'refs/heads/main',
  environment: 'prod',
  job_workflow_ref: 'octo-org/octo-repo/.github/workflows/deploy.yml@refs/heads/main',
  actor: 'octocat',
  run_id: '42',
};
const token = fakeJwt(claims);
const failure = {
  roleArn: 'arn:aws:iam::123456789012:role/deploy',
  token,
  durationSeconds: 7200,
  audience: 'sts.amazonaws.com',
  attempts: 1,
};
const awsErr = (name: string, message: string): Error =>
  Object.assign(new Error(message), { name, $fault: 'client' });

describe('JWT claims', () => {
  it('decodes the payload without verifying', () => {
    expect(decodeJwtPayload(token)?.sub).toBe(claims.sub);
    expect(decodeJwtPayload('not-a-jwt')).toBeUndefined();
    expect(decodeJwtPayload('a.!!!.c')).toBeUndefined();
  });

  it('describes every claim a trust policy can test, in order, and no other', () => {
    expect(describeClaims(token)).toBe(
      'sub=repo:octo-org/octo-repo:environment:prod, aud=sts.amazonaws.com, iss=https://token.actions.githubusercontent.com, ' +
        'repository=octo-org/octo-repo, ref=refs/heads/main, environment=prod, ' +
        'job_workflow_ref=octo-org/octo-repo/.github/workflows/deploy.yml@refs/heads/main, actor=octocat',
    );
    expect(describeClaims(token)).not.toContain('run_id');
  });

  it('shows array audiences as JSON', () => {
    expect(describeClaims(fakeJwt({ aud: ['a', 'b'] }))).toBe('aud=["a","b"]');
  });
});

describe('assumeRoleErrorMessage', () => {
  it('AccessDenied shows the role, the claims and what to check, never the token', () => {
    const msg = assumeRoleErrorMessage(
      awsErr('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity'),
      failure,
    );
    expect(msg).toContain('could not assume role arn:aws:iam::123456789012:role/deploy');
    expect(msg).toContain('AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity');
    expect(msg).toContain('sub=repo:octo-org/octo-repo:environment:prod');
    expect(msg).toContain('job_workflow_ref=');
    expect(msg).toMatch(/trust policy/);
    expect(msg).not.toContain(token);
    expect(msg).not.toContain(token.split('.')[1]!);
    expect(msg).not.toContain(token.split('.')[2]!);
  });

  it('AccessDenied adds the likely cause and the doctor command with the claims as JSON', () => {
    const msg = assumeRoleErrorMessage(
      awsErr('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity'),
      { ...failure, environment: 'aws/prod' },
    );
    expect(msg).toContain('Likely cause: the job runs in the environment "prod"');
    expect(msg).toContain('\n  esc-action doctor aws/prod --claims claims.json\n');
    const json = msg.split('\n').at(-1)!;
    expect(JSON.parse(json)).toEqual({
      sub: claims.sub,
      aud: claims.aud,
      iss: claims.iss,
      repository: claims.repository,
      ref: claims.ref,
      environment: claims.environment,
      job_workflow_ref: claims.job_workflow_ref,
      actor: claims.actor,
    });
    expect(msg).not.toContain(token.split('.')[2]!);
  });

  it('AccessDenied for a token that is not a JWT offers no command', () => {
    const msg = assumeRoleErrorMessage(awsErr('AccessDenied', 'no'), {
      ...failure,
      token: 'opaque',
    });
    expect(msg).not.toContain('esc-action doctor');
  });

  it('a MaxSessionDuration refusal names it and the requested duration', () => {
    const msg = assumeRoleErrorMessage(
      awsErr(
        'ValidationError',
        'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
      ),
      failure,
    );
    expect(msg).toContain("above the role's MaxSessionDuration");
    expect(msg).toContain('2h (7200 s)');
    expect(msg).toContain('oidc.duration');
  });

  it('InvalidIdentityToken points at the OIDC identity provider', () => {
    const msg = assumeRoleErrorMessage(
      awsErr('InvalidIdentityToken', 'No OpenIDConnect provider found'),
      failure,
    );
    expect(msg).toContain('IAM OIDC identity provider');
    expect(msg).toContain('iss=https://token.actions.githubusercontent.com');
  });

  it('scrubs the token even if the service echoes it', () => {
    const msg = assumeRoleErrorMessage(awsErr('ValidationError', `bad token ${token}`), failure);
    expect(msg).not.toContain(token);
    expect(msg).toContain('***');
  });

  it('counts attempts for other errors', () => {
    const msg = assumeRoleErrorMessage(awsErr('Throttling', 'Rate exceeded'), {
      ...failure,
      attempts: 5,
    });
    expect(msg).toBe(
      'could not assume role arn:aws:iam::123456789012:role/deploy with the OIDC token: Throttling: Rate exceeded (after 5 attempts)',
    );
  });
});

describe('scrub', () => {
  it('replaces every occurrence and ignores short or absent secrets', () => {
    expect(scrub('a SECRET b SECRET', ['SECRET', undefined, 'a'])).toBe('a *** b ***');
  });
});
