/**
 * YAML text -> syntax nodes. The `yaml` package does the parsing (failsafe schema, so every
 * scalar arrives as text); plain scalars are then resolved with yaml.v3's YAML 1.1 rules
 * (`resolvePlainScalar`), which is what ESC sees. Aliases, non-string keys and syntax errors are
 * fatal: the only result is the diagnostics.
 */
import { Composer, Parser, isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { CST, Node as YamlNode, Scalar } from 'yaml';
import type { Diagnostic, Position, Range } from './diagnostic.js';
import { byteLength as utf8Length } from '../base/utf8.js';
import { codePointLength, diagnosticAt } from './node.js';
import type { ObjectEntry, StringNode, SyntaxNode } from './node.js';
import { joinIndex, joinKey } from './path.js';
import { resolvePlainScalar } from './scalar.js';
import { describeYamlError, lowerFirst } from './yaml-errors.js';
import { MAX_YAML_DEPTH } from '../base/limits.js';

export interface ParseYamlResult {
  /** The document root; absent when a fatal error occurred. */
  node?: SyntaxNode;
  diagnostics: Diagnostic[];
}

/** Maps JS string offsets of one source text to 1-based line/column and UTF-8 byte offsets. */
export class SourceMap {
  private readonly lineStarts: number[] = [0];
  private readonly lineStartBytes: number[] = [0];
  /** Indexes of the lines holding a non-ASCII character (their columns need counting). */
  private readonly wideLines = new Set<number>();
  /** The line of the last lookup: nodes are visited in document order, so it is usually close. */
  private lastLine = 0;

  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    let bytes = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x0a) {
        bytes += 1;
        this.lineStarts.push(i + 1);
        this.lineStartBytes.push(bytes);
      } else if (c < 0x80) bytes += 1;
      else {
        this.wideLines.add(this.lineStarts.length - 1);
        if (c < 0x800) bytes += 2;
        else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
          bytes += 4;
          i++;
        } else bytes += 3;
      }
    }
  }

  /** The 0-based index of the line holding `offset`. */
  private lineOf(offset: number): number {
    const starts = this.lineStarts;
    const last = this.lastLine;
    const next = starts[last + 1];
    if ((starts[last] ?? 0) <= offset && (next === undefined || offset < next)) return last;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    this.lastLine = lo;
    return lo;
  }

  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineOf(o);
    const start = this.lineStarts[line] ?? 0;
    const startByte = this.lineStartBytes[line] ?? 0;
    if (!this.wideLines.has(line))
      return { line: line + 1, column: o - start + 1, byte: startByte + o - start };
    const prefix = this.text.slice(start, o);
    return {
      line: line + 1,
      column: codePointLength(prefix) + 1,
      byte: startByte + utf8Length(prefix),
    };
  }
}

class FatalError extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.summary);
  }
}

const STR_TAG = 'tag:yaml.org,2002:str';
const BINARY_TAG = 'tag:yaml.org,2002:binary';
const RESOLVABLE_TAGS = new Set([
  'tag:yaml.org,2002:int',
  'tag:yaml.org,2002:float',
  'tag:yaml.org,2002:bool',
  'tag:yaml.org,2002:null',
]);

class Converter {
  constructor(private readonly map: SourceMap) {}

  private range(start: number, end?: Position): Range {
    const s = this.map.position(start);
    return { file: this.map.file, start: s, end: end ?? s };
  }

  private startOf(node: YamlNode): number {
    const start = node.range?.[0] ?? 0;
    if (isScalar(node) && node.type === 'PLAIN' && (node.range?.[1] ?? start) === start) {
      // yaml.v3 places an empty scalar right after the indicator before it (`- `, `key:`).
      let i = start;
      const t = this.map.text;
      while (i > 0 && (t[i - 1] === ' ' || t[i - 1] === '\t')) i--;
      return i;
    }
    return start;
  }

