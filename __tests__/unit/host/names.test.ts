import { evaluateEnvironment } from '../../../src/eval/evaluate.js';
import { checkExportNames, exportNameProblem } from '../../../src/host/names.js';

async function namesOf(sources: Record<string, string>) {
  const r = await evaluateEnvironment('env', {
    mode: 'check',
    loader: (name) =>
      sources[name] === undefined
        ? { error: `no ${name}` }
        : { name, path: `${name}.yaml`, text: sources[name] },
  });
  expect(r.diagnostics).toEqual([]);
  return checkExportNames(r.value, 'env').map((d) => ({
    file: d.file,
    line: d.range?.start.line,
    column: d.range?.start.column,
    path: d.path,
    summary: d.summary,
  }));
}

describe('exportNameProblem', () => {
  it.each(['GITHUB_TOKEN', 'GH_TOKEN', 'AWS_REGION', '_x', 'a1', 'github_sha', 'CI'])(
    'allows %s',
    (n) => expect(exportNameProblem(n)).toBeUndefined(),
  );
  it.each([
    ['1A', 'not a valid environment variable name'],
    ['A-B', 'not a valid environment variable name'],
    ['', 'not a valid environment variable name'],
    ['A B', 'not a valid environment variable name'],
    ['É', 'not a valid environment variable name'],
    ['GITHUB_SHA', "runner's default variables"],
    ['GITHUB_REF', "runner's default variables"],
    ['RUNNER_TEMP', "runner's default variables"],
    ['GITHUB_ENV', "runner's default variables"],
    ['NODE_OPTIONS', 'NODE_OPTIONS'],
  ])('refuses %j', (n, why) => expect(exportNameProblem(n)).toContain(why));
});

describe('checkExportNames', () => {
  it('reports at the key, in the file that wrote it, and skips what is not exported', async () => {
    const got = await namesOf({
      env: [
        'imports: [base]',
        'values:',
        '  environmentVariables:',
        '    GOOD: 1',
        '    GITHUB_SHA: abc',
        '    "bad-name": x',
        '    NESTED_IS_SKIPPED: {a: 1}',
        '    "also bad": {a: 1}',
        '  files:',
        '    NODE_OPTIONS: --inspect',
      ].join('\n'),
      base: 'values:\n  environmentVariables:\n    RUNNER_TEMP: /tmp\n    GH_TOKEN: t\n',
    });
    expect(got).toEqual([
      {
        file: 'env',
        line: 5,
        column: 5,
        path: 'values.environmentVariables.GITHUB_SHA',
        summary:
          '"GITHUB_SHA" is one of the runner\'s default variables; a step cannot overwrite it',
      },
      {
        file: 'base',
        line: 3,
        column: 5,
        path: 'values.environmentVariables.RUNNER_TEMP',
        summary:
          '"RUNNER_TEMP" is one of the runner\'s default variables; a step cannot overwrite it',
      },
      {
        file: 'env',
        line: 6,
        column: 5,
        path: 'values.environmentVariables["bad-name"]',
        summary: '"bad-name" is not a valid environment variable name ([A-Za-z_][A-Za-z0-9_]*)',
      },
      {
        file: 'env',
        line: 10,
        column: 5,
        path: 'values.files.NODE_OPTIONS',
        summary: expect.stringContaining('"NODE_OPTIONS" cannot be exported') as unknown as string,
      },
    ]);
  });

  it('falls back to the value when the section is a reference', async () => {
    const got = await namesOf({
      env: 'values:\n  vars:\n    GITHUB_SHA: x\n  environmentVariables: ${vars}\n',
    });
    expect(got).toHaveLength(1);
    expect(got[0]?.path).toBe('values.environmentVariables.GITHUB_SHA');
    expect(got[0]?.line).toBeGreaterThan(0);
  });

  it('is empty without a value', () => {
    expect(checkExportNames(undefined, 'env')).toEqual([]);
  });
});
