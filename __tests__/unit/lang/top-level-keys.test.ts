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
      `error 1:1 '${key}' is not a top-level key (did you mean '${nearest}'?): everything under '${key}' is ignored`,
    ]);
  });

  it('top-level keys differing only in case are errors naming the key, though ESC reads them as it', () => {
    expect(diagsOf('Values:\n  a: 1\nIMPORTS: []\n')).toEqual([
      `error 1:1 'Values' differs from 'values' only in case (did you mean 'values'?): write 'values'; if the name is intended, end its line with the comment "# esc-action: intended"`,
      `error 3:1 'IMPORTS' differs from 'imports' only in case (did you mean 'imports'?): write 'imports'; if the name is intended, end its line with the comment "# esc-action: intended"`,
    ]);
    const r = loadEnvironment('env', 'Values:\n  a: 1\n');
    expect(r.decl?.values.map((v) => v.key.value)).toEqual(['a']);
  });

  it('the comment "# esc-action: intended" keeps a case-only top-level key (on its line or above)', () => {
    expect(diagsOf('Values: # esc-action: intended\n  a: 1\n')).toEqual([]);
    expect(diagsOf('# esc-action: intended\nValues:\n  a: 1\n')).toEqual([]);
    // Not a comment of its own line: the marker in a value above does not count.
    expect(diagsOf('description: "# esc-action: intended"\nValues:\n  a: 1\n')).toHaveLength(1);
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

describe('look-alikes of the keys consumers read, under values', () => {
  it.each([
    ['environmentVariable', 'environmentVariables'],
    ['enviromentVariables', 'environmentVariables'],
    ['environment_variables', 'environmentVariables'],
    ['EnvironmentVariables', 'environmentVariables'],
    ['environment-variables', 'environmentVariables'],
    ['envrionmentVariables', 'environmentVariables'],
    ['file', 'files'],
    ['Files', 'files'],
    ['FILES', 'files'],
    ['pulumiconfig', 'pulumiConfig'],
    ['pulumi_config', 'pulumiConfig'],
    ['pulumiConfigs', 'pulumiConfig'],
  ])('%s is an error suggesting %s', (key, meant) => {
    expect(diagsOf(`values:\n  ${key}:\n    A: one\n`)).toEqual([
      `error 2:3 '${key}' under values is ignored: did you mean '${meant}'? (only values.${meant} is read; if the name is intended, end its line with the comment "# esc-action: intended")`,
    ]);
  });

  it.each([
    'environment',
    'variables',
    'profiles',
    'config',
    'mile',
    'filesystem',
    'envVars',
    'aws',
  ])('%s is an ordinary name', (key) => {
    expect(diagsOf(`values:\n  ${key}:\n    A: one\n`)).toEqual([]);
  });

  it('an environmentVariables or files map one level too deep is an error at its key', () => {
    const text =
      'values:\n  aws:\n    region: us-east-1\n    environmentVariables:\n      AWS_REGION: x\n  app:\n    file:\n      F: x\n';
    expect(diagsOf(text)).toEqual([
      `error 4:5 'environmentVariables' under 'aws' is not exported: only values.environmentVariables is; move it one level up, directly under values (if the name is intended, end its line with the comment "# esc-action: intended")`,
      `error 7:5 'file' under 'app' is not exported: only values.files is; move it one level up, directly under values (if the name is intended, end its line with the comment "# esc-action: intended")`,
    ]);
  });

  it('a nested map that is not a map, two levels deep, or referenced by the file is not reported', () => {
    expect(diagsOf('values:\n  app:\n    files: none\n')).toEqual([]);
    expect(diagsOf('values:\n  a:\n    b:\n      environmentVariables: {A: 1}\n')).toEqual([]);
    expect(
      diagsOf(
        'values:\n  app:\n    environmentVariables: {A: 1}\n  environmentVariables: ${app.environmentVariables}\n',
      ),
    ).toEqual([]);
  });

  it('the comment "# esc-action: intended" keeps such a name, on its line or alone above it', () => {
    expect(diagsOf('values:\n  file: x  # esc-action: intended\n')).toEqual([]);
    expect(diagsOf('values:\n  # esc-action: intended\n  file: x\n')).toEqual([]);
    expect(
      diagsOf('values:\n  app:\n    # esc-action: intended\n    environmentVariables: {A: 1}\n'),
    ).toEqual([]);
    // One marker keeps one key.
    expect(diagsOf('values:\n  # esc-action: intended\n  file: x\n  Files: y\n')).toHaveLength(1);
  });

  it('the keys themselves are fine, and so is the same name in an imported value', () => {
    expect(
      diagsOf('values:\n  environmentVariables: {A: 1}\n  files: {F: x}\n  pulumiConfig: {a: 1}\n'),
    ).toEqual([]);
  });
});
