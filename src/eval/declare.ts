/**
 * Declared expressions: the AST of one environment prepared for evaluation. Each carries its
 * property path (for `cyclic reference to a.b`), the imported value at the same path (`base`)
 * and its evaluation state, so every expression is evaluated at most once.
 */
import type { Expr } from '../ast/expr.js';
import { diagnosticAt } from '../syntax/node.js';
import type { Diagnostic } from '../syntax/diagnostic.js';
import { joinIndex, joinKey } from '../syntax/path.js';
import type { EValue } from './evalue.js';

export type ExprState = 'declared' | 'evaluating' | 'done';

export class DeclaredExpr {
  state: ExprState = 'declared';
  value: EValue | undefined = undefined;
  /** Object properties, for object literals (first occurrence of a duplicate key wins). */
  properties: Map<string, DeclaredExpr> | undefined = undefined;
  /** Array elements, for array literals. */
  elements: DeclaredExpr[] | undefined = undefined;
  /** Named operands of a builtin call (`plaintext`, `delimiter`, `inputs`, ...); most have none. */
  private operands: Map<string, DeclaredExpr> | undefined = undefined;
  /** Elements of a literal `fn::concat` list. */
  list: DeclaredExpr[] | undefined = undefined;

  /**
   * @param at  the property path, or with `parent`, the key or index under the parent's path
   *   (the path is only needed for diagnostics, so it is joined on demand)
   */
  constructor(
    private readonly at: string | number,
    readonly x: Expr,
    readonly base: EValue | undefined,
    private readonly parent?: DeclaredExpr,
  ) {}

  /** The property path, e.g. `a.b[0]` (for `cyclic reference to a.b[0]`). */
  get path(): string {
    const at = this.at;
    if (this.parent === undefined) return String(at);
    const parent = this.parent.path;
    return typeof at === 'number' ? joinIndex(parent, at) : joinKey(parent, at);
  }

  operand(name: string): DeclaredExpr | undefined {
    return this.operands?.get(name);
  }

  setOperand(name: string, x: DeclaredExpr): void {
    (this.operands ??= new Map()).set(name, x);
  }
}

/** Declares `x` and its children. Duplicate object keys are reported into `diags`. */
export function declare(
  path: string,
  x: Expr,
  base: EValue | undefined,
  diags: Diagnostic[],
): DeclaredExpr {
  return declareAt(path, x, base, diags, undefined);
}

function declareAt(
  at: string | number,
  x: Expr,
  base: EValue | undefined,
  diags: Diagnostic[],
  parent: DeclaredExpr | undefined,
): DeclaredExpr {
  const d = new DeclaredExpr(at, x, base, parent);
  const sub = (name: string, e: Expr | undefined): void => {
    if (e !== undefined) d.setOperand(name, declare('', e, undefined, diags));
  };
  switch (x.kind) {
    case 'array':
      d.elements = x.elements.map((e, i) => declareAt(i, e, undefined, diags, d));
      break;
    case 'object': {
      const props = new Map<string, DeclaredExpr>();
      for (const entry of x.entries) {
        const k = entry.key.value;
        if (props.has(k)) {
          diags.push(
            diagnosticAt(
              'error',
              entry.key.node.range,
              `duplicate key "${k}"`,
              entry.key.node.path,
            ),
          );
          continue;
        }
        props.set(k, declareAt(k, entry.value, base?.property(k, entry.key.node), diags, d));
      }
      d.properties = props;
      break;
    }
    case 'secret':
      sub('plaintext', x.plaintext);
      break;
    case 'join':
      sub('delimiter', x.delimiter);
      sub('values', x.values);
      break;
    case 'split':
      sub('delimiter', x.delimiter);
      sub('string', x.string);
      break;
    case 'concat':
      if (x.arrays !== undefined) d.list = x.arrays.map((e) => declare('', e, undefined, diags));
      else sub('args', x.args);
      break;
    case 'validate':
      sub('schema', x.schema);
      sub('value', x.value);
      break;
    case 'open':
      sub('inputs', x.inputs);
      break;
    case 'rotate':
      sub('inputs', x.inputs);
      sub('state', x.state);
      break;
    case 'toJSON':
    case 'fromJSON':
    case 'toBase64':
    case 'fromBase64':
    case 'toString':
    case 'final':
      sub('value', x.value);
      break;
    default:
      break;
  }
  return d;
}
