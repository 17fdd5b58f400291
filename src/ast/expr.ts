/**
 * Typed ESC expressions. Every expression keeps the syntax node it came from, for ranges and
 * document paths in diagnostics.
 */
import type { Range } from '../syntax/diagnostic.js';
import type { ObjectNode, StringNode, SyntaxNode } from '../syntax/node.js';

export interface PropertyName {
  kind: 'name';
  name: string;
  range: Range;
}

export interface PropertySubscript {
  kind: 'subscript';
  index: string | number;
  range: Range;
}

export type Accessor = PropertyName | PropertySubscript;

export interface PropertyAccess {
  accessors: Accessor[];
}

export interface InterpolationPart {
  /** Literal text before the access (already `$$`-unescaped). */
  text: string;
  access?: PropertyAccess;
}

interface Base<N extends SyntaxNode = SyntaxNode> {
  node: N;
}

export interface NullExpr extends Base {
  kind: 'null';
}
export interface BooleanExpr extends Base {
  kind: 'boolean';
  value: boolean;
}
export interface NumberExpr extends Base {
  kind: 'number';
  text: string;
}
export interface StringExpr extends Base {
  kind: 'string';
  value: string;
}
export interface InterpolateExpr extends Base<StringNode> {
  kind: 'interpolate';
  parts: InterpolationPart[];
}
export interface SymbolExpr extends Base<StringNode> {
  kind: 'symbol';
  access: PropertyAccess;
}
export interface ArrayExpr extends Base {
  kind: 'array';
  elements: Expr[];
}
export interface ObjectProperty {
  key: StringExpr;
  value: Expr;
}
export interface ObjectExpr extends Base {
  kind: 'object';
  entries: ObjectProperty[];
}

interface BuiltinBase extends Base<ObjectNode> {
  /** The `fn::...` key. */
  name: StringExpr;
  /** The argument as written. */
  args: Expr;
}

export interface SecretExpr extends BuiltinBase {
  kind: 'secret';
  plaintext?: StringExpr;
  ciphertext?: StringExpr;
}
export interface OpenExpr extends BuiltinBase {
  kind: 'open';
  /** Absent when the call is malformed (a load error was reported). */
  provider?: StringExpr;
  inputs?: Expr;
}
export interface RotateExpr extends BuiltinBase {
  kind: 'rotate';
  provider?: StringExpr;
  inputs?: Expr;
  /** Absent means null. */
  state?: Expr;
}
export interface JoinExpr extends BuiltinBase {
  kind: 'join';
  delimiter?: Expr;
  values?: Expr;
}
export interface SplitExpr extends BuiltinBase {
  kind: 'split';
  delimiter?: Expr;
  string?: Expr;
}
export interface ConcatExpr extends BuiltinBase {
  kind: 'concat';
  /** The arrays to concatenate when the argument is a literal list; otherwise `args` is checked as a whole. */
  arrays?: Expr[];
}
export interface ValidateExpr extends BuiltinBase {
  kind: 'validate';
  schema?: Expr;
  value?: Expr;
}
export interface UnaryBuiltinExpr extends BuiltinBase {
  kind: 'toJSON' | 'fromJSON' | 'toBase64' | 'fromBase64' | 'toString' | 'final';
  value: Expr;
}

export type BuiltinExpr =
  | SecretExpr
  | OpenExpr
  | RotateExpr
  | JoinExpr
  | SplitExpr
  | ConcatExpr
  | ValidateExpr
  | UnaryBuiltinExpr;

export type Expr =
  | NullExpr
  | BooleanExpr
  | NumberExpr
  | StringExpr
  | InterpolateExpr
  | SymbolExpr
  | ArrayExpr
  | ObjectExpr
  | BuiltinExpr;

/** Renders an access as written (`a.b[0]["c d"]`), for messages. */
export function accessString(access: PropertyAccess): string {
  let s = '';
  for (const a of access.accessors) {
    if (a.kind === 'name') s += s === '' ? a.name : `.${a.name}`;
    else if (typeof a.index === 'number') s += `[${a.index}]`;
    else s += `["${a.index.replaceAll('"', '\\"')}"]`;
  }
  return s;
}
