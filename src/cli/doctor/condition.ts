/**
 * IAM condition operators as AWS documents them, for the operators trust policies use: the
 * `String*` family (with `IgnoreCase` and `Like` wildcards), `Bool`, `Numeric*`, `Arn*`, `Null`,
 * the `…IfExists` suffix and the `ForAnyValue:`/`ForAllValues:` set prefixes. Pure: the request
 * context is a map from lower-cased condition key to its values (absent: the key is not in the
 * request). Several values of one key in the policy are ORed; several keys, and several
 * operators, are ANDed (`evaluateCondition` returns each failing pair).
 */

/** A request context: lower-cased condition key → its values (one for a single-valued key). */
export type RequestContext = ReadonlyMap<string, readonly string[]>;

export interface ParsedOperator {
  /** As the policy writes it. */
  text: string;
  set: 'ForAnyValue' | 'ForAllValues' | undefined;
  base: string;
  ifExists: boolean;
}

type Compare = (actual: string, expected: string) => boolean;

/** One element of a `Like` pattern: a literal character, `?` (any one) or `*` (any run). */
type LikeToken = { kind: 'char'; ch: string } | { kind: 'one' } | { kind: 'many' };

/** Matches `value` against an IAM `Like` pattern: `*` any run of characters, `?` exactly one. */
export function likeMatch(value: string, pattern: string, ignoreCase = false): boolean {
  const v = [...(ignoreCase ? value.toLowerCase() : value)];
  const p = likeTokens(ignoreCase ? pattern.toLowerCase() : pattern);
  // Greedy matching with one backtrack point: linear per attempt, never exponential.
  let vi = 0;
  let pi = 0;
  let star = -1;
  let mark = 0;
  while (vi < v.length) {
    const t = p[pi];
    if (t !== undefined && (t.kind === 'one' || (t.kind === 'char' && t.ch === v[vi]))) {
      vi++;
      pi++;
    } else if (t?.kind === 'many') {
      star = pi++;
      mark = vi;
    } else if (star >= 0) {
      pi = star + 1;
      vi = ++mark;
    } else return false;
  }
  while (p[pi]?.kind === 'many') pi++;
  return pi === p.length;
}

/**
 * A `Like` pattern as tokens. The policy variables that stand for the wildcard characters
 * themselves (`${*}`, `${?}`, `${$}`) are literal characters, never wildcards.
 */
function likeTokens(pattern: string): LikeToken[] {
  const out: LikeToken[] = [];
  const chars = [...pattern];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const escaped = chars[i + 2];
    if (
      ch === '$' &&
      chars[i + 1] === '{' &&
      chars[i + 3] === '}' &&
      (escaped === '*' || escaped === '?' || escaped === '$')
    ) {
      out.push({ kind: 'char', ch: escaped });
      i += 3;
    } else if (ch === '*') out.push({ kind: 'many' });
    else if (ch === '?') out.push({ kind: 'one' });
    else out.push({ kind: 'char', ch });
  }
  return out;
}

function stringEquals(a: string, b: string): boolean {
  return a === b;
}

function numeric(a: string, b: string, test: (x: number, y: number) => boolean): boolean {
  const x = Number(a);
  const y = Number(b);
  return a.trim() !== '' && b.trim() !== '' && !Number.isNaN(x) && !Number.isNaN(y) && test(x, y);
}

/** The positive comparison of each base operator, and whether the operator negates it. */
const OPERATORS: Readonly<Record<string, { compare: Compare; negated: boolean }>> = {
  StringEquals: { compare: stringEquals, negated: false },
  StringNotEquals: { compare: stringEquals, negated: true },
  StringEqualsIgnoreCase: {
    compare: (a, b) => a.toLowerCase() === b.toLowerCase(),
    negated: false,
  },
  StringNotEqualsIgnoreCase: {
    compare: (a, b) => a.toLowerCase() === b.toLowerCase(),
    negated: true,
  },
  StringLike: { compare: (a, b) => likeMatch(a, b), negated: false },
  StringNotLike: { compare: (a, b) => likeMatch(a, b), negated: true },
  // ARNs compare as Like patterns (each of their segments may hold wildcards).
  ArnEquals: { compare: (a, b) => likeMatch(a, b), negated: false },
  ArnLike: { compare: (a, b) => likeMatch(a, b), negated: false },
  ArnNotEquals: { compare: (a, b) => likeMatch(a, b), negated: true },
  ArnNotLike: { compare: (a, b) => likeMatch(a, b), negated: true },
  Bool: { compare: (a, b) => a.toLowerCase() === b.toLowerCase(), negated: false },
  NumericEquals: { compare: (a, b) => numeric(a, b, (x, y) => x === y), negated: false },
  NumericNotEquals: { compare: (a, b) => numeric(a, b, (x, y) => x === y), negated: true },
  NumericLessThan: { compare: (a, b) => numeric(a, b, (x, y) => x < y), negated: false },
  NumericLessThanEquals: { compare: (a, b) => numeric(a, b, (x, y) => x <= y), negated: false },
  NumericGreaterThan: { compare: (a, b) => numeric(a, b, (x, y) => x > y), negated: false },
  NumericGreaterThanEquals: {
    compare: (a, b) => numeric(a, b, (x, y) => x >= y),
    negated: false,
  },
};

