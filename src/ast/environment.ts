/**
 * The environment declaration: `imports`, `values`, `description` (top-level keys matched
 * case-insensitively; unknown keys warn, except `environmentVariables`/`files` written outside
 * `values` and misspellings of `values`/`imports`, which are errors; a duplicate top-level key
 * warns and the last wins). Look-alikes of the keys consumers read are errors (reserved.ts).
 */
import type { Diagnostic } from '../syntax/diagnostic.js';
import { diagnosticAt } from '../syntax/node.js';
import type { StringNode, SyntaxNode } from '../syntax/node.js';
import { parseYaml } from '../syntax/yaml.js';
import { levenshtein, suggest } from '../base/spell.js';
import type { Expr } from './expr.js';
import { parseExpr } from './parse.js';
import { caseOnlyDiagnostic, lookalikeDiagnostics } from './reserved.js';

export interface ImportDecl {
  /** The entry's node (for `cyclic import` and loader errors). */
  node: SyntaxNode;
  /** The node holding the name (the string itself, or the single key of `{name: {...}}`). */
  nameNode: StringNode;
  name: string;
  merge: boolean;
}

export interface ValueEntry {
  key: StringNode;
  value: Expr;
}

export interface EnvironmentDecl {
  name: string;
  description?: string;
  imports: ImportDecl[];
  /** Entries of `values` in document order (duplicates kept; evaluation reports them). */
  values: ValueEntry[];
  /** The `values` mapping node, when present. */
  valuesNode?: SyntaxNode;
  /** The document root node. */
  node: SyntaxNode;
}

export interface LoadResult {
  /** Absent after a fatal YAML error. */
  decl?: EnvironmentDecl;
  diagnostics: Diagnostic[];
}

const FIELDS = ['imports', 'values', 'description'];

/** Value keys that only mean something under `values`; at the top level they are ignored. */
const VALUE_KEYS = ['environmentVariables', 'files'];

/**
 * The diagnostic for an unknown top-level key. ESC only warns about any of them; here a key that
 * belongs under `values` (`environmentVariables`, `files`), or a misspelling of `values` or
 * `imports`, is an error: everything under it would be ignored and the step would run without
 * those variables or credentials. Other keys keep ESC's warning.
 */
export function unknownFieldDiagnostic(key: StringNode): Diagnostic {
  const name = key.value;
  const nearest = suggest(name, [...FIELDS, ...VALUE_KEYS], { swaps: true });
  if (nearest !== undefined && VALUE_KEYS.includes(nearest)) {
    const move =
      nearest === name
        ? `'${name}' is not a top-level key: move it under values:`
        : `'${name}' is not a top-level key (did you mean '${nearest}'?): move it under values: as '${nearest}'`;
    return diagnosticAt(
      'error',
      key.range,
      `${move} (indented below "values:"); at the top level it is ignored`,
      key.path,
    );
  }
  if (nearest === 'values' || nearest === 'imports') {
    return diagnosticAt(
      'error',
      key.range,
      `'${name}' is not a top-level key (did you mean '${nearest}'?): everything under '${name}' is ignored`,
      key.path,
    );
  }
  const chars = (s: string) => Array.from(s);
  const ranked = [...FIELDS].sort(
    (a, b) =>
      levenshtein(chars(name), chars(a)) - levenshtein(chars(name), chars(b)) || a.localeCompare(b),
  );
  return diagnosticAt(
    'warning',
    key.range,
    `Field '${name}' does not exist on Object 'environment'. Existing fields are: ${ranked.join(', ')}`,
    key.path,
  );
}

