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
