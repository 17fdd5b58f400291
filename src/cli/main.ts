/** The local CLI: `open`, `check` and `run` on environment files, with the action's engine. */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify as yamlStringify } from 'yaml';
import { hasErrors, sortDiagnostics } from '../syntax/diagnostic.js';
import { githubContext } from '../host/context.js';
import { evaluateFromDisk, formatDiagnosticLine, type EngineResult } from '../host/engine.js';
import { asText, environmentExports } from '../host/exports.js';
import { checkExportNames } from '../host/names.js';
import { quoteJSONString } from '../eval/go/json.js';
import { renderJSON } from '../host/render.js';
import { ResolveError } from '../host/resolve.js';
import { collectSecrets, maskForms } from '../host/secrets.js';
import { createAwsProviders } from '../providers/index.js';
import { createTokenSource } from '../providers/token.js';
import { USAGE, UsageError, parseArgs, type Command } from './args.js';
import { interpolateArgs } from './interpolate.js';
import { createRedactor } from './redact.js';

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
): Promise<EngineResult> {
  // Providers are known in both modes (check mode type-checks their inputs) but only opened
  // in open mode; their SDK clients load on first open.
  const tokens = createTokenSource(io.env, {});
  const providers = createAwsProviders({
    getToken: (audience) => tokens.getToken(audience),
    audience: io.env['ESC_ACTION_AUDIENCE'] || 'sts.amazonaws.com',
    env: io.env,
  });
  const context = githubContext(io.env);
  const engine = await evaluateFromDisk({
    environment: cmd.env,
    environmentsDir: cmd.dir,
    workspace: io.cwd,
    mode,
    providers,
    context,
    // Outside a runner `context.github` has no values; a check should not fail on that.
    ...(mode === 'check' && context['github'] === undefined
      ? { unknownContextKeys: ['github'] }
      : {}),
    showSecrets,
  });
  // Names that cannot be exported are errors at their key (the action's rules).
  const names = checkExportNames(engine.result.value, engine.resolved.name);
  if (names.length > 0)
    engine.result.diagnostics = sortDiagnostics([...engine.result.diagnostics, ...names]);
  return engine;
}

/** Prints diagnostics; returns true when there were errors. */
function report(engine: EngineResult, io: CliIO): boolean {
  for (const d of engine.result.diagnostics) {
    io.stderr.write(formatDiagnosticLine(d, engine.fileOf) + '\n');
  }
  return hasErrors(engine.result.diagnostics);
}

function dotenvLines(engine: EngineResult, prefix: string): string {
  const ex = environmentExports(engine.result.value);
  const lines = ex.variables.map((v) => `${prefix}${v.name}=${quoteJSONString(asText(v.value))}`);
  if (ex.files.length > 0) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esc-action-'));
    for (const f of ex.files) {
      const file = path.join(dir, f.name);
      fs.writeFileSync(file, f.value, { mode: 0o600, flag: 'wx' });
      lines.push(`${prefix}${f.name}=${quoteJSONString(file)}`);
    }
  }
  return lines.map((l) => l + '\n').join('');
}

async function runOpen(cmd: Extract<Command, { kind: 'open' }>, io: CliIO): Promise<number> {
  const engine = await evaluate(cmd, 'open', io);
  if (report(engine, io)) return 1;
  const value = engine.result.value;
  switch (cmd.format) {
    case 'json':
      io.stdout.write(renderJSON(value, { showSecrets: cmd.showSecrets }) + '\n');
      break;
    case 'yaml':
      io.stdout.write(
        yamlStringify(JSON.parse(renderJSON(value, { showSecrets: cmd.showSecrets })), {
          indent: 2,
        }),
      );
      break;
    case 'dotenv':
      io.stdout.write(dotenvLines(engine, ''));
      break;
    case 'shell':
      io.stdout.write(dotenvLines(engine, 'export '));
      break;
    case 'string': {
      const { stringForm } = await import('../eval/stringify.js');
      io.stdout.write((value ? stringForm(value).text : '') + '\n');
      break;
    }
  }
  return 0;
}

async function runCheck(cmd: Extract<Command, { kind: 'check' }>, io: CliIO): Promise<number> {
  const engine = await evaluate(cmd, 'check', io);
  if (report(engine, io)) return 1;
  if (cmd.format === 'json') {
    io.stdout.write(renderJSON(engine.result.value, { showSecrets: false }) + '\n');
  } else {
    io.stderr.write(`${engine.resolved.displayPath}: ok\n`);
  }
  return 0;
}

async function runRun(cmd: Extract<Command, { kind: 'run' }>, io: CliIO): Promise<number> {
  const engine = await evaluate(cmd, 'open', io);
  if (report(engine, io)) return 1;
  const ex = environmentExports(engine.result.value);
  const childEnv: NodeJS.ProcessEnv = { ...io.env };
  for (const v of ex.variables) childEnv[v.name] = asText(v.value);
  let dir: string | undefined;
  if (ex.files.length > 0) {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esc-action-'));
    for (const f of ex.files) {
      const file = path.join(dir, f.name);
      fs.writeFileSync(file, f.value, { mode: 0o600, flag: 'wx' });
      childEnv[f.name] = file;
    }
  }
  const interpolated = interpolateArgs(cmd.argv, engine.result.value);
  // Each line-piece, trimmed and escaped form of a secret, as the action masks them.
  const secrets = [...collectSecrets(engine.result.value), ...interpolated.secrets].flatMap((s) =>
    maskForms(s),
  );
  const [command, ...args] = interpolated.argv as [string, ...string[]];
  try {
    return await new Promise<number>((resolve) => {
      const child = spawn(command, args, {
        cwd: io.cwd,
        env: childEnv,
        stdio: ['inherit', 'pipe', 'pipe'],
      });
      child.stdout.pipe(createRedactor(secrets)).pipe(io.stdout, { end: false });
      child.stderr.pipe(createRedactor(secrets)).pipe(io.stderr, { end: false });
      child.on('error', (err: NodeJS.ErrnoException) => {
        io.stderr.write(
          err.code === 'ENOENT'
            ? `esc-action: command not found: ${command}\n`
            : `esc-action: could not run ${command}: ${err.message}\n`,
        );
        resolve(127);
      });
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
    io.stderr.write(`esc-action: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}