function parseImports(node: SyntaxNode, diags: Diagnostic[]): ImportDecl[] {
  if (node.kind !== 'array') {
    diags.push(diagnosticAt('error', node.range, 'imports must be a list', node.path));
    return [];
  }
  const out: ImportDecl[] = [];
  for (const e of node.elements) {
    if (e.kind === 'string') {
      out.push({ node: e, nameNode: e, name: e.value, merge: true });
      continue;
    }
    if (e.kind !== 'object') {
      diags.push(diagnosticAt('error', e.range, 'import must be a string or an object', e.path));
      continue;
    }
    const entry = e.entries[0];
    if (e.entries.length !== 1 || entry === undefined) {
      diags.push(diagnosticAt('error', e.range, 'import must have a single key', e.path));
      continue;
    }
    let merge = true;
    const meta = entry.value;
    if (meta.kind === 'object') {
      for (const m of meta.entries) {
        if (m.key.value !== 'merge') continue;
        if (m.value.kind === 'boolean') merge = m.value.value;
        else
          diags.push(
            diagnosticAt('error', m.value.range, 'merge must be a boolean value', m.value.path),
          );
      }
    } else if (meta.kind !== 'null') {
      diags.push(diagnosticAt('error', meta.range, 'import options must be an object', meta.path));
    }
    out.push({ node: e, nameNode: entry.key, name: entry.key.value, merge });
  }
  return out;
}

/** Builds the declaration from a parsed document. */
export function parseEnvironment(name: string, root: SyntaxNode): LoadResult {
  const diags: Diagnostic[] = [];
  if (root.kind !== 'object') {
    diags.push(diagnosticAt('error', root.range, 'environment must be an object', root.path));
    return { diagnostics: diags };
  }
  // Last occurrence of each (case-insensitive) top-level key wins.
  const chosen = new Map<string, { key: StringNode; value: SyntaxNode }>();
  for (const entry of root.entries) {
    const lower = entry.key.value.toLowerCase();
    if (!FIELDS.includes(lower)) {
      diags.push(unknownFieldDiagnostic(entry.key));
      continue;
    }
    if (chosen.has(lower)) {
      diags.push(
        diagnosticAt(
          'warning',
          entry.key.range,
          `duplicate key "${entry.key.value}"`,
          entry.key.path,
        ),
      );
    }
    chosen.set(lower, entry);
  }

  const decl: EnvironmentDecl = { name, imports: [], values: [], node: root };
  const imports = chosen.get('imports');
  if (imports !== undefined && imports.value.kind !== 'null')
    decl.imports = parseImports(imports.value, diags);

  const description = chosen.get('description');
  if (description !== undefined && description.value.kind !== 'null') {
    const d = description.value;
    const x = parseExpr(d, []);
    if (x.kind !== 'string')
      diags.push(diagnosticAt('error', d.range, 'description must be a string', d.path));
    else decl.description = x.value;
  }

  const values = chosen.get('values');
  if (values !== undefined && values.value.kind !== 'null') {
    const v = values.value;
    decl.valuesNode = v;
    if (v.kind !== 'object') {
      diags.push(diagnosticAt('error', v.range, 'values must be an object', v.path));
    } else {
      for (const entry of v.entries) {
        if (entry.key.value.startsWith('fn::')) {
          diags.push(
            diagnosticAt(
              'error',
              entry.key.range,
              `builtin function call "${entry.key.value}" not allowed at the top level`,
              entry.key.path,
            ),
          );
          continue;
        }
        decl.values.push({ key: entry.key, value: parseExpr(entry.value, diags) });
      }
    }
  }
  return { decl, diagnostics: diags };
}

/**
 * Loads an environment: YAML, then the declaration. A fatal YAML problem yields no declaration;
 * other load errors are reported alongside a declaration that can still be evaluated.
 */
export function loadEnvironment(name: string, text: string | Uint8Array): LoadResult {
  const parsed = parseYaml(name, text);
  if (parsed.node === undefined) return { diagnostics: parsed.diagnostics };
  const result = parseEnvironment(name, parsed.node);
  // Look-alikes of the keys consumers read (reserved.ts): the comments that mark one as intended
  // are only in the text.
  const source = typeof text === 'string' ? text : new TextDecoder().decode(text);
  const lookalikes: Diagnostic[] = [];
  if (parsed.node.kind === 'object') {
    for (const { key } of parsed.node.entries) {
      const field = FIELDS.find((f) => f === key.value.toLowerCase());
      if (field !== undefined) lookalikes.push(...caseOnlyDiagnostic(key, field, source));
    }
  }
  lookalikes.push(...lookalikeDiagnostics(result.decl?.valuesNode, source));
  return {
    ...(result.decl ? { decl: result.decl } : {}),
    diagnostics: [...parsed.diagnostics, ...result.diagnostics, ...lookalikes],
  };
}
