// Builds the committed bundles: TypeScript is compiled by tsc (type-checked, ESM), then ncc bundles
// the action (dist/index.js), the post step (dist/post/index.js) and the CLI (dist/cli/index.js).
// `node scripts/bundle.mjs conformance` builds the conformance runner into build/ (not shipped).
// BUNDLE_OUT=<dir> writes everything under <dir> instead of the repository (<dir>/dist,
// <dir>/build), so parallel work can test its own bundle (tests read ESC_ACTION_DIST=<dir>/dist).
//
// Start-up cost (see README "Performance"): the action and the post step leave out the packages
// they never run (STUBBED, replaced by the stand-ins in scripts/stubs/, copied to
// dist/node_modules/ where Node resolves the bundles' bare imports), and every chunk ncc splits
// off (the action's main module, each AWS client) is minified too: ncc minifies only the entry file.
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
// Packages @actions/core or the AWS clients import but esc-action never calls: see scripts/stubs/README.md.
const STUBBED = [
  '@actions/http-client',
  '@actions/http-client/lib/auth',
  '@aws-sdk/credential-provider-node',
];
// The CLI stays self-contained (it may be run from an installed package without dist/node_modules).
const targets = conformance
  ? [{ entry: 'conformance/index.js', out: 'build/conformance', externals: [] }]
  : [
      { entry: 'index.js', out: 'dist', externals: STUBBED },
      { entry: 'post.js', out: 'dist/post', externals: STUBBED },
      { entry: 'cli/index.js', out: 'dist/cli', externals: [] },
    ];

const ncc = (entry, outDir, externals) =>
  run([
    bin('@vercel/ncc', 'dist/ncc/cli.js'),
    'build',
    entry,
    '-o',
    outDir,
    '--minify',
    '--no-source-map-register',
    '--target',
    'es2022',
    '--quiet',
    ...externals.flatMap((e) => ['--external', e]),
  ]);

/**
 * Minifies one of ncc's chunk files (`export const id, ids, modules`) by bundling it as an entry:
 * the result exports the same three names.
 */
function minifyChunk(file) {
  const tmp = fs.mkdtempSync(path.join(path.dirname(tscOut), 'chunk-'));
  try {
    const src = path.join(tmp, 'chunk.mjs');
    fs.copyFileSync(file, src);
    ncc(src, path.join(tmp, 'out'), []);
    const out = fs.readdirSync(path.join(tmp, 'out')).filter((f) => /\.m?js$/.test(f));
    if (out.length !== 1) throw new Error(`minifying ${file}: expected one file, got ${out}`);
    fs.copyFileSync(path.join(tmp, 'out', out[0]), file);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

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
for (const { entry, out, externals } of targets) {
  const outDir = path.join(outRoot, out);
  ncc(path.join(tscOut, entry), outDir, externals);
  // ncc emits ESM (.mjs for ESM input); ship it as index.js in a folder marked as a module.
  for (const f of fs.readdirSync(outDir)) {
    if (f.endsWith('.mjs'))
      fs.renameSync(path.join(outDir, f), path.join(outDir, f.replace(/\.mjs$/, '.js')));
  }
  if (!conformance) {
    for (const f of fs.readdirSync(outDir)) {
      if (/^\d+\.index\.js$/.test(f)) minifyChunk(path.join(outDir, f));
    }
  }
  fs.writeFileSync(path.join(outDir, 'package.json'), '{ "type": "module" }\n');
}
if (!conformance) {
  fs.cpSync(path.join(root, 'scripts', 'stubs'), path.join(outRoot, 'dist', 'node_modules'), {
    recursive: true,
    filter: (src) => !src.endsWith('README.md'),
  });
}
