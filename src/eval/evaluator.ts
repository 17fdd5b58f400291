/**
 * Evaluation of one environment: context, imports (merged in order under the local values),
 * then the values, each expression at most once, objects in sorted key order. Errors become
 * diagnostics and unknown values; nothing here throws on user input.
 */
import type { EnvironmentDecl, ImportDecl } from '../ast/environment.js';
import type { Accessor, ObjectExpr } from '../ast/expr.js';
import { diagnosticAt } from '../syntax/node.js';
import type { StringNode, SyntaxNode } from '../syntax/node.js';
import { hasErrors } from '../syntax/diagnostic.js';
import { DeclaredExpr, declare } from './declare.js';
import { EValue, compareStrings, copyValue } from './evalue.js';
import { suggest } from '../base/spell.js';
import { goQuote } from './go/quote.js';
import type { Pass } from './session.js';
import {
  ANYTHING,
  isAnything,
  itemSchema,
  kindOf,
  propertySchema,
  tupleLength,
  closedProperties,
} from './typed-schema.js';
import { NumberText } from './value.js';
import type { Plain } from './value.js';
import { evaluateBuiltin } from './builtins/index.js';
import {
  MAX_COPIED_VALUES,
  MAX_EVALUATION_DEPTH,
  MAX_STRING_LENGTH,
  MAX_VALUE_DEPTH,
  budgetMessage,
  measureValue,
} from './limits.js';
import type { BudgetKind } from './limits.js';

const RESERVED_KEYS = new Set(['imports', 'context', 'environments']);

/** Where an import comes from: an `imports` entry or a `${environments...}` reference. */
interface ImportRequest {
  name: string;
  merge: boolean;
  /** The node for `cyclic import` errors. */
  node: SyntaxNode;
  /** The node for loader errors. */
  nameNode: SyntaxNode;
}

export class EnvironmentEvaluator {
  private myContext!: EValue;
  private myImports!: EValue;
  private root!: DeclaredExpr;
  private base: EValue | undefined;

  constructor(
    readonly pass: Pass,
    readonly name: string,
    readonly decl: EnvironmentDecl,
  ) {}

  get checking(): boolean {
    return this.pass.checking;
  }

  error(node: SyntaxNode, summary: string): void {
    this.pass.diagnostics.push(diagnosticAt('error', node.range, summary, node.path));
  }

  warning(node: SyntaxNode, summary: string): void {
    this.pass.diagnostics.push(diagnosticAt('warning', node.range, summary, node.path));
  }

  /** Reports going past a limit (only the first one reached in a pass); the result is unknown. */
  limitError(node: SyntaxNode, limit: string, summary: string): EValue {
    if (this.pass.exceeded.size === 0) {
      this.pass.exceeded.add(limit);
      this.error(node, summary);
    }
    return EValue.unknown(node);
  }

  /**
   * Spends `amount` of the evaluation's budget `kind` for `what` (e.g. `fn::split`) at `node`.
   * False past the budget: reported here (the first limit of the pass), and the caller's result
   * is unknown.
   */
  charge(node: SyntaxNode, what: string, kind: BudgetKind, amount: number): boolean {
    const budget = this.pass.state.budget;
    const spent = budget.exhausted !== undefined;
    if (budget.charge(kind, amount)) return true;
    // Only the charge that crosses a budget is reported: later ones fail quietly.
    if (!spent) this.limitError(node, kind, budgetMessage(what, kind));
    return false;
  }

  /** The longest string a builtin may produce now: the string limit, or what is left of the text budget. */
  textAllowance(): number {
    return Math.min(MAX_STRING_LENGTH, this.pass.state.budget.left('text'));
  }

  /**
   * Checks a string of `length` characters that `what` is about to produce at `node` against the
   * string limit, and charges it to the text budget. False (reported) when it may not be produced.
   */
  produceText(node: SyntaxNode, what: string, length: number): boolean {
    if (length > MAX_STRING_LENGTH) {
      this.limitError(node, 'string', `string value longer than ${MAX_STRING_LENGTH} characters`);
      return false;
    }
    return this.charge(node, what, 'text', length);
  }

