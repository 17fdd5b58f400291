/**
 * Syntax nodes -> expressions: literals, strings (`$$`, `${...}`), arrays, objects and builtin
 * calls with their argument shapes. Problems are load diagnostics; the result is always an
 * expression tree that can be evaluated (a malformed call evaluates to unknown).
 */
import type { Diagnostic } from '../syntax/diagnostic.js';
import { diagnosticAt } from '../syntax/node.js';
import type { ObjectNode, StringNode, SyntaxNode } from '../syntax/node.js';
import type {
  ArrayExpr,
  BuiltinExpr,
  Expr,
  ObjectExpr,
  ObjectProperty,
  StringExpr,
  UnaryBuiltinExpr,
} from './expr.js';
import { parseInterpolation } from './interpolation.js';
// The evaluator's "did you mean" rule (a pure leaf helper; ESC's own spelling of suggestions).
import { suggest } from '../base/spell.js';

type Diags = Diagnostic[];

function exprError(diags: Diags, x: Expr | SyntaxNode, summary: string): void {
  const node = 'node' in x ? x.node : x;
  diags.push(diagnosticAt('error', node.range, summary, node.path));
}

/** Parses a string node: a literal, a bare reference (symbol) or an interpolation. */
export function parseString(node: StringNode, diags: Diags): Expr {
  // Most strings (every key, most values) hold no `$` at all: plain text.
  if (!node.value.includes('$')) return { kind: 'string', value: node.value, node };
  const { parts, diagnostics } = parseInterpolation(node);
  diags.push(...diagnostics);
  const only = parts[0];
  if (parts.length === 1 && only !== undefined) {
    if (only.access === undefined) return { kind: 'string', value: only.text, node };
    if (only.text === '') return { kind: 'symbol', access: only.access, node };
  }
  return { kind: 'interpolate', parts, node };
}

export function parseExpr(node: SyntaxNode, diags: Diags): Expr {
  switch (node.kind) {
    case 'null':
      return { kind: 'null', node };
    case 'boolean':
      return { kind: 'boolean', value: node.value, node };
    case 'number':
      return { kind: 'number', text: node.text, node };
    case 'string':
      return parseString(node, diags);
    case 'array':
      return { kind: 'array', elements: node.elements.map((e) => parseExpr(e, diags)), node };
    case 'object':
      return parseObject(node, diags);
  }
}

function parseObject(node: ObjectNode, diags: Diags): Expr {
  const fn = tryParseBuiltin(node, diags);
  if (fn !== undefined) return fn;
  const entries: ObjectProperty[] = [];
  for (const entry of node.entries) {
    const k = parseString(entry.key, diags);
    const value = parseExpr(entry.value, diags);
    if (k.kind !== 'string') {
      exprError(diags, entry.key, 'object keys must be strings');
      continue;
    }
    entries.push({ key: k, value });
  }
  return { kind: 'object', entries, node };
}

const UNARY: Record<string, UnaryBuiltinExpr['kind']> = {
  'fn::toJSON': 'toJSON',
  'fn::fromJSON': 'fromJSON',
  'fn::toBase64': 'toBase64',
  'fn::fromBase64': 'fromBase64',
  'fn::toString': 'toString',
  'fn::final': 'final',
};

const NAMED = new Set([
  ...Object.keys(UNARY),
  'fn::secret',
  'fn::open',
  'fn::rotate',
  'fn::join',
  'fn::split',
  'fn::concat',
  'fn::validate',
]);

/** True for a key that names a builtin (`fn::join`, `fn::open::aws-login`, ...). */
export function isBuiltinName(key: string): boolean {
  return NAMED.has(key) || key.startsWith('fn::open::') || key.startsWith('fn::rotate::');
}

/**
 * Upstream's `'fn::' is a reserved prefix`, naming the key and the nearest builtin:
 * `fn::jion` → `...: fn::jion is not a builtin function; did you mean fn::join?`. For
 * `fn::<x>::<provider>` the nearest of `fn::open`/`fn::rotate` is suggested, provider kept.
 */
export function reservedPrefix(key: string): string {
  const head = "'fn::' is a reserved prefix";
  // Names are compared without the shared `fn::`, which would otherwise make any long name look
  // close to some builtin (`fn::frobnicate` to `fn::concat`).
  const bare = (names: Iterable<string>) => [...names].map((n) => n.slice(4));
  const sep = key.indexOf('::', 4);
  const near =
    sep < 0
      ? mapDefined(suggest(key.slice(4), bare(NAMED), { swaps: true }), (n) => `fn::${n}`)
      : mapDefined(
          suggest(key.slice(4, sep), ['open', 'rotate'], { swaps: true }),
          (n) => `fn::${n}${key.slice(sep)}`,
        );
  const hint = near === undefined ? '' : `; did you mean ${near}?`;
  return `${head}: ${key} is not a builtin function${hint}`;
}

function mapDefined<T, U>(v: T | undefined, f: (v: T) => U): U | undefined {
  return v === undefined ? undefined : f(v);
}

function objectEntries(x: Expr): Map<string, Expr> | undefined {
  if (x.kind !== 'object') return undefined;
  const m = new Map<string, Expr>();
  for (const e of x.entries) m.set(e.key.value, e.value);
  return m;
}

