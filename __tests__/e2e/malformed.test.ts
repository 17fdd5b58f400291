// Every file of __tests__/corpus/malformed (plus a few generated in place: too large, 10,000-deep,
// 10,000-long chains, symlinks out of the directory) run through the bundled action, in open and in
// check-only mode: each must fail the step with an ::error annotation naming the file (and the line
// where one exists), exit non-zero, export nothing, write no file, and finish within seconds. Runs
// two steps at a time (2 cores). The slowest case is printed.
import { jest } from '@jest/globals';
import { mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  REPO_ROOT,
  makeWorkspace,
  parseWorkflowCommands,
  runAction,
  type RunResult,
} from '../../scripts/stack/index.mjs';

jest.setTimeout(240_000);

const CORPUS = join(REPO_ROOT, '__tests__', 'corpus', 'malformed');
const PARALLEL = 2;
const MAX_MS = 8_000;

interface Case {
  name: string;
  /** Expect a line in the annotation (false only for whole-file problems). */
  line: boolean;
  /** The text, or a function that prepares the workspace itself. */
  text?: string | Uint8Array;
  prepare?: (workspace: string) => void;
  /** The file the annotation must name (default .esc/<name>.yaml). */
  file?: string;
  /** Modes in which the case must fail (default both). */
  modes?: readonly ('open' | 'check')[];
}

/** Cases only an open can find (none today: provider inputs are checked in check mode too). */
const OPEN_ONLY = new Set<string>();

const pad = (i: number) => `k${String(i).padStart(5, '0')}`;

function generatedCases(): Case[] {
  let chain = 'values:\n';
  for (let i = 0; i < 10_000; i++) chain += `  ${pad(i)}: \${${pad(i + 1)}}\n`;
  chain += `  ${pad(10_000)}: end\n  environmentVariables:\n    A: \${${pad(0)}}\n`;
  const big =
    'values:\n  environmentVariables:\n    A: 1\n  pad: "' + 'x'.repeat(1024 * 1024) + '"\n';
  return [
    { name: 'gen-too-large', line: false, text: big },
    {
      name: 'gen-deep-10000',
      line: true,
      text: 'values:\n  a: ' + '['.repeat(10_000) + ']'.repeat(10_000) + '\n',
    },
    { name: 'gen-chain-10000', line: true, text: chain },
    {
      name: 'gen-symlink-import',
      line: true,
      prepare: (ws) => {
        writeFileSync(join(ws, 'outside.yaml'), 'values:\n  environmentVariables:\n    LEAK: 1\n');
        symlinkSync(join(ws, 'outside.yaml'), join(ws, '.esc', 'linked.yaml'));
        writeFileSync(
          join(ws, '.esc', 'gen-symlink-import.yaml'),
          'imports: [linked]\nvalues:\n  environmentVariables:\n    A: 1\n',
        );
      },
    },
    {
      name: 'gen-symlink-root',
      line: false,
      prepare: (ws) => {
        writeFileSync(join(ws, 'outside.yaml'), 'values:\n  environmentVariables:\n    LEAK: 1\n');
        symlinkSync(join(ws, 'outside.yaml'), join(ws, '.esc', 'gen-symlink-root.yaml'));
      },
    },
  ];
}

function corpusCases(): Case[] {
  return readdirSync(CORPUS)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => {
      const name = f.slice(0, -'.yaml'.length);
      return {
        name,
        line: true,
        text: readFileSync(join(CORPUS, f)),
        ...(OPEN_ONLY.has(name) ? { modes: ['open'] as const } : {}),
      };
    });
}

interface Outcome {
  c: Case;
  mode: 'open' | 'check';
  r: RunResult;
  filesLeft: string[];
}

async function runCase(c: Case, mode: 'open' | 'check'): Promise<Outcome> {
  const workspace = makeWorkspace({ '.esc/.keep': '' });
  mkdirSync(join(workspace, '.esc'), { recursive: true });
  if (c.prepare) c.prepare(workspace);
  else writeFileSync(join(workspace, '.esc', `${c.name}.yaml`), c.text ?? '');
  const r = await runAction({
    workspace,
    inputs: { environment: c.name, 'check-only': mode === 'check', run: 'echo SHOULD-NOT-RUN' },
    timeoutMs: 30_000,
  });
  const filesLeft = readdirSync(r.runnerTemp).filter((f) => !f.startsWith('_'));
  r.cleanup();
  rmSync(workspace, { recursive: true, force: true });
  return { c, mode, r, filesLeft };
}

async function inParallel<T, R>(items: T[], n: number, f: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      for (let i = next++; i < items.length; i = next++) out[i] = await f(items[i] as T);
    }),
  );
  return out;
}

const cases = [...corpusCases(), ...generatedCases()];
let outcomes: Outcome[] = [];

beforeAll(async () => {
  const runs = cases.flatMap((c) =>
    (c.modes ?? (['open', 'check'] as const)).map((mode) => ({ c, mode })),
  );
  outcomes = await inParallel(runs, PARALLEL, ({ c, mode }) => runCase(c, mode));
  const slowest = [...outcomes].sort((a, b) => b.r.durationMs - a.r.durationMs).slice(0, 3);
  process.stderr.write(
    `malformed corpus: ${cases.length} cases, ${outcomes.length} runs; slowest: ${slowest
      .map((o) => `${o.c.name} (${o.mode}) ${Math.round(o.r.durationMs)} ms`)
      .join(', ')}\n`,
  );
});

test('the corpus holds at least 30 files of its own', () => {
  expect(corpusCases().length).toBeGreaterThanOrEqual(30);
});

describe.each(['open', 'check'] as const)('%s mode', (mode) => {
  const mine = cases.filter((c) => (c.modes ?? ['open', 'check']).includes(mode));
  test.each(mine.map((c) => [c.name, c] as const))('%s fails cleanly', (_, c) => {
    const o = outcomes.find((x) => x.c === c && x.mode === mode);
    if (o === undefined) throw new Error('not run');
    const { r } = o;
    const log = `--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`;
    const file = c.file ?? `.esc/${c.name}.yaml`;
    const errors = parseWorkflowCommands(r.stdout).filter((x) => x.command === 'error');
    const mine = errors.filter((e) => e.properties['file'] === file || e.value.includes(file));
    if (mine.length === 0) throw new Error(`no ::error naming ${file}\n${log}`);
    if (c.line && !mine.some((e) => Number(e.properties['line']) >= 1))
      throw new Error(`no ::error with a line for ${file}\n${log}`);
    expect({ code: r.code, timedOut: r.timedOut }).toEqual({ code: 1, timedOut: false });
    expect(r.githubEnv).toEqual({});
    expect(r.githubOutput['exported-variables'] ?? '').toBe('');
    expect(o.filesLeft).toEqual([]);
    expect(r.stdout).not.toContain('SHOULD-NOT-RUN');
    expect(r.stdout + r.stderr).not.toMatch(/internal error|Maximum call stack|at .*\.js:\d+/);
    expect(r.durationMs).toBeLessThan(MAX_MS);
  });
});
