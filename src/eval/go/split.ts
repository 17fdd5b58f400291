/**
 * Go `strings.Split(s, sep)`: `sep` found n times gives n+1 parts (so `""` gives `[""]` and a
 * missing `sep` gives `[s]`); an empty `sep` splits after each UTF-8 sequence, i.e. into code
 * points rather than UTF-16 units (and `strings.Split("", "")` is `[]`).
 */
export function goSplit(s: string, sep: string): string[] {
  if (sep === '') return Array.from(s);
  return s.split(sep);
}
