// docs/migrating.md accounts for every input and output of
// configure-aws-credentials v6, once each, and names only esc-action inputs and outputs that
// action.yml declares; its "before" job uses only configure-aws-credentials' inputs and its "after"
// job only esc-action's.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import {
  CAC_INPUTS,
  CAC_OUTPUTS,
} from '../../../__fixtures__/migration/configure-aws-credentials.js';
import { readDoc } from '../../../__fixtures__/docs.js';

const root = new URL('../../../', import.meta.url);
const actionYml = parse(readFileSync(new URL('action.yml', root), 'utf8')) as {
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
};
const section = readDoc('docs/migrating.md');

/** Every table of the section: header's first cell → rows of [first cell's name, second cell]. */
function tables(): Map<string, [string, string][]> {
  const out = new Map<string, [string, string][]>();
  let current: [string, string][] | undefined;
  for (const line of section.split('\n')) {
    if (!line.startsWith('|')) {
      current = undefined;
      continue;
    }
    const cells = line.split('|').map((c) => c.trim());
    if (current === undefined) {
      current = [];
      out.set(cells[1] ?? '', current);
      continue;
    }
    const name = /^`([^`]+)`$/.exec(cells[1] ?? '')?.[1];
    if (name !== undefined) current.push([name, cells[2] ?? '']);
  }
  return out;
}

/** The workflows of the page, in order: the job before (configure-aws-credentials), then after. */
const workflows = [...section.matchAll(/^```yaml\n(# \.github\/workflows\/[\s\S]*?)^```/gm)].map(
  (m) => parse(m[1] ?? '') as { jobs: Record<string, Record<string, unknown>> },
);
function job(which: 'before' | 'after'): Record<string, unknown> {
  const wf = workflows[which === 'before' ? 0 : 1];
  if (!wf) throw new Error(`no workflow ${which}`);
  const [only] = Object.values(wf.jobs);
  return only ?? {};
}

/** The `with:` inputs of the steps that use `action` in a workflow fragment. */
function withInputs(job: Record<string, unknown>, action: RegExp): string[] {
  const steps = (job.steps ?? []) as { uses?: string; with?: Record<string, unknown> }[];
  return steps.filter((s) => action.test(s.uses ?? '')).flatMap((s) => Object.keys(s.with ?? {}));
}

describe('docs/migrating.md: migrating from configure-aws-credentials', () => {
  const t = tables();
  const inputs = t.get('configure-aws-credentials input') ?? [];
  const outputs = t.get('configure-aws-credentials output') ?? [];

  it('has its two tables', () => {
    expect(section).not.toBe('');
    expect(inputs.length).toBeGreaterThan(0);
    expect(outputs.length).toBeGreaterThan(0);
  });

  it('lists every input of configure-aws-credentials once, each with its equivalent', () => {
    expect(inputs.map(([n]) => n).sort()).toEqual([...CAC_INPUTS].sort());
    for (const [name, cell] of inputs)
      expect({ name, cell }).toEqual({ name, cell: expect.stringMatching(/\w{3}/) });
  });

  it('lists every output of configure-aws-credentials once, each with its equivalent', () => {
    expect(outputs.map(([n]) => n).sort()).toEqual([...CAC_OUTPUTS].sort());
    for (const [name, cell] of outputs)
      expect({ name, cell }).toEqual({ name, cell: expect.stringMatching(/\w{3}/) });
  });

  it('names only inputs and outputs that action.yml declares', () => {
    const named = (word: 'Input' | 'Output') =>
      [...section.matchAll(new RegExp(`${word} \`([a-z-]+)\``, 'g'))].map((m) => m[1] ?? '');
    expect(named('Input').length).toBeGreaterThan(0);
    for (const n of named('Input')) expect(Object.keys(actionYml.inputs)).toContain(n);
    for (const n of named('Output')) expect(Object.keys(actionYml.outputs)).toContain(n);
    for (const n of [
      'export-variables',
      'keys',
      'timeout',
      'request-timeout',
      'refresh-credentials',
    ]) {
      expect(section).toContain(`\`${n}`);
      expect(Object.keys(actionYml.inputs)).toContain(n);
    }
  });

  it('shows the same job before and after, each with its own inputs only', () => {
    expect(workflows).toHaveLength(2);
    const before = withInputs(job('before'), /^aws-actions\/configure-aws-credentials@/);
    const after = withInputs(job('after'), /^org\/esc-action@/);
    expect(before.length).toBeGreaterThan(0);
    for (const n of before) expect(CAC_INPUTS).toContain(n);
    expect(after).toContain('environment');
    for (const n of after) expect(Object.keys(actionYml.inputs)).toContain(n);
    // The command after the credentials is the same in both.
    const runs = (b: 'before' | 'after') =>
      ((job(b).steps ?? []) as { run?: string }[]).map((s) => s.run).filter(Boolean);
    expect(runs('after')).toEqual(runs('before'));
    expect(runs('after').length).toBeGreaterThan(0);
  });
});
