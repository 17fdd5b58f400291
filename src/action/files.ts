/**
 * Writes the environment's `files` entries under RUNNER_TEMP: one fresh directory per step
 * (matrix legs and repeated steps never collide), each file created exclusively with mode 0600,
 * byte for byte. The post step removes the directory, and nothing else: each path it is given
 * (from GITHUB_STATE, which it cannot trust) must be one of our folders directly inside the
 * temp root.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ExportEntry } from '../host/exports.js';

/** The GITHUB_STATE key under which the main step records the folders to remove. */
export const STATE_FILES_DIRS = 'files-dirs';

/** The prefix of every folder `writeFiles` creates; the post step removes nothing else. */
export const FILES_DIR_PREFIX = 'esc-action-';

/** The name `fs.mkdtemp` gives our folders: the prefix and six random characters. */
const FILES_DIR_NAME = /^esc-action-[A-Za-z0-9]{6}$/;

/** A failure to write the files, worded for the step's error. */
export class FilesError extends Error {
  override name = 'FilesError';
}

export interface WrittenFiles {
  dir: string;
  paths: Map<string, string>;
}

/** Where the action keeps its temporary folders: RUNNER_TEMP, or a folder in the workspace. */
export function tempRootOf(env: NodeJS.ProcessEnv, workspace: string): string {
  return path.resolve(env['RUNNER_TEMP'] || path.join(workspace, '.esc-action-tmp'));
}

/** The path `writeFiles` will give the file `name` (the random part has a fixed length). */
export function plannedFilePath(tempRoot: string, name: string): string {
  return path.join(tempRoot, `${FILES_DIR_PREFIX}XXXXXX`, name);
}

function reason(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return e.code ?? (err instanceof Error ? err.message : String(err));
}

/** Writes the files; on any failure removes what it wrote and throws a FilesError. */
export function writeFiles(
  entries: readonly ExportEntry[],
  tempRoot: string,
): WrittenFiles | undefined {
  if (entries.length === 0) return undefined;
  let dir: string;
  try {
    fs.mkdirSync(tempRoot, { recursive: true });
    dir = fs.mkdtempSync(path.join(tempRoot, FILES_DIR_PREFIX));
  } catch (err) {
    throw new FilesError(
      `could not create a folder for the environment's files in ${tempRoot} (${reason(err)}); nothing was exported`,
    );
  }
  const paths = new Map<string, string>();
  let current = '';
  try {
    for (const entry of entries) {
      current = entry.name;
      const file = path.join(dir, entry.name);
      const data = typeof entry.value === 'string' ? Buffer.from(entry.value, 'utf8') : entry.value;
      fs.writeFileSync(file, data, { mode: 0o600, flag: 'wx' });
      fs.chmodSync(file, 0o600);
      paths.set(entry.name, file);
    }
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new FilesError(
      `could not write the file ${current} in ${tempRoot} (${reason(err)}); nothing was exported`,
    );
  }
  return { dir, paths };
}

/**
 * Why the post step must not remove `dir`, or undefined when it is one of our folders: an
 * absolute, normalized path (no `..`), directly inside the temp root, named as `writeFiles`
 * names its folders, a real directory (not a link) owned by this user.
 */
export function foreignDirReason(dir: unknown, tempRoot: string): string | undefined {
  if (typeof dir !== 'string' || dir === '') return 'not a path';
  if (!path.isAbsolute(dir) || path.resolve(dir) !== dir) return 'not an absolute, normalized path';
  if (!FILES_DIR_NAME.test(path.basename(dir))) return 'not named like our folders';
  // Compared as written: the main step records `<temp root>/<name>` exactly, so a path through a
  // link or another spelling is not one of ours.
  if (path.dirname(dir) !== path.resolve(tempRoot)) return 'not directly inside the temp root';
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(dir);
  } catch {
    return 'already removed';
  }
  if (stat.isSymbolicLink()) return 'a symbolic link';
  if (!stat.isDirectory()) return 'not a directory';
  if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) {
    return 'owned by another user';
  }
  return undefined;
}

export interface RemoveResult {
  removed: number;
  /** Paths refused, with the reason (already removed folders are not listed). */
  refused: { dir: string; reason: string }[];
}

/** Removes the folders written by `writeFiles` inside `tempRoot`, and nothing else. Never throws. */
export function removeDirs(dirs: readonly unknown[], tempRoot: string): RemoveResult {
  const result: RemoveResult = { removed: 0, refused: [] };
  for (const dir of dirs) {
    const why = foreignDirReason(dir, tempRoot);
    if (why === 'already removed') continue;
    if (why !== undefined) {
      result.refused.push({
        dir: typeof dir === 'string' ? dir : JSON.stringify(dir),
        reason: why,
      });
      continue;
    }
    try {
      fs.rmSync(dir as string, { recursive: true, force: true });
      result.removed++;
    } catch (err) {
      // Cleanup must never fail the job.
      result.refused.push({ dir: dir as string, reason: reason(err) });
    }
  }
  return result;
}