  /** Reports a string that `what` stopped producing past `textAllowance()`; the result is unknown. */
  textOverflow(node: SyntaxNode, what: string): EValue {
    this.produceText(node, what, this.textAllowance() + 1);
    return EValue.unknown(node);
  }

  private accessorError(node: SyntaxNode, accessor: Accessor, summary: string): void {
    this.pass.diagnostics.push(diagnosticAt('error', accessor.range, summary, node.path));
  }

  /** Evaluates the environment; the result is its merged root object. */
  evaluate(): EValue {
    const mine = { evaluating: true } as { evaluating: boolean; value?: EValue };
    this.pass.imports.set(this.name, mine);
    this.myContext = this.evaluateContext();
    this.evaluateImports();

    const rootNode = this.decl.valuesNode ?? this.decl.node;
    const rootExpr: ObjectExpr = { kind: 'object', entries: [], node: rootNode };
    this.root = new DeclaredExpr(`<${this.name}>`, rootExpr, this.base);
    const props = new Map<string, DeclaredExpr>();
    for (const entry of this.decl.values) {
      const key = entry.key.value;
      if (RESERVED_KEYS.has(key)) this.error(entry.key, `${goQuote(key)} is a reserved key`);
      else if (props.has(key)) this.error(entry.key, `duplicate key ${goQuote(key)}`);
      else
        props.set(
          key,
          declare(key, entry.value, this.base?.property(key, entry.key), this.pass.diagnostics),
        );
    }
    this.root.properties = props;
    const v = this.evaluateExpr(this.root);
    mine.evaluating = false;
    mine.value = v;
    return v;
  }

  private evaluateContext(): EValue {
    const opts = this.pass.options;
    const rootName = opts.rootEnvironmentName ?? this.pass.rootName;
    const isRoot = this.name === this.pass.rootName;
    const current = isRoot ? rootName : this.name;
    const rootSeen = !isRoot && rootName === '<yaml>' ? this.name : rootName;
    const values: { [key: string]: Plain } = { ...(opts.context ?? {}) };
    values.currentEnvironment = { name: current };
    values.rootEnvironment = { name: rootSeen };
    const context = fromPlainAt(values, this.decl.node);
    // Host keys whose values are not known here (e.g. `github` outside a runner in check mode,
    // or `github.run_id` when only the local git checkout's facts are known).
    if (context.repr instanceof Map) {
      for (const key of opts.unknownContextKeys ?? []) {
        const dot = key.indexOf('.');
        const top = dot < 0 ? key : key.slice(0, dot);
        const parent = dot < 0 ? context : context.repr.get(top);
        const sub = dot < 0 ? key : key.slice(dot + 1);
        if (parent?.repr instanceof Map && !parent.repr.has(sub)) {
          parent.repr.set(sub, EValue.unknown(this.decl.node));
        }
      }
    }
    return context;
  }

  private evaluateImports(): void {
    const mine = new Map<string, EValue>();
    for (const decl of this.decl.imports) this.evaluateImport(mine, importRequest(decl));
    const v = new EValue(this.decl.node, mine);
    this.myImports = v;
  }

  private evaluateImport(into: Map<string, EValue>, req: ImportRequest): void {
    let val: EValue | undefined;
    const seen = this.pass.imports.get(req.name);
    if (seen !== undefined) {
      if (seen.evaluating) {
        this.error(req.node, `cyclic import of ${req.name}`);
        return;
      }
      val = seen.value;
    } else {
      const loaded = this.pass.state.load(req.name);
      if (loaded.error !== undefined) {
        this.error(req.nameNode, loaded.error);
        return;
      }
      this.pass.diagnostics.push(...loaded.diagnostics);
      if (loaded.decl === undefined || hasErrors(loaded.diagnostics)) return;
      val = new EnvironmentEvaluator(this.pass, req.name, loaded.decl).evaluate();
    }
    if (val === undefined) return;
    into.set(req.name, val);
    if (req.merge) {
      // Laying the import under this environment copies it: charged like a reference's copy.
      const budget = this.pass.state.budget;
      if (
        !this.charge(
          req.node,
          `import of ${req.name}`,
          'values',
          measureValue(val, budget.left('values')).nodes,
        )
      )
        return;
      const c = copyValue(val);
      c.merge(this.base);
      this.base = c;
    }
  }

