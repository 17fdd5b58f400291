// The user's day against AWS (moto + a local GitHub OIDC endpoint): a deploy step's outputs
// (account id and expiry from the assumed role, no extra request), the summary's origins, a matrix
// of legs at once, an artifact upload with credentials kept to `run`.
import { jest } from '@jest/globals';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ACCOUNT_ID,
  requireTools,
  seedEnvironmentYaml,
  startAwsProxy,
  startMoto,
  startOidcServer,
  stepAwsEnv,
  type AwsProxy,
  type Moto,
  type OidcServer,
} from '../../scripts/stack/index.mjs';
import { Job, commandsOf, expectExit, issuedCredentials } from './action-support.js';
import { expectMasked } from './runner-log.js';

jest.setTimeout(90_000);

const tools = requireTools(['moto_server', 'aws']);
const withTools = tools.ok ? describe : describe.skip;

const DB_SECRET = JSON.stringify({ username: 'app-user', password: 'db-pass-0123456789' });

/** Every credential STS issued in the recorded AssumeRoleWithWebIdentity answers. */
function issuedSecrets(proxy: AwsProxy): string[] {
  return issuedCredentials(proxy.callsTo('AssumeRoleWithWebIdentity'));
}

/** A `run` script that prints every AWS credential it holds, as a careless script would. */
const PRINT_CREDENTIALS =
  'echo "creds $AWS_ACCESS_KEY_ID $AWS_SECRET_ACCESS_KEY $AWS_SESSION_TOKEN"';

