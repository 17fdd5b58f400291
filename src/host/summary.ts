/**
 * The job summary of one action step, as Markdown: the environment and its imports, each variable
 * and file with its origin and scope, and the credentials' expiry. Names, paths and non-secret
 * facts only: a value never appears in it.
 */
import type { Origin } from './origin.js';

export type Scope = 'exported' | 'run only' | 'not exported';

export interface SummaryEntry {
  name: string;
  origin: Origin;
  /** Providers the value came from (origin `provider`). */
  providers: readonly string[];
  secret: boolean;
  scope: Scope;
  /** The action input it came from (origin `input`). */
  input?: string;
}

export interface SummaryCredential {
  provider: string;
  /** Where the `fn::open` is, e.g. `.esc/aws-dev.yaml:5`. */
  at: string;
  roleArn?: string;
  accountId?: string;
  expiration?: string;
  /** How the credentials refresh (input `refresh-credentials`), when they do. */
  refresh?: string;
}

export interface SummaryModel {
  /** The root environment file, as shown to users. */
  environment: string;
  mode: 'open' | 'check';
  imports: readonly { name: string; path: string }[];
  variables: readonly SummaryEntry[];
  files: readonly SummaryEntry[];
  credentials: readonly SummaryCredential[];
  errors: number;
  warnings: number;
  /** The `run` command's exit code, when a command ran. */
  runExitCode?: number;
  /** Stale credential variables cleared for `run` (and later steps, when `later`). */
  cleared?: readonly { name: string; later: boolean }[];
}

/** Text safe inside a Markdown table cell and inline code. */
function code(s: string): string {
  return (
    '`' +
    s
      .replace(/`/g, "'")
      .replace(/\|/g, '\\|')
      .replace(/[\r\n]+/g, ' ') +
    '`'
  );
}

function originText(e: SummaryEntry): string {
  if (e.origin === 'input') return `input ${code(e.input ?? '')}`;
  if (e.origin === 'provider') {
    const by = e.providers.length > 0 ? ` (${e.providers.join(', ')})` : '';
    return `provider${by}${e.secret ? ', secret' : ''}`;
  }
  return e.origin;
}

function table(title: string, entries: readonly SummaryEntry[]): string[] {
  if (entries.length === 0) return [];
  return [
    `| ${title} | origin | scope |`,
    '| --- | --- | --- |',
    ...entries.map((e) => `| ${code(e.name)} | ${originText(e)} | ${e.scope} |`),
    '',
  ];
}

export function renderSummary(m: SummaryModel): string {
  const lines: string[] = [];
  const status =
    m.errors > 0
      ? `failed: ${m.errors} error${m.errors === 1 ? '' : 's'}, nothing exported`
      : m.mode === 'check'
        ? 'checked (check-only: nothing opened or exported)'
        : 'opened';
  lines.push(`### esc-action: ${code(m.environment)} ${status}`, '');
  if (m.warnings > 0) {
    lines.push(`${m.warnings} warning${m.warnings === 1 ? '' : 's'}: see the annotations.`, '');
  }
  if (m.imports.length > 0) {
    lines.push(`Imports: ${m.imports.map((i) => `${code(i.name)} (${code(i.path)})`).join(', ')}`);
    lines.push('');
  }
  lines.push(...table('variable', m.variables), ...table('file', m.files));
  if (m.cleared !== undefined && m.cleared.length > 0) {
    const names = (later: boolean) =>
      m.cleared!.filter((c) => c.later === later).map((c) => code(c.name));
    for (const [later, where] of [
      [true, '`run` and later steps'],
      [false, '`run`'],
    ] as const) {
      const list = names(later);
      if (list.length > 0)
        lines.push(`Cleared for ${where} (stale credentials): ${list.join(', ')}`);
    }
    lines.push('');
  }
  for (const c of m.credentials) {
    const parts = [`${code(c.provider)} at ${code(c.at)}`];
    if (c.roleArn !== undefined) parts.push(`role ${code(c.roleArn)}`);
    if (c.accountId !== undefined) parts.push(`account ${code(c.accountId)}`);
    if (c.expiration !== undefined) parts.push(`expires ${c.expiration}`);
    if (c.refresh !== undefined) parts.push(c.refresh);
    lines.push(`- Credentials: ${parts.join(', ')}`);
  }
  if (m.credentials.length > 0) lines.push('');
  if (m.runExitCode !== undefined) {
    lines.push(
      m.runExitCode === 0
        ? 'The `run` command succeeded.'
        : `The \`run\` command exited with code ${m.runExitCode}.`,
      '',
    );
  }
  return lines.join('\n');
}
