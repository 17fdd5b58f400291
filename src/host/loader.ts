/**
 * The file-system loader the hosts pass to the evaluator: imports resolve by name in the
 * environments directory and never outside it.
 */
import * as fs from 'node:fs';
import type { EnvironmentLoader, LoadedSource } from '../eval/provider.js';
import {
  ResolveError,
  assertInside,
  findEnvironmentFile,
  nearestEnvironmentHint,
  toDisplayPath,
  validateEnvironmentName,
  type ResolvedEnvironment,
} from './resolve.js';

/** Environment files larger than this are refused with a clear error. */
export const MAX_ENVIRONMENT_BYTES = 1024 * 1024;

export interface FileLoaderOptions {
  /** Absolute environments directory. */
  dir: string;
  workspace: string;
  /** The root environment, already resolved (it may have been named by path). */
  root: ResolvedEnvironment;
}

function readSource(
  name: string,
  file: string,
  workspace: string,
): LoadedSource | { error: string } {
  const shown = toDisplayPath(file, workspace);
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    return { error: `environment "${name}" not found (${shown})` };
  }
  if (size > MAX_ENVIRONMENT_BYTES) {
    return {
      error: `environment file ${shown} is ${size} bytes; the limit is ${MAX_ENVIRONMENT_BYTES} bytes (1 MiB)`,
    };
  }
  try {
    return { name, path: shown, text: fs.readFileSync(file) };
  } catch (err) {
    return { error: `cannot read ${shown}: ${err instanceof Error ? err.message : String(err)}` };
  }
}

export function createFileLoader(options: FileLoaderOptions): EnvironmentLoader {
  const { dir, workspace, root } = options;
  return (name: string) => {
    if (name === root.name) return readSource(name, root.file, workspace);
    const invalid = validateEnvironmentName(name);
    if (invalid !== undefined) return { error: invalid };
    const file = findEnvironmentFile(dir, name);
    if (file === undefined) {
      return {
        error: `environment "${name}" not found${nearestEnvironmentHint(dir, name)}: expected ${toDisplayPath(dir, workspace)}/${name}.yaml`,
      };
    }
    try {
      assertInside(file, dir, `environment "${name}"`);
    } catch (err) {
      if (err instanceof ResolveError) return { error: err.message };
      throw err;
    }
    return readSource(name, file, workspace);
  };
}
