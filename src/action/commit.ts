/**
 * The runner's file commands (GITHUB_ENV, GITHUB_OUTPUT, GITHUB_STATE) as one transaction: check
 * before the first write that each file the step appends to is there and writable (`@actions/core`
 * throws midway otherwise), and on a failure after the first write cut each file back to its
 * length before it, so a later step sees none of this step's exports.
 */
import * as fs from 'node:fs';

/** The file commands the action appends to, by the variable that names each file. */
export const FILE_COMMANDS = ['GITHUB_ENV', 'GITHUB_OUTPUT', 'GITHUB_STATE'] as const;

/** A failure to export, worded for the step's error. */
export class ExportError extends Error {
  override name = 'ExportError';
}

/** Why the file command `variable` cannot be appended to, or undefined when it can (or is unset). */
export function fileCommandProblem(
  env: NodeJS.ProcessEnv,
  variable: (typeof FILE_COMMANDS)[number],
): string | undefined {
  const file = env[variable];
  if (!file) return undefined;
  try {
    if (!fs.statSync(file).isFile()) return `${variable} (${file}) is not a file`;
    fs.accessSync(file, fs.constants.W_OK);
  } catch (err) {
    return `${variable} (${file}) cannot be written (${(err as NodeJS.ErrnoException).code ?? 'error'})`;
  }
  return undefined;
}

export interface Transaction {
  /** Cuts every file command back to its length before the transaction began. Never throws. */
  undo(): void;
}

/** Records the length of each file command, to undo what this step appends. */
export function beginFileCommands(env: NodeJS.ProcessEnv): Transaction {
  const lengths: [string, number][] = [];
  for (const variable of FILE_COMMANDS) {
    const file = env[variable];
    if (!file) continue;
    try {
      lengths.push([file, fs.statSync(file).size]);
    } catch {
      // Checked by fileCommandProblem before; nothing to restore for a file that is not there.
    }
  }
  return {
    undo: () => {
      for (const [file, size] of lengths) {
        try {
          if (fs.statSync(file).size > size) fs.truncateSync(file, size);
        } catch {
          // Best effort: the step fails anyway.
        }
      }
    },
  };
}