function tryParseBuiltin(node: ObjectNode, diags: Diags): BuiltinExpr | ObjectExpr | undefined {
  if (node.entries.length !== 1) {
    for (const e of node.entries) {
      if (e.key.value.startsWith('fn::')) {
        exprError(
          diags,
          node,
          `illegal call to builtin function: "${e.key.value}" must be the only key within its containing object`,
        );
      }
    }
    return undefined;
  }
  const entry = node.entries[0];
  if (entry === undefined) return undefined;
  const key = entry.key.value;
  if (!isBuiltinName(key)) {
    if (key.toLowerCase().startsWith('fn::')) {
      diags.push(diagnosticAt('error', entry.key.range, reservedPrefix(key), node.path));
    }
    return undefined;
  }
  const name: StringExpr = { kind: 'string', value: key, node: entry.key };
  const args = parseExpr(entry.value, diags);
  const base = { node, name, args };

  const unary = UNARY[key];
  // The most common builtins: spelt out, as spreading `base` costs more than the rest of the call.
  if (unary !== undefined) return { node, name, args, kind: unary, value: args };

  if (key === 'fn::secret') {
    if (args.kind === 'object' && args.entries.length === 1) {
      const e = args.entries[0];
      if (e !== undefined && e.key.value === 'ciphertext' && e.value.kind === 'string') {
        return { ...base, kind: 'secret', ciphertext: e.value };
      }
    }
    if (args.kind === 'string') return { ...base, kind: 'secret', plaintext: args };
    exprError(diags, args, 'secret values must be string literals');
    return { ...base, kind: 'secret', plaintext: { kind: 'string', value: '', node: args.node } };
  }

  if (key === 'fn::join' || key === 'fn::split') {
    const fname = key;
    if (args.kind !== 'array' || args.elements.length !== 2) {
      exprError(diags, args, `the argument to ${fname} must be a two-valued list`);
      return key === 'fn::join' ? { ...base, kind: 'join' } : { ...base, kind: 'split' };
    }
    const [a, b] = args.elements as [Expr, Expr];
    return key === 'fn::join'
      ? { ...base, kind: 'join', delimiter: a, values: b }
      : { ...base, kind: 'split', delimiter: a, string: b };
  }

  if (key === 'fn::concat') {
    if (args.kind !== 'array') {
      exprError(diags, args, 'the argument to fn::concat must be an array of arrays');
      return { ...base, kind: 'concat' };
    }
    return { ...base, kind: 'concat', arrays: (args as ArrayExpr).elements };
  }

  if (key === 'fn::validate') {
    const m = objectEntries(args);
    if (m === undefined) {
      exprError(
        diags,
        args,
        "the argument to fn::validate must be an object containing 'schema' and 'value'",
      );
      return { ...base, kind: 'validate' };
    }
    const schema = m.get('schema');
    const value = m.get('value');
    if (schema === undefined) exprError(diags, args, "missing required property 'schema'");
    if (value === undefined) exprError(diags, args, "missing required property 'value'");
    return {
      ...base,
      kind: 'validate',
      ...(schema !== undefined ? { schema } : {}),
      ...(value !== undefined ? { value } : {}),
    };
  }

  if (key === 'fn::open' || key.startsWith('fn::open::')) {
    if (key !== 'fn::open') {
      const provider: StringExpr = {
        kind: 'string',
        value: key.slice('fn::open::'.length),
        node: entry.key,
      };
      return { ...base, kind: 'open', provider, inputs: args };
    }
    const m = objectEntries(args);
    if (m === undefined) {
      exprError(
        diags,
        args,
        "the argument to fn::open must be an object containing 'provider' and 'inputs'",
      );
      return { ...base, kind: 'open' };
    }
    const providerX = m.get('provider');
    const inputs = m.get('inputs');
    let provider: StringExpr | undefined;
    if (providerX === undefined) exprError(diags, args, "missing provider name ('provider')");
    else if (providerX.kind !== 'string')
      exprError(diags, providerX, 'provider name must be a string literal');
    else provider = providerX;
    if (inputs === undefined) exprError(diags, args, "missing provider inputs ('inputs')");
    return {
      ...base,
      kind: 'open',
      ...(provider !== undefined ? { provider } : {}),
      ...(inputs !== undefined ? { inputs } : {}),
    };
  }

  // fn::rotate and fn::rotate::<name>
  const short = key !== 'fn::rotate';
  const m = objectEntries(args);
  if (m === undefined) {
    exprError(
      diags,
      args,
      short
        ? "the argument to fn::rotate must be an object containing 'inputs' and 'state'"
        : "the argument to fn::rotate must be an object containing 'provider', 'inputs' and 'state'",
    );
    return { ...base, kind: 'rotate' };
  }
  let provider: StringExpr | undefined;
  if (short)
    provider = { kind: 'string', value: key.slice('fn::rotate::'.length), node: entry.key };
  else {
    const providerX = m.get('provider');
    if (providerX === undefined) exprError(diags, args, "missing provider name ('provider')");
    else if (providerX.kind !== 'string')
      exprError(diags, providerX, 'provider name must be a string literal');
    else provider = providerX;
  }
  const inputs = m.get('inputs');
  if (inputs === undefined) exprError(diags, args, "missing provider inputs ('inputs')");
  const state = m.get('state');
  if (state !== undefined && state.kind !== 'object')
    exprError(diags, state, 'rotation state must be an object literal');
  return {
    ...base,
    kind: 'rotate',
    ...(provider !== undefined ? { provider } : {}),
    ...(inputs !== undefined ? { inputs } : {}),
    ...(state !== undefined ? { state } : {}),
  };
}
