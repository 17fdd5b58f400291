// Load: a 12-leg matrix against one moto, with throttling injected on the first attempts, all
// succeed with their own credentials; 100 sequential runs (provider-free, with files) each
// followed by the post step leave no temporary files and no processes behind (processes counted
// in each step's own process group, never the machine's whole list: other jobs run beside us).
import { jest } from '@jest/globals';
import { readdirSync, rmSync } from 'node:fs';
import {
  makeWorkspace,
  requireTools,
  runAction,
  runPost,
  startAwsProxy,
  startMoto,
  startOidcServer,
  stepAwsEnv,
  type AwsProxy,
  type Moto,
  type OidcServer,
  type RunResult,
} from '../../scripts/stack/index.mjs';

// A hang guard only: 100 sequential steps and their post steps take minutes on a loaded machine.
jest.setTimeout(900_000);

const tools = requireTools(['moto_server', 'aws']);
const withTools = tools.ok ? describe : describe.skip;
const LEGS = 12;
const SEQUENTIAL = Number(process.env['LOAD_SEQUENTIAL_RUNS'] ?? '100');

withTools('a 12-leg matrix against one moto, throttled at first', () => {
  let moto: Moto;
  let oidc: OidcServer;
  let proxy: AwsProxy;
  let workspace: string;
  const results: RunResult[] = [];

  beforeAll(async () => {
    [moto, oidc] = await Promise.all([startMoto(), startOidcServer()]);
    proxy = await startAwsProxy(moto.url);
    const roleArn = (await moto.createRole('gha-matrix')).arn;
    const files: Record<string, string> = {};
    for (let i = 0; i < LEGS; i++) {
      files[`.esc/leg${i}.yaml`] = [
        'values:',
        '  aws:',
        '    login:',
        '      fn::open::aws-login:',
        '        oidc:',
        `          roleArn: ${roleArn}`,
        `          sessionName: leg-${i}`,
        '  environmentVariables:',
        '    AWS_REGION: us-east-1',
        `    LEG: "${i}"`,
        '    AWS_ACCESS_KEY_ID: ${aws.login.accessKeyId}',
        '    AWS_SECRET_ACCESS_KEY: ${aws.login.secretAccessKey}',
        '    AWS_SESSION_TOKEN: ${aws.login.sessionToken}',
      ].join('\n');
    }
    workspace = makeWorkspace(files);
  });

  afterAll(async () => {
    for (const r of results) r.cleanup();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
    await Promise.all([proxy?.stop(), oidc?.stop(), moto?.stop()]);
  });

  it('every leg succeeds with credentials of its own session', async () => {
    // The first 8 STS calls are throttled: most legs retry at least once.
    const throttle = proxy.inject({
      kind: 'throttle',
      action: 'AssumeRoleWithWebIdentity',
      times: 8,
    });
    const legs = await Promise.all(
      Array.from({ length: LEGS }, (_, i) =>
        runAction({
          workspace,
          inputs: { environment: `leg${i}` },
          env: { ...oidc.env, ...stepAwsEnv(proxy.url) },
          timeoutMs: 120_000,
        }),
      ),
    );
    results.push(...legs);
    expect(throttle.hits).toBe(8);
    for (const [i, r] of legs.entries()) {
      if (r.code !== 0) throw new Error(`leg ${i} failed:\n${r.stdout}\n${r.stderr}`);
      expect(r.githubEnv['LEG']).toBe(String(i));
      expect(r.leftover).toEqual([]);
    }
    const keys = legs.map((r) => r.githubEnv['AWS_ACCESS_KEY_ID']);
    expect(new Set(keys).size).toBe(LEGS);
    // Each leg's key is the one STS issued to its own session name.
    for (const [i, r] of legs.entries()) {
      const who = await moto.aws(['sts', 'get-caller-identity'], {
        AWS_ACCESS_KEY_ID: r.githubEnv['AWS_ACCESS_KEY_ID'] ?? '',
        AWS_SECRET_ACCESS_KEY: r.githubEnv['AWS_SECRET_ACCESS_KEY'] ?? '',
        AWS_SESSION_TOKEN: r.githubEnv['AWS_SESSION_TOKEN'] ?? '',
      });
      expect(String(who.Arn)).toMatch(new RegExp(`/gha-matrix/leg-${i}$`));
    }
    expect(proxy.callsTo('AssumeRoleWithWebIdentity').length).toBe(LEGS + 8);
  });
});

describe(`${SEQUENTIAL} sequential runs with files, each with its post step`, () => {
  it('leave no temporary files and no processes behind', async () => {
    const workspace = makeWorkspace({
      '.esc/files.yaml': [
        'values:',
        '  cert: {fn::secret: "-----BEGIN-----\\nabc\\n-----END-----"}',
        '  environmentVariables:',
        '    PLAIN: hello',
        '  files:',
        '    CERT_FILE: ${cert}',
        '    CONFIG_FILE: "key=value"',
      ].join('\n'),
    });
    try {
      for (let i = 0; i < SEQUENTIAL; i++) {
        const main = await runAction({
          workspace,
          inputs: { environment: 'files', run: 'test -s "$CERT_FILE" && test -s "$CONFIG_FILE"' },
        });
        try {
          if (main.code !== 0) throw new Error(`run ${i} failed:\n${main.stdout}\n${main.stderr}`);
          // Nothing of the step (the action, its `run` shell) still running once it ended.
          expect(main.leftover).toEqual([]);
          const during = readdirSync(main.runnerTemp).filter((f) => !f.startsWith('_'));
          expect(during.length).toBeGreaterThan(0);
          const post = await runPost(main);
          if (post.code !== 0) throw new Error(`post ${i} failed:\n${post.stdout}\n${post.stderr}`);
          expect(post.leftover).toEqual([]);
          expect(readdirSync(main.runnerTemp).filter((f) => !f.startsWith('_'))).toEqual([]);
        } finally {
          main.cleanup();
        }
      }
    } finally {
      rmSync(workspace, { recursive: true, force: true });
    }
  });
});
