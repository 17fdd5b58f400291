// No silent placeholders, through the bundles as a runner runs them: a provider input the schema
// does not allow is an error at its key (check-only too); a value still unknown in open mode is an
// error at its key naming the provider call that was not opened; nothing reaches GITHUB_ENV,
// GITHUB_OUTPUT, a file or `run`. The CLI's check, open and run behave the same.
import { jest } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  ACTION_NODE,
  makeWorkspace,
  resolveEntry,
  startOidcServer,
  type OidcServer,
} from '../../scripts/stack/index.mjs';
import { Job, commandsOf, expectExit, filesDirs } from './action-support.js';

jest.setTimeout(60_000);

/** AWS pointed at a port nobody listens on: any AWS call would fail the step. */
const NO_AWS = {
  AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
  AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:9',
  AWS_REGION: 'us-east-1',
};

const ROLE = 'arn:aws:iam::123456789012:role/gha-deploy';

/** The seed environment with one line of its `oidc` block replaced. */
const login = (oidcLines: string[]) =>
  [
    'values:',
    '  aws:',
    '    login:',
    '      fn::open::aws-login:',
    '        oidc:',
    ...oidcLines.map((l) => `          ${l}`),
    '  environmentVariables:',
    '    AWS_REGION: us-east-1',
    '    AWS_ACCESS_KEY_ID: ${aws.login.accessKeyId}',
    '    AWS_SECRET_ACCESS_KEY: "${aws.login.secretAccessKey}"',
    '    AWS_SESSION_TOKEN: x-${aws.login.sessionToken}',
    '  files:',
    '    AWS_CREDENTIALS_FILE: ${aws.login.secretAccessKey}',
    '',
  ].join('\n');

const FILES: Record<string, string> = {
  '.esc/typo.yaml': login([`roleArn: ${ROLE}`, 'sesionName: deploy']),
  '.esc/foreign.yaml': login([`roleArn: ${ROLE}`, 'externalId: abc']),
  '.esc/required.yaml': login([`rolArn: ${ROLE}`]),
  '.esc/good.yaml': login([`roleArn: ${ROLE}`]),
  '.esc/secrets.yaml': [
    'values:',
    '  creds:',
    '    fn::open::aws-secrets:',
    '      region: us-east-1',
    '      login: {accessKeyId: a, secretAccessKey: b}',
    '      get:',
    '        db: {secretId: prod/db, VersionStage: AWSCURRENT}',
    '  environmentVariables:',
    '    DB: ${creds.db}',
    '',
  ].join('\n'),
  '.esc/importer.yaml': [
    'imports: [typo]',
    'values:',
    '  environmentVariables:',
    '    FROM_IMPORT: ${aws.login.accessKeyId}',
    '',
  ].join('\n'),
  '.esc/builtin.yaml': 'values:\n  environmentVariables:\n    A: {fn::jion: ["-", [a, b]]}\n',
};

