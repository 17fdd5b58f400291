/**
 * Names that look like the keys a consumer reads but are not: `environmentVariable`, `Files` or
 * `environment_variables` under `values`, an `environmentVariables` map one level too deep, or a
 * top-level `Values:`. ESC accepts them all (they are ordinary properties, or top-level keys
 * matched ignoring case), so a file with such a slip opens "fine" and exports nothing. Here each is
 * an error with the name that was probably meant. A file that uses such a name on purpose says so
 * with the comment `# esc-action: intended` at the end of the key's line (or alone on the line
 * above it): comments are not part of the environment, so the file stays valid ESC.
 */
import { osaDistance } from '../base/spell.js';
import type { Diagnostic } from '../syntax/diagnostic.js';
import { diagnosticAt, type ObjectNode, type StringNode, type SyntaxNode } from '../syntax/node.js';

/** The comment that marks a look-alike name as intended. */
export const INTENDED_COMMENT = '# esc-action: intended';

const INTENDED = /#\s*esc-action:\s*intended\b/;

/** The keys under `values` that consumers read (esc-language.md §1.4). */
export const CONSUMER_KEYS = ['environmentVariables', 'files', 'pulumiConfig'] as const;

/** The maps whose entries become variables and files (a copy one level too deep exports nothing). */
const EXPORTED_MAPS = ['environmentVariables', 'files'];

const SILENCE = `if the name is intended, end its line with the comment "${INTENDED_COMMENT}"`;

function letters(s: string): string[] {
  return Array.from(s.replace(/[_\-\s]/g, '').toLowerCase());
}

/**
 * The consumer key `key` is a slip for, or undefined: the same letters ignoring case, `_` and `-`,
 * or a few typing slips away (one for `files`, two for `pulumiConfig`, three for
 * `environmentVariables`; a swap of two letters counts as one).
 */
export function lookalikeOf(
  key: string,
  candidates: readonly string[] = CONSUMER_KEYS,
): string | undefined {
  if (candidates.includes(key)) return undefined;
  const k = letters(key);
  for (const c of candidates) {
    const target = letters(c);
    const allowed = target.length <= 6 ? 1 : target.length <= 12 ? 2 : 3;
    if (osaDistance(k, target) <= allowed) return c;
  }
  return undefined;
}

/** Whether the key's line, or a comment line right above it, carries the `intended` comment. */
function intended(lines: readonly string[], key: StringNode): boolean {
  const line = key.range.start.line;
  if (INTENDED.test(lines[line - 1] ?? '')) return true;
  const above = (lines[line - 2] ?? '').trim();
  return above.startsWith('#') && INTENDED.test(above);
}

/**
 * Errors for look-alike keys under `values` (and consumer maps one level too deep); `text` is the
 * file's text, read for the `intended` comments and for references to a nested map.
 */
export function lookalikeDiagnostics(values: SyntaxNode | undefined, text: string): Diagnostic[] {
  if (values?.kind !== 'object') return [];
  let lines: string[] | undefined;
  const isIntended = (key: StringNode) => intended((lines ??= text.split(/\r?\n|\r/)), key);
  const out: Diagnostic[] = [];
  for (const { key, value } of values.entries) {
    const name = key.value;
    if (name.startsWith('fn::')) continue;
    const meant = lookalikeOf(name);
    if (meant !== undefined && !isIntended(key)) {
      out.push(
        diagnosticAt(
          'error',
          key.range,
          `'${name}' under values is ignored: did you mean '${meant}'? (only values.${meant} is read; ${SILENCE})`,
          key.path,
        ),
      );
      continue;
    }
    if (meant === undefined && !CONSUMER_KEYS.some((c) => c === name) && value.kind === 'object') {
      out.push(...tooDeep(name, value, text, isIntended));
    }
  }
  return out;
}

/** `values.<parent>.environmentVariables` (or `files`, or a look-alike) holding a map. */
function tooDeep(
  parent: string,
  node: ObjectNode,
  text: string,
  isIntended: (key: StringNode) => boolean,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const { key, value } of node.entries) {
    const name = key.value;
    const meant = EXPORTED_MAPS.includes(name) ? name : lookalikeOf(name, EXPORTED_MAPS);
    if (meant === undefined || value.kind !== 'object' || isIntended(key)) continue;
    // `${parent.environmentVariables}` somewhere in the file: the nesting is deliberate.
    if (text.includes(`${parent}.${name}`)) continue;
    out.push(
      diagnosticAt(
        'error',
        key.range,
        `'${name}' under '${parent}' is not exported: only values.${meant} is; move it one level up, directly under values (${SILENCE})`,
        key.path,
      ),
    );
  }
  return out;
}

/**
 * A top-level key that differs from `values`, `imports` or `description` only in case: ESC reads
 * it as that key, other tools that read the file may not.
 */
export function caseOnlyDiagnostic(key: StringNode, field: string, text: string): Diagnostic[] {
  if (key.value === field) return [];
  if (intended(text.split(/\r?\n|\r/), key)) return [];
  return [
    diagnosticAt(
      'error',
      key.range,
      `'${key.value}' differs from '${field}' only in case (did you mean '${field}'?): write '${field}'; ${SILENCE}`,
      key.path,
    ),
  ];
}
