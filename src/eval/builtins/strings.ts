/** `fn::join`, `fn::split` and `fn::toString`. */
import type { DeclaredExpr } from '../declare.js';
import { EValue } from '../evalue.js';
import { goSplit } from '../go/split.js';
import { toJsString } from '../go/utf8.js';
import { joinPieces } from '../evaluator.js';
import type { Host } from './host.js';
import { checkArray, checkString, operand, result, stringOf } from './host.js';

export function evaluateJoin(h: Host, x: DeclaredExpr): EValue {
  const v = result(x);
  if (x.operand('delimiter') === undefined || x.operand('values') === undefined) {
    v.unknown = true;
    return v;
  }
  const delim = operand(h, x, 'delimiter');
  const values = operand(h, x, 'values');
  const delimOk = checkString(h, delim);
  const valuesOk = checkArray(h, values, (e) => checkString(h, e));
  if (!delimOk || !valuesOk) {
    v.unknown = true;
    return v;
  }
  v.combine(delim, values);
  if (!v.unknown) {
    const pieces: (string | Uint8Array)[] = [];
    (values.repr as EValue[]).forEach((e, i) => {
      if (i > 0) pieces.push(stringOf(delim));
      pieces.push(stringOf(e));
    });
    v.repr = joinPieces(pieces);
  }
  return v;
}

export function evaluateSplit(h: Host, x: DeclaredExpr): EValue {
  const v = result(x);
  if (x.operand('delimiter') === undefined || x.operand('string') === undefined) {
    v.unknown = true;
    return v;
  }
  const delim = operand(h, x, 'delimiter');
  const str = operand(h, x, 'string');
  const delimOk = checkString(h, delim);
  const strOk = checkString(h, str);
  if (!delimOk || !strOk) {
    v.unknown = true;
    return v;
  }
  v.combine(delim, str);
  if (!v.unknown) {
    const parts = goSplit(toJsString(stringOf(str)), toJsString(stringOf(delim)));
    // Each piece of a secret string is secret on its own (it is masked on its own too).
    v.repr = parts.map((p) => {
      const e = new EValue(x.x.node, p);
      e.secret = v.secret;
      return e;
    });
  }
  return v;
}

export function evaluateToString(h: Host, x: DeclaredExpr): EValue {
  const v = result(x);
  const value = operand(h, x, 'value');
  const s = value.toGoString();
  v.unknown = s.unknown;
  if (s.unknown) v.cause = value.unknownCause();
  v.secret = s.secret;
  if (!s.unknown) v.repr = s.text;
  return v;
}
