import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  byteLength,
  bytesToString,
  compareUtf8,
  decodeRune,
  sortedKeys,
  utf8Bytes,
} from '../../../src/base/utf8.js';
import { hex } from './go-outputs.js';

describe('utf8 helpers', () => {
  it('measures byte length like Go len()', () => {
    expect(byteLength('')).toBe(0);
    expect(byteLength('abc')).toBe(3);
    expect(byteLength('é')).toBe(2);
    expect(byteLength('€')).toBe(3);
    expect(byteLength('😀')).toBe(4);
    expect(byteLength('\ud800')).toBe(3);
    expect(byteLength(hex('ff00'))).toBe(2);
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) =>
        expect(byteLength(s)).toBe(utf8Bytes(s).length),
      ),
    );
  });

  it.each([
    ['41', 0x41, 1],
    ['c3a9', 0xe9, 2],
    ['e282ac', 0x20ac, 3],
    ['f09f9880', 0x1f600, 4],
    ['ff', 0xfffd, 1],
    ['c3', 0xfffd, 1],
    ['c328', 0xfffd, 1],
    ['c0af', 0xfffd, 1], // overlong
    ['e08080', 0xfffd, 1], // overlong
    ['eda080', 0xfffd, 1], // surrogate
    ['f4908080', 0xfffd, 1], // > U+10FFFF
    ['f09080', 0xfffd, 1], // truncated
    ['efbfbd', 0xfffd, 3], // a real U+FFFD
  ])('decodeRune(%s)', (h, r, w) => {
    expect(decodeRune(hex(h), 0)).toEqual([r, w]);
  });

  it('decodes with one U+FFFD per invalid byte', () => {
    expect(bytesToString(hex('61f0908062'))).toBe('a\ufffd\ufffd\ufffdb'); // TextDecoder gives one
    expect(bytesToString(hex('c3a9ff'))).toBe('é\ufffd');
    expect(bytesToString(new Uint8Array())).toBe('');
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) =>
        expect(bytesToString(utf8Bytes(s))).toBe(s),
      ),
    );
  });

  it('compares strings in UTF-8 byte order', () => {
    expect(compareUtf8('a', 'b')).toBeLessThan(0);
    expect(compareUtf8('ab', 'a')).toBeGreaterThan(0);
    expect(compareUtf8('x', 'x')).toBe(0);
    expect(compareUtf8('\uffff', '😀')).toBeLessThan(0); // JS < says the opposite
    expect(sortedKeys(['😀', '\ue000', 'b', 'B', ''])).toEqual(['', 'B', 'b', '\ue000', '😀']);
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (a, b) => {
        const want = Buffer.compare(Buffer.from(a), Buffer.from(b));
        expect(Math.sign(compareUtf8(a, b))).toBe(want);
      }),
    );
  });
});
