// The refresher's files and its decision: cached credentials, the refresh window, the state.
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CACHE_FILE,
  REFRESH_WINDOW_MS,
  decide,
  parseCredentials,
  readCache,
  readState,
  refreshWindowMs,
  writeCache,
  type ProcessCredentials,
} from '../../../src/refresh/cache.js';

const NOW = Date.parse('2030-01-01T12:00:00.000Z');
const creds = (msLeft: number): ProcessCredentials => ({
  Version: 1,
  AccessKeyId: 'ASIA',
  SecretAccessKey: 'secret',
  SessionToken: 'token',
  Expiration: new Date(NOW + msLeft).toISOString(),
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'esc-refresh-unit-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('decide', () => {
  it('hands out credentials with more than the window left, else refreshes', () => {
    const w = REFRESH_WINDOW_MS;
    expect(decide(creds(w + 1000), NOW, w)).toBe('use');
    expect(decide(creds(w), NOW, w)).toBe('refresh');
    expect(decide(creds(60_000), NOW, w)).toBe('refresh');
    expect(decide(creds(-1), NOW, w)).toBe('refresh');
    expect(decide(undefined, NOW, w)).toBe('refresh');
  });

  it('uses botocore’s 15-minute window, or half of a shorter session', () => {
    expect(refreshWindowMs(3600)).toBe(15 * 60_000);
    expect(refreshWindowMs(1800)).toBe(15 * 60_000);
    expect(refreshWindowMs(900)).toBe(450_000);
  });
});

describe('cache file', () => {
  it('round-trips, 0600, leaving no temp file behind', () => {
    writeCache(dir, creds(1000));
    writeCache(dir, creds(2000));
    expect(readCache(dir)).toEqual(creds(2000));
    expect(statSync(join(dir, CACHE_FILE)).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual([CACHE_FILE]);
  });

  it('reads a missing or damaged cache as none', () => {
    expect(readCache(dir)).toBeUndefined();
    writeFileSync(join(dir, CACHE_FILE), '{"Version":1');
    expect(readCache(dir)).toBeUndefined();
    writeFileSync(join(dir, CACHE_FILE), JSON.stringify({ ...creds(1), Expiration: 'soon' }));
    expect(readCache(dir)).toBeUndefined();
  });

  it('parseCredentials keeps only the five fields', () => {
    expect(parseCredentials({ ...creds(1), extra: 1 })).toEqual(creds(1));
    expect(parseCredentials({ ...creds(1), Version: 2 })).toBeUndefined();
    expect(parseCredentials({ ...creds(1), SessionToken: '' })).toBeUndefined();
  });
});

describe('readState', () => {
  it('says the state is gone when the post step removed it', () => {
    expect(() => readState(join(dir, 'refresh.json'))).toThrow(
      /is gone: esc-action's post step removed it/,
    );
  });

  it('says the state is damaged', () => {
    const file = join(dir, 'refresh.json');
    writeFileSync(
      file,
      JSON.stringify({ version: 1, recipe: [], requestTimeoutMs: 1, timeoutMs: 1 }),
    );
    expect(() => readState(file)).toThrow('is damaged');
  });
});
