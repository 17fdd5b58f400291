import { SourceMap, parseYaml } from '../../../src/syntax/yaml.js';
import { subRange } from '../../../src/syntax/node.js';
import type { SyntaxNode } from '../../../src/syntax/node.js';
import type { Diagnostic, Position } from '../../../src/syntax/diagnostic.js';
import { parseInterpolation } from '../../../src/ast/interpolation.js';
import { parseString } from '../../../src/ast/parse.js';

/** The position of `offset` counted from the start of the text, one character at a time. */
function naivePosition(text: string, offset: number): Position {
  const o = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < o; i++) if (text[i] === '\n') [line, lineStart] = [line + 1, i + 1];
  const prefix = text.slice(lineStart, o);
  const before = text.slice(0, o);
  return {
    line,
    column: [...prefix].length + 1,
    byte: Buffer.byteLength(before, 'utf8'),
  };
}

function stringNode(value: string) {
  return {
    kind: 'string' as const,
    value,
    inline: true,
    path: 'x',
    range: {
      file: 't',
      start: { line: 1, column: 1, byte: 0 },
      end: { line: 1, column: 1, byte: 0 },
    },
  };
}

describe('source positions', () => {
  const text = 'ascii: line\r\nwide: é😀x\n\nplain again\nlast 😀 é';

  it('match a character-by-character count on ASCII and non-ASCII lines', () => {
    const map = new SourceMap('t', text);
    for (let o = 0; o <= text.length; o++) {
      // Surrogate halves are not offsets a parser reports; skip the middle of a pair.
      const c = text.charCodeAt(o - 1);
      if (c >= 0xd800 && c <= 0xdbff) continue;
      expect([o, map.position(o)]).toEqual([o, naivePosition(text, o)]);
    }
  });

  it('do not depend on the order of lookups, and clamp offsets to the text', () => {
    const map = new SourceMap('t', text);
    const offsets = [text.length, 0, 20, 3, text.length - 2, 14, 15, 30, 13, 12, -5, 1000];
    for (const o of offsets) expect([o, map.position(o)]).toEqual([o, naivePosition(text, o)]);
  });

  it('end a scalar after its value: lines and UTF-8 bytes of the value, not of the source', () => {
    const yaml = 'a: "x\\ny"\nb: |\n  one\n  twé\nc: é😀\nd: >-\n  folded\n  text\n';
    const { node, diagnostics } = parseYaml('t', yaml);
    expect(diagnostics).toEqual([]);
    if (node?.kind !== 'object') throw new Error('not an object');
    const range = (k: string): SyntaxNode['range'] => {
      const e = node.entries.find((x) => x.key.value === k);
      if (e === undefined) throw new Error(`no ${k}`);
      return e.value.range;
    };
    // "x\ny": one line down, the column after the last line's bytes.
    expect(range('a').start).toEqual({ line: 1, column: 4, byte: 3 });
    expect(range('a').end).toEqual({ line: 2, column: 2, byte: 6 });
    // "one\ntwé\n": two newlines, and an empty last line.
    expect(range('b').start).toEqual({ line: 2, column: 4, byte: 13 });
    expect(range('b').end).toEqual({ line: 4, column: 1, byte: 22 });
    // Columns after a single-line value advance by its bytes (as ESC does).
    expect(range('c').start).toEqual({ line: 5, column: 4, byte: 31 });
    expect(range('c').end).toEqual({ line: 5, column: 10, byte: 37 });
    // Folded: "folded text", one line.
    expect(range('d').end).toEqual({
      line: range('d').start.line,
      column: range('d').start.column + 11,
      byte: range('d').start.byte + 11,
    });
  });

  it('mark only single-line plain scalars inline', () => {
    const { node } = parseYaml('t', 'a: one two\nb: one\n  two\nc: "q"\nd: \ne: x\n');
    if (node?.kind !== 'object') throw new Error('not an object');
    const inline = node.entries.map((e) => [
      e.key.value,
      e.value.kind === 'string' ? e.value.inline : e.value.kind,
    ]);
    expect(inline).toEqual([
      ['a', true],
      ['b', false],
      ['c', false],
      ['d', 'null'],
      ['e', true],
    ]);
  });
});

describe('ranges of parts of a string', () => {
  it('count code points for columns and UTF-8 bytes for offsets, within the value', () => {
    const value = 'aé😀b\u{10000}c';
    const node = {
      ...stringNode(value),
      range: {
        file: 't',
        start: { line: 3, column: 5, byte: 20 },
        end: { line: 3, column: 5, byte: 20 },
      },
    };
    const at = (n: number): Position => {
      const prefix = value.slice(0, Math.max(0, Math.min(n, value.length)));
      return {
        line: 3,
        column: 5 + [...prefix].length,
        byte: 20 + Buffer.byteLength(prefix, 'utf8'),
      };
    };
    const cuts = [0, 1, 2, 4, 5, 7, 8, 20];
    for (const a of cuts)
      for (const b of cuts) {
        const r = subRange(node, a, b);
        expect([a, b, r]).toEqual([a, b, { file: 't', start: at(a), end: at(Math.max(a, b)) }]);
      }
    // Strings that do not map onto one source line give the whole node's range.
    const folded = { ...node, inline: false };
    expect(subRange(folded, 1, 2)).toBe(folded.range);
  });
});

describe('interpolation scanning', () => {
  it.each([
    ['no dollar at all', [{ text: 'no dollar at all' }]],
    ['', [{ text: '' }]],
    ['$', [{ text: '$' }]],
    ['a$b$', [{ text: 'a$b$' }]],
    ['$$', [{ text: '$' }]],
    ['x$$y$$$', [{ text: 'x$y$$' }]],
    ['$${a}', [{ text: '${a}' }]],
  ])('keeps literal text %j', (text, parts) => {
    expect(parseInterpolation(stringNode(text))).toEqual({ parts, diagnostics: [] });
  });

  it('splits text around accesses and keeps the text after the last one', () => {
    const { parts, diagnostics } = parseInterpolation(stringNode('a$${b}$x${c.d}e$$${f}g$'));
    expect(diagnostics).toEqual([]);
    expect(
      parts.map((p) => [p.text, p.access?.accessors.map((a) => a.kind === 'name' && a.name)]),
    ).toEqual([
      ['a${b}$x', ['c', 'd']],
      ['e$', ['f']],
      ['g$', undefined],
    ]);
  });

  it('makes plain text, escaped dollars and references into the right expressions', () => {
    const expr = (text: string) => {
      const node = stringNode(text);
      const diags: Diagnostic[] = [];
      const x = parseString(node, diags);
      expect(x.node).toBe(node);
      return [x.kind, x.kind === 'string' ? x.value : undefined, diags.length];
    };
    expect(expr('plain')).toEqual(['string', 'plain', 0]);
    expect(expr('')).toEqual(['string', '', 0]);
    expect(expr('a$$b')).toEqual(['string', 'a$b', 0]);
    expect(expr('${a.b}')).toEqual(['symbol', undefined, 0]);
    expect(expr('x${a}')).toEqual(['interpolate', undefined, 0]);
    expect(expr('${a')).toEqual(['symbol', undefined, 1]);
  });
});
