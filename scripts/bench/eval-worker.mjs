// One evaluator measurement in a fresh process (so the first evaluation is a cold one, as in a
// job): `node scripts/bench/eval-worker.mjs <compiled src dir> generated <values> <warm runs>` or
// `... graph <dir of the 26-environment import graph> <warm runs>`. Prints one JSON line.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { generateEnvironments } from './generate.mjs';

const [tscDir, kind, arg, warmArg] = process.argv.slice(2);
const load = (p) => import(pathToFileURL(join(tscDir, p)).href);
const t0 = performance.now();
const { evaluateEnvironment } = await load('eval/evaluate.js');
const importMs = performance.now() - t0;

/** @type {import('../../src/eval/api.js').EvaluateOptions} */
let options;
let root;
let values = 0;
if (kind === 'generated') {
  const files = generateEnvironments(Number(arg));
  values = Number(arg);
  root = 'root';
  options = {
    mode: 'open',
    loader: (name) =>
      files[name] === undefined
        ? { error: `no environment ${name}` }
        : { name, path: `${name}.yaml`, text: files[name] },
  };
} else {
  const { testProviders, rot128 } = await load('conformance/providers.js');
  const dir = arg;
  root = 'env';
  options = {
    mode: 'open',
    providers: testProviders(),
    decrypter: rot128,
    loader: (name) => {
      const path = join(dir, `${name}.yaml`);
      return existsSync(path) ? { name, path, text: readFileSync(path) } : { error: `no ${name}` };
    },
  };
}

const once = async () => {
  const start = performance.now();
  const r = await evaluateEnvironment(root, options);
  const ms = performance.now() - start;
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`${errors.length} errors, first: ${errors[0]?.summary}`);
  return ms;
};
const coldMs = await once();
const warm = [];
for (let i = 0; i < Number(warmArg ?? 5); i++) warm.push(await once());
warm.sort((a, b) => a - b);
process.stdout.write(
  `${JSON.stringify({ kind, values, importMs, coldMs, warmMs: warm[Math.floor(warm.length / 2)] ?? coldMs })}\n`,
);