  private fatal(node: YamlNode | null, summary: string, path: string): never {
    const r = this.range(node ? this.startOf(node) : 0);
    throw new FatalError(diagnosticAt('error', r, summary, path));
  }

  private rawText(node: Scalar): string {
    const src = node.srcToken;
    if (src && 'source' in src && typeof src.source === 'string' && node.type === 'PLAIN')
      return src.source;
    return typeof node.value === 'string' ? node.value : String(node.value);
  }

  private scalar(node: Scalar, path: string): SyntaxNode {
    const startOffset = this.startOf(node);
    const start = this.map.position(startOffset);
    const tag = node.tag;
    let text: string;
    if (tag === BINARY_TAG || typeof node.value !== 'string') text = this.rawText(node);
    else text = node.value;

    const resolve = node.type === 'PLAIN' && (tag === undefined || RESOLVABLE_TAGS.has(tag));
    if (resolve || (tag !== undefined && RESOLVABLE_TAGS.has(tag))) {
      const r = resolvePlainScalar(text);
      switch (r.kind) {
        case 'null':
          return { kind: 'null', range: this.scalarRange(start, text), path };
        case 'boolean':
          return { kind: 'boolean', value: r.value, range: this.scalarRange(start, text), path };
        case 'number':
          return { kind: 'number', text: r.text, range: this.scalarRange(start, text), path };
        default:
          break;
      }
    }
    void STR_TAG;
    let inline = false;
    if (node.type === 'PLAIN') {
      const valueEnd = node.range?.[1] ?? startOffset;
      const nl = this.map.text.indexOf('\n', startOffset);
      inline = nl < 0 || nl >= valueEnd;
    }
    const range = this.scalarRange(start, text);
    const s: StringNode = { kind: 'string', value: text, inline, range, path };
    return s;
  }

  /**
   * The range of a scalar whose value is `text`, from `start`: the end counts the value's lines
   * and UTF-8 bytes (not the source's), as ESC does.
   */
  private scalarRange(start: Position, text: string): Range {
    const bytes = utf8Length(text);
    const lastNl = text.lastIndexOf('\n');
    let end: Position;
    if (lastNl < 0) {
      end = { line: start.line, column: start.column + bytes, byte: start.byte + bytes };
    } else {
      let lines = 1;
      for (let i = text.indexOf('\n'); i >= 0 && i < lastNl; i = text.indexOf('\n', i + 1)) lines++;
      end = {
        line: start.line + lines,
        column: 1 + utf8Length(text.slice(lastNl + 1)),
        byte: start.byte + bytes,
      };
    }
    return { file: this.map.file, start, end };
  }

  private key(node: YamlNode | null, parentPath: string): StringNode {
    if (node === null) this.fatal(null, 'mapping keys must be strings', parentPath);
    if (isAlias(node)) this.fatal(node, 'alias nodes are not supported', parentPath);
    if (!isScalar(node)) this.fatal(node, 'mapping keys must be strings', parentPath);
    const k = this.scalar(node, parentPath);
    if (k.kind !== 'string') this.fatal(node, 'mapping keys must be strings', parentPath);
    k.path = joinKey(parentPath, k.value);
    return k;
  }

  convert(node: YamlNode | null, path: string, fallbackOffset: number, depth = 0): SyntaxNode {
    if (node === null) {
      return { kind: 'null', range: this.range(fallbackOffset), path };
    }
    if (isAlias(node)) this.fatal(node, 'alias nodes are not supported', path);
    if (isScalar(node)) return this.scalar(node, path);
    const start = this.startOf(node);
    if (depth >= MAX_YAML_DEPTH) {
      this.fatal(node, tooDeep(), path);
    }
    if (isMap(node)) {
      const entries: ObjectEntry[] = [];
      let end: Position | undefined;
      for (const pair of node.items) {
        const key = this.key(pair.key as YamlNode | null, path);
        const keyEndOffset = (pair.key as YamlNode | null)?.range?.[1] ?? start;
        const value = this.convert(
          pair.value as YamlNode | null,
          key.path,
          keyEndOffset,
          depth + 1,
        );
        entries.push({ key, value });
        end = value.range.end;
      }
      return { kind: 'object', entries, range: this.range(start, end), path };
    }
    if (isSeq(node)) {
      const elements: SyntaxNode[] = [];
      let end: Position | undefined;
      const items = node.items;
      for (let i = 0; i < items.length; i++) {
        const item = items[i] as YamlNode | null;
        const e = this.convert(item, joinIndex(path, i), start, depth + 1);
        elements.push(e);
        end = e.range.end;
      }
      return { kind: 'array', elements, range: this.range(start, end), path };
    }
    return this.fatal(node, 'unsupported YAML node', path);
  }
}

