import { describe, expect, it } from '@jest/globals';
import { goSplit } from '../../../src/eval/go/split.js';
import { SPLIT } from './go-outputs.js';

describe('goSplit (strings.Split)', () => {
  it.each(SPLIT)('%j split by %j', (s, sep, expected) => {
    expect(goSplit(s, sep)).toEqual(expected);
  });

  it('matches esc-language.md §3 fn::split', () => {
    expect(goSplit('', ',')).toEqual(['']);
    expect(goSplit('abc', ',')).toEqual(['abc']);
    expect(goSplit('a😀b', '')).toEqual(['a', '😀', 'b']);
  });
});
