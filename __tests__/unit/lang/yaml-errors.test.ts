import { parseYaml } from '../../../src/syntax/yaml.js';

/** `line:column summary` of the one diagnostic `text` yields. */
function error(text: string | Uint8Array): string {
  const r = parseYaml('env', text);
  expect(r.node).toBeUndefined();
  expect(r.diagnostics).toHaveLength(1);
  const d = r.diagnostics[0]!;
  expect(d.severity).toBe('error');
  expect(d.summary).toMatch(/^yaml: |^alias nodes|^mapping keys/);
  expect(d.summary).not.toMatch(/\bline \d/);
  expect(d.range?.end).toEqual(d.range?.start);
  return `${d.range?.start.line}:${d.range?.start.column} ${d.summary}`;
}

describe('YAML syntax errors point at what to fix, without repeating the line', () => {
  it.each([
    [
      'flow sequence',
      'values:\n  a: [1, 2\n',
      '2:6 yaml: this [ is never closed: add the closing ]',
    ],
    [
      'flow map followed by keys',
      'values:\n  a: {x: 1\n  b: 2\n',
      '2:6 yaml: this { is never closed: add the closing }',
    ],
    [
      'the innermost of nested flows',
      'values:\n  a: [1, {x: [2, 3}]\n',
      '2:14 yaml: this [ is never closed: add the closing ]',
    ],
    [
      'flow at the root',
      'values: {}\nx: [1, 2\n',
      '2:4 yaml: this [ is never closed: add the closing ]',
    ],
  ])('unterminated %s: at the opening bracket', (_, text, want) => {
    expect(error(text)).toMatch(new RegExp(`^${want.replace(/[[\]{}()]/g, '\\$&')}`));
  });

  it.each([
    [
      'double',
      'values:\n  a: "never closed\n  b: 1\n',
      '2:6 yaml: this "-quoted string is never closed: add the closing "',
    ],
    [
      'single',
      "values:\n  a: 'it''s open\n  b: 1\n",
      "2:6 yaml: this '-quoted string is never closed: add the closing '",
    ],
    [
      'double, in a list',
      'values:\n  a:\n    - ok\n    - "x\n',
      '4:7 yaml: this "-quoted string is never closed: add the closing "',
    ],
  ])('unclosed %s quote: at the opening quote', (_, text, want) => {
    expect(error(text)).toBe(want);
  });

  it.each([
    ['at the start of a line', 'values:\n\ta: 1\n', '2:1'],
    ['after spaces', 'values:\n  a:\n  \t b: 1\n', '3:3'],
  ])('tab indentation %s: at the tab', (_, text, at) => {
    expect(error(text)).toBe(`${at} yaml: tabs are not allowed as indentation: indent with spaces`);
  });

  it.each([
    ['two colons on a line', 'values:\n  a: b: c\n', '2:7'],
    ['an over-indented next key', 'values:\n  a: 1\n   b: 2\n', '3:5'],
  ])('%s: at the offending colon', (_, text, at) => {
    expect(error(text)).toBe(
      `${at} yaml: mapping values are not allowed in this context: this ":" is inside a plain value; ` +
        'quote the value, or put this key on its own line indented like its siblings',
    );
  });

  it.each([
    ['an under-indented key', 'values:\n  a:\n    b: 1\n   c: 2\n', '4:4'],
    ['a key after a list', 'values:\n  - a\n  b: 1\n', '3:3'],
  ])('%s: at the key', (_, text, at) => {
    expect(error(text)).toBe(
      `${at} yaml: all mapping items must start at the same column: indent this line like the items above it`,
    );
  });

  it.each([
    ['\\q', 'values:\n  a: "bad \\q escape"\n', '2:11'],
    ['\\x', 'values:\n  a: "ok \\n, bad \\xZZ"\n', '2:18'],
    ['\\U', 'values:\n  a: "C:\\Users\\me"\n', '2:9'],
    ['\\u', 'values:\n  a: "s3cr\\uXYZW-rest-of-secret"\n', '2:11'],
  ])('invalid escape %s: at the backslash, quoting no more of the string', (seq, text, at) => {
    const e = error(text);
    expect(e).toBe(
      `${at} yaml: invalid escape sequence ${seq} in a double-quoted string: write \\\\ for a backslash, or use single quotes`,
    );
    expect(e).not.toMatch(/ZZ|sers|XYZW/);
  });

  it('a key without its colon', () => {
    expect(error('values\n  a: 1\n')).toMatch(
      /^1:1 yaml: implicit keys need to be on a single line: is a ":" missing/,
    );
  });

  it('aliases are refused at the alias', () => {
    expect(error('values:\n  a: &x hello\n  b: *x\n')).toBe('3:6 alias nodes are not supported');
    expect(error('values:\n  a: &x {c: 1}\n  b:\n    <<: *x\n')).toBe(
      '4:9 alias nodes are not supported',
    );
  });

  it('invalid UTF-8: at the column of the bad byte', () => {
    const bytes = Uint8Array.from([
      ...Buffer.from('values:\n  a: "é'),
      0xff,
      ...Buffer.from('"\n'),
    ]);
    expect(error(bytes)).toBe(
      '2:8 yaml: invalid UTF-8 (byte 16); environment files must be UTF-8 text',
    );
  });

  it('too deep: no line in the text', () => {
    expect(error(`values:\n  a: ${'['.repeat(300)}${']'.repeat(300)}\n`)).toMatch(
      /^2:\d+ yaml: nesting deeper than 256 levels is not supported$/,
    );
  });

  // The limit is counted, so the error is at the first collection 256 levels deep whatever the
  // depth of the document and the runtime's stack (the document's top map is level 0).
  type Shape = 'flow' | 'compact sequences' | 'pairs in flow sequences' | 'block maps';
  const deep = (kind: Shape, n: number): string => {
    if (kind === 'flow') return `values:\n  a: ${'['.repeat(n)}${']'.repeat(n)}\n`;
    if (kind === 'compact sequences') return `values:\n  a:\n    ${'- '.repeat(n)}x\n`;
    if (kind === 'pairs in flow sequences')
      return `values:\n  a: ${'[k: '.repeat(n)}1${']'.repeat(n)}\n`;
    const lines = Array.from({ length: n }, (_, i) => `${'  '.repeat(i + 1)}k${i}:`);
    return `values:\n${lines.join('\n')} 1\n`;
  };
  it.each([
    ['flow', '2:260'],
    ['compact sequences', '3:513'],
    ['pairs in flow sequences', '2:514'],
    ['block maps', '257:513'],
  ] as [Shape, string][])('too deep (%s): at the first collection past the limit', (kind, at) => {
    for (const n of [300, 1000, 100_000]) {
      if (kind === 'block maps' && n > 1000) continue; // 1 MiB allows ~1,400 block levels
      expect(error(deep(kind, n))).toBe(
        `${at} yaml: nesting deeper than 256 levels is not supported`,
      );
    }
  });

  it.each(['flow', 'compact sequences', 'pairs in flow sequences', 'block maps'] as Shape[])(
    'deep but within the limit (%s): parsed',
    (kind) => {
      const n = kind === 'pairs in flow sequences' ? 127 : 254;
      const r = parseYaml('env', deep(kind, n));
      expect(r.diagnostics).toEqual([]);
      expect(r.node?.kind).toBe('object');
    },
  );

  it.each([100, 250, 2000])('an unclosed quote %i levels deep: no exception', (depth) => {
    const text = `values:\n  a: ${'['.repeat(depth)}"open\n`;
    const r = parseYaml('env', text);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]?.summary).toMatch(/^yaml: (this|nesting deeper)/);
  });

  it('duplicate keys are not a YAML error (evaluation reports them at the key)', () => {
    expect(parseYaml('env', 'values:\n  a: 1\n  a: 2\n').diagnostics).toEqual([]);
  });
});
