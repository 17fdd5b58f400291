/** `fn::concat`: one-level concatenation of arrays. */
import type { DeclaredExpr } from '../declare.js';
import type { EValue } from '../evalue.js';
import type { Host } from './host.js';
import { checkArray, operand, result } from './host.js';

export function evaluateConcat(h: Host, x: DeclaredExpr): EValue {
  const v = result(x);
  let arrays: EValue[];
  let ok = true;
  if (x.list !== undefined) {
    arrays = x.list.map((e) => h.evaluateExpr(e));
    for (const a of arrays) ok = checkArray(h, a) && ok;
  } else {
    const args = operand(h, x, 'args');
    ok = checkArray(h, args, (e) => checkArray(h, e));
    // A non-literal argument is a load error; the call stays unknown.
    v.unknown = true;
    return v;
  }
  if (!ok) {
    v.unknown = true;
    return v;
  }
  v.combine(...arrays);
  if (!v.unknown) {
    const out: EValue[] = [];
    for (const a of arrays) out.push(...(a.repr as EValue[]));
    v.repr = out;
  }
  return v;
}
