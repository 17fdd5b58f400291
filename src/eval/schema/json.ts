/**
 * Go `json.Marshal` of a schema value, for `const`/`enum` messages (`expected {"hello":"world"}`):
 * compact, object keys sorted by UTF-8 bytes, numbers as their text, `<`, `>`, `&`, U+2028 and
 * U+2029 escaped, invalid UTF-8 replaced by U+FFFD.
 *
 * Deliberate difference: a secret part of the schema prints as `"[secret]"`, so a schema that
 * compares against a secret (`const: ${password}`) cannot leak it through a diagnostic.
 */
import { sortedKeys, toJsString } from '../../base/utf8.js';
import { NumberText, type Value } from '../value.js';

function hex4(c: number): string {
  return '\\u' + c.toString(16).padStart(4, '0');
}

export function goJsonString(s: string | Uint8Array): string {
  const text = toJsString(s);
  let out = '"';
  for (const ch of text) {
    const c = ch.codePointAt(0) as number;
    switch (ch) {
      case '"':
        out += '\\"';
        continue;
      case '\\':
        out += '\\\\';
        continue;
      case '\n':
        out += '\\n';
        continue;
      case '\r':
        out += '\\r';
        continue;
      case '\t':
        out += '\\t';
        continue;
      case '\b':
        out += '\\b';
        continue;
      case '\f':
        out += '\\f';
        continue;
    }
    if (c < 0x20 || ch === '<' || ch === '>' || ch === '&' || c === 0x2028 || c === 0x2029)
      out += hex4(c);
    else if (c >= 0xd800 && c <= 0xdfff) out += '\ufffd';
    else out += ch;
  }
  return out + '"';
}

/** The Go JSON text of a known value (unknown parts print as `null`). */
export function goJson(v: Value): string {
  if (v.secret) return '"[secret]"';
  const r = v.repr;
  if (v.unknown || r === null) return 'null';
  if (typeof r === 'boolean') return r ? 'true' : 'false';
  if (r instanceof NumberText) return r.text;
  if (typeof r === 'string' || r instanceof Uint8Array) return goJsonString(r);
  if (Array.isArray(r)) return '[' + r.map(goJson).join(',') + ']';
  return (
    '{' +
    sortedKeys(r.keys())
      .map((k) => `${goJsonString(k)}:${goJson(r.get(k) as Value)}`)
      .join(',') +
    '}'
  );
}
