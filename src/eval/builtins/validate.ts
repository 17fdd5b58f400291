/**
 * `fn::validate`: checks a value against a JSON Schema (ESC's subset) and passes it through.
 * An unusable schema is reported at the schema and no validation happens.
 */
import type { DeclaredExpr } from '../declare.js';
import { copyValue } from '../evalue.js';
import type { EValue } from '../evalue.js';
import { checkSchema, validateValue } from '../schema/validate.js';
import type { Host } from './host.js';
import { operand } from './host.js';
import { report } from './open.js';

export function evaluateValidate(h: Host, x: DeclaredExpr): EValue {
  const schema = operand(h, x, 'schema');
  const value = operand(h, x, 'value');
  const out = copyValue(value);
  out.def = x.x.node;
  if (x.operand('schema') === undefined || x.operand('value') === undefined) {
    out.unknown = true;
    return out;
  }
  if (schema.containsUnknowns()) return out;
  const exportedSchema = schema.export();
  const problems = checkSchema(exportedSchema);
  if (problems.length > 0) {
    for (const p of problems) report(h, p.message, p.at, schema.def);
    return out;
  }
  validateValue(value.export(), exportedSchema, (message, at) => report(h, message, at, value.def));
  return out;
}
