/** Dispatch from a builtin call to its evaluation. */
import type { DeclaredExpr } from '../declare.js';
import { EValue } from '../evalue.js';
import { evaluateFromBase64, evaluateToBase64 } from './base64.js';
import { evaluateConcat } from './collections.js';
import { evaluateFinal } from './final.js';
import type { Host } from './host.js';
import { evaluateFromJSON, evaluateToJSON } from './json.js';
import { evaluateOpen, evaluateRotate } from './open.js';
import { evaluateSecret } from './secret.js';
import { evaluateJoin, evaluateSplit, evaluateToString } from './strings.js';
import { evaluateValidate } from './validate.js';

export function evaluateBuiltin(h: Host, x: DeclaredExpr): EValue {
  const name = 'name' in x.x ? x.x.name.value : 'builtin';
  if (!h.charge(x.x.node, name, 'builtins', 1)) return EValue.unknown(x.x.node);
  switch (x.x.kind) {
    case 'secret':
      return evaluateSecret(h, x);
    case 'open':
      return evaluateOpen(h, x);
    case 'rotate':
      return evaluateRotate(h, x);
    case 'join':
      return evaluateJoin(h, x);
    case 'split':
      return evaluateSplit(h, x);
    case 'concat':
      return evaluateConcat(h, x);
    case 'validate':
      return evaluateValidate(h, x);
    case 'toJSON':
      return evaluateToJSON(h, x);
    case 'fromJSON':
      return evaluateFromJSON(h, x);
    case 'toBase64':
      return evaluateToBase64(h, x);
    case 'fromBase64':
      return evaluateFromBase64(h, x);
    case 'toString':
      return evaluateToString(h, x);
    case 'final':
      return evaluateFinal(h, x);
    default:
      return EValue.unknown(x.x.node);
  }
}
