/**
 * The phases after evaluation, in the order that keeps secrets safe and the step all-or-nothing:
 * mask every secret; report (log groups, annotations); plan the exports completely; write files;
 * only then export variables and outputs; run the command; write the job summary once.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as core from '@actions/core';
import { failureMessage } from '../host/failure.js';
import type { EvaluateResult } from '../eval/api.js';
import type { Value } from '../eval/value.js';
import { asText, type EnvironmentExports, type ExportEntry } from '../host/exports.js';
import { definedNames, hasCredentialVariable, staleCredentialVariables } from '../host/aws-env.js';
import { classify, type ProviderOutputs } from '../host/origin.js';
import type { Provider } from '../eval/provider.js';
import { collectSecrets, maskForms, maskProviderSecrets, redact } from '../host/secrets.js';
import {
  renderSummary,
  type Scope,
  type SummaryEntry,
  type SummaryModel,
} from '../host/summary.js';
import { prepareScript, type PreparedScript } from './command.js';
import { ExportError, FILE_COMMANDS, fileCommandProblem } from './commit.js';
import type { CredentialFacts } from './credentials.js';
import { writeFiles, type WrittenFiles } from './files.js';
import type { ActionInputs } from './inputs.js';

/** The masks registered with the runner by this process, each once. */
const issued = new Set<string>();

/**
 * Registers every form of `secret` the log could show (its lines, trimmed, and its escaped
 * forms; see `maskForms`) with the runner, each once. The runner hides a mask from the line
 * after its `::add-mask::` on, so this runs before anything can print the secret.
 */
export function issueMask(secret: string): void {
  for (const m of maskForms(secret)) {
    if (issued.has(m)) continue;
    issued.add(m);
    core.setSecret(m);
  }
}

/**
 * Whether `text` is a registered secret or part of one: an account id the file wrote as a secret
 * (`fn::secret`), or inside a secret role ARN.
 */
export function isWithinSecret(text: string): boolean {
  if (text === '') return false;
  for (const m of issued) if (m.includes(text)) return true;
  return false;
}

/**
 * The credential facts as they may be shown: an account id that is part of a secret is masked
 * (registered with the runner, before anything prints it) and replaced by `***`, and reported in
 * `secretAccount` so that the `aws-account-id` output is left unset.
 */
export function maskSecretAccounts(
  facts: CredentialFacts,
): CredentialFacts & { secretAccount: boolean } {
  const secret = (id: string | undefined): boolean => id !== undefined && isWithinSecret(id);
  for (const id of [facts.accountId, ...facts.credentials.map((c) => c.accountId)]) {
    if (id !== undefined && secret(id)) issueMask(id);
  }
  const secretAccount = secret(facts.accountId);
  return {
    ...facts,
    accountId: secretAccount ? '***' : facts.accountId,
    credentials: facts.credentials.map((c) =>
      c.accountId !== undefined && secret(c.accountId) ? { ...c, accountId: '***' } : c,
    ),
    secretAccount,
  };
}

/** Registers every secret of the evaluated environment with the runner, before anything prints. */
export function maskSecrets(root: Value | undefined): void {
  for (const secret of collectSecrets(root)) issueMask(secret);
}

/** Providers that mask their secret inputs before they open and their secret results at once. */
export function maskingProviders(
  providers: ReadonlyMap<string, Provider>,
): ReadonlyMap<string, Provider> {
  return maskProviderSecrets(providers, issueMask);
}

/**
 * What an unexpected error may say in the log: its text with every registered secret redacted,
 * and without the value a Node.js argument error quotes ("... Received 'a\x00b'"), which can be a
 * piece of a secret the runner cannot match (escaped, cut at 128 characters).
 */
export function failureText(err: unknown): string {
  return redact(
    failureMessage(err),
    [...issued].sort((a, b) => b.length - a.length),
  );
}

export interface ExportPlan {
  /** Every variable `run` sees: the environment's variables and the files' paths. */
  runEnv: Record<string, string>;
  /** The names exported to later steps (a subset of runEnv's, in the same order). */
  exported: string[];
  /** `keys` entries the environment does not define. */
  missingKeys: string[];
  /**
   * Credential variables the environment does not define, cleared because it defines others:
   * removed from `run`'s environment, and exported empty (`later`) when this step exports
   * credentials to later steps (else they keep what they had, and nothing of this step).
   */
  cleared: { run: string[]; later: string[] };
}

/** What goes where, decided before anything is written. `filePaths` maps file names to paths. */
export function planExports(
  exports: EnvironmentExports,
  filePaths: ReadonlyMap<string, string>,
  inputs: Pick<ActionInputs, 'exportVariables' | 'keys'>,
  /** The step's own environment, from which stale credentials are cleared. */
  inherited: NodeJS.ProcessEnv = {},
): ExportPlan {
  const runEnv: Record<string, string> = {};
  for (const v of exports.variables) runEnv[v.name] = asText(v.value);
  for (const f of exports.files) {
    const p = filePaths.get(f.name);
    if (p !== undefined) runEnv[f.name] = p;
  }
  const names = Object.keys(runEnv);
  const keys = inputs.keys;
  const exported = inputs.exportVariables
    ? names.filter((n) => keys === undefined || keys.includes(n))
    : [];
  const defined = new Set([...exports.variables, ...exports.files].map((e) => e.name));
  const missingKeys = (keys ?? []).filter((k) => !defined.has(k));
  const stale = staleCredentialVariables(definedNames(exports), inherited);
  const later = exported.some((n) => hasCredentialVariable([n])) ? stale : [];
  return { runEnv, exported, missingKeys, cleared: { run: stale, later } };
}

