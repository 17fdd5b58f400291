// All or nothing outside the evaluator: the files are written completely or not at all, the
// runner's file commands are cut back on a failure, errors print without a stack or a value, and
// the post step removes our own folders and nothing else, whatever GITHUB_STATE says.
import { jest } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beginFileCommands, fileCommandProblem } from '../../../src/action/commit.js';
import {
  FilesError,
  foreignDirReason,
  plannedFilePath,
  removeDirs,
  tempRootOf,
  writeFiles,
} from '../../../src/action/files.js';
import type { ExportEntry } from '../../../src/host/exports.js';
import {
  actionReport,
  errorCommand,
  failureMessage,
  installLastResort,
} from '../../../src/host/failure.js';

const entry = (name: string, value: string | Uint8Array): ExportEntry => ({
  name,
  value,
  secret: false,
  unknown: false,
});

// Root passes every permission check: as root these are skipped, saying so, and
// __tests__/e2e/atomic.test.ts makes the same checks through the bundle as an unprivileged user.
const AS_ROOT = process.getuid?.() === 0;
if (AS_ROOT)
  console.warn(
    'SKIPPING 2 permission checks: running as root; __tests__/e2e/atomic.test.ts runs them as nobody',
  );
const itUnprivileged = AS_ROOT ? it.skip : it;

let base: string;
let root: string;
beforeEach(() => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'atomic-unit-'));
  root = path.join(base, '_temp');
  fs.mkdirSync(root);
});
afterEach(() => {
  fs.chmodSync(base, 0o700);
  if (fs.existsSync(root)) fs.chmodSync(root, 0o700);
  fs.rmSync(base, { recursive: true, force: true });
});

describe('writeFiles', () => {
  it('writes every file where plannedFilePath says, with the planned length', () => {
    const w = writeFiles([entry('A', 'a'), entry('B', new Uint8Array([0, 1, 2]))], root);
    expect(w).toBeDefined();
    for (const [name, p] of w?.paths ?? []) {
      expect(p.length).toBe(plannedFilePath(root, name).length);
      expect(path.dirname(path.dirname(p))).toBe(root);
    }
    expect(fs.readFileSync(w?.paths.get('B') ?? '')).toEqual(Buffer.from([0, 1, 2]));
    expect(foreignDirReason(w?.dir, root)).toBeUndefined();
  });

  it('leaves nothing behind and names the file when one cannot be written', () => {
    // Two names that clash on the file system: the second is refused after the first was written.
    expect(() => writeFiles([entry('A', 'x'), entry('A', 'y')], root)).toThrow(
      new FilesError(`could not write the file A in ${root} (EEXIST); nothing was exported`),
    );
    expect(fs.readdirSync(root)).toEqual([]);
  });

  it('fails clearly when the temp root cannot be created or written', () => {
    const file = path.join(base, 'a-file');
    fs.writeFileSync(file, '');
    expect(() => writeFiles([entry('A', 'x')], path.join(file, 'sub'))).toThrow(
      /could not create a folder for the environment's files in .*a-file\/sub \((ENOTDIR|EEXIST)\)/,
    );
    expect(fs.readdirSync(root)).toEqual([]);
  });

  itUnprivileged('fails clearly when the temp root may not be written in', () => {
    fs.chmodSync(root, 0o500);
    expect(() => writeFiles([entry('A', 'x')], root)).toThrow(/\(EACCES\); nothing was exported/);
    fs.chmodSync(root, 0o700);
    expect(fs.readdirSync(root)).toEqual([]);
  });

  it('writes nothing, not even a folder, without files', () => {
    expect(writeFiles([], path.join(base, 'never'))).toBeUndefined();
    expect(fs.existsSync(path.join(base, 'never'))).toBe(false);
  });
});

describe('tempRootOf', () => {
  it('is RUNNER_TEMP, absolute, or a folder in the workspace without it', () => {
    expect(tempRootOf({ RUNNER_TEMP: '/r/_temp/' }, '/w')).toBe('/r/_temp');
    expect(tempRootOf({}, '/w')).toBe('/w/.esc-action-tmp');
  });
});

