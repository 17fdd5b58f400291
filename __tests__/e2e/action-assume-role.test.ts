// Role chaining as a matrix job runs it (moto + a local GitHub OIDC endpoint + the aws CLI through
// dist/): one OIDC login into a hub role, then a role per leg assumed with the hub's keys
// (aws-assume-role). Identical assumes run once and different ones at once; a refusal names the
// role and the principal; the hub's keys are masked though never exported; check mode (the
// action's check-only and the CLI) reports bad assume inputs at file, line and column.
import { jest } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import {
  ACTION_NODE,
  ACCOUNT_ID,
  requireTools,
  resolveEntry,
  startAwsProxy,
  startMoto,
  startOidcServer,
  stepAwsEnv,
  stsErrors,
  type AwsCall,
  type AwsProxy,
  type Moto,
  type OidcServer,
} from '../../scripts/stack/index.mjs';
import { Job, commandsOf, expectExit, issuedCredentials as issued } from './action-support.js';
import { expectMasked } from './runner-log.js';

jest.setTimeout(120_000);

const tools = requireTools(['moto_server', 'aws']);
const withTools = tools.ok ? describe : describe.skip;
const cli = resolveEntry('dist/cli/index.js');

const DEV = 'arn:aws:iam::222222222222:role/deploy-dev';
const STATIC_KEY = 'AKIAIOSFODNN7EXAMPLE';
const STATIC_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const PROD = 'arn:aws:iam::333333333333:role/deploy-prod';

/** The access key id a recorded call was signed with. */
function signedWith(call: AwsCall): string | undefined {
  const auth = call.headers['authorization'];
  return /Credential=([A-Z0-9]+)\//.exec(typeof auth === 'string' ? auth : '')?.[1];
}

/** The issued access key ids of `action`'s answers. */
function keyIds(proxy: AwsProxy, action: string): string[] {
  return proxy
    .callsTo(action)
    .map((c) => /<AccessKeyId>([^<]+)</.exec(c.responseBody ?? '')?.[1] ?? '');
}

const leg = (name: string, role: string, extra: string[] = []) =>
  [
    '# yaml-language-server: $schema=../schema/environment.schema.json',
    'imports: [hub]',
    'values:',
    '  aws:',
    '    login:',
    '      fn::open::aws-assume-role:',
    '        login: ${aws.hub}',
    `        roleArn: ${role}`,
    `        sessionName: leg-${name}`,
    ...extra,
    '  environmentVariables:',
    '    AWS_REGION: us-east-1',
    '    AWS_ACCESS_KEY_ID: ${aws.login.accessKeyId}',
    '    AWS_SECRET_ACCESS_KEY: ${aws.login.secretAccessKey}',
    '    AWS_SESSION_TOKEN: ${aws.login.sessionToken}',
    '',
  ].join('\n');

const PRINT =
  'aws sts get-caller-identity --region us-east-1 --query Arn --output text\n' +
  'echo "creds $AWS_ACCESS_KEY_ID $AWS_SECRET_ACCESS_KEY $AWS_SESSION_TOKEN"';

