import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { evaluateEnvironment } from '../../../src/eval/evaluate.js';
import {
  githubContext,
  localGithubContext,
  repositoryOfRemote,
  type GitRunner,
} from '../../../src/host/context.js';

describe('context.github', () => {
  test('repositoryOfRemote reads owner/name from the usual remote URL forms', () => {
    const cases: [string, string | undefined][] = [
      ['https://github.com/octo/esc-action.git', 'octo/esc-action'],
      ['https://github.com/octo/esc-action', 'octo/esc-action'],
      ['https://token@github.com/octo/esc-action/', 'octo/esc-action'],
      ['git@github.com:octo/esc-action.git', 'octo/esc-action'],
      ['ssh://git@ghe.example.com:2222/team/app.git', 'team/app'],
      ['  git@github.com:octo/x.y.git\n', 'octo/x.y'],
      ['/srv/git/octo/repo.git', undefined],
      ['file:///srv/git/repo', undefined],
      ['https://github.com/just-owner', undefined],
    ];
    for (const [url, want] of cases) expect([url, repositoryOfRemote(url)]).toEqual([url, want]);
  });

  test('in a runner, only the GITHUB_* variables count and git is never asked', () => {
    const git: GitRunner = () => {
      throw new Error('git must not run in a runner');
    };
    const env = { GITHUB_ACTIONS: 'true', GITHUB_SHA: 'abc', GITHUB_RUN_ID: '7' };
    expect(localGithubContext(env, '/', git)).toEqual({
      context: { github: { sha: 'abc', run_id: '7' } },
      fromGit: [],
      missing: [],
    });
    expect(githubContext(env)).toEqual({ github: { sha: 'abc', run_id: '7' } });
    expect(githubContext({ GITHUB_SHA: 'abc' })).toEqual({});
  });

  test('outside a runner, repository/ref/sha come from git unless their variables are set', () => {
    const asked: string[] = [];
    const git: GitRunner = (args) => {
      asked.push(args.join(' '));
      if (args[0] === 'config') return 'git@github.com:octo/app.git';
      if (args[0] === 'symbolic-ref') return 'refs/heads/feature';
      return 'f'.repeat(40);
    };
    const got = localGithubContext({ GITHUB_SHA: 'from-env', GITHUB_ACTOR: 'me' }, '/w', git);
    expect(got.context).toEqual({
      github: {
        sha: 'from-env',
        actor: 'me',
        repository: 'octo/app',
        ref: 'refs/heads/feature',
      },
    });
    expect(got.fromGit).toEqual(['repository', 'ref']);
    expect(got.missing).toEqual(['run_id', 'run_attempt', 'workflow', 'job', 'event_name']);
    expect(asked).not.toContain('rev-parse --verify -q HEAD');
  });

  test('outside a runner and outside a checkout there is no context.github', () => {
    const got = localGithubContext({}, '/', () => undefined);
    expect(got).toEqual({ context: {}, fromGit: [], missing: expect.any(Array) });
    expect(got.missing).toHaveLength(9);
  });

  test('a real checkout: detached HEAD has a sha but no ref; no remote, no repository', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esc-git-'));
    try {
      const git = (...args: string[]) =>
        execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
      git('init', '-q', '-b', 'main');
      git('-c', 'user.name=t', '-c', 'user.email=t@e', 'commit', '-q', '--allow-empty', '-m', 'x');
      const sha = git('rev-parse', 'HEAD');
      expect(localGithubContext({}, dir).context).toEqual({
        github: { ref: 'refs/heads/main', sha },
      });
      git('remote', 'add', 'origin', 'https://github.com/octo/real.git');
      git('checkout', '-q', '--detach');
      const detached = localGithubContext({}, dir);
      expect(detached.context).toEqual({ github: { repository: 'octo/real', sha } });
      expect(detached.fromGit).toEqual(['repository', 'sha']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('unknownContextKeys names a whole key or one key of a context object', async () => {
    const text = [
      'values:',
      '  a: ${context.github.repository}',
      '  b: ${context.github.run_id}',
      '  c: ${context.other}',
      '',
    ].join('\n');
    const r = await evaluateEnvironment('e', {
      loader: (name) => ({ name, path: `${name}.yaml`, text }),
      mode: 'check',
      context: { github: { repository: 'octo/app' } },
      unknownContextKeys: ['github.run_id', 'github.repository', 'other'],
    });
    expect(r.diagnostics).toEqual([]);
    const values = r.value?.repr instanceof Map ? r.value.repr : new Map();
    expect(values.get('a')?.repr).toBe('octo/app');
    expect(values.get('b')?.unknown).toBe(true);
    expect(values.get('c')?.unknown).toBe(true);
  });
});
