/** The local CLI: `open`, `check`, `run` and `doctor` on environment files, with the action's engine. */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify as yamlStringify } from 'yaml';
import { hasErrors } from '../syntax/diagnostic.js';
import { plannedFilePath, writeFiles } from '../action/files.js';
import { localGithubContext, type LocalContext } from '../host/context.js';
import { evaluateChecked } from '../host/checks.js';
import { formatDiagnosticLine, type EngineResult } from '../host/engine.js';
import { commandLineProblem, type ExportCheckOptions } from '../host/export-check.js';
import { asText, environmentExports } from '../host/exports.js';
import { definedNames, staleCredentialVariables } from '../host/aws-env.js';
import { failureMessage } from '../host/failure.js';
import { quoteJSONString } from '../eval/go/json.js';
import { renderJSON } from '../host/render.js';
import { ResolveError } from '../host/resolve.js';
import { collectSecrets, maskForms } from '../host/secrets.js';
import { createAwsProviders } from '../providers/index.js';
import { createTokenSource } from '../providers/token.js';
import { USAGE, UsageError, parseArgs, type Command } from './args.js';
import { interpolateArgs } from './interpolate.js';
import { createRedactor } from './redact.js';
import { shellQuote } from './shell-quote.js';

const VERSION = '0.1.0';

export interface CliIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

async function evaluate(
  cmd: { env: string; dir: string },
  mode: 'check' | 'open',
  io: CliIO,
  showSecrets = false,
  /** Say on stderr where `context.github` came from (check and open; `run` keeps stderr to its command). */
  note = false,
  /** `run`: values no process environment can hold are errors too. */
  exportValues?: ExportCheckOptions,
): Promise<EngineResult> {
  // Providers are known in both modes (check mode type-checks their inputs) but only opened
  // in open mode; their SDK clients load on first open.
  const tokens = createTokenSource(io.env, {});
  const providers = createAwsProviders({
    getToken: (audience) => tokens.getToken(audience),
    audience: io.env['ESC_ACTION_AUDIENCE'] || 'sts.amazonaws.com',
    env: io.env,
  });
  // Outside a runner, repository/ref/sha come from the local git checkout; a check treats what a
  // runner would add (run_id, actor, ...) as unknown rather than failing on it.
  const local = localGithubContext(io.env, io.cwd);
  if (note) describeLocalContext(local, mode, io);
  const unknown =
    local.context['github'] === undefined ? ['github'] : local.missing.map((k) => `github.${k}`);
  // Checked first, opened only without errors; names that cannot be exported, values no
  // variable or file can take, and (`all`: open prints every value, run args name any) anything
  // unknown are errors (the action's rules).
  return evaluateChecked(
    {
      environment: cmd.env,
      environmentsDir: cmd.dir,
      workspace: io.cwd,
      mode,
      providers,
      context: local.context,
      ...(mode === 'check' && unknown.length > 0 ? { unknownContextKeys: unknown } : {}),
      showSecrets,
      inRunner: io.env['GITHUB_ACTIONS'] === 'true',
    },
    { unknownScope: 'all', ...(exportValues ? { exportValues } : {}) },
  );
}

function describeLocalContext(local: LocalContext, mode: 'check' | 'open', io: CliIO): void {
  if (local.fromGit.length === 0) return;
  const keys = local.fromGit.map((k) => `context.github.${k}`).join(', ');
  let text = `note: not in a GitHub Actions runner: ${keys} from the local git checkout`;
  if (local.missing.length > 0) {
    const missing = local.missing.join(', ');
    text +=
      mode === 'check'
        ? `; ${missing} unknown (set GITHUB_* variables to give them values)`
        : `; ${missing} absent (set GITHUB_* variables to give them values)`;
  }
  io.stderr.write(text + '\n');
}

/** Prints diagnostics; returns true when there were errors. */
function report(engine: EngineResult, io: CliIO): boolean {
  for (const d of engine.result.diagnostics) {
    io.stderr.write(formatDiagnosticLine(d, engine.fileOf) + '\n');
  }
  return hasErrors(engine.result.diagnostics);
}

/** The text a secret prints as unless `--show-secrets`, in every format. */
const SECRET_PLACEHOLDER = '[secret]';

/**
 * `NAME="value"` lines (dotenv: JSON-quoted) or `export NAME='value'` lines (shell: single-quoted),
 * variables then files. Secrets print as `[secret]` unless `showSecrets`; a file whose content
 * is secret is then not written at all (its line shows `[secret]` instead of a path), so nothing
 * secret leaves the process without the flag.
 */
function exportLines(
  engine: EngineResult,
  style: 'dotenv' | 'shell',
  showSecrets: boolean,
): string {
  const ex = environmentExports(engine.result.value);
  const prefix = style === 'shell' ? 'export ' : '';
  const quote = style === 'shell' ? shellQuote : (t: string) => quoteJSONString(t);
  const shown = (secret: boolean, text: string) =>
    quote(secret && !showSecrets ? SECRET_PLACEHOLDER : text);
  const lines = ex.variables.map((v) => `${prefix}${v.name}=${shown(v.secret, asText(v.value))}`);
  let dir: string | undefined;
  for (const f of ex.files) {
    if (f.secret && !showSecrets) {
      lines.push(`${prefix}${f.name}=${shown(true, '')}`);
      continue;
    }
    dir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'esc-action-'));
    const file = path.join(dir, f.name);
    fs.writeFileSync(file, f.value, { mode: 0o600, flag: 'wx' });
    lines.push(`${prefix}${f.name}=${quote(file)}`);
  }
  return lines.map((l) => l + '\n').join('');
}

