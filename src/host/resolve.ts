/**
 * Where environment files live. An environment name resolves to `<dir>/<name>.yaml` (or `.yml`);
 * a value ending in `.yaml`/`.yml` is a path relative to the workspace, which must still lie inside
 * the environments directory. Nothing may resolve outside that directory, also through symlinks.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { suggest } from '../base/spell.js';

export interface ResolvedEnvironment {
  /** The environment's name, relative to the directory and without extension (`proj/prod`). */
  name: string;
  /** Absolute path of the file. */
  file: string;
  /** The path as shown to users: relative to the workspace, with `/` separators. */
  displayPath: string;
}

export class ResolveError extends Error {
  override name = 'ResolveError';
}

const NAME_PART = /^[A-Za-z0-9_.@+-]+$/;

/** Checks that `name` is a plain relative environment name such as `prod` or `proj/prod`. */
export function validateEnvironmentName(name: string): string | undefined {
  if (name === '') return 'the environment name is empty';
  const parts = name.split('/');
  for (const part of parts) {
    if (part === '' || part === '.' || part === '..' || !NAME_PART.test(part)) {
      return `"${name}" is not a valid environment name: use names such as "prod" or "proj/prod" (letters, digits, "_", "-", ".", "@", "+", separated by "/")`;
    }
  }
  return undefined;
}

export function toDisplayPath(file: string, workspace: string): string {
  const rel = path.relative(workspace, file);
  const shown = rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? file : rel;
  return shown.split(path.sep).join('/');
}

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

function realpathOrSelf(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

/** Finds the file of an environment by name inside `dir`; undefined when neither extension exists. */
export function findEnvironmentFile(dir: string, name: string): string | undefined {
  for (const ext of ['.yaml', '.yml']) {
    const candidate = path.join(dir, ...name.split('/')) + ext;
    if (fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Throws ResolveError when the file's real location is outside the directory's real location. */
export function assertInside(file: string, dir: string, what: string): void {
  const realDir = realpathOrSelf(dir);
  const realFile = realpathOrSelf(file);
  if (!isInside(path.resolve(file), path.resolve(dir)) || !isInside(realFile, realDir)) {
    throw new ResolveError(`${what} resolves outside the environments directory ${dir}`);
  }
}

/** How many directory entries the search for a near environment name reads at most. */
const MAX_LISTED = 2000;

/**
 * The environment names in `dir` (files ending in .yaml or .yml, in sub-directories too, at most
 * MAX_LISTED entries read), for suggestions. Never throws.
 */
export function listEnvironments(dir: string): string[] {
  const out: string[] = [];
  let budget = MAX_LISTED;
  const walk = (sub: string, depth: number) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(dir, sub), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (--budget < 0) return;
      const rel = sub === '' ? e.name : `${sub}/${e.name}`;
      if (e.isDirectory() && depth < 4) walk(rel, depth + 1);
      else if (/\.ya?ml$/.test(e.name)) out.push(rel.replace(/\.ya?ml$/, ''));
    }
  };
  walk('', 0);
  return out;
}

/** ` (did you mean "aws-dev"?)` when an environment file in `dir` has a name near `name`. */
export function nearestEnvironmentHint(dir: string, name: string): string {
  const nearest = suggest(
    name,
    listEnvironments(dir).filter((n) => n !== name),
    { swaps: true },
  );
  return nearest === undefined ? '' : ` (did you mean "${nearest}"?)`;
}

export interface ResolveOptions {
  /** In a GitHub Actions runner, where a missing file most often means a missing checkout. */
  inRunner?: boolean;
}

/**
 * Resolves the action's `environment` input (or the CLI's `<env>`) against `environments-dir`.
 * `dir` is relative to `workspace` unless absolute.
 */
export function resolveEnvironment(
  environment: string,
  dirInput: string,
  workspace: string,
  options: ResolveOptions = {},
): ResolvedEnvironment {
  const dir = path.resolve(workspace, dirInput);
  const value = environment.trim();
  if (/\.ya?ml$/i.test(value)) {
    const file = path.resolve(workspace, value);
    if (!isInside(file, dir)) {
      throw new ResolveError(
        `environment file ${value} is outside the environments directory ${toDisplayPath(dir, workspace)}; move it there or set environments-dir`,
      );
    }
    if (!fs.existsSync(file)) {
      throw new ResolveError(`environment file ${toDisplayPath(file, workspace)} does not exist`);
    }
    assertInside(file, dir, `environment file ${value}`);
    const name = path
      .relative(dir, file)
      .replace(/\.ya?ml$/i, '')
      .split(path.sep)
      .join('/');
    return { name, file, displayPath: toDisplayPath(file, workspace) };
  }
  const invalid = validateEnvironmentName(value);
  if (invalid !== undefined) throw new ResolveError(invalid);
  const file = findEnvironmentFile(dir, value);
  if (file === undefined) {
    const expected = toDisplayPath(path.join(dir, ...value.split('/')) + '.yaml', workspace);
    const hint = nearestEnvironmentHint(dir, value);
    const checkout =
      options.inRunner === true
        ? ', and that the repository is checked out (actions/checkout) before this step'
        : '';
    throw new ResolveError(
      `environment "${value}" not found${hint}: expected the file ${expected} (or .yml); check the environment name and environments-dir${checkout}`,
    );
  }
  // Name the file too: a symlink at .esc/<name>.yaml pointing elsewhere is refused here.
  assertInside(file, dir, `environment "${value}" (${toDisplayPath(file, workspace)})`);
  return { name: value, file, displayPath: toDisplayPath(file, workspace) };
}
