// All or nothing, for every failure, through the bundled action as a runner runs it: a value no
// process environment can hold (NUL byte, too large alone or together), a file name that cannot be
// written, a temp folder or file command that cannot be written, a run command that cannot start.
// Each fails the step with its message (an annotation at file:line:col when it comes from the
// environment file), leaves GITHUB_ENV, GITHUB_OUTPUT and GITHUB_STATE as they were and no folder
// in RUNNER_TEMP, never runs `run`, and prints no stack trace and no value. The post step removes
// only our own folders, whatever GITHUB_STATE says.
import { jest } from '@jest/globals';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, runCli, type RunResult } from '../../scripts/stack/index.mjs';
import {
  Job,
  commandsOf,
  expectExit,
  filesDirs,
  leaks,
  unprivilegedStep,
} from './action-support.js';

jest.setTimeout(120_000);

const SECRET = 'n0tInTheLog-7f3a';
const LIMIT = 128 * 1024 - 1; // bytes of one NAME=value
const RAN = 'ran-marker';

const yaml = (...lines: string[]) => ['values:', ...lines].join('\n') + '\n';

const job = new Job({
  '.esc/nul-start.yaml': yaml('  environmentVariables:', '    OK: fine', '    BAD: "\\0abc"'),
  '.esc/nul-middle.yaml': yaml('  environmentVariables:', '    OK: fine', '    BAD: "ab\\0c"'),
  '.esc/nul-end.yaml': yaml('  environmentVariables:', '    OK: fine', '    BAD: "abc\\0"'),
  '.esc/nul-secret.yaml': yaml(
    '  token:',
    `    fn::secret: "${SECRET}\\0tail"`,
    '  environmentVariables:',
    '    OK: fine',
    '    TOKEN: ${token}',
  ),
  '.esc/nul-decoded.yaml': yaml(
    '  files:',
    '    KEY: some file',
    '  environmentVariables:',
    '    DECODED:',
    `      fn::fromBase64: ${Buffer.from('a\0b').toString('base64')}`,
  ),
  '.esc/at-limit.yaml': yaml('  environmentVariables:', `    BIG: ${'x'.repeat(LIMIT - 4)}`),
  '.esc/above-limit.yaml': yaml(
    '  files:',
    '    KEY: some file',
    '  environmentVariables:',
    '    OK: fine',
    `    BIG: ${'x'.repeat(LIMIT - 3)}`,
  ),
  '.esc/built-large.yaml': yaml(
    `  part: ${'p'.repeat(70_000)}`,
    '  environmentVariables:',
    '    JOINED:',
    '      fn::join: ["", ["${part}", "${part}"]]',
  ),
  // Ten variables of 120,000 bytes each, from a small file.
  '.esc/total.yaml': yaml(
    `  half: ${'z'.repeat(60_000)}`,
    '  big: {fn::join: ["", ["${half}", "${half}"]]}',
    '  environmentVariables:',
    ...Array.from({ length: 10 }, (_, i) => `    V${i}: \${big}`),
  ),
  '.esc/file-names.yaml': yaml(
    '  environmentVariables:',
    '    SHARED: v',
    '  files:',
    '    NUL: device',
    '    SHARED: clash',
  ),
  '.esc/mid-write.yaml': yaml(
    '  environmentVariables:',
    '    A_SMALL: first',
    `    B_LARGE: ${'x'.repeat(6000)}`,
    `    C_LARGE: ${'y'.repeat(3000)}`,
    '  files:',
    '    KEY: some file',
  ),
  '.esc/good.yaml': yaml(
    '  environmentVariables:',
    '    GREETING: hello',
    '  files:',
    '    KEY: some file',
  ),
});
afterAll(() => job.cleanup());

