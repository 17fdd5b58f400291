/** `fn::toBase64` and `fn::fromBase64` (standard alphabet, padded; results may be bytes). */
import type { DeclaredExpr } from '../declare.js';
import type { EValue } from '../evalue.js';
import { bytesOrString } from '../evaluator.js';
import { decodeBase64, encodeBase64 } from '../go/base64.js';
import type { Host } from './host.js';
import { checkString, operand, result, stringOf } from './host.js';

export function evaluateToBase64(h: Host, x: DeclaredExpr): EValue {
  const v = result(x);
  const str = operand(h, x, 'value');
  if (!checkString(h, str)) {
    v.unknown = true;
    return v;
  }
  v.combine(str);
  if (!v.unknown) {
    const s = stringOf(str);
    v.repr = encodeBase64(typeof s === 'string' ? new TextEncoder().encode(s) : s);
  }
  return v;
}

export function evaluateFromBase64(h: Host, x: DeclaredExpr): EValue {
  const v = result(x);
  const str = operand(h, x, 'value');
  if (!checkString(h, str)) {
    v.unknown = true;
    return v;
  }
  v.combine(str);
  if (v.unknown) return v;
  // Go decodes the string's bytes: byte strings go in as they are (offsets count bytes).
  const d = decodeBase64(stringOf(str));
  if ('error' in d) {
    h.error(x.x.node, `decoding base64 string: ${d.error}`);
    v.unknown = true;
    return v;
  }
  v.repr = bytesOrString(d.bytes);
  return v;
}
