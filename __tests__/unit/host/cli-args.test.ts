import { Readable } from 'node:stream';
import { UsageError, parseArgs } from '../../../src/cli/args.js';
import { createRedactor } from '../../../src/cli/redact.js';

describe('CLI arguments', () => {
  it('parses open with options in any order', () => {
    expect(
      parseArgs(['open', '--format', 'dotenv', 'prod', '--dir', 'envs', '--show-secrets']),
    ).toEqual({
      kind: 'open',
      env: 'prod',
      dir: 'envs',
      format: 'dotenv',
      showSecrets: true,
    });
  });

  it('parses check and run', () => {
    expect(parseArgs(['check', 'prod', '--format=json'])).toEqual({
      kind: 'check',
      env: 'prod',
      dir: '.esc',
      format: 'json',
    });
    expect(parseArgs(['run', 'prod', '--', 'aws', 's3', 'ls', '--recursive'])).toEqual({
      kind: 'run',
      env: 'prod',
      dir: '.esc',
      argv: ['aws', 's3', 'ls', '--recursive'],
    });
  });

  it('parses doctor: the claims file, or the flags that describe the token', () => {
    expect(parseArgs(['doctor', 'prod', '--claims', 'c.json', '--format=json'])).toEqual({
      kind: 'doctor',
      env: 'prod',
      dir: '.esc',
      format: 'json',
      claims: 'c.json',
    });
    expect(
      parseArgs([
        'doctor',
        '--repository=o/r',
        'prod',
        '--ref',
        'refs/tags/v1',
        '--event',
        'push',
        '--environment',
        'prod',
        '--repository-id',
        '2',
        '--owner-id',
        '1',
        '--audience',
        'a',
        '--sub',
        's',
        '--dir',
        'envs',
      ]),
    ).toEqual({
      kind: 'doctor',
      env: 'prod',
      dir: 'envs',
      format: 'text',
      repository: 'o/r',
      ref: 'refs/tags/v1',
      event: 'push',
      environment: 'prod',
      repositoryId: '2',
      ownerId: '1',
      audience: 'a',
      sub: 's',
    });
    expect(() => parseArgs(['doctor', 'prod', '--claims', 'c.json', '--ref', 'x'])).toThrow(
      /cannot be used with --ref/,
    );
    expect(() => parseArgs(['doctor', 'prod', '--format', 'yaml'])).toThrow(/must be json/);
    expect(() => parseArgs(['doctor'])).toThrow(/needs an environment/);
    expect(() => parseArgs(['doctor', 'prod', '--show-secrets'])).toThrow(/unknown option/);
  });

  it('rejects what it does not know, saying what is allowed', () => {
    expect(() => parseArgs(['open', 'prod', '--format', 'flat'])).toThrow(
      /unknown output format "flat"/,
    );
    expect(() => parseArgs(['deploy'])).toThrow(UsageError);
    expect(() => parseArgs(['run', 'prod'])).toThrow(/needs a command/);
    expect(() => parseArgs(['check'])).toThrow(/needs an environment/);
  });
});

describe('output redaction', () => {
  it('replaces secrets of three bytes or more across chunk boundaries', async () => {
    const out: string[] = [];
    const r = createRedactor(['hunter2', 'ab']);
    Readable.from(['pass: hun', 'ter2 ab\nlast hunter2']).pipe(r);
    for await (const chunk of r) out.push(String(chunk));
    expect(out.join('')).toBe('pass: [secret] ab\nlast [secret]');
  });
});