const STACK = /^\s+at .*(\(|:\d+:\d+)/m;

/** Nothing of the step survives: the file commands as before, no folder, run not run. */
function expectNothingWritten(r: RunResult): void {
  expectExit(r, 'non-zero');
  for (const f of ['GITHUB_ENV', 'GITHUB_OUTPUT', 'GITHUB_STATE']) {
    const p = r.env[f];
    expect(p !== undefined && existsSync(p) ? readFileSync(p, 'utf8') : '').toBe('');
  }
  expect(filesDirs(r)).toEqual([]);
  expect(readdirSync(r.runnerTemp).filter((n) => n.startsWith('esc-action-'))).toEqual([]);
  expect(existsSync(join(r.workspace, RAN))).toBe(false);
  expect(r.stdout + r.stderr).not.toMatch(STACK);
  expect(r.stderr).toBe('');
}

const run = `touch ${RAN}`;

describe('action: values no process can be started with are errors at their position', () => {
  it.each([
    ['nul-start', 4, 10],
    ['nul-middle', 4, 10],
    ['nul-end', 4, 10],
    ['nul-decoded', 6, 7],
  ])('%s: a NUL byte fails the step at file:line:col, nothing written', async (env, line, col) => {
    const r = await job.step({ environment: env, run });
    expectNothingWritten(r);
    const errors = commandsOf(r, 'error');
    expect(errors[0]?.properties).toEqual(
      expect.objectContaining({ file: `.esc/${env}.yaml`, line: String(line), col: String(col) }),
    );
    expect(errors[0]?.value).toContain('contains a NUL byte');
    expect(errors.at(-1)?.value).toBe(
      `.esc/${env}.yaml: 1 error in the environment; nothing was exported`,
    );
  });

  it('a secret with a NUL byte: masked, never printed in any form, nothing written', async () => {
    const r = await job.step({ environment: 'nul-secret', run });
    expectNothingWritten(r);
    expect(commandsOf(r, 'error')[0]?.properties['line']).toBe('6');
    expect(leaks(r, SECRET)).toEqual([]);
    expect(leaks(r, 'tail')).toEqual([]);
    // Escaped forms appear only as masks: the runner consumes ::add-mask:: lines, never shows them.
    const shown = r.stdout
      .split(/\r?\n|\r/)
      .filter((l) => !l.trimStart().startsWith('::add-mask::'));
    expect(shown.join('\n')).not.toMatch(/\\x00|\\u0000/);
  });

  it('one variable at the size limit reaches run and later steps; one byte more fails', async () => {
    const ok = await job.step({ environment: 'at-limit', run: 'echo "length ${#BIG}"' });
    expectExit(ok, 'zero');
    expect(ok.stdout).toContain(`length ${LIMIT - 4}`);
    expect(ok.githubEnv['BIG']).toHaveLength(LIMIT - 4);

    const r = await job.step({ environment: 'above-limit', run });
    expectNothingWritten(r);
    const e = commandsOf(r, 'error')[0];
    expect(e?.properties).toEqual(
      expect.objectContaining({ file: '.esc/above-limit.yaml', line: '6', col: '10' }),
    );
    expect(e?.value).toContain(`BIG=<value> is ${LIMIT + 1} bytes`);
  });

  it('a value built too large is an error at the expression that built it', async () => {
    const r = await job.step({ environment: 'built-large', run });
    expectNothingWritten(r);
    expect(commandsOf(r, 'error')[0]?.properties).toEqual(
      expect.objectContaining({ line: '5', col: '7' }),
    );
  });

  it('variables that fit one by one but not together fail at the one that crosses', async () => {
    const r = await job.step({ environment: 'total', run });
    expectNothingWritten(r);
    const e = commandsOf(r, 'error')[0];
    // The step's own environment is small: the ninth 120,000-byte variable crosses 1 MiB.
    expect(e?.properties['line']).toBe(String(5 + 8));
    expect(e?.value).toContain('with V8 the environment of run and later steps');
  });

  it('a large inherited environment leaves less room: the first variable crosses', async () => {
    const crowd = Object.fromEntries(
      Array.from({ length: 9 }, (_, i) => [`CROWD_${i}`, 'c'.repeat(120_000)]),
    );
    const r = await job.step({ environment: 'good', run }, { env: crowd });
    expectNothingWritten(r);
    expect(commandsOf(r, 'error')[0]?.value).toContain('with GREETING the environment');
  });

  it('file names that cannot be written everywhere are errors at their key', async () => {
    const r = await job.step({ environment: 'file-names', run });
    expectNothingWritten(r);
    const errors = commandsOf(r, 'error').filter((c) => c.properties['file'] !== undefined);
    expect(errors.map((c) => [c.properties['line'], c.properties['col']])).toEqual([
      ['5', '5'],
      ['6', '5'],
    ]);
  });
});

describe('action: what the system refuses fails cleanly, before the first write', () => {
  it('a temp root that cannot be created', async () => {
    const blocker = join(mkdtempSync(join(tmpdir(), 'atomic-')), 'a-file');
    writeFileSync(blocker, '');
    const r = await job.step({ environment: 'good', run }, { env: { RUNNER_TEMP: blocker } });
    expectNothingWritten(r);
    const e = commandsOf(r, 'error');
    expect(e).toHaveLength(1);
    expect(e[0]?.value).toMatch(
      /^could not create a folder for the environment's files in .*a-file \(EEXIST\); nothing was exported$/,
    );
    rmSync(join(blocker, '..'), { recursive: true, force: true });
  });

  it('a GITHUB_OUTPUT that is gone: nothing reaches GITHUB_ENV either', async () => {
    const r = await job.step(
      { environment: 'good', run },
      { env: { GITHUB_OUTPUT: join(tmpdir(), 'no-such-dir-esc', 'out') } },
    );
    expectNothingWritten(r);
    expect(commandsOf(r, 'error')[0]?.value).toMatch(
      /^GITHUB_OUTPUT \(.*\) cannot be written \(ENOENT\); nothing was exported$/,
    );
  });

  it('a working-directory that does not exist', async () => {
    const r = await job.step({ environment: 'good', run, 'working-directory': 'nowhere' });
    expectNothingWritten(r);
    expect(commandsOf(r, 'error')[0]?.value).toContain('working-directory');
  });

  it('a shell that cannot start: the exports already written are taken back', async () => {
    const r = await job.step({ environment: 'good', run, shell: 'no-such-shell-esc {0}' });
    // The export was done (the shell is looked up only when the command starts), then undone.
    expect(r.stdout).toContain('GREETING: exported to later steps');
    expectNothingWritten(r);
    expect(commandsOf(r, 'error')[0]?.value).toBe(
      'could not start the run command: the shell "no-such-shell-esc" was not found on PATH: install it on the runner or choose another with the "shell" input; nothing was exported',
    );
  });

  it('a write that fails midway (a full disk): every file command is cut back, files removed', async () => {
    // The step runs under a file size limit of 8 KiB (`ulimit -f`): the third variable crosses it
    // while GITHUB_ENV is being written, as a full disk would, leaving half a heredoc.
    const dir = mkdtempSync(join(tmpdir(), 'atomic-limit-'));
    const wrapper = join(dir, 'limited.mjs');
    writeFileSync(
      wrapper,
      [
        "import { spawnSync } from 'node:child_process';",
        `const r = spawnSync('sh', ['-c', 'ulimit -f 16 && exec "$0" "$1"', process.execPath, ${JSON.stringify(join(REPO_ROOT, 'dist/index.js'))}], { stdio: 'inherit' });`,
        'process.exitCode = r.status ?? 1;',
      ].join('\n'),
    );
    const githubEnv = join(dir, 'set_env');
    writeFileSync(githubEnv, 'EARLIER=kept\n');
    const r = await job.step(
      { environment: 'mid-write', run },
      { entry: wrapper, env: { GITHUB_ENV: githubEnv } },
    );
    expectExit(r, 'non-zero');
    expect(commandsOf(r, 'error')[0]?.value).toBe(
      'could not export: EFBIG: file too large, write; nothing was exported',
    );
    expect(readFileSync(githubEnv, 'utf8')).toBe('EARLIER=kept\n');
    for (const f of ['GITHUB_OUTPUT', 'GITHUB_STATE'])
      expect(readFileSync(r.env[f] ?? '', 'utf8')).toBe('');
    expect(filesDirs(r)).toEqual([]);
    expect(existsSync(join(r.workspace, RAN))).toBe(false);
    expect(r.stdout + r.stderr).not.toMatch(STACK);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a successful step writes everything (the same environment, nothing refused)', async () => {
    const r = await job.step({ environment: 'good', run });
    expectExit(r, 'zero');
    expect(r.githubEnv['GREETING']).toBe('hello');
    expect(filesDirs(r)).toHaveLength(1);
    expect(existsSync(join(r.workspace, RAN))).toBe(true);
    rmSync(join(r.workspace, RAN));
    expectExit(await job.post(r), 'zero');
    expect(filesDirs(r)).toEqual([]);
  });
});

// Permission bits bind every user but root: these run as an unprivileged user (nobody, when the
// suite runs as root), or are skipped with the reason printed.
const unprivileged = unprivilegedStep();
if ('why' in unprivileged) console.warn(`SKIPPING the permission checks: ${unprivileged.why}`);
const asUnprivileged = 'why' in unprivileged ? describe.skip : describe;
const stepAs = 'entry' in unprivileged ? { entry: unprivileged.entry } : {};

asUnprivileged(
  'action, as an unprivileged user: what it may not write fails before the first write',
  () => {
    it('a temp root it may not write in', async () => {
      const locked = mkdtempSync(join(tmpdir(), 'atomic-locked-'));
      chmodSync(locked, 0o555);
      const r = await job.step(
        { environment: 'good', run },
        { ...stepAs, env: { RUNNER_TEMP: locked } },
      );
      expectNothingWritten(r);
      const e = commandsOf(r, 'error');
      expect(e).toHaveLength(1);
      expect(e[0]?.value).toMatch(
        /^could not create a folder for the environment's files in .*atomic-locked-\w+ \(EACCES\); nothing was exported$/,
      );
      expect(readdirSync(locked)).toEqual([]);
      chmodSync(locked, 0o700);
      rmSync(locked, { recursive: true, force: true });
    });

    it('a read-only GITHUB_STATE: nothing reaches GITHUB_ENV or GITHUB_OUTPUT either', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'atomic-state-'));
      chmodSync(dir, 0o755);
      const state = join(dir, 'save_state');
      writeFileSync(state, '');
      chmodSync(state, 0o444);
      const r = await job.step(
        { environment: 'good', run },
        { ...stepAs, env: { GITHUB_STATE: state } },
      );
      expectNothingWritten(r);
      expect(commandsOf(r, 'error')[0]?.value).toMatch(
        /^GITHUB_STATE \(.*\) cannot be written \(EACCES\); nothing was exported$/,
      );
      rmSync(dir, { recursive: true, force: true });
    });

    it('the same step as that user succeeds when nothing is refused (the checks above can pass only for their reason)', async () => {
      const r = await job.step({ environment: 'good' }, stepAs);
      expectExit(r, 'zero');
      expect(r.githubEnv['GREETING']).toBe('hello');
      expect(filesDirs(r)).toHaveLength(1);
    });
  },
);

