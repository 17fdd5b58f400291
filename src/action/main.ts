/**
 * The action: evaluate everything first; then mask every secret; then write files and export
 * variables; then run the command. Any error before the export leaves nothing behind.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as core from '@actions/core';
import { hasErrors } from '../syntax/diagnostic.js';
import { githubContext } from '../host/context.js';
import { evaluateFromDisk } from '../host/engine.js';
import { asText, environmentExports } from '../host/exports.js';
import { ResolveError, resolveEnvironment } from '../host/resolve.js';
import { collectSecrets, maskLines } from '../host/secrets.js';
import { createAwsProviders } from '../providers/index.js';
import { createTokenSource } from '../providers/token.js';
import { annotate } from './annotate.js';
import { CommandError, runScript } from './command.js';
import { STATE_FILES_DIRS, writeFiles } from './files.js';
import { InputError, envInputReader, readInputs, type ActionInputs } from './inputs.js';

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Reads the inputs from the runner's environment and runs the action. */
export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  try {
    const inputs = readInputs(envInputReader(env));
    await runWithInputs(inputs, env);
  } catch (err) {
    fail(err);
  }
}

function fail(err: unknown): void {
  if (err instanceof InputError || err instanceof ResolveError || err instanceof CommandError) {
    core.setFailed(err.message);
  } else {
    core.setFailed(err instanceof Error ? err : String(err));
  }
}

/** A cheap look at the root file's text: does it (probably) open aws-login? */
function mentionsAwsLogin(inputs: ActionInputs, workspace: string): boolean {
  try {
    const { file } = resolveEnvironment(inputs.environment, inputs.environmentsDir, workspace);
    const text = fs.readFileSync(file, 'utf8');
    return text.includes('aws-login') && !/\baudience\s*:/.test(text);
  } catch {
    return false;
  }
}

export async function runWithInputs(inputs: ActionInputs, env: NodeJS.ProcessEnv): Promise<void> {
  const workspace = env['GITHUB_WORKSPACE'] || process.cwd();
  const mode = inputs.checkOnly ? 'check' : 'open';
  const tokens = createTokenSource(env, {
    mask: (s) => core.setSecret(s),
    requestTimeoutMs: inputs.requestTimeoutMs,
    timeoutMs: inputs.timeoutMs,
    debug: (m) => core.debug(m),
  });
  // The token request is the first round trip of every open: start it now, while the
  // environment is read and evaluated. Only when the file can use it (it names aws-login).
  if (mode === 'open' && tokens.kind === 'runner' && mentionsAwsLogin(inputs, workspace)) {
    tokens.prefetch(inputs.audience);
  }
  const providers =
    mode === 'open'
      ? createAwsProviders({
          getToken: (audience) => tokens.getToken(audience),
          audience: inputs.audience,
          ...(inputs.awsRegion ? { region: inputs.awsRegion } : {}),
          requestTimeoutMs: inputs.requestTimeoutMs,
          timeoutMs: inputs.timeoutMs,
          env,
          debug: (m) => core.debug(m),
        })
      : undefined;

  const { resolved, result, fileOf } = await evaluateFromDisk({
    environment: inputs.environment,
    environmentsDir: inputs.environmentsDir,
    workspace,
    mode,
    ...(providers ? { providers } : {}),
    context: githubContext(env),
    signal: AbortSignal.timeout(inputs.timeoutMs),
  });
  core.info(`Evaluated ${resolved.displayPath} (${mode === 'check' ? 'check only' : 'opened'})`);

  // Secrets first, before any diagnostic or value can be printed.
  const secrets = collectSecrets(result.value);
  for (const secret of secrets) for (const line of maskLines(secret)) core.setSecret(line);

  annotate(result.diagnostics, fileOf);
  if (hasErrors(result.diagnostics)) {
    const n = result.diagnostics.filter((d) => d.severity === 'error').length;
    core.setFailed(
      `${resolved.displayPath}: ${n} error${n === 1 ? '' : 's'} in the environment; nothing was exported`,
    );
    return;
  }
  if (mode === 'check') {
    core.info('check-only: the environment is valid; nothing was opened or exported');
    return;
  }

  const exports = environmentExports(result.value);
  const badNames = [...exports.variables, ...exports.files]
    .map((e) => e.name)
    .filter((n) => !VARIABLE_NAME.test(n));
  if (badNames.length > 0) {
    core.setFailed(
      `${resolved.displayPath}: ${badNames.map((n) => `"${n}"`).join(', ')} ${badNames.length === 1 ? 'is not a valid environment variable name' : 'are not valid environment variable names'} ([A-Za-z_][A-Za-z0-9_]*); nothing was exported`,
    );
    return;
  }

  const tempRoot = env['RUNNER_TEMP'] || path.join(workspace, '.esc-action-tmp');
  const written = writeFiles(exports.files, tempRoot);
  if (written) core.saveState(STATE_FILES_DIRS, JSON.stringify([written.dir]));

  const runEnv: Record<string, string> = {};
  for (const v of exports.variables) runEnv[v.name] = asText(v.value);
  for (const [name, file] of written?.paths ?? []) runEnv[name] = file;

  const exportable = Object.keys(runEnv).filter(
    (name) => inputs.exportVariables && (inputs.keys === undefined || inputs.keys.includes(name)),
  );
  for (const name of exportable) core.exportVariable(name, runEnv[name] ?? '');
  core.setOutput('environment-file', resolved.displayPath);
  core.setOutput('exported-variables', exportable.join(','));

  if (inputs.run !== '') {
    const cwd = path.resolve(workspace, inputs.workingDirectory || '.');
    const code = await runScript({
      script: inputs.run,
      shell: inputs.shell,
      cwd,
      env: { ...process.env, ...env, ...runEnv },
      tempDir: tempRoot,
    });
    if (code !== 0) {
      core.setFailed(`run exited with code ${code}`);
      process.exitCode = code;
    }
  }
}
