import {
  InputError,
  envInputReader,
  parseBoolean,
  parseKeys,
  parseTimeout,
  readInputs,
} from '../../../src/action/inputs.js';

describe('action inputs', () => {
  const read = (env: Record<string, string>) => readInputs(envInputReader(env));

  it('reads INPUT_ variables as the runner names them, with documented defaults', () => {
    const inputs = read({ INPUT_ENVIRONMENT: ' prod ', 'INPUT_ENVIRONMENTS-DIR': 'envs' });
    expect(inputs).toMatchObject({
      environment: 'prod',
      environmentsDir: 'envs',
      shell: 'bash',
      exportVariables: true,
      audience: 'sts.amazonaws.com',
      checkOnly: false,
      showSummary: true,
      requestTimeoutMs: 10000,
      timeoutMs: 30000,
      keys: undefined,
    });
  });

  it('requires environment and says how to name one', () => {
    expect(() => read({})).toThrow(/input "environment" is required.*\.esc\/prod\.yaml/);
  });

  it('parses booleans strictly and names the input', () => {
    expect(parseBoolean('check-only', 'TRUE', false)).toBe(true);
    expect(parseBoolean('check-only', 'False', true)).toBe(false);
    expect(parseBoolean('check-only', '', true)).toBe(true);
    expect(() => parseBoolean('export-variables', 'yes', true)).toThrow(
      new InputError('input "export-variables" must be true or false, got "yes"'),
    );
  });

  it('parses timeouts with and without units', () => {
    expect(parseTimeout('timeout', '30', 1)).toBe(30000);
    expect(parseTimeout('timeout', '500ms', 1)).toBe(500);
    expect(parseTimeout('timeout', '1.5s', 1)).toBe(1500);
    expect(parseTimeout('timeout', '2m', 1)).toBe(120000);
    expect(() => parseTimeout('request-timeout', 'soon', 1)).toThrow(/request-timeout/);
    expect(() => parseTimeout('timeout', '90m', 1)).toThrow(/between/);
  });

  it('parses keys separated by commas, spaces or lines and rejects invalid names', () => {
    expect(parseKeys('A, B\nC_1 ')).toEqual(['A', 'B', 'C_1']);
    expect(parseKeys('')).toBeUndefined();
    expect(() => parseKeys('GOOD 1BAD')).toThrow(/"1BAD"/);
  });
});
