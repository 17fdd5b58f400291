/**
 * Go's `strconv.Quote` (the `%q` verb for strings), byte for byte.
 *
 * Rules: `"` and `\` are backslash-escaped; printable runes (Go's `unicode.IsPrint`: letters, marks,
 * numbers, punctuation, symbols and ASCII space) are kept raw; `\a \b \f \n \r \t \v` use their
 * short escapes; other runes below U+0020 and U+007F become `\xNN`; other non-printable runes
 * become `\uNNNN` or `\UNNNNNNNN`; each byte of invalid UTF-8 becomes `\xNN`. Hex is lower case.
 *
 * Printability comes from the JS engine's Unicode tables (Node 20: Unicode 15.1..17) narrowed to
 * Go's Unicode 15.0 (Go 1.21 and later): the characters assigned after 15.0 that the engine calls
 * printable are listed below and escaped, as Go escapes unassigned runes. The list was computed
 * against UnicodeData.txt 15.0.0 and Node's Unicode 17.0; on such engines the two agree on every
 * code point. (A future engine with characters newer than 17.0 would print those raw.)
 */
import { decodeRune, RUNE_ERROR } from '../../base/utf8.js';

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

/** Inclusive ranges (start, end, ...) of code points assigned after Unicode 15.0. */
const NEWER_THAN_GO = [
  0x88f, 0x88f, 0x897, 0x897, 0xc5c, 0xc5c, 0xcdc, 0xcdc, 0x1acf, 0x1add, 0x1ae0, 0x1aeb, 0x1b4e,
  0x1b4f, 0x1b7f, 0x1b7f, 0x1c89, 0x1c8a, 0x20c1, 0x20c1, 0x2427, 0x2429, 0x2b96, 0x2b96, 0x2ffc,
  0x2fff, 0x31e4, 0x31e5, 0x31ef, 0x31ef, 0xa7cb, 0xa7cf, 0xa7d2, 0xa7d2, 0xa7d4, 0xa7d4, 0xa7da,
  0xa7dc, 0xa7f1, 0xa7f1, 0xfbc3, 0xfbd2, 0xfd90, 0xfd91, 0xfdc8, 0xfdce, 0x105c0, 0x105f3, 0x10940,
  0x10959, 0x10d40, 0x10d65, 0x10d69, 0x10d85, 0x10d8e, 0x10d8f, 0x10ec2, 0x10ec7, 0x10ed0, 0x10ed8,
  0x10efa, 0x10efc, 0x11380, 0x11389, 0x1138b, 0x1138b, 0x1138e, 0x1138e, 0x11390, 0x113b5, 0x113b7,
  0x113c0, 0x113c2, 0x113c2, 0x113c5, 0x113c5, 0x113c7, 0x113ca, 0x113cc, 0x113d5, 0x113d7, 0x113d8,
  0x113e1, 0x113e2, 0x116d0, 0x116e3, 0x11b60, 0x11b67, 0x11bc0, 0x11be1, 0x11bf0, 0x11bf9, 0x11db0,
  0x11ddb, 0x11de0, 0x11de9, 0x11f5a, 0x11f5a, 0x13460, 0x143fa, 0x16100, 0x16139, 0x16d40, 0x16d79,
  0x16ea0, 0x16eb8, 0x16ebb, 0x16ed3, 0x16ff2, 0x16ff6, 0x187f8, 0x187ff, 0x18cff, 0x18cff, 0x18d09,
  0x18d1e, 0x18d80, 0x18df2, 0x1cc00, 0x1ccfc, 0x1cd00, 0x1ceb3, 0x1ceba, 0x1ced0, 0x1cee0, 0x1cef0,
  0x1e5d0, 0x1e5fa, 0x1e5ff, 0x1e5ff, 0x1e6c0, 0x1e6de, 0x1e6e0, 0x1e6f5, 0x1e6fe, 0x1e6ff, 0x1f6d8,
  0x1f6d8, 0x1f777, 0x1f77a, 0x1f8b2, 0x1f8bb, 0x1f8c0, 0x1f8c1, 0x1f8d0, 0x1f8d8, 0x1fa54, 0x1fa57,
  0x1fa89, 0x1fa8a, 0x1fa8e, 0x1fa8f, 0x1fabe, 0x1fabe, 0x1fac6, 0x1fac6, 0x1fac8, 0x1fac8, 0x1facd,
  0x1facd, 0x1fadc, 0x1fadc, 0x1fadf, 0x1fadf, 0x1fae9, 0x1faea, 0x1faef, 0x1faef, 0x1fbcb, 0x1fbef,
  0x1fbfa, 0x1fbfa, 0x2b73a, 0x2b73f, 0x2cea2, 0x2cead, 0x2ebf0, 0x2ee5d, 0x323b0, 0x33479,
];

function newerThanGo(r: number): boolean {
  let lo = 0;
  let hi = NEWER_THAN_GO.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (r < (NEWER_THAN_GO[2 * mid] as number)) hi = mid - 1;
    else if (r > (NEWER_THAN_GO[2 * mid + 1] as number)) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Go's `unicode.IsPrint` / `strconv.IsPrint`. */
export function isPrint(r: number): boolean {
  if (r < 0x80) return r >= 0x20 && r < 0x7f;
  if (r >= 0xd800 && r <= 0xdfff) return false;
  return PRINTABLE.test(String.fromCodePoint(r)) && !newerThanGo(r);
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
  // Runs of characters kept as they are are copied in one slice (a string built one character
  // at a time costs a rope node per character: seconds and hundreds of MB for 16 Mi characters).
  let out = '"';
  let start = 0;
  if (typeof s === 'string') {
    for (let i = 0; i < s.length; i++) {
      let r = s.charCodeAt(i);
      // ASCII fast path.
      if (r >= 0x20 && r < 0x7f && r !== 0x22 && r !== 0x5c) continue;
      const at = i;
      if (r >= 0xd800 && r <= 0xdbff && i + 1 < s.length) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          r = 0x10000 + ((r - 0xd800) << 10) + (d - 0xdc00);
          i++;
        }
      }
      if (r >= 0xd800 && r <= 0xdfff) r = RUNE_ERROR;
      // A printable rune (not a replaced lone surrogate) is written as the source has it.
      else if (r >= 0x80 && isPrint(r)) continue;
      out += s.slice(start, at) + appendRune(r);
      start = i + 1;
    }
    return out + s.slice(start) + '"';
  }
  for (let i = 0; i < s.length;) {
    const c = s[i] as number;
    if (c >= 0x20 && c < 0x7f && c !== 0x22 && c !== 0x5c) {
      i++;
      continue;
    }
    out += ASCII.decode(s.subarray(start, i));
    const [r, w] = decodeRune(s, i);
    if (r === RUNE_ERROR && w === 1) out += '\\x' + hex(c, 2);
    else out += appendRune(r);
    i += w;
    start = i;
  }
  return out + ASCII.decode(s.subarray(start)) + '"';
}

/** Decodes runs of printable ASCII bytes. */
const ASCII = new TextDecoder('utf-8');
