/**
 * `fn::secret`: a plaintext string flagged secret, or a ciphertext envelope decrypted by the
 * host's decrypter (`"escx"`, version 1, payload, CRC-32).
 */
import type { DeclaredExpr } from '../declare.js';
import { EValue } from '../evalue.js';
import { bytesOrString } from '../evaluator.js';
import { decodeBase64 } from '../go/base64.js';
import type { Host } from './host.js';
import { result } from './host.js';

export const NO_DECRYPTER =
  'encrypted secrets need Pulumi Cloud; use a provider such as aws-secrets';

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Decodes a ciphertext envelope; returns the payload or the reason it is invalid. */
export function decodeCiphertext(text: string): { payload: Uint8Array } | { error: string } {
  const d = decodeBase64(text);
  if ('error' in d) return d;
  const b = d.bytes;
  if (b.length < 16) return { error: 'EOF' };
  if (b[0] !== 0x65 || b[1] !== 0x73 || b[2] !== 0x63 || b[3] !== 0x78)
    return { error: 'invalid header' };
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const sum = view.getUint32(b.length - 4);
  if (crc32(b.subarray(0, b.length - 4)) !== sum) return { error: 'invalid checksum' };
  if (view.getUint32(4) !== 1) return { error: 'unsupported version' };
  return { payload: b.slice(8, b.length - 4) };
}

/** Builds a ciphertext envelope around an encrypted payload. */
export function encodeCiphertext(payload: Uint8Array): string {
  const b = new Uint8Array(payload.length + 12);
  b.set([0x65, 0x73, 0x63, 0x78, 0, 0, 0, 1]);
  b.set(payload, 8);
  new DataView(b.buffer).setUint32(b.length - 4, crc32(b.subarray(0, b.length - 4)));
  return Buffer.from(b).toString('base64');
}

export function evaluateSecret(h: Host, x: DeclaredExpr): EValue {
  if (x.x.kind !== 'secret') return EValue.unknown(x.x.node);
  const plaintext = x.operand('plaintext');
  if (plaintext !== undefined) {
    const v = h.evaluateExpr(plaintext);
    const out = new EValue(x.x.node, v.repr);
    out.unknown = v.unknown;
    out.cause = v.cause;
    out.secret = true;
    return out;
  }
  const v = result(x);
  v.secret = true;
  const decoded = decodeCiphertext(x.x.ciphertext?.value ?? '');
  if ('error' in decoded) {
    h.error(x.x.node, `invalid ciphertext: ${decoded.error}`);
    v.unknown = true;
    return v;
  }
  const opts = h.pass.options;
  if (h.checking && opts.showSecrets !== true) {
    v.unknown = true;
    return v;
  }
  if (opts.decrypter === undefined) {
    h.error(x.x.node, NO_DECRYPTER);
    v.unknown = true;
    return v;
  }
  try {
    v.repr = bytesOrString(opts.decrypter(decoded.payload));
  } catch (err) {
    h.error(x.x.node, `decrypting: ${err instanceof Error ? err.message : String(err)}`);
    v.unknown = true;
  }
  return v;
}
