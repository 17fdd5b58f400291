/**
 * Diagnostics are data: every problem found in an environment file is a value with a severity, a
 * message, the environment it belongs to and (where one exists) a 1-based source range. The core
 * never throws on user input; hosts turn diagnostics into annotations or `file:line:col:` lines.
 */

/** A point in a source file. Lines and columns are 1-based; `byte` is a 0-based UTF-8 offset. */
export interface Position {
  line: number;
  column: number;
  byte: number;
}

/** A span of source text in one environment file. `file` is the environment's name. */
export interface Range {
  file: string;
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  severity: Severity;
  /** The message, worded as the upstream ESC evaluator words it where one exists. */
  summary: string;
  /** The environment name the diagnostic belongs to (the root's or an import's). */
  file: string;
  /** Where in that file; absent for whole-file problems such as YAML syntax errors. */
  range?: Range;
  /** The YAML document path of the node (`values.a["b-c"][0]`), or `""`. */
  path: string;
}

export function hasErrors(diags: readonly Diagnostic[]): boolean {
  return diags.some((d) => d.severity === 'error');
}

/** Sorts by file, then start line and column; stable, so equal positions keep their order. */
export function sortDiagnostics(diags: readonly Diagnostic[]): Diagnostic[] {
  return [...diags].sort((a, b) => {
    if (a.file !== b.file) return a.file < b.file ? -1 : 1;
    const al = a.range?.start.line ?? 0;
    const bl = b.range?.start.line ?? 0;
    if (al !== bl) return al - bl;
    return (a.range?.start.column ?? 0) - (b.range?.start.column ?? 0);
  });
}
