// What configure-aws-credentials users need to switch, through dist/ as a
// runner runs it, against moto and the real aws CLI: the aws-region input as AWS_REGION and
// AWS_DEFAULT_REGION; stale credentials from an earlier step cleared (checked with moto's
// signature and token verification switched on, which refuses a key pair sent with a session
// token that is not its own); the allowed-account-ids guard; secret keys and session tokens with
// `+`, `/`, `=` (and any other character) through GITHUB_ENV, `run`, masking and a signed call.
import { jest } from '@jest/globals';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  ACTION_NODE,
  ACCOUNT_ID,
  REPO_ROOT,
  aws,
  awsEnv,
  requireTools,
  runCli,
  seedEnvironmentYaml,
  startAwsProxy,
  startMoto,
  startOidcServer,
  stepAwsEnv,
  type AwsProxy,
  type Moto,
  type OidcServer,
  type RunResult,
} from '../../scripts/stack/index.mjs';
import { Job, commandsOf, expectExit, filesDirs } from './action-support.js';
import { expectMasked } from './runner-log.js';

jest.setTimeout(120_000);

const tools = requireTools(['moto_server', 'aws']);
const withTools = tools.ok ? describe : describe.skip;

const OTHER_ACCOUNT = '111111111111';

/** Every printable ASCII character, some non-ASCII ones, and a shell's favourite surprises. */
const ODD =
  ' !"#$%&\'()*+,-./0123456789:;<=>?@ABCXYZ[\\]^_`abcxyz{|}~ é ß 日本 ✓ $(id) `id` ${HOME} %25 ::x:: +/=';

/** An environment file: an OIDC login into `roleArn` exporting its keys, and no region. */
function oidcYaml(roleArn: string): string {
  return seedEnvironmentYaml(roleArn).replace('    AWS_REGION: us-east-1\n', '');
}

/** An environment file with static keys (each written as a secret) and extra variables. */
function staticYaml(
  keys: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
  extra: Record<string, string> = {},
): string {
  // A JSON string is a YAML double-quoted scalar; `$$` is ESC's escape for a literal `$`.
  const q = (s: string) => JSON.stringify(s.replaceAll('$', '$$$$'));
  return [
    'values:',
    '  aws:',
    '    login:',
    '      fn::open::aws-login:',
    '        static:',
    `          accessKeyId: ${q(keys.accessKeyId)}`,
    `          secretAccessKey: {fn::secret: ${q(keys.secretAccessKey)}}`,
    ...(keys.sessionToken ? [`          sessionToken: {fn::secret: ${q(keys.sessionToken)}}`] : []),
    '  environmentVariables:',
    '    AWS_ACCESS_KEY_ID: ${aws.login.accessKeyId}',
    '    AWS_SECRET_ACCESS_KEY: ${aws.login.secretAccessKey}',
    ...(keys.sessionToken ? ['    AWS_SESSION_TOKEN: ${aws.login.sessionToken}'] : []),
    ...Object.entries(extra).map(([k, v]) => `    ${k}: {fn::secret: ${q(v)}}`),
    '',
  ].join('\n');
}

/** moto's signature and token checks: on for every request from now on, or off again. */
async function motoAuth(moto: Moto, on: boolean): Promise<void> {
  const res = await fetch(`${moto.url}/moto-api/reset-auth`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    body: on ? '0' : 'inf',
  });
  if (!res.ok) throw new Error(`moto reset-auth answered ${res.status}`);
}

/** The region in a recorded SigV4 request's credential scope. */
function signedRegion(proxy: AwsProxy, action: string): string | undefined {
  const auth = proxy.callsTo(action)[0]?.headers['authorization'];
  return /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(String(auth ?? ''))?.[1];
}

/** The value of `name` in a GITHUB_ENV file as written (heredoc), exactly. */
function rawEnvValue(r: RunResult, name: string): string | undefined {
  const raw = readFileSync(r.env['GITHUB_ENV'] ?? '', 'utf8');
  const m = new RegExp(`^${name}<<(ghadelimiter_[0-9a-f-]+)\\n([\\s\\S]*?)\\n\\1$`, 'm').exec(raw);
  return m?.[2];
}

