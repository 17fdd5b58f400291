#!/usr/bin/env node
// `npm run local-action [-- <env file>]`: runs the action's main and post steps with
// @github/local-action (inputs and runner variables from `.env`, or the file given), shows its
// output as it comes, and exits with the step's status.
//
// local-action stands in for @actions/core: a failed step's `core.setFailed` then records the
// failure without setting the process status, and local-action exits 0. So the status is also
// read from the log: a step fails exactly when it prints an `::error` command. The stand-ins are
// matched by file path; `--preserve-symlinks` lets them match when node_modules is a symbolic
// link (a git worktree sharing one install), as they do in a plain clone.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

/** Whether one line of the log (ANSI colours allowed) is an `::error` workflow command. */
export function isErrorCommand(line) {
  // eslint-disable-next-line no-control-regex
  return /^::error(?:[ :])/.test(line.replace(/\x1b\[[0-9;]*m/g, ''));
}

/** The step's exit status from local-action's exit and whether the log had an `::error`. */
export function stepStatus(code, signal, sawError) {
  if (signal) return 1;
  if (code !== 0) return code ?? 1;
  return sawError ? 1 : 0;
}

async function main() {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const envFile = process.argv[2] ?? '.env';
  const bin = join(root, 'node_modules', '.bin', 'local-action');
  const args = ['run', '.', 'src/action/main.ts', envFile, '--post', 'src/action/post.ts'];
  const nodeOptions = `${process.env.NODE_OPTIONS ?? ''} --preserve-symlinks`.trim();
  const child = spawn(bin, args, {
    cwd: root,
    env: { ...process.env, NODE_OPTIONS: nodeOptions },
    stdio: ['inherit', 'pipe', 'pipe'],
  });
  let sawError = false;
  for (const [stream, sink] of [
    [child.stdout, process.stdout],
    [child.stderr, process.stderr],
  ]) {
    let pending = '';
    const scan = (text) => {
      const lines = (pending + text).split('\n');
      pending = lines.pop() ?? '';
      if (pending.length > 65536) pending = pending.slice(0, 65536); // a command starts a line
      if (lines.some(isErrorCommand)) sawError = true;
    };
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      sink.write(chunk);
      scan(chunk);
    });
    stream.on('end', () => scan('\n'));
  }
  const [code, signal] = await new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (c, s) => resolve([c, s]));
  });
  process.exitCode = stepStatus(code, signal, sawError);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
