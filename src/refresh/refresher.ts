/**
 * What the refresher does for one `credential_process` call: hand out the cached credentials
 * while they have long enough left, else replay the recipe (replay.ts, loaded only then) under a
 * lock, so that many processes asking at once cause one STS call, and cache the result.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  LOCK_FILE,
  RefreshError,
  decide,
  readCache,
  readState,
  refreshWindowMs,
  writeCache,
  type ProcessCredentials,
  type RefreshState,
} from './cache.js';

/** While another process refreshes, cached credentials with this much left are handed out. */
export const MIN_LEFT_MS = 60_000;
const POLL_MS = 100;

export interface RefresherOptions {
  env: NodeJS.ProcessEnv;
  now?: () => number;
  /** Called with the state once it is read (the entry arms its exit deadline). */
  onState?: (state: RefreshState) => void;
  /** Replaces replay.ts (tests). */
  replay?: (state: RefreshState, env: NodeJS.ProcessEnv) => Promise<ProcessCredentials>;
}

/** Takes the lock (a file created exclusively); false when another live process holds it. */
export function tryLock(file: string, staleMs: number, now: number): boolean {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { mode: 0o600, flag: 'wx' });
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    try {
      // A lock older than a whole refresh was left by a process that died: take it over.
      if (now - fs.statSync(file).mtimeMs <= staleMs) return false;
      fs.rmSync(file, { force: true });
    } catch {
      // Removed meanwhile: try again.
    }
  }
  return false;
}

/** A file the refresher never creates: what the SDK in it reads as the shared config files. */
export const NO_FILE = '.none';

/**
 * Removes from `env` (the refresher's own process.env) every AWS setting of the program that
 * asked for credentials, before the SDK can read one: endpoints (AWS_ENDPOINT_URL*), profile,
 * config and credentials files (which may hold an `endpoint_url`), FIPS/dual-stack flags, region.
 * The state says where to go; the SDK sees empty shared config files and no configured endpoint.
 */
export function isolateEnvironment(env: NodeJS.ProcessEnv, stateDir: string): void {
  for (const name of Object.keys(env)) if (/^aws_/i.test(name)) delete env[name];
  const none = path.join(stateDir, NO_FILE);
  env.AWS_CONFIG_FILE = none;
  env.AWS_SHARED_CREDENTIALS_FILE = none;
  env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS = 'true';
  env.AWS_EC2_METADATA_DISABLED = 'true';
}

/** One line, as an SDK shows a credential_process's stderr. */
export function oneLine(message: string): string {
  return message.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The credentials to print for the state file `statePath`. */
export async function currentCredentials(
  statePath: string,
  options: RefresherOptions,
): Promise<ProcessCredentials> {
  const now = options.now ?? Date.now;
  const dir = path.dirname(statePath);
  const state = readState(statePath);
  options.onState?.(state);
  const last = state.recipe[state.recipe.length - 1] ?? state.recipe[0];
  const windowMs = refreshWindowMs(last.durationSeconds);
  const lockFile = path.join(dir, LOCK_FILE);
  const staleMs = state.timeoutMs + 5_000;
  // One deadline for the whole call, waiting for another process included.
  const giveUp = now() + state.timeoutMs;
  for (;;) {
    const cached = readCache(dir);
    if (decide(cached, now(), windowMs) === 'use') return cached as ProcessCredentials;
    if (tryLock(lockFile, staleMs, now())) break;
    // Another process is refreshing: credentials still valid for a while will do meanwhile.
    if (cached !== undefined && Date.parse(cached.Expiration) - now() > MIN_LEFT_MS) return cached;
    if (now() > giveUp) {
      throw new RefreshError(
        `another process has been refreshing the credentials for more than ${Math.round(state.timeoutMs / 1000)} s`,
      );
    }
    await sleep(POLL_MS);
  }
  try {
    const replay = options.replay ?? (await import('./replay.js')).replay;
    const left = Math.max(1, giveUp - now());
    const fresh = await replay(
      { ...state, timeoutMs: Math.min(state.timeoutMs, left) },
      options.env,
    );
    writeCache(dir, fresh);
    return fresh;
  } finally {
    fs.rmSync(lockFile, { force: true });
  }
}
