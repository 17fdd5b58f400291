/**
 * The CLI on a laptop: outside a runner, `context.github.{repository, ref, sha}` come from the
 * local git checkout and the CLI says so; what only a runner knows stays unknown in `check`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { ACTION_NODE, makeWorkspace, resolveEntry } from '../../scripts/stack/index.mjs';

const cli = resolveEntry('dist/cli/index.js');

function esc(args: string[], cwd: string, extra: NodeJS.ProcessEnv = {}) {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...extra };
  const r = spawnSync(ACTION_NODE, [cli, ...args], { cwd, env, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('CLI outside a runner: context.github from the local git checkout', () => {
  let ws: string;
  let sha: string;
  beforeAll(() => {
    ws = makeWorkspace({
      // The README's first environment file, as a user copies it.
      '.esc/aws-dev.yaml': [
        'values:',
        '  aws:',
        '    login:',
        '      fn::open::aws-login:',
        '        oidc:',
        '          duration: 1h',
        '          roleArn: arn:aws:iam::123456789012:role/gha-deploy',
        '          sessionName: gha-${context.github.run_id}',
        '  environmentVariables:',
        '    AWS_REGION: us-east-1',
        '    AWS_ACCESS_KEY_ID: ${aws.login.accessKeyId}',
        '',
      ].join('\n'),
      '.esc/where.yaml': [
        'values:',
        '  environmentVariables:',
        '    REPO: ${context.github.repository}',
        '    REF: ${context.github.ref}',
        '    SHA: ${context.github.sha}',
        '',
      ].join('\n'),
    });
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd: ws, encoding: 'utf8' }).trim();
    git('init', '-q', '-b', 'trunk');
    git('remote', 'add', 'origin', 'git@github.com:octo/laptop.git');
    git('add', '.');
    git('-c', 'user.name=t', '-c', 'user.email=t@e', 'commit', '-q', '-m', 'envs');
    sha = git('rev-parse', 'HEAD');
  });
  afterAll(() => fs.rmSync(ws, { recursive: true, force: true }));

  test('open fills repository, ref and sha from git and says so on stderr', () => {
    const r = esc(['open', 'where', '--format', 'dotenv'], ws);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`REF="refs/heads/trunk"\nREPO="octo/laptop"\nSHA="${sha}"\n`);
    expect(r.stderr).toBe(
      'note: not in a GitHub Actions runner: context.github.repository, context.github.ref, ' +
        'context.github.sha from the local git checkout; actor, run_id, run_attempt, workflow, ' +
        'job, event_name absent (set GITHUB_* variables to give them values)\n',
    );
  });

  test("check passes on the README's example: run_id is unknown, not an error", () => {
    const r = esc(['check', 'aws-dev'], ws);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/\n\.esc\/aws-dev\.yaml: ok\n$/);
    expect(r.stderr).toContain('context.github.repository, context.github.ref');
    expect(r.stderr).toContain('run_id, run_attempt, workflow, job, event_name unknown');
  });

  test('GITHUB_* variables win over git, and a runner never consults git', () => {
    const local = esc(['open', 'where', '--format', 'dotenv'], ws, { GITHUB_REF: 'refs/tags/v1' });
    expect(local.stdout).toContain('REF="refs/tags/v1"\n');
    expect(local.stdout).toContain('REPO="octo/laptop"\n');
    const runner = esc(['open', 'where', '--format', 'dotenv'], ws, {
      GITHUB_ACTIONS: 'true',
      GITHUB_REPOSITORY: 'octo/from-runner',
      GITHUB_REF: 'refs/heads/main',
      GITHUB_SHA: '0'.repeat(40),
    });
    expect(runner.code).toBe(0);
    expect(runner.stderr).toBe('');
    expect(runner.stdout).toBe(
      `REF="refs/heads/main"\nREPO="octo/from-runner"\nSHA="${'0'.repeat(40)}"\n`,
    );
  });
});
