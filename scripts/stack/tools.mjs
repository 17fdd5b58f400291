// Finds the external tools the end-to-end stack needs (moto_server, the aws CLI, tinyproxy) on PATH.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { REPO_ROOT } from './runner.mjs';

/** How to install each tool the stack knows about. */
export const INSTALL_HINTS = {
  moto_server: 'pip install "moto[server]"',
  aws: 'pip install awscli',
  tinyproxy: 'apt-get install -y tinyproxy',
};

/**
 * The absolute path of an executable on PATH, or undefined.
 * @param {string} name
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {string | undefined}
 */
export function findOnPath(name, env = process.env) {
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const dir of dirs) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * Checks that every tool is on PATH.
 * Under CI (`CI=true`) a missing tool is an error: the stack must never be skipped silently there.
 * Outside CI it returns the reason (and prints it) so a test suite can skip loudly.
 * @param {string[]} names
 * @param {{ env?: NodeJS.ProcessEnv, quiet?: boolean }} [options]
 * @returns {{ ok: true, paths: Record<string, string> } | { ok: false, missing: string[], reason: string }}
 */
export function requireTools(names, options = {}) {
  const env = options.env ?? process.env;
  /** @type {Record<string, string>} */
  const paths = {};
  /** @type {string[]} */
  const missing = [];
  for (const name of names) {
    const found = findOnPath(name, env);
    if (found) paths[name] = found;
    else missing.push(name);
  }
  if (missing.length === 0) return { ok: true, paths };
  const hints = [
    ...new Set(
      missing.map((m) => /** @type {Record<string,string>} */ (INSTALL_HINTS)[m] ?? `install ${m}`),
    ),
  ];
  const install = missing.every((m) => m === 'moto_server' || m === 'aws')
    ? 'pip install "moto[server]" awscli'
    : hints.join(' && ');
  const reason = `missing on PATH: ${missing.join(', ')} (install with: ${install})`;
  if (env.CI === 'true') {
    throw new Error(`End-to-end tools ${reason}. CI must not skip these tests.`);
  }
  if (!options.quiet) console.warn(`SKIPPING end-to-end tests: ${reason}`);
  return { ok: false, missing, reason };
}

/**
 * The folder of the upstream ESC evaluator's test cases (pulumi/esc `eval/testdata/eval`):
 * `$ESC_CONFORMANCE_DIR`, else `../shared/conformance/esc-eval` beside the repository. CI checks
 * out pulumi/esc at a pinned tag and sets the variable (.github/workflows/ci.yml).
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {string}
 */
export function conformanceDir(env = process.env) {
  return env.ESC_CONFORMANCE_DIR
    ? resolve(env.ESC_CONFORMANCE_DIR)
    : join(REPO_ROOT, '..', 'shared', 'conformance', 'esc-eval');
}
