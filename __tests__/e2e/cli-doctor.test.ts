// `esc-action doctor` end to end on moto: each shared trust-policy case is an IAM role there (with
// GitHub's OIDC provider in the account), checked by `node dist/cli/index.js doctor` from the
// claims the action prints; its verdict, reasons and exit status. The round trip: an action step
// refused by STS prints the likely cause, the doctor command and the claims, and doctor run on
// those claims names the condition. Usage and access errors exit 2; only `doctor` loads its chunk.
import { jest } from '@jest/globals';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ACCOUNT,
  CHAINED_CASES,
  ENVIRONMENT_SUB_REASON,
  HUB_CASE,
  PROVIDER_CLIENT_IDS,
  TRUST_CASES,
  asExpected,
  type TrustCase,
} from '../../__fixtures__/doctor/trust-policies.js';
import {
  REPO_ROOT,
  aws,
  makeWorkspace,
  requireTools,
  seedEnvironmentYaml,
  resolveEntry,
  runCli,
  startAwsProxy,
  startMoto,
  startOidcServer,
  stepAwsEnv,
  stsErrors,
  type AwsProxy,
  type Moto,
  type OidcServer,
  type RunOptions,
  type RunResult,
} from '../../scripts/stack/index.mjs';
import { Job, commandsOf, expectExit } from './action-support.js';
import { expectMasked } from './runner-log.js';

jest.setTimeout(300_000);

const tools = requireTools(['moto_server', 'aws']);
const withTools = tools.ok ? describe : describe.skip;

const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;

const loginYaml = (role: string) =>
  [
    'values:',
    '  aws:',
    '    login:',
    '      fn::open::aws-login:',
    '        oidc:',
    `          roleArn: ${role}`,
    '  environmentVariables:',
    '    AWS_ACCESS_KEY_ID: ${aws.login.accessKeyId}',
    '',
  ].join('\n');

interface DoctorJson {
  roles: {
    roleArn: string;
    allowed: boolean;
    reasons: {
      kind: string;
      statement: string | null;
      operator: string | null;
      key: string | null;
      expected: string[];
      actual: unknown;
      fix: string;
    }[];
  }[];
}

