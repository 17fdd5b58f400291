/**
 * Finds every secret text in an evaluated environment, so hosts can mask all of them before
 * anything is printed. A secret container makes every scalar inside it secret.
 */
import { inspect } from 'node:util';
import { goQuote } from '../eval/go/quote.js';
import type { Provider, ProviderResult } from '../eval/provider.js';
import { NumberText, type Value } from '../eval/value.js';

function scalarText(v: Value): string | undefined {
  const r = v.repr;
  if (typeof r === 'string') return r;
  if (r instanceof Uint8Array) return Buffer.from(r).toString('utf8');
  if (r instanceof NumberText) return r.text;
  if (typeof r === 'boolean') return r ? 'true' : 'false';
  return undefined;
}

/** Secret scalar texts in `root`, deduplicated, empty strings dropped. */
export function collectSecrets(root: Value | undefined): string[] {
  const found = new Set<string>();
  const stack: { v: Value; inSecret: boolean }[] = [];
  if (root !== undefined) stack.push({ v: root, inSecret: false });
  while (stack.length > 0) {
    const { v, inSecret } = stack.pop()!;
    if (v.unknown) continue;
    const secret = inSecret || v.secret;
    const r = v.repr;
    if (Array.isArray(r)) {
      for (const e of r) stack.push({ v: e, inSecret: secret });
    } else if (r instanceof Map) {
      for (const e of r.values()) stack.push({ v: e, inSecret: secret });
    } else if (secret) {
      const text = scalarText(v);
      if (text !== undefined && text !== '') found.add(text);
    }
  }
  return [...found];
}

/** Lines of a multi-line secret shorter than this are not masked on their own. */
export const MIN_MASKED_LINE_LENGTH = 4;

/** The runner splits what a step prints into lines at each `\r` and each `\n`. */
const LINE_BREAK = /\r\n|\r|\n/;

/**
 * The lines to register as masks for one secret, as the runner reads a log (lines split at `\r`
 * and `\n`, commands trimmed): the whole value, its trimmed form, and for a multi-line value each
 * line, trimmed, of at least `minLineLength` characters (a multi-line secret is only hidden line
 * by line; very short lines such as `}` would mask unrelated output everywhere and reveal nothing
 * on their own).
 */
export function maskLines(secret: string, minLineLength = MIN_MASKED_LINE_LENGTH): string[] {
  const out = new Set<string>();
  const whole = secret.replace(/(\r\n|\r|\n)$/, '');
  if (whole.trim() === '') return [];
  const lines = whole.split(LINE_BREAK);
  out.add(whole);
  if (lines.length === 1) {
    out.add(whole.trim());
    return [...out];
  }
  for (const line of lines) {
    const trimmed = line.trim();
    if (trimmed.length >= minLineLength) out.add(trimmed);
  }
  return [...out];
}

/**
 * The forms a text takes when a program prints it escaped, inside its quotes: JSON (and so
 * JavaScript string literals), Node's `util.inspect` (error messages: "Received 'a\x00b'") and
 * Go's `%q` (the evaluator's messages). Only the forms that differ from the text itself.
 */
export function escapedForms(text: string): string[] {
  const forms = new Set<string>();
  const inner = (quoted: string) => quoted.slice(1, -1);
  forms.add(inner(JSON.stringify(text)));
  forms.add(inner(inspect(text, { breakLength: Infinity, maxStringLength: Infinity })));
  forms.add(inner(goQuote(text)));
  forms.delete(text);
  forms.delete('');
  return [...forms];
}

/**
 * The forms a text takes in the requests the action sends, when an endpoint or a proxy echoes
 * them back: percent-encoded as a URL component (`encodeURIComponent`), as the AWS SDK encodes
 * query and form parameters (RFC 3986: `!'()*` encoded too), and as an HTML form encodes it (`+`
 * for a space). Only the forms that differ from the text itself.
 */
export function encodedForms(text: string): string[] {
  const forms = new Set<string>();
  const uri = encodeURIComponent(text);
  forms.add(uri);
  forms.add(uri.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`));
  forms.add(new URLSearchParams([['', text]]).toString().slice(1));
  forms.delete(text);
  forms.delete('');
  return [...forms];
}

/**
 * Every text to mask for one secret: its lines (see `maskLines`), the escaped forms of each of
 * them, and the encoded forms of each of them, so that neither a piece nor a quoted
 * or encoded copy of the secret can show in the log.
 */
export function maskForms(secret: string, minLineLength = MIN_MASKED_LINE_LENGTH): string[] {
  const out = new Set<string>();
  const lines = maskLines(secret, minLineLength);
  for (const line of lines) {
    out.add(line);
    for (const form of escapedForms(line)) out.add(form);
  }
  // The first line is the whole secret (see maskLines), so its encoded forms are the whole's.
  for (const line of lines) for (const form of encodedForms(line)) out.add(form);
  return [...out];
}

/** `text` with every mask replaced by `***`, as the runner shows it. */
export function redact(text: string, masks: readonly string[]): string {
  let out = text;
  for (const m of masks) if (m !== '' && out.includes(m)) out = out.split(m).join('***');
  return out;
}

/** `text` without the whitespace between its JSON tokens, when it is a JSON object or array. */
export function packedJsonText(text: string): string | undefined {
  const start = text.trimStart()[0];
  if (start !== '{' && start !== '[') return undefined;
  try {
    const packed = JSON.stringify(JSON.parse(text));
    return packed === text ? undefined : packed;
  } catch {
    return undefined;
  }
}

/**
 * Wraps providers so that the secrets of their inputs are masked before they are opened (a
 * provider may log or report what it was asked: a role ARN, a session name, a secret id) and the
 * secrets of their results as soon as they arrive, long before the environment is complete.
 */
export function maskProviderSecrets(
  providers: ReadonlyMap<string, Provider>,
  mask: (secret: string) => void,
): Map<string, Provider> {
  const wrapped = new Map<string, Provider>();
  for (const [key, p] of providers) {
    wrapped.set(key, {
      ...p,
      open: async (inputs, ctx): Promise<ProviderResult> => {
        for (const s of collectSecrets(inputs)) {
          mask(s);
          // A provider sends a JSON text packed (an inline session policy): mask that form too.
          const packed = packedJsonText(s);
          if (packed !== undefined) mask(packed);
        }
        const result = await p.open(inputs, ctx);
        for (const s of collectSecrets(result.value)) mask(s);
        return result;
      },
    });
  }
  return wrapped;
}
