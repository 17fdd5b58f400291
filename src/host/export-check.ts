/**
 * What can make an export fail after it started, checked while planning it: a variable value a
 * process environment cannot hold (a NUL byte; a `NAME=value` string or a whole environment too
 * large for the operating system to start a process with), and a `files` name that cannot be
 * written on every runner. Problems are error diagnostics at the value (or the key), like the
 * name rules in names.ts, so the host annotates them and writes nothing.
 */
import { keyRangeOf } from '../eval/evalue.js';
import type { Value } from '../eval/value.js';
import { sortDiagnostics, type Diagnostic, type Range } from '../syntax/diagnostic.js';
import { joinKey } from '../syntax/path.js';
import { asText, environmentExports, type ExportEntry } from './exports.js';

/**
 * The largest `NAME=value` string, in UTF-8 bytes: Linux refuses to start a process (E2BIG)
 * when one environment string, with its terminating NUL, exceeds MAX_ARG_STRLEN (128 KiB).
 */
export const MAX_VARIABLE_BYTES = 128 * 1024 - 1;

/**
 * The largest environment a process is given, counted as the operating system counts it: each
 * `NAME=value` string, its NUL and its pointer (8 bytes). 1 MiB is macOS's ARG_MAX for the
 * arguments and the environment together and half of Linux's usual 2 MiB, which leaves room for
 * the arguments and for what later steps add to their own environment.
 */
export const MAX_ENVIRONMENT_BYTES = 1024 * 1024;

/** The longest `files` name (a file name on Linux, macOS and Windows: 255 bytes). */
export const MAX_FILE_NAME_BYTES = 255;

/** Names Windows reserves for devices, whatever the case or extension. */
const WINDOWS_DEVICE = /^(CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9])$/i;

const POINTER_BYTES = 8;

/** The bytes one `NAME=value` string takes in a process environment (NUL and pointer included). */
export function environmentEntryBytes(name: string, value: string): number {
  return Buffer.byteLength(name) + 1 + Buffer.byteLength(value) + 1 + POINTER_BYTES;
}

/** The bytes a whole environment takes when a process is started with it. */
export function environmentBytes(env: Readonly<Record<string, string | undefined>>): number {
  let total = 0;
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined) total += environmentEntryBytes(name, value);
  }
  return total;
}

export interface ExportCheckOptions {
  /** The environment the variables are added to (this step's, which `run` inherits). */
  inherited: Readonly<Record<string, string | undefined>>;
  /** The path each `files` entry will be written to (its length counts in the environment). */
  filePath: (name: string) => string;
  /** Overrides of the limits above (tests). */
  maxVariableBytes?: number;
  maxEnvironmentBytes?: number;
}

function kib(bytes: number): string {
  return `${Math.floor(bytes / 1024)} KiB`;
}

/** Why a variable's value cannot be placed in a process environment, or undefined. */
export function variableValueProblem(
  name: string,
  value: string,
  maxBytes = MAX_VARIABLE_BYTES,
): string | undefined {
  const nul = value.indexOf('\0');
  if (nul >= 0) {
    return `the value of ${name} contains a NUL byte (character ${nul + 1} of ${value.length}), which no process environment can hold; write binary data under files instead`;
  }
  const bytes = Buffer.byteLength(name) + 1 + Buffer.byteLength(value);
  if (bytes > maxBytes) {
    return `${name}=<value> is ${bytes} bytes, more than the ${maxBytes} bytes (${kib(maxBytes + 1)} with its terminator) one environment variable may hold: no process could be started with it; write it under files instead`;
  }
  return undefined;
}

/** Why `name` cannot be a `files` entry's file name on every runner, or undefined. */
export function fileNameProblem(name: string): string | undefined {
  if (Buffer.byteLength(name) > MAX_FILE_NAME_BYTES)
    return `the file name ${name.slice(0, 32)}… is longer than ${MAX_FILE_NAME_BYTES} bytes`;
  if (WINDOWS_DEVICE.test(name))
    return `${JSON.stringify(name)} cannot be a file name: Windows reserves it for a device`;
  return undefined;
}

/** An exported entry with the ranges a diagnostic about it points at. */
export interface Located {
  entry: ExportEntry;
  section: 'environmentVariables' | 'files';
  /** The value's own range, else its key's, else the section's. */
  valueRange: Range | undefined;
  keyRange: Range | undefined;
}

