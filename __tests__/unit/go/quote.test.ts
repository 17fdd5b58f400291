import { describe, expect, it } from '@jest/globals';
import { goQuote, isPrint } from '../../../src/eval/go/quote.js';
import { utf8Bytes } from '../../../src/base/utf8.js';
import { hex, QUOTE } from './go-outputs.js';

describe('goQuote (strconv.Quote)', () => {
  it.each(QUOTE)('%j', (input, expected) => {
    expect(goQuote(input)).toBe(expected);
    // A valid string quotes the same from its JS form and from its bytes.
    if (typeof input === 'string') expect(goQuote(utf8Bytes(input))).toBe(expected);
  });

  it('matches the esc-language.md §2.5 examples', () => {
    expect(goQuote('a')).toBe('"a"');
    expect(goQuote('"b"="c"')).toBe('"\\"b\\"=\\"c\\""');
    expect(goQuote('é😀')).toBe('"é😀"');
    expect(goQuote('\u00a0')).toBe('"\\u00a0"');
    expect(goQuote('\x7f')).toBe('"\\x7f"');
  });

  it('treats a lone surrogate in a JS string as U+FFFD', () => {
    expect(goQuote('a\ud800b')).toBe('"a\ufffdb"');
    expect(goQuote('\udc00')).toBe('"\ufffd"');
  });

  it('escapes each invalid byte on its own', () => {
    expect(goQuote(hex('e282ac'))).toBe('"€"');
    expect(goQuote(hex('e282'))).toBe('"\\xe2\\x82"');
  });

  it('classifies printability like unicode.IsPrint', () => {
    expect(isPrint(0x20)).toBe(true);
    expect(isPrint(0x7e)).toBe(true);
    expect(isPrint(0x7f)).toBe(false);
    expect(isPrint(0xa0)).toBe(false);
    expect(isPrint(0xad)).toBe(false); // soft hyphen, Cf
    expect(isPrint(0xe9)).toBe(true);
    expect(isPrint(0x3000)).toBe(false);
    expect(isPrint(0xe000)).toBe(false); // private use
    expect(isPrint(0x1f600)).toBe(true);
  });
});

describe('Unicode version', () => {
  it("escapes characters assigned after Unicode 15.0 (Go's tables), keeps older ones", () => {
    expect(goQuote('\u{2ebf0}')).toBe('"\\U0002ebf0"'); // CJK Ext. I, Unicode 15.1
    expect(goQuote('\u31ef')).toBe('"\\u31ef"'); // Unicode 15.1
    expect(goQuote('\u{1fae8}')).toBe('"\u{1fae8}"'); // shaking face, Unicode 15.0: printable
    expect(goQuote('\u{1fa70}')).toBe('"\u{1fa70}"'); // Unicode 12
    expect(goQuote('\u{1fa89}')).toBe('"\\U0001fa89"'); // Unicode 16
  });
});
