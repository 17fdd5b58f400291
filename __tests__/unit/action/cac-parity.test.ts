// What configure-aws-credentials users rely on, as pure functions: the aws-region input as
// AWS_REGION/AWS_DEFAULT_REGION, stale credentials cleared, the allowed-account-ids guard, and
// how the export plan, the summary and the inputs carry them.
import type { OpenRecord } from '../../../src/eval/api.js';
import { checkAllowedAccounts } from '../../../src/action/account-guard.js';
import {
  InputError,
  envInputReader,
  parseAccountIds,
  parseRegion,
  readInputs,
} from '../../../src/action/inputs.js';
import { planExports, summaryModel } from '../../../src/action/publish.js';
import {
  inheritedProfileWarning,
  staleCredentialVariables,
  withRegionVariables,
  withoutVariables,
} from '../../../src/host/aws-env.js';
import type { EnvironmentExports, ExportEntry } from '../../../src/host/exports.js';
import { classify } from '../../../src/host/origin.js';
import { renderSummary } from '../../../src/host/summary.js';

const entry = (name: string, value = 'v', secret = false): ExportEntry => ({
  name,
  value,
  secret,
  unknown: false,
});
const exportsOf = (names: string[], files: string[] = []): EnvironmentExports => ({
  variables: names.map((n) => entry(n, `value-of-${n}`, n.startsWith('AWS_S'))),
  files: files.map((n) => entry(n, 'bytes')),
});
const all = { exportVariables: true, keys: undefined };
/** A step that inherits every credential variable from an earlier step. */
const STALE = {
  AWS_ACCESS_KEY_ID: 'ASIAOLD',
  AWS_SECRET_ACCESS_KEY: 'old-secret',
  AWS_SESSION_TOKEN: 'old-token',
  AWS_SECURITY_TOKEN: 'old-legacy-token',
};

describe('aws-region input as variables', () => {
  it('adds AWS_REGION and AWS_DEFAULT_REGION, marked as from the input, in name order', () => {
    const ex = withRegionVariables(exportsOf(['APP', 'AWS_ACCESS_KEY_ID', 'ZED']), 'eu-west-3');
    expect(ex.variables.map((v) => [v.name, v.value, v.input])).toEqual([
      ['APP', 'value-of-APP', undefined],
      ['AWS_ACCESS_KEY_ID', 'value-of-AWS_ACCESS_KEY_ID', undefined],
      ['AWS_DEFAULT_REGION', 'eu-west-3', 'aws-region'],
      ['AWS_REGION', 'eu-west-3', 'aws-region'],
      ['ZED', 'value-of-ZED', undefined],
    ]);
    expect(ex.variables.every((v) => !v.secret)).toBe(true);
  });

  it.each([['AWS_REGION'], ['AWS_DEFAULT_REGION'], ['aws_region'], ['Aws_Default_Region']])(
    'adds neither when the environment defines %s',
    (name) => {
      const ex = exportsOf(['APP', name]);
      expect(withRegionVariables(ex, 'eu-west-3')).toBe(ex);
    },
  );

  it('adds nothing without the input, and counts files as defined names', () => {
    const ex = exportsOf(['APP']);
    expect(withRegionVariables(ex, '')).toBe(ex);
    const withFile = exportsOf([], ['AWS_REGION']);
    expect(withRegionVariables(withFile, 'eu-west-3')).toBe(withFile);
  });

  it('exports them like any variable: subject to keys and export-variables', () => {
    const ex = withRegionVariables(exportsOf(['APP']), 'us-west-2');
    const none = new Map<string, string>();
    expect(planExports(ex, none, all).exported).toEqual([
      'APP',
      'AWS_DEFAULT_REGION',
      'AWS_REGION',
    ]);
    const keys = planExports(ex, none, { exportVariables: true, keys: ['AWS_REGION'] });
    expect(keys.exported).toEqual(['AWS_REGION']);
    expect(keys.missingKeys).toEqual([]);
    expect(keys.runEnv['AWS_DEFAULT_REGION']).toBe('us-west-2');
    expect(planExports(ex, none, { exportVariables: false, keys: undefined }).exported).toEqual([]);
  });

  it('shows the input as their origin in the summary', () => {
    const ex = withRegionVariables(exportsOf(['APP']), 'us-west-2');
    const region = ex.variables.find((v) => v.name === 'AWS_REGION')!;
    expect(classify(region, undefined)).toEqual({ origin: 'input', providers: [] });
    const md = renderSummary(
      summaryModel({
        result: { value: undefined, diagnostics: [], environments: [], opens: [] },
        rootName: 'prod',
        displayPath: '.esc/prod.yaml',
        mode: 'open',
        exports: ex,
        exported: ['AWS_REGION'],
        outputs: undefined,
        facts: undefined,
      }),
    );
    expect(md).toContain('| `AWS_REGION` | input `aws-region` | exported |');
    expect(md).toContain('| `AWS_DEFAULT_REGION` | input `aws-region` | run only |');
  });
});

