/** `fn::join`, `fn::split` and `fn::toString`. */
import type { DeclaredExpr } from '../declare.js';
import { EValue } from '../evalue.js';
import { goSplit, goSplitCount } from '../go/split.js';
import { toJsString } from '../../base/utf8.js';
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
    let length = 0;
    (values.repr as EValue[]).forEach((e, i) => {
      if (i > 0) pieces.push(stringOf(delim));
      pieces.push(stringOf(e));
      length += (i > 0 ? stringOf(delim).length : 0) + stringOf(e).length;
    });
    if (!h.produceText(x.x.node, 'fn::join', length)) return EValue.unknown(x.x.node);
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
    const s = toJsString(stringOf(str));
    const sep = toJsString(stringOf(delim));
    // The parts are counted before they are built: each is a value, and they hold the text.
    if (
      !h.charge(x.x.node, 'fn::split', 'text', s.length) ||
      !h.charge(x.x.node, 'fn::split', 'values', goSplitCount(s, sep))
    )
      return EValue.unknown(x.x.node);
    // Each piece of a secret string is secret on its own (it is masked on its own too).
    v.repr = goSplit(s, sep).map((p) => {
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
  const s = value.toGoString(h.textAllowance());
  if (s.over === true) return h.textOverflow(x.x.node, 'fn::toString');
  if (!s.unknown && typeof value.repr !== 'string' && !(value.repr instanceof Uint8Array)) {
    if (!h.produceText(x.x.node, 'fn::toString', s.text.length)) return EValue.unknown(x.x.node);
  }
  v.unknown = s.unknown;
  if (s.unknown) v.cause = value.unknownCause();
  v.secret = s.secret;
  if (!s.unknown) v.repr = s.text;
  return v;
}
