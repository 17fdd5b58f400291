/**
 * The string form of a public value (esc-language.md §2.5), as interpolation and `fn::toString`
 * produce it: arrays and objects Go-quoted, objects with their own keys only (keys merged in from
 * imports are left out; they are recognised through `base`, whose exported properties are the
 * very same objects).
 */
import { goQuote } from './go/quote.js';
import { sortedKeys } from '../base/utf8.js';
import { NumberText } from './value.js';
import type { Value } from './value.js';

export interface StringForm {
  text: string | Uint8Array;
  unknown: boolean;
  secret: boolean;
}

/** The keys an object value defines itself (not only inherited from its base). */
export function ownKeys(v: Value): string[] {
  if (!(v.repr instanceof Map)) return [];
  const base = v.base;
  const baseMap =
    base !== undefined && !base.unknown && base.repr instanceof Map ? base.repr : undefined;
  const keys: string[] = [];
  for (const [k, e] of v.repr) if (baseMap === undefined || baseMap.get(k) !== e) keys.push(k);
  return keys;
}

export interface StringFormOptions {
  /** Secrets (at any depth) print as `[secret]`, as ESC's `Value.ToString(redact)`. */
  redactSecrets?: boolean;
}

export function stringForm(v: Value, options: StringFormOptions = {}): StringForm {
  if (v.unknown) return { text: '[unknown]', unknown: true, secret: v.secret };
  if (v.secret && options.redactSecrets === true)
    return { text: '[secret]', unknown: false, secret: true };
  let unknown = false;
  let secret = v.secret;
  const r = v.repr;
  const quoted = (e: Value): string => {
    const s = stringForm(e, options);
    unknown ||= s.unknown;
    secret ||= s.secret;
    return goQuote(s.text);
  };
  let text: string | Uint8Array;
  if (r === null) text = '';
  else if (typeof r === 'boolean') text = r ? 'true' : 'false';
  else if (r instanceof NumberText) text = r.text;
  else if (typeof r === 'string' || r instanceof Uint8Array) text = r;
  else if (Array.isArray(r)) text = r.map(quoted).join(',');
  else
    text = sortedKeys(ownKeys(v))
      .map((k) => `${goQuote(k)}=${quoted(r.get(k) as Value)}`)
      .join(',');
  return { text, unknown, secret };
}