/** Splits `ForAnyValue:StringLikeIfExists` into its parts; undefined for an unknown operator. */
export function parseOperator(text: string): ParsedOperator | undefined {
  let rest = text;
  let set: ParsedOperator['set'];
  const prefix = /^(ForAnyValue|ForAllValues):/i.exec(rest);
  if (prefix) {
    set = prefix[1]!.toLowerCase() === 'foranyvalue' ? 'ForAnyValue' : 'ForAllValues';
    rest = rest.slice(prefix[0].length);
  }
  let ifExists = false;
  if (/IfExists$/i.test(rest) && rest.length > 8) {
    ifExists = true;
    rest = rest.slice(0, -8);
  }
  const base = [...Object.keys(OPERATORS), 'Null'].find(
    (k) => k.toLowerCase() === rest.toLowerCase(),
  );
  if (base === undefined || (base === 'Null' && (ifExists || set !== undefined))) return undefined;
  return { text, set, base, ifExists };
}

/** Whether one request value satisfies the operator against the policy's values. */
function valueMatches(base: string, actual: string, expected: readonly string[]): boolean {
  const op = OPERATORS[base]!;
  const any = expected.some((e) => op.compare(actual, e));
  // A negated operator with several values is true only when none of them matches.
  return op.negated ? !any : any;
}

/**
 * Evaluates one operator on one key: true when the condition holds for the request. A key absent
 * from the request fails every operator except `…IfExists` (true), `Null` (true for `"true"`),
 * the negated operators (true) and `ForAllValues:` (true, as AWS documents).
 */
export function evaluateOperator(
  op: ParsedOperator,
  key: string,
  expected: readonly string[],
  request: RequestContext,
): boolean {
  const actual = request.get(key.toLowerCase());
  const present = actual !== undefined && actual.length > 0;
  if (op.base === 'Null') {
    return expected.some((e) => (e.toLowerCase() === 'true' ? !present : present));
  }
  if (!present) {
    if (op.ifExists) return true;
    if (op.set === 'ForAllValues') return true;
    if (op.set === 'ForAnyValue') return false;
    return OPERATORS[op.base]!.negated;
  }
  if (op.set === 'ForAllValues') return actual.every((v) => valueMatches(op.base, v, expected));
  if (op.set === 'ForAnyValue') return actual.some((v) => valueMatches(op.base, v, expected));
  // A single-valued key (a key the token carries as an array compares each of its values).
  const negated = OPERATORS[op.base]!.negated;
  return negated
    ? actual.every((v) => valueMatches(op.base, v, expected))
    : actual.some((v) => valueMatches(op.base, v, expected));
}

/** The values of a condition as a list of strings (numbers and booleans as JSON writes them). */
export function conditionValues(v: unknown): string[] | undefined {
  const list = Array.isArray(v) ? v : [v];
  const out: string[] = [];
  for (const x of list) {
    if (typeof x === 'string') out.push(x);
    else if (typeof x === 'number' || typeof x === 'boolean') out.push(String(x));
    else return undefined;
  }
  return out;
}

export interface ConditionFailure {
  /** The operator as written, e.g. `StringLike`. */
  operator: string;
  /** The key as written, e.g. `token.actions.githubusercontent.com:sub`. */
  key: string;
  expected: string[];
  /** The request's values of the key (empty: absent). */
  actual: readonly string[];
  /** Set when the operator or its values cannot be evaluated. */
  unsupported?: string;
}

/**
 * Evaluates a statement's `Condition` block; returns every operator/key pair that fails (none:
 * the condition holds). A block that is not an object fails as a whole.
 */
export function evaluateCondition(condition: unknown, request: RequestContext): ConditionFailure[] {
  if (condition === undefined) return [];
  const failures: ConditionFailure[] = [];
  if (typeof condition !== 'object' || condition === null || Array.isArray(condition)) {
    return [{ operator: '', key: '', expected: [], actual: [], unsupported: 'not an object' }];
  }
  for (const [opText, block] of Object.entries(condition as Record<string, unknown>)) {
    const op = parseOperator(opText);
    if (typeof block !== 'object' || block === null || Array.isArray(block)) {
      failures.push({
        operator: opText,
        key: '',
        expected: [],
        actual: [],
        unsupported: 'its value is not an object of keys',
      });
      continue;
    }
    for (const [key, raw] of Object.entries(block as Record<string, unknown>)) {
      const expected = conditionValues(raw);
      const actual = request.get(key.toLowerCase()) ?? [];
      if (op === undefined || expected === undefined) {
        failures.push({
          operator: opText,
          key,
          expected: expected ?? [],
          actual,
          unsupported:
            op === undefined
              ? `doctor cannot evaluate the operator ${opText}`
              : 'its values are not strings',
        });
        continue;
      }
      if (!evaluateOperator(op, key, expected, request)) {
        failures.push({ operator: opText, key, expected, actual });
      }
    }
  }
  return failures;
}