withTools('action: role chaining with aws-assume-role', () => {
  let moto: Moto;
  let oidc: OidcServer;
  let proxy: AwsProxy;
  let job: Job;

  beforeAll(async () => {
    [moto, oidc] = await Promise.all([startMoto(), startOidcServer()]);
    proxy = await startAwsProxy(moto.url);
    const hub = await moto.createRole('hub');
    const assume = (key: string, role: string, session: string) => [
      `  ${key}:`,
      '    fn::open::aws-assume-role:',
      '      login: ${aws.hub}',
      `      roleArn: ${role}`,
      `      sessionName: ${session}`,
    ];
    job = new Job({
      '.esc/hub.yaml': [
        'values:',
        '  aws:',
        '    hub:',
        '      fn::open::aws-login:',
        '        oidc:',
        `          roleArn: ${hub.arn}`,
        '          sessionName: hub-session',
        '',
      ].join('\n'),
      '.esc/dev.yaml': leg('dev', DEV),
      '.esc/prod.yaml': leg('prod', PROD),
      // Three assumes, two of them identical (from two imported files): two AssumeRole calls.
      '.esc/same-a.yaml': ['imports: [hub]', 'values:', ...assume('a', DEV, 'shared')].join('\n'),
      '.esc/same-b.yaml': ['imports: [hub]', 'values:', ...assume('b', DEV, 'shared')].join('\n'),
      '.esc/fanout.yaml': [
        'imports: [same-a, same-b]',
        'values:',
        ...assume('c', PROD, 'other'),
        '  environmentVariables:',
        '    ROLES: ok',
      ].join('\n'),
      // Static keys, the secret one written in the file, used only as the login of an assume.
      '.esc/keys.yaml': [
        'values:',
        '  deploy:',
        '    fn::open::aws-assume-role:',
        '      login:',
        `        accessKeyId: ${STATIC_KEY}`,
        '        secretAccessKey:',
        `          fn::secret: ${STATIC_SECRET}`,
        `      roleArn: ${DEV}`,
        '      sessionName: from-keys',
        '  environmentVariables:',
        '    AWS_ACCESS_KEY_ID: ${deploy.accessKeyId}',
        '',
      ].join('\n'),
      '.esc/bad.yaml': [
        'imports: [hub]',
        'values:',
        '  x:',
        '    fn::open::aws-assume-role:',
        '      login: ${aws.hub}',
        '      roleArn: arn:aws:iam::2222:role/deploy',
        '  y:',
        '    fn::open::aws-assume-role:',
        '      login: {accessKeyId: a, secretAccessKey: b, sessionToken: c}',
        `      roleArn: ${DEV}`,
        '      duration: 2h',
        '      tags: {Project: shop}',
        '      transitiveTagKeys: [Projet]',
        '  z:',
        '    fn::open::aws-assume-role:',
        '      login: ${aws.hub}',
        `      roleArn: ${DEV}`,
        '      sesionName: leg',
        '',
      ].join('\n'),
    });
  });

  afterAll(async () => {
    job?.cleanup();
    await Promise.all([proxy?.stop(), oidc?.stop(), moto?.stop()]);
  });

  beforeEach(() => {
    proxy.reset();
    oidc.reset();
  });

  const env = () => ({ ...oidc.env, ...stepAwsEnv(proxy.url) });

  it('gives each matrix leg its chained role, signed with the hub login', async () => {
    const legs = await Promise.all(
      ['dev', 'prod'].map((environment) => job.step({ environment, run: PRINT }, { env: env() })),
    );
    for (const r of legs) expectExit(r, 'zero');
    const [dev, prod] = legs as [(typeof legs)[0], (typeof legs)[0]];
    // get-caller-identity in `run` shows the chained role and its session name.
    expect(dev.stdout).toContain('arn:aws:sts::222222222222:assumed-role/deploy-dev/leg-dev');
    expect(prod.stdout).toContain('arn:aws:sts::333333333333:assumed-role/deploy-prod/leg-prod');
    // Each AssumeRole was signed with a key the hub's AssumeRoleWithWebIdentity issued.
    const hubKeys = keyIds(proxy, 'AssumeRoleWithWebIdentity');
    const assumes = proxy.callsTo('AssumeRole');
    expect(assumes.map((c) => c.params['RoleArn']).sort()).toEqual([DEV, PROD]);
    expect(assumes.map((c) => c.params['DurationSeconds'])).toEqual(['3600', '3600']);
    for (const c of assumes) expect(hubKeys).toContain(signedWith(c));
    // The legs export the chained keys, not the hub's; outputs are the chained role's account.
    const chainedKeys = keyIds(proxy, 'AssumeRole');
    expect(chainedKeys).toContain(dev.githubEnv['AWS_ACCESS_KEY_ID']);
    expect(hubKeys).not.toContain(dev.githubEnv['AWS_ACCESS_KEY_ID']);
    expect(dev.githubOutput['aws-account-id']).toBe('222222222222');
    expect(prod.githubOutput['aws-account-id']).toBe('333333333333');
    expect(dev.githubOutput['expiration']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(dev.summary).toContain('aws-assume-role');
    expect(dev.summary).toContain('`222222222222`');
    expect(dev.summary).toContain(`\`${ACCOUNT_ID}\``);
    // Every key issued, hub and chained, is masked before it could show, though the hub's
    // keys are only ever the provider's input.
    const secrets = [
      ...issued(proxy.callsTo('AssumeRoleWithWebIdentity')),
      ...issued(proxy.callsTo('AssumeRole')),
      ...oidc.tokens,
    ];
    for (const r of legs) expectMasked(r, secrets);
    const hubSecrets = issued(proxy.callsTo('AssumeRoleWithWebIdentity')).filter(
      (s) => !/^ASIA/.test(s),
    );
    for (const s of hubSecrets) expect([...dev.masks, ...prod.masks]).toContain(s);
  });

  it('assumes identical roles once and different ones concurrently', async () => {
    proxy.inject({ action: 'AssumeRole', kind: 'latency', latencyMs: 400 });
    const r = await job.step({ environment: 'fanout' }, { env: env() });
    expectExit(r, 'zero');
    const calls = proxy.callsTo('AssumeRole');
    expect(
      calls.map((c) => `${c.params['RoleArn']} ${c.params['RoleSessionName']}`).sort(),
    ).toEqual([`${DEV} shared`, `${PROD} other`]);
    expect(proxy.callsTo('AssumeRoleWithWebIdentity')).toHaveLength(1);
    // The second started before the first was answered (each waited 400 ms at the proxy).
    const [first, second] = [...calls].sort((a, b) => a.time - b.time) as [AwsCall, AwsCall];
    expect(second.time).toBeLessThan(first.time + (first.durationMs ?? 0));
  });

  it('names the role and the hub session it refused, exporting nothing', async () => {
    proxy.inject({ ...stsErrors.accessDenied(), action: 'AssumeRole' });
    const r = await job.step({ environment: 'dev', run: 'touch ran-marker' }, { env: env() });
    expectExit(r, 'non-zero');
    const errors = commandsOf(r, 'error').filter((e) => e.value.startsWith('could not assume'));
    expect(errors).toHaveLength(1);
    expect(errors[0]?.properties).toMatchObject({ file: '.esc/dev.yaml', line: '6' });
    expect(errors[0]?.value).toContain(
      `could not assume role ${DEV} as arn:aws:sts::${ACCOUNT_ID}:assumed-role/hub/hub-session: AccessDenied`,
    );
    expect(errors[0]?.value).toContain(`arn:aws:iam::${ACCOUNT_ID}:role/hub`);
    // AccessDenied is final: one attempt.
    expect(proxy.callsTo('AssumeRole')).toHaveLength(1);
    expect(r.githubEnv).toEqual({});
    expect(r.githubOutput).toEqual({});
    expectMasked(r, [...issued(proxy.callsTo('AssumeRoleWithWebIdentity')), ...oidc.tokens]);
  });

  it("masks a login's secret keys before the assume, even echoed in a refusal", async () => {
    // An STS that quotes the secret back: the refusal must not show it, and the log must have
    // masked it before the request was made.
    proxy.inject({
      kind: 'error',
      status: 403,
      type: 'Sender',
      code: 'AccessDenied',
      message: `not for you, holder of ${STATIC_SECRET}`,
      action: 'AssumeRole',
    });
    const r = await job.step(
      { environment: 'keys' },
      { env: { ...env(), ACTIONS_STEP_DEBUG: 'true' } },
    );
    expectExit(r, 'non-zero');
    const lines = r.stdout.split('\n');
    const masked = lines.indexOf(`::add-mask::${STATIC_SECRET}`);
    const request = lines.findIndex((l) => l.startsWith('::debug::STS AssumeRole:'));
    expect(masked).toBeGreaterThanOrEqual(0);
    expect(request).toBeGreaterThan(masked);
    expectMasked(r, [STATIC_SECRET]);
    const call = proxy.callsTo('AssumeRole')[0];
    expect(call && signedWith(call)).toBe(STATIC_KEY);
    const refusal = commandsOf(r, 'error').find((e) => e.value.startsWith('could not assume'));
    expect(refusal?.value).toContain(
      `could not assume role ${DEV} as access key AKIA…MPLE: AccessDenied: not for you, holder of ***`,
    );
    expect(r.githubEnv).toEqual({});
  });

  const BAD = [
    ['6', '16', /roleArn "arn:aws:iam::2222:role\/deploy" is not an IAM role ARN/],
    ['11', '17', /duration "2h" \(2h\) is too long for a chained session: .* at 1h/],
    ['13', '27', /transitiveTagKeys\[0\] "Projet" is not a key of tags; did you mean "Project"\?/],
    ['18', '7', /unexpected property sesionName; did you mean sessionName\?/],
  ] as const;

  it('check-only reports bad assume inputs at file, line and column, opening nothing', async () => {
    const r = await job.step({ environment: 'bad', 'check-only': 'true' }, { env: env() });
    expectExit(r, 'non-zero');
    const errors = commandsOf(r, 'error').filter((e) => e.properties['file']);
    expect(
      errors.map((e) => [e.properties['line'], e.properties['col'], e.value] as const),
    ).toEqual(BAD.map(([line, col, m]) => [line, col, expect.stringMatching(m)]));
    for (const e of errors) expect(e.properties['file']).toBe('.esc/bad.yaml');
    expect(proxy.calls).toEqual([]);
    expect(oidc.requests).toHaveLength(0);
  });

  it('the CLI check reports them the same way', () => {
    const r = spawnSync(ACTION_NODE, [cli, 'check', 'bad'], {
      cwd: job.workspace,
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('.esc/bad.yaml:'));
    expect(lines).toEqual(
      BAD.map(([line, col, m]) =>
        expect.stringMatching(new RegExp(`^\\.esc/bad\\.yaml:${line}:${col}: error: ${m.source}`)),
      ),
    );
  });
});
