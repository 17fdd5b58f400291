/**
 * The action: evaluate everything first; then mask every secret; then write files and export
 * variables; then run the command. Any error before the export leaves nothing behind.
 */
import * as core from '@actions/core';
import { hasErrors, sortDiagnostics } from '../syntax/diagnostic.js';
import { githubContext } from '../host/context.js';
import { evaluateChecked } from '../host/checks.js';
import { environmentExports } from '../host/exports.js';
import { inheritedProfileWarning, withRegionVariables, withoutVariables } from '../host/aws-env.js';
import { recordProviderOutputs } from '../host/origin.js';
import { createAwsProviders } from '../providers/index.js';
import { createTokenSource, type TokenSource } from '../providers/token.js';
import { checkAllowedAccounts } from './account-guard.js';
import { annotate } from './annotate.js';
import { startScript } from './command.js';
import { ExportError, beginFileCommands } from './commit.js';
import { credentialFacts, describeOpen } from './credentials.js';
import { startEarly, type EarlyStart } from './entry-early.js';
import { STATE_FILES_DIRS, plannedFilePath, tempRootOf } from './files.js';
import {
  checkInputsAgainstWorkspace,
  envInputReader,
  readInputs,
  type ActionInputs,
} from './inputs.js';
import {
  exportLogLines,
  failureText,
  issueMask,
  maskSecretAccounts,
  maskSecrets,
  maskingProviders,
  stageExports,
  summaryModel,
  type ExportPlan,
  writeSummary,
} from './publish.js';

/** Reads the inputs from the runner's environment and runs the action. */
export async function run(env: NodeJS.ProcessEnv = process.env, early?: EarlyStart): Promise<void> {
  try {
    const inputs = readInputs(envInputReader(env));
    await runWithInputs(inputs, env, early);
  } catch (err) {
    fail(err);
  }
}

/**
 * The one top-level catch: the message only, never a stack trace or a value, and every secret
 * registered so far redacted (see failureText).
 */
export function fail(err: unknown): void {
  core.setFailed(failureText(err));
}

export async function runWithInputs(
  inputs: ActionInputs,
  env: NodeJS.ProcessEnv,
  /** The token source src/index.ts started before loading this module (token maybe in flight). */
  early?: EarlyStart,
): Promise<void> {
  // Input errors first, before a token is requested (src/index.ts makes the same check).
  checkInputsAgainstWorkspace(inputs, env['GITHUB_WORKSPACE'] || process.cwd());
  // src/index.ts normally started the token request already; when called directly, start it
  // here by the same rule, so the request is in flight while the environment is evaluated.
  const start = early ?? startEarly(env);
  start?.bind({ mask: issueMask, debug: (m) => core.debug(m) });
  const tokens =
    start?.tokens ??
    createTokenSource(env, {
      mask: issueMask,
      requestTimeoutMs: inputs.requestTimeoutMs,
      timeoutMs: inputs.timeoutMs,
      httpProxy: inputs.httpProxy,
      debug: (m) => core.debug(m),
    });
  try {
    await openAndPublish(inputs, env, tokens);
  } finally {
    // A token fetched early that no open took (the file named aws-login in a comment, or an
    // error came first) must not hold the step open while its endpoint takes its time.
    tokens.close();
  }
}

