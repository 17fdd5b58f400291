/** `fn::final`: the argument's value, marked so that importers cannot override it. */
import type { DeclaredExpr } from '../declare.js';
import { copyValue } from '../evalue.js';
import type { EValue } from '../evalue.js';
import type { Host } from './host.js';
import { operand } from './host.js';

export function evaluateFinal(h: Host, x: DeclaredExpr): EValue {
  const v = copyValue(operand(h, x, 'value'));
  v.final = true;
  return v;
}
