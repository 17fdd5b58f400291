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
import { currentCredentials, oneLine, tryLock } from '../../../src/refresh/refresher.js';

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
    expect(r.calls).toEqual([state]);
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