/** The offset of the first byte that does not start a valid UTF-8 sequence, if any. */
export function invalidUtf8Offset(b: Uint8Array): number | undefined {
  const n = b.length;
  let i = 0;
  while (i < n) {
    const c = b[i] as number;
    if (c < 0x80) {
      i++;
      continue;
    }
    let len: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) [len, min] = [2, 0x80];
    else if (c >= 0xe0 && c <= 0xef) [len, min] = [3, 0x800];
    else if (c >= 0xf0 && c <= 0xf4) [len, min] = [4, 0x10000];
    else return i;
    if (i + len > n) return i;
    let cp = c & (0xff >> (len + 1));
    for (let k = 1; k < len; k++) {
      const d = b[i + k] as number;
      if ((d & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (d & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += len;
  }
  return undefined;
}

function tooDeep(): string {
  return `yaml: nesting deeper than ${MAX_YAML_DEPTH} levels is not supported`;
}

/** The parser itself ran out of stack (it recurses per nesting level). */
function isStackOverflow(message: string): boolean {
  return message.includes('Maximum call stack size exceeded');
}

/**
 * The offset of the first collection (in document order) nested `MAX_YAML_DEPTH` levels deep or
 * more, counted on the parser's tokens before any node is built. The `yaml` package tokenizes
 * without recursion but builds nodes recursively, so a deep document must be refused here: where
 * building would run out of stack depends on the runtime, the limit must not. Levels are counted
 * as `Converter.convert` counts them (the document's top collection is level 0; a `key: value`
 * pair inside `[...]` is a one-entry map of its own), so either check finds the same place.
 */
function tooDeepOffset(tokens: readonly CST.Token[]): number | undefined {
  // A pending entry is a token, or the offset of a pair's implicit map, at its depth.
  const pending: [CST.Token | number | undefined, number][] = [];
  for (let i = tokens.length - 1; i >= 0; i--) pending.push([tokens[i], 0]);
  while (pending.length > 0) {
    const [token, depth] = pending.pop() as [CST.Token | number | undefined, number];
    if (token === undefined) continue;
    if (typeof token === 'number') {
      if (depth >= MAX_YAML_DEPTH) return token;
      continue;
    }
    if (token.type === 'document') {
      pending.push([token.value, depth]);
      continue;
    }
    if (
      token.type !== 'block-map' &&
      token.type !== 'block-seq' &&
      token.type !== 'flow-collection'
    )
      continue;
    if (depth >= MAX_YAML_DEPTH) return token.offset;
    const pairsAreMaps = token.type === 'flow-collection' && token.start.source === '[';
    // Pushed in reverse, so that items come off the stack in document order.
    for (let i = token.items.length - 1; i >= 0; i--) {
      const item = token.items[i] as CST.CollectionItem;
      const pairMap = pairsAreMaps && (item.key !== undefined || item.sep !== undefined);
      const inner = pairMap ? depth + 2 : depth + 1;
      pending.push([item.value, inner]);
      pending.push([item.key ?? undefined, inner]);
      if (pairMap) pending.push([pairOffset(item, token.offset), depth + 1]);
    }
  }
  return undefined;
}

/** Where a `key: value` pair inside `[...]` starts (its key, else its first indicator). */
function pairOffset(item: CST.CollectionItem, fallback: number): number {
  if (item.key) return item.key.offset;
  return item.start[0]?.offset ?? item.sep?.[0]?.offset ?? fallback;
}

/** Parses the first YAML document of `text` into syntax nodes. `file` names it in diagnostics. */
export function parseYaml(file: string, source: string | Uint8Array): ParseYamlResult {
  if (typeof source !== 'string') {
    const bad = invalidUtf8Offset(source);
    if (bad !== undefined) {
      let lineStart = 0;
      let line = 1;
      for (let i = 0; i < bad; i++) {
        if (source[i] === 0x0a) {
          line++;
          lineStart = i + 1;
        }
      }
      const before = new TextDecoder('utf-8').decode(source.subarray(lineStart, bad));
      const at = { line, column: codePointLength(before) + 1, byte: bad };
      // yaml.v3 refuses such input too (`yaml: invalid leading UTF-8 octet`).
      return {
        diagnostics: [
          {
            severity: 'error',
            summary: `yaml: invalid UTF-8 (byte ${bad}); environment files must be UTF-8 text`,
            file,
            range: { file, start: at, end: at },
            path: '',
          },
        ],
      };
    }
  }
  let text = typeof source === 'string' ? source : new TextDecoder('utf-8').decode(source);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const map = new SourceMap(file, text);
  if (text.length === 0) {
    const p0 = map.position(0);
    return {
      node: { kind: 'object', entries: [], range: { file, start: p0, end: p0 }, path: '' },
      diagnostics: [],
    };
  }
  let docs;
  try {
    const tokens = Array.from(new Parser().parse(text));
    const deep = tooDeepOffset(tokens);
    if (deep !== undefined) {
      const at = map.position(deep);
      return {
        diagnostics: [
          {
            severity: 'error',
            summary: tooDeep(),
            file,
            range: { file, start: at, end: at },
            path: '',
          },
        ],
      };
    }
    const composer = new Composer({
      keepSourceTokens: true,
      uniqueKeys: false,
      schema: 'failsafe',
      strict: false,
    });
    docs = Array.from(composer.compose(tokens));
  } catch (err) {
    return {
      diagnostics: [
        {
          severity: 'error',
          summary:
            err instanceof Error && isStackOverflow(err.message)
              ? tooDeep()
              : `yaml: ${lowerFirst(err instanceof Error ? err.message : String(err))}`,
          file,
          path: '',
        },
      ],
    };
  }
  const doc = Array.isArray(docs) ? docs[0] : undefined;
  if (doc === undefined || doc.contents === null) {
    const p = map.position(0);
    return {
      node: { kind: 'object', entries: [], range: { file, start: p, end: p }, path: '' },
      diagnostics: [],
    };
  }
  const first = doc.errors[0];
  if (first !== undefined) {
    let report: { summary: string; offset: number };
    try {
      report = isStackOverflow(first.message)
        ? { summary: tooDeep(), offset: first.pos[0] }
        : describeYamlError(text, doc, first);
    } catch (err) {
      // Walking a document nested almost as deep as the parser allows may overflow the stack.
      const deep = err instanceof Error && isStackOverflow(err.message);
      report = {
        summary: deep ? tooDeep() : `yaml: ${lowerFirst(first.message.split('\n')[0] ?? '')}`,
        offset: first.pos[0],
      };
    }
    const start = map.position(report.offset);
    // Upstream gives YAML syntax errors no range; hosts need one to annotate the right place.
    return {
      diagnostics: [
        {
          severity: 'error',
          summary: report.summary,
          file,
          range: { file, start, end: start },
          path: '',
        },
      ],
    };
  }
  try {
    const node = new Converter(map).convert(doc.contents as YamlNode, '', 0);
    return { node, diagnostics: [] };
  } catch (err) {
    if (err instanceof FatalError) return { diagnostics: [err.diagnostic] };
    throw err;
  }
}
