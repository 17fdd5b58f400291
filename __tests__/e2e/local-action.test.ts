/**
 * Debugging locally with @github/local-action, GitHub's tool for running a JavaScript action on
 * a laptop: it imports an entry that exports `run()` (src/action/main.ts for the main step,
 * src/action/post.ts for the post step), stubs @actions/core and reads inputs from a .env file.
 * This runs the command docs/cli.md gives on a workspace of its own and checks both steps did their work.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeWorkspace } from '../../scripts/stack/index.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const bin = path.join(root, 'node_modules', '.bin', 'local-action');

describe('@github/local-action runs the main and post steps', () => {
  let ws: string;
  beforeAll(() => {
    ws = makeWorkspace({
      '.esc/debug.yaml': [
        'values:',
        '  greeting: hello',
        '  environmentVariables:',
        '    GREETING: ${greeting} from local-action',
        '  files:',
        '    NOTE: some file content',
        '',
      ].join('\n'),
    });
    fs.mkdirSync(path.join(ws, 'temp'));
    fs.writeFileSync(
      path.join(ws, '.env'),
      [
        `GITHUB_WORKSPACE=${ws}`,
        `RUNNER_TEMP=${path.join(ws, 'temp')}`,
        'INPUT_ENVIRONMENT=debug',
        'INPUT_RUN=echo "run sees: $GREETING; file: $(cat "$NOTE")"',
        '',
      ].join('\n'),
    );
  });
  afterAll(() => fs.rmSync(ws, { recursive: true, force: true }));

  test('the main step evaluates, exports and runs; the post step removes its files', () => {
    const r = spawnSync(
      bin,
      ['run', '.', 'src/action/main.ts', path.join(ws, '.env'), '--post', 'src/action/post.ts'],
      {
        cwd: root,
        encoding: 'utf8',
        env: { PATH: process.env.PATH, HOME: process.env.HOME },
      },
    );
    const out = `${r.stdout}${r.stderr}`;
    expect({ code: r.status, stack: /\n\s+at /.test(r.stderr) }).toEqual({ code: 0, stack: false });
    expect(out).toContain('::group::Load .esc/debug.yaml');
    expect(out).toContain('run sees: hello from local-action; file: some file content\n');
    expect(out).toContain('::set-output name=exported-variables::GREETING,NOTE');
    expect(out).toMatch(/Running Post Step[\s\S]*Removed 1 temporary file folder/);
    // The main step wrote its file folder under RUNNER_TEMP; the post step removed it.
    expect(fs.readdirSync(path.join(ws, 'temp'))).toEqual([]);
  }, 150_000);
});
