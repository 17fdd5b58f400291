/** Diagnostics as GitHub annotations (`::error file=…,line=…,col=…::message`). */
import * as core from '@actions/core';
import type { Diagnostic } from '../syntax/diagnostic.js';

/**
 * The annotation's properties for `d`. Columns follow `@actions/core`'s rule: they are sent only
 * when the range starts and ends on one line (a range over several lines gets `line` and
 * `endLine` alone, which the runner shows as those lines).
 */
export function annotationProperties(d: Diagnostic, file: string): core.AnnotationProperties {
  const props: core.AnnotationProperties = { file, title: 'esc-action' };
  if (!d.range) return props;
  const { start, end } = d.range;
  props.startLine = start.line;
  if (end.line > start.line) {
    props.endLine = end.line;
    return props;
  }
  props.endLine = start.line;
  props.startColumn = start.column;
  props.endColumn = Math.max(start.column, end.column);
  return props;
}

export function annotate(diags: readonly Diagnostic[], fileOf: (envName: string) => string): void {
  for (const d of diags) {
    const props = annotationProperties(d, fileOf(d.file));
    if (d.severity === 'error') core.error(d.summary, props);
    else core.warning(d.summary, props);
  }
}
