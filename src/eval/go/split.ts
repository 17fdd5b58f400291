/**
 * Go `strings.Split(s, sep)`: `sep` found n times gives n+1 parts (so `""` gives `[""]` and a
 * missing `sep` gives `[s]`); an empty `sep` splits after each UTF-8 sequence, i.e. into code
 * points rather than UTF-16 units (and `strings.Split("", "")` is `[]`).
 */
/** How many parts `goSplit(s, sep)` returns, found without building them. */
export function goSplitCount(s: string, sep: string): number {
  let n = 0;
  if (sep === '') {
    // Code points, as Array.from counts them (a lone surrogate is one).
    for (let i = 0; i < s.length; i++, n++) {
      const c = s.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) i++;
      }
    }
    return n;
  }
  n = 1;
  for (let i = s.indexOf(sep); i !== -1; i = s.indexOf(sep, i + sep.length)) n++;
  return n;
}

export function goSplit(s: string, sep: string): string[] {
  if (sep === '') return Array.from(s);
  return s.split(sep);
}
