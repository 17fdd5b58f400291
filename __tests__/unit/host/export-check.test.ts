// The export plan's checks: every value a process environment cannot hold, and every file name
// that cannot be written on every runner, is an error at its position before anything is written.
import { evaluateEnvironment } from '../../../src/eval/evaluate.js';
import {
  MAX_ENVIRONMENT_BYTES,
  MAX_VARIABLE_BYTES,
  checkExportValues,
  commandLineProblem,
  environmentBytes,
  environmentEntryBytes,
  fileNameProblem,
  variableValueProblem,
  type ExportCheckOptions,
} from '../../../src/host/export-check.js';

const filePath = (name: string) => `/runner/_temp/esc-action-XXXXXX/${name}`;

async function check(
  sources: Record<string, string>,
  options: Partial<ExportCheckOptions> = {},
  mode: 'open' | 'check' = 'open',
) {
  const r = await evaluateEnvironment('env', {
    mode,
    providers: new Map([['test', { name: 'test', open: () => Promise.reject(new Error('no')) }]]),
    loader: (name) =>
      sources[name] === undefined
        ? { error: `no ${name}` }
        : { name, path: `${name}.yaml`, text: sources[name] },
  });
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return checkExportValues(r.value, 'env', { inherited: {}, filePath, ...options }).map((d) => ({
    file: d.file,
    line: d.range?.start.line,
    column: d.range?.start.column,
    path: d.path,
    summary: d.summary,
  }));
}

const env = (...lines: string[]) => ({ env: ['values:', ...lines].join('\n') + '\n' });

describe('variableValueProblem', () => {
  it.each([
    ['\0abc', 1],
    ['ab\0c', 3],
    ['abc\0', 4],
    ['\0', 1],
    ['a\0b\0c', 2],
  ])('refuses a NUL byte in %j, naming its place but not the value', (value, at) => {
    const p = variableValueProblem('TOKEN', value);
    expect(p).toContain(`NUL byte (character ${at} of ${value.length})`);
    expect(p).not.toContain(value);
  });

  it('counts NAME=value in UTF-8 bytes, up to the limit and not one byte more', () => {
    const room = MAX_VARIABLE_BYTES - 'V='.length;
    expect(variableValueProblem('V', 'x'.repeat(room))).toBeUndefined();
    expect(variableValueProblem('V', 'x'.repeat(room + 1))).toContain(
      `V=<value> is ${MAX_VARIABLE_BYTES + 1} bytes`,
    );
    // 'é' is two bytes: half as many characters fill the same room.
    expect(variableValueProblem('V', 'é'.repeat(Math.floor(room / 2)))).toBeUndefined();
    expect(variableValueProblem('V', 'é'.repeat(Math.floor(room / 2) + 1))).toContain('bytes');
    // The name counts too.
    const longName = 'N'.repeat(100);
    expect(variableValueProblem(longName, 'x'.repeat(room - 99))).toBeUndefined();
    expect(variableValueProblem(longName, 'x'.repeat(room - 98))).toBeDefined();
  });

  it('allows ordinary values, empty ones and control characters other than NUL', () => {
    for (const v of ['', 'a', 'line1\nline2', '\r\t\x01\x7f', 'ü€😀'])
      expect(variableValueProblem('V', v)).toBeUndefined();
  });
});

describe('fileNameProblem', () => {
  it.each(['CON', 'con', 'Nul', 'PRN', 'AUX', 'COM1', 'lpt9'])(
    'refuses the Windows device name %s',
    (n) => expect(fileNameProblem(n)).toContain('reserves it for a device'),
  );
  it.each(['CONFIG', 'NULL', 'COM10', 'KEY_FILE', 'A'.repeat(255)])('allows %s', (n) =>
    expect(fileNameProblem(n)).toBeUndefined(),
  );
  it('refuses a name longer than 255 bytes', () => {
    expect(fileNameProblem('A'.repeat(256))).toContain('longer than 255 bytes');
  });
});

