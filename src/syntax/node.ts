/**
 * Concrete syntax: the YAML document as a tree of nodes that carry their source range and their
 * document path (`values.a["b-c"][0]`). Scalars are already resolved (YAML 1.1 / yaml.v3 rules);
 * nothing here knows about ESC expressions.
 */
import type { Diagnostic, Position, Range } from './diagnostic.js';

interface NodeBase {
  range: Range;
  /** The YAML document path of the node, in ESC's key quoting; `""` for the document root. */
  path: string;
}

export interface NullNode extends NodeBase {
  kind: 'null';
}

export interface BooleanNode extends NodeBase {
  kind: 'boolean';
  value: boolean;
}

export interface NumberNode extends NodeBase {
  kind: 'number';
  /** The number's decimal text (`8` for `010`, `1e+06` for `1e6`). */
  text: string;
}

export interface StringNode extends NodeBase {
  kind: 'string';
  value: string;
  /**
   * True for single-line plain scalars, whose text maps one to one onto the source line, so
   * ranges of parts of the string (accessors inside `${...}`) can be computed.
   */
  inline: boolean;
}

export interface ArrayNode extends NodeBase {
  kind: 'array';
  elements: SyntaxNode[];
}

export interface ObjectEntry {
  key: StringNode;
  value: SyntaxNode;
}

export interface ObjectNode extends NodeBase {
  kind: 'object';
  /** Entries in document order; duplicate keys are kept (later layers report them). */
  entries: ObjectEntry[];
}

export type SyntaxNode = NullNode | BooleanNode | NumberNode | StringNode | ArrayNode | ObjectNode;

/** Creates an error or warning diagnostic about a range. */
export function diagnosticAt(
  severity: Diagnostic['severity'],
  range: Range,
  summary: string,
  path: string,
): Diagnostic {
  return { severity, summary, file: range.file, range, path };
}

function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) i++;
    n++;
  }
  return n;
}

/** `p` moved past `text.slice(from, to)` on the same line (code points for columns). */
function advance(p: Position, text: string, from: number, to: number): Position {
  let columns = 0;
  let bytes = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    columns++;
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return { line: p.line, column: p.column + columns, byte: p.byte + bytes };
}

/**
 * The range of `value.slice(start, end)` of a string node. Only single-line plain scalars map
 * exactly; for any other string the whole node's range is returned.
 */
export function subRange(node: StringNode, start: number, end: number): Range {
  if (!node.inline) return node.range;
  const value = node.value;
  const s = Math.max(0, Math.min(start, value.length));
  const e = Math.max(s, Math.min(end, value.length));
  const from = advance(node.range.start, value, 0, s);
  const to = advance(from, value, s, e);
  return { file: node.range.file, start: from, end: to };
}

export { codePointLength };
