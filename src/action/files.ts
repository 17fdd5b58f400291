/**
 * Writes the environment's `files` entries under RUNNER_TEMP: one fresh directory per step
 * (matrix legs and repeated steps never collide), each file created exclusively with mode 0600,
 * byte for byte. The post step removes the directory.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ExportEntry } from '../host/exports.js';

/** The GITHUB_STATE key under which the main step records the folders to remove. */
export const STATE_FILES_DIRS = 'files-dirs';

/** The prefix of every folder `writeFiles` creates; the post step removes nothing else. */
export const FILES_DIR_PREFIX = 'esc-action-';

export interface WrittenFiles {
  dir: string;
  paths: Map<string, string>;
}

export function writeFiles(
  entries: readonly ExportEntry[],
  tempRoot: string,
): WrittenFiles | undefined {
  if (entries.length === 0) return undefined;
  fs.mkdirSync(tempRoot, { recursive: true });
  const dir = fs.mkdtempSync(path.join(tempRoot, FILES_DIR_PREFIX));
  const paths = new Map<string, string>();
  try {
    for (const entry of entries) {
      const file = path.join(dir, entry.name);
      const data = typeof entry.value === 'string' ? Buffer.from(entry.value, 'utf8') : entry.value;
      fs.writeFileSync(file, data, { mode: 0o600, flag: 'wx' });
      fs.chmodSync(file, 0o600);
      paths.set(entry.name, file);
    }
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return { dir, paths };
}

/** Removes directories written by `writeFiles`; returns how many existed. Never throws. */
export function removeDirs(dirs: readonly string[]): number {
  let removed = 0;
  for (const dir of dirs) {
    if (!path.isAbsolute(dir) || !path.basename(dir).startsWith(FILES_DIR_PREFIX)) continue;
    try {
      if (fs.existsSync(dir)) {
        fs.rmSync(dir, { recursive: true, force: true });
        removed++;
      }
    } catch {
      // Cleanup must never fail the job.
    }
  }
  return removed;
}
