/** The post step: deletes the files the main step wrote. Never fails the job. */
import * as core from '@actions/core';
import { STATE_FILES_DIRS, removeDirs } from './files.js';

export function runPost(): void {
  try {
    const raw = core.getState(STATE_FILES_DIRS);
    if (raw === '') return;
    const dirs = JSON.parse(raw) as unknown;
    if (!Array.isArray(dirs)) return;
    const removed = removeDirs(dirs.filter((d): d is string => typeof d === 'string'));
    core.info(`Removed ${removed} temporary file folder${removed === 1 ? '' : 's'}`);
  } catch (err) {
    core.warning(
      `Could not remove temporary files: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}
