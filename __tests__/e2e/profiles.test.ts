// Several accounts at once: the named-profiles environment of docs/language.md
// (.esc/two-accounts.yaml, role ARNs pointed at moto's account) run through dist/index.js with the
// real aws CLI. `run` copies an object from a bucket read with one profile to a bucket written with
// the other; a later step picks a profile with AWS_PROFILE, in the aws CLI and in the JavaScript
// SDK; and the precedence caveat the page states (key variables beat AWS_PROFILE in the aws CLI,
// not `--profile`) holds. The chained variant (.esc/hub-accounts.yaml) needs the aws-assume-role
// provider.
import { jest } from '@jest/globals';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ACTION_NODE,
  ACCOUNT_ID,
  REPO_ROOT,
  aws,
  awsEnv,
  requireTools,
  startAwsProxy,
  startMoto,
  startOidcServer,
  stepAwsEnv,
  type AwsProxy,
  type Moto,
  type OidcServer,
  type RunResult,
} from '../../scripts/stack/index.mjs';
import { Job, expectExit, issuedCredentials } from './action-support.js';
import { expectMasked } from './runner-log.js';

jest.setTimeout(120_000);

const tools = requireTools(['moto_server', 'aws']);
const withTools = tools.ok ? describe : describe.skip;

/** The example as docs/language.md shows it, with its accounts replaced by moto's one account. */
const EXAMPLE = readFileSync(join(REPO_ROOT, '.esc', 'two-accounts.yaml'), 'utf8');
const environment = EXAMPLE.replace(
  /arn:aws:iam::\d{12}:role\//g,
  `arn:aws:iam::${ACCOUNT_ID}:role/`,
);

/** The role names the example uses, in file order (source, then target). */
const ROLES = [...EXAMPLE.matchAll(/roleArn: arn:aws:iam::\d{12}:role\/([\w+=,.@-]+)/g)].map(
  (m) => m[1] ?? '',
);

