import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { decodeBase64, encodeBase64 } from '../../../src/eval/go/base64.js';
import { utf8Bytes } from '../../../src/base/utf8.js';
import { BASE64_DECODE, BASE64_ENCODE, hex } from './go-outputs.js';

const toHex = (
  r: { bytes: Uint8Array } | { error: string },
): { hex: string } | { error: string } =>
  'bytes' in r ? { hex: Buffer.from(r.bytes).toString('hex') } : r;

describe('decodeBase64 (base64.StdEncoding.DecodeString)', () => {
  it.each(BASE64_DECODE)('%j', (input, expected) => {
    expect(toHex(decodeBase64(input))).toEqual(expected);
  });

  it('decodes the esc-language.md E10 byte exactly', () => {
    expect(decodeBase64('/w==')).toEqual({ bytes: hex('ff') });
  });

  it('accepts byte strings', () => {
    expect(decodeBase64(hex('2f773d3d'))).toEqual({ bytes: hex('ff') });
    expect(decodeBase64(hex('61ff'))).toEqual({ error: 'illegal base64 data at input byte 1' });
  });

  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
        expect(decodeBase64(encodeBase64(b))).toEqual({ bytes: b });
      }),
    );
  });
});

describe('encodeBase64 (StdEncoding.EncodeToString)', () => {
  it.each(BASE64_ENCODE)('%j', (input, expected) => {
    expect(encodeBase64(typeof input === 'string' ? utf8Bytes(input) : input)).toBe(expected);
  });

  it('handles views into larger buffers', () => {
    const big = hex('00616263ff');
    expect(encodeBase64(big.subarray(1, 4))).toBe('YWJj');
  });
});