  /** Evaluates a declared expression once; re-entry is a cycle. */
  evaluateExpr(x: DeclaredExpr): EValue {
    if (x.state === 'done' && x.value !== undefined) return x.value;
    if (x.state === 'evaluating') {
      this.error(x.x.node, `cyclic reference to ${x.path}`);
      return EValue.unknown(x.x.node);
    }
    if (this.pass.depth >= MAX_EVALUATION_DEPTH) {
      // Left undeclared: evaluated again later from a shallower place, so a long chain costs
      // one diagnostic and linear time, never the host's stack.
      return this.limitError(
        x.x.node,
        'depth',
        `evaluation nests deeper than ${MAX_EVALUATION_DEPTH} levels (references and nested values); shorten the chain of references`,
      );
    }
    x.state = 'evaluating';
    this.pass.evaluations++;
    this.pass.depth++;
    let val: EValue;
    try {
      if (x.base?.final === true) {
        this.warning(x.x.node, 'cannot override final value');
        val = copyValue(x.base);
      } else {
        val = this.evaluateRepr(x);
        val.merge(x.base);
      }
    } finally {
      this.pass.depth--;
    }
    const r = val.repr;
    if ((typeof r === 'string' || r instanceof Uint8Array) && r.length > MAX_STRING_LENGTH) {
      val = this.limitError(
        x.x.node,
        'string',
        `string value longer than ${MAX_STRING_LENGTH} characters`,
      );
    }
    x.state = 'done';
    x.value = val;
    return val;
  }

  private evaluateRepr(x: DeclaredExpr): EValue {
    const e = x.x;
    switch (e.kind) {
      case 'null':
        return new EValue(e.node, null);
      case 'boolean':
        return new EValue(e.node, e.value);
      case 'number':
        return new EValue(e.node, new NumberText(e.text));
      case 'string':
        return new EValue(e.node, e.value);
      case 'array':
        return new EValue(
          e.node,
          (x.elements ?? []).map((el) => this.evaluateExpr(el)),
        );
      case 'object': {
        const m = new Map<string, EValue>();
        const props = x.properties ?? new Map<string, DeclaredExpr>();
        for (const k of [...props.keys()].sort(compareStrings))
          m.set(k, this.evaluateExpr(props.get(k) as DeclaredExpr));
        return new EValue(e.node, m);
      }
      case 'symbol':
        return this.evaluatePropertyAccess(e.node, e.access.accessors);
      case 'interpolate': {
        const v = new EValue(e.node);
        const pieces: (string | Uint8Array)[] = [];
        let length = 0;
        for (const part of e.parts) {
          pieces.push(part.text);
          length += part.text.length;
          if (part.access === undefined) continue;
          const pv = this.evaluatePropertyAccess(e.node, part.access.accessors);
          const s = pv.toGoString(this.textAllowance() - length);
          if (s.over) return this.textOverflow(e.node, 'interpolation');
          if (s.unknown && !v.unknown) v.cause = pv.unknownCause();
          v.unknown ||= s.unknown;
          v.secret ||= s.secret;
          if (!s.unknown) {
            pieces.push(s.text);
            length += s.text.length;
          }
        }
        if (v.unknown) v.repr = '[unknown]';
        else if (!this.produceText(e.node, 'interpolation', length)) return EValue.unknown(e.node);
        else v.repr = joinPieces(pieces);
        return v;
      }
      default:
        return evaluateBuiltin(this, x);
    }
  }

  /** A bare or interpolated reference: a copy of the target, defined at the reference. */
  evaluatePropertyAccess(node: StringNode, accessors: Accessor[]): EValue {
    const target = this.evaluateExprAccess(node, accessors);
    if (Array.isArray(target.repr) || target.repr instanceof Map || target.base !== undefined) {
      const budget = this.pass.state.budget;
      const m = measureValue(target, budget.left('values'));
      const spent = budget.exhausted !== undefined;
      if (!budget.charge('values', m.nodes))
        return spent
          ? EValue.unknown(node)
          : this.limitError(
              node,
              'values',
              `references expand the environment beyond ${MAX_COPIED_VALUES} values`,
            );
      if (m.depth > MAX_VALUE_DEPTH)
        return this.limitError(
          node,
          'value-depth',
          `value nests deeper than ${MAX_VALUE_DEPTH} levels`,
        );
    }
    const v = copyValue(target);
    v.def = node;
    return v;
  }