/** The entries of `section` with their value's and key's ranges. */
export function locateExports(
  root: Value | undefined,
  section: Located['section'],
  entries: ExportEntry[],
): Located[] {
  const s = root?.repr instanceof Map ? root.repr.get(section) : undefined;
  return entries.map((entry): Located => {
    const v = s?.repr instanceof Map ? s.repr.get(entry.name) : undefined;
    const keyRange = s !== undefined ? (keyRangeOf(s, entry.name) ?? s.origin) : undefined;
    return { entry, section, valueRange: v?.origin ?? keyRange, keyRange: keyRange ?? v?.origin };
  });
}

/** An error diagnostic about an exported entry, at `range`. */
export function exportDiagnostic(
  rootName: string,
  at: Located,
  range: Range | undefined,
  summary: string,
): Diagnostic {
  return {
    severity: 'error',
    summary,
    file: range?.file ?? rootName,
    ...(range !== undefined ? { range } : {}),
    path: joinKey(joinKey('values', at.section), at.entry.name),
  };
}

/**
 * Error diagnostics for every exported value or file name that would make the export or a
 * process started with it fail. Unknown values are left to the unknown-value check.
 */
export function checkExportValues(
  root: Value | undefined,
  rootName: string,
  options: ExportCheckOptions,
): Diagnostic[] {
  const maxVariable = options.maxVariableBytes ?? MAX_VARIABLE_BYTES;
  const maxEnvironment = options.maxEnvironmentBytes ?? MAX_ENVIRONMENT_BYTES;
  const exports = environmentExports(root);
  const variables = locateExports(root, 'environmentVariables', exports.variables);
  const files = locateExports(root, 'files', exports.files);
  const out: Diagnostic[] = [];

  // What `run` and later steps are started with: the inherited environment with the variables
  // and the files' paths laid over it (a name that is both a variable and a file is an error).
  const added = new Map<string, { at: Located; value: string }>();
  for (const at of variables) {
    if (at.entry.unknown) continue;
    const value = asText(at.entry.value);
    const problem = variableValueProblem(at.entry.name, value, maxVariable);
    if (problem !== undefined) out.push(exportDiagnostic(rootName, at, at.valueRange, problem));
    else added.set(at.entry.name, { at, value });
  }
  const fileNames = new Map<string, string>();
  for (const at of files) {
    const name = at.entry.name;
    let problem = fileNameProblem(name);
    const same = fileNames.get(name.toLowerCase());
    if (problem === undefined && same !== undefined) {
      problem = `the file names ${same} and ${name} differ only in case: they would be one file on macOS and Windows`;
    }
    if (problem === undefined && exports.variables.some((v) => v.name === name)) {
      problem = `${name} is both an environment variable and a file: rename one of them`;
    }
    fileNames.set(name.toLowerCase(), name);
    if (problem !== undefined) out.push(exportDiagnostic(rootName, at, at.keyRange, problem));
    else if (!at.entry.unknown) added.set(name, { at, value: options.filePath(name) });
  }

  let total = 0;
  for (const [name, value] of Object.entries(options.inherited)) {
    if (value !== undefined && !added.has(name)) total += environmentEntryBytes(name, value);
  }
  const inherited = total;
  for (const [name, { at, value }] of added) {
    total += environmentEntryBytes(name, value);
    if (total > maxEnvironment) {
      out.push(
        exportDiagnostic(
          rootName,
          at,
          at.section === 'files' ? at.keyRange : at.valueRange,
          `with ${name} the environment of run and later steps reaches more than ${maxEnvironment} bytes (${kib(maxEnvironment)}), too large to start a process with (this step's own environment takes ${inherited} bytes, the variables before ${name} ${total - inherited - environmentEntryBytes(name, value)}); move large values under files`,
        ),
      );
      break;
    }
  }
  return sortDiagnostics(out);
}

const SECTION_USE = {
  environmentVariables: { what: 'an environment variable', verb: 'exported' },
  files: { what: 'a file', verb: 'written as a file' },
} as const;

