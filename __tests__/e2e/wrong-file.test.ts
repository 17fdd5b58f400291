// Never succeed with a wrong file: the first-day mistakes (a misspelled reserved key, a map one
// level too deep, a list where text goes, `keys` naming nothing, a wrong environment name, a
// missing working-directory) fail the bundled action and CLI with the error at its key; a run
// reports every error a check reports before opening anything; a failed login is one error.
// The log is read as the runner shows it.
import { jest } from '@jest/globals';
import { runCli, startOidcServer, type OidcServer } from '../../scripts/stack/index.mjs';
import { Job, commandsOf, expectExit } from './action-support.js';
import { runnerLines } from './runner-log.js';

jest.setTimeout(120_000);

/** AWS pointed at a port nobody listens on: any AWS call fails. */
const NO_AWS = {
  AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
  AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:9',
  AWS_REGION: 'us-east-1',
};

const LOGIN = [
  'values:',
  '  aws:',
  '    login:',
  '      fn::open::aws-login:',
  '        oidc:',
  '          roleArn: arn:aws:iam::123456789012:role/deploy',
];

const FILES: Record<string, string> = {
  '.esc/singular.yaml': 'values:\n  environmentVariable:\n    A: one\n',
  '.esc/underscore.yaml': 'values:\n  environment_variables:\n    A: one\n',
  '.esc/capital-files.yaml': 'values:\n  Files:\n    KUBECONFIG: x\n',
  '.esc/capital-values.yaml': 'Values:\n  environmentVariables:\n    A: one\n',
  '.esc/too-deep.yaml':
    'values:\n  aws:\n    region: us-east-1\n    environmentVariables:\n      AWS_REGION: ${aws.region}\n',
  '.esc/intended.yaml':
    'values:\n  file: kept on purpose  # esc-action: intended\n  environmentVariables:\n    A: one\n',
  '.esc/lists.yaml':
    'values:\n  environmentVariables:\n    A: [1, 2]\n    B: {x: 1}\n    N: 1.50\n    T: true\n  files:\n    F: [x]\n',
  '.esc/keys.yaml': 'values:\n  environmentVariables:\n    AWS_REGION: us-east-1\n    OTHER: x\n',
  '.esc/six.yaml': [
    'values:',
    '  joined:',
    '    fn::jion: [",", [a, b]]',
    '  environmentVariable:',
    '    A: one',
    '  environmentVariables:',
    '    LIST: [1, 2]',
    '    TYPO: ${nmae}',
    '    "BAD-NAME": x',
    '    OBJ: {x: 1}',
    '',
  ].join('\n'),
  '.esc/login.yaml': [
    ...LOGIN,
    '  environmentVariables:',
    '    AWS_REGION: us-east-1',
    '    AWS_ACCESS_KEY_ID: ${aws.login.accessKeyId}',
    '    AWS_SECRET_ACCESS_KEY: ${aws.login.secretAccessKey}',
    '    AWS_SESSION_TOKEN: ${aws.login.sessionToken}',
    '',
  ].join('\n'),
  '.esc/aws-dev.yaml': 'values:\n  environmentVariables:\n    A: one\n',
  'app/.keep': '',
};

/** The `::error` annotations with a file, as `line:col message`. */
function annotations(stdout: string): string[] {
  return runnerLines(stdout)
    .filter((l) => l.startsWith('::error ') && l.includes('file='))
    .map((l) => {
      const m = /line=(\d+)(?:,endLine=\d+)?(?:,col=(\d+))?[^:]*::(.*)$/.exec(l);
      return m ? `${m[1]}${m[2] ? `:${m[2]}` : ''} ${m[3]}` : l;
    });
}