  private evaluateExprAccess(node: StringNode, accessors: Accessor[]): EValue {
    const first = accessors[0];
    if (first === undefined) return EValue.unknown(node);
    const k = this.objectKey(node, first, false);
    if (k === 'imports') return this.evaluateValueAccess(node, this.myImports, accessors.slice(1));
    if (k === 'context') return this.evaluateValueAccess(node, this.myContext, accessors.slice(1));
    if (k === 'environments') return this.evaluateEnvironmentReference(node, accessors);

    let receiver = this.root;
    for (let i = 0; i < accessors.length; i++) {
      const accessor = accessors[i] as Accessor;
      const e = receiver.x;
      if (e.kind === 'array' && receiver.base?.final !== true) {
        const elements = receiver.elements ?? [];
        const index = this.arrayIndex(node, accessor, elements.length);
        if (index === undefined) return EValue.unknown(node);
        receiver = elements[index] as DeclaredExpr;
      } else if (e.kind === 'object' && receiver.base?.final !== true) {
        const key = this.objectKey(node, accessor, true);
        if (key === undefined) return EValue.unknown(node);
        const prop = receiver.properties?.get(key);
        if (prop === undefined) {
          if (receiver.base?.isObject() === true)
            return this.evaluateValueAccess(node, receiver.base, accessors.slice(i));
          this.unknownProperty(node, accessor, key, receiver.properties?.keys() ?? []);
          return EValue.unknown(node);
        }
        receiver = prop;
      } else {
        return this.evaluateValueAccess(node, this.evaluateExpr(receiver), accessors.slice(i));
      }
    }
    return this.evaluateExpr(receiver);
  }

  private unknownProperty(
    node: SyntaxNode,
    accessor: Accessor,
    key: string,
    candidates: Iterable<string>,
  ): void {
    const s = suggest(key, candidates);
    const hint = s === undefined ? '' : `; did you mean ${goQuote(s)}?`;
    this.accessorError(node, accessor, `unknown property ${goQuote(key)}${hint}`);
  }

  private evaluateEnvironmentReference(node: StringNode, accessors: Accessor[]): EValue {
    const [, p, e] = accessors;
    if (p === undefined || e === undefined) return EValue.unknown(node);
    const project = this.objectKey(node, p, true);
    const env = this.objectKey(node, e, true);
    if (project === undefined || env === undefined) return EValue.unknown(node);
    const name = `${project}/${env}`;
    const into = new Map<string, EValue>();
    this.evaluateImport(into, { name, merge: false, node, nameNode: node });
    const imported = into.get(name);
    if (imported === undefined) return EValue.unknown(node);
    return this.evaluateValueAccess(node, imported, accessors.slice(3));
  }

  /**
   * A value reached through `accessors`. A part of a secret container is secret too, however it
   * is reached (a property, an index, an import or `${environments...}`): the flag stays with it.
   */
  evaluateValueAccess(node: SyntaxNode, receiver: EValue, accessors: Accessor[]): EValue {
    const r = this.accessValue(node, receiver, accessors);
    if (r.secret || !receiver.secret || accessors.length === 0) return r;
    const c = copyValue(r);
    c.makeSecretDeep();
    return c;
  }

  private accessValue(node: SyntaxNode, receiver: EValue, accessors: Accessor[]): EValue {
    let r = receiver;
    for (let i = 0; i < accessors.length; i++) {
      const accessor = accessors[i] as Accessor;
      if (r.unknown) return this.evaluateUnknownAccess(node, r, accessors.slice(i));
      if (r.secret && !receiver.secret)
        return this.evaluateValueAccess(node, r, accessors.slice(i));
      const repr = r.repr;
      if (Array.isArray(repr)) {
        const index = this.arrayIndex(node, accessor, repr.length);
        if (index === undefined) return EValue.unknown(node);
        r = repr[index] as EValue;
      } else if (repr instanceof Map) {
        const key = this.objectKey(node, accessor, true);
        if (key === undefined) return EValue.unknown(node);
        const prop = repr.get(key);
        if (prop === undefined) {
          if (r.base?.isObject() === true)
            return this.evaluateValueAccess(node, r.base, accessors.slice(i));
          this.unknownProperty(node, accessor, key, r.keys());
          return EValue.unknown(node);
        }
        r = prop;
      } else {
        this.accessorError(node, accessor, 'receiver must be an array or an object');
        return EValue.unknown(node);
      }
    }
    return r;
  }

