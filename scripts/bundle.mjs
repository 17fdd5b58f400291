// Builds the committed bundles: TypeScript is compiled by tsc (type-checked, ESM), then ncc bundles
// the action (dist/index.js), the post step (dist/post/index.js) and the CLI (dist/cli/index.js).
// `node scripts/bundle.mjs conformance` builds the conformance runner into build/ (not shipped).
// BUNDLE_OUT=<dir> writes everything under <dir> instead of the repository (<dir>/dist,
// <dir>/build), so parallel work can test its own bundle (tests read ESC_ACTION_DIST=<dir>/dist).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (pkg, file) => path.join(root, 'node_modules', ...pkg.split('/'), file);
const run = (args) => execFileSync(process.execPath, args, { cwd: root, stdio: 'inherit' });

const conformance = process.argv[2] === 'conformance';
const outRoot = process.env.BUNDLE_OUT ? path.resolve(process.env.BUNDLE_OUT) : root;
// The compiled tree stays inside the repository so ncc resolves node_modules from it.
const tscOut = path.join(
  root,
  'build',
  outRoot === root ? 'tsc' : `tsc-${outRoot.replace(/[^A-Za-z0-9]+/g, '_')}`,
);
const targets = conformance
  ? [{ entry: 'conformance/index.js', out: 'build/conformance' }]
  : [
      { entry: 'index.js', out: 'dist' },
      { entry: 'post.js', out: 'dist/post' },
      { entry: 'cli/index.js', out: 'dist/cli' },
    ];

run([
  bin('typescript', 'bin/tsc'),
  '-p',
  'tsconfig.build.json',
  '--outDir',
  tscOut,
  '--tsBuildInfoFile',
  path.join(tscOut, '.tsbuildinfo'),
]);
// ncc emits ESM only for ESM input: mark the compiled tree as ESM wherever it lives.
fs.writeFileSync(path.join(tscOut, 'package.json'), '{ "type": "module" }\n');
if (!conformance) fs.rmSync(path.join(outRoot, 'dist'), { recursive: true, force: true });
for (const { entry, out } of targets) {
  const outDir = path.join(outRoot, out);
  run([
    bin('@vercel/ncc', 'dist/ncc/cli.js'),
    'build',
    path.join(tscOut, entry),
    '-o',
    outDir,
    '--minify',
    '--no-source-map-register',
    '--target',
    'es2022',
    '--quiet',
  ]);
  // ncc emits ESM (.mjs for ESM input); ship it as index.js in a folder marked as a module.
  for (const f of fs.readdirSync(outDir)) {
    if (f.endsWith('.mjs'))
      fs.renameSync(path.join(outDir, f), path.join(outDir, f.replace(/\.mjs$/, '.js')));
  }
  fs.writeFileSync(path.join(outDir, 'package.json'), '{ "type": "module" }\n');
}