describe('post step: removes only our own folders inside RUNNER_TEMP', () => {
  it('keeps everything a hostile or mistaken GITHUB_STATE points at, without failing', async () => {
    const main = await job.step({ environment: 'good' });
    expectExit(main, 'zero');
    const temp = main.runnerTemp;
    const ours = JSON.parse(main.githubState['files-dirs'] ?? '[]') as string[];
    expect(ours).toHaveLength(1);

    const outside = mkdtempSync(join(tmpdir(), 'esc-action-'));
    writeFileSync(join(outside, 'keep'), 'k');
    const notOurs = join(temp, 'not-ours');
    mkdirSync(notOurs);
    writeFileSync(join(notOurs, 'keep'), 'k');
    const link = join(temp, 'esc-action-linkd1');
    symlinkSync(outside, link);
    mkdirSync(join(temp, 'sub'));
    const deeper = join(temp, 'sub', 'esc-action-abcdef');
    mkdirSync(deeper);
    writeFileSync(join(deeper, 'keep'), 'k');
    const hostile = [
      outside,
      temp,
      `${temp}/`,
      join(temp, '..'),
      `${ours[0]}/../not-ours`,
      `${temp}/esc-action-abcdef/../../${outside.split('/').pop()}`,
      notOurs,
      link,
      deeper,
      '/',
      'relative/esc-action-abcdef',
      42,
    ];
    const post = await job.post(main, { state: { 'files-dirs': JSON.stringify(hostile) } });
    expectExit(post, 'zero');
    expect(commandsOf(post, 'error')).toEqual([]);
    expect(commandsOf(post, 'warning')).toHaveLength(hostile.length);
    expect(post.stdout).toContain('Removed 0 temporary file folders');
    for (const k of [join(outside, 'keep'), join(notOurs, 'keep'), join(deeper, 'keep')])
      expect(readFileSync(k, 'utf8')).toBe('k');
    expect(existsSync(link)).toBe(true);
    expect(existsSync(ours[0] ?? '')).toBe(true);

    // Its own state still cleans up, and a mixed list removes only the good entry.
    const own = await job.post(main, {
      state: { 'files-dirs': JSON.stringify([outside, ours[0], temp]) },
    });
    expectExit(own, 'zero');
    expect(own.stdout).toContain('Removed 1 temporary file folder');
    expect(existsSync(ours[0] ?? '')).toBe(false);
    expect(existsSync(join(outside, 'keep'))).toBe(true);
    expect(existsSync(temp)).toBe(true);
    rmSync(outside, { recursive: true, force: true });
  });

  it('state that is not a list of paths is a warning, never a failure', async () => {
    const main = await job.step({ environment: 'good' });
    for (const state of ['not json', '{"a":1}', 'null', '"/"']) {
      const p = await job.post(main, { state: { 'files-dirs': state } });
      expectExit(p, 'zero');
      expect(commandsOf(p, 'warning')).toHaveLength(1);
      expect(p.stdout + p.stderr).not.toMatch(STACK);
    }
    await job.post(main);
    expect(filesDirs(main)).toEqual([]);
  });
});