describe('stale credentials', () => {
  it('clears the credential variables the environment does not define', () => {
    expect(staleCredentialVariables(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'], STALE)).toEqual(
      ['AWS_SESSION_TOKEN', 'AWS_SECURITY_TOKEN'],
    );
    expect(
      staleCredentialVariables(
        ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'],
        STALE,
      ),
    ).toEqual(['AWS_SECURITY_TOKEN']);
    expect(staleCredentialVariables(['AWS_SESSION_TOKEN'], STALE)).toEqual([
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
      'AWS_SECURITY_TOKEN',
    ]);
    expect(staleCredentialVariables(['aws_access_key_id', 'AWS_SECRET_ACCESS_KEY'], STALE)).toEqual(
      ['AWS_SESSION_TOKEN', 'AWS_SECURITY_TOKEN'],
    );
  });

  it('clears only what the step inherited (set and not empty)', () => {
    const names = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'];
    expect(staleCredentialVariables(names, {})).toEqual([]);
    expect(staleCredentialVariables(names, { AWS_SESSION_TOKEN: 'old' })).toEqual([
      'AWS_SESSION_TOKEN',
    ]);
    expect(
      staleCredentialVariables(names, { AWS_SESSION_TOKEN: '', AWS_SECURITY_TOKEN: 'old' }),
    ).toEqual(['AWS_SECURITY_TOKEN']);
    const ex = exportsOf(names);
    expect(planExports(ex, new Map(), all, {}).cleared).toEqual({ run: [], later: [] });
  });

  it('clears nothing when the environment sets no AWS credentials', () => {
    expect(staleCredentialVariables(['AWS_REGION', 'AWS_SECURITY_TOKEN', 'APP'], STALE)).toEqual(
      [],
    );
    expect(staleCredentialVariables([], STALE)).toEqual([]);
  });

  it('clears for later steps only when this step exports credentials to them', () => {
    const ex = exportsOf(['AWS_ACCESS_KEY_ID', 'AWS_REGION', 'AWS_SECRET_ACCESS_KEY']);
    const none = new Map<string, string>();
    const stale = ['AWS_SESSION_TOKEN', 'AWS_SECURITY_TOKEN'];
    expect(planExports(ex, none, all, STALE).cleared).toEqual({ run: stale, later: stale });
    expect(
      planExports(ex, none, { exportVariables: true, keys: ['AWS_SECRET_ACCESS_KEY'] }, STALE)
        .cleared,
    ).toEqual({ run: stale, later: stale });
    // keys keeps the credentials to run: later steps keep what they had (an earlier step's
    // complete set), so nothing of it is cleared.
    expect(
      planExports(ex, none, { exportVariables: true, keys: ['AWS_REGION'] }, STALE).cleared,
    ).toEqual({
      run: stale,
      later: [],
    });
    expect(
      planExports(ex, none, { exportVariables: false, keys: undefined }, STALE).cleared,
    ).toEqual({
      run: stale,
      later: [],
    });
  });

  it('removes them from a child environment and keeps everything else', () => {
    const env = { AWS_SESSION_TOKEN: 'old', PATH: '/bin', AWS_ACCESS_KEY_ID: 'new' };
    const out = withoutVariables(env, ['AWS_SESSION_TOKEN', 'AWS_SECURITY_TOKEN']);
    expect(out).toEqual({ PATH: '/bin', AWS_ACCESS_KEY_ID: 'new' });
    expect('AWS_SESSION_TOKEN' in out).toBe(false);
    expect(env.AWS_SESSION_TOKEN).toBe('old');
  });

  it('lists the cleared variables in the summary, with their scope', () => {
    const md = renderSummary({
      environment: '.esc/a.yaml',
      mode: 'open',
      imports: [],
      variables: [],
      files: [],
      credentials: [],
      errors: 0,
      warnings: 0,
      cleared: [
        { name: 'AWS_SESSION_TOKEN', later: true },
        { name: 'AWS_SECURITY_TOKEN', later: false },
      ],
    });
    expect(md).toContain(
      'Cleared for `run` and later steps (stale credentials): `AWS_SESSION_TOKEN`',
    );
    expect(md).toContain('Cleared for `run` (stale credentials): `AWS_SECURITY_TOKEN`');
  });

  it('warns about an inherited AWS_PROFILE beside the environment keys, without its value', () => {
    const names = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'];
    const w = inheritedProfileWarning(names, { AWS_PROFILE: 'old-profile-name' });
    expect(w).toMatch(/AWS_PROFILE is set .*JavaScript v3 uses that profile/);
    expect(w).not.toContain('old-profile-name');
    expect(inheritedProfileWarning(names, { AWS_PROFILE: '' })).toBeUndefined();
    expect(inheritedProfileWarning(names, {})).toBeUndefined();
    expect(
      inheritedProfileWarning([...names, 'AWS_PROFILE'], { AWS_PROFILE: 'x' }),
    ).toBeUndefined();
    expect(inheritedProfileWarning(['AWS_REGION'], { AWS_PROFILE: 'x' })).toBeUndefined();
  });
});

describe('allowed-account-ids', () => {
  const range = (line: number) => ({
    file: 'prod',
    start: { line, column: 7, byte: 0 },
    end: { line, column: 20, byte: 0 },
  });
  const role = (account: string, line: number, environment = 'prod'): OpenRecord => ({
    provider: 'aws-login',
    environment,
    range: range(line),
    meta: {
      roleArn: `arn:aws:iam::${account}:role/deploy`,
      assumedRoleArn: `arn:aws:sts::${account}:assumed-role/deploy/s`,
      accountId: account,
    },
  });
  const secrets: OpenRecord = { provider: 'aws-secrets', environment: 'prod', range: range(9) };
  const options = { rootName: 'prod', reportNoAccount: true };

  it('passes when every assumed role is in a listed account', () => {
    const opens = [role('111111111111', 3), secrets, role('222222222222', 12, 'base')];
    expect(checkAllowedAccounts(opens, ['222222222222', '111111111111'], options)).toEqual([]);
  });

  it('fails at each fn::open whose account is not listed, naming role, account and list', () => {
    const opens = [role('111111111111', 3), role('333333333333', 5, 'base'), secrets];
    const d = checkAllowedAccounts(opens, ['111111111111', '222222222222'], options);
    expect(d).toEqual([
      {
        severity: 'error',
        file: 'base',
        path: '',
        range: range(5),
        summary:
          'aws-login assumed role arn:aws:iam::333333333333:role/deploy in account 333333333333, which allowed-account-ids does not list (allowed: 111111111111, 222222222222)',
      },
    ]);
  });

  it('fails when a role was assumed but its account is unknown', () => {
    const o: OpenRecord = {
      provider: 'aws-assume-role',
      environment: 'prod',
      meta: { roleArn: 'arn:aws:iam::111111111111:role/x' },
    };
    const d = checkAllowedAccounts([o], ['111111111111'], options);
    expect(d).toHaveLength(1);
    expect(d[0]!.summary).toMatch(
      /aws-assume-role assumed role arn:aws:iam::111111111111:role\/x, but its account is unknown/,
    );
  });

  it('fails when no open reports an account (static keys only), unless the step failed already', () => {
    const staticLogin: OpenRecord = { provider: 'aws-login', environment: 'prod' };
    const d = checkAllowedAccounts([staticLogin, secrets], ['111111111111'], options);
    expect(d.map((x) => [x.file, x.range, x.summary])).toEqual([
      [
        'prod',
        undefined,
        expect.stringMatching(
          /^allowed-account-ids is set \(111111111111\), but no role .* static keys are not checked/,
        ),
      ],
    ]);
    expect(checkAllowedAccounts([], ['111111111111'], options)).toHaveLength(1);
    expect(
      checkAllowedAccounts([staticLogin], ['111111111111'], { ...options, reportNoAccount: false }),
    ).toEqual([]);
  });
});

describe('inputs', () => {
  const read = (env: Record<string, string>) =>
    readInputs(envInputReader({ INPUT_ENVIRONMENT: 'prod', ...env }));

  it('reads allowed-account-ids separated by commas, spaces or new lines', () => {
    expect(read({}).allowedAccountIds).toBeUndefined();
    expect(
      read({ 'INPUT_ALLOWED-ACCOUNT-IDS': '111111111111, 222222222222\n333333333333 111111111111' })
        .allowedAccountIds,
    ).toEqual(['111111111111', '222222222222', '333333333333']);
  });

  it.each([
    ['12345678901', '12345678901'],
    ['1234567890123', '1234567890123'],
    ['111111111111, 12345678901a', '12345678901a'],
    ['arn:aws:iam::111111111111:root', 'arn:aws:iam::111111111111:root'],
    ['１２３４５６７８９０１２', '１２３４５６７８９０１２'],
  ])('refuses %j, naming the bad entry', (raw, bad) => {
    expect(() => parseAccountIds(raw)).toThrow(
      new InputError(
        `input "allowed-account-ids" lists "${bad}", which is not an AWS account id (12 digits, such as 123456789012)`,
      ),
    );
  });

  it('refuses separators only: the guard was asked for but lists nothing', () => {
    expect(() => parseAccountIds(', ,')).toThrow(/lists no account id/);
  });

  it.each([
    'us-east-1',
    'eu-central-2',
    'us-gov-west-1',
    'cn-northwest-1',
    'us-isob-east-1',
    'eu-isoe-west-1',
    'ap-southeast-5',
  ])('accepts the region %s', (r) => {
    expect(parseRegion(r)).toBe(r);
    expect(read({ 'INPUT_AWS-REGION': r }).awsRegion).toBe(r);
  });

  it.each([
    'US-EAST-1',
    'us-east',
    'useast1',
    'us-east-1 ',
    'us east 1',
    'us-east-1\nAWS_X=1',
    'eu-west-123',
  ])('refuses the region %j with an input error', (r) => {
    expect(() => parseRegion(r)).toThrow(/^input "aws-region" must be an AWS region name/);
  });
});
