// Secrets at the protocol level: the exact ::add-mask:: lines, masked before anything else is
// printed; derived values masked too; non-secrets not masked; exports that cannot inject variables.
import { jest } from '@jest/globals';
import { Job, expectExit } from './action-support.js';
import { expectMasked } from './runner-log.js';

jest.setTimeout(60_000);

const MULTI = 'first-line-of-key\n}\nabc\nlast-line-of-key';

describe('action: masking secrets', () => {
  const job = new Job({
    '.esc/secrets.yaml': [
      'values:',
      '  single:',
      '    fn::secret: s3cr3t-single-value',
      '  multi:',
      '    fn::secret: "first-line-of-key\\n}\\nabc\\nlast-line-of-key\\n"',
      '  short:',
      '    fn::secret: q7',
      '  nested:',
      '    user:',
      '      fn::secret: admin-user-name',
      '  environmentVariables:',
      '    SINGLE: ${single}',
      '    DERIVED: user=${nested.user};pw=${single}',
      '    AS_JSON:',
      '      fn::toJSON: ${nested}',
      '    PLAIN: not-a-secret-value',
      '    SHORT: ${short}',
      '  files:',
      '    KEY: ${multi}',
      '',
    ].join('\n'),
  });
  afterAll(() => job.cleanup());

  it('registers each secret, its derived values and the lines of multi-line secrets, before any other output', async () => {
    // `run` prints every secret it holds, whole and line by line; the runner must hide them all.
    const r = await job.step({
      environment: 'secrets',
      run: [
        'echo "single $SINGLE derived $DERIVED"',
        'echo "json $AS_JSON short $SHORT"',
        'cat "$KEY"',
        'printf "%s\\n" "$(cat "$KEY")" | tr "\\n" "\\r"; echo',
        'echo "plain is $PLAIN"',
      ].join('\n'),
    });
    expectExit(r, 'zero');
    const expected = [
      's3cr3t-single-value',
      // The multi-line secret whole (final newline dropped, as the runner splits lines), then each
      // line of at least 4 characters: "}" and "abc" alone would mask unrelated output.
      MULTI,
      'first-line-of-key',
      'last-line-of-key',
      'q7',
      'admin-user-name',
      'user=admin-user-name;pw=s3cr3t-single-value',
      '{"user":"admin-user-name"}',
    ];
    // Their escaped forms too, where they differ (an error message or a JSON dump prints those).
    const escaped = [
      'first-line-of-key\\n}\\nabc\\nlast-line-of-key',
      '{\\"user\\":\\"admin-user-name\\"}',
    ];
    // And their URL- and form-encoded forms (an endpoint echoing a request shows those).
    const encoded = [
      'first-line-of-key%0A%7D%0Aabc%0Alast-line-of-key',
      'user%3Dadmin-user-name%3Bpw%3Ds3cr3t-single-value',
      '%7B%22user%22%3A%22admin-user-name%22%7D',
    ];
    expect([...r.masks].sort()).toEqual([...expected, ...escaped, ...encoded].sort());
    // The exact lines: newlines escaped as the runner expects.
    const maskLines = r.stdout.split('\n').filter((l) => l.startsWith('::add-mask::'));
    expect(maskLines).toContain('::add-mask::first-line-of-key%0A}%0Aabc%0Alast-line-of-key');
    // Every ::add-mask:: line comes before every other line.
    const lines = r.stdout.split('\n').filter((l) => l !== '');
    const firstOther = lines.findIndex((l) => !l.startsWith('::add-mask::'));
    expect(lines.slice(firstOther).some((l) => l.startsWith('::add-mask::'))).toBe(false);
    // Non-secret values are never masked, and appear (the command printed it).
    expect(r.masks).not.toContain('not-a-secret-value');
    expect(r.stdout).toContain('plain is not-a-secret-value');
    // No secret shows anywhere in the log as the runner reads it, though `run` printed them all.
    expect(r.stdout).toContain('last-line-of-key\r');
    expectMasked(r, [...expected, 'q7', MULTI]);
  });

  it('never writes a secret value to GITHUB_OUTPUT', async () => {
    const r = await job.step({ environment: 'secrets' });
    expectExit(r, 'zero');
    const outputs = JSON.stringify(r.githubOutput);
    for (const s of ['s3cr3t-single-value', 'admin-user-name', 'first-line-of-key']) {
      expect(outputs).not.toContain(s);
    }
    expect(r.githubEnv['SINGLE']).toBe('s3cr3t-single-value');
  });
});

describe('action: exports cannot inject variables', () => {
  // A value holding lines that look like heredoc delimiters and NAME=value assignments.
  const hostile = 'line1\nEOF\nINJECTED=pwned\nghadelimiter_00000000\nX<<EOF\nlast';
  const job = new Job({
    '.esc/hostile.yaml': [
      'values:',
      '  environmentVariables:',
      `    HOSTILE: ${JSON.stringify(hostile)}`,
      '    NEXT: after',
      '',
    ].join('\n'),
  });
  afterAll(() => job.cleanup());

  it('exports the value byte for byte as one variable, with a random delimiter', async () => {
    const r = await job.step({ environment: 'hostile' });
    expectExit(r, 'zero');
    expect(r.githubEnv).toEqual({ HOSTILE: hostile, NEXT: 'after' });
    expect(r.githubEnv['INJECTED']).toBeUndefined();
  });
});
