// Schema patterns through the bundled action (dist/), as a runner runs it: RE2 in linear time
// (a pattern that never finishes in a backtracking engine fails at once, with the diagnostic at
// the value, in check-only and in open mode), Go's semantics and error texts, and re2js read
// only by a run that meets a user pattern (aws-login's own patterns are native).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ACTION_NODE,
  REPO_ROOT,
  requireTools,
  resolveEntry,
  seedEnvironmentYaml,
  startMoto,
  startOidcServer,
  stepAwsEnv,
} from '../../scripts/stack/index.mjs';
import { Job, commandsOf, expectExit } from './action-support.js';

const LONG = 'a'.repeat(100_000) + 'b';

/** `values.v` validated against `pattern`; the value is on line 5. */
const validated = (pattern: string, value: string) =>
  [
    'values:',
    '  v:',
    '    fn::validate:',
    `      schema: { type: string, pattern: ${JSON.stringify(pattern)} }`,
    `      value: ${JSON.stringify(value)}`,
    '  environmentVariables:',
    '    V: ${v}',
    '',
  ].join('\n');

const files = {
  '.esc/catastrophic.yaml': validated('^(a+)+$', LONG),
  '.esc/catastrophic-40.yaml': validated('^(a+)+$', 'a'.repeat(40) + '!'),
  '.esc/re2-match.yaml': validated('(?i)^\\pL+\\z', 'Ωmega'),
  '.esc/re2-lookahead.yaml': validated('^a(?=b)', 'ab'),
  '.esc/re2-backref.yaml': validated('(a)\\1', 'aa'),
  // Bytes FF FE 61 (not UTF-8): Go reads one U+FFFD per invalid byte.
  '.esc/re2-bytes.yaml': [
    'values:',
    '  v:',
    '    fn::validate:',
    '      schema: { pattern: "^..a$" }',
    '      value: { fn::fromBase64: "//5h" }',
    '',
  ].join('\n'),
  '.esc/login.yaml': seedEnvironmentYaml(),
};

let job: Job;
beforeAll(() => {
  job = new Job(files);
});
afterAll(() => job.cleanup());

/** Runs a step with the require hook; returns the result and whether re2js was loaded. */
/** The annotations that point into a file (the step also ends with a summary `::error`). */
const fileErrors = (r: Parameters<typeof commandsOf>[0]) =>
  commandsOf(r, 'error').filter((e) => e.properties['file'] !== undefined);

async function step(environment: string, checkOnly: boolean, env: Record<string, string> = {}) {
  const required = join(tmpdir(), `esc-required-${process.pid}-${Date.now()}.json`);
  const r = await job.step(
    { environment, 'check-only': String(checkOnly) },
    {
      env: {
        ...env,
        NODE_OPTIONS: `--import=${join(REPO_ROOT, 'scripts', 'stack', 'required-hook.mjs')}`,
        ESC_REQUIRED_FILE: required,
      },
    },
  );
  const loaded = existsSync(required)
    ? (JSON.parse(readFileSync(required, 'utf8')) as string[])
    : undefined;
  rmSync(required, { force: true });
  return { r, re2js: loaded?.some((f) => f.endsWith('re2js.cjs')) };
}

describe.each([
  ['open', false],
  ['check-only', true],
] as const)('%s', (_, checkOnly) => {
  test.each(['catastrophic', 'catastrophic-40'])(
    '%s: ^(a+)+$ on a long string fails at the value',
    async (name) => {
      const { r, re2js } = await step(name, checkOnly);
      expectExit(r, 1);
      expect(r.timedOut).toBe(false);
      const errors = fileErrors(r);
      expect(errors).toEqual([
        expect.objectContaining({
          properties: expect.objectContaining({ file: `.esc/${name}.yaml`, line: '5' }),
          value: expect.stringContaining('string must match the pattern "^(a+)+$"'),
        }),
      ]);
      expect(r.githubEnv).toEqual({});
      expect(re2js).toBe(true);
    },
  );

  test('a pattern with RE2 semantics ((?i), \\pL, \\z) passes', async () => {
    const { r } = await step('re2-match', checkOnly);
    expectExit(r, 0);
    expect(fileErrors(r)).toEqual([]);
    if (!checkOnly) expect(r.githubEnv).toEqual({ V: 'Ωmega' });
  });

  test('a byte string reads as Go reads it, one U+FFFD per invalid byte', async () => {
    const { r } = await step('re2-bytes', checkOnly);
    expectExit(r, 0);
    expect(fileErrors(r)).toEqual([]);
  });

  test.each([
    ['re2-lookahead', 'invalid or unsupported Perl syntax: `(?=`'],
    ['re2-backref', 'invalid escape sequence: `\\1`'],
  ])('%s: RE2 rejects it with Go’s error text at the schema', async (name, text) => {
    const { r } = await step(name, checkOnly);
    expectExit(r, 1);
    const errors = fileErrors(r);
    expect(errors).toEqual([
      expect.objectContaining({
        properties: expect.objectContaining({ file: `.esc/${name}.yaml`, line: '4' }),
        value: expect.stringContaining(`invalid schema: error parsing regexp: ${text}`),
      }),
    ]);
  });
});

describe('CLI (dist/cli, its own copy of re2js)', () => {
  const esc = (...args: string[]) =>
    spawnSync(ACTION_NODE, [resolveEntry('dist/cli/index.js'), ...args], {
      cwd: job.workspace,
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      encoding: 'utf8',
    });

  test.each(['check', 'open'])('%s reports ^(a+)+$ on a long string at the value', (cmd) => {
    const r = esc(cmd, 'catastrophic');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      '.esc/catastrophic.yaml:5:14: error: string must match the pattern "^(a+)+$"',
    );
  });

  test('open passes a value matching an RE2 pattern', () => {
    const r = esc('open', 're2-match');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ v: 'Ωmega', environmentVariables: { V: 'Ωmega' } });
  });
});

describe('aws-login (its role ARN and session name are schema patterns)', () => {
  test('check-only does not load re2js', async () => {
    const { r, re2js } = await step('login', true);
    expectExit(r, 0);
    expect(re2js).toBe(false);
  });

  const tools = requireTools(['moto_server']);
  (tools.ok ? test : test.skip)('a normal run (OIDC, STS) does not load re2js', async () => {
    const [moto, oidc] = await Promise.all([startMoto(), startOidcServer()]);
    try {
      const role = await moto.createRole('gha-deploy');
      writeFileSync(join(job.workspace, '.esc', 'login-open.yaml'), seedEnvironmentYaml(role.arn));
      const { r, re2js } = await step('login-open', false, {
        ...oidc.env,
        ...stepAwsEnv(moto.url),
      });
      expectExit(r, 0);
      expect(Object.keys(r.githubEnv)).toContain('AWS_SESSION_TOKEN');
      expect(re2js).toBe(false);
    } finally {
      await oidc.stop();
      await moto.stop();
    }
  });
});
