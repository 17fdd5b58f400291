/**
 * The evaluator's internal values. They mirror the public `Value` but keep the merge structure:
 * an object's own properties plus a `base` chain (the imported values it was laid over), so
 * lookups can fall back to the base and `toString` can see own keys only. `exportValue` turns
 * one into the public, fully merged `Value`.
 */
import type { Range } from '../syntax/diagnostic.js';
import type { SyntaxNode } from '../syntax/node.js';
import { goQuote } from './go/quote.js';
import { compareUtf8 as compareStrings } from '../base/utf8.js';
import { ANYTHING, propertySchema } from './typed-schema.js';
import type { TypedSchema } from './typed-schema.js';
import { NumberText, reprType } from './value.js';
import type { Repr, Scalar, Value, ValueType } from './value.js';

export type ERepr = Scalar | EValue[] | Map<string, EValue>;

/**
 * Why a value is unknown when a provider or rotator was not opened: which call, where, and why
 * not. Kept on unknown values as they flow through references, interpolations and builtins, so a
 * host can say why a value it was about to export is unknown. Errors elsewhere (a bad reference,
 * a type error) leave no cause: their own diagnostic says what went wrong.
 */
export interface UnknownCause {
  /** `fn::open::<provider>` or `fn::rotate::<rotator>`. */
  call: string;
  /** The call's key (or mapping): where the diagnostics about it point. */
  node: SyntaxNode;
  reason: 'invalid-inputs' | 'unknown-inputs' | 'unknown-provider' | 'failed' | 'not-opened';
  /** For `unknown-inputs`: why the inputs are unknown, when a provider is to blame. */
  inner?: UnknownCause;
}

/** A value's Go string form; `over` when it was not built for being longer than asked. */
export interface GoString {
  text: string | Uint8Array;
  unknown: boolean;
  secret: boolean;
  over?: true;
}

const OVER: GoString = { text: '', unknown: false, secret: false, over: true };

export class EValue {
  base: EValue | undefined = undefined;
  unknown = false;
  secret = false;
  final = false;
  /** For unknown values: what is known about their shape (provider output schemas). */
  schema: TypedSchema = ANYTHING;
  /** For unknown values: the provider call that left it unknown, if any. */
  cause: UnknownCause | undefined = undefined;
  private exported: Value | undefined;

  constructor(
    /** The syntax that defined this value; diagnostics about the value point here. */
    public def: SyntaxNode,
    public repr: ERepr = null,
  ) {}

  static unknown(def: SyntaxNode, schema: TypedSchema = ANYTHING, cause?: UnknownCause): EValue {
    const v = new EValue(def);
    v.unknown = true;
    v.schema = schema;
    v.cause = cause;
    return v;
  }

  type(): ValueType {
    return reprType(this.repr);
  }

  /** True if this is (or, being unknown, may be) an object. */
  isObject(): boolean {
    if (this.unknown) {
      const s = this.schema.schema;
      if (s === true) return true;
      return typeof s === 'object' && (s.type === undefined || s.type === 'object');
    }
    return this.repr instanceof Map;
  }

  /** Merged keys, sorted: own keys plus the base's (JSON merge patch view). */
  keys(): string[] {
    if (!(this.repr instanceof Map)) return [];
    const own = [...this.repr.keys()].sort(compareStrings);
    if (this.base === undefined) return own;
    return mergeSorted(own, this.base.keys());
  }

  /**
   * True if `f` holds for some merged property (any order): own properties, then those of each
   * base in the chain that nothing above it hides. The same properties as `keys()`/`property()`
   * give, without sorting.
   */
  private someProperty(f: (p: EValue) => boolean): boolean {
    const maps: Map<string, EValue>[] = [];
    let m: ERepr | undefined = this.repr;
    for (let next = this.base; m instanceof Map; next = next?.base) {
      for (const [k, p] of m) if (!maps.some((above) => above.has(k)) && f(p)) return true;
      maps.push(m);
      m = next?.repr;
    }
    return false;
  }

  /** A property per merge semantics; for an unknown receiver, a typed unknown. */
  property(key: string, def: SyntaxNode = this.def): EValue | undefined {
    if (this.repr instanceof Map) {
      const own = this.repr.get(key);
      if (own !== undefined) return own;
      return this.base?.property(key, def);
    }
    if (this.unknown) {
      const v = EValue.unknown(def, propertySchema(this.schema, key), this.cause);
      const b = this.base?.property(key, def);
      if (b !== undefined) v.base = b;
      return v;
    }
    return undefined;
  }

