/**
 * Credential refresh (input `refresh-credentials`), set up by the main step; loaded only when the
 * input is true. Instead of the login's keys, `run` and later steps get AWS_CONFIG_FILE and
 * AWS_PROFILE naming a profile whose `credential_process` is the refresher
 * (dist/refresh/index.js), and every variable that would take precedence neutralised
 * (REFRESH_VARIABLES). The state records the STS endpoint each step called and the step's proxy
 * choice: the refresher uses those, never its caller's AWS settings. The
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
  type StoredProxy,
} from '../refresh/cache.js';
import { ProxyStoreError, storeProxy } from '../refresh/proxy.js';
import { PROFILE_NAME, configFileText, credentialProcessLine } from '../refresh/profile.js';
import { META_KEY, keyFingerprint, recipeFor, type Recipe } from '../refresh/recipe.js';
import type { Value } from '../eval/value.js';
import { exportDiagnostic, locateExports } from '../host/export-check.js';
import { asText, environmentExports } from '../host/exports.js';
import type { Diagnostic } from '../syntax/diagnostic.js';
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

/**
 * What else `run` and later steps get, so that the profile is the identity every SDK uses (each
 * SDK's credential chain, read in aws CLI/botocore credentials.py, the JavaScript SDK v3's
 * credential-provider-node and the Go SDK v2's config resolution). GITHUB_ENV can set a variable
 * but never remove one, so each is set to a value that means "not this way" to all of them:
 * - the profile selectors name the profile: botocore reads AWS_DEFAULT_PROFILE before AWS_PROFILE,
 *   and an empty one fails with ProfileNotFound;
 * - AWS_SHARED_CREDENTIALS_FILE names an empty file: an `[esc-action]` section of an inherited
 *   credentials file would come before the profile's credential_process in every SDK;
 * - AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE empty: botocore tries them (an EKS/IRSA pod's
 *   role) before the profile's credential_process; the JavaScript SDK after it, when it fails;
 * - AWS_CONTAINER_CREDENTIALS_FULL_URI/_RELATIVE_URI empty, AWS_EC2_METADATA_DISABLED true: the
 *   JavaScript SDK falls through to the container endpoint or instance metadata (a pod's or an
 *   instance's role) when the credential_process fails;
 * - AWS_SECURITY_TOKEN empty: botocore's old name for AWS_SESSION_TOKEN.
 * Empty means unset to botocore, the JavaScript and the Go SDKs.
 */
export const CLEARED_VARIABLES = [
  'AWS_SECURITY_TOKEN',
  'AWS_ROLE_ARN',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
];
/** The profile selectors, set to the profile's name. */
export const PROFILE_SELECTORS = ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE'];

/** Every variable credential refresh sets for `run` and later steps. */
export const REFRESH_VARIABLES = [
  ...KEY_VARIABLES,
  ...CLEARED_VARIABLES,
  ...PROFILE_SELECTORS,
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_EC2_METADATA_DISABLED',
];

/** The empty credentials file AWS_SHARED_CREDENTIALS_FILE names. */
export const CREDENTIALS_FILE = 'aws-credentials';

/**
 * The refresher's heap limit (MiB), on its command line: whatever an endpoint or a proxy sends, it
 * cannot grow past it (it needs about a fifth).
 */
export const REFRESHER_HEAP_MB = 128;

export class RefreshSetupError extends Error {
  override name = 'RefreshSetupError';
}

