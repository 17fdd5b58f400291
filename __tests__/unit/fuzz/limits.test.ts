// Inputs at the edge of what the evaluator accepts: 10,000-deep nesting, 10,000-long reference
// chains, values that double at each reference, strings that double at each interpolation, deep
// JSON, and the YAML oddities (tabs, aliases, numeric keys, BOM, CRLF, invalid UTF-8). Each either
// evaluates or ends in one clear diagnostic, without a stack overflow. How long they take is a
// figure of `npm run bench` ("Malformed input"), not asserted here: a loaded machine is slow.
import { evaluateEnvironment } from '../../../src/eval/evaluate.js';
import type { EvaluateResult } from '../../../src/eval/api.js';

const N = 10_000;
const pad = (i: number) => `k${String(i).padStart(5, '0')}`;

async function run(text: string | Uint8Array, mode: 'check' | 'open' = 'check') {
  const r: EvaluateResult = await evaluateEnvironment('env', {
    mode,
    loader: (name) => (name === 'env' ? { name, path: 'env.yaml', text } : { error: 'no' }),
  });
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  for (const d of r.diagnostics) expect(d.summary).not.toMatch(/internal error|call stack/i);
  return { r, errors };
}

describe('depth and size limits', () => {
  it.each([
    [
      'flow sequences nested 10,000 deep',
      'values:\n  a: ' + '['.repeat(N) + ']'.repeat(N) + '\n',
      2,
    ],
    [
      'flow mappings nested 10,000 deep',
      'values:\n  a: ' + '{a: '.repeat(N) + '1' + '}'.repeat(N) + '\n',
      2,
    ],
    // 10,000 levels of block indentation would be 50 MB, past the budget of source bytes.
    [
      'block mappings nested 1,000 deep',
      'values:\n' + Array.from({ length: 1000 }, (_, i) => ' '.repeat(i + 2) + 'k:\n').join(''),
      undefined,
    ],
  ])('%s: one clear YAML diagnostic', async (_, text, line) => {
    const { errors } = await run(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.summary).toMatch(/nesting deeper than 256 levels is not supported/);
    if (line !== undefined) expect(errors[0]?.range?.start.line).toBe(line);
  });

  it('nesting within the limit evaluates', async () => {
    const { r, errors } = await run(
      'values:\n  a: ' + '['.repeat(200) + '1' + ']'.repeat(200) + '\n',
    );
    expect(errors).toEqual([]);
    let v = r.value?.repr instanceof Map ? r.value.repr.get('a') : undefined;
    for (let i = 0; i < 200; i++) v = Array.isArray(v?.repr) ? v.repr[0] : undefined;
    expect(v?.repr?.toString()).toBe('1');
  });

  it('a 10,000-long reference chain: one diagnostic at the cut', async () => {
    let text = 'values:\n';
    for (let i = 0; i < N; i++) text += `  ${pad(i)}: \${${pad(i + 1)}}\n`;
    text += `  ${pad(N)}: end\n`;
    const { errors } = await run(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.summary).toMatch(/evaluation nests deeper than 500 levels/);
  });

  it('a 400-long reference chain evaluates', async () => {
    let text = 'values:\n';
    for (let i = 0; i < 400; i++) text += `  ${pad(i)}: \${${pad(i + 1)}}\n`;
    text += `  ${pad(400)}: end\n`;
    const { r, errors } = await run(text);
    expect(errors).toEqual([]);
    expect(r.value?.repr instanceof Map && r.value.repr.get(pad(0))?.repr).toBe('end');
  });

  it('values that grow at each reference stop at the value depth limit', async () => {
    let text = 'values:\n  k00000: end\n';
    for (let i = 1; i <= 2000; i++) text += `  ${pad(i)}: {x: "\${${pad(i - 1)}}"}\n`;
    const { errors } = await run(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.summary).toMatch(/value nests deeper than 512 levels/);
  });

  it('values that double at each reference stop at the size limit', async () => {
    let text = 'values:\n  k00000: [1, 2]\n';
    for (let i = 1; i <= 40; i++)
      text += `  ${pad(i)}: ["\${${pad(i - 1)}}", "\${${pad(i - 1)}}"]\n`;
    const { errors } = await run(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.summary).toBe('references expand the environment beyond 250000 values');
  });

  it('strings that double at each interpolation stop at the string limit', async () => {
    let text = 'values:\n  k00000: abcdefgh\n';
    for (let i = 1; i <= 40; i++) text += `  ${pad(i)}: "\${${pad(i - 1)}}\${${pad(i - 1)}}"\n`;
    const { errors } = await run(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.summary).toMatch(/string value longer than 16777216 characters/);
  });

  it('quoting that doubles at each level stops at the string limit', async () => {
    let text = "values:\n  k00000: ['\"']\n";
    for (let i = 1; i <= 40; i++) text += `  ${pad(i)}: ["q\${${pad(i - 1)}}"]\n`;
    const { errors } = await run(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.summary).toMatch(/string value longer than/);
  });

  it('deep JSON is refused by fn::fromJSON', async () => {
    const { errors } = await run(
      `values:\n  a:\n    fn::fromJSON: '${'['.repeat(N)}${']'.repeat(N)}'\n  b: {fn::toJSON: "\${a}"}\n`,
    );
    expect(errors.map((e) => e.summary)).toEqual([
      'decoding JSON string: nesting deeper than 512 levels',
    ]);
  });

  it('10,000 accessors in one reference', async () => {
    const { errors } = await run('values:\n  a: 1\n  b: ${a' + '[0]'.repeat(N) + '}\n');
    expect(errors).toHaveLength(1);
  });
});

