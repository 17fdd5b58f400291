// The recipe: what a provider reports in its meta, and how the host rebuilds the chain of steps
// that produced the credentials an environment exports.
import {
  META_KEY,
  META_SOURCE,
  META_STEP,
  MAX_CHAIN,
  keyFingerprint,
  parseRecipe,
  recipeFor,
  refreshMeta,
  webIdentityStep,
  type AssumeRoleStep,
  type OpenFacts,
  type WebIdentityStep,
} from '../../../src/refresh/recipe.js';

const login: WebIdentityStep = webIdentityStep(
  {
    roleArn: 'arn:aws:iam::111111111111:role/hub',
    sessionName: 'gha-1',
    durationSeconds: 3600,
    audience: 'sts.amazonaws.com',
    policyArns: undefined,
  },
  'eu-west-1',
  undefined,
);

const assume = (n: number): AssumeRoleStep => ({
  kind: 'assume-role',
  roleArn: `arn:aws:iam::22222222222${n}:role/leg`,
  sessionName: `leg-${n}`,
  durationSeconds: 3600,
  externalId: 'ext',
  tags: { team: 'a' },
  transitiveTagKeys: ['team'],
  region: 'us-east-1',
});

const open = (provider: string, meta: Record<string, string>): OpenFacts => ({ provider, meta });

describe('refreshMeta', () => {
  it('links credentials by a fingerprint, never by the key, and carries the step as JSON', () => {
    const meta = refreshMeta('ASIAISSUED', assume(1), 'ASIASOURCE');
    expect(meta[META_KEY]).toBe(keyFingerprint('ASIAISSUED'));
    expect(meta[META_SOURCE]).toBe(keyFingerprint('ASIASOURCE'));
    expect(JSON.parse(meta[META_STEP] ?? '')).toEqual(assume(1));
    expect(JSON.stringify(meta)).not.toMatch(/ASIAISSUED|ASIASOURCE/);
    expect(keyFingerprint('a')).not.toBe(keyFingerprint('b'));
    expect(keyFingerprint('a')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('webIdentityStep leaves out empty policy ARNs and a missing endpoint', () => {
    expect(login).toEqual({
      kind: 'web-identity',
      roleArn: 'arn:aws:iam::111111111111:role/hub',
      sessionName: 'gha-1',
      durationSeconds: 3600,
      audience: 'sts.amazonaws.com',
      region: 'eu-west-1',
    });
    const withAll = webIdentityStep({ ...login, policyArns: ['arn:p'] }, 'us-east-1', 'http://x');
    expect(withAll.policyArns).toEqual(['arn:p']);
    expect(withAll.endpoint).toBe('http://x');
  });
});

describe('recipeFor', () => {
  it('finds the login whose access key id the environment exports', () => {
    const opens = [
      open('aws-login', refreshMeta('ASIAOTHER', { ...login, roleArn: 'arn:aws:iam::1:role/x' })),
      open('aws-login', refreshMeta('ASIAKEY', login)),
      open('aws-secrets', {}),
    ];
    const r = recipeFor(opens, 'ASIAKEY');
    expect(r.ok && r.recipe).toEqual([login]);
    expect(r.ok && r.last).toBe(opens[1]);
  });

  it('follows chained roles back to the login, in order', () => {
    const opens = [
      open('aws-assume-role', refreshMeta('ASIA2', assume(2), 'ASIA1')),
      open('aws-login', refreshMeta('ASIA0', login)),
      open('aws-assume-role', refreshMeta('ASIA1', assume(1), 'ASIA0')),
    ];
    const r = recipeFor(opens, 'ASIA2');
    expect(r.ok && r.recipe).toEqual([login, assume(1), assume(2)]);
  });

  it('refuses keys no login issued (static logins, literal keys)', () => {
    const r = recipeFor([open('aws-login', {})], 'AKIASTATIC');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toContain('cannot be refreshed');
  });

  it('refuses a role assumed from credentials that cannot be replayed', () => {
    const r = recipeFor(
      [open('aws-assume-role', refreshMeta('ASIA1', assume(1), 'AKIASTATIC'))],
      'ASIA1',
    );
    expect(!r.ok && r.reason).toContain(`the role ${assume(1).roleArn}`);
  });

  it('stops at cycles and overlong chains', () => {
    const cycle = [
      open('aws-assume-role', refreshMeta('ASIA1', assume(1), 'ASIA2')),
      open('aws-assume-role', refreshMeta('ASIA2', assume(2), 'ASIA1')),
    ];
    expect(recipeFor(cycle, 'ASIA1').ok).toBe(false);
    const long = [open('aws-login', refreshMeta('K0', login))];
    for (let i = 1; i <= MAX_CHAIN + 1; i++) {
      long.push(open('aws-assume-role', refreshMeta(`K${i}`, assume(i % 10), `K${i - 1}`)));
    }
    expect(recipeFor(long, `K${MAX_CHAIN - 1}`).ok).toBe(true);
    expect(recipeFor(long, `K${MAX_CHAIN + 1}`).ok).toBe(false);
  });

  it('ignores meta that is not a step', () => {
    const bad = open('aws-login', {
      [META_KEY]: keyFingerprint('K'),
      [META_STEP]: '{"kind":"web-identity"}',
    });
    expect(recipeFor([bad], 'K').ok).toBe(false);
    const notJson = open('aws-login', { [META_KEY]: keyFingerprint('K'), [META_STEP]: '{' });
    expect(recipeFor([notJson], 'K').ok).toBe(false);
  });
});

describe('parseRecipe', () => {
  it('wants one login first, then assumed roles only', () => {
    expect(parseRecipe([login, assume(1)])).toEqual([login, assume(1)]);
    expect(parseRecipe([])).toBeUndefined();
    expect(parseRecipe([assume(1)])).toBeUndefined();
    expect(parseRecipe([login, login])).toBeUndefined();
    expect(parseRecipe([{ ...login, durationSeconds: -1 }])).toBeUndefined();
    expect(parseRecipe([login, { ...assume(1), tags: { a: 1 } }])).toBeUndefined();
    expect(parseRecipe('x')).toBeUndefined();
  });
});