describe('wrong files: the bundled action and CLI', () => {
  const job = new Job(FILES);
  afterAll(() => job.cleanup());

  /** The CLI outside a runner (no GITHUB_ACTIONS). */
  const cli = (args: string[]) =>
    runCli(args, { workspace: job.workspace, env: { GITHUB_ACTIONS: undefined, ...NO_AWS } });

  it.each([
    [
      'singular',
      '2:3',
      "'environmentVariable' under values is ignored: did you mean 'environmentVariables'?",
    ],
    [
      'underscore',
      '2:3',
      "'environment_variables' under values is ignored: did you mean 'environmentVariables'?",
    ],
    ['capital-files', '2:3', "'Files' under values is ignored: did you mean 'files'?"],
    [
      'capital-values',
      '1:1',
      "'Values' differs from 'values' only in case (did you mean 'values'?)",
    ],
    [
      'too-deep',
      '4:5',
      "'environmentVariables' under 'aws' is not exported: only values.environmentVariables is",
    ],
  ])(
    '%s: an error at the key, in open and check mode, and nothing exported',
    async (env, at, text) => {
      for (const inputs of [{ environment: env }, { environment: env, 'check-only': 'true' }]) {
        const r = await job.step(inputs, { env: NO_AWS });
        expectExit(r, 'non-zero');
        const [a, ...rest] = annotations(r.stdout);
        expect(rest).toEqual([]);
        expect(a?.startsWith(`${at} ${text}`)).toBe(true);
        expect(a).toContain('"# esc-action: intended"');
        expect(r.githubEnv).toEqual({});
      }
      for (const command of ['check', 'open']) {
        const c = await cli([command, env]);
        expect(c.code).toBe(1);
        expect(c.stderr).toContain(`.esc/${env}.yaml:${at}: error: ${text}`);
        expect(c.stdout).toBe('');
      }
    },
  );

  it('a name marked "# esc-action: intended" is kept, and the rest is exported', async () => {
    const r = await job.step({ environment: 'intended' }, { env: NO_AWS });
    expectExit(r, 'zero');
    expect(r.githubEnv).toEqual({ A: 'one' });
    const c = await cli(['check', 'intended']);
    expect(c.code).toBe(0);
  });

  it('lists and objects under environmentVariables or files are errors naming the fix; numbers and booleans are exported', async () => {
    const expected = [
      '3:5 A is a list, which cannot be exported (an environment variable holds text): write it as text with fn::toJSON, or with fn::join for a list of strings',
      '4:5 B is an object, which cannot be exported (an environment variable holds text): write it as text with fn::toJSON',
      '8:5 F is a list, which cannot be written as a file (a file holds text): write it as text with fn::toJSON, or with fn::join for a list of strings',
    ];
    for (const inputs of [
      { environment: 'lists' },
      { environment: 'lists', 'check-only': 'true' },
    ]) {
      const r = await job.step(inputs, { env: NO_AWS });
      expectExit(r, 'non-zero');
      expect(annotations(r.stdout)).toEqual(expected);
      expect(r.githubEnv).toEqual({});
    }
    for (const args of [
      ['check', 'lists'],
      ['open', 'lists', '--format', 'dotenv'],
      ['run', 'lists', '--', 'true'],
    ]) {
      const c = await cli(args);
      expect(c.code).toBe(1);
      expect(c.stderr).toContain('.esc/lists.yaml:3:5: error: A is a list');
      expect(c.stderr).toContain('.esc/lists.yaml:8:5: error: F is a list');
    }
    // Once fixed, numbers and booleans are written as ESC writes them.
    const fixed = new Job({
      '.esc/fixed.yaml':
        'values:\n  environmentVariables:\n    A: {fn::toJSON: [1, 2]}\n    L: {fn::join: [",", [a, b]]}\n    N: 1.50\n    T: true\n',
    });
    try {
      const r = await fixed.step({ environment: 'fixed' }, { env: NO_AWS });
      expectExit(r, 'zero');
      expect(r.githubEnv).toEqual({ A: '[1,2]', L: 'a,b', N: '1.5', T: 'true' });
    } finally {
      fixed.cleanup();
    }
  });

  it('keys naming a variable the environment does not define is an error with the nearest name', async () => {
    const r = await job.step({ environment: 'keys', keys: 'AWS_REGON' }, { env: NO_AWS });
    expectExit(r, 'non-zero');
    const errors = commandsOf(r, 'error').map((e) => e.value);
    expect(errors).toContain(
      'input "keys" lists AWS_REGON, which .esc/keys.yaml does not define (did you mean AWS_REGION?)',
    );
    expect(r.githubEnv).toEqual({});
    const ok = await job.step({ environment: 'keys', keys: 'AWS_REGION' }, { env: NO_AWS });
    expectExit(ok, 'zero');
    expect(ok.githubEnv).toEqual({ AWS_REGION: 'us-east-1' });
  });

  it('a run reports every error a check reports, before opening anything', async () => {
    const check = await job.step({ environment: 'six', 'check-only': 'true' }, { env: NO_AWS });
    const open = await job.step({ environment: 'six' }, { env: NO_AWS });
    expectExit(check, 'non-zero');
    expectExit(open, 'non-zero');
    expect(annotations(check.stdout).length).toBeGreaterThanOrEqual(6);
    expect(annotations(open.stdout)).toEqual(annotations(check.stdout));
    for (const what of ['fn::jion', "'environmentVariable'", 'LIST', 'BAD-NAME', 'nmae', 'OBJ'])
      expect(annotations(open.stdout).some((a) => a.includes(what))).toBe(true);
    expect(open.stdout).toContain('checked: ');
    expect(open.stdout).toContain('nothing was opened');
    const c = await cli(['open', 'six']);
    const k = await cli(['check', 'six']);
    expect(c.code).toBe(1);
    expect(c.stderr.split('\n').filter((l) => l.includes(': error: '))).toEqual(
      k.stderr.split('\n').filter((l) => l.includes(': error: ')),
    );
  });

  it('a wrong environment name suggests the nearest file; actions/checkout is named only in a runner', async () => {
    const r = await job.step({ environment: 'aws-devv' }, { env: NO_AWS });
    expectExit(r, 'non-zero');
    const failure = commandsOf(r, 'error')
      .map((e) => e.value)
      .join('\n');
    expect(failure).toContain('environment "aws-devv" not found (did you mean "aws-dev"?)');
    expect(failure).toContain('actions/checkout');
    const c = await cli(['check', 'aws-devv']);
    expect(c.code).toBe(1);
    expect(c.stderr).toContain('environment "aws-devv" not found (did you mean "aws-dev"?)');
    expect(c.stderr).not.toContain('actions/checkout');
  });
});