describe('YAML oddities', () => {
  it.each([
    ['tab indentation', 'values:\n\ta: 1\n', /^yaml: tabs are not allowed as indentation/],
    ['alias', 'values:\n  a: &x 1\n  b: *x\n', /alias nodes are not supported/],
    ['merge key', 'values:\n  a: &x {c: 1}\n  b:\n    <<: *x\n', /alias nodes are not supported/],
    ['numeric key', 'values:\n  80: http\n', /mapping keys must be strings/],
    ['boolean key', 'values:\n  true: 1\n', /mapping keys must be strings/],
    ['null key', 'values:\n  ~: 1\n', /mapping keys must be strings/],
  ])('%s: one clear error', async (_, text, message) => {
    const { errors } = await run(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.summary).toMatch(message);
    expect(errors[0]?.range?.start.line).toBeGreaterThanOrEqual(1);
  });

  it('BOM and CRLF are handled', async () => {
    const { r, errors } = await run('\ufeffvalues:\r\n  a: x\r\n  b: ${a}\r\n');
    expect(errors).toEqual([]);
    expect(r.value?.repr instanceof Map && r.value.repr.get('b')?.repr).toBe('x');
  });

  it('invalid UTF-8 is a clear error at its line', async () => {
    for (const bad of [
      [0xff],
      [0xc3],
      [0xed, 0xa0, 0x80],
      [0xc0, 0xaf],
      [0xf5, 0x80, 0x80, 0x80],
    ]) {
      const bytes = Uint8Array.from([
        ...Buffer.from('values:\n  ok: "é😀"\n  a: "'),
        ...bad,
        ...Buffer.from('"\n'),
      ]);
      const { errors } = await run(bytes);
      expect(errors).toHaveLength(1);
      expect(errors[0]?.summary).toMatch(/^yaml: invalid UTF-8 \(byte 29\)/);
      expect(errors[0]?.range?.start).toMatchObject({ line: 3, column: 7 });
    }
    const { errors } = await run(Uint8Array.from(Buffer.from('values:\n  ok: "é😀\u{10FFFF}"\n')));
    expect(errors).toEqual([]);
  });

  it('a NUL byte is a YAML error', async () => {
    const { errors } = await run('values:\n  a: "\u0000"\n  b: \u0000\n');
    expect(errors.length).toBeLessThanOrEqual(1);
  });
});
