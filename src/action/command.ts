/**
 * Runs the `run` input as a script in the chosen shell, the way the runner runs a `run:` step:
 * the script goes to a temporary file and the shell's template gets its path as `{0}`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as crypto from 'node:crypto';
import { failureMessage } from '../host/failure.js';

interface ShellTemplate {
  command: string;
  args: string[];
  extension: string;
}

const TEMPLATES: Record<string, ShellTemplate> = {
  bash: {
    command: 'bash',
    args: ['--noprofile', '--norc', '-eo', 'pipefail', '{0}'],
    extension: '.sh',
  },
  sh: { command: 'sh', args: ['-e', '{0}'], extension: '.sh' },
  pwsh: { command: 'pwsh', args: ['-command', ". '{0}'"], extension: '.ps1' },
  powershell: { command: 'powershell', args: ['-command', ". '{0}'"], extension: '.ps1' },
  python: { command: 'python', args: ['{0}'], extension: '.py' },
  cmd: {
    command: 'cmd',
    args: ['/D', '/E:ON', '/V:OFF', '/S', '/C', 'CALL "{0}"'],
    extension: '.cmd',
  },
};

export class CommandError extends Error {
  override name = 'CommandError';
}

/** Splits `shell` into a command and arguments; a custom shell must contain `{0}`. */
export function shellTemplate(shell: string): ShellTemplate {
  const known = TEMPLATES[shell];
  if (known !== undefined) return known;
  const parts = shell.split(/\s+/).filter((p) => p !== '');
  const [command, ...args] = parts;
  if (command === undefined || !args.some((a) => a.includes('{0}'))) {
    throw new CommandError(
      `input "shell" must be one of ${Object.keys(TEMPLATES).join(', ')}, or a command line containing {0} for the script path (e.g. "perl {0}"), got "${shell}"`,
    );
  }
  return { command, args, extension: '' };
}

export interface ScriptOptions {
  script: string;
  shell: string;
  cwd: string;
  tempDir?: string;
}

/** A script written to its temporary file, ready to start; `dispose` removes the file. */
export interface PreparedScript {
  command: string;
  args: string[];
  cwd: string;
  dispose(): void;
}

/**
 * Everything that can fail before the script starts, done before anything is exported: the
 * shell template, the working directory, and the script's temporary file. Throws CommandError.
 */
export function prepareScript(options: ScriptOptions): PreparedScript {
  const template = shellTemplate(options.shell);
  if (!fs.existsSync(options.cwd) || !fs.statSync(options.cwd).isDirectory()) {
    throw new CommandError(`working-directory ${options.cwd} does not exist or is not a directory`);
  }
  const dir = options.tempDir ?? os.tmpdir();
  const file = path.join(dir, `esc-action-run-${crypto.randomUUID()}${template.extension}`);
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(file, options.script, { mode: 0o700, flag: 'wx' });
  } catch (err) {
    fs.rmSync(file, { force: true });
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new CommandError(`could not write the run script in ${dir} (${code})`);
  }
  return {
    command: template.command,
    args: template.args.map((a) => a.replace('{0}', file)),
    cwd: options.cwd,
    dispose: () => fs.rmSync(file, { force: true }),
  };
}

/**
 * Starts a prepared script and resolves with its exit code. Throws CommandError when it cannot
 * start (the shell is missing, or the system refuses the environment).
 */
export async function startScript(
  prepared: PreparedScript,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const { exec } = await import('@actions/exec');
  try {
    // The runner reads `::command::` lines only at the start of a line: when the command's last
    // output has no final newline, end the line so what the action prints next is seen.
    let last = 0x0a;
    const track = (data: Buffer) => {
      if (data.length > 0) last = data[data.length - 1] ?? last;
    };
    const code = await exec(prepared.command, prepared.args, {
      cwd: prepared.cwd,
      env: env as { [key: string]: string },
      ignoreReturnCode: true,
      windowsVerbatimArguments: prepared.command === 'cmd',
      listeners: { stdout: track, stderr: track },
    });
    if (last !== 0x0a) process.stdout.write(os.EOL);
    return code;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/Unable to locate executable file/.test(message)) {
      throw new CommandError(
        `the shell "${prepared.command}" was not found on PATH: install it on the runner or choose another with the "shell" input`,
        { cause: err },
      );
    }
    throw new CommandError(`could not run the command: ${failureMessage(err)}`, { cause: err });
  }
}
