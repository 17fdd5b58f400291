/**
 * `fn::open` / `fn::open::<provider>` and `fn::rotate` / `fn::rotate::<rotator>`. Inputs are
 * evaluated and checked against the provider's input schema in both modes; only in open mode,
 * with known and valid inputs, is the provider called (once per distinct provider and inputs,
 * concurrently with other opens: see `EvaluationState.open`).
 */
import type { SyntaxNode } from '../../syntax/node.js';
import type { DeclaredExpr } from '../declare.js';
import { EValue, compareStrings, definitionOf, keyNodeOf } from '../evalue.js';
import type { UnknownCause } from '../evalue.js';
import { suggest } from '../../base/spell.js';
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
 * Validates `value` against a provider or rotator schema, reporting at the offending values.
 * Stricter than upstream (which fails silently there): a property the schema forbids is an error
 * at its key, `unexpected property <name>` with the nearest allowed name. Validation reads every
 * string of the value: charged to the evaluation's text budget for `what`, at `node`.
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
  return validateValue(
    value.export(),
    fromPlain(schema),
    (message, at, key) => report(h, message, at, value.def, key),
    {
      unexpectedProperties: true,
      chargeMatch: (work) => h.charge(what.node, `${what.name} (pattern matching)`, 'text', work),
    },
  );
}

/** Reports at `at` (or at its key `key`), falling back to `fallback` when `at` has no syntax. */
export function report(
  h: Host,
  message: string,
  at: Value,
  fallback: SyntaxNode,
  key?: string,
): void {
  const keyNode = key === undefined ? undefined : keyNodeOf(at, key);
  const def = keyNode ?? definitionOf(at) ?? fallback;
  h.error(def, message);
}

/** `unknown provider "x"`, with the nearest known name when one is close. */
function unknownName(kind: 'provider' | 'rotator', name: string, known: Iterable<string>): string {
  const s = suggest(name, known, { swaps: true });
  return `unknown ${kind} ${goQuote(name)}${s === undefined ? '' : `; did you mean ${goQuote(s)}?`}`;
}

function unknownResult(x: DeclaredExpr, schema: Schema | undefined, cause?: UnknownCause): EValue {
  return EValue.unknown(x.x.node, typedSchema(schema), cause);
}

/** Why the call `x` of provider `name` was not opened (for values that stay unknown). */
function causeOf(
  x: DeclaredExpr,
  builtin: 'open' | 'rotate',
  name: string,
  reason: UnknownCause['reason'],
  inner?: UnknownCause,
): UnknownCause {
  const e = x.x;
  const node = e.kind === 'open' || e.kind === 'rotate' ? e.name.node : e.node;
  return {
    call: `fn::${builtin}::${name}`,
    node,
    reason,
    ...(inner !== undefined ? { inner } : {}),
  };
}

/** The reason an open that passed its checks did not happen, from its inputs' state. */
function skipped(
  x: DeclaredExpr,
  builtin: 'open' | 'rotate',
  name: string,
  ok: boolean,
  known: boolean,
  inputs: EValue[],
): UnknownCause {
  if (!known) return causeOf(x, builtin, name, 'unknown-provider');
  if (!ok) return causeOf(x, builtin, name, 'invalid-inputs');
  for (const i of inputs) {
    if (i.containsUnknowns()) return causeOf(x, builtin, name, 'unknown-inputs', i.unknownCause());
  }
  return causeOf(x, builtin, name, 'not-opened');
}

export function evaluateOpen(h: Host, x: DeclaredExpr): EValue {
  const e = x.x;
  if (e.kind !== 'open' || e.provider === undefined) return EValue.unknown(e.node);
  const name = e.provider.value;
  const providers = h.pass.options.providers;
  const provider: Provider | undefined = providers?.get(name);
  if (provider === undefined)
    h.error(e.node, unknownName('provider', name, providers?.keys() ?? []));
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
    const cause = skipped(x, 'open', name, ok, provider !== undefined, [inputs]);
    return unknownResult(x, provider?.outputSchema, cause);
  }
  if (!(inputs.repr instanceof Map)) {
    h.error(inputs.def, `expected object, got ${inputs.type()}`);
    return unknownResult(x, provider.outputSchema, causeOf(x, 'open', name, 'invalid-inputs'));
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
    return unknownResult(x, provider.outputSchema, causeOf(x, 'open', name, 'failed'));
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
  const rotators = h.pass.options.rotators;
  const rotator: Rotator | undefined = rotators?.get(name);
  if (rotator === undefined) h.error(e.node, unknownName('rotator', name, rotators?.keys() ?? []));
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
    const cause = skipped(x, 'rotate', name, ok, rotator !== undefined, [inputs, state]);
    return unknownResult(x, rotator?.outputSchema, cause);
  }
  if (!(inputs.repr instanceof Map)) {
    h.error(inputs.def, `expected object, got ${inputs.type()}`);
    return unknownResult(x, rotator.outputSchema, causeOf(x, 'rotate', name, 'invalid-inputs'));
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
    return unknownResult(x, rotator.outputSchema, causeOf(x, 'rotate', name, 'failed'));
  }
  return fromPublic(outcome.value, e.node, false);
}