  /** Lays this value over `base` (mutating; callers copy first). */
  merge(base: EValue | undefined): void {
    if (base === undefined || base === this) return;
    if (this.base !== undefined) this.base.merge(base);
    else this.base = base;
    this.exported = undefined;
    if (this.repr instanceof Map) {
      for (const [k, p] of this.repr) p.merge(this.base.property(k, p.def));
    }
  }

  containsUnknowns(): boolean {
    if (this.unknown) return true;
    if (Array.isArray(this.repr)) return this.repr.some((e) => e.containsUnknowns());
    if (this.repr instanceof Map) return this.someProperty((p) => p.containsUnknowns());
    return false;
  }

  /** The cause of the first unknown in this value (itself, or an element or property). */
  unknownCause(): UnknownCause | undefined {
    if (this.unknown) return this.cause;
    let found: UnknownCause | undefined;
    const seek = (e: EValue): boolean => (found = e.unknownCause()) !== undefined;
    if (Array.isArray(this.repr)) this.repr.some(seek);
    else if (this.repr instanceof Map) this.someProperty(seek);
    return found;
  }

  containsSecrets(): boolean {
    if (this.secret) return true;
    if (Array.isArray(this.repr)) return this.repr.some((e) => e.containsSecrets());
    if (this.repr instanceof Map) return this.someProperty((p) => p.containsSecrets());
    return false;
  }

  /** Marks this value and everything inside it secret. */
  makeSecretDeep(): void {
    this.secret = true;
    if (Array.isArray(this.repr)) for (const e of this.repr) e.makeSecretDeep();
    else if (this.repr instanceof Map) for (const e of this.repr.values()) e.makeSecretDeep();
  }

  /** Copies the flags of unknownness and secretness of inputs (deep) onto this value. */
  combine(...others: EValue[]): void {
    for (const o of others) {
      if (!this.unknown && o.containsUnknowns()) {
        this.unknown = true;
        this.cause = o.unknownCause();
      }
      this.secret = this.secret || o.containsSecrets();
    }
  }

  /**
   * The Go string form (§2.5): own keys only for objects. Stops with `over` as soon as the text
   * would be longer than `limit` characters (nothing that long is built).
   */
  toGoString(limit = Infinity): GoString {
    if (this.unknown) return { text: '[unknown]', unknown: true, secret: this.secret };
    const r = this.repr;
    if (r === null) return { text: '', unknown: false, secret: this.secret };
    if (typeof r === 'boolean')
      return { text: r ? 'true' : 'false', unknown: false, secret: this.secret };
    if (r instanceof NumberText) return { text: r.text, unknown: false, secret: this.secret };
    if (typeof r === 'string' || r instanceof Uint8Array)
      return { text: r, unknown: false, secret: this.secret };
    let unknown = false;
    let secret = this.secret;
    // Each element quoted (at least 2 characters more than its text), separated by commas.
    let left = limit + 1;
    const quoted = (prefix: string, e: EValue): string | undefined => {
      const s = e.toGoString(left - prefix.length - 3);
      if (s.over === true || s.text.length + prefix.length + 3 > left) return undefined;
      unknown ||= s.unknown;
      secret ||= s.secret;
      const q = prefix + goQuote(s.text);
      left -= q.length + 1;
      return left < 0 ? undefined : q;
    };
    const parts: string[] = [];
    if (Array.isArray(r)) {
      for (const e of r) {
        const q = quoted('', e);
        if (q === undefined) return OVER;
        parts.push(q);
      }
    } else {
      for (const k of [...r.keys()].sort(compareStrings)) {
        const q = quoted(`${goQuote(k)}=`, r.get(k) as EValue);
        if (q === undefined) return OVER;
        parts.push(q);
      }
    }
    return { text: parts.join(','), unknown, secret };
  }

  /** The public value: fully merged `repr`, flags, `base` and `origin`. Memoised. */
  export(): Value {
    if (this.exported !== undefined) return this.exported;
    const out = new ExportedValue(this.secret, this.unknown, this.def, this.cause);
    this.exported = out;
    if (this.final) out.final = true;
    if (!this.unknown) {
      const r = this.repr;
      if (Array.isArray(r)) out.repr = r.map((e) => e.export());
      else if (r instanceof Map) {
        const m = new Map<string, Value>();
        for (const k of this.keys()) {
          const p = this.property(k);
          if (p !== undefined) m.set(k, p.export());
        }
        out.repr = m;
      } else out.repr = r;
    }
    if (this.base !== undefined) out.base = this.base.export();
    return out;
  }
}

