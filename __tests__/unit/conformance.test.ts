import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { runConformance } from '../../src/conformance/runner.js';

// The upstream cases live beside the repository (../shared), as on the developers' machines and CI.
const DIR =
  process.env.ESC_CONFORMANCE_DIR ??
  path.resolve(import.meta.dirname ?? '.', '../../../shared/conformance/esc-eval');
const ROTATION = new Set(['rotate', 'rotate-paths', 'rotate-state', 'inline-reference-rotateOnly']);

(existsSync(DIR) ? describe : describe.skip)('conformance (upstream esc-eval cases)', () => {
  it('passes every non-rotation case', async () => {
    const lines: string[] = [];
    const results = await runConformance(DIR, (l) => lines.push(l));
    const failures = results.filter((r) => !r.ok && !ROTATION.has(r.name));
    const rotation = results.filter((r) => ROTATION.has(r.name));
    expect(rotation.map((r) => r.difference)).toEqual(
      rotation.map(() => expect.stringMatching(/^rotation: not implemented/)),
    );
    if (process.env.CONFORMANCE_VERBOSE) process.stdout.write(`${lines.join('\n')}\n`);
    expect(failures.map((f) => `${f.name}: ${f.difference ?? ''}`)).toEqual([]);
    expect(lines[lines.length - 1]).toMatch(/^conformance: \d+ passed, \d+ failed$/);
  }, 120000);
});
