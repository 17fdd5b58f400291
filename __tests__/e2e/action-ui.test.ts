// The runner UI: a log group per phase, debug lines free of secrets, one job summary with each
// variable's origin and scope (never a value), and show-summary: false.
import { jest } from '@jest/globals';
import { Job, commandsOf, expectExit } from './action-support.js';

jest.setTimeout(60_000);

describe('action: runner UI', () => {
  const job = new Job({
    '.esc/ui.yaml': [
      'imports: [shared]',
      'values:',
      '  pw:',
      '    fn::secret: ui-secret-password-1',
      '  environmentVariables:',
      '    LITERAL_ONE: plain-literal-text',
      '    PASSWORD: ${pw}',
      '    FROM_SHARED: ${shared.name}',
      '  files:',
      '    CERT: ${pw}',
      '',
    ].join('\n'),
    '.esc/shared.yaml': 'values:\n  shared:\n    name: shared-name\n',
    '.esc/broken.yaml': 'values:\n  environmentVariables:\n    OK: fine\n    BAD: ${nope}\n',
  });
  afterAll(() => job.cleanup());

  it('groups load, export and run, and keeps them balanced', async () => {
    const r = await job.step(
      { environment: 'ui', keys: 'LITERAL_ONE CERT', run: 'echo inside-run' },
      { env: { ACTIONS_STEP_DEBUG: 'true', RUNNER_DEBUG: '1' } },
    );
    expectExit(r, 'zero');
    const titles = commandsOf(r, 'group').map((g) => g.value);
    expect(titles).toEqual(['Load .esc/ui.yaml', 'Export', 'Run']);
    expect(commandsOf(r, 'endgroup')).toHaveLength(3);
    // The command's output is inside the Run group.
    const lines = r.stdout.split('\n');
    const run = lines.indexOf('::group::Run');
    const inside = lines.findIndex((l) => l === 'inside-run');
    expect(inside).toBeGreaterThan(run);
    expect(lines.slice(inside).some((l) => l.startsWith('::endgroup::'))).toBe(true);
    // Debug lines never carry a secret.
    for (const d of commandsOf(r, 'debug')) expect(d.value).not.toContain('ui-secret-password-1');
  });

  it('writes one summary: environment, imports, origin and scope of each name, no values', async () => {
    const r = await job.step({ environment: 'ui', keys: 'LITERAL_ONE CERT', run: 'true' });
    expectExit(r, 'zero');
    const s = r.summary;
    expect(s.match(/### esc-action/g)).toHaveLength(1);
    expect(s).toContain('`.esc/ui.yaml`');
    expect(s).toContain('Imports: `shared` (`.esc/shared.yaml`)');
    expect(s).toContain('| `LITERAL_ONE` | literal | exported |');
    expect(s).toContain('| `PASSWORD` | secret | run only |');
    expect(s).toContain('| `FROM_SHARED` | literal | run only |');
    expect(s).toContain('| `CERT` | secret | exported |');
    expect(s).toContain('The `run` command succeeded.');
    for (const value of ['ui-secret-password-1', 'plain-literal-text', 'shared-name']) {
      expect(s).not.toContain(value);
    }
  });

  it('show-summary: false writes no summary', async () => {
    const r = await job.step({ environment: 'ui', 'show-summary': 'false' });
    expectExit(r, 'zero');
    expect(r.summary).toBe('');
  });

  it('summarises a failed evaluation: errors counted, nothing exported', async () => {
    const r = await job.step({ environment: 'broken' });
    expectExit(r, 'non-zero');
    expect(r.summary).toContain(
      '### esc-action: `.esc/broken.yaml` failed: 1 error, nothing exported',
    );
    expect(r.summary).toContain('| `OK` | literal | not exported |');
  });
});
