/** `fn::toJSON` (Go `json.Marshal` of the merged value) and `fn::fromJSON` (first JSON value). */
import type { DeclaredExpr } from '../declare.js';
import type { EValue } from '../evalue.js';
import { marshalJSON, parseJSON } from '../go/json.js';
import { MAX_VALUE_DEPTH, plainDepthExceeds } from '../limits.js';
import { fromPlain } from '../value.js';
import type { Host } from './host.js';
import { fromPublic, operand, result, stringArgument } from './host.js';

export function evaluateToJSON(h: Host, x: DeclaredExpr): EValue {
  const v = result(x);
  const value = operand(h, x, 'value');
  v.combine(value);
  if (!v.unknown) v.repr = marshalJSON(value.export());
  return v;
}

export function evaluateFromJSON(h: Host, x: DeclaredExpr): EValue {
  const { v, text } = stringArgument(h, x);
  if (text === undefined) return v;
  const parsed = parseJSON(text);
  if ('error' in parsed) {
    // Go's texts quote the offending character: not for a secret (one character is a piece).
    const why = v.secret
      ? `${parsed.error.replace(/ '(?:[^'\\]|\\.)+'/g, '')} (the secret value)`
      : parsed.error;
    h.error(x.x.node, `decoding JSON string: ${why}`);
    v.unknown = true;
    return v;
  }
  if (plainDepthExceeds(parsed.value, MAX_VALUE_DEPTH)) {
    h.error(x.x.node, `decoding JSON string: nesting deeper than ${MAX_VALUE_DEPTH} levels`);
    v.unknown = true;
    return v;
  }
  return fromPublic(fromPlain(parsed.value), x.x.node, v.secret);
}