describe('wrong inputs and failed logins', () => {
  let oidc: OidcServer;
  const job = new Job(FILES);
  beforeAll(async () => {
    oidc = await startOidcServer();
  });
  afterAll(async () => {
    job.cleanup();
    await oidc.stop();
  });
  beforeEach(() => oidc.reset());

  it('a working-directory that does not exist fails before the OIDC token is requested', async () => {
    const r = await job.step(
      { environment: 'login', run: 'true', 'working-directory': 'ap' },
      { env: { ...oidc.env, ...NO_AWS } },
    );
    expectExit(r, 'non-zero');
    expect(commandsOf(r, 'error').map((e) => e.value)).toEqual([
      expect.stringMatching(
        /^input "working-directory" names ap, which does not exist or is not a directory/,
      ),
    ]);
    expect(oidc.requests).toHaveLength(0);
    // The same step with the directory there gets as far as the token.
    const ok = await job.step(
      { environment: 'login', run: 'true', 'working-directory': 'app' },
      { env: { ...oidc.env, ...NO_AWS } },
    );
    expectExit(ok, 'non-zero');
    expect(oidc.requests.length).toBeGreaterThan(0);
  });

  it('a failed login is one error at its fn::open counting what depends on it, after the Open providers group', async () => {
    // No token permission: the runner gives no token endpoint.
    const r = await job.step({ environment: 'login' }, { env: NO_AWS });
    expectExit(r, 'non-zero');
    const lines = runnerLines(r.stdout);
    const errors = annotations(r.stdout);
    expect(errors).toHaveLength(1);
    // A message of several lines is annotated at its line, without a column.
    expect(errors[0]).toMatch(/^4 no OIDC token is available/);
    expect(errors[0]).toContain(
      '%0A(3 values depend on it: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN)',
    );
    const group = lines.indexOf('::group::Open providers');
    const outcome = lines.indexOf(
      'aws-login (.esc/login.yaml:4): failed; the error below says why',
    );
    const annotation = lines.findIndex((l) => l.startsWith('::error ') && l.includes('file='));
    expect(group).toBeGreaterThan(-1);
    expect(outcome).toBeGreaterThan(group);
    expect(annotation).toBeGreaterThan(outcome);
    expect(r.stdout).toContain('1 error in the environment; nothing was exported');

    const c = await runCli(['open', 'login'], {
      workspace: job.workspace,
      env: { GITHUB_ACTIONS: undefined, ...NO_AWS },
    });
    expect(c.code).toBe(1);
    const cliErrors = c.stderr.split('\n').filter((l) => l.includes(': error: '));
    expect(cliErrors).toHaveLength(1);
    expect(cliErrors[0]).toMatch(/^\.esc\/login\.yaml:4:7: error: no OIDC token is available/);
    expect(cliErrors[0]).toContain('values depend on it');
  });
});
