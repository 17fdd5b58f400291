/** `fn::toJSON` (Go `json.Marshal` of the merged value) and `fn::fromJSON` (first JSON value). */
import type { DeclaredExpr } from '../declare.js';
import { EValue } from '../evalue.js';
import { marshalJSON, parseJSONWithin } from '../go/json.js';
import { MAX_VALUE_DEPTH, plainDepthExceeds } from '../limits.js';
import { fromPlain } from '../value.js';
import type { Host } from './host.js';
import { fromPublic, operand, result, stringArgument } from './host.js';

export function evaluateToJSON(h: Host, x: DeclaredExpr): EValue {
  const v = result(x);
  const value = operand(h, x, 'value');
  v.combine(value);
  if (!v.unknown) {
    const json = marshalJSON(value.export(), h.textAllowance());
    if (json === undefined) return h.textOverflow(x.x.node, 'fn::toJSON');
    if (!h.produceText(x.x.node, 'fn::toJSON', json.length)) return EValue.unknown(x.x.node);
    v.repr = json;
  }
  return v;
}

export function evaluateFromJSON(h: Host, x: DeclaredExpr): EValue {
  const { v, text } = stringArgument(h, x);
  if (text === undefined) return v;
  // The strings built are shorter than the text read; the values built are counted as parsed.
  if (!h.charge(x.x.node, 'fn::fromJSON', 'text', text.length)) return EValue.unknown(x.x.node);
  const budget = h.pass.state.budget;
  const parsed = parseJSONWithin(text, budget.left('values'));
  if ('exceeded' in parsed) {
    h.charge(x.x.node, 'fn::fromJSON', 'values', budget.left('values') + 1);
    return EValue.unknown(x.x.node);
  }
  if ('error' in parsed) {
    // Go's texts quote the offending character: not for a secret (one character is a piece).
    const why = v.secret
      ? `${parsed.error.replace(/ '(?:[^'\\]|\\.)+'/g, '')} (the secret value)`
      : parsed.error;
    h.error(x.x.node, `decoding JSON string: ${why}`);
    v.unknown = true;
    return v;
  }
  if (!h.charge(x.x.node, 'fn::fromJSON', 'values', parsed.values)) return EValue.unknown(x.x.node);
  if (plainDepthExceeds(parsed.value, MAX_VALUE_DEPTH)) {
    h.error(x.x.node, `decoding JSON string: nesting deeper than ${MAX_VALUE_DEPTH} levels`);
    v.unknown = true;
    return v;
  }
  return fromPublic(fromPlain(parsed.value), x.x.node, v.secret);
}
