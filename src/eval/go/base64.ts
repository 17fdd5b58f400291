/**
 * Go `encoding/base64` `StdEncoding`: standard alphabet, `=` padding.
 */

/** `base64.StdEncoding.EncodeToString`. */
export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64');
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE = new Int16Array(256).fill(-1);
for (let k = 0; k < ALPHABET.length; k++) DECODE[ALPHABET.charCodeAt(k)] = k;

const PAD = 0x3d;
const isNewline = (c: number | undefined): boolean => c === 0x0a || c === 0x0d;

function corrupt(n: number): { error: string } {
  return { error: `illegal base64 data at input byte ${n}` };
}

/**
 * `base64.StdEncoding.DecodeString`: padding required, `\r` and `\n` skipped anywhere, trailing
 * bits need not be zero. Errors read `illegal base64 data at input byte N`, with Go's N: the
 * offset of the offending byte, or for input that ends inside a quantum the offset where that
 * quantum began minus the newlines skipped within it (Go computes `si - j`).
 */
export function decodeBase64(s: string | Uint8Array): { bytes: Uint8Array } | { error: string } {
  // Go works on the string's bytes; a non-ASCII character is an illegal byte at its UTF-8 offset.
  const src = typeof s === 'string' ? Buffer.from(s, 'utf8') : s;
  const out = new Uint8Array(Math.floor(src.length / 4) * 3 + 3);
  let n = 0;
  let si = 0;
  const q = [0, 0, 0, 0];
  while (si < src.length) {
    // One quantum of up to four symbols (Go's decodeQuantum).
    let dlen = 4;
    let j = 0;
    let err: number | undefined;
    while (j < 4) {
      if (si === src.length) {
        if (j === 0) return { bytes: out.slice(0, n) };
        return corrupt(si - j);
      }
      const c = src[si] as number;
      si++;
      const d = DECODE[c] as number;
      if (d >= 0) {
        q[j++] = d;
        continue;
      }
      if (isNewline(c)) continue;
      if (c !== PAD) return corrupt(si - 1);
      // Padding: only after two or three symbols.
      if (j < 2) return corrupt(si - 1);
      if (j === 2) {
        // "==" expected; the first "=" is consumed.
        while (si < src.length && isNewline(src[si])) si++;
        if (si === src.length) return corrupt(src.length);
        if (src[si] !== PAD) return corrupt(si - 1);
        si++;
      }
      while (si < src.length && isNewline(src[si])) si++;
      if (si < src.length) err = si; // trailing garbage
      dlen = j;
      break;
    }
    const val =
      ((q[0] as number) << 18) |
      ((q[1] as number) << 12) |
      ((q[2] as number) << 6) |
      (q[3] as number);
    if (dlen === 4) {
      out[n++] = (val >> 16) & 0xff;
      out[n++] = (val >> 8) & 0xff;
      out[n++] = val & 0xff;
    } else if (dlen === 3) {
      out[n++] = (val >> 16) & 0xff;
      out[n++] = (val >> 8) & 0xff;
    } else {
      out[n++] = (val >> 16) & 0xff;
    }
    if (err !== undefined) return corrupt(err);
    q[0] = q[1] = q[2] = q[3] = 0;
  }
  return { bytes: out.slice(0, n) };
}