withTools('several accounts at once, as named profiles', () => {
  let moto: Moto;
  let oidc: OidcServer;
  let proxy: AwsProxy;
  let job: Job;
  let step: RunResult;
  const src = `esc-src-${Date.now().toString(36)}`;
  const dst = `esc-dst-${Date.now().toString(36)}`;
  const CONTENT = `report ${Date.now()}\nline two\n`;

  /**
   * A later step of the job: the job's environment (no keys, no region, isolated from this
   * machine's AWS files) plus what the action exported, plus `extra`.
   */
  const laterStepEnv = (extra: Record<string, string | undefined> = {}) =>
    awsEnv(proxy.url, {
      AWS_ACCESS_KEY_ID: undefined,
      AWS_SECRET_ACCESS_KEY: undefined,
      AWS_REGION: undefined,
      AWS_DEFAULT_REGION: undefined,
      ...step.githubEnv,
      ...extra,
    });

  beforeAll(async () => {
    expect(ROLES).toEqual(['gha-read-artifacts', 'gha-publish']);
    [moto, oidc] = await Promise.all([startMoto(), startOidcServer()]);
    proxy = await startAwsProxy(moto.url);
    await Promise.all([
      ...ROLES.map((r) => moto.createRole(r)),
      moto.createBucket(src),
      moto.aws(
        [
          's3api',
          'create-bucket',
          '--bucket',
          dst,
          '--create-bucket-configuration',
          'LocationConstraint=eu-west-1',
        ],
        { AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'eu-west-1' },
      ),
    ]);
    // The object to copy, written through stdin of `aws s3 cp -` (content with a line break).
    await new Promise<void>((resolve, reject) => {
      const p = execFile(
        'aws',
        ['s3', 'cp', '-', `s3://${src}/report.txt`],
        { env: moto.env },
        (e) => (e ? reject(e) : resolve()),
      );
      p.stdin?.end(CONTENT);
    });
    job = new Job({ '.esc/two-accounts.yaml': environment });
    step = await job.step(
      {
        environment: 'two-accounts',
        run: [
          'aws --profile source sts get-caller-identity --query Arn --output text',
          'aws --profile target sts get-caller-identity --query Arn --output text',
          'echo "target region: $(aws --profile target configure get region)"',
          'aws --profile source s3 cp "s3://$SRC/report.txt" - | aws --profile target s3 cp - "s3://$DST/report.txt"',
          // A careless script that prints the credentials file: every key in it is masked.
          'cat "$AWS_SHARED_CREDENTIALS_FILE"',
          // No default credentials: a command without a profile cannot pick one by accident.
          'if aws sts get-caller-identity >/dev/null 2>&1; then echo "default: yes"; else echo "default: none"; fi',
        ].join('\n'),
      },
      { env: { ...oidc.env, ...stepAwsEnv(proxy.url), SRC: src, DST: dst } },
    );
  });

  afterAll(async () => {
    job?.cleanup();
    await Promise.all([proxy?.stop(), oidc?.stop(), moto?.stop()]);
  });

  it('runs each command as the role of its profile, with the profile region', () => {
    expectExit(step, 'zero');
    const arns = step.stdout.split('\n').filter((l) => l.startsWith('arn:aws:sts::'));
    expect(arns).toEqual([
      expect.stringContaining(`:assumed-role/${ROLES[0]}/`),
      expect.stringContaining(`:assumed-role/${ROLES[1]}/`),
    ]);
    expect(step.stdout).toContain('target region: eu-west-1');
    expect(step.stdout).toContain('default: none');
    // Two logins, one token request each, two sessions.
    expect(proxy.callsTo('AssumeRoleWithWebIdentity').map((c) => c.params.RoleArn)).toEqual(
      expect.arrayContaining(ROLES.map((r) => `arn:aws:iam::${ACCOUNT_ID}:role/${r}`)),
    );
  });

  it('copies the object read with one profile into the bucket written with the other', async () => {
    const out = await moto.aws(['s3', 'cp', `s3://${dst}/report.txt`, '-']);
    expect(out).toBe(CONTENT);
    // Each side of the pipe signed with its own role's key.
    const keyOf = (op: string, bucket: string) =>
      proxy.calls
        .filter((c) => c.action === op && c.path.includes(bucket))
        .map((c) => /Credential=([A-Z0-9]+)\//.exec(String(c.headers.authorization))?.[1]);
    const [reader] = keyOf('GetObject', src);
    const [writer] = keyOf('PutObject', dst);
    expect(reader).toBeDefined();
    expect(writer).toBeDefined();
    expect(reader).not.toBe(writer);
    expect(issuedCredentials(proxy.callsTo('AssumeRoleWithWebIdentity'))).toEqual(
      expect.arrayContaining([reader, writer]),
    );
  });

  it('masks every credential, also when the credentials file is printed', () => {
    const secrets = issuedCredentials(proxy.callsTo('AssumeRoleWithWebIdentity'));
    expect(secrets).toHaveLength(6);
    expectMasked(step, [...secrets, ...oidc.tokens]);
  });

  it('exports the two files and no key variable, so later steps pick a profile', () => {
    expect(Object.keys(step.githubEnv).sort()).toEqual([
      'AWS_CONFIG_FILE',
      'AWS_SHARED_CREDENTIALS_FILE',
    ]);
    const text = readFileSync(step.githubEnv.AWS_SHARED_CREDENTIALS_FILE ?? '', 'utf8');
    expect(text.match(/^\[\w+\]$/gm)).toEqual(['[source]', '[target]']);
  });

  it('a later step chooses its role with AWS_PROFILE (aws CLI and JavaScript SDK)', async () => {
    for (const [profile, role] of [
      ['source', ROLES[0]],
      ['target', ROLES[1]],
    ] as const) {
      const env = laterStepEnv({ AWS_PROFILE: profile });
      const cli = await aws(['sts', 'get-caller-identity'], env);
      expect(cli.Arn).toContain(`:assumed-role/${role}/`);
      const sdk = await nodeCallerArn(env);
      expect(sdk).toContain(`:assumed-role/${role}/`);
    }
    const region = await aws(
      ['configure', 'get', 'region'],
      laterStepEnv({ AWS_PROFILE: 'target' }),
    );
    expect(String(region).trim()).toBe('eu-west-1');
  });

  it('key variables beat AWS_PROFILE in the aws CLI, never --profile; the JavaScript SDK differs (the documented caveat)', async () => {
    // Keys from an earlier step (moto's root user), with the profiles environment's files.
    const withKeys = laterStepEnv({
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_PROFILE: 'target',
    });
    const byVariable = await aws(['sts', 'get-caller-identity'], withKeys);
    expect(byVariable.Arn).not.toContain('assumed-role');
    const byFlag = await aws(['--profile', 'target', 'sts', 'get-caller-identity'], withKeys);
    expect(byFlag.Arn).toContain(`:assumed-role/${ROLES[1]}/`);
    // The JavaScript SDK v3 decides the other way (the profile, with a warning): SDKs differ.
    expect(await nodeCallerArn(withKeys)).toContain(`:assumed-role/${ROLES[1]}/`);
  });
});

/** GetCallerIdentity through the JavaScript SDK v3's default credential chain, in a child node. */
function nodeCallerArn(env: Record<string, string>): Promise<string> {
  const script = [
    "import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';",
    "const c = new STSClient({ region: 'us-east-1' });",
    'const r = await c.send(new GetCallerIdentityCommand({}));',
    'process.stdout.write(r.Arn);',
  ].join('\n');
  return new Promise((resolve, reject) => {
    execFile(
      ACTION_NODE,
      ['--input-type=module', '-e', script],
      { env, cwd: REPO_ROOT },
      (e, stdout, stderr) => (e ? reject(new Error(`${e.message}\n${stderr}`)) : resolve(stdout)),
    );
  });
}

// The chained variant (.esc/hub-accounts.yaml): one OIDC login into a hub role, then a role per
// profile assumed with the hub's keys through fn::open::aws-assume-role.
const HUB = readFileSync(join(REPO_ROOT, '.esc', 'hub-accounts.yaml'), 'utf8');
const HUB_ROLES = [...HUB.matchAll(/roleArn: arn:aws:iam::\d{12}:role\/([\w+=,.@-]+)/g)].map(
  (m) => m[1] ?? '',
);

withTools('several accounts at once, chained from one hub login', () => {
  let moto: Moto;
  let oidc: OidcServer;
  let proxy: AwsProxy;
  let job: Job;

  beforeAll(async () => {
    expect(HUB_ROLES).toEqual(['gha-hub', 'read-artifacts', 'publish']);
    [moto, oidc] = await Promise.all([startMoto(), startOidcServer()]);
    proxy = await startAwsProxy(moto.url);
    await Promise.all(HUB_ROLES.map((r) => moto.createRole(r)));
    job = new Job({
      '.esc/hub-accounts.yaml': HUB.replace(
        /arn:aws:iam::\d{12}:role\//g,
        `arn:aws:iam::${ACCOUNT_ID}:role/`,
      ),
    });
  });

  afterAll(async () => {
    job?.cleanup();
    await Promise.all([proxy?.stop(), oidc?.stop(), moto?.stop()]);
  });

  it('each profile is its chained role, assumed with the hub login', async () => {
    const r = await job.step(
      {
        environment: 'hub-accounts',
        run: [
          'aws --profile source sts get-caller-identity --query Arn --output text',
          'aws --profile target sts get-caller-identity --query Arn --output text',
        ].join('\n'),
      },
      { env: { ...oidc.env, ...stepAwsEnv(proxy.url), GITHUB_RUN_ID: '4242' } },
    );
    expectExit(r, 'zero');
    const arns = r.stdout.split('\n').filter((l) => l.startsWith('arn:aws:sts::'));
    expect(arns).toEqual([
      expect.stringContaining(`:assumed-role/${HUB_ROLES[1]}/gha-4242`),
      expect.stringContaining(`:assumed-role/${HUB_ROLES[2]}/gha-4242`),
    ]);
    // One web-identity login, two AssumeRole calls signed with the hub session's key.
    const hubKey = /<AccessKeyId>([^<]+)</.exec(
      proxy.callsTo('AssumeRoleWithWebIdentity')[0]?.responseBody ?? '',
    )?.[1];
    const chained = proxy.callsTo('AssumeRole');
    expect(chained.map((c) => c.params.RoleArn).sort()).toEqual(
      [HUB_ROLES[2], HUB_ROLES[1]].map((n) => `arn:aws:iam::${ACCOUNT_ID}:role/${n}`).sort(),
    );
    for (const c of chained)
      expect(String(c.headers.authorization)).toContain(`Credential=${hubKey}/`);
    expect(Object.keys(r.githubEnv).sort()).toEqual([
      'AWS_CONFIG_FILE',
      'AWS_SHARED_CREDENTIALS_FILE',
    ]);
    const issued = issuedCredentials(proxy.calls);
    expect(issued).toHaveLength(9);
    expectMasked(r, [...issued, ...oidc.tokens]);
  });
});
