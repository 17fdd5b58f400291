/**
 * UTF-8 helpers that follow Go's rules: a string is a sequence of bytes, and decoding an invalid
 * byte yields U+FFFD for that one byte (Go's `utf8.DecodeRune` returns `(RuneError, 1)`), unlike
 * the WHATWG decoder behind `TextDecoder`, which replaces a whole "maximal subpart" at once.
 */

const encoder = new TextEncoder();

/** The UTF-8 bytes of a JS string (a lone surrogate becomes EF BF BD, as U+FFFD). */
export function utf8Bytes(s: string): Uint8Array {
  return encoder.encode(s);
}

/** The UTF-8 byte length of a JS string, Go's `len(s)`. */
export function byteLength(s: string | Uint8Array): number {
  if (typeof s !== 'string') return s.length;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/** Go's `utf8.RuneError`. */
export const RUNE_ERROR = 0xfffd;

/**
 * Go's `utf8.DecodeRune(b[i:])`: the code point at `i` and its width in bytes. Invalid input
 * (bad lead or continuation byte, overlong form, surrogate, above U+10FFFF, truncated sequence)
 * gives `[RUNE_ERROR, 1]`; so does `i` at the end of the input... with width 0.
 */
export function decodeRune(b: Uint8Array, i: number): [rune: number, width: number] {
  const n = b.length - i;
  if (n <= 0) return [RUNE_ERROR, 0];
  const b0 = b[i] as number;
  if (b0 < 0x80) return [b0, 1];
  if (b0 < 0xc2 || b0 > 0xf4) return [RUNE_ERROR, 1];
  const b1 = n > 1 ? (b[i + 1] as number) : -1;
  if (b0 < 0xe0) {
    if (b1 < 0x80 || b1 > 0xbf) return [RUNE_ERROR, 1];
    return [((b0 & 0x1f) << 6) | (b1 & 0x3f), 2];
  }
  // Accepted range of the second byte depends on the lead byte (no overlongs, no surrogates,
  // nothing above U+10FFFF).
  const lo = b0 === 0xe0 ? 0xa0 : b0 === 0xf0 ? 0x90 : 0x80;
  const hi = b0 === 0xed ? 0x9f : b0 === 0xf4 ? 0x8f : 0xbf;
  if (b1 < lo || b1 > hi) return [RUNE_ERROR, 1];
  const b2 = n > 2 ? (b[i + 2] as number) : -1;
  if (b2 < 0x80 || b2 > 0xbf) return [RUNE_ERROR, 1];
  if (b0 < 0xf0) return [((b0 & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f), 3];
  const b3 = n > 3 ? (b[i + 3] as number) : -1;
  if (b3 < 0x80 || b3 > 0xbf) return [RUNE_ERROR, 1];
  return [((b0 & 0x07) << 18) | ((b1 & 0x3f) << 12) | ((b2 & 0x3f) << 6) | (b3 & 0x3f), 4];
}

/**
 * Decodes bytes as Go's `for range` / `[]rune(s)` does: every invalid byte becomes one U+FFFD.
 * (`strings.ToValidUTF8` would collapse runs; `TextDecoder` replaces maximal subparts.)
 */
export function bytesToString(bytes: Uint8Array): string {
  let out = '';
  let start = 0; // start of the current run of valid bytes
  const flush = (end: number): void => {
    if (end > start)
      out += Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('utf8');
  };
  for (let i = 0; i < bytes.length;) {
    const [r, w] = decodeRune(bytes, i);
    if (r === RUNE_ERROR && w === 1) {
      flush(i);
      out += '\ufffd';
      start = i + 1;
    }
    i += w;
  }
  flush(bytes.length);
  return out;
}

/** A JS string, or a byte string's valid UTF-8 decoding (invalid bytes -> U+FFFD each). */
export function toJsString(s: string | Uint8Array): string {
  return typeof s === 'string' ? s : bytesToString(s);
}

/**
 * Compares two strings in Go's order (`a < b` on UTF-8 bytes), which is code-point order. JS
 * `<` compares UTF-16 units and puts U+10000.. before U+E000..U+FFFF; this does not.
 */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca !== cb) {
      // Surrogates (D800..DFFF) encode code points above every BMP unit; lift them above E000..FFFF.
      const ka = ca >= 0xd800 && ca <= 0xdfff ? ca + 0x2000 : ca >= 0xe000 ? ca - 0x800 : ca;
      const kb = cb >= 0xd800 && cb <= 0xdfff ? cb + 0x2000 : cb >= 0xe000 ? cb - 0x800 : cb;
      return ka - kb;
    }
  }
  return a.length - b.length;
}

/** Sorts keys in Go's byte order (a new array). */
export function sortedKeys(keys: Iterable<string>): string[] {
  return [...keys].sort(compareUtf8);
}