async function runOpen(cmd: Extract<Command, { kind: 'open' }>, io: CliIO): Promise<number> {
  const engine = await evaluate(cmd, 'open', io, false, true);
  if (report(engine, io)) return 1;
  const value = engine.result.value;
  const showSecrets = cmd.showSecrets;
  switch (cmd.format) {
    case 'json':
      io.stdout.write(renderJSON(value, { showSecrets }) + '\n');
      break;
    case 'yaml':
      io.stdout.write(
        yamlStringify(JSON.parse(renderJSON(value, { showSecrets })), {
          indent: 2,
        }),
      );
      break;
    case 'dotenv':
      io.stdout.write(exportLines(engine, 'dotenv', showSecrets));
      break;
    case 'shell':
      io.stdout.write(exportLines(engine, 'shell', showSecrets));
      break;
    case 'string': {
      const { stringForm } = await import('../eval/stringify.js');
      io.stdout.write(value ? stringForm(value, { redactSecrets: !showSecrets }).text : '');
      io.stdout.write('\n');
      break;
    }
  }
  return 0;
}

async function runCheck(cmd: Extract<Command, { kind: 'check' }>, io: CliIO): Promise<number> {
  const engine = await evaluate(cmd, 'check', io, false, true);
  if (report(engine, io)) return 1;
  if (cmd.format === 'json') {
    io.stdout.write(renderJSON(engine.result.value, { showSecrets: false }) + '\n');
  } else {
    io.stderr.write(`${engine.resolved.displayPath}: ok\n`);
  }
  return 0;
}

async function runRun(cmd: Extract<Command, { kind: 'run' }>, io: CliIO): Promise<number> {
  // Values no process environment can hold are errors at their position, before any file is
  // written or the command started.
  const tmp = os.tmpdir();
  const engine = await evaluate(cmd, 'open', io, false, false, {
    inherited: io.env,
    filePath: (name) => plannedFilePath(tmp, name),
  });
  if (report(engine, io)) return 1;
  // Every `${path}` must resolve before anything is written or run.
  const interpolated = interpolateArgs(cmd.argv, engine.result.value);
  if (interpolated.errors.length > 0) {
    for (const e of interpolated.errors) io.stderr.write(`esc-action: ${e}\n`);
    io.stderr.write('esc-action: the command was not run\n');
    return 1;
  }
  const ex = environmentExports(engine.result.value);
  // As the action's run: AWS credentials the environment does not set never mix with its own.
  const childEnv: NodeJS.ProcessEnv = { ...io.env };
  for (const name of staleCredentialVariables(definedNames(ex), io.env)) delete childEnv[name];
  for (const v of ex.variables) childEnv[v.name] = asText(v.value);
  for (const f of ex.files) childEnv[f.name] = plannedFilePath(tmp, f.name);
  const problem = commandLineProblem(interpolated.argv, childEnv);
  if (problem !== undefined) {
    io.stderr.write(`esc-action: cannot run the command: ${problem}\n`);
    return 1;
  }
  // As the action writes them: a fresh folder, each file exclusive and 0600, all removed on failure.
  const written = writeFiles(ex.files, tmp);
  for (const [name, file] of written?.paths ?? []) childEnv[name] = file;
  const dir = written?.dir;
  // Each line-piece, trimmed and escaped form of a secret, as the action masks them.
  const secrets = [...collectSecrets(engine.result.value), ...interpolated.secrets].flatMap((s) =>
    maskForms(s),
  );
  const [command, ...args] = interpolated.argv as [string, ...string[]];
  try {
    return await new Promise<number>((resolve) => {
      const failed = (err: NodeJS.ErrnoException) => {
        io.stderr.write(
          err.code === 'ENOENT'
            ? `esc-action: command not found: ${command}\n`
            : `esc-action: could not run ${command}: ${failureMessage(err)}\n`,
        );
        resolve(127);
      };
      let child;
      try {
        child = spawn(command, args, {
          cwd: io.cwd,
          env: childEnv,
          stdio: ['inherit', 'pipe', 'pipe'],
        });
      } catch (err) {
        // Node throws some spawn failures (E2BIG, invalid arguments) instead of emitting them.
        failed(err as NodeJS.ErrnoException);
        return;
      }
      child.stdout.pipe(createRedactor(secrets)).pipe(io.stdout, { end: false });
      child.stderr.pipe(createRedactor(secrets)).pipe(io.stderr, { end: false });
      child.on('error', failed);
      child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
    });
  } finally {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  try {
    const cmd = parseArgs(argv);
    switch (cmd.kind) {
      case 'help':
        io.stdout.write(USAGE + '\n');
        return 0;
      case 'version':
        io.stdout.write(VERSION + '\n');
        return 0;
      case 'open':
        return await runOpen(cmd, io);
      case 'check':
        return await runCheck(cmd, io);
      case 'run':
        return await runRun(cmd, io);
      case 'doctor':
        // A chunk of its own: the other commands never load it.
        return await (await import('./doctor/index.js')).runDoctor(cmd, io);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`esc-action: ${err.message}\n\n${USAGE}\n`);
      return 2;
    }
    if (err instanceof ResolveError) {
      io.stderr.write(`esc-action: ${err.message}\n`);
      return 1;
    }
    io.stderr.write(`esc-action: ${failureMessage(err)}\n`);
    return 1;
  }
}
