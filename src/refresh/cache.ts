/**
 * The refresher's files in its 0700 folder (written first by the main step): the state (the
 * recipe and its deadlines, nothing secret) and the cache (the current credentials, in the
 * `credential_process` output format). Every write is atomic (a 0600 temp file renamed into
 * place), so concurrent refreshers and readers never see half a file. Node built-ins only: this
 * is what the cached path loads.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseRecipe, type Recipe } from './recipe.js';

export const STATE_FILE = 'refresh.json';
export const CACHE_FILE = 'credentials.json';
export const CONFIG_FILE = 'aws-config';
export const LOCK_FILE = 'refresh.lock';

/**
 * Cached credentials are handed out while they have more than this left. botocore (aws CLI,
 * boto3) refreshes 15 minutes before expiry (its advisory window; 10 minutes is mandatory), the
 * JavaScript SDK 5 minutes before: credentials with more than 15 minutes left satisfy all of them,
 * so each process calls the refresher once, not on every request.
 */
export const REFRESH_WINDOW_MS = 15 * 60_000;

/** The step's proxy settings, without passwords. */
export interface StoredProxy {
  /** The `http-proxy` input (it had no password). */
  input?: string;
  /** The proxy variables the step used, by name, each proxy URL without its password. */
  variables: Record<string, string>;
  /** The variables whose proxy URL had a password, taken from the caller when refreshing. */
  passwordFrom: string[];
}

export interface RefreshState {
  version: 1;
  /** Each step with the endpoint the step called (`endpoint` always set). */
  recipe: Recipe;
  /** The step's proxy choice (src/refresh/proxy.ts); absent when it used none. */
  proxy?: StoredProxy;
  /** Deadline of one request (token, STS), in milliseconds. */
  requestTimeoutMs: number;
  /** Deadline of a whole refresh, in milliseconds. */
  timeoutMs: number;
}

/** The `credential_process` output (Version 1), also the cache file's content. */
export interface ProcessCredentials {
  Version: 1;
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
  /** ISO 8601. */
  Expiration: string;
}

/** A failure the refresher reports as its one line on stderr. */
export class RefreshError extends Error {
  override name = 'RefreshError';
}

/** Writes `text` to `file` atomically with mode 0600. */
export function writeAtomic(file: string, text: string): void {
  const tmp = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`,
  );
  try {
    fs.writeFileSync(tmp, text, { mode: 0o600, flag: 'wx' });
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

/** An http(s) URL: the STS endpoint the step called, which the refresher calls again. */
function isHttpUrl(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  try {
    const u = new URL(v);
    return (
      (u.protocol === 'https:' || u.protocol === 'http:') && u.username === '' && u.password === ''
    );
  } catch {
    return false;
  }
}

function isText(v: unknown): v is string {
  return typeof v === 'string' && v !== '';
}

/** Checks credentials read from the cache (or an answer); undefined when they are not. */
export function parseCredentials(value: unknown): ProcessCredentials | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const c = value as Record<string, unknown>;
  if (
    c.Version !== 1 ||
    !isText(c.AccessKeyId) ||
    !isText(c.SecretAccessKey) ||
    !isText(c.SessionToken) ||
    !isText(c.Expiration) ||
    Number.isNaN(Date.parse(c.Expiration))
  ) {
    return undefined;
  }
  return {
    Version: 1,
    AccessKeyId: c.AccessKeyId,
    SecretAccessKey: c.SecretAccessKey,
    SessionToken: c.SessionToken,
    Expiration: c.Expiration,
  };
}

/** The cached credentials, or undefined when there are none (or the file is damaged). */
export function readCache(dir: string): ProcessCredentials | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, CACHE_FILE), 'utf8');
  } catch {
    return undefined;
  }
  try {
    return parseCredentials(JSON.parse(text));
  } catch {
    return undefined;
  }
}

export function writeCache(dir: string, credentials: ProcessCredentials): void {
  writeAtomic(path.join(dir, CACHE_FILE), `${JSON.stringify(credentials)}\n`);
}

/** Checks a stored proxy read back from the state file; undefined when it is not one. */
export function parseStoredProxy(value: unknown): StoredProxy | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const s = value as Record<string, unknown>;
  const vars = s.variables;
  if (
    (s.input !== undefined && typeof s.input !== 'string') ||
    typeof vars !== 'object' ||
    vars === null ||
    !Object.entries(vars).every(
      ([k, v]) => /^(https?_proxy|no_proxy)$/i.test(k) && typeof v === 'string',
    ) ||
    !Array.isArray(s.passwordFrom) ||
    !s.passwordFrom.every((n) => typeof n === 'string' && n in vars)
  ) {
    return undefined;
  }
  return {
    ...(s.input !== undefined ? { input: s.input } : {}),
    variables: vars as Record<string, string>,
    passwordFrom: s.passwordFrom as string[],
  };
}

/** Checks the state read back from the file; undefined when it is not one. */
export function parseState(value: unknown): RefreshState | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const s = value as Record<string, unknown>;
  const recipe = parseRecipe(s.recipe);
  const ms = (v: unknown): v is number => typeof v === 'number' && v >= 1 && v <= 3_600_000;
  const proxy = s.proxy === undefined ? undefined : parseStoredProxy(s.proxy);
  if (
    s.version !== 1 ||
    recipe === undefined ||
    !recipe.every((step) => isHttpUrl(step.endpoint)) ||
    (s.proxy !== undefined && proxy === undefined) ||
    !ms(s.requestTimeoutMs) ||
    !ms(s.timeoutMs)
  ) {
    return undefined;
  }
  return {
    version: 1,
    recipe,
    ...(proxy !== undefined ? { proxy } : {}),
    requestTimeoutMs: s.requestTimeoutMs,
    timeoutMs: s.timeoutMs,
  };
}

/** Reads the state file; a RefreshError saying what happened when it is gone or damaged. */
export function readState(file: string): RefreshState {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new RefreshError(
      code === 'ENOENT'
        ? `the refresh state ${file} is gone: esc-action's post step removed it at the end of the job that set it up, ` +
            'or it belongs to another job; credentials refresh only in the job whose esc-action step set refresh-credentials'
        : `cannot read the refresh state ${file} (${code ?? 'error'})`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const state = parseState(parsed);
  if (state === undefined) {
    throw new RefreshError(`the refresh state ${file} is damaged; run the esc-action step again`);
  }
  return state;
}

/**
 * How long before expiry cached credentials stop being handed out: REFRESH_WINDOW_MS, or half the
 * session for sessions shorter than 30 minutes (a 15-minute session would otherwise be refreshed
 * on every call).
 */
export function refreshWindowMs(durationSeconds: number): number {
  return Math.min(REFRESH_WINDOW_MS, (durationSeconds * 1000) / 2);
}

/** Whether `cached` can be handed out at `now`, or must be replaced. */
export function decide(
  cached: ProcessCredentials | undefined,
  now: number,
  windowMs: number,
): 'use' | 'refresh' {
  if (cached === undefined) return 'refresh';
  return Date.parse(cached.Expiration) - now > windowMs ? 'use' : 'refresh';
}
