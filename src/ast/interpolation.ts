/**
 * The ESC string grammar: `$$` is a literal `$`, `${...}` is a property access. Parse problems
 * are load diagnostics; parsing always yields something to evaluate (the Go evaluator's
 * recovery rules, see esc-language.md §2.2).
 */
import type { Diagnostic } from '../syntax/diagnostic.js';
import { diagnosticAt, subRange } from '../syntax/node.js';
import type { StringNode } from '../syntax/node.js';
import type { Accessor, InterpolationPart, PropertyAccess } from './expr.js';

/** Go's `unicode.IsSpace` on a single byte, for the ASCII range. */
function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\v' || c === '\f' || c === '\r';
}

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/** Go `strconv.ParseInt(s, 10, 64)`: optional sign, decimal digits, in range. */
function parseGoInt(s: string): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = BigInt(s);
  if (n > INT64_MAX || n < INT64_MIN) return undefined;
  return Number(n);
}

class AccessParser {
  readonly accessors: Accessor[] = [];
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    private readonly node: StringNode,
    private readonly text: string,
    public offset: number,
  ) {}

  private peek(): string | undefined {
    return this.offset < this.text.length ? this.text[this.offset] : undefined;
  }

  private next(): number {
    return this.offset++;
  }

  private rangeFrom(start: number) {
    return subRange(this.node, start, this.offset);
  }

  private error(start: number, summary: string): void {
    this.diagnostics.push(diagnosticAt('error', this.rangeFrom(start), summary, this.node.path));
  }

  private terminatesName(c: string): boolean {
    return c === '.' || c === '[' || c === '}' || isSpace(c);
  }

  parse(): PropertyAccess {
    for (;;) {
      const c = this.peek();
      if (c === undefined) {
        this.error(this.offset, "missing closing brace '}' in interpolation");
        return this.finish(this.offset);
      }
      if (c === '}') return this.finish(this.next());
      if (c === '.') this.accessors.push(this.parseName(this.next()));
      else if (c === '[') this.accessors.push(this.parseSubscript(this.next()));
      else if (isSpace(c)) {
        this.error(this.offset, "missing closing brace '}' in interpolation");
        return this.finish(this.offset);
      } else this.accessors.push(this.parseName(this.offset));
    }
  }

  private finish(start: number): PropertyAccess {
    if (this.accessors.length === 0)
      this.accessors.push({ kind: 'name', name: '', range: this.rangeFrom(start) });
    return { accessors: this.accessors };
  }

  private parseName(start: number): Accessor {
    const from = this.offset;
    for (;;) {
      const c = this.peek();
      if (c === undefined || this.terminatesName(c)) break;
      this.next();
    }
    const name = this.text.slice(from, this.offset);
    if (name === '') this.error(start, 'property name must not be empty');
    return { kind: 'name', name, range: this.rangeFrom(start) };
  }

  private parseSubscript(start: number): Accessor {
    const c = this.peek();
    if (c === undefined) {
      this.error(start, "subscript is missing closing bracket ']'");
      return { kind: 'subscript', index: '', range: this.rangeFrom(start) };
    }
    let index: string | number;
    if (c === '"') {
      this.next();
      index = this.parseStringSubscript(start);
    } else index = this.parseIndexSubscript(start);
    if (this.peek() !== ']') this.error(start, "subscript is missing closing bracket ']'");
    else this.next();
    return { kind: 'subscript', index, range: this.rangeFrom(start) };
  }

  private parseStringSubscript(start: number): string {
    let key = '';
    for (;;) {
      const c = this.peek();
      if (c === undefined) {
        this.error(start + 1, "key subscript is missing closing quote '\"'");
        return key;
      }
      this.next();
      if (c === '"') {
        if (key === '') this.error(start + 1, 'key subscript must not be empty');
        return key;
      }
      if (c === '\\' && this.peek() === '"') {
        this.next();
        key += '"';
        continue;
      }
      key += c;
    }
  }

  private parseIndexSubscript(start: number): string | number {
    let text = '';
    for (;;) {
      const c = this.peek();
      if (c === undefined || c === ']' || this.terminatesName(c)) break;
      this.next();
      text += c;
    }
    const n = parseGoInt(text);
    if (n === undefined) {
      this.error(start + 1, 'numeric subscript must be a positive base-10 integer');
      return text;
    }
    if (this.accessors.length === 0) {
      this.error(
        start,
        'the first accessor must be a property name or key subscript, not a numeric subscript',
      );
    }
    return n;
  }
}

export interface ParsedString {
  parts: InterpolationPart[];
  diagnostics: Diagnostic[];
}

/** Splits a string into literal text and property accesses. */
export function parseInterpolation(node: StringNode, text: string = node.value): ParsedString {
  let dollar = text.indexOf('$');
  if (dollar < 0) return { parts: [{ text }], diagnostics: [] };
  const parts: InterpolationPart[] = [];
  const diagnostics: Diagnostic[] = [];
  let literal = '';
  let i = 0;
  while (dollar >= 0) {
    const c = text[dollar + 1];
    if (c === '$') {
      literal += `${text.slice(i, dollar)}$`;
      i = dollar + 2;
    } else if (c === '{') {
      literal += text.slice(i, dollar);
      const p = new AccessParser(node, text, dollar + 2);
      const access = p.parse();
      diagnostics.push(...p.diagnostics);
      parts.push({ text: literal, access });
      literal = '';
      i = p.offset;
    } else {
      literal += text.slice(i, dollar + 1);
      i = dollar + 1;
    }
    dollar = text.indexOf('$', i);
  }
  literal += text.slice(i);
  if (literal !== '' || parts.length === 0) parts.push({ text: literal });
  return { parts, diagnostics };
}

/** Parses a standalone property path such as `a.b[0]` (no `${ }`), e.g. for CLI arguments. */
export function parsePropertyPath(node: StringNode): {
  access: PropertyAccess;
  diagnostics: Diagnostic[];
} {
  const p = new AccessParser(node, `${node.value}}`, 0);
  const access = p.parse();
  return { access, diagnostics: p.diagnostics };
}
