// The refresher's decision with the recipe replay stubbed: cached path, refresh path, the lock
// that keeps concurrent callers to one refresh, and a lock left by a dead process.
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CACHE_FILE,
  LOCK_FILE,
  STATE_FILE,
  readCache,
  writeCache,
  type ProcessCredentials,
  type RefreshState,
} from '../../../src/refresh/cache.js';
import {
  NO_FILE,
  currentCredentials,
  isolateEnvironment,
  oneLine,
  tryLock,
} from '../../../src/refresh/refresher.js';

const state: RefreshState = {
  version: 1,
  recipe: [
    {
      kind: 'web-identity',
      roleArn: 'arn:aws:iam::111111111111:role/r',
      sessionName: 's',
      durationSeconds: 3600,
      audience: 'sts.amazonaws.com',
      region: 'us-east-1',
      endpoint: 'https://sts.us-east-1.amazonaws.com',
    },
  ],
  requestTimeoutMs: 1000,
  timeoutMs: 2000,
};

const creds = (id: string, msLeft: number): ProcessCredentials => ({
  Version: 1,
  AccessKeyId: id,
  SecretAccessKey: `${id}-secret`,
  SessionToken: `${id}-token`,
  Expiration: new Date(Date.now() + msLeft).toISOString(),
});

let dir: string;
let statePath: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'esc-refresher-unit-'));
  statePath = join(dir, STATE_FILE);
  writeFileSync(statePath, JSON.stringify(state));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function replayer(results: ProcessCredentials[]) {
  const calls: RefreshState[] = [];
  return {
    calls,
    replay: async (s: RefreshState) => {
      calls.push(s);
      await new Promise((r) => setTimeout(r, 50));
      const next = results.shift();
      if (next === undefined) throw new Error('no more credentials');
      return next;
    },
  };
}

describe('currentCredentials', () => {
  it('hands out cached credentials with more than 15 minutes left, without replaying', async () => {
    writeCache(dir, creds('CACHED', 20 * 60_000));
    const r = replayer([]);
    expect(await currentCredentials(statePath, { env: {}, replay: r.replay })).toEqual(
      readCache(dir),
    );
    expect(r.calls).toHaveLength(0);
  });

  it('replays the recipe when the cache nears expiry, and caches the result', async () => {
    writeCache(dir, creds('OLD', 5 * 60_000));
    const fresh = creds('NEW', 3600_000);
    const r = replayer([fresh]);
    expect(await currentCredentials(statePath, { env: {}, replay: r.replay })).toEqual(fresh);
    expect(r.calls).toEqual([{ ...state, timeoutMs: expect.any(Number) }]);
    expect(r.calls[0]?.timeoutMs).toBeLessThanOrEqual(state.timeoutMs);
    expect(readCache(dir)).toEqual(fresh);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it('refreshes once for many callers at once', async () => {
    const fresh = creds('NEW', 3600_000);
    const r = replayer([fresh]);
    const all = await Promise.all(
      Array.from({ length: 5 }, () => currentCredentials(statePath, { env: {}, replay: r.replay })),
    );
    expect(r.calls).toHaveLength(1);
    for (const c of all) expect(c).toEqual(fresh);
  });

  it('hands out still-valid credentials while another process refreshes', async () => {
    writeCache(dir, creds('OLD', 5 * 60_000));
    writeFileSync(join(dir, LOCK_FILE), '1');
    const r = replayer([]);
    const got = await currentCredentials(statePath, { env: {}, replay: r.replay });
    expect(got.AccessKeyId).toBe('OLD');
    expect(r.calls).toHaveLength(0);
  });

  it('takes over a lock left by a process that died', async () => {
    writeFileSync(join(dir, LOCK_FILE), '1');
    const old = (Date.now() - 60_000) / 1000;
    utimesSync(join(dir, LOCK_FILE), old, old);
    const r = replayer([creds('NEW', 3600_000)]);
    expect((await currentCredentials(statePath, { env: {}, replay: r.replay })).AccessKeyId).toBe(
      'NEW',
    );
  });

  it('releases the lock and keeps the old cache when the replay fails', async () => {
    writeCache(dir, creds('OLD', 5 * 60_000));
    const before = readFileSync(join(dir, CACHE_FILE), 'utf8');
    const r = replayer([]);
    await expect(currentCredentials(statePath, { env: {}, replay: r.replay })).rejects.toThrow(
      'no more credentials',
    );
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    expect(readFileSync(join(dir, CACHE_FILE), 'utf8')).toBe(before);
  });

  it('gives a refresh that waited for the lock only what is left of the one deadline', async () => {
    writeFileSync(join(dir, LOCK_FILE), '1');
    setTimeout(() => rmSync(join(dir, LOCK_FILE), { force: true }), 500);
    const r = replayer([creds('NEW', 3600_000)]);
    const armed: number[] = [];
    await currentCredentials(statePath, {
      env: {},
      replay: r.replay,
      onState: (s) => armed.push(s.timeoutMs),
    });
    expect(armed).toEqual([state.timeoutMs]);
    expect(r.calls[0]?.timeoutMs).toBeLessThanOrEqual(state.timeoutMs - 500);
    expect(r.calls[0]?.timeoutMs).toBeGreaterThan(0);
  });
});

describe('isolateEnvironment', () => {
  it("drops every AWS setting of the caller and points the SDK's shared files at nothing", () => {
    const env: NodeJS.ProcessEnv = {
      AWS_ENDPOINT_URL: 'http://127.0.0.1:1',
      AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:2',
      aws_profile: 'other',
      AWS_PROFILE: 'esc-action',
      AWS_DEFAULT_PROFILE: 'other',
      AWS_CONFIG_FILE: '/home/u/.aws/config',
      AWS_SHARED_CREDENTIALS_FILE: '/home/u/.aws/credentials',
      AWS_USE_FIPS_ENDPOINT: 'true',
      AWS_REGION: 'eu-west-1',
      ACTIONS_ID_TOKEN_REQUEST_URL: 'https://token',
      PATH: '/bin',
    };
    isolateEnvironment(env, dir);
    expect(env).toEqual({
      ACTIONS_ID_TOKEN_REQUEST_URL: 'https://token',
      PATH: '/bin',
      AWS_CONFIG_FILE: join(dir, NO_FILE),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, NO_FILE),
      AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true',
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    expect(existsSync(join(dir, NO_FILE))).toBe(false);
  });
});

describe('tryLock and oneLine', () => {
  it('lets one holder in at a time', () => {
    const file = join(dir, LOCK_FILE);
    expect(tryLock(file, 10_000, Date.now())).toBe(true);
    expect(tryLock(file, 10_000, Date.now())).toBe(false);
    expect(tryLock(file, 10_000, Date.now() + 20_000)).toBe(true);
  });

  it('joins a multi-line message into one line', () => {
    expect(oneLine('a\n  b\r\nc  ')).toBe('a b c');
  });
});
