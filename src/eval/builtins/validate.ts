/**
 * `fn::validate`: checks a value against a JSON Schema (ESC's subset) and passes it through.
 * An unusable schema is reported at the schema and no validation happens.
 */
import type { DeclaredExpr } from '../declare.js';
import { EValue, copyValue } from '../evalue.js';
import { textIn } from '../limits.js';
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
  // Validation reads every string of the value (patterns, lengths): charged as text read.
  const exported = value.export();
  if (
    !h.charge(x.x.node, 'fn::validate', 'text', textIn(exported, h.pass.state.budget.left('text')))
  )
    return EValue.unknown(x.x.node);
  validateValue(exported, exportedSchema, (message, at) => report(h, message, at, value.def), {
    // Pattern matching reads each string once per instruction of the pattern's program.
    chargeMatch: (work) => h.charge(x.x.node, 'fn::validate (pattern matching)', 'text', work),
  });
  return out;
}
