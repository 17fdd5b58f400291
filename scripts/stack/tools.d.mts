// Generated from tools.mjs by gen-types.mjs; do not edit.
/**
 * The absolute path of an executable on PATH, or undefined.
 * @param {string} name
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {string | undefined}
 */
export function findOnPath(name: string, env?: NodeJS.ProcessEnv): string | undefined;
/**
 * Checks that every tool is on PATH.
 * Under CI (`CI=true`) a missing tool is an error: the stack must never be skipped silently there.
 * Outside CI it returns the reason (and prints it) so a test suite can skip loudly.
 * @param {string[]} names
 * @param {{ env?: NodeJS.ProcessEnv, quiet?: boolean }} [options]
 * @returns {{ ok: true, paths: Record<string, string> } | { ok: false, missing: string[], reason: string }}
 */
export function requireTools(
  names: string[],
  options?: {
    env?: NodeJS.ProcessEnv;
    quiet?: boolean;
  },
):
  | {
      ok: true;
      paths: Record<string, string>;
    }
  | {
      ok: false;
      missing: string[];
      reason: string;
    };
/**
 * The folder of the upstream ESC evaluator's test cases (pulumi/esc `eval/testdata/eval`):
 * `$ESC_CONFORMANCE_DIR`, else `../shared/conformance/esc-eval` beside the repository. CI checks
 * out pulumi/esc at a pinned tag and sets the variable (.github/workflows/ci.yml).
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {string}
 */
export function conformanceDir(env?: NodeJS.ProcessEnv): string;
export namespace INSTALL_HINTS {
  let moto_server: string;
  let aws: string;
  let tinyproxy: string;
}