/** The union of two sorted, duplicate-free key lists, sorted. */
function mergeSorted(a: string[], b: string[]): string[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as string;
    const y = b[j] as string;
    const c = compareStrings(x, y);
    if (c <= 0) {
      out.push(x);
      i++;
      if (c === 0) j++;
    } else {
      out.push(y);
      j++;
    }
  }
  while (i < a.length) out.push(a[i++] as string);
  while (j < b.length) out.push(b[j++] as string);
  return out;
}

/**
 * An exported value. It is a plain `Value` to everyone else; it also remembers the syntax node
 * that defined it, for diagnostics about it (a private field: no cost to the garbage collector,
 * unlike a `WeakMap` side table, and invisible to comparisons and serialisation).
 */
class ExportedValue implements Value {
  repr: Repr = null;
  secret: boolean;
  unknown: boolean;
  origin: Range;
  declare final?: boolean;
  declare base?: Value;
  readonly #def: SyntaxNode;
  readonly #cause: UnknownCause | undefined;

  constructor(secret: boolean, unknown: boolean, def: SyntaxNode, cause?: UnknownCause) {
    this.secret = secret;
    this.unknown = unknown;
    this.origin = def.range;
    this.#def = def;
    this.#cause = unknown ? cause : undefined;
  }

  static definitionOf(v: Value): SyntaxNode | undefined {
    return #def in v ? v.#def : undefined;
  }

  static causeOf(v: Value): UnknownCause | undefined {
    return #cause in v ? v.#cause : undefined;
  }
}

/** The syntax node that defined an exported value (for diagnostics about it). */
export function definitionOf(v: Value): SyntaxNode | undefined {
  return ExportedValue.definitionOf(v);
}

/** Why an exported unknown value is unknown, when a provider or rotator call is to blame. */
export function unknownCauseOf(v: Value): UnknownCause | undefined {
  return ExportedValue.causeOf(v);
}

export { compareUtf8 as compareStrings } from '../base/utf8.js';

/**
 * Copies a value for a new owner (a reference, an import laid over a base): the value's own
 * structure is copied as is (so `toString` still sees own keys), and every base chain is replaced
 * by a flattened copy of its merged view. Flattening keeps copies proportional to the data: a
 * chain that repeats shared imports (diamond import graphs) is not copied once per path. An
 * unknown in a chain is kept as the end of the flattened chain, so it goes on hiding keys that
 * later bases would add (JSON merge patch over an unknown).
 */
export function copyValue(v: EValue): EValue {
  const c = new EValue(v.def);
  copyFlags(v, c);
  const r = v.repr;
  if (Array.isArray(r)) c.repr = r.map(copyValue);
  else if (r instanceof Map) {
    const m = new Map<string, EValue>();
    for (const [k, e] of r) m.set(k, copyValue(e));
    c.repr = m;
  } else c.repr = r;
  if (v.base !== undefined) c.base = flatten(v.base);
  return c;
}

function copyFlags(from: EValue, to: EValue): void {
  to.unknown = from.unknown;
  to.secret = from.secret;
  to.final = from.final;
  to.schema = from.schema;
  to.cause = from.cause;
}

/** A base-free copy of a value's merged view (ending in a copy of the first unknown, if any). */
export function flatten(v: EValue): EValue {
  const c = new EValue(v.def);
  copyFlags(v, c);
  const r = v.repr;
  if (v.unknown) {
    if (v.base !== undefined) c.base = flatten(v.base);
    return c;
  }
  if (Array.isArray(r)) c.repr = r.map(copyValue);
  else if (r instanceof Map) {
    const m = new Map<string, EValue>();
    for (const k of v.keys()) {
      const p = v.property(k);
      if (p !== undefined) m.set(k, flatten(p));
    }
    c.repr = m;
    let tail = v.base;
    while (tail !== undefined && !tail.unknown && tail.repr instanceof Map) tail = tail.base;
    if (tail !== undefined && tail.unknown) c.base = flatten(tail);
  } else c.repr = r;
  return c;
}

/**
 * The range of the key `key` of an exported object value: the key in the object literal that
 * defined it, or in the imported object it came from (its base chain). Undefined when the
 * object was not written as a literal (a reference, a provider's output, parsed JSON).
 */
export function keyRangeOf(object: Value, key: string): Range | undefined {
  return keyNodeOf(object, key)?.range;
}

/** The key node behind `keyRangeOf` (its range and its document path). */
export function keyNodeOf(object: Value, key: string): SyntaxNode | undefined {
  for (let v: Value | undefined = object; v !== undefined; v = v.base) {
    if (!(v.repr instanceof Map) || !v.repr.has(key)) continue;
    const def = definitionOf(v);
    if (def?.kind !== 'object') continue;
    const entry = def.entries.find((e) => e.key.value === key);
    if (entry !== undefined) return entry.key;
  }
  return undefined;
}
