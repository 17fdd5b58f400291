// The main scenarios with the runner's step debug logging on (ACTIONS_STEP_DEBUG=true): success
// with aws-login, aws-secrets, fn::secret and files; provider failures and every AWS fault mode
// through the proxy (throttle, 500, reset, AccessDenied, hang); evaluation errors. In each, no
// secret (issued credentials, fn::secret values, provider values, the OIDC token) appears in
// stdout, stderr, the summary or the outputs except on ::add-mask:: lines, and each run ends in
// success or a clear failure inside its deadline.
// The whole e2e suite can be rerun with debug on: ESC_TEST_STEP_DEBUG=1 npm test -- --selectProjects e2e
import { jest } from '@jest/globals';
import { rmSync } from 'node:fs';
import {
  makeWorkspace,
  parseWorkflowCommands,
  requireTools,
  runAction,
  startAwsProxy,
  startMoto,
  startOidcServer,
  stepAwsEnv,
  stsErrors,
  type AwsProxy,
  type Moto,
  type OidcServer,
  type RunResult,
} from '../../scripts/stack/index.mjs';
import { expectMasked } from './runner-log.js';

jest.setTimeout(120_000);

const tools = requireTools(['moto_server', 'aws']);
const withTools = tools.ok ? describe : describe.skip;

const LITERAL_SECRET = 'lit-secret-7f3a9c1e55';
const STORED_SECRET = 'stored-secret-b81d4e2a99';

/** Every credential STS answered with (from the proxy's recorded responses). */
function issued(proxy: AwsProxy): string[] {
  const out: string[] = [];
  for (const c of proxy.callsTo('AssumeRoleWithWebIdentity')) {
    for (const tag of ['AccessKeyId', 'SecretAccessKey', 'SessionToken']) {
      const m = new RegExp(`<${tag}>([^<]+)</${tag}>`).exec(c.responseBody ?? '');
      if (m?.[1]) out.push(m[1]);
    }
  }
  return out;
}

/**
 * The runner, reading stdout and stderr in order, never shows a secret (each `::add-mask::`
 * hiding its value from its own line on), and the channels it does not mask (summary, outputs,
 * state) never hold one.
 */
function expectNoSecretLeak(r: RunResult, secrets: string[]): void {
  for (const s of secrets) expect(s.length).toBeGreaterThan(8);
  expectMasked(r, secrets);
  const channels: [string, string][] = [
    ['summary', r.summary],
    ['outputs', JSON.stringify(r.githubOutput)],
    ['state', JSON.stringify(r.githubState)],
  ];
  for (const s of secrets) {
    for (const [name, text] of channels) {
      if (text.includes(s)) throw new Error(`a secret appears in ${name}:\n${text}`);
    }
  }
}

