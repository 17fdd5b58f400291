/**
 * The CLI installed the way docs/cli.md tells users to: with npm, from the action's own git
 * repository (no package registry: the name on the public registry is not ours). A clone of this
 * repository with the current bundles is installed from a local git URL, offline, into a fresh
 * project, and its `esc-action` binary runs `check` on an example.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveEntry } from '../../scripts/stack/index.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.invalid', ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();

describe('the CLI installed with npm from a git URL', () => {
  let tmp: string;
  let bin: string;
  let project: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'esc-install-'));
    const clone = path.join(tmp, 'esc-action');
    git(tmp, 'clone', '-q', '--no-hardlinks', root, clone);
    // The clone gets the bundles and manifest under test (they may not be committed yet).
    fs.rmSync(path.join(clone, 'dist'), { recursive: true, force: true });
    fs.cpSync(path.dirname(resolveEntry('dist/index.js')), path.join(clone, 'dist'), {
      recursive: true,
    });
    fs.copyFileSync(path.join(root, 'package.json'), path.join(clone, 'package.json'));
    git(clone, 'add', '-A');
    git(clone, 'commit', '-q', '--allow-empty', '-m', 'bundles under test');
    git(clone, 'tag', 'v0-test');

    project = path.join(tmp, 'project');
    fs.mkdirSync(path.join(project, '.esc'), { recursive: true });
    fs.copyFileSync(
      path.join(root, '__fixtures__', 'workflow', 'example.yaml'),
      path.join(project, '.esc', 'example.yaml'),
    );
    fs.writeFileSync(path.join(project, '.esc', 'broken.yaml'), 'values:\n  a: ${nope}\n');
    // Offline, with a cache of its own: nothing may come from a registry.
    execFileSync(
      'npm',
      [
        'install',
        '--offline',
        '--no-audit',
        '--no-fund',
        '--cache',
        path.join(tmp, 'npm-cache'),
        '--prefix',
        project,
        `git+file://${clone}#v0-test`,
      ],
      { cwd: project, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    bin = path.join(project, 'node_modules', '.bin', 'esc-action');
  }, 180_000);
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const esc = (...args: string[]) => {
    const r = spawnSync(bin, args, {
      cwd: project,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  test('installs only the package itself: its bundles need nothing else', () => {
    expect(fs.readdirSync(path.join(project, 'node_modules')).sort()).toEqual([
      '.bin',
      '.package-lock.json',
      'esc-action',
    ]);
  });

  test('check runs on an example and fails on a broken file with file:line:col', () => {
    const ok = esc('check', 'example');
    expect([ok.code, ok.stderr]).toEqual([0, '.esc/example.yaml: ok\n']);
    const bad = esc('check', 'broken');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('.esc/broken.yaml:2:8: error: unknown property "nope"\n');
  });

  test('no arguments is a usage error (exit 2, usage on stderr); --help is not', () => {
    const none = esc();
    expect(none.code).toBe(2);
    expect(none.stdout).toBe('');
    expect(none.stderr).toMatch(
      /^esc-action: no command given: use open, check, run or doctor\n\nUsage:\n/,
    );
    const help = esc('--help');
    expect([help.code, help.stderr]).toEqual([0, '']);
    expect(help.stdout).toMatch(/^Usage:\n {2}esc-action open <env>/);
  });
});
