/**
 * What an opened environment gives its consumers (esc-language.md §1.4): the scalar properties of
 * `environmentVariables` as strings, and the scalar properties of `files` as bytes to write to
 * temporary files. Arrays and objects are skipped, null becomes the empty string.
 */
import { NumberText, type Value } from '../eval/value.js';

export interface ExportEntry {
  name: string;
  /** The value's bytes (files) or text (variables). */
  value: string | Uint8Array;
  secret: boolean;
  unknown: boolean;
  /** Set when the host added the variable from an action input (e.g. `aws-region`), not the file. */
  input?: string;
}

export interface EnvironmentExports {
  variables: ExportEntry[];
  files: ExportEntry[];
}

function scalarForm(v: Value): string | Uint8Array | undefined {
  if (v.unknown) return '[unknown]';
  const r = v.repr;
  if (r === null) return '';
  if (typeof r === 'boolean') return r ? 'true' : 'false';
  if (r instanceof NumberText) return r.text;
  if (typeof r === 'string' || r instanceof Uint8Array) return r;
  return undefined;
}

function containsSecret(v: Value): boolean {
  if (v.secret) return true;
  const r = v.repr;
  if (Array.isArray(r)) return r.some(containsSecret);
  if (r instanceof Map) for (const e of r.values()) if (containsSecret(e)) return true;
  return false;
}

function entriesOf(root: Value | undefined, key: string): ExportEntry[] {
  const repr = root?.repr;
  if (!(repr instanceof Map)) return [];
  const section = repr.get(key);
  if (section === undefined || !(section.repr instanceof Map)) return [];
  const out: ExportEntry[] = [];
  for (const name of [...section.repr.keys()].sort()) {
    const v = section.repr.get(name);
    if (v === undefined) continue;
    const value = scalarForm(v);
    if (value === undefined) continue;
    out.push({ name, value, secret: containsSecret(v), unknown: v.unknown });
  }
  return out;
}

export function environmentExports(root: Value | undefined): EnvironmentExports {
  return { variables: entriesOf(root, 'environmentVariables'), files: entriesOf(root, 'files') };
}

export function asText(value: string | Uint8Array): string {
  return typeof value === 'string' ? value : Buffer.from(value).toString('utf8');
}
