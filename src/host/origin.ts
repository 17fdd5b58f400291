/**
 * Where an exported value came from, for the job summary: a plain literal, a secret written in the
 * file (`fn::secret`), or something a provider returned. The language core keeps no provenance, so
 * the host records what each provider's `open` returned (by wrapping the providers it passes in)
 * and classifies a value by whether its text carries one of those outputs. A value is "provider"
 * when it contains an output text of at least MIN_TRACKED_LENGTH characters (interpolation keeps it
 * whole); outputs that are JSON documents are also tracked field by field, so a value picked with
 * `fn::fromJSON` still counts. Nothing here ever prints a value.
 */
import type { Provider, ProviderResult } from '../eval/provider.js';
import { NumberText, type Value } from '../eval/value.js';

/** Shorter outputs (`true`, `1`) would match unrelated literals. */
export const MIN_TRACKED_LENGTH = 4;

/** `input`: added by the host from an action input (`aws-region`), not written in the file. */
export type Origin = 'literal' | 'secret' | 'provider' | 'input';

export interface ProviderOutputs {
  /** Output texts by provider name. */
  readonly texts: Map<string, Set<string>>;
}

function scalarTexts(v: Value, out: Set<string>): void {
  const r = v.repr;
  if (v.unknown) return;
  if (Array.isArray(r)) for (const e of r) scalarTexts(e, out);
  else if (r instanceof Map) for (const e of r.values()) scalarTexts(e, out);
  else if (typeof r === 'string') addText(r, out, 0);
  else if (r instanceof Uint8Array) addText(Buffer.from(r).toString('utf8'), out, 0);
  else if (r instanceof NumberText) addText(r.text, out, 0);
}

function addPlain(p: unknown, out: Set<string>, depth: number): void {
  if (typeof p === 'string') addText(p, out, depth);
  else if (typeof p === 'number') addText(String(p), out, depth);
  else if (Array.isArray(p)) for (const e of p) addPlain(e, out, depth);
  else if (p !== null && typeof p === 'object') {
    for (const e of Object.values(p as Record<string, unknown>)) addPlain(e, out, depth);
  }
}

function addText(text: string, out: Set<string>, depth: number): void {
  if (text.length >= MIN_TRACKED_LENGTH) out.add(text);
  const t = text.trimStart();
  if (depth < 2 && (t.startsWith('{') || t.startsWith('['))) {
    try {
      addPlain(JSON.parse(text) as unknown, out, depth + 1);
    } catch {
      // Not JSON: the whole text is tracked already.
    }
  }
}

/** Wraps providers so that every output they return is recorded in `outputs`. */
export function recordProviderOutputs(providers: ReadonlyMap<string, Provider>): {
  providers: ReadonlyMap<string, Provider>;
  outputs: ProviderOutputs;
} {
  const outputs: ProviderOutputs = { texts: new Map() };
  const wrapped = new Map<string, Provider>();
  for (const [key, p] of providers) {
    const w: Provider = {
      ...p,
      open: async (inputs, ctx): Promise<ProviderResult> => {
        const result = await p.open(inputs, ctx);
        let set = outputs.texts.get(p.name);
        if (set === undefined) outputs.texts.set(p.name, (set = new Set()));
        scalarTexts(result.value, set);
        return result;
      },
    };
    wrapped.set(key, w);
  }
  return { providers: wrapped, outputs };
}

/** The providers whose outputs `text` carries, sorted. */
export function providersOf(text: string, outputs: ProviderOutputs | undefined): string[] {
  if (outputs === undefined) return [];
  const found: string[] = [];
  for (const [name, texts] of outputs.texts) {
    for (const t of texts) {
      if (text.includes(t)) {
        found.push(name);
        break;
      }
    }
  }
  return found.sort();
}

export interface Classified {
  origin: Origin;
  /** The providers involved, when origin is `provider`. */
  providers: string[];
}

/**
 * Classifies one exported value. In check mode providers are not opened: an unknown value can
 * only come from a provider.
 */
export function classify(
  entry: { value: string | Uint8Array; secret: boolean; unknown: boolean; input?: string },
  outputs: ProviderOutputs | undefined,
): Classified {
  if (entry.input !== undefined) return { origin: 'input', providers: [] };
  if (entry.unknown) return { origin: 'provider', providers: [] };
  const text =
    typeof entry.value === 'string' ? entry.value : Buffer.from(entry.value).toString('utf8');
  const providers = providersOf(text, outputs);
  if (providers.length > 0) return { origin: 'provider', providers };
  return { origin: entry.secret ? 'secret' : 'literal', providers: [] };
}
