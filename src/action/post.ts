/**
 * The post step: deletes the folders the main step wrote, and only those (see files.ts). Never
 * fails the job: anything unexpected is a warning.
 */
import * as core from '@actions/core';
import { failureMessage } from '../host/failure.js';
import { STATE_FILES_DIRS, removeDirs, tempRootOf } from './files.js';

export function runPost(env: NodeJS.ProcessEnv = process.env): void {
  try {
    const raw = core.getState(STATE_FILES_DIRS);
    if (raw === '') return;
    let dirs: unknown;
    try {
      dirs = JSON.parse(raw);
    } catch {
      core.warning(`the saved state ${STATE_FILES_DIRS} is not JSON; nothing was removed`);
      return;
    }
    if (!Array.isArray(dirs)) {
      core.warning(`the saved state ${STATE_FILES_DIRS} is not a list; nothing was removed`);
      return;
    }
    const workspace = env['GITHUB_WORKSPACE'] || process.cwd();
    const { removed, refused } = removeDirs(dirs, tempRootOf(env, workspace));
    for (const r of refused) {
      core.warning(`did not remove ${r.dir}: ${r.reason}`);
    }
    core.info(`Removed ${removed} temporary file folder${removed === 1 ? '' : 's'}`);
  } catch (err) {
    core.warning(`could not remove temporary files: ${failureMessage(err)}`);
  }
}

/**
 * The post step as `@github/local-action` runs it (`--post src/action/post.ts`): an entry that
 * exports `run()`, like src/action/main.ts for the main step.
 */
export async function run(): Promise<void> {
  runPost();
}