/** Evaluates, checks, masks, exports, runs: all or nothing (see the module's comment). */
async function openAndPublish(
  inputs: ActionInputs,
  env: NodeJS.ProcessEnv,
  tokens: TokenSource,
): Promise<void> {
  const workspace = env['GITHUB_WORKSPACE'] || process.cwd();
  const mode = inputs.checkOnly ? 'check' : 'open';
  // Known in check mode too (their inputs are type-checked there); opened only in open mode.
  const providers = createAwsProviders({
    getToken: (audience) => tokens.getToken(audience),
    audience: inputs.audience,
    ...(inputs.awsRegion ? { region: inputs.awsRegion } : {}),
    requestTimeoutMs: inputs.requestTimeoutMs,
    timeoutMs: inputs.timeoutMs,
    httpProxy: inputs.httpProxy,
    env,
    debug: (m) => core.debug(m),
  });

  // Secrets a provider is given or returns are masked at once: it may log while it runs.
  const recorded = recordProviderOutputs(maskingProviders(providers));
  // Checked first (nothing opened) and opened only without errors. Names that cannot be exported,
  // and values or file names that would make the export or a process started with it fail, are
  // errors at their key or value: nothing is exported.
  const tempRoot = tempRootOf(env, workspace);
  const {
    resolved,
    result,
    fileOf,
    mode: evaluated,
  } = await evaluateChecked(
    {
      environment: inputs.environment,
      environmentsDir: inputs.environmentsDir,
      workspace,
      mode,
      providers: recorded.providers,
      context: githubContext(env),
      signal: AbortSignal.timeout(inputs.timeoutMs),
      inRunner: env['GITHUB_ACTIONS'] === 'true',
    },
    {
      unknownScope: 'exports',
      exportValues: {
        inherited: { ...process.env, ...env },
        filePath: (name) => plannedFilePath(tempRoot, name),
      },
      ...(inputs.keys !== undefined && inputs.exportVariables
        ? { keys: inputs.keys, awsRegion: inputs.awsRegion }
        : {}),
    },
  );

  // Credential refresh keeps only the profile current: nothing else may carry the credentials.
  if (evaluated === 'open' && inputs.refreshCredentials) {
    const { checkStaleCredentials } = await import('./refresh.js');
    result.diagnostics = sortDiagnostics([
      ...result.diagnostics,
      ...checkStaleCredentials(result.value, resolved.name, result.opens),
    ]);
  }

  // Account guard (allowed-account-ids): a role assumed in an account the input does not list is
  // an error at its fn::open, so the step fails below, before anything is written.
  if (evaluated === 'open' && inputs.allowedAccountIds !== undefined) {
    result.diagnostics = sortDiagnostics([
      ...result.diagnostics,
      ...checkAllowedAccounts(result.opens, inputs.allowedAccountIds, {
        rootName: resolved.name,
        reportNoAccount: !hasErrors(result.diagnostics),
      }),
    ]);
  }

  // Secrets first, before any diagnostic or value can be printed.
  maskSecrets(result.value);

  // The aws-region input becomes AWS_REGION and AWS_DEFAULT_REGION when the file names no region.
  const exports = withRegionVariables(environmentExports(result.value), inputs.awsRegion);
  const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = result.diagnostics.length - errors;
  // An account id the file keeps secret is masked before the opens are described below.
  const facts =
    evaluated === 'open'
      ? maskSecretAccounts(credentialFacts(result.opens, fileOf, exports))
      : undefined;
  const summary = async (
    exported: readonly string[],
    runExitCode?: number,
    cleared?: ExportPlan['cleared'],
  ) => {
    if (!inputs.showSummary) return;
    await writeSummary(
      summaryModel({
        result,
        rootName: resolved.name,
        displayPath: resolved.displayPath,
        mode,
        exports,
        exported,
        outputs: recorded.outputs,
        facts,
        ...(runExitCode !== undefined ? { runExitCode } : {}),
        ...(cleared !== undefined ? { cleared } : {}),
      }),
    );
  };

  core.startGroup(`Load ${resolved.displayPath}`);
  for (const e of result.environments) {
    core.info(e.name === resolved.name ? `environment ${e.path}` : `import ${e.name} (${e.path})`);
  }
  core.info(
    `${evaluated === 'check' ? 'checked' : 'evaluated'}: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}${evaluated !== mode ? '; nothing was opened' : ''}`,
  );
  core.endGroup();
  // Each open's outcome first: the annotations below say why one failed.
  if (evaluated === 'open' && result.opens.length > 0) {
    core.startGroup('Open providers');
    for (const o of result.opens) core.info(describeOpen(o, fileOf));
    core.endGroup();
  }
  annotate(result.diagnostics, fileOf);

  if (errors > 0) {
    core.setFailed(
      `${resolved.displayPath}: ${errors} error${errors === 1 ? '' : 's'} in the environment; nothing was exported`,
    );
    await summary([]);
    return;
  }
  if (mode === 'check') {
    core.info('check-only: the environment is valid; nothing was opened or exported');
    await summary([]);
    return;
  }

  // Everything that can fail is done before the first line reaches GITHUB_ENV, GITHUB_OUTPUT or
  // GITHUB_STATE: the file commands are checked, the files and the run script written (each
  // removes what it wrote when it fails). After the first write, a failure undoes them all.
  let staged = stageExports(exports, inputs, env, workspace, tempRoot);
  if (inputs.refreshCredentials) {
    // Credential refresh (README "Credential refresh for long jobs"): loaded only when asked for.
    const { stageRefresh } = await import('./refresh.js');
    staged = stageRefresh(staged, { opens: result.opens, facts, tempRoot, env, inputs });
  }
  const { plan, written } = staged;
  const transaction = beginFileCommands(process.env);
  const abandon = (err: unknown, what: string): never => {
    transaction.undo();
    staged.discard();
    throw new ExportError(`${what}: ${failureText(err)}; nothing was exported`);
  };

  core.startGroup('Export');
  try {
    // One state entry per step: the runner keeps GITHUB_STATE per step and hands it to that
    // step's own post step, so a second use in the job has its own list and its own cleanup.
    if (written) core.saveState(STATE_FILES_DIRS, JSON.stringify([written.dir]));
    for (const name of plan.exported) core.exportVariable(name, plan.runEnv[name] ?? '');
    // Stale credentials: later steps get these empty (the AWS CLI and SDKs read empty as unset).
    for (const name of plan.cleared.later) core.exportVariable(name, '');
    core.setOutput('environment-file', resolved.displayPath);
    core.setOutput('exported-variables', plan.exported.join(','));
    core.setOutput('files', JSON.stringify(Object.fromEntries(written?.paths ?? [])));
    if (facts?.accountId !== undefined && !facts.secretAccount)
      core.setOutput('aws-account-id', facts.accountId);
    if (facts?.expiration !== undefined) core.setOutput('expiration', facts.expiration);
  } catch (err) {
    core.endGroup();
    abandon(err, 'could not export');
  }
  for (const line of exportLogLines(plan, exports)) core.info(line);
  const clearedLater = new Set(plan.cleared.later);
  for (const name of plan.cleared.run) {
    core.info(
      `${name}: cleared for run${clearedLater.has(name) ? ' and later steps' : ''} (the environment sets AWS credentials without it)`,
    );
  }
  core.endGroup();
  if (facts?.secretAccount) {
    core.notice(
      'the aws-account-id output is not set: the account id is part of a secret of the environment (fn::secret), so it is masked and kept out of outputs',
    );
  }
  const profile = inheritedProfileWarning(Object.keys(plan.runEnv), { ...process.env, ...env });
  if (profile !== undefined) core.warning(profile);
  if (!inputs.exportVariables && inputs.keys !== undefined) {
    core.warning('input "keys" has no effect when export-variables is false: nothing is exported');
  }

  let runExitCode: number | undefined;
  if (staged.script) {
    core.startGroup('Run');
    try {
      runExitCode = await startScript(
        staged.script,
        withoutVariables({ ...process.env, ...env, ...plan.runEnv }, plan.cleared.run),
      );
    } catch (err) {
      // The command never started: take the exports back, as if nothing had happened.
      core.endGroup();
      abandon(err, 'could not start the run command');
    } finally {
      staged.script.dispose();
    }
    core.endGroup();
    if (runExitCode !== 0) {
      core.setFailed(`run exited with code ${runExitCode}`);
      process.exitCode = runExitCode;
    }
  }
  await summary(plan.exported, runExitCode, plan.cleared);
}
