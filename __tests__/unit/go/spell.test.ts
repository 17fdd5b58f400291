import { describe, expect, it } from '@jest/globals';
import { levenshtein, osaDistance, suggest } from '../../../src/base/spell.js';

const L = (a: string, b: string): number => levenshtein(Array.from(a), Array.from(b));

describe('levenshtein', () => {
  it.each([
    ['', '', 0],
    ['', 'abc', 3],
    ['abc', '', 3],
    ['kitten', 'sitting', 3],
    ['flaw', 'lawn', 2],
    ['bar', 'baz', 1],
    ['😀a', 'a', 1],
  ])('%j vs %j = %d', (a, b, d) => {
    expect(L(a, b)).toBe(d);
  });
});

describe('suggest (did you mean)', () => {
  it('matches the esc-language.md §2.4 examples (Test: invalid-access)', () => {
    expect(suggest('bar', ['hello', 'baz'])).toBe('baz');
    expect(suggest('bar', ['foo'])).toBeUndefined();
  });

  it('ignores case and underscores', () => {
    expect(suggest('my_key', ['MyKey'])).toBe('MyKey');
    expect(suggest('MYKEY', ['my_key'])).toBe('my_key');
    expect(suggest('awsregion', ['aws_region', 'other'])).toBe('aws_region');
  });

  it('requires a distance strictly below floor((len(key)+1)/2)', () => {
    // "ab": limit 1, so only distance 0 (after normalisation) qualifies.
    expect(suggest('ab', ['ax'])).toBeUndefined();
    expect(suggest('ab', ['A_B'])).toBe('A_B');
    // "abcd": limit 2 -> distance 1 ok, 2 not.
    expect(suggest('abcd', ['abce'])).toBe('abce');
    expect(suggest('abcd', ['abef'])).toBeUndefined();
    // "abcde": limit 3 -> distance 2 ok.
    expect(suggest('abcde', ['abcxy'])).toBe('abcxy');
    expect(suggest('abcde', ['axyze'])).toBeUndefined();
    // one-byte keys never get a suggestion (limit 1, and an exact match is not missing).
    expect(suggest('a', ['b', 'A'])).toBe('A');
    expect(suggest('a', ['b'])).toBeUndefined();
    // the limit counts UTF-8 bytes: "éé" is 4 bytes -> limit 2.
    expect(suggest('éé', ['éx'])).toBe('éx');
  });

  it('picks the closest, breaking ties by byte order', () => {
    expect(suggest('hostname', ['hostnme', 'hostnam_e', 'hosts'])).toBe('hostnam_e');
    expect(suggest('abcdef', ['abcdxy', 'abcdex'])).toBe('abcdex');
    expect(suggest('abcdef', ['abcdez', 'abcdey'])).toBe('abcdey');
    expect(suggest('abcdef', new Set(['zbcdef', 'abcdeg']))).toBe('abcdeg');
  });

  it('returns undefined without candidates', () => {
    expect(suggest('anything', [])).toBeUndefined();
  });

  it("with swaps, a swap of two adjacent letters is one edit; ESC's rule stays the default", () => {
    const O = (a: string, b: string): number => osaDistance(Array.from(a), Array.from(b));
    expect([O('jion', 'join'), L('jion', 'join')]).toEqual([1, 2]);
    expect([O('ab', 'ba'), O('abc', 'ca'), O('', 'abc'), O('kitten', 'sitting')]).toEqual([
      1, 3, 3, 3,
    ]);
    expect(suggest('jion', ['join', 'split'])).toBeUndefined();
    expect(suggest('jion', ['join', 'split'], { swaps: true })).toBe('join');
    expect(suggest('nmae', ['name'], { swaps: true })).toBe('name');
    expect(suggest('frobnicate', ['concat', 'join', 'toJSON'], { swaps: true })).toBeUndefined();
  });
});
