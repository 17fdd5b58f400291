// Shared helpers of the action-*.test.ts suites: run the bundled action (dist/index.js, or
// $ESC_ACTION_DIST) as the runner does, in a workspace of environment files, and read the result
// at the protocol level.
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  findOnPath,
  makeWorkspace,
  resolveEntry,
  parseWorkflowCommands,
  runAction,
  runPost,
  type AwsCall,
  type RunOptions,
  type RunResult,
} from '../../scripts/stack/index.mjs';
import { unmaskedSecrets } from './runner-log.js';

/** Fails with the step's whole log, so a red test says why. */
export function expectExit(r: RunResult, expected: 'zero' | 'non-zero' | number): void {
  const ok =
    expected === 'zero'
      ? r.code === 0
      : expected === 'non-zero'
        ? r.code !== 0 && r.code !== null
        : r.code === expected;
  if (!ok) {
    throw new Error(
      `expected exit ${expected}, got ${r.code}${r.timedOut ? ' (timed out)' : ''}\n` +
        `--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`,
    );
  }
}

/** A job: one workspace, steps run in order, everything removed by `cleanup`. */
export class Job {
  readonly workspace: string;
  readonly results: RunResult[] = [];
  constructor(files: Record<string, string | Uint8Array>) {
    this.workspace = makeWorkspace(files, 'esc-action-e2e-');
  }
  async step(
    inputs: Record<string, string>,
    options: Omit<RunOptions, 'inputs' | 'workspace'> = {},
  ): Promise<RunResult> {
    const r = await runAction({ workspace: this.workspace, inputs, ...options });
    this.results.push(r);
    return r;
  }
  async post(main: RunResult, options: RunOptions = {}): Promise<RunResult> {
    const r = await runPost(main, options);
    this.results.push(r);
    return r;
  }
  cleanup(): void {
    for (const r of this.results) r.cleanup();
  }
}

/** Workflow commands of one kind (`error`, `warning`, `group`, …). */
export function commandsOf(r: RunResult, command: string) {
  return parseWorkflowCommands(r.stdout).filter((c) => c.command === command);
}

/** The folders the action created under RUNNER_TEMP. */
export function filesDirs(r: RunResult): string[] {
  return readdirSync(r.runnerTemp).filter((n) => n.startsWith('esc-action-') && !n.includes('.'));
}

/** The first line where the runner would show `text` unmasked (see runner-log.ts), or none. */
export function leaks(r: RunResult, text: string): string[] {
  return unmaskedSecrets(r, [text]).map((u) => u.line);
}

/**
 * Every credential STS issued in the recorded answers (AccessKeyId, SecretAccessKey,
 * SessionToken) of `calls` (e.g. `proxy.callsTo('AssumeRoleWithWebIdentity')`, or all calls); at least one, or it
 * throws, so a check built on it cannot pass vacuously.
 */
export function issuedCredentials(calls: readonly AwsCall[]): string[] {
  const out = calls.flatMap((c) =>
    [
      ...(c.responseBody ?? '').matchAll(/<(?:AccessKeyId|SecretAccessKey|SessionToken)>([^<]+)</g),
    ].map((m) => m[1] ?? ''),
  );
  if (out.length === 0) throw new Error('no credentials were issued in these calls');
  return out;
}

/** The uid and gid of `nobody` on Linux. */
const NOBODY = 65534;

/**
 * How to run a step as a user whom file permissions bind (root passes every permission check, so
 * a read-only file proves nothing as root): as this user when it is not root; as root, through a
 * wrapper entry that opens the step's runner files and workspace to `nobody` and starts the
 * bundle as `nobody` with setpriv(1); else why it cannot be done here.
 */
export function unprivilegedStep(
  bundle = 'dist/index.js',
): { user: string; entry?: string } | { why: string } {
  const uid = process.getuid?.();
  if (uid === undefined) return { why: 'this platform has no user ids' };
  if (uid !== 0) return { user: `uid ${uid}` };
  if (!findOnPath('setpriv'))
    return { why: 'running as root, and setpriv (util-linux) is not on PATH to drop to nobody' };
  const wrapper = join(mkdtempSync(join(tmpdir(), 'esc-unprivileged-')), 'as-nobody.mjs');
  writeFileSync(
    wrapper,
    [
      "import { spawnSync } from 'node:child_process';",
      "import { chmodSync, readdirSync, statSync } from 'node:fs';",
      "import { dirname, join } from 'node:path';",
      '// Opens a tree to every user: folders and files readable (and writable when `write`).',
      'const open = (p, write) => {',
      '  const dir = statSync(p).isDirectory();',
      '  chmodSync(p, dir ? (write ? 0o777 : 0o755) : write ? 0o666 : 0o644);',
      '  if (dir) for (const n of readdirSync(p)) open(join(p, n), write);',
      '};',
      "// The harness's runner folder (RUNNER_TEMP/_runner_file_commands/<step>/set_env) and the",
      '// workspace; anything a test points a variable at elsewhere keeps the modes the test gave it.',
      'open(dirname(dirname(dirname(process.env.GITHUB_ENV))), true);',
      'open(process.env.GITHUB_WORKSPACE, false);',
      `const r = spawnSync('setpriv', ['--reuid=${NOBODY}', '--regid=${NOBODY}', '--clear-groups', process.execPath, ${JSON.stringify(resolveEntry(bundle))}], { stdio: 'inherit' });`,
      'process.exitCode = r.status ?? 1;',
    ].join('\n'),
  );
  return { user: 'nobody (setpriv)', entry: wrapper };
}
