/** Quoting for `open --format shell`, whose output is meant to be `eval`ed or sourced. */

/**
 * A POSIX shell word that is exactly `s`: single quotes, in which nothing is expanded (a value
 * such as `$(cmd)` stays text when the output is `eval`ed), each `'` written as `'\''`.
 */
export function shellQuote(s: string): string {
  return `'${s.replaceAll("'", "'\\''")}'`;
}
