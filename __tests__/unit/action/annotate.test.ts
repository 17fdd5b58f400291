import { jest } from '@jest/globals';
import { annotate, annotationProperties } from '../../../src/action/annotate.js';
import type { Diagnostic, Position } from '../../../src/syntax/diagnostic.js';

const at = (line: number, column: number): Position => ({ line, column, byte: 0 });
const diag = (start: Position, end: Position, severity: Diagnostic['severity'] = 'error') =>
  ({
    severity,
    summary: 'something is wrong',
    file: 'env',
    path: 'values.a',
    range: { file: 'env', start, end },
  }) satisfies Diagnostic;

describe('annotationProperties', () => {
  it('a range on one line carries both columns', () => {
    expect(annotationProperties(diag(at(3, 5), at(3, 12)), '.esc/env.yaml')).toEqual({
      file: '.esc/env.yaml',
      title: 'esc-action',
      startLine: 3,
      endLine: 3,
      startColumn: 5,
      endColumn: 12,
    });
  });

  it('a point is a one-column range', () => {
    const p = annotationProperties(diag(at(7, 1), at(7, 1)), 'f');
    expect([p.startLine, p.endLine, p.startColumn, p.endColumn]).toEqual([7, 7, 1, 1]);
  });

  it.each([
    [at(2, 3), at(4, 1)],
    [at(2, 9), at(3, 2)],
    [at(1, 1), at(40, 17)],
  ])('a range from %o to %o spanning lines has no column at all', (start, end) => {
    const p = annotationProperties(diag(start, end), 'f');
    expect(p.startLine).toBe(start.line);
    expect(p.endLine).toBe(end.line);
    expect(p).not.toHaveProperty('startColumn');
    expect(p).not.toHaveProperty('endColumn');
  });

  it('a whole-file diagnostic names only the file', () => {
    const d: Diagnostic = { severity: 'error', summary: 's', file: 'env', path: '' };
    expect(annotationProperties(d, 'f')).toEqual({ file: 'f', title: 'esc-action' });
  });
});

describe('annotate', () => {
  it('writes the workflow commands the runner reads', () => {
    const lines: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      annotate(
        [diag(at(2, 3), at(5, 1)), diag(at(6, 4), at(6, 9), 'warning')],
        (name) => `.esc/${name}.yaml`,
      );
    } finally {
      spy.mockRestore();
    }
    expect(lines.join('').split(/\r?\n/).filter(Boolean)).toEqual([
      '::error title=esc-action,file=.esc/env.yaml,line=2,endLine=5::something is wrong',
      '::warning title=esc-action,file=.esc/env.yaml,line=6,endLine=6,col=4,endColumn=9::something is wrong',
    ]);
  });
});
