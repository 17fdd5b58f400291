/**
 * The user documentation as the tests read it: README.md and every page of docs/, their code
 * blocks (fences may be indented inside list items) and their sections.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DOCS_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

/** README.md, then each docs/*.md page, as paths relative to the repository root. */
export const DOC_FILES: readonly string[] = [
  'README.md',
  ...readdirSync(join(DOCS_ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`),
];

export function readDoc(file: string): string {
  return readFileSync(join(DOCS_ROOT, file), 'utf8');
}

export interface DocBlock {
  /** The page, relative to the repository root. */
  file: string;
  /** The fence's info string (`yaml`, `sh`, `json`, … or empty). */
  lang: string;
  /** The block's text, with the fence's indentation removed from every line. */
  body: string;
  /** 1-based line of the opening fence. */
  line: number;
}

/** The fenced code blocks of one page (or of `text`, reported as `file`). */
export function docBlocks(file: string, text: string = readDoc(file)): DocBlock[] {
  const out: DocBlock[] = [];
  for (const m of text.matchAll(/^( *)```(\w*)\n([\s\S]*?)^\1```/gm)) {
    const indent = m[1] ?? '';
    const body = (m[3] ?? '').replace(new RegExp(`^${indent}`, 'gm'), '');
    const line = text.slice(0, m.index).split('\n').length;
    out.push({ file, lang: m[2] ?? '', body, line });
  }
  return out;
}

/** The code blocks of README.md and every docs page. */
export function allDocBlocks(): DocBlock[] {
  return DOC_FILES.flatMap((f) => docBlocks(f));
}

/** The text of `## heading` (or `level` hashes) up to the next heading of that level or above. */
export function docSection(text: string, heading: string, level = 2): string {
  const hashes = '#'.repeat(level);
  const start = text.indexOf(`\n${hashes} ${heading}\n`);
  if (start < 0) throw new Error(`no "${hashes} ${heading}" section`);
  const rest = text.slice(start + 1);
  const next = new RegExp(`^#{1,${level}} `);
  // Headings inside code blocks (comments in YAML or shell) do not count.
  let fence = false;
  let offset = 0;
  for (const line of rest.split('\n')) {
    if (offset > 0 && /^ *```/.test(line)) fence = !fence;
    if (offset > 0 && !fence && next.test(line)) {
      return rest.slice(0, offset - 1);
    }
    offset += line.length + 1;
  }
  return rest;
}