describe('checkExportValues', () => {
  it('reports a NUL byte at the value, wherever it is in it and however it was made', async () => {
    const got = await check(
      env(
        '  environmentVariables:',
        '    START: "\\0abc"',
        '    MIDDLE: "ab\\0c"',
        '    END: "abc\\0"',
        '    DECODED:',
        '      fn::fromBase64: YQBi', // "a\0b"
        '    FINE: "a\\tb"',
      ),
    );
    expect(got).toEqual([
      expect.objectContaining({ line: 3, column: 12, path: 'values.environmentVariables.START' }),
      expect.objectContaining({ line: 4, column: 13, path: 'values.environmentVariables.MIDDLE' }),
      expect.objectContaining({ line: 5, column: 10, path: 'values.environmentVariables.END' }),
      expect.objectContaining({ line: 7, column: 7, path: 'values.environmentVariables.DECODED' }),
    ]);
    for (const d of got) expect(d.summary).toContain('NUL byte');
    expect(got.map((d) => d.summary).join('\n')).not.toMatch(/abc|a\0b/);
  });

  it('reports at the line of a value reached through a reference or an import', async () => {
    const got = await check({
      env: 'imports: [base]\nvalues:\n  environmentVariables:\n    X: ${bad}\n',
      base: 'values:\n  bad:\n    fn::secret: "s3cr\\0t"\n  environmentVariables:\n    Y: "\\0"\n',
    });
    expect(got.map((d) => [d.file, d.line, d.path])).toEqual([
      ['base', 5, 'values.environmentVariables.Y'],
      ['env', 4, 'values.environmentVariables.X'],
    ]);
    expect(got.map((d) => d.summary).join('\n')).not.toContain('s3cr');
  });

  it('lets files hold any bytes, NUL included', async () => {
    expect(
      await check(env('  files:', '    BLOB:', '      fn::fromBase64: AAEC/w==', '    T: "a\\0b"')),
    ).toEqual([]);
  });

  it('refuses one variable just above the size limit, at its value; allows one at the limit', async () => {
    const room = MAX_VARIABLE_BYTES - 'BIG='.length;
    const at = await check(env('  environmentVariables:', `    BIG: ${'x'.repeat(room)}`));
    expect(at).toEqual([]);
    const above = await check(
      env('  environmentVariables:', '    OK: small', `    BIG: ${'x'.repeat(room + 1)}`),
    );
    expect(above).toEqual([
      expect.objectContaining({ line: 4, column: 10, path: 'values.environmentVariables.BIG' }),
    ]);
    expect(above[0]?.summary).toContain(`BIG=<value> is ${MAX_VARIABLE_BYTES + 1} bytes`);
    expect(above[0]?.summary).toContain('write it under files instead');
  });

  it('refuses a value built too large (fn::join), at the expression', async () => {
    const got = await check(
      env(
        '  part: ' + 'y'.repeat(70_000),
        '  environmentVariables:',
        '    JOINED:',
        '      fn::join: ["", ["${part}", "${part}"]]',
      ),
    );
    expect(got).toEqual([expect.objectContaining({ line: 5, column: 7 })]);
  });

  it('reports the variable with which the whole environment crosses its limit, once', async () => {
    // Ten variables of 120,000 bytes: each fits on its own; together they do not. They refer to
    // one string, so the file itself stays within the evaluation's budget of source bytes.
    const size = 120_000;
    const names = Array.from({ length: 10 }, (_, i) => `V${i}`);
    const got = await check(
      env(
        `  big: ${'z'.repeat(size)}`,
        '  environmentVariables:',
        ...names.map((n) => `    ${n}: \${big}`),
      ),
    );
    const per = environmentEntryBytes('V0', 'z'.repeat(size));
    const crossing = Math.floor(MAX_ENVIRONMENT_BYTES / per); // 0-based index of the first over
    expect(got).toHaveLength(1);
    expect(got[0]).toEqual(
      expect.objectContaining({
        line: 4 + crossing,
        path: `values.environmentVariables.V${crossing}`,
      }),
    );
    expect(got[0]?.summary).toContain(`with V${crossing} the environment`);
    expect(got[0]?.summary).toContain(`more than ${MAX_ENVIRONMENT_BYTES} bytes`);
  });

  it('counts many small variables, the inherited environment and the files paths', async () => {
    const many = Array.from({ length: 400 }, (_, i) => `    N${i}: ${'v'.repeat(40)}`);
    const sources = env('  environmentVariables:', ...many, '  files:', '    F: data');
    let total = 0;
    for (let i = 0; i < 400; i++) total += environmentEntryBytes(`N${i}`, 'v'.repeat(40));
    const fileBytes = environmentEntryBytes('F', filePath('F'));
    // Just enough room for all of them, then one byte less.
    expect(await check(sources, { maxEnvironmentBytes: total + fileBytes })).toEqual([]);
    const over = await check(sources, { maxEnvironmentBytes: total + fileBytes - 1 });
    expect(over).toEqual([expect.objectContaining({ path: 'values.files.F', line: 404 })]);
    // The inherited environment takes its share first: now the first variables cross.
    const inherited = { HOME: '/home/runner', BIG: 'i'.repeat(total) };
    const crowded = await check(sources, {
      inherited,
      maxEnvironmentBytes: environmentBytes(inherited) + 10,
    });
    expect(crowded).toEqual([expect.objectContaining({ path: 'values.environmentVariables.N0' })]);
    expect(crowded[0]?.summary).toContain(
      `this step's own environment takes ${environmentBytes(inherited)} bytes`,
    );
  });

  it('counts an inherited variable the environment overrides once, with its new value', async () => {
    const inherited = { AWS_REGION: 'r'.repeat(1000) };
    const sources = env('  environmentVariables:', '    AWS_REGION: eu-west-1');
    const exact = environmentEntryBytes('AWS_REGION', 'eu-west-1');
    expect(await check(sources, { inherited, maxEnvironmentBytes: exact })).toEqual([]);
  });

  it('refuses file names that cannot be written on every runner, at the key', async () => {
    const got = await check(
      env(
        '  environmentVariables:',
        '    SHARED: v',
        '  files:',
        '    NUL: x',
        '    key: a',
        '    KEY: b',
        '    SHARED: c',
        `    ${'L'.repeat(256)}: d`,
      ),
    );
    // Names are checked in sorted order: of KEY and key, the second one sorted is reported.
    expect(got.map((d) => [d.line, d.column, d.path])).toEqual([
      [5, 5, 'values.files.NUL'],
      [6, 5, 'values.files.key'],
      [8, 5, 'values.files.SHARED'],
      [9, 5, `values.files.${'L'.repeat(256)}`],
    ]);
    expect(got[1]?.summary).toContain('differ only in case');
    expect(got[2]?.summary).toContain('both an environment variable and a file');
  });

  it('checks literal values in check mode too, and skips the values still unknown', async () => {
    const got = await check(
      env(
        '  login:',
        '    fn::open::test: {}',
        '  environmentVariables:',
        '    LATER: ${login.x}',
        '    NOW: "\\0"',
      ),
      {},
      'check',
    );
    expect(got.map((d) => d.path)).toEqual(['values.environmentVariables.NOW']);
  });
});

describe('commandLineProblem', () => {
  it('accepts an ordinary command and environment', () => {
    expect(commandLineProblem(['echo', 'hi'], { PATH: '/bin', A: 'b' })).toBeUndefined();
  });
  it.each([
    [['cmd', '\0sekrit'], 'argument 2 of the command contains a NUL byte (character 1)'],
    [['cmd', 'fine', 'sekrit\0'], 'argument 3 of the command contains a NUL byte (character 7)'],
    [['cmd', 'sekrit'.repeat(30_000)], 'argument 2 of the command is 180000 bytes'],
  ])('refuses %#', (argv, why) => {
    const p = commandLineProblem(argv, {});
    expect(p).toContain(why);
    expect(p).not.toContain('sekrit');
  });
  it('refuses an environment value a process cannot hold, and a too large total', () => {
    expect(commandLineProblem(['x'], { A: 'a\0b' })).toContain('NUL byte');
    const half = 'h'.repeat(100_000);
    const env = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`E${i}`, half]));
    expect(commandLineProblem(['x'], env)).toContain('more than 1048576');
    expect(commandLineProblem(['x'], { E: half }, environmentBytes({ E: half }) + 10)).toBe(
      undefined,
    );
  });
});
