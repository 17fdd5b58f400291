import { existsSync } from 'node:fs';
import { runConformance } from '../../src/conformance/runner.js';

const DIR = '/work/shared/conformance/esc-eval';
const ROTATION = new Set(['rotate', 'rotate-paths', 'rotate-state', 'inline-reference-rotateOnly']);

(existsSync(DIR) ? describe : describe.skip)('conformance (upstream esc-eval cases)', () => {
  it('passes every non-rotation case', async () => {
    const lines: string[] = [];
    const results = await runConformance(DIR, (l) => lines.push(l));
    const failures = results.filter((r) => !r.ok && !ROTATION.has(r.name));
    if (process.env.CONFORMANCE_VERBOSE) process.stdout.write(`${lines.join('\n')}\n`);
    expect(failures.map((f) => `${f.name}: ${f.difference ?? ''}`)).toEqual([]);
    expect(lines[lines.length - 1]).toMatch(/^conformance: \d+ passed, \d+ failed$/);
  }, 120000);
});
