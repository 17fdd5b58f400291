// The README's input and output tables and action.yml describe the same interface.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

const root = new URL('../../../', import.meta.url);
const actionYml = parse(readFileSync(new URL('action.yml', root), 'utf8')) as {
  inputs: Record<string, { default?: string; required?: boolean }>;
  outputs: Record<string, unknown>;
};
const readme = readFileSync(new URL('README.md', root), 'utf8');

/** The rows of the Markdown table that follows `## <heading>`: first cell → second cell. */
function table(heading: string): Map<string, string> {
  const start = readme.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`README has no "## ${heading}" section`);
  const rows = new Map<string, string>();
  const lines = readme.slice(start).split('\n').slice(2);
  let seen = false;
  for (const line of lines) {
    if (!line.startsWith('|')) {
      if (seen) break;
      continue;
    }
    seen = true;
    const cells = line.split('|').map((c) => c.trim());
    const name = /^`([^`]+)`$/.exec(cells[1] ?? '')?.[1];
    if (name !== undefined) rows.set(name, cells[2] ?? '');
  }
  return rows;
}

describe('README and action.yml', () => {
  it('list the same inputs with the same defaults', () => {
    const rows = table('Inputs');
    expect([...rows.keys()].sort()).toEqual(Object.keys(actionYml.inputs).sort());
    for (const [name, spec] of Object.entries(actionYml.inputs)) {
      const cell = rows.get(name) ?? '';
      if (spec.required) expect({ name, cell }).toEqual({ name, cell: '(required)' });
      else if (spec.default) expect({ name, cell }).toEqual({ name, cell: `\`${spec.default}\`` });
    }
  });

  it('list the same outputs', () => {
    expect([...table('Outputs').keys()].sort()).toEqual(Object.keys(actionYml.outputs).sort());
  });

  it('keeps the Development section and its two commands', () => {
    expect(readme).toMatch(/\n## Development\n[\s\S]*```sh\nnpm ci\nnpm test\n```/);
  });
});
