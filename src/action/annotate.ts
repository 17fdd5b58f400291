/** Diagnostics as GitHub annotations (`::error file=…,line=…,col=…::message`). */
import * as core from '@actions/core';
import type { Diagnostic } from '../syntax/diagnostic.js';

export function annotate(diags: readonly Diagnostic[], fileOf: (envName: string) => string): void {
  for (const d of diags) {
    const props: core.AnnotationProperties = { file: fileOf(d.file), title: 'esc-action' };
    if (d.range) {
      props.startLine = d.range.start.line;
      props.startColumn = d.range.start.column;
      props.endLine = d.range.end.line;
      if (d.range.end.line === d.range.start.line) props.endColumn = d.range.end.column;
    }
    if (d.severity === 'error') core.error(d.summary, props);
    else core.warning(d.summary, props);
  }
}