/**
 * The Export group's line for each variable: what `run` and later steps actually get. A value
 * the plan empties (credential refresh clears the login's keys: the profile gives them instead)
 * is shown as empty, never as if the environment's value were exported.
 */
export function exportLogLines(plan: ExportPlan, exports: EnvironmentExports): string[] {
  const exported = new Set(plan.exported);
  const own = new Map(exports.variables.map((v) => [v.name, v]));
  const profile = plan.runEnv.AWS_PROFILE;
  return Object.entries(plan.runEnv).map(([name, value]) => {
    const entry = own.get(name);
    const later = exported.has(name);
    let what = later ? 'exported to later steps' : 'run only';
    if (value === '') {
      what = later ? 'exported empty to later steps' : 'run only, empty';
      if (entry !== undefined && asText(entry.value) !== '' && profile !== undefined)
        what += ` (refresh-credentials: the credentials come from AWS_PROFILE ${profile})`;
    }
    return `${name}: ${what}${entry?.input ? ` (from input ${entry.input})` : ''}`;
  });
}

export interface StagedExports {
  plan: ExportPlan;
  written: WrittenFiles | undefined;
  /** The run command, ready to start; undefined when there is none. */
  script: PreparedScript | undefined;
  /** Removes what staging wrote (the files and the script). Never throws. */
  discard(): void;
}

/**
 * Does every step of the export that can fail, before anything reaches the runner's file
 * commands: checks they can be written, writes the files and the run script. On a failure it
 * removes what it wrote and throws (ExportError, FilesError or CommandError).
 */
export function stageExports(
  exports: EnvironmentExports,
  inputs: Pick<ActionInputs, 'exportVariables' | 'keys' | 'run' | 'shell' | 'workingDirectory'>,
  env: NodeJS.ProcessEnv,
  workspace: string,
  tempRoot: string,
): StagedExports {
  for (const variable of FILE_COMMANDS) {
    const problem = fileCommandProblem(process.env, variable);
    if (problem !== undefined) throw new ExportError(`${problem}; nothing was exported`);
  }
  const written = writeFiles(exports.files, tempRoot);
  const discardFiles = () => {
    if (written) fs.rmSync(written.dir, { recursive: true, force: true });
  };
  let script: PreparedScript | undefined;
  if (inputs.run !== '') {
    try {
      script = prepareScript({
        script: inputs.run,
        shell: inputs.shell,
        cwd: path.resolve(workspace, inputs.workingDirectory || '.'),
        tempDir: tempRoot,
      });
    } catch (err) {
      discardFiles();
      throw err;
    }
  }
  return {
    plan: planExports(exports, written?.paths ?? new Map<string, string>(), inputs, {
      ...process.env,
      ...env,
    }),
    written,
    script,
    discard: () => {
      try {
        discardFiles();
        script?.dispose();
      } catch {
        // Best effort: the step fails anyway.
      }
    },
  };
}

export interface SummaryInput {
  result: EvaluateResult;
  rootName: string;
  displayPath: string;
  mode: 'open' | 'check';
  exports: EnvironmentExports;
  exported: readonly string[];
  outputs: ProviderOutputs | undefined;
  facts: CredentialFacts | undefined;
  runExitCode?: number;
  /** From the export plan: stale credential variables cleared. */
  cleared?: ExportPlan['cleared'];
}

export function summaryModel(s: SummaryInput): SummaryModel {
  const exported = new Set(s.exported);
  const entry = (e: ExportEntry): SummaryEntry => {
    const c = classify(e, s.outputs);
    const scope: Scope =
      s.mode === 'check' || s.result.diagnostics.some((d) => d.severity === 'error')
        ? 'not exported'
        : exported.has(e.name)
          ? 'exported'
          : 'run only';
    return {
      name: e.name,
      origin: c.origin,
      providers: c.providers,
      secret: e.secret,
      scope,
      ...(e.input !== undefined ? { input: e.input } : {}),
    };
  };
  const count = (sev: string) => s.result.diagnostics.filter((d) => d.severity === sev).length;
  return {
    environment: s.displayPath,
    mode: s.mode,
    imports: s.result.environments.filter((e) => e.name !== s.rootName),
    variables: s.exports.variables.map(entry),
    files: s.exports.files.map(entry),
    credentials: s.facts?.credentials ?? [],
    errors: count('error'),
    warnings: count('warning'),
    ...(s.runExitCode !== undefined ? { runExitCode: s.runExitCode } : {}),
    ...(s.cleared !== undefined
      ? {
          cleared: s.cleared.run.map((name) => ({ name, later: s.cleared!.later.includes(name) })),
        }
      : {}),
  };
}

/** Appends the summary to GITHUB_STEP_SUMMARY; a failure to write it never fails the step. */
export async function writeSummary(model: SummaryModel): Promise<void> {
  if (!process.env['GITHUB_STEP_SUMMARY']) {
    core.debug('GITHUB_STEP_SUMMARY is not set: no job summary');
    return;
  }
  try {
    // The runner masks the log, not the summary file: every registered secret is hidden here.
    const masks = [...issued].sort((a, b) => b.length - a.length);
    await core.summary.addRaw(redact(renderSummary(model), masks), true).write();
  } catch (err) {
    core.warning(
      `could not write the job summary: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}
