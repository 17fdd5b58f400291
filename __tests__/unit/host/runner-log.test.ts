// The e2e masking helper reads a log as the runner does; these cases pin that reading down, so a
// masking check cannot pass by reading the log more kindly than the runner.
import { applyMasks, expectMasked, runnerMasks, unmaskedSecrets } from '../../e2e/runner-log.js';

describe('runner-log', () => {
  it('applies a mask from the line after ::add-mask:: on, never before', () => {
    const log = ['early the-secret-1', '::add-mask::the-secret-1', 'late the-secret-1'].join('\n');
    expect(unmaskedSecrets(log, ['the-secret-1'])).toEqual([
      expect.objectContaining({ lineNo: 1, shown: 'the-secret-1', line: 'early the-secret-1' }),
    ]);
    expect(() => expectMasked(log, ['the-secret-1'])).toThrow(/stdout line 1/);
    expect(unmaskedSecrets(log.split('\n').slice(1).join('\n'), ['the-secret-1'])).toEqual([]);
  });

  it('splits lines at a lone \\r as well as \\n', () => {
    const log = '::add-mask::whole%0Dvalue\nprefix\rwhole\rvalue tail';
    // registered: "whole\rvalue", "whole", "value"
    expect(unmaskedSecrets(log, ['whole\rvalue'])).toEqual([]);
    const noSplitMask = '::add-mask::first-piece-of-it\nfirst-piece-of-it\rsecond-piece-of-it';
    expect(unmaskedSecrets(noSplitMask, ['first-piece-of-it\rsecond-piece-of-it'])).toEqual([
      expect.objectContaining({ lineNo: 3, shown: 'second-piece-of-it' }),
    ]);
  });

  it('registers the data whole and each trimmed piece, as the runner does', () => {
    expect(runnerMasks('  a b  ')).toEqual(['  a b  ', 'a b']);
    expect(runnerMasks('x\r\n y \n')).toEqual(['x\r\n y \n', 'x', 'y']);
    expect(runnerMasks('   ')).toEqual([]);
  });

  it('reads a command after leading whitespace, and shows a command message unescaped', () => {
    expect(
      unmaskedSecrets('   ::add-mask::padded-secret\npadded-secret', ['padded-secret']),
    ).toEqual([]);
    expect(unmaskedSecrets('::debug::50%25-off-secret', ['50%-off-secret'])).toEqual([
      expect.objectContaining({ lineNo: 1 }),
    ]);
  });

  it('finds the JSON-escaped form of a secret and ignores short lines of a multi-line one', () => {
    expect(unmaskedSecrets('{"k":"nul\\u0000secret"}', ['nul\x00secret'])).toHaveLength(1);
    expect(unmaskedSecrets('}\nabc', ['first-line\n}\nabc\nlast-line'])).toEqual([]);
    expect(unmaskedSecrets('x last-line', ['first-line\n}\nlast-line'])).toHaveLength(1);
  });

  it('checks stderr with every mask stdout registered', () => {
    const r = { stdout: '::add-mask::stderr-secret\n', stderr: 'stderr-secret and other-secret' };
    expect(unmaskedSecrets(r, ['stderr-secret', 'other-secret'])).toEqual([
      expect.objectContaining({ secret: 'other-secret', stream: 'stderr', lineNo: 1 }),
    ]);
  });

  it('merges overlapping masks into one ***', () => {
    expect(applyMasks('xxabcdyy', new Set(['abc', 'bcd']))).toBe('xx***yy');
  });
});
