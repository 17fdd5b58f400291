// Budgets through the bundled action (node dist/index.js, as the runner starts it): an
// environment that would make the evaluator build gigabytes, imports past the budget of bytes,
// and a token endpoint that sends an endless body each fail the step with an annotation at the
// place that crossed the limit, and nothing is exported, written or run.
import { jest } from '@jest/globals';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_COPIED_VALUES, MAX_SOURCE_BYTES } from '../../src/eval/limits.js';
import { MAX_RESPONSE_BYTES, formatBytes } from '../../src/providers/body-limit.js';
import { startFlood, type FloodServer } from '../unit/providers/flood-server.js';
import { Job, commandsOf, expectExit, filesDirs } from './action-support.js';

jest.setTimeout(120_000);

/** AWS pointed at a port nobody listens on: any AWS call would fail the step. */
const NO_AWS = {
  AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
  AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:9',
  AWS_REGION: 'us-east-1',
};

/** `name: "${prev}" x 16`: each level 16 times longer. */
const times16 = (name: string, prev: string): string => `  ${name}: "${`\${${prev}}`.repeat(16)}"`;

/** 400 KiB: the root and two of them fit in the 1 MiB budget of all files, not three. */
const LARGE = `values:\n  s: "${'x'.repeat(400 * 1024)}"\n`;

describe('action: evaluation budgets', () => {
  const job = new Job({
    // 16 Mi characters split into characters: 16 Mi values (gigabytes) without the budget.
    '.esc/split.yaml': [
      'values:',
      '  environmentVariables:',
      '    GOOD: fine',
      '  s0: abcdefghijklmnop',
      times16('s1', 's0'),
      times16('s2', 's1'),
      times16('s3', 's2'),
      times16('s4', 's3'),
      times16('s5', 's4'),
      '  parts:',
      '    fn::split: ["", "${s5}"]',
      '',
    ].join('\n'),
    '.esc/imports.yaml':
      'imports:\n  - big1\n  - big2\n  - big3\nvalues:\n  environmentVariables:\n    GOOD: fine\n',
    '.esc/big1.yaml': LARGE,
    '.esc/big2.yaml': LARGE,
    '.esc/big3.yaml': LARGE,
  });
  afterAll(() => job.cleanup());

  it('a builtin past the values budget: annotation at the builtin, nothing exported or run', async () => {
    const r = await job.step({ environment: 'split', run: 'touch ran-marker' }, { env: NO_AWS });
    expectExit(r, 'non-zero');
    const errors = commandsOf(r, 'error').filter((e) => e.properties['file']);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.properties).toMatchObject({ file: '.esc/split.yaml', line: '11', col: '5' });
    expect(errors[0]?.value).toContain(
      `fn::split exceeds the evaluation's budget of ${MAX_COPIED_VALUES} values`,
    );
    expect(r.githubEnv).toEqual({});
    expect(r.githubOutput).toEqual({});
    expect(filesDirs(r)).toEqual([]);
    expect(existsSync(join(job.workspace, 'ran-marker'))).toBe(false);
  });

  it('imports past the bytes budget: annotation at the import that crossed it', async () => {
    const r = await job.step({ environment: 'imports' }, { env: NO_AWS });
    expectExit(r, 'non-zero');
    const errors = commandsOf(r, 'error').filter((e) => e.properties['file']);
    // The root, big1 and big2 fit in 1 MiB; big3 crosses it.
    expect(errors).toHaveLength(1);
    expect(errors[0]?.properties).toMatchObject({ file: '.esc/imports.yaml', line: '4', col: '5' });
    expect(errors[0]?.value).toBe(
      `environment "big3" exceeds the evaluation's budget of ${MAX_SOURCE_BYTES} bytes of environment files (the root and everything it imports)`,
    );
    expect(r.githubEnv).toEqual({});
  });
});

describe('action: response cap', () => {
  let flood: FloodServer;
  const job = new Job({
    '.esc/login.yaml': [
      'values:',
      '  aws:',
      '    login:',
      '      fn::open::aws-login:',
      '        oidc:',
      '          roleArn: arn:aws:iam::123456789012:role/deploy',
      '  environmentVariables:',
      '    AWS_ACCESS_KEY_ID: ${aws.login.accessKeyId}',
      '    GOOD: fine',
      '',
    ].join('\n'),
  });
  beforeAll(async () => {
    flood = await startFlood();
  });
  afterAll(async () => {
    job.cleanup();
    await flood.close();
  });

  it('an endless token response fails the step at the open, naming the endpoint and the cap', async () => {
    const r = await job.step(
      { environment: 'login', run: 'touch ran-marker' },
      {
        env: {
          ...NO_AWS,
          ACTIONS_ID_TOKEN_REQUEST_URL: `${flood.url}/token`,
          ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token',
        },
      },
    );
    expectExit(r, 'non-zero');
    const errors = commandsOf(r, 'error').filter((e) => e.properties['file']);
    // One error for one cause: the open's failure at the open, counting the variable it left unknown.
    expect(errors).toHaveLength(1);
    expect(errors[0]?.properties).toMatchObject({ file: '.esc/login.yaml', line: '4' });
    expect(errors[0]?.value).toContain(
      `the GitHub OIDC token endpoint (${flood.host}) sent a response body larger than ${formatBytes(MAX_RESPONSE_BYTES)}`,
    );
    expect(errors[0]?.value).toMatch(/\(1 value depends on it: AWS_ACCESS_KEY_ID\)$/);
    // The early request (started while the file is evaluated) and the open's own: neither retried.
    expect(flood.requests).toBeLessThanOrEqual(2);
    expect(r.githubEnv).toEqual({});
    expect(r.githubOutput).toEqual({});
    expect(filesDirs(r)).toEqual([]);
    expect(existsSync(join(job.workspace, 'ran-marker'))).toBe(false);
  });
});
