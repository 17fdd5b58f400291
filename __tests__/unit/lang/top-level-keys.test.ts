import { loadEnvironment } from '../../../src/ast/environment.js';

const diagsOf = (text: string) =>
  loadEnvironment('env', text).diagnostics.map(
    (d) => `${d.severity} ${d.range?.start.line}:${d.range?.start.column} ${d.summary}`,
  );

describe('top-level keys that belong under values', () => {
  it.each(['environmentVariables', 'files'])(
    '%s at the top level is an error at its key',
    (key) => {
      const text = `values:\n  aws: {region: us-east-1}\n${key}:\n  AWS_REGION: \${aws.region}\n`;
      expect(diagsOf(text)).toEqual([
        `error 3:1 '${key}' is not a top-level key: move it under values: (indented below "values:"); at the top level it is ignored`,
      ]);
    },
  );

  it.each([
    ['EnvironmentVariables', 'environmentVariables'],
    ['environment_variables', 'environmentVariables'],
    ['environmentVariable', 'environmentVariables'],
    ['file', 'files'],
    ['Files', 'files'],
  ])('%s at the top level suggests %s under values', (key, nearest) => {
    const [d, ...rest] = diagsOf(`${key}:\n  A: 1\n`);
    expect(rest).toEqual([]);
    expect(d).toBe(
      `error 1:1 '${key}' is not a top-level key (did you mean '${nearest}'?): move it under values: as '${nearest}' (indented below "values:"); at the top level it is ignored`,
    );
  });

  it('the same keys under values are fine', () => {
    expect(diagsOf('values:\n  environmentVariables: {A: 1}\n  files: {F: x}\n')).toEqual([]);
  });
});

describe('misspelled values and imports', () => {
  it.each([
    ['value', 'values'],
    ['valuse', 'values'],
    ['import', 'imports'],
    ['improts', 'imports'],
  ])('%s is an error suggesting %s', (key, nearest) => {
    expect(diagsOf(`${key}:\n  a: 1\n`)).toEqual([
      `error 1:1 Field '${key}' does not exist on Object 'environment'; did you mean '${nearest}'? (everything under '${key}' is ignored)`,
    ]);
  });

  it('top-level keys differing only in case are the keys themselves, as in ESC', () => {
    expect(diagsOf('Values:\n  a: 1\nIMPORTS: []\n')).toEqual([]);
  });
});

describe('other unknown top-level keys keep ESC warning', () => {
  it.each([
    ['extra', 'imports, values, description'],
    ['descripton', 'description, imports, values'],
    ['env', 'values, imports, description'],
  ])('%s', (key, ranked) => {
    expect(diagsOf(`${key}: x\nvalues: {a: 1}\n`)).toEqual([
      `warning 1:1 Field '${key}' does not exist on Object 'environment'. Existing fields are: ${ranked}`,
    ]);
  });
});