describe('the post step removes only our own folders', () => {
  const ours = () => fs.mkdtempSync(path.join(root, 'esc-action-'));

  it('accepts a folder writeFiles made, and removes it', () => {
    const dir = ours();
    fs.writeFileSync(path.join(dir, 'F'), 'x');
    expect(removeDirs([dir], root)).toEqual({ removed: 1, refused: [] });
    expect(fs.existsSync(dir)).toBe(false);
  });

  it.each([
    ['the temp root itself', () => root],
    ['the temp root with a trailing slash', () => root + '/'],
    ['a parent of the temp root', () => base],
    ['the file system root', () => '/'],
    ['a relative path', () => 'esc-action-abcdef'],
    ['an empty string', () => ''],
    ['a number', () => 42],
    ['null', () => null],
    ['a path with ..', () => path.join(root, 'esc-action-abcdef') + '/../esc-action-abcdef'],
    ['a path escaping with ..', () => `${root}/esc-action-abcdef/../../outside`],
    ['a folder not named like ours', () => path.join(root, 'not-ours')],
    ['a name with our prefix but not our shape', () => path.join(root, 'esc-action-run-1')],
    ['one of our names outside the temp root', () => path.join(base, 'esc-action-abcdef')],
    ['one of our names one level deeper', () => path.join(root, 'x', 'esc-action-abcdef')],
  ])('refuses %s, and leaves it', (_, make) => {
    const dir = make();
    for (const d of [
      path.join(base, 'esc-action-abcdef'),
      path.join(root, 'x', 'esc-action-abcdef'),
    ])
      fs.mkdirSync(d, { recursive: true });
    fs.mkdirSync(path.join(root, 'not-ours'), { recursive: true });
    fs.writeFileSync(path.join(root, 'keep'), 'k');
    const before = fs.readdirSync(base, { recursive: true }).sort();
    const r = removeDirs([dir], root);
    expect(r.removed).toBe(0);
    expect(r.refused).toHaveLength(1);
    expect(fs.readdirSync(base, { recursive: true }).sort()).toEqual(before);
  });

  it('refuses a symbolic link named like ours, and a link in its path; keeps their targets', () => {
    const target = path.join(base, 'target');
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, 'precious'), 'p');
    const link = path.join(root, 'esc-action-linked');
    fs.symlinkSync(target, link);
    expect(foreignDirReason(link, root)).toBe('a symbolic link');
    // A link to the temp root's parent, then one of our names beneath it.
    fs.symlinkSync(base, path.join(root, 'up'));
    const through = path.join(root, 'up', 'esc-action-abcdef');
    fs.mkdirSync(path.join(base, 'esc-action-abcdef'));
    expect(foreignDirReason(through, root)).toBe('not directly inside the temp root');
    const r = removeDirs([link, through], root);
    expect(r.removed).toBe(0);
    expect(fs.readFileSync(path.join(target, 'precious'), 'utf8')).toBe('p');
    expect(fs.existsSync(path.join(base, 'esc-action-abcdef'))).toBe(true);
  });

  it('removes a link inside our folder, not what it points to', () => {
    const target = path.join(base, 'target');
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, 'precious'), 'p');
    const dir = ours();
    fs.symlinkSync(target, path.join(dir, 'LINK'));
    expect(removeDirs([dir], root).removed).toBe(1);
    expect(fs.readFileSync(path.join(target, 'precious'), 'utf8')).toBe('p');
  });

  it('refuses a file named like our folders, and skips folders already gone', () => {
    const file = path.join(root, 'esc-action-aaaaaa');
    fs.writeFileSync(file, 'x');
    expect(removeDirs([file, path.join(root, 'esc-action-gone00')], root)).toEqual({
      removed: 0,
      refused: [{ dir: file, reason: 'not a directory' }],
    });
    expect(fs.existsSync(file)).toBe(true);
  });

  it('removes the good entries of a list and refuses the rest', () => {
    const a = ours();
    const b = ours();
    const r = removeDirs([a, '/', root, b, path.join(root, '..')], root);
    expect(r.removed).toBe(2);
    expect(r.refused.map((x) => x.dir)).toEqual(['/', root, path.join(root, '..')]);
    expect(fs.existsSync(root)).toBe(true);
  });
});

