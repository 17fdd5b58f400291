/** `fn::concat`: one-level concatenation of arrays. */
import type { DeclaredExpr } from '../declare.js';
import type { EValue } from '../evalue.js';
import type { Host } from './host.js';
import { checkArray, operand, result } from './host.js';

export function evaluateConcat(h: Host, x: DeclaredExpr): EValue {
  const v = result(x);
  if (x.list === undefined) {
    // A non-literal argument is a load error: it is still checked, and the call stays unknown.
    const args = operand(h, x, 'args');
    checkArray(h, args, (e) => checkArray(h, e));
    v.unknown = true;
    return v;
  }
  const arrays = x.list.map((e) => h.evaluateExpr(e));
  let ok = true;
  for (const a of arrays) ok = checkArray(h, a) && ok;
  if (!ok) {
    v.unknown = true;
    return v;
  }
  v.combine(...arrays);
  if (!v.unknown) {
    const out: EValue[] = [];
    for (const a of arrays) for (const e of a.repr as EValue[]) out.push(e);
    v.repr = out;
  }
  return v;
}
