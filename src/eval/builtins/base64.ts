/** `fn::toBase64` and `fn::fromBase64` (standard alphabet, padded; results may be bytes). */
import type { DeclaredExpr } from '../declare.js';
import { EValue } from '../evalue.js';
import { bytesOrString } from '../evaluator.js';
import { decodeBase64, encodeBase64 } from '../go/base64.js';
import type { Host } from './host.js';
import { stringArgument } from './host.js';

const encoder = new TextEncoder();

export function evaluateToBase64(h: Host, x: DeclaredExpr): EValue {
  const { v, text } = stringArgument(h, x);
  if (text !== undefined) {
    const bytes = typeof text === 'string' ? encoder.encode(text) : text;
    if (!h.produceText(x.x.node, 'fn::toBase64', Math.ceil(bytes.length / 3) * 4))
      return EValue.unknown(x.x.node);
    v.repr = encodeBase64(bytes);
  }
  return v;
}

export function evaluateFromBase64(h: Host, x: DeclaredExpr): EValue {
  const { v, text } = stringArgument(h, x);
  if (text === undefined) return v;
  // The decoded text is shorter than the encoded one: the text read is charged.
  if (!h.charge(x.x.node, 'fn::fromBase64', 'text', text.length)) return EValue.unknown(x.x.node);
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
