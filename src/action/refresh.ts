/**
 * Credential refresh (input `refresh-credentials`), set up by the main step; loaded only when the
 * input is true. Instead of the login's keys, `run` and later steps get AWS_CONFIG_FILE and
 * AWS_PROFILE naming a profile whose `credential_process` is the refresher
 * (dist/refresh/index.js), and the key variables cleared (they would take precedence). The
 * refresher's folder (state, cached credentials, config file) is the step's files folder, which
 * the post step removes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as core from '@actions/core';
import type { OpenRecord } from '../eval/api.js';
import {
  CONFIG_FILE,
  STATE_FILE,
  writeAtomic,
  writeCache,
  type RefreshState,
} from '../refresh/cache.js';
import { PROFILE_NAME, configFileText, credentialProcessLine } from '../refresh/profile.js';
import { recipeFor, type Recipe } from '../refresh/recipe.js';
import type { CredentialFacts } from './credentials.js';
import { FILES_DIR_PREFIX } from './files.js';
import type { ActionInputs } from './inputs.js';
import type { ExportPlan, StagedExports } from './publish.js';

/**
 * The variables the profile replaces: cleared for `run` and later steps. The same names as
 * host/aws-env.ts's CREDENTIAL_VARIABLES, written out: importing that module from this lazily
 * loaded one makes the bundler split it into a start-up file of its own (13 files, not 12).
 */
export const KEY_VARIABLES = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'];

export class RefreshSetupError extends Error {
  override name = 'RefreshSetupError';
}

export interface RefreshContext {
  opens: readonly OpenRecord[];
  /** The summary's credential facts: the refreshed login's entry gets a note. */
  facts: CredentialFacts | undefined;
  tempRoot: string;
  env: NodeJS.ProcessEnv;
  inputs: Pick<ActionInputs, 'requestTimeoutMs' | 'timeoutMs'>;
  /** The refresher bundle (default: refresh/index.js beside this bundle). */
  refresher?: string;
  /** The Node.js that runs it (default: this one). */
  node?: string;
  platform?: NodeJS.Platform;
}

/**
 * The plan with the profile instead of the keys: the key variables cleared (empty), the config
 * file and profile added, each exported exactly when the access key id would have been.
 */
export function refreshPlan(plan: ExportPlan, configFile: string): ExportPlan {
  const exportKeys = plan.exported.includes('AWS_ACCESS_KEY_ID');
  const runEnv: Record<string, string> = { ...plan.runEnv };
  for (const name of KEY_VARIABLES) runEnv[name] = '';
  runEnv.AWS_CONFIG_FILE = configFile;
  runEnv.AWS_PROFILE = PROFILE_NAME;
  const added = [...KEY_VARIABLES, 'AWS_CONFIG_FILE', 'AWS_PROFILE'];
  const exported = plan.exported.filter((n) => !added.includes(n));
  if (exportKeys) exported.push(...added);
  return { ...plan, runEnv, exported };
}

/**
 * Until when refresh can work, as far as it is known: the `exp` of the runner's token for OIDC
 * requests when it is a JWT, else undefined (then: as long as the job runs).
 */
export function requestTokenExpiry(env: NodeJS.ProcessEnv): string | undefined {
  // Read here rather than with providers/errors.ts's decoder: importing that module from this
  // lazily loaded one would make the bundler split the action's start-up chunk in two.
  let exp: unknown;
  try {
    const payload = (env.ACTIONS_ID_TOKEN_REQUEST_TOKEN ?? '').split('.')[1] ?? '';
    exp = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown })
      ?.exp;
  } catch {
    exp = undefined;
  }
  return typeof exp === 'number' && Number.isFinite(exp)
    ? new Date(exp * 1000).toISOString()
    : undefined;
}

/** The sentence the log and the summary show. */
export function refreshNote(until: string | undefined): string {
  return until
    ? `refreshed automatically (profile ${PROFILE_NAME}) until ${until}, when the job's token for OIDC requests expires`
    : `refreshed automatically (profile ${PROFILE_NAME}) for as long as the job runs (its timeout-minutes; at most 6 h on GitHub-hosted runners)`;
}

function fail(reason: string): never {
  throw new RefreshSetupError(`refresh-credentials: ${reason}; nothing was exported`);
}

