// Builds the committed bundles with ncc: the action (dist/index.js), the post step
// (dist/post/index.js) and the CLI (dist/cli/index.js). `node scripts/bundle.mjs conformance`
// builds the conformance runner into build/ (not shipped).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const ncc = path.join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js');

const targets =
  process.argv[2] === 'conformance'
    ? [{ entry: 'src/conformance/index.ts', out: 'build/conformance' }]
    : [
        { entry: 'src/index.ts', out: 'dist' },
        { entry: 'src/post.ts', out: 'dist/post' },
        { entry: 'src/cli/index.ts', out: 'dist/cli' },
      ];

if (process.argv[2] !== 'conformance')
  fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
for (const { entry, out } of targets) {
  const outDir = path.join(root, out);
  execFileSync(
    process.execPath,
    [
      ncc,
      'build',
      entry,
      '-o',
      outDir,
      '--minify',
      '--no-source-map-register',
      '--target',
      'es2022',
      '--quiet',
    ],
    { cwd: root, stdio: 'inherit' },
  );
  // ncc emits ESM; mark the folder so plain `node` loads it as a module.
  fs.writeFileSync(path.join(outDir, 'package.json'), '{ "type": "module" }\n');
}
