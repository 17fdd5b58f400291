// The three AWS providers through the bundled action, as a workflow uses them: one OIDC login
// shared by Secrets Manager and Parameter Store readers, the same login written twice (once in an
// import), and the values exported and masked. Every AWS call goes through the recording proxy.
import { jest } from '@jest/globals';
import { rmSync } from 'node:fs';
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
import { expectMasked } from './runner-log.js';

jest.setTimeout(90_000);

const tools = requireTools(['moto_server', 'aws']);
const withTools = tools.ok ? describe : describe.skip;

withTools('AWS providers through the action', () => {
  let moto: Moto;
  let oidc: OidcServer;
  let proxy: AwsProxy;
  let workspace: string;

  beforeAll(async () => {
    [moto, oidc] = await Promise.all([startMoto(), startOidcServer()]);
    proxy = await startAwsProxy(moto.url);
    const role = await moto.createRole('gha-app');
    await Promise.all([
      moto.aws([
        'secretsmanager',
        'create-secret',
        '--name',
        'prod/db',
        '--secret-string',
        '{"user":"app","password":"pa55-w0rd-from-sm"}',
      ]),
      moto.aws([
        'ssm',
        'put-parameter',
        '--name',
        '/app/hosts',
        '--type',
        'StringList',
        '--value',
        'a.example,b.example',
      ]),
      moto.aws([
        'ssm',
        'put-parameter',
        '--name',
        '/app/key',
        '--type',
        'SecureString',
        '--value',
        'ssm-secure-value-42',
      ]),
    ]);
    const login = [
      '      fn::open::aws-login:',
      '        oidc:',
      `          roleArn: ${role.arn}`,
      '          sessionName: app-deploy',
    ].join('\n');
    workspace = makeWorkspace({
      '.esc/base.yaml': `values:\n  shared:\n    login:\n${login}\n`,
      '.esc/app.yaml': [
        'imports: [base]',
        'values:',
        '  aws:',
        '    login:',
        login,
        '    secrets:',
        '      fn::open::aws-secrets:',
        '        region: us-east-1',
        '        login: ${aws.login}',
        '        get:',
        '          db: {secretId: prod/db}',
        '    params:',
        '      fn::open::aws-parameter-store:',
        '        region: us-east-1',
        '        login: ${shared.login}',
        '        get:',
        '          hosts: {name: /app/hosts}',
        '          key: {name: /app/key, decrypt: true}',
        '  db:',
        '    fn::fromJSON: ${aws.secrets.db}',
        '  environmentVariables:',
        '    DB_PASSWORD: ${db.password}',
        '    HOSTS:',
        '      fn::join: [",", "${aws.params.hosts}"]',
        '    API_KEY: ${aws.params.key}',
        '    AWS_ACCESS_KEY_ID: ${aws.login.accessKeyId}',
        '',
      ].join('\n'),
    });
  });

  afterAll(async () => {
    if (workspace) rmSync(workspace, { recursive: true, force: true });
    await Promise.all([proxy?.stop(), oidc?.stop(), moto?.stop()]);
  });

  it('opens one login for two identical ones, reads secrets and parameters with it, masks them', async () => {
    const r = await runAction({
      workspace,
      // `run` prints every value the step holds; the runner must hide the secret ones.
      inputs: {
        environment: 'app',
        run: 'echo "db $DB_PASSWORD key $API_KEY id $AWS_ACCESS_KEY_ID hosts $HOSTS"',
      },
      env: { ...oidc.env, ...stepAwsEnv(proxy.url) },
    });
    if (r.code !== 0) throw new Error(`exit ${r.code}\n${r.stdout}\n${r.stderr}`);
    try {
      expect(oidc.requests).toHaveLength(1);
      expect(proxy.callsTo('AssumeRoleWithWebIdentity')).toHaveLength(1);
      expect(proxy.callsTo('GetSecretValue')).toHaveLength(1);
      // One GetParameters per decrypt setting (WithDecryption applies to the whole call).
      expect(proxy.callsTo('GetParameters').map((c) => JSON.parse(c.body).WithDecryption)).toEqual(
        expect.arrayContaining([false, true]),
      );
      expect(proxy.callsTo('GetParameters')).toHaveLength(2);
      expect(r.githubEnv['DB_PASSWORD']).toBe('pa55-w0rd-from-sm');
      expect(r.githubEnv['HOSTS']).toBe('a.example,b.example');
      expect(r.githubEnv['API_KEY']).toBe('ssm-secure-value-42');
      for (const secret of ['pa55-w0rd-from-sm', 'ssm-secure-value-42']) {
        expect(r.masks).toContain(secret);
      }
      expect(r.stdout).toContain('hosts a.example,b.example');
      expectMasked(r, [
        'pa55-w0rd-from-sm',
        'ssm-secure-value-42',
        r.githubEnv['AWS_ACCESS_KEY_ID'],
        ...oidc.tokens,
      ]);
      // The SDK's note about its own future Node.js support is not this step's business.
      expect(r.stderr).not.toContain('NodeVersionSupportWarning');
      // The hosts list is not secret (a StringList), so it is not masked.
      expect(r.masks).not.toContain('a.example,b.example');
    } finally {
      r.cleanup();
    }
  });
});
