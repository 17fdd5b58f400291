// All or nothing: any error diagnostic is an annotation at file, line and column, fails the step,
// and leaves GITHUB_ENV, GITHUB_OUTPUT and RUNNER_TEMP untouched. Warnings annotate and pass.
// check-only (fork pull requests): no token, no AWS call, no export; errors still fail.
import { jest } from '@jest/globals';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  startOidcServer,
  seedEnvironmentYaml,
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

describe('action: all or nothing', () => {
  const job = new Job({
    '.esc/bad.yaml': [
      'imports: [base]',
      'values:',
      '  name: app',
      '  environmentVariables:',
      '    GOOD: fine',
      '    BAD: ${nmae}',
      '  files:',
      '    F: some bytes',
      '',
    ].join('\n'),
    '.esc/base.yaml': 'values:\n  x: 1\n',
    '.esc/bad-import.yaml': 'imports: [broken]\nvalues:\n  environmentVariables:\n    A: b\n',
    '.esc/broken.yaml': 'values:\n  a: ${missing.thing}\n',
    // An unknown top-level key warns (a near miss of values/imports would be an error).
    '.esc/warn.yaml': 'owner: team-a\nvalues:\n  environmentVariables:\n    A: b\n',
    '.esc/bad-name.yaml': 'values:\n  environmentVariables:\n    "BAD-NAME": x\n    OK: y\n',
  });
  afterAll(() => job.cleanup());

  it('annotates the error at file, line and column and writes nothing anywhere', async () => {
    const r = await job.step({ environment: 'bad', run: 'touch ran-marker' });
    expectExit(r, 'non-zero');
    const errors = commandsOf(r, 'error').filter((e) => e.properties['file']);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.properties).toMatchObject({ file: '.esc/bad.yaml', line: '6', col: '12' });
    expect(errors[0]?.value).toMatch(/nmae/);
    expect(r.githubEnv).toEqual({});
    expect(r.githubOutput).toEqual({});
    expect(r.githubState).toEqual({});
    expect(filesDirs(r)).toEqual([]);
    expect(existsSync(join(job.workspace, 'ran-marker'))).toBe(false);
  });

  it('annotates an error inside an imported file at that file', async () => {
    const r = await job.step({ environment: 'bad-import' });
    expectExit(r, 'non-zero');
    const files = commandsOf(r, 'error').map((e) => e.properties['file']);
    expect(files).toContain('.esc/broken.yaml');
    expect(r.githubEnv).toEqual({});
  });

  it('reports warnings as annotations without failing', async () => {
    const r = await job.step({ environment: 'warn' });
    expectExit(r, 'zero');
    const w = commandsOf(r, 'warning');
    expect(w).toHaveLength(1);
    expect(w[0]?.properties).toMatchObject({ file: '.esc/warn.yaml', line: '1', col: '1' });
    expect(r.githubEnv).toEqual({ A: 'b' });
  });

  it('refuses a variable name the runner cannot export, exporting nothing', async () => {
    const r = await job.step({ environment: 'bad-name' });
    expectExit(r, 'non-zero');
    expect(r.stdout).toContain('BAD-NAME');
    expect(r.githubEnv).toEqual({});
    expect(r.githubOutput).toEqual({});
  });

  it('parses boolean inputs strictly, naming the input', async () => {
    for (const [input, value] of [
      ['export-variables', 'yes'],
      ['check-only', '1'],
      ['show-summary', 'off'],
    ] as const) {
      const r = await job.step({ environment: 'warn', [input]: value });
      expectExit(r, 'non-zero');
      const e = commandsOf(r, 'error');
      expect(e.map((c) => c.value).join('\n')).toContain(
        `input "${input}" must be true or false, got "${value}"`,
      );
      expect(r.githubEnv).toEqual({});
      expect(r.githubOutput).toEqual({});
    }
  });

  it('fails with the exit code of `run`, after exporting', async () => {
    const r = await job.step({ environment: 'warn', run: 'exit 3' });
    expectExit(r, 3);
    expect(r.githubEnv).toEqual({ A: 'b' });
    expect(commandsOf(r, 'error').map((e) => e.value)).toContain('run exited with code 3');
  });
});

describe('action: check-only', () => {
  let oidc: OidcServer;
  const job = new Job({
    '.esc/aws-dev.yaml': seedEnvironmentYaml('arn:aws:iam::123456789012:role/gha-deploy'),
    '.esc/typo.yaml': seedEnvironmentYaml('arn:aws:iam::123456789012:role/gha-deploy').replace(
      '${aws.login.sessionToken}',
      '${aws.lgin.sessionToken}',
    ),
  });
  beforeAll(async () => {
    oidc = await startOidcServer();
  });
  afterAll(async () => {
    job.cleanup();
    await oidc?.stop();
  });

  it('evaluates without a token or an AWS call and exports nothing', async () => {
    const r = await job.step(
      { environment: 'aws-dev', 'check-only': 'true', run: 'touch ran-marker' },
      { env: { ...oidc.env, ...NO_AWS } },
    );
    expectExit(r, 'zero');
    expect(oidc.requests).toHaveLength(0);
    expect(r.githubEnv).toEqual({});
    expect(r.githubState).toEqual({});
    expect(r.masks).toEqual([]);
    expect(existsSync(join(job.workspace, 'ran-marker'))).toBe(false);
    expect(r.summary).toContain('check-only');
  });

  it('runs on a fork pull request, which has no id-token permission', async () => {
    const r = await job.step(
      { environment: 'aws-dev', 'check-only': 'true' },
      {
        env: {
          ...NO_AWS,
          GITHUB_EVENT_NAME: 'pull_request',
          ACTIONS_ID_TOKEN_REQUEST_URL: undefined,
          ACTIONS_ID_TOKEN_REQUEST_TOKEN: undefined,
        },
      },
    );
    expectExit(r, 'zero');
    expect(commandsOf(r, 'error')).toEqual([]);
  });

  it('fails on errors, with annotations, still without a token', async () => {
    const r = await job.step(
      { environment: 'typo', 'check-only': 'true' },
      { env: { ...oidc.env, ...NO_AWS } },
    );
    expectExit(r, 'non-zero');
    const e = commandsOf(r, 'error').find((c) => c.properties['file'] === '.esc/typo.yaml');
    expect(e?.value).toMatch(/lgin/);
    expect(e?.properties['line']).toBeDefined();
    expect(e?.properties['col']).toBeDefined();
    expect(oidc.requests).toHaveLength(0);
    expect(r.githubEnv).toEqual({});
  });
});