describe('cli run: the same checks, before any file is written or the command started', () => {
  it.each([
    ['nul-middle', '.esc/nul-middle.yaml:4:10: error: the value of BAD contains a NUL byte'],
    ['above-limit', '.esc/above-limit.yaml:6:10: error: BIG=<value> is'],
    ['total', '.esc/total.yaml:13:9: error: with V8 the environment'],
  ])('%s', async (env, expected) => {
    const tmp = mkdtempSync(join(tmpdir(), 'atomic-cli-'));
    const r = await runCli(['run', env, '--', 'sh', '-c', `touch ${RAN}`], {
      workspace: job.workspace,
      env: { TMPDIR: tmp },
    });
    expectExit(r, 1);
    expect(r.stderr).toContain(expected);
    expect(r.stderr).not.toMatch(STACK);
    expect(existsSync(join(job.workspace, RAN))).toBe(false);
    expect(readdirSync(tmp)).toEqual([]);
    rmSync(tmp, { recursive: true, force: true });
    r.cleanup();
  });

  it('an argument with a NUL byte after interpolation: refused without quoting it', async () => {
    const r = await runCli(['run', 'nul-secret', '--', 'echo', '${token}'], {
      workspace: job.workspace,
    });
    expectExit(r, 1);
    // The environment's own variable with the NUL is reported first, at its position.
    expect(r.stderr).toContain('.esc/nul-secret.yaml:6:');
    expect(r.stderr + r.stdout).not.toContain(SECRET);
    r.cleanup();
  });
});