/**
 * Error diagnostics for what `environmentVariables` and `files` hold that no consumer can take:
 * a section that is not a map (`environmentVariables: [A, B]`), and an entry that is a list or
 * an object (ESC drops both without a word). Each names the type and the fix. Scalars (strings,
 * numbers, booleans, null) are exported as ESC writes them; unknown values are left to the
 * unknown-value check (in check mode a provider's output is unknown).
 */
export function checkExportTypes(
  root: Value | undefined,
  rootName: string,
  /** The evaluation's diagnostics: an entry with an error inside it is left to that error. */
  reported: readonly Diagnostic[] = [],
): Diagnostic[] {
  const explained = (range: Range | undefined) =>
    range !== undefined &&
    reported.some((d) => d.severity === 'error' && d.range !== undefined && within(d.range, range));
  const top = root?.repr;
  if (root === undefined || root.unknown || !(top instanceof Map)) return [];
  const out: Diagnostic[] = [];
  for (const section of ['environmentVariables', 'files'] as const) {
    const s = top.get(section);
    if (s === undefined || s.unknown || s.repr === null) continue;
    const sectionPath = joinKey('values', section);
    if (!(s.repr instanceof Map)) {
      const range = keyRangeOf(root, section) ?? s.origin;
      out.push({
        severity: 'error',
        summary: `${section} must be a map of names to values (NAME: value), not ${typeWithArticle(s)}: nothing under it is ${SECTION_USE[section].verb}`,
        file: range?.file ?? rootName,
        ...(range !== undefined ? { range } : {}),
        path: sectionPath,
      });
      continue;
    }
    for (const [name, v] of s.repr) {
      if (v.unknown || !(Array.isArray(v.repr) || v.repr instanceof Map)) continue;
      // `{fn::jion: …}` is an object only because of the error at fn::jion.
      if (explained(v.origin)) continue;
      const range = keyRangeOf(s, name) ?? v.origin ?? s.origin;
      const list = Array.isArray(v.repr);
      const fix = list
        ? 'write it as text with fn::toJSON, or with fn::join for a list of strings'
        : 'write it as text with fn::toJSON';
      out.push({
        severity: 'error',
        summary: `${name} is ${list ? 'a list' : 'an object'}, which cannot be ${SECTION_USE[section].verb} (${SECTION_USE[section].what} holds text): ${fix}`,
        file: range?.file ?? rootName,
        ...(range !== undefined ? { range } : {}),
        path: joinKey(sectionPath, name),
      });
    }
  }
  return sortDiagnostics(out);
}

/** Whether `inner` starts inside `outer` (same file). */
function within(inner: Range, outer: Range): boolean {
  const at = (r: Range['start']) => r.line * 1e6 + r.column;
  return (
    inner.file === outer.file &&
    at(inner.start) >= at(outer.start) &&
    at(inner.start) <= at(outer.end)
  );
}

function typeWithArticle(v: Value): string {
  const r = v.repr;
  if (Array.isArray(r)) return 'a list';
  if (typeof r === 'string' || r instanceof Uint8Array) return 'a string';
  if (typeof r === 'boolean') return 'a boolean';
  return 'a number';
}

/**
 * Why a process could not be started with these arguments and this environment (a NUL byte, an
 * argument longer than one string may be, or both together too large), or undefined. Neither
 * values nor arguments are quoted: they may hold secrets.
 */
export function commandLineProblem(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  maxEnvironment = MAX_ENVIRONMENT_BYTES,
): string | undefined {
  let total = environmentBytes(env);
  for (const [i, arg] of argv.entries()) {
    const nul = arg.indexOf('\0');
    if (nul >= 0)
      return `argument ${i + 1} of the command contains a NUL byte (character ${nul + 1})`;
    const bytes = Buffer.byteLength(arg);
    if (bytes > MAX_VARIABLE_BYTES)
      return `argument ${i + 1} of the command is ${bytes} bytes, more than the ${MAX_VARIABLE_BYTES} one argument may hold`;
    total += bytes + 1 + POINTER_BYTES;
  }
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    const problem = variableValueProblem(name, value);
    if (problem !== undefined) return problem;
  }
  if (total > maxEnvironment)
    return `the command's arguments and environment take ${total} bytes, more than ${maxEnvironment} (${kib(maxEnvironment)})`;
  return undefined;
}
