/**
 * `fn::open` / `fn::open::<provider>` and `fn::rotate` / `fn::rotate::<rotator>`. Inputs are
 * evaluated and checked against the provider's input schema in both modes; only in open mode,
 * with known and valid inputs, is the provider called (once per distinct provider and inputs,
 * concurrently with other opens: see `EvaluationState.open`).
 */
import type { SyntaxNode } from '../../syntax/node.js';
import type { DeclaredExpr } from '../declare.js';
import { EValue, compareStrings, definitionOf } from '../evalue.js';
import type { Provider, Rotator, Schema } from '../provider.js';
import { goQuote } from '../go/quote.js';
import { textIn } from '../limits.js';
import { validateValue } from '../schema/validate.js';
import { typedSchema } from '../typed-schema.js';
import { fromPlain } from '../value.js';
import type { Value } from '../value.js';
import type { Host } from './host.js';
import { fromPublic } from './host.js';
import { checkUnknowns } from './unknown-check.js';

/**
 * Validates `value` against a provider schema, reporting at the offending values. Validation
 * reads every string of the value: charged to the evaluation's text budget for `what`, at `node`.
 */
export function validateAgainst(
  h: Host,
  value: EValue,
  schema: Schema | undefined,
  what: { node: SyntaxNode; name: string },
): boolean {
  if (schema === undefined || schema === true) return true;
  const text = textIn(value.export(), h.pass.state.budget.left('text'));
  if (!h.charge(what.node, what.name, 'text', text)) return false;
  checkUnknowns(h, value, schema);
  return validateValue(value.export(), fromPlain(schema), (message, at) =>
    report(h, message, at, value.def),
  );
}

export function report(h: Host, message: string, at: Value, fallback: SyntaxNode): void {
  const def = definitionOf(at) ?? fallback;
  h.error(def, message);
}

function unknownResult(x: DeclaredExpr, schema: Schema | undefined): EValue {
  return EValue.unknown(x.x.node, typedSchema(schema));
}

export function evaluateOpen(h: Host, x: DeclaredExpr): EValue {
  const e = x.x;
  if (e.kind !== 'open' || e.provider === undefined) return EValue.unknown(e.node);
  const name = e.provider.value;
  const provider: Provider | undefined = h.pass.options.providers?.get(name);
  if (provider === undefined) h.error(e.node, `unknown provider ${goQuote(name)}`);
  const inputsExpr = x.operand('inputs');
  if (inputsExpr === undefined) return unknownResult(x, provider?.outputSchema);
  const inputs = h.evaluateExpr(inputsExpr);
  const what = { node: e.node, name: e.name.value };
  let ok = provider === undefined ? true : validateAgainst(h, inputs, provider.inputSchema, what);
  if (ok && provider?.check !== undefined) {
    const exported = inputs.export();
    for (const p of provider.check(exported)) {
      report(h, p.message, p.at ?? exported, e.node);
      ok = false;
    }
  }
  if (provider === undefined || !ok || inputs.containsUnknowns() || h.checking) {
    return unknownResult(x, provider?.outputSchema);
  }
  if (!(inputs.repr instanceof Map)) {
    h.error(inputs.def, `expected object, got ${inputs.type()}`);
    return unknownResult(x, provider.outputSchema);
  }
  const outcome = h.pass.state.open(
    name,
    provider,
    inputs.export(),
    undefined,
    h.name,
    e.node.range,
  );
  if (outcome.status === 'pending') {
    h.pass.pending = true;
    return unknownResult(x, provider.outputSchema);
  }
  if (outcome.status === 'failed') {
    h.error(e.node, outcome.error);
    return unknownResult(x, provider.outputSchema);
  }
  return fromPublic(outcome.value, e.node, false);
}

/** Input properties a rotator marks `rotateOnly: true` in its input schema. */
function rotateOnlyKeys(schema: Schema | undefined): Set<string> {
  const out = new Set<string>();
  if (typeof schema !== 'object') return out;
  const props = schema.properties;
  if (
    typeof props !== 'object' ||
    props === null ||
    Array.isArray(props) ||
    props instanceof Uint8Array
  )
    return out;
  for (const [k, p] of Object.entries(props as Record<string, unknown>)) {
    if (typeof p === 'object' && p !== null && (p as Record<string, unknown>).rotateOnly === true)
      out.add(k);
  }
  return out;
}

/**
 * Rotate-only inputs are evaluated only when checking the root environment (so a user editing it
 * must be able to read what they reference); otherwise they are left out, unevaluated.
 */
function evaluateRotatorInputs(h: Host, x: DeclaredExpr, rotateOnly: Set<string>): EValue {
  const props = x.properties;
  if (rotateOnly.size === 0 || props === undefined || x.x.kind !== 'object')
    return h.evaluateExpr(x);
  const include = h.checking && h.name === h.pass.rootName;
  const m = new Map<string, EValue>();
  for (const k of [...props.keys()].sort(compareStrings)) {
    if (rotateOnly.has(k) && !include) continue;
    m.set(k, h.evaluateExpr(props.get(k) as DeclaredExpr));
  }
  return new EValue(x.x.node, m);
}

export function evaluateRotate(h: Host, x: DeclaredExpr): EValue {
  const e = x.x;
  if (e.kind !== 'rotate' || e.provider === undefined) return EValue.unknown(e.node);
  const name = e.provider.value;
  const rotator: Rotator | undefined = h.pass.options.rotators?.get(name);
  if (rotator === undefined) h.error(e.node, `unknown rotator ${goQuote(name)}`);
  const inputsExpr = x.operand('inputs');
  if (inputsExpr === undefined) return unknownResult(x, rotator?.outputSchema);
  const inputs = evaluateRotatorInputs(h, inputsExpr, rotateOnlyKeys(rotator?.inputSchema));
  const stateExpr = x.operand('state');
  const state = stateExpr === undefined ? new EValue(e.node, null) : h.evaluateExpr(stateExpr);
  let ok = true;
  if (rotator !== undefined) {
    const what = { node: e.node, name: e.name.value };
    ok = validateAgainst(h, inputs, rotator.inputSchema, what) && ok;
    const stateSchema: Schema | undefined =
      rotator.stateSchema === undefined
        ? undefined
        : { oneOf: [rotator.stateSchema as never, { type: 'null' }] };
    ok = validateAgainst(h, state, stateSchema, what) && ok;
  }
  if (
    rotator === undefined ||
    !ok ||
    inputs.containsUnknowns() ||
    state.containsUnknowns() ||
    h.checking
  ) {
    return unknownResult(x, rotator?.outputSchema);
  }
  if (!(inputs.repr instanceof Map)) {
    h.error(inputs.def, `expected object, got ${inputs.type()}`);
    return unknownResult(x, rotator.outputSchema);
  }
  const outcome = h.pass.state.open(
    name,
    rotator,
    inputs.export(),
    state.export(),
    h.name,
    e.node.range,
  );
  if (outcome.status === 'pending') {
    h.pass.pending = true;
    return unknownResult(x, rotator.outputSchema);
  }
  if (outcome.status === 'failed') {
    h.error(e.node, outcome.error);
    return unknownResult(x, rotator.outputSchema);
  }
  return fromPublic(outcome.value, e.node, false);
}
