// Builds the committed bundles: TypeScript is compiled by tsc (type-checked, ESM), then esbuild
// bundles the action (dist/index.js), the post step (dist/post/index.js) and the CLI
// (dist/cli/index.js). `node scripts/bundle.mjs conformance` builds the conformance runner into
// build/ (not shipped), `... bench-eval` the evaluator alone for `npm run bench`. BUNDLE_OUT=<dir> writes everything under <dir> instead of the repository
// (<dir>/dist, <dir>/build), so parallel work can test its own bundle (tests read
// ESC_ACTION_DIST=<dir>/dist).
//
// Start-up cost (see docs/performance.md):
// - esbuild, not ncc: it bundles the ES builds of the packages (the AWS SDK ships both) into one
//   scope per chunk, so the code of the SDK the action never calls is left out (the STS client and
//   its runtime are 2.3 times smaller) and nothing is wrapped in a per-module function that V8
//   parses twice. Measured against the same code bundled by ncc: ~35 ms less per run (bench).
// - Code splitting: each AWS client is a chunk loaded only when an environment opens it; the post
//   step and check-only load no SDK code at all. The proxy agents (src/providers/proxy-agent.ts
//   and its packages) are a chunk loaded only when a proxy is configured.
// - The action and the post step leave out the packages they never run (STUBBED: the stand-ins in
//   scripts/stubs/ are bundled in their place).
// - re2js (schema patterns, src/eval/schema/re2js.ts) is in no chunk: evaluation is synchronous,
//   so it cannot wait for a dynamic import. It is a minified CommonJS file, RE2JS_FILE, written
//   beside each bundle file that holds the loader and required from there on the first pattern
//   compiled (ESC_RE2JS_FILE tells the loader its name); runs that meet no user pattern never
//   read it.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { STUBBED, YAML_ES, stub } from './bundle-stubs.mjs';
import { bundledPackages, formatNotices } from './licenses.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (pkg, file) => path.join(root, 'node_modules', ...pkg.split('/'), file);
const run = (args) => execFileSync(process.execPath, args, { cwd: root, stdio: 'inherit' });

const target = process.argv[2] ?? 'dist';
if (!['dist', 'conformance', 'bench-eval'].includes(target)) {
  throw new Error(`unknown target ${target}: dist (default), conformance or bench-eval`);
}
const outRoot = process.env.BUNDLE_OUT ? path.resolve(process.env.BUNDLE_OUT) : root;
// The compiled tree stays inside the repository so node_modules resolves from it.
const tscOut = path.join(
  root,
  'build',
  outRoot === root ? 'tsc' : `tsc-${outRoot.replace(/[^A-Za-z0-9]+/g, '_')}`,
);
/** @actions/core imports @actions/exec (with child_process) only for `platform.getDetails()`. */
const coreExecStub = {
  name: 'core-exec-stub',
  setup(build) {
    build.onResolve({ filter: /^@actions\/exec$/ }, (args) =>
      /[\\/]@actions[\\/]core[\\/]/.test(args.importer)
        ? { path: stub('@actions/exec-for-core/index.js') }
        : undefined,
    );
  },
};

// Packages the proxy agents (src/providers/proxy-agent.ts) import and esc-action never runs, in
// both bundles: see scripts/stubs/README.md.
const PROXY_STUBS = {
  debug: stub('debug/index.js'),
  'proxy-agent-negotiate': stub('proxy-agent-negotiate/index.js'),
};