/** Runs the AWS SDK for JavaScript v3 (the repository's) with `env`: the caller's ARN. */
async function jsSdkCallerArn(env: Record<string, string>): Promise<string> {
  const script =
    "import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';" +
    'const r = await new STSClient({}).send(new GetCallerIdentityCommand({}));' +
    'process.stdout.write(r.Arn);';
  const { stdout } = await promisify(execFile)(ACTION_NODE, ['--input-type=module', '-e', script], {
    cwd: REPO_ROOT,
    env,
  });
  return stdout;
}

withTools('configure-aws-credentials parity', () => {
  let moto: Moto;
  let oidc: OidcServer;
  let proxy: AwsProxy;
  let job: Job;
  let bucket: string;
  /** An IAM user's key pair whose secret holds both `+` and `/`. */
  let user: { arn: string; accessKeyId: string; secretAccessKey: string };
  /** AssumeRole credentials: secret with `+` and `/`, session token with `+`, `/` and `=`. */
  let assumed: { arn: string; accessKeyId: string; secretAccessKey: string; sessionToken: string };

  beforeAll(async () => {
    [moto, oidc] = await Promise.all([startMoto(), startOidcServer()]);
    proxy = await startAwsProxy(moto.url);
    bucket = `esc-parity-${Date.now().toString(36)}`;
    const allowAll = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
    });
    const [role] = await Promise.all([moto.createRole('gha-parity'), moto.createBucket(bucket)]);
    // moto draws secrets from letters, digits, `+` and `/`: keep drawing until both appear.
    for (let i = 0; user === undefined; i++) {
      if (i === 40) throw new Error('moto issued no secret key with both + and /');
      const name = `static-user-${i}`;
      const u = await moto.aws(['iam', 'create-user', '--user-name', name]);
      const k = await moto.aws(['iam', 'create-access-key', '--user-name', name]);
      const secret: string = k.AccessKey.SecretAccessKey;
      if (!secret.includes('+') || !secret.includes('/')) continue;
      await moto.aws([
        'iam',
        'put-user-policy',
        '--user-name',
        name,
        '--policy-name',
        'all',
        '--policy-document',
        allowAll,
      ]);
      user = { arn: u.User.Arn, accessKeyId: k.AccessKey.AccessKeyId, secretAccessKey: secret };
    }
    const trustAccount = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` },
          Action: 'sts:AssumeRole',
        },
      ],
    });
    await moto.aws([
      'iam',
      'create-role',
      '--role-name',
      'special-chars',
      '--assume-role-policy-document',
      trustAccount,
    ]);
    await moto.aws([
      'iam',
      'put-role-policy',
      '--role-name',
      'special-chars',
      '--policy-name',
      'all',
      '--policy-document',
      allowAll,
    ]);
    for (let i = 0; assumed === undefined; i++) {
      if (i === 40) throw new Error('moto issued no credentials with +, / and =');
      const a = await moto.aws([
        'sts',
        'assume-role',
        '--role-arn',
        `arn:aws:iam::${ACCOUNT_ID}:role/special-chars`,
        '--role-session-name',
        'special',
      ]);
      const c = a.Credentials;
      const ok =
        [...'+/'].every((ch) => c.SecretAccessKey.includes(ch)) &&
        [...'+/='].every((ch) => c.SessionToken.includes(ch));
      if (!ok) continue;
      assumed = {
        arn: a.AssumedRoleUser.Arn,
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        sessionToken: c.SessionToken,
      };
    }
    job = new Job({
      '.esc/oidc.yaml': oidcYaml(role.arn),
      '.esc/with-region.yaml': seedEnvironmentYaml(role.arn),
      '.esc/static-user.yaml': staticYaml(user),
      '.esc/special.yaml': staticYaml(assumed, { ODD_SECRET: ODD }),
      '.esc/plain.yaml': 'values:\n  environmentVariables:\n    APP: demo\n',
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

  const viaProxy = () => ({ ...oidc.env, ...stepAwsEnv(proxy.url) });
  const nothingWritten = (r: RunResult) => {
    expect(r.githubEnv).toEqual({});
    expect(r.githubOutput).toEqual({});
    expect(r.githubState).toEqual({});
    expect(filesDirs(r)).toEqual([]);
    expect(existsSync(join(job.workspace, 'ran-marker'))).toBe(false);
  };

  describe('aws-region', () => {
    it('sets AWS_REGION and AWS_DEFAULT_REGION for run and later steps when the file names no region', async () => {
      const r = await job.step(
        {
          environment: 'oidc',
          'aws-region': 'eu-west-3',
          run: 'echo "region=$AWS_REGION default=$AWS_DEFAULT_REGION"\naws sts get-caller-identity --query Arn --output text',
        },
        { env: viaProxy() },
      );
      expectExit(r, 'zero');
      expect(r.stdout).toContain('region=eu-west-3 default=eu-west-3');
      // The aws CLI v1 (botocore) reads AWS_DEFAULT_REGION: its request is signed for it.
      expect(signedRegion(proxy, 'GetCallerIdentity')).toBe('eu-west-3');
      expect(r.githubEnv['AWS_REGION']).toBe('eu-west-3');
      expect(r.githubEnv['AWS_DEFAULT_REGION']).toBe('eu-west-3');
      expect((r.githubOutput['exported-variables'] ?? '').split(',')).toEqual(
        expect.arrayContaining(['AWS_REGION', 'AWS_DEFAULT_REGION']),
      );
      expect(r.stdout).toContain('AWS_REGION: exported to later steps (from input aws-region)');
      expect(r.summary).toContain('| `AWS_DEFAULT_REGION` | input `aws-region` | exported |');
      // A later step's aws CLI, with only what GITHUB_ENV gave it, signs for the same region.
      proxy.reset();
      await aws(
        ['sts', 'get-caller-identity'],
        awsEnv(proxy.url, {
          AWS_REGION: undefined,
          AWS_DEFAULT_REGION: undefined,
          ...r.githubEnv,
        }),
      );
      expect(signedRegion(proxy, 'GetCallerIdentity')).toBe('eu-west-3');
    });

    it('follows keys like any variable: run sees both, later steps only those listed', async () => {
      const r = await job.step(
        {
          environment: 'oidc',
          'aws-region': 'eu-west-3',
          keys: 'AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_DEFAULT_REGION',
          run: 'echo "region=$AWS_REGION default=$AWS_DEFAULT_REGION"',
        },
        { env: viaProxy() },
      );
      expectExit(r, 'zero');
      expect(r.stdout).toContain('region=eu-west-3 default=eu-west-3');
      expect(r.githubEnv['AWS_DEFAULT_REGION']).toBe('eu-west-3');
      expect('AWS_REGION' in r.githubEnv).toBe(false);
      expect(commandsOf(r, 'warning')).toEqual([]);
    });

    it('leaves a file that names its region alone', async () => {
      const r = await job.step(
        {
          environment: 'with-region',
          'aws-region': 'eu-west-3',
          run: 'echo "region=$AWS_REGION default=${AWS_DEFAULT_REGION-unset}"',
        },
        { env: viaProxy() },
      );
      expectExit(r, 'zero');
      expect(r.stdout).toContain('region=us-east-1 default=unset');
      expect(r.githubEnv['AWS_REGION']).toBe('us-east-1');
      expect('AWS_DEFAULT_REGION' in r.githubEnv).toBe(false);
    });

    it('refuses a value that is not a region name, writing nothing', async () => {
      const r = await job.step(
        { environment: 'oidc', 'aws-region': 'us-east-1\nINJECTED=1', run: 'touch ran-marker' },
        { env: viaProxy() },
      );
      expectExit(r, 'non-zero');
      expect(commandsOf(r, 'error').map((e) => e.value)).toEqual([
        expect.stringMatching(/^input "aws-region" must be an AWS region name/),
      ]);
      nothingWritten(r);
      expect(proxy.calls).toEqual([]);
    });
  });

  describe('AWS_PROFILE', () => {
    it('is not cleared, but an inherited one beside the environment keys warns, without its value', async () => {
      const r = await job.step(
        { environment: 'oidc', 'aws-region': 'us-east-1', run: 'echo "profile=$AWS_PROFILE"' },
        { env: { ...viaProxy(), AWS_PROFILE: 'ci-deploy-profile' } },
      );
      expectExit(r, 'zero');
      expect(r.stdout).toContain('profile=ci-deploy-profile');
      const warnings = commandsOf(r, 'warning').map((w) => w.value);
      expect(warnings).toEqual([
        expect.stringMatching(
          /^AWS_PROFILE is set for this step .*JavaScript v3 uses that profile/,
        ),
      ]);
      expect(warnings[0]).not.toContain('ci-deploy-profile');
      expect('AWS_PROFILE' in r.githubEnv).toBe(false);
    });
  });

  describe('allowed-account-ids', () => {
    it('fails before anything is written when the role is in another account', async () => {
      const r = await job.step(
        {
          environment: 'with-region',
          'allowed-account-ids': `${OTHER_ACCOUNT}\n222222222222`,
          run: 'touch ran-marker',
        },
        { env: viaProxy() },
      );
      expectExit(r, 'non-zero');
      nothingWritten(r);
      const errors = commandsOf(r, 'error').filter((e) => e.properties['file']);
      expect(errors.map((e) => [e.properties['file'], e.properties['line'], e.value])).toEqual([
        [
          '.esc/with-region.yaml',
          '4',
          `aws-login assumed role arn:aws:iam::${ACCOUNT_ID}:role/gha-parity in account ${ACCOUNT_ID}, which allowed-account-ids does not list (allowed: ${OTHER_ACCOUNT}, 222222222222)`,
        ],
      ]);
      expect(r.summary).toContain('failed: 1 error, nothing exported');
      // The credentials were issued (and masked), but went nowhere.
      expect(proxy.callsTo('AssumeRoleWithWebIdentity')).toHaveLength(1);
    });

    it('passes when the account is listed', async () => {
      const r = await job.step(
        {
          environment: 'with-region',
          'allowed-account-ids': `${OTHER_ACCOUNT}, ${ACCOUNT_ID}`,
          // The aws CLI v1 reads AWS_DEFAULT_REGION only; this file sets AWS_REGION.
          run: 'aws sts get-caller-identity --region us-east-1 --query Arn --output text',
        },
        { env: viaProxy() },
      );
      expectExit(r, 'zero');
      expect(r.stdout).toContain(`arn:aws:sts::${ACCOUNT_ID}:assumed-role/gha-parity/`);
      expect(r.githubOutput['aws-account-id']).toBe(ACCOUNT_ID);
    });

    it('fails when no assumed role reports an account (static keys only)', async () => {
      const r = await job.step(
        { environment: 'static-user', 'allowed-account-ids': ACCOUNT_ID, run: 'touch ran-marker' },
        { env: viaProxy() },
      );
      expectExit(r, 'non-zero');
      nothingWritten(r);
      expect(commandsOf(r, 'error').map((e) => e.value)).toContainEqual(
        expect.stringMatching(
          /^allowed-account-ids is set \(123456789012\), but no role assumed by this environment reports its account: static keys are not checked/,
        ),
      );
    });

    it('refuses an entry that is not an account id, naming it', async () => {
      const r = await job.step(
        {
          environment: 'plain',
          'allowed-account-ids': `${ACCOUNT_ID},12345`,
          run: 'touch ran-marker',
        },
        { env: viaProxy() },
      );
      expectExit(r, 'non-zero');
      expect(commandsOf(r, 'error').map((e) => e.value)).toEqual([
        'input "allowed-account-ids" lists "12345", which is not an AWS account id (12 digits, such as 123456789012)',
      ]);
      nothingWritten(r);
    });

    it('is validated but checks no account with check-only', async () => {
      const r = await job.step(
        { environment: 'with-region', 'allowed-account-ids': OTHER_ACCOUNT, 'check-only': 'true' },
        { env: viaProxy() },
      );
      expectExit(r, 'zero');
      expect(proxy.calls).toEqual([]);
    });
  });

  describe('with moto checking signatures and session tokens', () => {
    afterEach(() => motoAuth(moto, false));

    it('a static key pair after an OIDC login in an earlier step is not sent with its session token', async () => {
      const first = await job.step(
        { environment: 'oidc', 'aws-region': 'us-east-1' },
        { env: viaProxy() },
      );
      expectExit(first, 'zero');
      expect(first.githubEnv['AWS_SESSION_TOKEN']).toMatch(/./);
      await motoAuth(moto, true);
      // The job now holds the first step's keys and token, and a legacy AWS_SECURITY_TOKEN.
      const jobEnv = {
        ...stepAwsEnv(moto.url),
        ...first.githubEnv,
        AWS_SECURITY_TOKEN: 'stale-legacy-token',
      };
      const second = await job.step(
        {
          environment: 'static-user',
          'aws-region': 'us-east-1',
          run: 'echo "token=${AWS_SESSION_TOKEN-unset} legacy=${AWS_SECURITY_TOKEN-unset}"\naws sts get-caller-identity --query Arn --output text',
        },
        { env: jobEnv },
      );
      expectExit(second, 'zero');
      expect(second.stdout).toContain('token=unset legacy=unset');
      expect(second.stdout).toContain(user.arn);
      expect(second.githubEnv['AWS_SESSION_TOKEN']).toBe('');
      expect(second.githubEnv['AWS_SECURITY_TOKEN']).toBe('');
      expect(second.stdout).toContain(
        'AWS_SESSION_TOKEN: cleared for run and later steps (the environment sets AWS credentials without it)',
      );
      expect(second.summary).toContain(
        'Cleared for `run` and later steps (stale credentials): `AWS_SESSION_TOKEN`, `AWS_SECURITY_TOKEN`',
      );
      expect((second.githubOutput['exported-variables'] ?? '').split(',')).not.toContain(
        'AWS_SESSION_TOKEN',
      );

      // A later step: the empty variables read as unset in the aws CLI and the JavaScript SDK.
      const later = awsEnv(moto.url, { ...jobEnv, ...second.githubEnv });
      expect(later['AWS_SESSION_TOKEN']).toBe('');
      const caller = await aws(['sts', 'get-caller-identity'], later);
      expect(caller.Arn).toBe(user.arn);
      expect(await jsSdkCallerArn(later)).toBe(user.arn);
      // Without the clearing, moto refuses the pair with the earlier token, as AWS does.
      const stale = { ...later, AWS_SESSION_TOKEN: first.githubEnv['AWS_SESSION_TOKEN'] ?? '' };
      await expect(aws(['sts', 'get-caller-identity'], stale)).rejects.toThrow(
        /InvalidClientTokenId|security token included in the request is invalid/,
      );
    });

    it('the CLI run also leaves the earlier credentials out', async () => {
      await motoAuth(moto, true);
      const r = await runCli(
        ['run', 'static-user', '--', 'aws', 'sts', 'get-caller-identity', '--output', 'json'],
        {
          workspace: job.workspace,
          env: {
            ...stepAwsEnv(moto.url),
            AWS_DEFAULT_REGION: 'us-east-1',
            AWS_ACCESS_KEY_ID: 'ASIASTALEKEY0000000',
            AWS_SESSION_TOKEN: 'stale-session-token',
            AWS_SECURITY_TOKEN: 'stale-legacy-token',
          },
        },
      );
      expectExit(r, 'zero');
      expect(JSON.parse(r.stdout).Arn).toBe(user.arn);
    });

    it('keys and tokens with +, / and = (and any other character) survive export, run and masking', async () => {
      await motoAuth(moto, true);
      const r = await job.step(
        {
          environment: 'special',
          'aws-region': 'us-east-1',
          run: [
            'aws sts get-caller-identity --query Arn --output text',
            'printf %s "$AWS_SECRET_ACCESS_KEY" > out-secret',
            'printf %s "$AWS_SESSION_TOKEN" > out-token',
            'printf %s "$ODD_SECRET" > out-odd',
            'echo "creds $AWS_SECRET_ACCESS_KEY $AWS_SESSION_TOKEN $ODD_SECRET"',
            'echo parity > parity.txt',
            `aws s3 cp parity.txt s3://${bucket}/special.txt`,
          ].join('\n'),
        },
        { env: stepAwsEnv(moto.url) },
      );
      expectExit(r, 'zero');
      // moto verified the signature made with the secret and compared the token byte for byte.
      expect(r.stdout).toContain(assumed.arn);
      const read = (f: string) => readFileSync(join(job.workspace, f), 'utf8');
      expect(read('out-secret')).toBe(assumed.secretAccessKey);
      expect(read('out-token')).toBe(assumed.sessionToken);
      expect(read('out-odd')).toBe(ODD);
      expectMasked(r, [assumed.secretAccessKey, assumed.sessionToken, ODD]);
      // GITHUB_ENV holds each value exactly, in a heredoc, and a later step signs with them.
      expect(rawEnvValue(r, 'AWS_SECRET_ACCESS_KEY')).toBe(assumed.secretAccessKey);
      expect(rawEnvValue(r, 'AWS_SESSION_TOKEN')).toBe(assumed.sessionToken);
      expect(rawEnvValue(r, 'ODD_SECRET')).toBe(ODD);
      const later = awsEnv(moto.url, r.githubEnv);
      const listed = await aws(
        ['s3api', 'list-objects-v2', '--bucket', bucket, '--query', 'Contents[].Key'],
        later,
      );
      expect(listed).toContain('special.txt');
      expect((await aws(['sts', 'get-caller-identity'], later)).Arn).toBe(assumed.arn);
    });
  });
});
