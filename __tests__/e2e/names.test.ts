// A secret's content cannot run code: names that change how programs start or load (BASH_ENV,
// LD_PRELOAD, PATH, …) computed from a secret or a provider's output fail the step at the
// expression, before anything is exported or run; a code name written literally must hold plain
// text. Through the bundled action, as the runner runs it.
import { jest } from '@jest/globals';
import { existsSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import {
  makeWorkspace,
  requireTools,
  runAction,
  startAwsProxy,
  startMoto,
  startOidcServer,
  stepAwsEnv,
  type AwsProxy,
  type Moto,
  type OidcServer,
} from '../../scripts/stack/index.mjs';
import type { RunResult } from '../../scripts/stack/index.mjs';
import { Job, commandsOf, expectExit, filesDirs, leaks } from './action-support.js';

jest.setTimeout(90_000);

/** The run command: leaves a marker file if it ever runs. */
const RUN = 'touch ran-marker; echo "run ran"';

/** The step failed before exporting or running anything. */
function expectRefused(r: RunResult): void {
  expectExit(r, 'non-zero');
  expect(r.githubEnv).toEqual({});
  expect(r.githubOutput).toEqual({});
  expect(existsSync(path.join(r.workspace, 'ran-marker'))).toBe(false);
  expect(existsSync(path.join(r.workspace, 'pwned'))).toBe(false);
  expect(r.stdout).not.toContain('run ran');
  expect(filesDirs(r)).toEqual([]);
}

function errorsOf(r: RunResult) {
  return commandsOf(r, 'error')
    .filter((e) => e.properties['file'] !== undefined)
    .map((e) => ({
      file: e.properties['file'],
      line: Number(e.properties['line']),
      col: Number(e.properties['col']),
      message: e.value,
    }));
}

describe('action: names from data', () => {
  const payload = JSON.stringify({
    BASH_ENV: '$(touch pwned)',
    LD_PRELOAD: '/tmp/evil.so',
    PATH: '/tmp/evil-bin',
    APP_USER: 'app',
  });
  // Names that send a later step's signed AWS calls elsewhere or choose whose identity signs them.
  const awsPayload = JSON.stringify({
    AWS_ENDPOINT_URL: 'http://attacker.example',
    aws_endpoint_url_s3: 'http://attacker.example',
    AWS_Endpoint_Url_Secrets_Manager: 'http://attacker.example',
    AWS_PROFILE: 'attacker',
    AWS_DEFAULT_PROFILE: 'attacker',
    AWS_ROLE_ARN: 'arn:aws:iam::999999999999:role/attacker',
    AWS_WEB_IDENTITY_TOKEN_FILE: '/tmp/attacker-token',
    AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://attacker.example/creds',
    AWS_EC2_METADATA_SERVICE_ENDPOINT: 'http://attacker.example',
    AWS_REGION: 'eu-west-1',
  });
  const job = new Job({
    '.esc/from-secret.yaml': [
      'values:',
      '  app:',
      `    fn::secret: '${payload}'`,
      '  environmentVariables:',
      '    fn::fromJSON: ${app}',
      '',
    ].join('\n'),
    '.esc/from-secret-files.yaml': [
      'values:',
      '  app:',
      '    fn::secret: \'{"BASH_ENV": "touch pwned", "CONFIG": "x"}\'',
      '  environmentVariables:',
      '    APP_NAME: shop',
      '  files:',
      '    fn::fromJSON: ${app}',
      '',
    ].join('\n'),
    '.esc/secret-value.yaml': [
      'values:',
      '  script:',
      '    fn::secret: touch pwned',
      '  environmentVariables:',
      '    APP_NAME: shop',
      '    BASH_ENV: ${script}',
      '  files:',
      '    PYTHONSTARTUP: ${script}',
      '',
    ].join('\n'),
    '.esc/via-import.yaml': [
      'imports: [proxy-base]',
      'values:',
      '  override:',
      '    fn::secret: \'{"HTTPS_PROXY": "http://attacker.example:8080"}\'',
      '  environmentVariables:',
      '    fn::fromJSON: ${override}',
      '',
    ].join('\n'),
    '.esc/proxy-base.yaml':
      'values:\n  environmentVariables:\n    HTTPS_PROXY: http://proxy.corp.example:3128\n',
    '.esc/literal.yaml': [
      'values:',
      '  password:',
      '    fn::secret: proxy-pa55word',
      '  creds:',
      '    fn::secret: \'{"DB_USER": "app", "DB_PASSWORD": "db-pa55word"}\'',
      '  environmentVariables:',
      '    GIT_SSH_COMMAND: ssh -o BatchMode=yes',
      '    HTTPS_PROXY: http://user:${password}@proxy.corp.example:3128',
      '  files:',
      '    BASH_ENV: |',
      '      export FROM_BASH_ENV=repository-file',
      '',
    ].join('\n'),
    '.esc/aws-redirect.yaml': [
      'values:',
      '  aws:',
      `    fn::secret: '${awsPayload}'`,
      '  environmentVariables:',
      '    fn::fromJSON: ${aws}',
      '',
    ].join('\n'),
    '.esc/aws-literal.yaml': [
      'values:',
      '  endpoint:',
      '    fn::secret: http://127.0.0.1:4566',
      '  environmentVariables:',
      '    AWS_ENDPOINT_URL: ${endpoint}',
      '    AWS_PROFILE: ci',
      '',
    ].join('\n'),
    '.esc/computed-ok.yaml': [
      'values:',
      '  creds:',
      '    fn::secret: \'{"DB_USER": "app", "DB_PASSWORD": "db-pa55word"}\'',
      '  environmentVariables:',
      '    fn::fromJSON: ${creds}',
      '',
    ].join('\n'),
  });
  afterAll(() => job.cleanup());

  it('a secret that sets BASH_ENV, LD_PRELOAD and PATH fails the step at its fn::fromJSON', async () => {
    const r = await job.step({ environment: 'from-secret', run: RUN });
    expectRefused(r);
    const errors = errorsOf(r);
    expect(errors.map((e) => [e.file, e.line, e.col])).toEqual([
      ['.esc/from-secret.yaml', 5, 5],
      ['.esc/from-secret.yaml', 5, 5],
      ['.esc/from-secret.yaml', 5, 5],
    ]);
    const messages = errors.map((e) => e.message).join('\n');
    for (const n of ['BASH_ENV', 'LD_PRELOAD', 'PATH'])
      expect(messages).toContain(`the name "${n}" is computed`);
    // The ordinary name from the same secret is not an error, but nothing is exported at all.
    expect(messages).not.toContain('APP_USER');
    // The secret's values never print (masked from the first line on).
    for (const v of ['/tmp/evil.so', '/tmp/evil-bin']) expect(leaks(r, v)).toEqual([]);
  });

  it('file names computed from a secret are refused too', async () => {
    const r = await job.step({ environment: 'from-secret-files', run: RUN });
    expectRefused(r);
    expect(errorsOf(r).map((e) => [e.line, e.col, e.message.slice(0, 36)])).toEqual([
      [7, 5, 'the name "BASH_ENV" is computed (by '],
    ]);
  });

  it('a code name written literally cannot take a secret value or file content', async () => {
    const r = await job.step({ environment: 'secret-value', run: RUN });
    expectRefused(r);
    expect(errorsOf(r).map((e) => [e.line, e.col, e.message.split(',')[0]])).toEqual([
      [6, 15, 'the value of BASH_ENV is secret'],
      [8, 20, 'the content of the file PYTHONSTARTUP is secret'],
    ]);
  });

  it('a secret cannot replace a name an import wrote literally', async () => {
    const r = await job.step({ environment: 'via-import', run: RUN });
    expectRefused(r);
    expect(errorsOf(r).map((e) => [e.file, e.line])).toEqual([['.esc/via-import.yaml', 6]]);
    expect(errorsOf(r)[0]?.message).toContain('"HTTPS_PROXY" is computed');
  });

  it('literal names keep working: plain code values, a secret in a proxy URL, a BASH_ENV file from the repository', async () => {
    const r = await job.step({
      environment: 'literal',
      run: 'echo "ssh=$GIT_SSH_COMMAND from=$FROM_BASH_ENV proxy=${HTTPS_PROXY:+set}"',
    });
    expectExit(r, 'zero');
    expect(r.stdout).toContain('ssh=ssh -o BatchMode=yes from=repository-file proxy=set');
    expect(Object.keys(r.githubEnv).sort()).toEqual(['BASH_ENV', 'GIT_SSH_COMMAND', 'HTTPS_PROXY']);
  });

  it('a secret that redirects AWS calls or picks a profile or role fails the step at its fn::fromJSON', async () => {
    const r = await job.step({ environment: 'aws-redirect', run: RUN });
    expectRefused(r);
    const errors = errorsOf(r);
    expect(errors).toHaveLength(9);
    expect(new Set(errors.map((e) => `${e.file}:${e.line}:${e.col}`))).toEqual(
      new Set(['.esc/aws-redirect.yaml:5:5']),
    );
    const messages = errors.map((e) => e.message).join('\n');
    for (const n of [
      'AWS_ENDPOINT_URL',
      'AWS_PROFILE',
      'AWS_DEFAULT_PROFILE',
      'AWS_ROLE_ARN',
      'AWS_WEB_IDENTITY_TOKEN_FILE',
      'AWS_CONTAINER_CREDENTIALS_FULL_URI',
      'AWS_EC2_METADATA_SERVICE_ENDPOINT',
    ])
      expect(messages).toContain(`the name "${n}" is computed`);
    // Names that are not well known are not repeated: the rule they matched is.
    expect(messages).toContain('a name from a secret (AWS_ENDPOINT_*) is computed');
    expect(messages).toContain('where AWS SDKs and the aws CLI send requests');
    expect(messages).not.toContain('AWS_REGION');
    expect(leaks(r, 'attacker.example')).toEqual([]);
  });

  it('AWS endpoint and profile names written literally keep working, with a secret value', async () => {
    const r = await job.step({ environment: 'aws-literal', run: 'echo "profile=$AWS_PROFILE"' });
    expectExit(r, 'zero');
    expect(r.stdout).toContain('profile=ci');
    expect(r.githubEnv).toEqual({ AWS_ENDPOINT_URL: 'http://127.0.0.1:4566', AWS_PROFILE: 'ci' });
  });

  it('ordinary names computed from a secret are exported', async () => {
    const r = await job.step({ environment: 'computed-ok', run: 'echo "user=$DB_USER"' });
    expectExit(r, 'zero');
    expect(r.githubEnv).toEqual({ DB_USER: 'app', DB_PASSWORD: 'db-pa55word' });
    expect(r.stdout).toContain('user=app');
  });
});

const tools = requireTools(['moto_server', 'aws']);
const withTools = tools.ok ? describe : describe.skip;

withTools('action: names from a Secrets Manager secret', () => {
  let moto: Moto;
  let oidc: OidcServer;
  let proxy: AwsProxy;
  let workspace: string;

  beforeAll(async () => {
    [moto, oidc] = await Promise.all([startMoto(), startOidcServer()]);
    proxy = await startAwsProxy(moto.url);
    const role = await moto.createRole('gha-names');
    await moto.aws([
      'secretsmanager',
      'create-secret',
      '--name',
      'app/env',
      '--secret-string',
      JSON.stringify({
        BASH_ENV: '$(touch pwned)',
        LD_PRELOAD: '/tmp/evil.so',
        GIT_SSH_COMMAND: 'touch pwned',
        DB_PASSWORD: 'sm-pa55word',
      }),
    ]);
    workspace = makeWorkspace({
      '.esc/app.yaml': [
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
        '          app: {secretId: app/env}',
        '  environmentVariables:',
        '    fn::fromJSON: ${aws.secrets.app}',
        '',
      ].join('\n'),
    });
  });

  afterAll(async () => {
    if (workspace) rmSync(workspace, { recursive: true, force: true });
    await Promise.all([proxy?.stop(), oidc?.stop(), moto?.stop()]);
  });

  it('fails the step at the fn::fromJSON; nothing exported, run never runs', async () => {
    const r = await runAction({
      workspace,
      inputs: { environment: 'app', run: RUN },
      env: { ...oidc.env, ...stepAwsEnv(proxy.url) },
    });
    try {
      expectRefused(r);
      const errors = errorsOf(r);
      expect(errors.map((e) => [e.file, e.line, e.col])).toEqual([
        ['.esc/app.yaml', 14, 5],
        ['.esc/app.yaml', 14, 5],
        ['.esc/app.yaml', 14, 5],
      ]);
      const messages = errors.map((e) => e.message).join('\n');
      for (const n of ['BASH_ENV', 'LD_PRELOAD', 'GIT_SSH_COMMAND'])
        expect(messages).toContain(`the name "${n}" is computed`);
      expect(leaks(r, 'sm-pa55word')).toEqual([]);
    } finally {
      r.cleanup();
    }
  });
});
