/**
 * The IAM condition operators doctor evaluates, each rule checked on the examples of AWS's
 * "IAM JSON policy elements: Condition operators" and "Single-valued vs. multivalued context keys"
 * pages (their policies, request contexts and documented results).
 */
import {
  evaluateCondition,
  evaluateOperator,
  likeMatch,
  parseOperator,
  type RequestContext,
} from '../../../src/cli/doctor/condition.js';

const ctx = (entries: Record<string, string | string[]>): RequestContext =>
  new Map(Object.entries(entries).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v : [v]]));

/** Whether `condition` holds for `request` (no failing operator/key pair). */
const holds = (condition: Record<string, unknown>, request: Record<string, string | string[]>) =>
  evaluateCondition(condition, ctx(request)).length === 0;

describe('String operators (AWS examples)', () => {
  const equals = { StringEquals: { 'aws:PrincipalTag/job-category': 'iamuser-admin' } };
  it.each([
    [{ 'aws:PrincipalTag/job-category': 'iamuser-admin' }, true],
    [{ 'aws:PrincipalTag/job-category': 'dev-ops' }, false],
    [{}, false],
  ])('StringEquals job-category=iamuser-admin with %j → %s', (request, expected) => {
    expect(holds(equals, request)).toBe(expected);
  });

  it('StringEquals is case-sensitive; StringEqualsIgnoreCase is not', () => {
    const request = { 'aws:PrincipalTag/job-category': 'IAMUser-Admin' };
    expect(holds(equals, request)).toBe(false);
    expect(
      holds(
        { StringEqualsIgnoreCase: { 'aws:PrincipalTag/job-category': 'iamuser-admin' } },
        request,
      ),
    ).toBe(true);
  });

  const like = { StringLike: { 'aws:PrincipalTag/job-category': 'iamuser*' } };
  it.each([
    [{ 'aws:PrincipalTag/job-category': 'iamuser-admin' }, true],
    [{ 'aws:PrincipalTag/job-category': 'dev-ops' }, false],
    [{}, false],
  ])('StringLike job-category=iamuser* with %j → %s', (request, expected) => {
    expect(holds(like, request)).toBe(expected);
  });

  it('StringEquals does not expand wildcards; StringLike does, `?` being one character', () => {
    const sub = { 'token.actions.githubusercontent.com:sub': 'repo:o/r:ref:refs/heads/main' };
    expect(
      holds({ StringEquals: { 'token.actions.githubusercontent.com:sub': 'repo:o/r:*' } }, sub),
    ).toBe(false);
    expect(
      holds({ StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:o/r:*' } }, sub),
    ).toBe(true);
    expect(likeMatch('t2.micro', 't?.micro')).toBe(true);
    expect(likeMatch('t22.micro', 't?.micro')).toBe(false);
    expect(likeMatch('abc', '*')).toBe(true);
    expect(likeMatch('', '*')).toBe(true);
    expect(likeMatch('a*b', 'a${*}b')).toBe(true);
    expect(likeMatch('axb', 'a${*}b')).toBe(false);
    expect(likeMatch('a?b', 'a${?}b')).toBe(true);
    expect(likeMatch('axb', 'a${?}b')).toBe(false);
    expect(likeMatch('aXbYc', 'a*b*c')).toBe(true);
    expect(likeMatch('abcabd', '*abd')).toBe(true);
    // No exponential backtracking on a long non-matching value.
    expect(likeMatch('a'.repeat(5000), '*a*a*a*a*a*b')).toBe(false);
  });

  it('several values of one key are ORed; several keys are ANDed', () => {
    const c = {
      StringEquals: {
        'aws:PrincipalTag/department': ['finance', 'hr', 'legal'],
        'aws:PrincipalTag/role': ['audit', 'security'],
      },
    };
    expect(
      holds(c, { 'aws:PrincipalTag/department': 'hr', 'aws:PrincipalTag/role': 'audit' }),
    ).toBe(true);
    expect(holds(c, { 'aws:PrincipalTag/department': 'hr', 'aws:PrincipalTag/role': 'dev' })).toBe(
      false,
    );
    expect(holds(c, { 'aws:PrincipalTag/department': 'hr' })).toBe(false);
    const failures = evaluateCondition(c, ctx({ 'aws:PrincipalTag/role': 'dev' }));
    expect(failures.map((f) => f.key)).toEqual([
      'aws:PrincipalTag/department',
      'aws:PrincipalTag/role',
    ]);
  });

  it('a negated operator with several values holds when none matches, and for an absent key', () => {
    const c = { StringNotEquals: { 'aws:PrincipalTag/department': ['finance', 'hr'] } };
    expect(holds(c, { 'aws:PrincipalTag/department': 'legal' })).toBe(true);
    expect(holds(c, { 'aws:PrincipalTag/department': 'hr' })).toBe(false);
    expect(holds(c, {})).toBe(true);
    expect(holds({ StringNotLike: { 'aws:PrincipalTag/department': 'fin*' } }, {})).toBe(true);
  });

  it('condition keys are case-insensitive', () => {
    expect(
      holds(
        { StringEquals: { 'AWS:PrincipalTag/Job-Category': 'x' } },
        { 'aws:principaltag/job-category': 'x' },
      ),
    ).toBe(true);
  });
});

describe('…IfExists (AWS example)', () => {
  const c = { StringLikeIfExists: { 'ec2:InstanceType': ['t1.*', 't2.*', 'm3.*'] } };
  it.each([
    [{ 'ec2:InstanceType': 't1.micro' }, true],
    [{ 'ec2:InstanceType': 'm4.xlarge' }, false],
    [{}, true],
  ])('StringLikeIfExists InstanceType with %j → %s', (request, expected) => {
    expect(holds(c, request)).toBe(expected);
  });
  it('without IfExists an absent key fails', () => {
    expect(holds({ StringLike: { 'ec2:InstanceType': ['t1.*'] } }, {})).toBe(false);
  });
});

describe('Null and Bool (AWS examples)', () => {
  it('Null: "true" holds when the key is absent, "false" when present', () => {
    expect(holds({ Null: { 'aws:TokenIssueTime': 'true' } }, {})).toBe(true);
    expect(
      holds(
        { Null: { 'aws:TokenIssueTime': 'true' } },
        { 'aws:TokenIssueTime': '2026-01-01T00:00:00Z' },
      ),
    ).toBe(false);
    expect(
      holds(
        { Null: { 'aws:TokenIssueTime': 'false' } },
        { 'aws:TokenIssueTime': '2026-01-01T00:00:00Z' },
      ),
    ).toBe(true);
    expect(holds({ Null: { 'aws:TokenIssueTime': 'false' } }, {})).toBe(false);
  });

  it.each([
    [{ 'aws:SecureTransport': 'false' }, true],
    [{ 'aws:SecureTransport': 'true' }, false],
    [{}, false],
  ])('Bool SecureTransport=false with %j → %s', (request, expected) => {
    expect(holds({ Bool: { 'aws:SecureTransport': 'false' } }, request)).toBe(expected);
  });

  it('Bool compares JSON booleans and strings alike', () => {
    expect(
      holds({ Bool: { 'aws:SecureTransport': true } }, { 'aws:SecureTransport': 'true' }),
    ).toBe(true);
  });
});

describe('ForAllValues / ForAnyValue (AWS examples)', () => {
  const keys = ['environment', 'cost-center'];
  it.each([
    [['environment', 'cost-center'], true],
    [['environment'], true],
    [['environment', 'dept'], false],
    [undefined, true],
  ])('ForAllValues:StringEquals TagKeys with %j → %s', (tags, expected) => {
    const request = tags === undefined ? {} : { 'aws:TagKeys': tags };
    expect(holds({ 'ForAllValues:StringEquals': { 'aws:TagKeys': keys } }, request)).toBe(expected);
  });

  it.each([
    [['environment', 'dept'], true],
    [['dept'], false],
    [undefined, false],
  ])('ForAnyValue:StringEquals TagKeys with %j → %s', (tags, expected) => {
    const request = tags === undefined ? {} : { 'aws:TagKeys': tags };
    expect(holds({ 'ForAnyValue:StringEquals': { 'aws:TagKeys': keys } }, request)).toBe(expected);
  });

  it('ForAllValues:StringLike matches each request value against the patterns', () => {
    const c = { 'ForAllValues:StringLike': { 'aws:TagKeys': 'Created*' } };
    expect(holds(c, { 'aws:TagKeys': ['CreatedBy', 'CreatedAt'] })).toBe(true);
    expect(holds(c, { 'aws:TagKeys': ['CreatedBy', 'Owner'] })).toBe(false);
  });
});

describe('Numeric operators', () => {
  it('compare numbers, never as text', () => {
    expect(holds({ NumericLessThanEquals: { 's3:max-keys': '10' } }, { 's3:max-keys': '9' })).toBe(
      true,
    );
    expect(
      holds({ NumericLessThanEquals: { 's3:max-keys': '10' } }, { 's3:max-keys': '100' }),
    ).toBe(false);
    expect(holds({ NumericEquals: { 'x:id': '2002' } }, { 'x:id': 'abc' })).toBe(false);
  });
});

describe('parsing', () => {
  it('splits set prefixes and IfExists; refuses unknown operators and Null with IfExists', () => {
    expect(parseOperator('ForAnyValue:StringLikeIfExists')).toEqual({
      text: 'ForAnyValue:StringLikeIfExists',
      set: 'ForAnyValue',
      base: 'StringLike',
      ifExists: true,
    });
    expect(parseOperator('StringSomething')).toBeUndefined();
    expect(parseOperator('NullIfExists')).toBeUndefined();
    expect(parseOperator('IfExists')).toBeUndefined();
  });

  it('an operator it cannot evaluate is reported, never silently true', () => {
    const f = evaluateCondition(
      { DateGreaterThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } },
      ctx({}),
    );
    expect(f).toHaveLength(1);
    expect(f[0]!.unsupported).toContain('DateGreaterThan');
    expect(evaluateCondition('nope', ctx({}))[0]!.unsupported).toBe('not an object');
  });

  it('evaluateOperator of an absent key under a positive operator is false', () => {
    expect(evaluateOperator(parseOperator('StringEquals')!, 'k', ['v'], ctx({}))).toBe(false);
  });
});
