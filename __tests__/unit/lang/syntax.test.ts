import { parseYaml } from '../../../src/syntax/yaml.js';
import { subRange } from '../../../src/syntax/node.js';
import type { SyntaxNode } from '../../../src/syntax/node.js';
import { parseInterpolation } from '../../../src/ast/interpolation.js';
import { loadEnvironment } from '../../../src/ast/environment.js';

function entry(node: SyntaxNode | undefined, key: string): SyntaxNode {
  if (node?.kind !== 'object') throw new Error('not an object');
  const e = node.entries.find((x) => x.key.value === key);
  if (!e) throw new Error(`no ${key}`);
  return e.value;
}

describe('YAML syntax', () => {
  it('resolves plain scalars with YAML 1.1 rules and keeps number text exact', () => {
    const { node, diagnostics } = parseYaml(
      't',
      'a: 010\nb: 1e6\nc: 12345678901234567890\nd: yes\ne: "010"\nf: ~\n',
    );
    expect(diagnostics).toEqual([]);
    expect(entry(node, 'a')).toMatchObject({ kind: 'number', text: '8' });
    expect(entry(node, 'b')).toMatchObject({ kind: 'number', text: '1e+06' });
    expect(entry(node, 'c')).toMatchObject({ kind: 'number', text: '12345678901234567890' });
    expect(entry(node, 'd')).toMatchObject({ kind: 'string', value: 'yes' });
    expect(entry(node, 'e')).toMatchObject({ kind: 'string', value: '010' });
    expect(entry(node, 'f')).toMatchObject({ kind: 'null' });
  });

  it('gives 1-based positions, byte offsets and Go-style scalar ends', () => {
    const { node } = parseYaml('t', 'x:\n  é: "héllo"\n');
    const v = entry(entry(node, 'x'), 'é');
    expect(v.range.start).toEqual({ line: 2, column: 6, byte: 9 });
    // End = start column + byte length of the value (quotes not counted).
    expect(v.range.end.column).toBe(6 + 6);
    expect(v.path).toBe('x["é"]');
  });

  it('places empty scalars right after their indicator', () => {
    const { node } = parseYaml('t', 'list:\n  - \nk:\n');
    const list = entry(node, 'list');
    expect(list.kind === 'array' && list.elements[0]?.range.start).toMatchObject({
      line: 2,
      column: 4,
    });
  });

  it('maps accessor offsets only inside single-line plain scalars', () => {
    const { node } = parseYaml('t', 'a: x ${b.c}\nq: "x ${b.c}"\n');
    const plain = entry(node, 'a');
    const quoted = entry(node, 'q');
    if (plain.kind !== 'string' || quoted.kind !== 'string') throw new Error('strings expected');
    expect(subRange(plain, 4, 5).start.column).toBe(8);
    expect(subRange(quoted, 4, 5)).toEqual(quoted.range);
  });

  it('reads only the first document and treats an empty file as an empty mapping', () => {
    expect(parseYaml('t', 'a: 1\n---\nb: [\n').diagnostics).toEqual([]);
    expect(parseYaml('t', '').node).toMatchObject({ kind: 'object', entries: [] });
  });

  it('makes aliases, non-string keys and syntax errors fatal', () => {
    const alias = parseYaml('t', 'a: &x 1\nb: *x\n');
    expect(alias.node).toBeUndefined();
    expect(alias.diagnostics).toMatchObject([{ summary: 'alias nodes are not supported' }]);
    for (const key of ['80', 'true', '1.5', '~']) {
      expect(parseYaml('t', `${key}: v\n`).diagnostics[0]?.summary).toBe(
        'mapping keys must be strings',
      );
    }
    expect(parseYaml('t', '"80": v\n2024-01-01: d\n').diagnostics).toEqual([]);
    const syntax = parseYaml('t', 'a: [1, 2\n');
    expect(syntax.node).toBeUndefined();
    expect(syntax.diagnostics[0]?.summary).toMatch(/^yaml: /);
    // Unlike upstream, the error keeps the parser's position so hosts can annotate the line.
    expect(syntax.diagnostics[0]?.range?.start.line).toBeGreaterThanOrEqual(1);
  });
});

describe('interpolation grammar', () => {
  const str = (text: string) => {
    const { node } = parseYaml('t', `v: ${JSON.stringify(text)}\n`);
    const v = entry(node, 'v');
    if (v.kind !== 'string') throw new Error('string expected');
    return parseInterpolation(v);
  };

  it('unescapes $$ and splits text from accesses', () => {
    expect(str('a$$b').parts).toEqual([{ text: 'a$b' }]);
    expect(str('$${x}').parts).toEqual([{ text: '${x}' }]);
    const p = str('$$${x}!').parts;
    expect(p.map((x) => x.text)).toEqual(['$', '!']);
    expect(p[0]?.access?.accessors.map((a) => (a.kind === 'name' ? a.name : a.index))).toEqual([
      'x',
    ]);
  });

  it('parses names, quoted keys with escaped quotes and integer subscripts', () => {
    const a = str('${a.b["c\\"d"][3].e-f:g}').parts[0]?.access?.accessors ?? [];
    expect(a.map((x) => (x.kind === 'name' ? x.name : x.index))).toEqual([
      'a',
      'b',
      'c"d',
      3,
      'e-f:g',
    ]);
  });

  it.each([
    ['${', "missing closing brace '}' in interpolation"],
    ['${ a }', "missing closing brace '}' in interpolation"],
    ['${a.}', 'property name must not be empty'],
    ['${a[1}', "subscript is missing closing bracket ']'"],
    ['${a["b}', "key subscript is missing closing quote '\"'"],
    ['${a[""]}', 'key subscript must not be empty'],
    ['${a[x]}', 'numeric subscript must be a positive base-10 integer'],
    [
      '${[2]}',
      'the first accessor must be a property name or key subscript, not a numeric subscript',
    ],
  ])('%s reports %s', (text, message) => {
    expect(str(text).diagnostics.map((d) => d.summary)).toContain(message);
  });

  it('accepts ${} and negative indices without load errors', () => {
    expect(str('${}').diagnostics).toEqual([]);
    expect(str('${a[-1]}').parts[0]?.access?.accessors[1]).toMatchObject({ index: -1 });
  });
});

describe('environment declaration', () => {
  it('matches top-level keys case-insensitively (an error unless intended); the last duplicate wins with a warning', () => {
    const r = loadEnvironment('e', 'VALUES: {a: 1}\nvalues: {b: 2}\n');
    expect(r.decl?.values.map((v) => v.key.value)).toEqual(['b']);
    expect(r.diagnostics).toMatchObject([
      { severity: 'warning', summary: 'duplicate key "values"' },
      {
        severity: 'error',
        summary: expect.stringMatching(/^'VALUES' differs from 'values' only in case/),
      },
    ]);
  });

  it('checks shapes of imports, values and description', () => {
    const msgs = (src: string) => loadEnvironment('e', src).diagnostics.map((d) => d.summary);
    expect(msgs('imports: a\n')).toEqual(['imports must be a list']);
    expect(msgs('values: [1]\n')).toEqual(['values must be an object']);
    expect(msgs('description: [1]\n')).toEqual(['description must be a string']);
    expect(msgs('values:\n  fn::join: [a, [b]]\n')).toEqual([
      'builtin function call "fn::join" not allowed at the top level',
    ]);
  });
});
