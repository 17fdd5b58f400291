// The seed scenario of DESIGN.md against the bundled action (dist/index.js) and CLI
// (dist/cli/index.js), started as the runner starts them, with moto, a local GitHub OIDC token
// endpoint and the real aws CLI. Every AWS request goes through a recording proxy.
import { jest } from '@jest/globals';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  ACCOUNT_ID,
  awsEnv,
  makeWorkspace,
  parseWorkflowCommands,
  requireTools,
  runAction,
  runCli,
  seedEnvironmentYaml,
  startAwsProxy,
  startMoto,
  startOidcServer,
  stepAwsEnv,
  writeFiles,
  type AwsProxy,
  type Moto,
  type OidcServer,
  type RunResult,
} from '../../scripts/stack/index.mjs';
import { expectMasked } from './runner-log.js';

// jest reads testTimeout only from the root config, not per project.
jest.setTimeout(60_000);

const tools = requireTools(['moto_server', 'aws']);
const withTools = tools.ok ? describe : describe.skip;

const TEST_TXT = 'bytes of test.txt: ünïcødé\nsecond line\n';

/** Fails with the step's whole log, so a red test says why. */
function expectExit(r: RunResult, expected: 'zero' | 'non-zero'): void {
  const ok = expected === 'zero' ? r.code === 0 : r.code !== 0 && r.code !== null;
  if (!ok) {
    throw new Error(
      `expected exit ${expected}, got ${r.code}${r.timedOut ? ' (timed out)' : ''}\n` +
        `--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`,
    );
  }
}

/** The credentials STS handed out, read from the recorded AssumeRoleWithWebIdentity answer. */
function issuedCredentials(proxy: AwsProxy): {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
} {
  const body = proxy.callsTo('AssumeRoleWithWebIdentity').at(-1)?.responseBody ?? '';
  const pick = (tag: string) => {
    const m = new RegExp(`<${tag}>([^<]+)</${tag}>`).exec(body);
    if (!m?.[1]) throw new Error(`no ${tag} in the STS answer: ${body.slice(0, 300)}`);
    return m[1];
  };
  return {
    accessKeyId: pick('AccessKeyId'),
    secretAccessKey: pick('SecretAccessKey'),
    sessionToken: pick('SessionToken'),
  };
}

/**
 * Each secret is registered with `::add-mask::`, and the runner, reading the whole log in order,
 * never shows it (nor a line or escaped form of it) on any line of stdout or stderr.
 */
function expectMaskedEverywhere(r: RunResult, secrets: Record<string, string>): void {
  for (const [name, secret] of Object.entries(secrets)) {
    expect(secret.length).toBeGreaterThan(8);
    const registered = r.masks.includes(secret);
    expect({ name, registered }).toEqual({ name, registered: true });
  }
  expectMasked(r, Object.values(secrets));
}

/** The first `::error file=<file>,…::` annotation in stdout (any property order), or a failure with the log. */
function fileAnnotation(r: RunResult, file: string) {
  const e = parseWorkflowCommands(r.stdout).find(
    (c) => c.command === 'error' && c.properties['file'] === file,
  );
  if (!e) {
    throw new Error(
      `no ::error file=${file},…:: annotation in stdout:\n${r.stdout}\n--- stderr ---\n${r.stderr}`,
    );
  }
  return e;
}