withTools('action: AWS deploys', () => {
  let moto: Moto;
  let oidc: OidcServer;
  let proxy: AwsProxy;
  let job: Job;
  let bucket: string;

  beforeAll(async () => {
    [moto, oidc] = await Promise.all([startMoto(), startOidcServer()]);
    proxy = await startAwsProxy(moto.url);
    bucket = `esc-ui-${Date.now().toString(36)}`;
    const [role, role2] = await Promise.all([
      moto.createRole('gha-deploy'),
      moto.createRole('gha-staging'),
      moto.createBucket(bucket),
      moto.aws([
        'secretsmanager',
        'create-secret',
        '--name',
        'app/db',
        '--secret-string',
        DB_SECRET,
      ]),
    ]);
    const app = [
      'values:',
      '  aws:',
      '    login:',
      '      fn::open::aws-login:',
      '        oidc:',
      `          roleArn: ${role.arn}`,
      '    secrets:',
      '      fn::open::aws-secrets:',
      '        region: us-east-1',
      '        login: ${aws.login}',
      '        get:',
      '          db:',
      '            secretId: app/db',
      '  db:',
      '    fn::fromJSON: ${aws.secrets.db}',
      '  environmentVariables:',
      '    AWS_REGION: us-east-1',
      '    AWS_ACCESS_KEY_ID: ${aws.login.accessKeyId}',
      '    AWS_SECRET_ACCESS_KEY: ${aws.login.secretAccessKey}',
      '    AWS_SESSION_TOKEN: ${aws.login.sessionToken}',
      '    DB_PASSWORD: ${db.password}',
      '    DB_JSON: ${aws.secrets.db}',
      '    DB_B64:',
      '      fn::toBase64: ${db.password}',
      '',
    ].join('\n');
    job = new Job({
      '.esc/app.yaml': app,
      '.esc/dev.yaml': seedEnvironmentYaml(role.arn),
      '.esc/staging.yaml': seedEnvironmentYaml(role2.arn),
      // The account id kept secret, as mask-aws-account-id users do: written as a secret, or
      // inside a secret role ARN.
      '.esc/secret-account.yaml': [
        'values:',
        '  account:',
        `    fn::secret: "${ACCOUNT_ID}"`,
        '  aws:',
        '    login:',
        '      fn::open::aws-login:',
        '        oidc:',
        '          roleArn: arn:aws:iam::${account}:role/gha-deploy',
        '  environmentVariables:',
        '    AWS_ACCESS_KEY_ID: ${aws.login.accessKeyId}',
        '    AWS_SECRET_ACCESS_KEY: ${aws.login.secretAccessKey}',
        '    AWS_SESSION_TOKEN: ${aws.login.sessionToken}',
        '',
      ].join('\n'),
      '.esc/secret-arn.yaml': [
        'values:',
        '  aws:',
        '    login:',
        '      fn::open::aws-login:',
        '        oidc:',
        '          roleArn:',
        `            fn::secret: ${role.arn}`,
        '  environmentVariables:',
        '    AWS_ACCESS_KEY_ID: ${aws.login.accessKeyId}',
        '    AWS_SECRET_ACCESS_KEY: ${aws.login.secretAccessKey}',
        '    AWS_SESSION_TOKEN: ${aws.login.sessionToken}',
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

  const awsStepEnv = () => ({ ...oidc.env, ...stepAwsEnv(proxy.url) });

  it.each(['secret-account', 'secret-arn'])(
    'an account id the file keeps secret (%s) is masked, shown as *** in the summary, and no output',
    async (environment) => {
      const r = await job.step(
        {
          environment,
          run: 'echo "account $(aws sts get-caller-identity --query Account --output text)"',
        },
        { env: awsStepEnv() },
      );
      expectExit(r, 'zero');
      expect(r.stdout).toContain('account ');
      expect(r.githubOutput['aws-account-id']).toBeUndefined();
      expect(r.githubOutput['expiration']).toBeDefined();
      expect(r.masks).toContain(ACCOUNT_ID);
      expectMasked(r, [ACCOUNT_ID]);
      expect(r.summary).not.toContain(ACCOUNT_ID);
      expect(r.summary).toContain('account `***`');
      expect(commandsOf(r, 'notice').map((n) => n.value)).toContainEqual(
        expect.stringContaining('the aws-account-id output is not set'),
      );
    },
  );

  it('outputs the account id and the expiry without an extra request, and summarises origins', async () => {
    const before = Date.now();
    const r = await job.step(
      {
        environment: 'app',
        run: `${PRINT_CREDENTIALS}\necho "db $DB_PASSWORD $DB_JSON $DB_B64"`,
      },
      { env: awsStepEnv() },
    );
    expectExit(r, 'zero');
    expect(r.stdout).toContain('db ');
    expectMasked(r, [
      ...issuedSecrets(proxy),
      'db-pass-0123456789',
      DB_SECRET,
      Buffer.from('db-pass-0123456789').toString('base64'),
      ...oidc.tokens,
    ]);
    expect(proxy.calls.map((c) => c.action).sort()).toEqual([
      'AssumeRoleWithWebIdentity',
      'GetSecretValue',
    ]);
    expect(r.githubOutput['aws-account-id']).toBe(ACCOUNT_ID);
    const exp = r.githubOutput['expiration'] ?? '';
    expect(exp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Date.parse(exp)).toBeGreaterThan(before);
    // The account id is not a secret: masking it would break every ARN printed later.
    expect(r.masks).not.toContain(ACCOUNT_ID);
    expect(r.masks).toContain('db-pass-0123456789');
    expect(r.githubEnv['DB_PASSWORD']).toBe('db-pass-0123456789');

    expect(commandsOf(r, 'group').map((g) => g.value)).toEqual([
      'Load .esc/app.yaml',
      'Open providers',
      'Export',
      'Run',
    ]);
    const s = r.summary;
    expect(s).toContain('| `AWS_REGION` | literal | exported |');
    expect(s).toContain('| `AWS_ACCESS_KEY_ID` | provider (aws-login), secret | exported |');
    expect(s).toContain('| `DB_PASSWORD` | provider (aws-secrets), secret | exported |');
    expect(s).toContain(`account \`${ACCOUNT_ID}\``);
    expect(s).toContain(`expires ${exp}`);
    for (const secret of ['db-pass-0123456789', r.githubEnv['AWS_SECRET_ACCESS_KEY'] ?? 'x']) {
      expect(s).not.toContain(secret);
      expect(JSON.stringify(r.githubOutput)).not.toContain(secret);
    }
  });

  it('runs matrix legs at once, each with its own role and files', async () => {
    const legs = await Promise.all(
      ['dev', 'staging'].map((env) =>
        job.step(
          {
            environment: env,
            'export-variables': 'false',
            run: `aws sts get-caller-identity --region us-east-1 --query Arn --output text\n${PRINT_CREDENTIALS}`,
          },
          { env: awsStepEnv() },
        ),
      ),
    );
    for (const r of legs) expectExit(r, 'zero');
    expect(legs[0]?.stdout).toContain('assumed-role/gha-deploy/');
    expect(legs[1]?.stdout).toContain('assumed-role/gha-staging/');
    expect(legs.map((r) => r.githubEnv)).toEqual([{}, {}]);
    expect(oidc.requests).toHaveLength(2);
    for (const r of legs) expectMasked(r, [...issuedSecrets(proxy), ...oidc.tokens]);
  });

  it('uploads a build folder to S3 under the commit SHA with credentials kept to run', async () => {
    const dist = join(job.workspace, 'dist');
    mkdirSync(join(dist, 'assets'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), '<h1>hi</h1>');
    writeFileSync(join(dist, 'assets', 'app.js'), 'console.log(1)');
    const sha = 'ffac537e6cbbf934b08745a378932722df287a53';
    const r = await job.step(
      {
        environment: 'dev',
        'export-variables': 'false',
        run: `aws s3 cp dist/ "s3://${bucket}/$GITHUB_SHA/" --recursive\n${PRINT_CREDENTIALS}`,
      },
      { env: awsStepEnv() },
    );
    expectExit(r, 'zero');
    expectMasked(r, [...issuedSecrets(proxy), ...oidc.tokens]);
    expect(r.env['GITHUB_SHA']).toBe(sha);
    expect(r.githubEnv).toEqual({});
    const listed = await moto.aws(['s3api', 'list-objects-v2', '--bucket', bucket]);
    const keys = (listed.Contents as { Key: string }[]).map((o) => o.Key).sort();
    expect(keys).toEqual([`${sha}/assets/app.js`, `${sha}/index.html`]);
    rmSync(dist, { recursive: true, force: true });
  });
});
