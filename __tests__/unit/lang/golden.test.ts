/**
 * Golden cases of the language core: each directory of `__fixtures__/lang/` holds `env.yaml`
 * (plus the environments it imports) and `expected.json` with the load diagnostics, and the
 * diagnostics and values of check and open evaluation. A normal run never writes: a directory
 * without `env.yaml` or `expected.json` fails. `UPDATE_GOLDEN=1 npm test -- golden` writes the
 * expected files from the current output (review the diff before committing it!).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadEnvironment } from '../../../src/ast/environment.js';
import { rot128, testProviders, testRotators } from '../../../src/conformance/providers.js';
import type { EvaluateOptions } from '../../../src/eval/api.js';
import { evaluateDecl } from '../../../src/eval/evaluate.js';
import { toJSONData } from '../../../src/eval/render.js';
import { EvaluationState } from '../../../src/eval/session.js';
import type { Diagnostic } from '../../../src/syntax/diagnostic.js';

const ROOT = join(process.cwd(), '__fixtures__', 'lang');

interface CaseOptions {
  decrypter?: boolean;
  rootEnvironmentName?: string;
}

function diagLines(diags: Diagnostic[]): string[] {
  return diags
    .map(
      (d) =>
        `${d.severity} ${d.file}:${d.range?.start.line ?? 0}:${d.range?.start.column ?? 0} ${d.summary}`,
    )
    .sort();
}

async function run(dir: string): Promise<unknown> {
  const caseFile = join(dir, 'case.json');
  const opts = existsSync(caseFile)
    ? (JSON.parse(readFileSync(caseFile, 'utf8')) as CaseOptions)
    : {};
  const loaded = loadEnvironment('env', readFileSync(join(dir, 'env.yaml')));
  const base: Omit<EvaluateOptions, 'mode'> = {
    loader: (name) => {
      const p = join(dir, `${name}.yaml`);
      return existsSync(p)
        ? { name, path: p, text: readFileSync(p) }
        : { error: `environment ${name} not found` };
    },
    providers: testProviders(),
    rotators: testRotators(),
    context: { pulumi: { user: { id: 'U1' } } },
    ...(opts.decrypter === false ? {} : { decrypter: rot128 }),
    ...(opts.rootEnvironmentName !== undefined
      ? { rootEnvironmentName: opts.rootEnvironmentName }
      : {}),
  };
  const out: Record<string, unknown> = { load: diagLines(loaded.diagnostics) };
  if (loaded.decl !== undefined) {
    const check = await evaluateDecl(
      new EvaluationState({ ...base, mode: 'check' }),
      'env',
      loaded.decl,
    );
    const open = await evaluateDecl(
      new EvaluationState({ ...base, mode: 'open' }),
      'env',
      loaded.decl,
    );
    const cv = check.value?.export();
    const ov = open.value?.export();
    out.check = {
      diagnostics: diagLines(check.diagnostics),
      value: cv ? toJSONData(cv, true) : null,
    };
    out.open = {
      diagnostics: diagLines(open.diagnostics),
      redacted: ov ? toJSONData(ov, true) : null,
      revealed: ov ? toJSONData(ov, false) : null,
    };
  }
  return out;
}

const UPDATE = process.env.UPDATE_GOLDEN === '1';
const HOW_TO_UPDATE = 'UPDATE_GOLDEN=1 npm test -- golden';

// Every directory is a case: one whose env.yaml is missing or misspelled fails instead of vanishing.
const cases = readdirSync(ROOT, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

describe('language golden cases', () => {
  it('the fixture directory holds cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  it.each(cases)('%s', async (name) => {
    const dir = join(ROOT, name);
    if (!existsSync(join(dir, 'env.yaml'))) {
      throw new Error(`${join(dir, 'env.yaml')} is missing: every case directory needs one`);
    }
    // A JSON round trip, as the expected file is JSON (e.g. -0 prints as 0).
    const actual: unknown = JSON.parse(JSON.stringify(await run(dir)));
    const file = join(dir, 'expected.json');
    if (UPDATE) {
      writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
    } else if (!existsSync(file)) {
      throw new Error(
        `${file} is missing: a golden case needs its expectation. Write it with ` +
          `\`${HOW_TO_UPDATE}\`, then review it before committing.\nActual:\n` +
          JSON.stringify(actual, null, 2),
      );
    }
    expect(actual).toEqual(JSON.parse(readFileSync(file, 'utf8')));
  });
});
