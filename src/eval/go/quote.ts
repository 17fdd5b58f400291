/**
 * Go's `strconv.Quote` (the `%q` verb for strings), byte for byte.
 *
 * Rules: `"` and `\` are backslash-escaped; printable runes (Go's `unicode.IsPrint`: letters, marks,
 * numbers, punctuation, symbols and ASCII space) are kept raw; `\a \b \f \n \r \t \v` use their
 * short escapes; other runes below U+0020 and U+007F become `\xNN`; other non-printable runes
 * become `\uNNNN` or `\UNNNNNNNN`; each byte of invalid UTF-8 becomes `\xNN`. Hex is lower case.
 *
 * Printability comes from the JS engine's Unicode tables; Go's are Unicode 15.0. Characters
 * assigned after 15.0 are printable here but escaped by Go (an accepted, rare difference).
 */
import { decodeRune, RUNE_ERROR } from './utf8.js';

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

/** Go's `unicode.IsPrint` / `strconv.IsPrint`. */
export function isPrint(r: number): boolean {
  if (r < 0x80) return r >= 0x20 && r < 0x7f;
  if (r >= 0xd800 && r <= 0xdfff) return false;
  return PRINTABLE.test(String.fromCodePoint(r));
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

function appendRune(r: number): string {
  if (r === 0x22) return '\\"';
  if (r === 0x5c) return '\\\\';
  if (isPrint(r)) return String.fromCodePoint(r);
  switch (r) {
    case 0x07:
      return '\\a';
    case 0x08:
      return '\\b';
    case 0x0c:
      return '\\f';
    case 0x0a:
      return '\\n';
    case 0x0d:
      return '\\r';
    case 0x09:
      return '\\t';
    case 0x0b:
      return '\\v';
  }
  if (r < 0x20 || r === 0x7f) return '\\x' + hex(r, 2);
  if (r < 0x10000) return '\\u' + hex(r, 4);
  return '\\U' + hex(r, 8);
}

/**
 * Go's `strconv.Quote(s)`. A JS string is taken as the UTF-8 text it encodes (a lone surrogate,
 * which Go strings cannot hold, is treated as U+FFFD); a `Uint8Array` is taken as raw bytes.
 */
export function goQuote(s: string | Uint8Array): string {
  let out = '"';
  if (typeof s === 'string') {
    for (let i = 0; i < s.length; i++) {
      let r = s.charCodeAt(i);
      // ASCII fast path.
      if (r >= 0x20 && r < 0x7f && r !== 0x22 && r !== 0x5c) {
        out += s[i];
        continue;
      }
      if (r >= 0xd800 && r <= 0xdbff && i + 1 < s.length) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          r = 0x10000 + ((r - 0xd800) << 10) + (d - 0xdc00);
          i++;
        }
      }
      if (r >= 0xd800 && r <= 0xdfff) r = RUNE_ERROR;
      out += appendRune(r);
    }
  } else {
    for (let i = 0; i < s.length;) {
      const [r, w] = decodeRune(s, i);
      if (r === RUNE_ERROR && w === 1) out += '\\x' + hex(s[i] as number, 2);
      else out += appendRune(r);
      i += w;
    }
  }
  return out + '"';
}