withTools('seed scenario (dist/index.js and dist/cli/index.js)', () => {
  let moto: Moto;
  let oidc: OidcServer;
  let proxy: AwsProxy;
  let bucket: string;
  let roleArn: string;
  let workspace: string;
  const results: RunResult[] = [];

  beforeAll(async () => {
    [moto, oidc] = await Promise.all([startMoto(), startOidcServer()]);
    proxy = await startAwsProxy(moto.url);
    bucket = `esc-e2e-${Date.now().toString(36)}`;
    const [role] = await Promise.all([moto.createRole('gha-deploy'), moto.createBucket(bucket)]);
    roleArn = role.arn;
    workspace = makeWorkspace({
      '.esc/aws-dev.yaml': seedEnvironmentYaml(roleArn),
      '.esc/broken.yaml': 'values:\n  greeting: hello\n  bad: value: other\n',
      '.esc/dupes.yaml': 'values:\n  greeting: hello\n  greeting: again\n',
      'test.txt': TEST_TXT,
    });
  });

  afterAll(async () => {
    for (const r of results) r.cleanup();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
    await Promise.all([proxy?.stop(), oidc?.stop(), moto?.stop()]);
  });

  beforeEach(() => {
    proxy.reset();
    oidc.reset();
  });

  /** Runs the action in the workspace with the job's env (token variables, endpoint via proxy). */
  async function step(
    inputs: Record<string, string>,
    env: Record<string, string | undefined> = {},
  ) {
    const r = await runAction({
      workspace,
      inputs,
      env: { ...oidc.env, ...stepAwsEnv(proxy.url), ...env },
    });
    results.push(r);
    return r;
  }

  it('copies test.txt to S3 through `run`, exports credentials of the assumed role, masks every secret', async () => {
    const r = await step({
      environment: 'aws-dev',
      // The seed command, then every secret `run` holds printed, as a careless script would.
      run: [
        `aws s3 cp test.txt s3://${bucket}/copied-file.txt`,
        'echo "key $AWS_ACCESS_KEY_ID secret $AWS_SECRET_ACCESS_KEY"',
        'echo "token $AWS_SESSION_TOKEN"',
        'env | grep ^AWS_ | sort',
      ].join('\n'),
    });
    expectExit(r, 'zero');
    expect(r.stdout).toContain('token ');

    // The object exists, with the bytes of test.txt.
    const listed = await moto.aws(['s3api', 'list-objects-v2', '--bucket', bucket]);
    expect(listed.Contents.map((o: { Key: string }) => o.Key)).toContain('copied-file.txt');
    const downloaded = join(r.runnerTemp, 'downloaded.txt');
    await moto.aws([
      's3api',
      'get-object',
      '--bucket',
      bucket,
      '--key',
      'copied-file.txt',
      downloaded,
    ]);
    expect(readFileSync(downloaded)).toEqual(Buffer.from(TEST_TXT, 'utf8'));
    // It was written with the assumed role's credentials, not anything else.
    const creds = issuedCredentials(proxy);
    const put = proxy.callsTo('PutObject');
    expect(put).toHaveLength(1);
    expect(String(put[0]?.headers['authorization'])).toContain(`Credential=${creds.accessKeyId}/`);
    expect(put[0]?.headers['x-amz-security-token']).toBe(creds.sessionToken);

    // GITHUB_ENV holds the three credentials STS issued; they identify as the assumed role.
    expect(r.githubEnv).toMatchObject({
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: creds.accessKeyId,
      AWS_SECRET_ACCESS_KEY: creds.secretAccessKey,
      AWS_SESSION_TOKEN: creds.sessionToken,
    });
    const sessionName = `gha-${r.env['GITHUB_RUN_ID']}`;
    const who = await moto.aws(['sts', 'get-caller-identity'], {
      AWS_ACCESS_KEY_ID: r.githubEnv['AWS_ACCESS_KEY_ID'],
      AWS_SECRET_ACCESS_KEY: r.githubEnv['AWS_SECRET_ACCESS_KEY'],
      AWS_SESSION_TOKEN: r.githubEnv['AWS_SESSION_TOKEN'],
    });
    expect(who.Arn).toBe(`arn:aws:sts::${ACCOUNT_ID}:assumed-role/gha-deploy/${sessionName}`);

    // One token request (default audience), one AssumeRoleWithWebIdentity with that token.
    expect(oidc.requests).toHaveLength(1);
    expect(oidc.requests[0]).toMatchObject({
      audience: 'sts.amazonaws.com',
      status: 200,
      authorized: true,
    });
    const jwt = oidc.tokens[0] ?? '';
    const assume = proxy.callsTo('AssumeRoleWithWebIdentity');
    expect(assume).toHaveLength(1);
    expect(assume[0]?.params).toMatchObject({
      RoleArn: roleArn,
      RoleSessionName: sessionName,
      WebIdentityToken: jwt,
      DurationSeconds: '3600',
    });

    expectMaskedEverywhere(r, {
      jwt,
      accessKeyId: creds.accessKeyId,
      secretAccessKey: creds.secretAccessKey,
      sessionToken: creds.sessionToken,
    });
  });

  it('makes two round trips before the command: the token and AssumeRoleWithWebIdentity only', async () => {
    const r = await step({ environment: 'aws-dev' });
    expectExit(r, 'zero');
    expect(oidc.requests).toHaveLength(1);
    expect(proxy.calls.map((c) => c.action)).toEqual(['AssumeRoleWithWebIdentity']);
  });

  it('fails without ACTIONS_ID_TOKEN_REQUEST_* and says to add `permissions: id-token: write`', async () => {
    const r = await step(
      { environment: 'aws-dev', run: `aws s3 cp test.txt s3://${bucket}/never.txt` },
      { ACTIONS_ID_TOKEN_REQUEST_URL: undefined, ACTIONS_ID_TOKEN_REQUEST_TOKEN: undefined },
    );
    expectExit(r, 'non-zero');
    expect(r.stdout + r.stderr).toMatch(/permissions:\s*id-token:\s*write|id-token: write/);
    expect(r.githubEnv).toEqual({});
    expect(oidc.requests).toHaveLength(0);
    expect(proxy.calls).toHaveLength(0);
  });

  it('fails on an unknown environment, naming the missing file', async () => {
    const r = await step({ environment: 'no-such-env' });
    expectExit(r, 'non-zero');
    expect(r.stdout + r.stderr).toMatch(/\.esc\/no-such-env\.ya?ml/);
    expect(r.githubEnv).toEqual({});
    expect(oidc.requests).toHaveLength(0);
  });

  it('turns a YAML syntax error into an ::error annotation with file, line and column, exporting nothing', async () => {
    const r = await step({ environment: 'broken' });
    expectExit(r, 'non-zero');
    const e = fileAnnotation(r, '.esc/broken.yaml');
    // `  bad: value: other`: the nested mapping starts at column 8, its colon is at column 13.
    expect(e.properties['line']).toBe('3');
    expect(Number(e.properties['col'])).toBeGreaterThanOrEqual(8);
    expect(Number(e.properties['col'])).toBeLessThanOrEqual(13);
    expect(r.githubEnv).toEqual({});
    expect(oidc.requests).toHaveLength(0);
    expect(proxy.calls).toHaveLength(0);
  });

  it('points a duplicate key at the second occurrence', async () => {
    const r = await step({ environment: 'dupes' });
    expectExit(r, 'non-zero');
    const e = fileAnnotation(r, '.esc/dupes.yaml');
    expect(e.properties).toMatchObject({ line: '3', col: '3' });
    expect(e.value).toContain('greeting');
    expect(r.githubEnv).toEqual({});
  });

  it('runs the same scenario through the CLI: esc-action run aws-dev -- aws s3 cp …', async () => {
    const r = await runCli(
      ['run', 'aws-dev', '--', 'aws', 's3', 'cp', 'test.txt', `s3://${bucket}/cli-file.txt`],
      {
        workspace,
        env: { ...oidc.env, ...stepAwsEnv(proxy.url) },
      },
    );
    results.push(r);
    expectExit(r, 'zero');
    const tmp = join(r.runnerTemp, 'cli-file.txt');
    await moto.aws(['s3api', 'get-object', '--bucket', bucket, '--key', 'cli-file.txt', tmp]);
    expect(readFileSync(tmp)).toEqual(Buffer.from(TEST_TXT, 'utf8'));

    expect(oidc.requests).toHaveLength(1);
    expect(proxy.callsTo('AssumeRoleWithWebIdentity')).toHaveLength(1);
    const creds = issuedCredentials(proxy);
    expect(String(proxy.callsTo('PutObject')[0]?.headers['authorization'])).toContain(
      `Credential=${creds.accessKeyId}/`,
    );
    // The CLI exports nothing to the runner, and prints no secret outside ::add-mask:: lines.
    expect(r.githubEnv).toEqual({});
    const jwt = oidc.tokens[0] ?? '';
    expectMasked(r, [jwt, creds.accessKeyId, creds.secretAccessKey, creds.sessionToken]);
  });

  it('gives the credentials only to `run` when export-variables is false', async () => {
    writeFiles(workspace, {
      'who.sh': 'aws sts get-caller-identity --region us-east-1 --query Arn --output text\n',
    });
    const r = await step({
      environment: 'aws-dev',
      'export-variables': 'false',
      run: 'bash who.sh',
    });
    expectExit(r, 'zero');
    expect(r.stdout).toContain(`assumed-role/gha-deploy/gha-${r.env['GITHUB_RUN_ID']}`);
    expect(r.githubEnv).toEqual({});
    // Quiet check that moto is untouched by the host's credentials: the step's env has none.
    expect(awsEnv(moto.url)['AWS_ACCESS_KEY_ID']).toBe('testing');
    expect(r.env['AWS_ACCESS_KEY_ID']).toBeUndefined();
  });
});
