/** The claims a trust policy can test, and the likely causes of a refusal they alone show. */
import {
  TRUST_POLICY_CLAIMS,
  doctorCommand,
  likelyCauses,
  trustPolicyClaims,
} from '../../../src/providers/claims.js';

const base = {
  sub: 'repo:octo-org/octo-repo:ref:refs/heads/main',
  aud: 'sts.amazonaws.com',
  repository: 'octo-org/octo-repo',
  ref: 'refs/heads/main',
};

describe('trustPolicyClaims', () => {
  it('keeps the listed claims (numbers as text, string arrays), bounded, and nothing else', () => {
    const c = trustPolicyClaims({
      ...base,
      repository_id: 2002,
      aud: ['a', 'b'],
      run_id: '42',
      sha: 'abc',
      environment: { nested: true },
      workflow: 'x'.repeat(600),
    });
    expect(Object.keys(c)).toEqual([
      'sub',
      'aud',
      'repository',
      'repository_id',
      'ref',
      'workflow',
    ]);
    expect(c['repository_id']).toBe('2002');
    expect(c['aud']).toEqual(['a', 'b']);
    expect((c['workflow'] as string).length).toBe(513);
  });

  it('lists the GitHub claim keys STS accepts', () => {
    for (const k of [
      'repository_id',
      'repository_owner_id',
      'environment',
      'job_workflow_ref',
      'actor_id',
      'enterprise_id',
    ]) {
      expect(TRUST_POLICY_CLAIMS).toContain(k);
    }
  });
});

describe('likelyCauses', () => {
  it.each([
    [{ sub: 'repo:octo-org/octo-repo:environment:prod' }, 'environment "prod"'],
    [{ sub: 'repo:octo-org/octo-repo:pull_request' }, 'pull request'],
    [{ sub: 'repo:octo-org/octo-repo:ref:refs/tags/v1', ref: 'refs/tags/v1' }, 'tag v1'],
    [{ sub: 'repo:octo-org@1/octo-repo@2:ref:refs/heads/main' }, 'immutable form'],
    [{ sub: 'repository_owner:octo-org:context:ref:refs/heads/main' }, 'customised'],
    [
      { sub: 'repo:Octo-Org/octo-repo:ref:refs/heads/main', repository: 'Octo-Org/octo-repo' },
      'upper-case',
    ],
    [{ aud: 'https://github.com/octo-org' }, 'not "sts.amazonaws.com"'],
  ])('%j → %s', (over, text) => {
    const causes = likelyCauses({ ...base, ...over });
    expect(causes).toHaveLength(1);
    expect(causes[0]).toContain(text);
  });

  it('finds nothing in a plain branch push', () => {
    expect(likelyCauses(base)).toEqual([]);
  });
});

describe('doctorCommand', () => {
  it('quotes what a shell would split', () => {
    expect(doctorCommand('proj/prod', 'claims.json')).toBe(
      'esc-action doctor proj/prod --claims claims.json',
    );
    expect(doctorCommand("it's", 'c.json')).toBe("esc-action doctor 'it'\\''s' --claims c.json");
  });
});