// re2js, loaded synchronously on demand (see the header): the file's name beside the bundle file
// that holds the loader, and that loader's compiled path.
const RE2JS_FILE = 're2js.cjs';
const RE2JS_LOADER = path.join('eval', 'schema', 're2js.js');
let re2js;
/** re2js's CommonJS build, minified (its licence comment kept), and the inputs it was built from. */
async function re2jsBundle() {
  if (re2js === undefined) {
    const built = await esbuild.build({
      entryPoints: [createRequire(import.meta.url).resolve('re2js')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      minify: true,
      legalComments: 'inline',
      write: false,
      metafile: true,
      logLevel: 'warning',
    });
    re2js = { code: built.outputFiles[0].contents, inputs: Object.keys(built.metafile.inputs) };
  }
  return re2js;
}

/** Options every bundle shares. */
const common = {
  alias: { ...YAML_ES, ...PROXY_STUBS },
  bundle: true,
  platform: 'node',
  format: 'esm',
  // action.yml runs node24; the CLI supports Node >= 20 (package.json engines).
  target: 'node20',
  // The ES build of packages that ship one (the AWS SDK, @smithy): it can be tree-shaken.
  mainFields: ['module', 'main'],
  minify: true,
  legalComments: 'eof',
  // Dynamic imports (each AWS client, the proxy agents) become chunks of their own, loaded only
  // when reached.
  splitting: true,
  chunkNames: 'chunk-[hash]',
  logLevel: 'warning',
  define: { ESC_RE2JS_FILE: JSON.stringify(`./${RE2JS_FILE}`) },
  // Some bundled CommonJS modules require node built-ins; an ES module has no `require` of its own.
  banner: {
    js: "import{createRequire as __escCreateRequire}from'node:module';const require=__escCreateRequire(import.meta.url);",
  },
};

run([
  bin('typescript', 'bin/tsc'),
  '-p',
  'tsconfig.build.json',
  '--outDir',
  tscOut,
  '--tsBuildInfoFile',
  path.join(tscOut, '.tsbuildinfo'),
]);
fs.writeFileSync(path.join(tscOut, 'package.json'), '{ "type": "module" }\n');

/**
 * Removes the banner from an output file that never uses `require`: most chunks do not, and the
 * banner costs every one of them its bytes and a `createRequire` call when it loads.
 */
function dropUnusedBanner(file) {
  if (!file.endsWith('.js')) return;
  const code = fs.readFileSync(file, 'utf8');
  const banner = `${common.banner.js}\n`;
  if (code.startsWith(banner) && !/\brequire\b/.test(code.slice(banner.length))) {
    fs.writeFileSync(file, code.slice(banner.length));
  }
}

/**
 * Bundles `entries` (output name → compiled entry under tscOut) into `outDir`; returns the inputs
 * (paths relative to the working directory) of everything written there.
 */
async function bundle(outDir, entries, options = {}) {
  const { metafile } = await esbuild.build({
    ...common,
    entryPoints: Object.fromEntries(
      Object.entries(entries).map(([name, entry]) => [name, path.join(tscOut, entry)]),
    ),
    outdir: outDir,
    metafile: true,
    ...options,
  });
  for (const out of Object.keys(metafile.outputs)) dropUnusedBanner(out);
  // re2js beside every output file that holds its loader (an entry or a shared chunk).
  const loader = path.join(tscOut, RE2JS_LOADER);
  const bundled = Object.keys(metafile.inputs);
  for (const [out, { inputs }] of Object.entries(metafile.outputs)) {
    if (Object.keys(inputs).some((i) => path.resolve(i) === loader)) {
      const { code, inputs: re2jsInputs } = await re2jsBundle();
      fs.writeFileSync(path.join(path.dirname(path.resolve(out)), RE2JS_FILE), code);
      bundled.push(...re2jsInputs);
    }
  }
  // The output folder (shared chunks) and every folder with an entry hold ES modules.
  for (const name of ['index', ...Object.keys(entries)]) {
    fs.writeFileSync(
      path.join(outDir, path.dirname(name), 'package.json'),
      '{ "type": "module" }\n',
    );
  }
  return bundled;
}

if (target === 'conformance') {
  await bundle(path.join(outRoot, 'build', 'conformance'), { index: 'conformance/index.js' });
} else if (target === 'bench-eval') {
  // The evaluator as the action ships it (same options as dist/), for `npm run bench`.
  await bundle(path.join(outRoot, 'build', 'bench-eval'), {
    'eval/evaluate': 'eval/evaluate.js',
    'conformance/providers': 'conformance/providers.js',
  });
} else {
  const dist = path.join(outRoot, 'dist');
  fs.rmSync(dist, { recursive: true, force: true });
  // The action, its post step and the refresher (the credential_process of
  // `refresh-credentials`) share chunks (dist/chunk-*.js); the post step's graph holds no AWS SDK
  // code, the action loads each client's chunk only when an environment opens it, and the
  // refresher's cached path loads only its own few KiB (the STS chunk when it refreshes).
  // Measured against a refresher built on its own: 253 KB less JavaScript in dist/ (no second
  // copy of the STS client and the request code), for three more files of ~150 B each that the
  // action's start loads (12 files, 281.8 KB, against 9 files, 281.4 KB).
  const actionInputs = await bundle(
    dist,
    { index: 'index.js', 'post/index': 'post.js', 'refresh/index': 'refresh/index.js' },
    { alias: { ...common.alias, ...STUBBED }, plugins: [coreExecStub] },
  );
  // The CLI is self-contained in dist/cli/ (it may be run from an installed package) and keeps
  // every package: it is not what a runner loads.
  const cliInputs = await bundle(path.join(dist, 'cli'), { index: 'cli/index.js' });
  // The license texts of every package in either bundle, from esbuild's own record of its inputs
  // (paths relative to the working directory, which execFileSync above does not change).
  fs.writeFileSync(
    path.join(dist, 'licenses.txt'),
    formatNotices(
      bundledPackages(process.cwd(), [...actionInputs, ...cliInputs], {
        'Apache-2.0': fs.readFileSync(path.join(root, 'LICENSE'), 'utf8'),
      }),
    ),
  );
}
