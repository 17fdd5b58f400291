/**
 * Debugging locally with @github/local-action, GitHub's tool for running a JavaScript action on
 * a laptop: it imports an entry that exports `run()` (src/action/main.ts for the main step,
 * src/action/post.ts for the post step) and reads inputs from a .env file. This runs
 * `npm run local-action -- <env file>` as docs/cli.md gives it, on a workspace of its own: the log
 * shows what the page says it shows, and the command's status is the step's.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isErrorCommand, stepStatus } from '../../scripts/local-action.mjs';
import { makeWorkspace } from '../../scripts/stack/index.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const SECRET = 'local-action-secret-value-42';

/** `npm run local-action -- <env file>` from the repository root, with a bare environment. */
function localAction(envFile: string) {
  const r = spawnSync('npm', ['run', '--silent', 'local-action', '--', envFile], {
    cwd: root,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
  });
  return { code: r.status, out: `${r.stdout}${r.stderr}`, stderr: r.stderr };
}

describe('@github/local-action runs the main and post steps', () => {
  let ws: string;
  beforeAll(() => {
    ws = makeWorkspace({
      '.esc/debug.yaml': [
        'values:',
        '  greeting: hello',
        '  environmentVariables:',
        '    GREETING: ${greeting} from local-action',
        `  token: {fn::secret: ${SECRET}}`,
        '  files:',
        '    NOTE: some file content',
        '    TOKEN: ${token}',
        '',
      ].join('\n'),
      '.esc/broken.yaml': 'values:\n  environmentVariables:\n    A: ${missing}\n',
    });
    fs.mkdirSync(path.join(ws, 'temp'));
    fs.writeFileSync(
      path.join(ws, '.env'),
      [
        `GITHUB_WORKSPACE=${ws}`,
        `RUNNER_TEMP=${path.join(ws, 'temp')}`,
        'INPUT_ENVIRONMENT=debug',
        'INPUT_RUN=echo "run sees: $GREETING; file: $(cat "$NOTE")"; echo "token: $(cat "$TOKEN")"',
        '',
      ].join('\n'),
    );
    const env = (extra: string[]) =>
      [`GITHUB_WORKSPACE=${ws}`, `RUNNER_TEMP=${path.join(ws, 'temp')}`, ...extra, ''].join('\n');
    fs.writeFileSync(path.join(ws, 'broken.env'), env(['INPUT_ENVIRONMENT=broken']));
    fs.writeFileSync(
      path.join(ws, 'run-fails.env'),
      env(['INPUT_ENVIRONMENT=debug', 'INPUT_RUN=exit 7']),
    );
  });
  afterAll(() => fs.rmSync(ws, { recursive: true, force: true }));

  test('the main step evaluates, exports and runs; the post step removes its files', () => {
    const r = localAction(path.join(ws, '.env'));
    expect({ code: r.code, stack: /\n\s+at /.test(r.stderr) }).toEqual({ code: 0, stack: false });
    expect(r.out).toContain('::group::Load .esc/debug.yaml');
    expect(r.out).toContain('run sees: hello from local-action; file: some file content\n');
    // What docs/cli.md says the log shows: no masks and no exported values (local-action keeps
    // them), redacted lines from the action, the command's own output as it prints it, and the
    // outputs in local-action's table.
    expect(r.out).not.toContain('::add-mask::');
    expect(r.out).not.toContain('::set-env');
    expect(r.out).toContain('GREETING: exported to later steps');
    expect(r.out).toContain(`token: ${SECRET}\n`);
    expect(r.out).toMatch(/Action Outputs[\s\S]*'exported-variables' │ 'GREETING,NOTE,TOKEN'/);
    expect(r.out).toMatch(/Running Post Step[\s\S]*Removed 1 temporary file folder/);
    // The main step wrote its file folder under RUNNER_TEMP; the post step removed it.
    expect(fs.readdirSync(path.join(ws, 'temp'))).toEqual([]);
  }, 150_000);

  test('a step that fails makes the command fail: an error in the environment', () => {
    const r = localAction(path.join(ws, 'broken.env'));
    expect(r.out).toContain('unknown property "missing"');
    expect(r.code).not.toBe(0);
    expect(r.code).not.toBeNull();
  }, 150_000);

  test("a step that fails makes the command fail: run's exit code", () => {
    const r = localAction(path.join(ws, 'run-fails.env'));
    expect(r.out).toContain('::error::run exited with code 7');
    expect(r.code).toBe(7);
  }, 150_000);
});

describe("local-action's status when its stand-in for @actions/core is used", () => {
  test('an ::error command fails the step even when local-action exits 0', () => {
    // The stand-in prints commands in colour and leaves the process status alone.
    expect(isErrorCommand('\x1b[31m::error::run exited with code 1\x1b[39m')).toBe(true);
    expect(isErrorCommand('::error file=.esc/a.yaml,line=3::unknown property')).toBe(true);
    expect(isErrorCommand('::warning::not an error')).toBe(false);
    expect(isErrorCommand('echo ::error:: inside a line')).toBe(false);
    expect(stepStatus(0, null, true)).toBe(1);
    expect(stepStatus(0, null, false)).toBe(0);
    expect(stepStatus(3, null, false)).toBe(3);
    expect(stepStatus(null, 'SIGKILL', false)).toBe(1);
  });
});
