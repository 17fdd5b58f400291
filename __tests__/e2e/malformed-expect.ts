// The expectation table of the malformed-input corpus (__tests__/corpus/malformed/expected.txt):
// for every corpus file, the exact `::error` annotations the action must print for it, in order,
// one per line:
//
//   <file>[ open| check]: <line>[:<col>]: <message>
//
// - `<file>` is the corpus file's name; a line with ` open` or ` check` applies to that mode
//   only, a line without one to both modes.
// - `<line>:<col>` are the annotation's `line` and `col` properties; `<line>` alone when the
//   annotation has no `col` (a range spanning lines), `-` when it names the file without a line,
//   `nofile` when it names no file at all (the environment could not be read).
// - An annotation naming another file than the case's is written `<line>[:<col>]: [<file>] …`.
// - `<message>` is the annotation text exactly, with `\n` for a newline and `\\` for a backslash.
//   The step's workspace path, which changes on every run, is written `<workspace>`.
//
// The step's last error, `<file>: N error(s) in the environment; nothing was exported`, is not
// listed: annotationsOf checks it apart (present exactly when an annotation names a file, with
// their count). The table keeps the corpus files byte for byte as they are (a comment inside a
// malformed file would change what it tests). The pure helpers below parse and write it.
import type { WorkflowCommand } from '../../scripts/stack/index.mjs';

export type Mode = 'open' | 'check';

/** One expected annotation, as written in the table. */
export interface Expectation {
  file: string;
  mode?: Mode;
  /** `<line>[:<col>]`, `-` or `nofile`. */
  at: string;
  message: string;
}

const LINE = /^(\S+?)(?: (open|check))?: (-|nofile|\d+(?::\d+)?): (.*)$/;

/** `\n` → newline, `\\` → backslash (and nothing else: other backslashes stay as written). */
export function unescapeMessage(s: string): string {
  return s.replace(/\\([\\n])/g, (_, c: string) => (c === 'n' ? '\n' : '\\'));
}

export function escapeMessage(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\r?\n/g, '\\n');
}

/** Parses the table; `#` lines and blank lines are comments. Throws on a malformed line. */
export function parseExpectations(text: string): Expectation[] {
  const out: Expectation[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '' || line.startsWith('#')) return;
    const m = LINE.exec(line);
    if (!m) {
      throw new Error(
        `expected.txt:${i + 1}: not "<file>[ open| check]: <line>[:<col>]: <message>": ${line}`,
      );
    }
    out.push({
      file: m[1] ?? '',
      ...(m[2] ? { mode: m[2] as Mode } : {}),
      at: m[3] ?? '',
      message: unescapeMessage(m[4] ?? ''),
    });
  });
  return out;
}

/** The table's lines for one file in one mode, as `<at>: <message>`, in order. */
export function expectedFor(table: Expectation[], file: string, mode: Mode): string[] {
  return table
    .filter((e) => e.file === file && (e.mode === undefined || e.mode === mode))
    .map((e) => `${e.at}: ${e.message}`);
}

/**
 * An annotation as the table writes it (`<at>: <message>`), the workspace path replaced by
 * `<workspace>`; `file` is the case's file (`.esc/<name>.yaml`).
 */
export function describeAnnotation(e: WorkflowCommand, file: string, workspace: string): string {
  const named = e.properties['file'];
  const line = e.properties['line'];
  const col = e.properties['col'];
  const at =
    named === undefined
      ? 'nofile'
      : line === undefined
        ? '-'
        : col === undefined
          ? line
          : `${line}:${col}`;
  const message = workspace === '' ? e.value : e.value.split(workspace).join('<workspace>');
  return `${at}: ${named !== undefined && named !== file ? `[${named}] ` : ''}${message}`;
}

/** The action's last error after `n` annotations naming a file (src/action/main.ts). */
export function summaryOf(file: string, n: number): string {
  return `${file}: ${n} error${n === 1 ? '' : 's'} in the environment; nothing was exported`;
}

/**
 * A step's `::error` commands as the table writes them, without the summary; `summary` tells
 * whether the summary was there and right: it must be exactly when an annotation names a file.
 */
export function annotationsOf(
  commands: WorkflowCommand[],
  file: string,
  workspace: string,
): { annotations: string[]; summary: boolean } {
  const errors = commands.filter((c) => c.command === 'error');
  const withFile = errors.filter((e) => e.properties['file'] !== undefined).length;
  const last = errors.at(-1);
  const hasSummary =
    last !== undefined &&
    last.properties['file'] === undefined &&
    last.value === summaryOf(file, withFile);
  const rest = hasSummary ? errors.slice(0, -1) : errors;
  return {
    annotations: rest.map((e) => describeAnnotation(e, file, workspace)),
    summary: hasSummary === withFile > 0,
  };
}

/**
 * The table lines for one file from what each mode printed: lines without a mode when both modes
 * printed the same, else each mode's own lines.
 */
export function formatExpectations(file: string, byMode: Record<Mode, string[]>): string[] {
  const line = (mode: Mode | '', d: string) => {
    const sep = d.indexOf(': ');
    return `${file}${mode ? ` ${mode}` : ''}: ${d.slice(0, sep)}: ${escapeMessage(d.slice(sep + 2))}`;
  };
  const same =
    byMode.open.length === byMode.check.length &&
    byMode.open.every((d, i) => d === byMode.check[i]);
  if (same) return byMode.open.map((d) => line('', d));
  return [...byMode.open.map((d) => line('open', d)), ...byMode.check.map((d) => line('check', d))];
}