const TYPO_KEY = { file: '.esc/typo.yaml', line: '7', col: '11' };
describe('action: no silent placeholders', () => {
  let oidc: OidcServer;
  const job = new Job(FILES);
  beforeAll(async () => {
    oidc = await startOidcServer();
  });
  afterAll(async () => {
    job.cleanup();
    await oidc?.stop();
  });

  /** Nothing left the step: no variable, output, state, file or `run`. */
  function expectNothingExported(r: Awaited<ReturnType<Job['step']>>): void {
    expect(r.githubEnv).toEqual({});
    expect(r.githubOutput).toEqual({});
    expect(r.githubState).toEqual({});
    expect(filesDirs(r)).toEqual([]);
    expect(existsSync(join(job.workspace, 'ran-marker'))).toBe(false);
    expect(r.stdout + r.stderr).not.toContain('[unknown]');
  }

  it('a misspelled optional key fails the step at that key; nothing runs', async () => {
    const r = await job.step(
      { environment: 'typo', run: 'echo "$AWS_ACCESS_KEY_ID" > ran-marker' },
      { env: { ...oidc.env, ...NO_AWS } },
    );
    expectExit(r, 'non-zero');
    const errors = commandsOf(r, 'error').filter((e) => e.properties['file']);
    const atKey = errors.find((e) => e.properties['line'] === TYPO_KEY.line);
    expect(atKey?.properties).toMatchObject(TYPO_KEY);
    expect(atKey?.value).toBe('unexpected property sesionName; did you mean sessionName?');
    // The run stops at the check's errors: the values that depend on the login are not
    // reported once more each (one cause, one error), and nothing is opened.
    expect(errors.map((e) => e.properties['line'])).toEqual([TYPO_KEY.line]);
    expect(errors.filter((e) => e.value.includes('is unknown'))).toEqual([]);
    expect(r.stdout).toContain('nothing was opened');
    expectNothingExported(r);
  });

  it('check-only fails on the same key, without a token', async () => {
    const tokensBefore = oidc.requests.length;
    const r = await job.step(
      { environment: 'typo', 'check-only': 'true' },
      { env: { ...oidc.env, ...NO_AWS } },
    );
    expectExit(r, 'non-zero');
    const e = commandsOf(r, 'error').filter((c) => c.properties['file']);
    expect(e.map((c) => c.properties)).toEqual([expect.objectContaining(TYPO_KEY)]);
    expect(e[0]?.value).toContain('did you mean sessionName?');
    expect(oidc.requests).toHaveLength(tokensBefore);
    expectNothingExported(r);
  });

  it.each([
    ['foreign', '7', '11', 'unexpected property externalId'],
    ['required', '6', '11', 'unexpected property rolArn; did you mean roleArn?'],
    ['secrets', '7', '33', 'unexpected property VersionStage; did you mean versionStage?'],
    ['builtin', '3', '9', 'fn::jion is not a builtin function; did you mean fn::join?'],
  ])('%s: an error at line %s, column %s', async (environment, line, col, message) => {
    for (const checkOnly of ['true', 'false']) {
      const r = await job.step(
        { environment, 'check-only': checkOnly, run: 'touch ran-marker' },
        { env: { ...oidc.env, ...NO_AWS } },
      );
      expectExit(r, 'non-zero');
      const e = commandsOf(r, 'error').find((c) => c.properties['line'] === line);
      expect(e?.properties).toMatchObject({ file: `.esc/${environment}.yaml`, line, col });
      expect(e?.value).toContain(message);
      expectNothingExported(r);
    }
  });

  it('a value unknown through an import is left to the error in the imported file', async () => {
    const r = await job.step({ environment: 'importer' }, { env: { ...oidc.env, ...NO_AWS } });
    expectExit(r, 'non-zero');
    // The cause, in the imported file, is the one error; FROM_IMPORT is not reported again.
    const errors = commandsOf(r, 'error').filter((c) => c.properties['file']);
    expect(errors.map((e) => e.properties)).toEqual([expect.objectContaining(TYPO_KEY)]);
    expectNothingExported(r);
  });

  it('a provider that fails to open leaves nothing exported, one error saying what depends on it', async () => {
    // No id-token permission: aws-login cannot get a token, so it fails to open.
    const r = await job.step(
      { environment: 'good', run: 'touch ran-marker' },
      {
        env: {
          ...NO_AWS,
          ACTIONS_ID_TOKEN_REQUEST_URL: undefined,
          ACTIONS_ID_TOKEN_REQUEST_TOKEN: undefined,
        },
      },
    );
    expectExit(r, 'non-zero');
    // One error, at the fn::open, counting the values that depend on it.
    const errors = commandsOf(r, 'error').filter((e) => e.properties['file']);
    expect(errors.map((e) => [e.properties['file'], e.properties['line']])).toEqual([
      ['.esc/good.yaml', '4'],
    ]);
    expect(errors[0]?.value).toMatch(/^no OIDC token is available/);
    expect(errors[0]?.value).toContain(
      '(4 values depend on it: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_CREDENTIALS_FILE)',
    );
    expectNothingExported(r);
  });
});

describe('CLI: no silent placeholders', () => {
  const cli = resolveEntry('dist/cli/index.js');
  let ws: string;
  beforeAll(() => {
    ws = makeWorkspace(FILES);
  });
  afterAll(() => rmSync(ws, { recursive: true, force: true }));

  /** Outside a runner: no token variables, AWS unreachable. */
  function esc(args: string[]) {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...NO_AWS };
    const r = spawnSync(ACTION_NODE, [cli, ...args], { cwd: ws, env, encoding: 'utf8' });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  const TYPO_LINE =
    '.esc/typo.yaml:7:11: error: unexpected property sesionName; did you mean sessionName?';

  it.each([['check'], ['open'], ['open', '--format', 'dotenv']])(
    '%s exits 1 with the error at the key and prints nothing',
    (...args) => {
      const r = esc([...args, 'typo']);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr.split('\n')).toContain(TYPO_LINE);
    },
  );

  it('open stops at the input error: no value is reported unknown because of it', () => {
    const r = esc(['open', 'typo']);
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([TYPO_LINE]);
    expect(r.stdout + r.stderr).not.toContain('[unknown]');
  });

  it('run exits 1 and does not run the command', () => {
    const marker = join(ws, 'cli-ran');
    const r = esc(['run', 'typo', '--', 'touch', marker]);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')).toContain(TYPO_LINE);
    expect(existsSync(marker)).toBe(false);
  });

  it('run and open fail when a provider fails to open, saying which', () => {
    const marker = join(ws, 'cli-ran-good');
    for (const args of [
      ['run', 'good', '--', 'touch', marker],
      ['open', 'good'],
    ]) {
      const r = esc(args);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      const errors = r.stderr.split('\n').filter((l) => l.includes(': error: '));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(/^\.esc\/good\.yaml:4:7: error: no OIDC token is available/);
      expect(errors[0]).toContain('values depend on it: aws.login, AWS_ACCESS_KEY_ID');
    }
    expect(existsSync(marker)).toBe(false);
  });

  it('check accepts the environment whose inputs are right', () => {
    const r = esc(['check', 'good']);
    expect(r.stderr).toBe('.esc/good.yaml: ok\n');
    expect(r.code).toBe(0);
  });
});