export interface RefreshContext {
  opens: readonly OpenRecord[];
  /** The summary's credential facts: the refreshed login's entry gets a note. */
  facts: CredentialFacts | undefined;
  tempRoot: string;
  env: NodeJS.ProcessEnv;
  inputs: Pick<ActionInputs, 'requestTimeoutMs' | 'timeoutMs' | 'httpProxy'>;
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
export function refreshPlan(
  plan: ExportPlan,
  configFile: string,
  credentialsFile: string,
): ExportPlan {
  const exportKeys = plan.exported.includes('AWS_ACCESS_KEY_ID');
  const runEnv: Record<string, string> = { ...plan.runEnv };
  for (const name of [...KEY_VARIABLES, ...CLEARED_VARIABLES]) runEnv[name] = '';
  for (const name of PROFILE_SELECTORS) runEnv[name] = PROFILE_NAME;
  runEnv.AWS_CONFIG_FILE = configFile;
  runEnv.AWS_SHARED_CREDENTIALS_FILE = credentialsFile;
  runEnv.AWS_EC2_METADATA_DISABLED = 'true';
  const added = REFRESH_VARIABLES;
  const exported = plan.exported.filter((n) => !added.includes(n));
  if (exportKeys) exported.push(...added);
  // What the plan cleared as stale credentials is set above (once, not twice).
  const mine = (n: string) => !added.includes(n);
  const cleared = { run: plan.cleared.run.filter(mine), later: plan.cleared.later.filter(mine) };
  return { ...plan, runEnv, exported, cleared };
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
  for (const name of REFRESH_VARIABLES) {
    if (!KEY_VARIABLES.includes(name) && plan.runEnv[name] !== undefined) {
      fail(
        `the environment sets ${name}, which credential refresh sets itself; remove it from the environment`,
      );
    }
  }
  const chain = recipeFor(opens, keyId);
  if (!chain.ok) fail(chain.reason);
  return { recipe: chain.recipe, open: chain.last as OpenRecord };
}

/** The credentials (texts) STS issued in this evaluation, found in the environment's values. */
interface Issued {
  roleArn: string;
  texts: string[];
}

/** Every object in `root` holding credentials whose access key id is one of `issued`'s. */
function issuedCredentials(root: Value | undefined, issued: Map<string, string>): Issued[] {
  const out: Issued[] = [];
  const seen = new Set<Value>();
  const walk = (v: Value | undefined, depth: number): void => {
    if (v === undefined || v.unknown || seen.has(v) || depth > 64) return;
    seen.add(v);
    const r = v.repr;
    if (Array.isArray(r)) for (const e of r) walk(e, depth + 1);
    if (!(r instanceof Map)) return;
    const text = (k: string) => {
      const t = r.get(k)?.repr;
      return typeof t === 'string' && t !== '' ? t : undefined;
    };
    const keyId = text('accessKeyId');
    const role = keyId !== undefined ? issued.get(keyFingerprint(keyId)) : undefined;
    if (keyId !== undefined && role !== undefined) {
      const texts = [keyId, text('secretAccessKey'), text('sessionToken')];
      out.push({ roleArn: role, texts: texts.filter((t): t is string => t !== undefined) });
    }
    for (const e of r.values()) walk(e, depth + 1);
  };
  walk(root, 0);
  return out;
}

/**
 * The texts that show `secret` in a value: as it is, JSON-escaped, URL-encoded, and base64 (and
 * base64url) at each of the three alignments (the part of the encoding that depends on the
 * secret's bytes alone, so it is found inside a longer encoded text too).
 */
export function encodedForms(secret: string): string[] {
  const forms = new Set<string>([secret, encodeURIComponent(secret)]);
  forms.add(JSON.stringify(secret).slice(1, -1));
  forms.add(JSON.stringify(secret).slice(1, -1).replace(/\//g, '\\/'));
  const bytes = Buffer.from(secret, 'utf8');
  for (let pad = 0; pad < 3; pad++) {
    const encoded = Buffer.concat([Buffer.alloc(pad), bytes]).toString('base64');
    const from = Math.ceil((pad * 8) / 6);
    const to = Math.floor(((pad + bytes.length) * 8) / 6);
    const part = encoded.slice(from, to);
    if (part.length >= 8) {
      forms.add(part);
      forms.add(part.replace(/\+/g, '-').replace(/\//g, '_'));
    }
  }
  return [...forms].filter((f) => f.length >= 8);
}

/**
 * With credential refresh, an exported value (a variable other than the three the profile
 * replaces, or a file) that carries credentials STS issued is an error at that value: written
 * once, it would expire while refresh keeps only the profile current. Found by content: the
 * credentials as they are, JSON-escaped, URL-encoded or base64-encoded (other transformations of
 * them are not recognised).
 */
export function checkStaleCredentials(
  root: Value | undefined,
  rootName: string,
  opens: readonly OpenRecord[],
): Diagnostic[] {
  const issued = new Map<string, string>();
  for (const o of opens) {
    const id = o.meta?.[META_KEY];
    if (id !== undefined) issued.set(id, o.meta?.roleArn ?? 'a role');
  }
  if (issued.size === 0) return [];
  const forms = issuedCredentials(root, issued).map((c) => ({
    roleArn: c.roleArn,
    forms: c.texts.flatMap(encodedForms),
  }));
  const exports = environmentExports(root);
  const located = [
    ...locateExports(root, 'environmentVariables', exports.variables).filter(
      (at) => !KEY_VARIABLES.includes(at.entry.name),
    ),
    ...locateExports(root, 'files', exports.files),
  ];
  const out: Diagnostic[] = [];
  for (const at of located) {
    if (at.entry.unknown) continue;
    const text = asText(at.entry.value);
    const hit = forms.find((c) => c.forms.some((f) => text.includes(f)));
    if (hit === undefined) continue;
    const what = at.section === 'files' ? `the file ${at.entry.name}` : at.entry.name;
    out.push(
      exportDiagnostic(
        rootName,
        at,
        at.valueRange,
        `refresh-credentials: ${what} carries the AWS credentials issued for ${hit.roleArn}, which ` +
          `would be written once and expire while only ${KEY_VARIABLES.join(', ')} are refreshed (through ` +
          `the ${PROFILE_NAME} profile); remove it, or let the tool that needs it use the profile ` +
          `(AWS_PROFILE=${PROFILE_NAME}, a credential_process)`,
      ),
    );
  }
  return out;
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
    for (const step of recipe) {
      // The refresher calls exactly the endpoint the step called, never one its caller configures.
      if (!step.endpoint) fail(`the STS endpoint that issued ${step.roleArn} is not known`);
    }
    let proxy: StoredProxy | undefined;
    try {
      proxy = storeProxy(ctx.env, ctx.inputs.httpProxy);
    } catch (err) {
      if (err instanceof ProxyStoreError) fail(err.message);
      throw err;
    }
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
      ...(proxy !== undefined ? { proxy } : {}),
      requestTimeoutMs: ctx.inputs.requestTimeoutMs,
      timeoutMs: ctx.inputs.timeoutMs,
    };
    const statePath = path.join(dir, STATE_FILE);
    const configPath = path.join(dir, CONFIG_FILE);
    const credentialsPath = path.join(dir, CREDENTIALS_FILE);
    const last = recipe[recipe.length - 1] ?? recipe[0];
    const line = credentialProcessLine(
      [
        ctx.node ?? process.execPath,
        `--max-old-space-size=${REFRESHER_HEAP_MB}`,
        refresher,
        statePath,
      ],
      ctx.platform ?? process.platform,
    );
    writeAtomic(statePath, `${JSON.stringify(state)}\n`);
    writeAtomic(
      credentialsPath,
      '# Written by esc-action for credential refresh: no credentials here, the profile has them.\n',
    );
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
      `Credential refresh: role ${last.roleArn} ${note}. ${[...KEY_VARIABLES, ...CLEARED_VARIABLES].join(', ')} ` +
        `are cleared and AWS_EC2_METADATA_DISABLED is true; AWS_CONFIG_FILE (${configPath}), ` +
        `AWS_SHARED_CREDENTIALS_FILE (empty), AWS_PROFILE and AWS_DEFAULT_PROFILE (${PROFILE_NAME}) give the credentials instead.`,
    );
    const written = staged.written ?? { dir, paths: new Map<string, string>() };
    return {
      ...staged,
      plan: refreshPlan(staged.plan, configPath, credentialsPath),
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