/** Checks the plan and finds the recipe of the credentials it exports. */
export function refreshRecipe(
  plan: ExportPlan,
  opens: readonly OpenRecord[],
): { recipe: Recipe; open: OpenRecord } {
  const keyId = plan.runEnv.AWS_ACCESS_KEY_ID;
  if (!keyId) {
    fail(
      'the environment exports no AWS_ACCESS_KEY_ID; set it (with AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN) ' +
        'from an aws-login `oidc` login under environmentVariables',
    );
  }
  for (const name of ['AWS_CONFIG_FILE', 'AWS_PROFILE']) {
    if (plan.runEnv[name] !== undefined) {
      fail(
        `the environment sets ${name}, which credential refresh sets itself; remove it from the environment`,
      );
    }
  }
  const chain = recipeFor(opens, keyId);
  if (!chain.ok) fail(chain.reason);
  return { recipe: chain.recipe, open: chain.last as OpenRecord };
}

function defaultRefresher(): string {
  return fileURLToPath(new URL('./refresh/index.js', import.meta.url));
}

/**
 * Sets refresh up on top of the staged exports: writes the state, the first credentials and the
 * config file into the step's files folder (created when the environment has no files), and
 * returns the staged exports with the profile instead of the keys. On a failure it discards what
 * was staged and throws.
 */
export function stageRefresh(staged: StagedExports, ctx: RefreshContext): StagedExports {
  let ownDir: string | undefined;
  try {
    const { recipe, open } = refreshRecipe(staged.plan, ctx.opens);
    const expiration = open.meta?.expiration;
    const refresher = ctx.refresher ?? defaultRefresher();
    if (!fs.existsSync(refresher)) fail(`the refresher ${refresher} is missing from the action`);
    let dir = staged.written?.dir;
    if (dir === undefined) {
      fs.mkdirSync(ctx.tempRoot, { recursive: true });
      dir = ownDir = fs.mkdtempSync(path.join(ctx.tempRoot, FILES_DIR_PREFIX));
    }
    const state: RefreshState = {
      version: 1,
      recipe,
      requestTimeoutMs: ctx.inputs.requestTimeoutMs,
      timeoutMs: ctx.inputs.timeoutMs,
    };
    const statePath = path.join(dir, STATE_FILE);
    const configPath = path.join(dir, CONFIG_FILE);
    const last = recipe[recipe.length - 1] ?? recipe[0];
    const line = credentialProcessLine(
      [ctx.node ?? process.execPath, refresher, statePath],
      ctx.platform ?? process.platform,
    );
    writeAtomic(statePath, `${JSON.stringify(state)}\n`);
    const env = staged.plan.runEnv;
    if (env.AWS_SECRET_ACCESS_KEY && env.AWS_SESSION_TOKEN && expiration) {
      // The first credentials: the refresher hands them out until they near their expiry.
      writeCache(dir, {
        Version: 1,
        AccessKeyId: env.AWS_ACCESS_KEY_ID ?? '',
        SecretAccessKey: env.AWS_SECRET_ACCESS_KEY,
        SessionToken: env.AWS_SESSION_TOKEN,
        Expiration: expiration,
      });
    }
    writeAtomic(configPath, configFileText(line, last.region));
    const note = refreshNote(requestTokenExpiry(ctx.env));
    for (const c of ctx.facts?.credentials ?? []) {
      if (c.roleArn === open.meta?.roleArn && c.expiration === expiration) c.refresh = note;
    }
    core.info(
      `Credential refresh: role ${last.roleArn} ${note}. ${KEY_VARIABLES.join(', ')} are cleared; ` +
        `AWS_CONFIG_FILE (${configPath}) and AWS_PROFILE (${PROFILE_NAME}) give the credentials instead.`,
    );
    const written = staged.written ?? { dir, paths: new Map<string, string>() };
    return {
      ...staged,
      plan: refreshPlan(staged.plan, configPath),
      written,
      discard: () => {
        // The files folder (and so everything written here) goes with the staged exports.
        staged.discard();
        if (ownDir !== undefined) fs.rmSync(ownDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    staged.discard();
    if (ownDir !== undefined) fs.rmSync(ownDir, { recursive: true, force: true });
    if (err instanceof RefreshSetupError) throw err;
    throw new RefreshSetupError(
      `refresh-credentials: could not set up credential refresh (${err instanceof Error ? err.message : String(err)}); nothing was exported`,
    );
  }
}
