// What goes to later steps and what stays with `run`: keys, export-variables, outputs, a second
// use in the same job, environment files with Windows line endings.
import { jest } from '@jest/globals';
import { Job, commandsOf, expectExit } from './action-support.js';

jest.setTimeout(60_000);

describe('action: exports and outputs', () => {
  const job = new Job({
    '.esc/app.yaml': [
      'values:',
      '  token:',
      '    fn::secret: app-token-value-123',
      '  environmentVariables:',
      '    APP_NAME: shop',
      '    APP_TOKEN: ${token}',
      '    REGION: eu-west-1',
      '  files:',
      '    APP_CONFIG: "name: shop"',
      '',
    ].join('\n'),
    '.esc/other.yaml':
      'values:\n  environmentVariables:\n    APP_NAME: other\n    ONLY_OTHER: yes\n',
    '.esc/crlf.yaml':
      'values:\r\n  greeting: hello\r\n  environmentVariables:\r\n    GREETING: ${greeting} world\r\n',
  });
  afterAll(() => job.cleanup());

  const printAll = 'echo "name=$APP_NAME region=$REGION config=${APP_CONFIG:+set}"';

  it('exports every variable and file path by default, with outputs naming them', async () => {
    const r = await job.step({ environment: 'app', run: printAll });
    expectExit(r, 'zero');
    expect(Object.keys(r.githubEnv).sort()).toEqual([
      'APP_CONFIG',
      'APP_NAME',
      'APP_TOKEN',
      'REGION',
    ]);
    expect(r.githubOutput).toMatchObject({
      'environment-file': '.esc/app.yaml',
      'exported-variables': 'APP_NAME,APP_TOKEN,REGION,APP_CONFIG',
    });
    expect(JSON.parse(r.githubOutput['files'] ?? '')).toEqual({
      APP_CONFIG: r.githubEnv['APP_CONFIG'],
    });
    // No AWS login: no account or expiry outputs.
    expect(r.githubOutput['aws-account-id']).toBeUndefined();
    expect(r.githubOutput['expiration']).toBeUndefined();
    expect(r.stdout).toContain('name=shop region=eu-west-1 config=set');
  });

  it('keys: exports only the names listed; run still sees everything', async () => {
    const r = await job.step({ environment: 'app', keys: 'APP_NAME,\nAPP_CONFIG', run: printAll });
    expectExit(r, 'zero');
    expect(Object.keys(r.githubEnv).sort()).toEqual(['APP_CONFIG', 'APP_NAME']);
    expect(r.githubOutput['exported-variables']).toBe('APP_NAME,APP_CONFIG');
    expect(r.stdout).toContain('name=shop region=eu-west-1 config=set');
  });

  it('keys: a name the environment does not define is an error, and nothing is exported', async () => {
    const r = await job.step({ environment: 'app', keys: 'APP_NAME MISSING_ONE' });
    expectExit(r, 'non-zero');
    expect(
      commandsOf(r, 'error')
        .map((e) => e.value)
        .join('\n'),
    ).toContain('input "keys" lists MISSING_ONE, which .esc/app.yaml does not define');
    expect(r.githubEnv).toEqual({});
  });

  it('keys: rejects a name that is not a variable name', async () => {
    const r = await job.step({ environment: 'app', keys: 'APP_NAME, bad-name' });
    expectExit(r, 'non-zero');
    expect(
      commandsOf(r, 'error')
        .map((e) => e.value)
        .join('\n'),
    ).toMatch(/input "keys".*bad-name/);
    expect(r.githubEnv).toEqual({});
  });

  it('export-variables: false exports nothing; run sees the values', async () => {
    const r = await job.step({ environment: 'app', 'export-variables': 'false', run: printAll });
    expectExit(r, 'zero');
    expect(r.githubEnv).toEqual({});
    expect(r.githubOutput['exported-variables']).toBe('');
    expect(r.stdout).toContain('name=shop region=eu-west-1 config=set');
  });

  it('a second use in the same job: its run sees its own values over the first one’s exports', async () => {
    const first = await job.step({ environment: 'app' });
    expectExit(first, 'zero');
    const second = await job.step(
      { environment: 'other', run: 'echo "name=$APP_NAME only=$ONLY_OTHER"' },
      { runnerTemp: first.runnerTemp, env: first.githubEnv },
    );
    expectExit(second, 'zero');
    expect(second.stdout).toContain('name=other only=yes');
    expect(second.githubEnv).toEqual({ APP_NAME: 'other', ONLY_OTHER: 'yes' });
    expect(second.githubOutput['environment-file']).toBe('.esc/other.yaml');
  });

  it('reads environment files with Windows line endings', async () => {
    const r = await job.step({ environment: 'crlf' });
    expectExit(r, 'zero');
    expect(r.githubEnv).toEqual({ GREETING: 'hello world' });
  });

  it('accepts a path to the file instead of a name', async () => {
    const r = await job.step({ environment: '.esc/other.yaml', 'show-summary': 'false' });
    expectExit(r, 'zero');
    expect(r.githubOutput['environment-file']).toBe('.esc/other.yaml');
  });
});