describe('file commands as a transaction', () => {
  it('cuts each file back to its length before, keeping what earlier steps wrote', () => {
    const files = ['env', 'out', 'state'].map((n) => path.join(base, n));
    for (const f of files) fs.writeFileSync(f, `EARLIER=${path.basename(f)}\n`);
    const env = { GITHUB_ENV: files[0], GITHUB_OUTPUT: files[1], GITHUB_STATE: files[2] };
    const tx = beginFileCommands(env);
    for (const f of files) fs.appendFileSync(f, 'A<<x\nsecret\nx\n');
    tx.undo();
    for (const f of files) expect(fs.readFileSync(f, 'utf8')).toBe(`EARLIER=${path.basename(f)}\n`);
    tx.undo(); // twice is harmless
    expect(fs.readFileSync(files[0] ?? '', 'utf8')).toBe('EARLIER=env\n');
  });

  it('finds a file command that is missing, a folder or read-only before the first write', () => {
    const ok = path.join(base, 'ok');
    fs.writeFileSync(ok, '');
    expect(fileCommandProblem({ GITHUB_ENV: ok }, 'GITHUB_ENV')).toBeUndefined();
    expect(fileCommandProblem({}, 'GITHUB_ENV')).toBeUndefined();
    expect(fileCommandProblem({ GITHUB_ENV: path.join(base, 'no') }, 'GITHUB_ENV')).toContain(
      'cannot be written (ENOENT)',
    );
    expect(fileCommandProblem({ GITHUB_OUTPUT: base }, 'GITHUB_OUTPUT')).toContain('is not a file');
  });

  itUnprivileged('finds a file command that is read-only', () => {
    const ro = path.join(base, 'ro');
    fs.writeFileSync(ro, '');
    fs.chmodSync(ro, 0o400);
    expect(fileCommandProblem({ GITHUB_STATE: ro }, 'GITHUB_STATE')).toContain('(EACCES)');
  });
});

describe('failureMessage', () => {
  it("drops the value Node's argument errors quote, and the stack", () => {
    let err: unknown;
    try {
      spawnSync('true', [], { env: { X: 'a\0secret' } });
    } catch (e) {
      err = e;
    }
    const m = failureMessage(err);
    expect(m).not.toContain('secret');
    expect(m).toBe("The property 'options.env['X']' must be a string without null bytes");
  });

  it('keeps one line, and prints non-errors as text', () => {
    expect(failureMessage(new Error('a\nb\r\nc'))).toBe('a b c');
    expect(failureMessage('plain')).toBe('plain');
    expect(failureMessage(new Error(''))).toBe('unknown error');
    expect(errorCommand('p: ', new Error('50% done'))).toBe('::error::p: 50%25 done\n');
    expect(errorCommand('p: ', 'x', 'warning')).toBe('::warning::p: x\n');
  });
});

describe('the last resort of each entry', () => {
  it('hands an uncaught exception or rejection to the report, message only', () => {
    const seen: string[] = [];
    const before = {
      e: process.listeners('uncaughtException'),
      r: process.listeners('unhandledRejection'),
    };
    installLastResort((err) => seen.push(failureMessage(err)));
    try {
      process.emit('uncaughtException', new Error('thrown\nlater'));
      process.emit('unhandledRejection', new Error('rejected'), Promise.resolve());
    } finally {
      for (const l of process.listeners('uncaughtException'))
        if (!before.e.includes(l)) process.off('uncaughtException', l);
      for (const l of process.listeners('unhandledRejection'))
        if (!before.r.includes(l)) process.off('unhandledRejection', l);
    }
    expect(seen).toEqual(['thrown later', 'rejected']);
  });

  it("the action's report fails the step with one ::error:: line; the post step's only warns", () => {
    const writes: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      writes.push(String(chunk));
      return true;
    });
    const exitCode = process.exitCode;
    try {
      actionReport('esc-action post step: ', 'warning')(new Error('gone'));
      expect(process.exitCode).toBe(exitCode);
      actionReport('esc-action failed: ')(new Error('boom'));
      expect(process.exitCode).toBe(1);
    } finally {
      write.mockRestore();
      process.exitCode = exitCode;
    }
    expect(writes).toEqual([
      '::warning::esc-action post step: gone\n',
      '::error::esc-action failed: boom\n',
    ]);
  });
});
