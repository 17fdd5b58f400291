/** `fn::toBase64` and `fn::fromBase64` (standard alphabet, padded; results may be bytes). */
import type { DeclaredExpr } from '../declare.js';
import type { EValue } from '../evalue.js';
import { bytesOrString } from '../evaluator.js';
import { decodeBase64, encodeBase64 } from '../go/base64.js';
import type { Host } from './host.js';
import { stringArgument } from './host.js';

const encoder = new TextEncoder();

export function evaluateToBase64(h: Host, x: DeclaredExpr): EValue {
  const { v, text } = stringArgument(h, x);
  if (text !== undefined) {
    v.repr = encodeBase64(typeof text === 'string' ? encoder.encode(text) : text);
  }
  return v;
}

export function evaluateFromBase64(h: Host, x: DeclaredExpr): EValue {
  const { v, text } = stringArgument(h, x);
  if (text === undefined) return v;
  // Go decodes the string's bytes: byte strings go in as they are (offsets count bytes).
  const d = decodeBase64(text);
  if ('error' in d) {
    h.error(x.x.node, `decoding base64 string: ${d.error}`);
    v.unknown = true;
    return v;
  }
  v.repr = bytesOrString(d.bytes);
  return v;
}
