// Regenerates the *.d.mts declarations beside each stack module from its JSDoc, so TypeScript tests
// can import the plain .mjs modules without allowJs. Run: node scripts/stack/gen-types.mjs
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const out = mkdtempSync(join(tmpdir(), 'stack-types-'));
const sources = readdirSync(here)
  .filter((f) => f.endsWith('.mjs') && f !== 'gen-types.mjs')
  .map((f) => join(here, f));
try {
  execFileSync(
    process.execPath,
    [
      join(root, 'node_modules/typescript/bin/tsc'),
      '--ignoreConfig',
      '--allowJs',
      '--checkJs',
      '--declaration',
      '--emitDeclarationOnly',
      '--skipLibCheck',
      '--strict',
      '--target',
      'ES2022',
      '--module',
      'NodeNext',
      '--moduleResolution',
      'NodeNext',
      '--types',
      'node',
      '--outDir',
      out,
      ...sources,
    ],
    { stdio: 'inherit', cwd: root },
  );
  for (const f of readdirSync(out).filter((f) => f.endsWith('.d.mts'))) {
    const text = readFileSync(join(out, f), 'utf8');
    writeFileSync(
      join(here, f),
      `// Generated from ${f.replace('.d.mts', '.mjs')} by gen-types.mjs; do not edit.\n` +
        (/[:<(|,]\s*any\b/.test(text)
          ? '/* eslint-disable @typescript-eslint/no-explicit-any */\n'
          : '') +
        text,
    );
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