  private evaluateUnknownAccess(node: SyntaxNode, receiver: EValue, accessors: Accessor[]): EValue {
    let s = receiver.schema;
    for (const accessor of accessors) {
      if (!isAnything(s)) {
        const kind = kindOf(s);
        if (kind === 'array') {
          const index = this.arrayIndex(node, accessor, tupleLength(s));
          if (index === undefined) return EValue.unknown(node);
          s = itemSchema(s, index);
        } else if (kind === 'object') {
          const key = this.objectKey(node, accessor, true);
          if (key === undefined) return EValue.unknown(node);
          // A closed object schema (additionalProperties: false) knows every key it can have,
          // so a misspelt output is an error even before the provider is opened.
          const closed = closedProperties(s);
          if (closed !== undefined && !closed.includes(key)) {
            this.unknownProperty(node, accessor, key, closed);
            return EValue.unknown(node);
          }
          s = propertySchema(s, key);
        } else {
          this.accessorError(node, accessor, 'receiver must be an array or an object');
          return EValue.unknown(node);
        }
      } else s = ANYTHING;
    }
    return EValue.unknown(node, s, receiver.cause);
  }

  private arrayIndex(node: SyntaxNode, accessor: Accessor, length: number): number | undefined {
    if (accessor.kind === 'name' || typeof accessor.index === 'string') {
      this.accessorError(node, accessor, 'cannot access an array element using a property name');
      return undefined;
    }
    const index = accessor.index;
    if (index < 0) {
      this.accessorError(node, accessor, 'array indices must not be negative');
      return undefined;
    }
    if (length >= 0 && index >= length) {
      this.accessorError(
        node,
        accessor,
        `array index ${index} out-of-bounds for array of length ${length}`,
      );
      return undefined;
    }
    return index;
  }

  private objectKey(node: SyntaxNode, accessor: Accessor, must: boolean): string | undefined {
    if (accessor.kind === 'name') return accessor.name;
    if (typeof accessor.index === 'string') return accessor.index;
    if (must)
      this.accessorError(node, accessor, 'cannot access an object property using an integer index');
    return undefined;
  }
}

function importRequest(decl: ImportDecl): ImportRequest {
  return { name: decl.name, merge: decl.merge, node: decl.node, nameNode: decl.nameNode };
}

/** Concatenates string pieces; bytes that are not valid UTF-8 stay bytes. */
export function joinPieces(pieces: (string | Uint8Array)[]): string | Uint8Array {
  if (pieces.every((p) => typeof p === 'string')) return (pieces as string[]).join('');
  const enc = new TextEncoder();
  const parts = pieces.map((p) => (typeof p === 'string' ? enc.encode(p) : p));
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return bytesOrString(out);
}

/** A UTF-8 string when the bytes are valid UTF-8, else the bytes. */
export function bytesOrString(bytes: Uint8Array): string | Uint8Array {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return bytes;
  }
}

/** Builds a value from plain data, every part defined at `def`. */
export function fromPlainAt(p: Plain, def: SyntaxNode, secret = false): EValue {
  let v: EValue;
  if (p === null || typeof p === 'boolean' || typeof p === 'string') v = new EValue(def, p);
  else if (typeof p === 'number') v = new EValue(def, new NumberText(String(p)));
  else if (p instanceof NumberText || p instanceof Uint8Array) v = new EValue(def, p);
  else if (Array.isArray(p))
    v = new EValue(
      def,
      p.map((e) => fromPlainAt(e, def, secret)),
    );
  else {
    const m = new Map<string, EValue>();
    for (const [k, e] of Object.entries(p)) m.set(k, fromPlainAt(e, def, secret));
    v = new EValue(def, m);
  }
  v.secret = secret;
  return v;
}