withTools('with ACTIONS_STEP_DEBUG=true, no secret leaks', () => {
  let moto: Moto;
  let oidc: OidcServer;
  let proxy: AwsProxy;
  let workspace: string;
  let roleArn: string;
  const results: RunResult[] = [];

  beforeAll(async () => {
    [moto, oidc] = await Promise.all([startMoto(), startOidcServer()]);
    proxy = await startAwsProxy(moto.url);
    roleArn = (await moto.createRole('gha-hygiene')).arn;
    await moto.aws([
      'secretsmanager',
      'create-secret',
      '--name',
      'app/db',
      '--secret-string',
      STORED_SECRET,
    ]);
    const login = [
      '  aws:',
      '    login:',
      '      fn::open::aws-login:',
      '        oidc:',
      `          roleArn: ${roleArn}`,
      '          sessionName: hygiene',
    ].join('\n');
    const vars = [
      '  environmentVariables:',
      '    AWS_REGION: us-east-1',
      '    AWS_ACCESS_KEY_ID: ${aws.login.accessKeyId}',
      '    AWS_SECRET_ACCESS_KEY: ${aws.login.secretAccessKey}',
      '    AWS_SESSION_TOKEN: ${aws.login.sessionToken}',
    ].join('\n');
    workspace = makeWorkspace({
      '.esc/full.yaml':
        [
          'values:',
          login,
          '    secrets:',
          '      fn::open::aws-secrets:',
          '        region: us-east-1',
          '        login: ${aws.login}',
          '        get:',
          '          db:',
          '            secretId: app/db',
          `  literal: {fn::secret: ${LITERAL_SECRET}}`,
          vars,
          '    DB_PASSWORD: ${aws.secrets.db}',
          '    LITERAL: ${literal}',
          '  files:',
          '    DB_FILE: "password=${aws.secrets.db}"',
          '    LIT_FILE: ${literal}',
        ].join('\n') + '\n',
      '.esc/login.yaml': ['values:', login, vars].join('\n') + '\n',
      '.esc/errors.yaml':
        [
          'values:',
          `  literal: {fn::secret: ${LITERAL_SECRET}}`,
          '  bad: ${literal.field}',
          '  worse: {fn::fromBase64: "${literal}"}',
          '  json: {fn::fromJSON: "${literal}"}',
          '  environmentVariables:',
          '    X: ${missing}',
        ].join('\n') + '\n',
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

  async function step(inputs: Record<string, string>) {
    const r = await runAction({
      workspace,
      inputs,
      env: { ...oidc.env, ...stepAwsEnv(proxy.url), ACTIONS_STEP_DEBUG: 'true', RUNNER_DEBUG: '1' },
      timeoutMs: 60_000,
    });
    results.push(r);
    return r;
  }

  const secretsOf = () => [...issued(proxy), ...oidc.tokens, LITERAL_SECRET, STORED_SECRET];

  it('success: credentials, aws-secrets, fn::secret and files', async () => {
    const r = await step({
      environment: 'full',
      // Prints every secret the step holds: the runner must hide each of them.
      run: [
        'echo "key=$AWS_ACCESS_KEY_ID secret=$AWS_SECRET_ACCESS_KEY token=$AWS_SESSION_TOKEN"',
        'echo "db=$DB_PASSWORD lit=$LITERAL"',
        'cat "$DB_FILE"; echo',
        'cat "$LIT_FILE"; echo',
      ].join('\n'),
    });
    if (r.code !== 0) throw new Error(r.stdout + r.stderr);
    expect(parseWorkflowCommands(r.stdout).some((c) => c.command === 'debug')).toBe(true);
    expect(r.githubEnv['DB_PASSWORD']).toBe(STORED_SECRET);
    expect(issued(proxy)).toHaveLength(3);
    expect(oidc.tokens.length).toBeGreaterThan(0);
    // The run's own output is printed raw; the whole log is checked as the runner shows it.
    expect(r.stdout).toContain(`password=${STORED_SECRET}`);
    expectNoSecretLeak(r, secretsOf());
    // The check itself can fail: a secret on any channel, or printed before its mask, is caught.
    expect(() => expectNoSecretLeak({ ...r, summary: `x ${STORED_SECRET}` }, secretsOf())).toThrow(
      /summary/,
    );
    expect(() =>
      expectNoSecretLeak({ ...r, stdout: `early ${STORED_SECRET}\n${r.stdout}` }, secretsOf()),
    ).toThrow(/stdout line 1/);
  });

  it('evaluation errors about secret values', async () => {
    const r = await step({ environment: 'errors' });
    expect(r.code).toBe(1);
    expect(
      parseWorkflowCommands(r.stdout).filter((c) => c.command === 'error').length,
    ).toBeGreaterThan(1);
    expectNoSecretLeak(r, secretsOf());
  });

  it.each([
    ['throttle', { kind: 'throttle', times: 2 }, 0],
    ['500', { kind: 'status', status: 500, times: 2 }, 0],
    ['reset', { kind: 'reset', times: 1 }, 0],
    ['AccessDenied', { ...stsErrors.accessDenied() }, 1],
    ['hang', { kind: 'hang' }, 1],
  ] as const)('fault %s on AssumeRoleWithWebIdentity: %s', async (_, rule, code) => {
    proxy.inject({ ...rule, action: 'AssumeRoleWithWebIdentity' });
    const r = await step({ environment: 'login', 'request-timeout': '2s', timeout: '8s' });
    // timedOut false: the step ended by itself (the `timeout` input), the harness did not kill it.
    expect({ code: r.code, timedOut: r.timedOut }).toEqual({ code, timedOut: false });
    if (code !== 0) {
      const errors = parseWorkflowCommands(r.stdout).filter((c) => c.command === 'error');
      expect(errors.length).toBeGreaterThan(0);
      expect(errors.map((e) => e.value).join('\n')).toMatch(
        /AccessDenied|assume role|timed out|deadline/i,
      );
      expect(r.githubEnv).toEqual({});
    } else {
      expect(r.githubEnv['AWS_ACCESS_KEY_ID']).toBeTruthy();
    }
    expectNoSecretLeak(r, secretsOf());
  });

  it('fault on the secrets provider after login: failure, nothing exported, nothing leaked', async () => {
    proxy.inject({
      kind: 'error',
      status: 400,
      code: 'AccessDeniedException',
      message: 'no access',
      action: 'GetSecretValue',
    });
    const r = await step({ environment: 'full' });
    expect(r.code).toBe(1);
    expect(r.githubEnv).toEqual({});
    expectNoSecretLeak(r, secretsOf());
  });
});
