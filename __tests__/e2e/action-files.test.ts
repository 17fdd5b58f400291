// `files` entries: written under RUNNER_TEMP with mode 0600 in a folder of their own, byte for
// byte, their paths exported and visible to `run`; the post step deletes exactly those folders.
import { jest } from '@jest/globals';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Job, expectExit, filesDirs } from './action-support.js';
import { expectMasked } from './runner-log.js';

jest.setTimeout(60_000);

const BINARY = Buffer.from([0x00, 0x01, 0xff, 0xfe, 0x0a, 0x0d, 0x80]);
const PEM = '-----BEGIN KEY-----\nAAAAsecretbody\n-----END KEY-----\n';

describe('action: files', () => {
  const job = new Job({
    '.esc/files.yaml': [
      'values:',
      '  key:',
      `    fn::secret: ${JSON.stringify(PEM)}`,
      '  files:',
      '    KEY_FILE: ${key}',
      '    BLOB:',
      `      fn::fromBase64: ${BINARY.toString('base64')}`,
      '    CONFIG: "a: 1\\r\\nb: 2"',
      '',
    ].join('\n'),
    '.esc/other.yaml': 'values:\n  files:\n    OTHER_FILE: other bytes\n',
    '.esc/plain.yaml': 'values:\n  environmentVariables:\n    A: b\n',
  });
  afterAll(() => job.cleanup());

  it('writes each file byte for byte with mode 0600, exports its path and shows it to run', async () => {
    const r = await job.step({
      environment: 'files',
      // ... and prints the PEM key it holds, line by line: the runner must hide each line.
      run: 'test -f "$KEY_FILE" && test -f "$BLOB" && echo "seen $CONFIG" && cat "$KEY_FILE"',
    });
    expectExit(r, 'zero');
    expect(r.stdout).toContain('-----END KEY-----');
    expectMasked(r, [PEM, 'AAAAsecretbody']);
    const paths = JSON.parse(r.githubOutput['files'] ?? '{}') as Record<string, string>;
    expect(Object.keys(paths).sort()).toEqual(['BLOB', 'CONFIG', 'KEY_FILE']);
    for (const [name, p] of Object.entries(paths)) {
      expect(r.githubEnv[name]).toBe(p);
      expect(dirname(p)).toBe(dirname(paths['KEY_FILE'] ?? ''));
      expect(dirname(dirname(p))).toBe(r.runnerTemp);
      expect(statSync(p).mode & 0o777).toBe(0o600);
    }
    expect(readFileSync(paths['KEY_FILE'] ?? '', 'utf8')).toBe(PEM);
    expect(readFileSync(paths['BLOB'] ?? '')).toEqual(BINARY);
    expect(readFileSync(paths['CONFIG'] ?? '', 'utf8')).toBe('a: 1\r\nb: 2');
    expect(r.stdout).toContain(`seen ${paths['CONFIG']}`);
    // The folder is recorded for this step's post step.
    expect(JSON.parse(r.githubState['files-dirs'] ?? '[]')).toEqual([dirname(paths['BLOB'] ?? '')]);

    const post = await job.post(r);
    expectExit(post, 'zero');
    for (const p of Object.values(paths)) expect(existsSync(p)).toBe(false);
    expect(filesDirs(r)).toEqual([]);
  });

  it('gives repeated steps (and a second use in the job) folders of their own; each post removes only its own', async () => {
    const first = await job.step({ environment: 'files' });
    const second = await job.step({ environment: 'files' }, { runnerTemp: first.runnerTemp });
    const third = await job.step(
      { environment: 'other', run: 'cat "$OTHER_FILE"' },
      { runnerTemp: first.runnerTemp, env: { ...first.githubEnv, ...second.githubEnv } },
    );
    for (const r of [first, second, third]) expectExit(r, 'zero');
    const a = first.githubEnv['KEY_FILE'] ?? '';
    const b = second.githubEnv['KEY_FILE'] ?? '';
    const c = third.githubEnv['OTHER_FILE'] ?? '';
    expect(new Set([dirname(a), dirname(b), dirname(c)]).size).toBe(3);
    expect(third.stdout).toContain('other bytes');
    expect(filesDirs(first)).toHaveLength(3);

    // The runner keeps GITHUB_STATE per step: each post step gets its own main step's state.
    const post2 = await job.post(second);
    expectExit(post2, 'zero');
    expect(existsSync(b)).toBe(false);
    expect(existsSync(a)).toBe(true);
    expect(existsSync(c)).toBe(true);
    await job.post(third);
    await job.post(first);
    expect(filesDirs(first)).toEqual([]);
  });

  it('post step: does nothing without files, and never fails the job', async () => {
    const r = await job.step({ environment: 'plain' });
    expectExit(r, 'zero');
    expect(r.githubState).toEqual({});
    const post = await job.post(r);
    expectExit(post, 'zero');
    expect(post.stdout.trim()).toBe('');

    // A folder already gone, state that is not JSON, and a folder the action did not create.
    const foreign = join(r.runnerTemp, 'not-ours');
    mkdirSync(foreign);
    writeFileSync(join(foreign, 'keep'), 'x');
    for (const state of [
      JSON.stringify([join(r.runnerTemp, 'esc-action-gone')]),
      'not json',
      JSON.stringify([foreign, '/']),
    ]) {
      const p = await job.post(r, { state: { 'files-dirs': state } });
      expectExit(p, 'zero');
      expect(p.stdout).not.toMatch(/^::error/m);
    }
    expect(existsSync(join(foreign, 'keep'))).toBe(true);
  });
});