withTools('esc-action doctor on moto', () => {
  let moto: Moto;
  let workspace: string;
  const results: RunResult[] = [];

  const createRole = (name: string, policy: unknown) =>
    aws(
      [
        'iam',
        'create-role',
        '--role-name',
        name,
        '--assume-role-policy-document',
        JSON.stringify(policy),
      ],
      moto.env,
      // An aws CLI process starts slowly on a loaded machine.
      { timeoutMs: 120_000 },
    );

  beforeAll(async () => {
    moto = await startMoto();
    await moto.aws([
      'iam',
      'create-open-id-connect-provider',
      '--url',
      'https://token.actions.githubusercontent.com',
      '--client-id-list',
      ...PROVIDER_CLIENT_IDS,
      '--thumbprint-list',
      '6938fd4d98bab03faadb97b34396831e3780aea1',
    ]);
    const files: Record<string, string> = {
      '.esc/no-login.yaml': 'values:\n  x: 1\n',
      '.esc/missing-role.yaml': loginYaml(roleArn('no-such-role')),
      '.esc/seed.yaml': seedEnvironmentYaml(roleArn('environment-sub')),
    };
    // A few aws CLI processes at a time.
    const all = [...TRUST_CASES, ...CHAINED_CASES];
    for (let i = 0; i < all.length; i += 4) {
      await Promise.all(all.slice(i, i + 4).map((c) => createRole(c.name, c.policy)));
    }
    for (const c of TRUST_CASES) {
      files[`.esc/${c.name}.yaml`] = loginYaml(roleArn(c.name));
      files[`claims/${c.name}.json`] = JSON.stringify(c.claims);
    }
    const chain = [
      'values:',
      '  aws:',
      '    hub:',
      '      fn::open::aws-login:',
      '        oidc:',
      `          roleArn: ${roleArn(HUB_CASE)}`,
    ];
    for (const c of CHAINED_CASES) {
      chain.push(
        `    ${c.name}:`,
        '      fn::open::aws-assume-role:',
        '        login: ${aws.hub}',
        `        roleArn: ${roleArn(c.name)}`,
        ...c.inputs.map((l) => `        ${l}`),
      );
    }
    // A role chained on static keys has no known caller: it is not checked.
    chain.push(
      '    unknown-caller:',
      '      fn::open::aws-assume-role:',
      '        login: {accessKeyId: AKIAIOSFODNN7EXAMPLE, secretAccessKey: x}',
      `        roleArn: ${roleArn('chained-other-principal')}`,
    );
    files['.esc/chain.yaml'] = chain.join('\n') + '\n';
    files['.esc/cross-account.yaml'] = [
      ...chain.slice(0, 6),
      '    leg:',
      '      fn::open::aws-assume-role:',
      '        login: ${aws.hub}',
      '        roleArn: arn:aws:iam::210987654321:role/elsewhere',
      '',
    ].join('\n');
    workspace = makeWorkspace(files, 'esc-action-doctor-');
  });

  afterAll(async () => {
    for (const r of results) r.cleanup();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
    await moto?.stop();
  });

  async function doctor(args: string[], options: RunOptions = {}): Promise<RunResult> {
    const r = await runCli(['doctor', ...args], {
      workspace,
      env: moto.env,
      timeoutMs: 60_000,
      ...options,
    });
    results.push(r);
    return r;
  }

  const json = (r: RunResult): DoctorJson => JSON.parse(r.stdout) as DoctorJson;

  it.each(TRUST_CASES.map((c) => [c.name, c] as const))(
    '%s: the verdict and every reason',
    async (_name, c: TrustCase) => {
      const r = await doctor([c.name, '--claims', `claims/${c.name}.json`, '--format', 'json']);
      expectExit(r, c.allowed ? 0 : 1);
      const out = json(r);
      expect(out.roles).toHaveLength(1);
      const role = out.roles[0]!;
      expect(role.roleArn).toBe(roleArn(c.name));
      expect(role.allowed).toBe(c.allowed);
      expect(asExpected(role.reasons, c.reasons)).toEqual(c.reasons);
      role.reasons.forEach((got) => {
        expect(Object.keys(got).sort()).toEqual(
          ['actual', 'expected', 'fix', 'key', 'kind', 'operator', 'statement'].sort(),
        );
      });
    },
  );

  it('a condition reason carries the operator, the key as written, the values and the claim', async () => {
    const r = await doctor([
      'environment-sub',
      '--claims',
      'claims/environment-sub.json',
      '--format=json',
    ]);
    expectExit(r, 1);
    expect(json(r).roles[0]!.reasons).toEqual([ENVIRONMENT_SUB_REASON]);
  });

  it('prints a readable verdict with each reason and its fix', async () => {
    const r = await doctor([
      'wildcard-under-stringequals',
      '--claims',
      'claims/wildcard-under-stringequals.json',
    ]);
    expectExit(r, 1);
    expect(r.stdout).toContain(`${roleArn('wildcard-under-stringequals')}: refused\n`);
    expect(r.stdout).toContain(
      '  - condition (Statement[0]): StringEquals token.actions.githubusercontent.com:sub expects ["repo:octo-org/octo-repo:*"]',
    );
    expect(r.stdout).toMatch(
      /\n {4}fix: StringEquals does not expand wildcards: write the condition as "StringLike"/,
    );
    const ok = await doctor(['allow-ifexists', '--claims', 'claims/allow-ifexists.json']);
    expectExit(ok, 0);
    expect(ok.stdout).toBe(`${roleArn('allow-ifexists')}: allowed\n`);
  });

  it('builds the claims from the flags: environment, pull requests, the audience', async () => {
    const base = ['--repository', 'octo-org/octo-repo', '--format', 'json'];
    const env = await doctor(['environment-sub', ...base, '--environment', 'prod']);
    expectExit(env, 1);
    expect(json(env).roles[0]!.reasons[0]!.actual).toBe('repo:octo-org/octo-repo:environment:prod');
    const main = await doctor(['environment-sub', ...base, '--ref', 'refs/heads/main']);
    expectExit(main, 0);
    const pr = await doctor([
      'pull-request',
      ...base,
      '--event',
      'pull_request',
      '--ref',
      'refs/pull/7/merge',
    ]);
    expectExit(pr, 1);
    expect(json(pr).roles[0]!.reasons[0]!.actual).toBe('repo:octo-org/octo-repo:pull_request');
    const aud = await doctor(['audience', ...base, '--audience', 'https://github.com/octo-org']);
    expectExit(aud, 1);
    expect(json(aud).roles[0]!.reasons.map((x) => x.kind)).toEqual(['condition', 'provider']);
    const sub = await doctor([
      'allow-repository-id',
      ...base,
      '--sub',
      'repo:octo-org@1001/octo-repo@2002:ref:refs/heads/main',
      '--repository-id',
      '2002',
      '--owner-id',
      '1001',
    ]);
    expectExit(sub, 0);
  });

  it('checks each role chained on the login (aws-assume-role) against the login’s role', async () => {
    const claims = `claims/${HUB_CASE}.json`;
    const r = await doctor(['chain', '--claims', claims, '--format', 'json']);
    expectExit(r, 1);
    const roles = json(r).roles;
    expect(roles.map((x) => x.roleArn).sort()).toEqual(
      [roleArn(HUB_CASE), ...CHAINED_CASES.map((c) => roleArn(c.name))].sort(),
    );
    expect(roles[0]).toEqual({ roleArn: roleArn(HUB_CASE), allowed: true, reasons: [] });
    for (const c of CHAINED_CASES) {
      const got = roles.find((x) => x.roleArn === roleArn(c.name))!;
      expect({ name: c.name, allowed: got.allowed }).toEqual({ name: c.name, allowed: c.allowed });
      expect(asExpected(got.reasons, c.reasons)).toEqual(c.reasons);
    }
  });

  it('a role whose trust policy cannot be read is named, and the run exits 2', async () => {
    const r = await doctor([
      'cross-account',
      '--claims',
      `claims/${HUB_CASE}.json`,
      '--format',
      'json',
    ]);
    expectExit(r, 2);
    expect(json(r).roles.map((x) => [x.roleArn, x.allowed])).toEqual([[roleArn(HUB_CASE), true]]);
    expect(r.stderr).toContain(
      'cannot read the trust policy of arn:aws:iam::210987654321:role/elsewhere',
    );
  });

  it('opens a file written for the runner outside one (context.github.run_id)', async () => {
    const outside = { ...moto.env, GITHUB_ACTIONS: undefined, GITHUB_RUN_ID: undefined };
    const r = await doctor(
      ['seed', '--repository', 'octo-org/octo-repo', '--environment', 'prod'],
      {
        env: outside,
      },
    );
    expectExit(r, 1);
    expect(r.stdout).toContain(`${roleArn('environment-sub')}: refused`);
    expect(r.stderr).toContain('"sub":"repo:octo-org/octo-repo:environment:prod"');
    const ok = await doctor(
      ['seed', '--repository', 'octo-org/octo-repo', '--ref', 'refs/heads/main'],
      {
        env: outside,
      },
    );
    expectExit(ok, 0);
  });

  it('exits 2 with a clear message on usage and access errors', async () => {
    const noCreds = await doctor(['environment-sub', '--claims', 'claims/environment-sub.json'], {
      env: { ...moto.env, AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined },
    });
    expectExit(noCreds, 2);
    expect(noCreds.stderr).toContain('esc-action doctor: no AWS credentials');
    expect(noCreds.stdout).toBe('');

    const missing = await doctor(['missing-role', '--claims', 'claims/environment-sub.json']);
    expectExit(missing, 2);
    expect(missing.stderr).toContain(
      `cannot read the trust policy of ${roleArn('no-such-role')}: the role does not exist`,
    );

    const noLogin = await doctor(['no-login', '--claims', 'claims/environment-sub.json']);
    expectExit(noLogin, 2);
    expect(noLogin.stderr).toContain('opens no aws-login with an oidc login');

    const noFile = await doctor(['environment-sub', '--claims', 'claims/none.json']);
    expectExit(noFile, 2);
    expect(noFile.stderr).toContain('--claims claims/none.json: cannot read the file (ENOENT)');

    const both = await doctor([
      'environment-sub',
      '--claims',
      'x.json',
      '--ref',
      'refs/heads/main',
    ]);
    expectExit(both, 2);
  });

  it('only the doctor command loads the doctor chunk; the action’s bundle holds none of it', async () => {
    const cliDir = resolveEntry('dist/cli/index.js').replace(/index\.js$/, '');
    const marker = 'ListOpenIDConnectProviders';
    const chunks = readdirSync(cliDir).filter(
      (f) => f.endsWith('.js') && readFileSync(join(cliDir, f), 'utf8').includes(marker),
    );
    expect(chunks).toHaveLength(1);
    expect(chunks[0]).not.toBe('index.js');
    const distDir = resolveEntry('dist/index.js').replace(/index\.js$/, '');
    for (const f of readdirSync(distDir).filter((n) => n.endsWith('.js'))) {
      expect(readFileSync(join(distDir, f), 'utf8')).not.toContain(marker);
    }
    const loaded = async (args: string[]) => {
      const list = join(tmpdir(), `esc-imported-${process.pid}-${Date.now()}.txt`);
      const r = await runCli(args, {
        workspace,
        env: {
          ...moto.env,
          NODE_OPTIONS: `--import=${join(REPO_ROOT, 'scripts', 'stack', 'imported-hook.mjs')}`,
          ESC_IMPORTED_FILE: list,
        },
      });
      results.push(r);
      const files = existsSync(list) ? readFileSync(list, 'utf8').split('\n').filter(Boolean) : [];
      rmSync(list, { force: true });
      return { r, files: files.map((u) => new URL(u).pathname) };
    };
    const check = await loaded(['check', 'environment-sub']);
    expectExit(check.r, 0);
    expect(check.files).toContain(join(cliDir, 'index.js'));
    expect(check.files).not.toContain(join(cliDir, chunks[0]!));
    const doc = await loaded([
      'doctor',
      'allow-ifexists',
      '--claims',
      'claims/allow-ifexists.json',
    ]);
    expectExit(doc.r, 0);
    expect(doc.files).toContain(join(cliDir, chunks[0]!));
  });

  describe('an action step refused by STS', () => {
    let oidc: OidcServer;
    let proxy: AwsProxy;
    let job: Job;

    beforeAll(async () => {
      oidc = await startOidcServer();
      proxy = await startAwsProxy(moto.url);
      job = new Job({ '.esc/deploy.yaml': loginYaml(roleArn('environment-sub')) });
    });

    afterAll(async () => {
      job?.cleanup();
      await Promise.all([proxy?.stop(), oidc?.stop()]);
    });

    it('explains itself, and doctor on the printed claims names the condition', async () => {
      oidc.setClaims({
        sub: 'repo:octo-org/octo-repo:environment:prod',
        environment: 'prod',
        repository_id: '2002',
      });
      proxy.inject({ ...stsErrors.accessDenied(), action: 'AssumeRoleWithWebIdentity' });
      const r = await job.step(
        { environment: 'deploy' },
        { env: { ...oidc.env, ...stepAwsEnv(proxy.url) } },
      );
      expectExit(r, 1);
      const message = commandsOf(r, 'error')
        .map((e) => e.value)
        .join('\n');
      expect(message).toContain(`could not assume role ${roleArn('environment-sub')}`);
      expect(message).toContain('Likely cause: the job runs in the environment "prod"');
      expect(message).toContain('\n  esc-action doctor deploy --claims claims.json\n');
      const line = message.split('\n').find((l) => l.startsWith('{'));
      expect(line).toBeDefined();
      const printed = JSON.parse(line!) as Record<string, string>;
      expect(printed).toMatchObject({
        sub: 'repo:octo-org/octo-repo:environment:prod',
        aud: 'sts.amazonaws.com',
        environment: 'prod',
        repository_id: '2002',
      });
      expect(oidc.tokens.length).toBeGreaterThan(0);
      expectMasked(r, oidc.tokens);
      for (const t of oidc.tokens) expect(message).not.toContain(t.split('.')[2]!);

      writeFileSync(join(workspace, 'claims', 'printed.json'), line!);
      const d = await doctor([
        'environment-sub',
        '--claims',
        'claims/printed.json',
        '--format',
        'json',
      ]);
      expectExit(d, 1);
      expect(json(d).roles[0]!.reasons).toEqual([
        expect.objectContaining({
          kind: 'condition',
          key: 'token.actions.githubusercontent.com:sub',
          actual: 'repo:octo-org/octo-repo:environment:prod',
        }),
      ]);
    });
  });
});
