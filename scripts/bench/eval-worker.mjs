// One evaluator measurement in a fresh process (so the first evaluation is a cold one, as in a
// job): `node scripts/bench/eval-worker.mjs <compiled src dir> generated <values> <warm runs>` or
// `... graph <dir of the 26-environment import graph> <warm runs>` or `... pattern <length> <warm
// runs>` (fn::validate of `^(a+)+$` against <length> `a`s and a `b`: linear in RE2, exponential
// in a backtracking engine; the cold run loads re2js). Prints one JSON line.
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
/** @type {string[]} the error summaries the evaluation must give (none unless set) */
let expectErrors = [];
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
} else if (kind === 'pattern') {
  const text = [
    'values:',
    '  v:',
    '    fn::validate:',
    '      schema: { pattern: "^(a+)+$" }',
    `      value: ${'a'.repeat(Number(arg))}b`,
    '',
  ].join('\n');
  root = 'env';
  expectErrors = ['string must match the pattern "^(a+)+$"'];
  options = { mode: 'open', loader: (name) => ({ name, path: `${name}.yaml`, text }) };
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
  const errors = r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.summary);
  if (JSON.stringify(errors) !== JSON.stringify(expectErrors))
    throw new Error(`${errors.length} errors, first: ${errors[0]}`);
  return ms;
};
const coldMs = await once();
const warm = [];
for (let i = 0; i < Number(warmArg ?? 5); i++) warm.push(await once());
warm.sort((a, b) => a - b);
process.stdout.write(
  `${JSON.stringify({ kind, values, importMs, coldMs, warmMs: warm[Math.floor(warm.length / 2)] ?? coldMs })}\n`,
);
