// Every file of __tests__/corpus/malformed (plus a few generated in place: too large, 10,000-deep,
// 10,000-long chains, symlinks out of the directory) run through the bundled action, in open and in
// check-only mode: each must fail the step with exactly the `::error` annotations its expectation
// lists (message, line and column: __tests__/corpus/malformed/expected.txt, format in
// malformed-expect.ts; the generated cases carry theirs below), then the one summary error, exit
// 1, export nothing, write no file and not hang. A corpus file without an expectation fails.
// After a deliberate message change: `UPDATE_MALFORMED=1 node scripts/test.mjs malformed` rewrites
// expected.txt from what the action printed (review the diff!). Runs two steps at a time (2 cores).
import { jest } from '@jest/globals';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, makeWorkspace, runAction, type RunResult } from '../../scripts/stack/index.mjs';
import {
  annotationsOf,
  expectedFor,
  formatExpectations,
  parseExpectations,
  type Mode,
} from './malformed-expect.js';

// A hang guard only (114 steps, two at a time: about 90 s on a loaded 2-core machine).
jest.setTimeout(900_000);

const CORPUS = join(REPO_ROOT, '__tests__', 'corpus', 'malformed');
const TABLE = join(CORPUS, 'expected.txt');
const UPDATE = process.env['UPDATE_MALFORMED'] === '1';
const PARALLEL = 2;
/** A hang guard, far above any normal run: a step still running then is killed and fails. */
const HANG_MS = 60_000;
const MODES = ['open', 'check'] as const;

interface Case {
  name: string;
  /** The text, or a function that prepares the workspace itself. */
  text?: string | Uint8Array;
  prepare?: (workspace: string) => void;
  /** The file the annotations must name (default .esc/<name>.yaml). */
  file?: string;
  /** Generated cases: the expected annotations as `<line>[:<col>]: <message>`, per mode. */
  expect?: Record<Mode, string[]>;
}

const both = (lines: string[]): Record<Mode, string[]> => ({ open: lines, check: lines });
const pad = (i: number) => `k${String(i).padStart(5, '0')}`;

function generatedCases(): Case[] {
  let chain = 'values:\n';
  for (let i = 0; i < 10_000; i++) chain += `  ${pad(i)}: \${${pad(i + 1)}}\n`;
  chain += `  ${pad(10_000)}: end\n  environmentVariables:\n    A: \${${pad(0)}}\n`;
  const big =
    'values:\n  environmentVariables:\n    A: 1\n  pad: "' + 'x'.repeat(1024 * 1024) + '"\n';
  return [
    {
      name: 'gen-too-large',
      text: big,
      expect: both([
        '-: environment file .esc/gen-too-large.yaml is 1048627 bytes; the limit is 1048576 bytes (1 MiB)',
      ]),
    },
    {
      name: 'gen-deep-10000',
      text: 'values:\n  a: ' + '['.repeat(10_000) + ']'.repeat(10_000) + '\n',
      expect: both(['2:260: yaml: nesting deeper than 256 levels is not supported']),
    },
    {
      name: 'gen-chain-10000',
      text: chain,
      expect: both([
        '499:11: evaluation nests deeper than 500 levels (references and nested values); shorten the chain of references',
      ]),
    },
    {
      name: 'gen-symlink-import',
      prepare: (ws) => {
        writeFileSync(join(ws, 'outside.yaml'), 'values:\n  environmentVariables:\n    LEAK: 1\n');
        symlinkSync(join(ws, 'outside.yaml'), join(ws, '.esc', 'linked.yaml'));
        writeFileSync(
          join(ws, '.esc', 'gen-symlink-import.yaml'),
          'imports: [linked]\nvalues:\n  environmentVariables:\n    A: 1\n',
        );
      },
      expect: both([
        '1:11: environment "linked" resolves outside the environments directory <workspace>/.esc',
      ]),
    },
    {
      name: 'gen-symlink-root',
      prepare: (ws) => {
        writeFileSync(join(ws, 'outside.yaml'), 'values:\n  environmentVariables:\n    LEAK: 1\n');
        symlinkSync(join(ws, 'outside.yaml'), join(ws, '.esc', 'gen-symlink-root.yaml'));
      },
      expect: both([
        'nofile: environment "gen-symlink-root" (.esc/gen-symlink-root.yaml) resolves outside the environments directory <workspace>/.esc',
      ]),
    },
  ];
}

function corpusCases(): Case[] {
  return readdirSync(CORPUS)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => ({ name: f.slice(0, -'.yaml'.length), text: readFileSync(join(CORPUS, f)) }));
}

interface Outcome {
  c: Case;
  mode: Mode;
  r: RunResult;
  filesLeft: string[];
  /** The ::error annotations as the table writes them (the summary apart). */
  annotations: string[];
  /** The summary error is there exactly when it should be, with the right count. */
  summary: boolean;
}

const fileOf = (c: Case) => c.file ?? `.esc/${c.name}.yaml`;

async function runCase(c: Case, mode: Mode): Promise<Outcome> {
  const workspace = makeWorkspace({ '.esc/.keep': '' });
  mkdirSync(join(workspace, '.esc'), { recursive: true });
  if (c.prepare) c.prepare(workspace);
  else writeFileSync(join(workspace, '.esc', `${c.name}.yaml`), c.text ?? '');
  const r = await runAction({
    workspace,
    inputs: { environment: c.name, 'check-only': mode === 'check', run: 'echo SHOULD-NOT-RUN' },
    timeoutMs: HANG_MS,
  });
  const filesLeft = readdirSync(r.runnerTemp).filter((f) => !f.startsWith('_'));
  r.cleanup();
  rmSync(workspace, { recursive: true, force: true });
  return { c, mode, r, filesLeft, ...annotationsOf(r.commands, fileOf(c), workspace) };
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

const corpus = corpusCases();
const cases = [...corpus, ...generatedCases()];
const tableText = () => (existsSync(TABLE) ? readFileSync(TABLE, 'utf8') : '');
let table = parseExpectations(tableText());
let outcomes: Outcome[] = [];

/** The expected annotations of a case in a mode, or undefined when it has none. */
function expected(c: Case, mode: Mode): string[] | undefined {
  if (c.expect) return c.expect[mode];
  const f = `${c.name}.yaml`;
  return table.some((e) => e.file === f) ? expectedFor(table, f, mode) : undefined;
}

beforeAll(async () => {
  const runs = cases.flatMap((c) => MODES.map((mode) => ({ c, mode })));
  outcomes = await inParallel(runs, PARALLEL, ({ c, mode }) => runCase(c, mode));
  if (UPDATE) {
    // The leading comment stays; the entries are written from this run.
    const header = tableText()
      .split('\n')
      .filter((l, i, all) => l.startsWith('#') && all.slice(0, i).every((p) => p.startsWith('#')));
    const lines = corpus.flatMap((c) => {
      const get = (mode: Mode) =>
        outcomes.find((o) => o.c === c && o.mode === mode)?.annotations ?? [];
      return formatExpectations(`${c.name}.yaml`, { open: get('open'), check: get('check') });
    });
    writeFileSync(TABLE, `${[...header, ...lines].join('\n')}\n`);
    table = parseExpectations(tableText());
  }
});

describe('the expectation table', () => {
  test('parses and writes the table format', () => {
    const lines = formatExpectations('x.yaml', {
      open: ['3:5: a "b"\\n\nc', '4: spans'],
      check: ['3:5: a "b"\\n\nc'],
    });
    expect(lines).toEqual([
      'x.yaml open: 3:5: a "b"\\\\n\\nc',
      'x.yaml open: 4: spans',
      'x.yaml check: 3:5: a "b"\\\\n\\nc',
    ]);
    const parsed = parseExpectations(
      ['# comment', '', ...lines, 'x.yaml: nofile: both'].join('\n'),
    );
    expect(expectedFor(parsed, 'x.yaml', 'open')).toEqual([
      '3:5: a "b"\\n\nc',
      '4: spans',
      'nofile: both',
    ]);
    expect(expectedFor(parsed, 'x.yaml', 'check')).toEqual(['3:5: a "b"\\n\nc', 'nofile: both']);
    expect(() => parseExpectations('x.yaml 3:5 no colon')).toThrow(/expected\.txt:1: not/);
  });
  test('the corpus holds at least 30 files of its own', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(30);
  });
  test('every corpus file has an expectation, and every expectation a corpus file', () => {
    const files = corpus.map((c) => `${c.name}.yaml`);
    expect(files.filter((f) => !table.some((e) => e.file === f))).toEqual([]);
    expect([...new Set(table.map((e) => e.file))].filter((f) => !files.includes(f))).toEqual([]);
  });
});

describe.each(MODES)('%s mode', (mode) => {
  test.each(cases.map((c) => [c.name, c] as const))('%s fails with its annotations', (_, c) => {
    const o = outcomes.find((x) => x.c === c && x.mode === mode);
    if (o === undefined) throw new Error('not run');
    const { r } = o;
    const log = `--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`;
    const want = expected(c, mode);
    if (want === undefined) {
      throw new Error(
        `${c.name}.yaml has no expectation in ${TABLE}; what the action printed:\n` +
          formatExpectations(`${c.name}.yaml`, {
            open: outcomes.find((x) => x.c === c && x.mode === 'open')?.annotations ?? [],
            check: outcomes.find((x) => x.c === c && x.mode === 'check')?.annotations ?? [],
          }).join('\n'),
      );
    }
    const got = { annotations: o.annotations, summary: o.summary };
    const wanted = { annotations: want, summary: true };
    if (JSON.stringify(got) !== JSON.stringify(wanted)) {
      // Jest's diff first, the whole log after it.
      try {
        expect(got).toEqual(wanted);
      } catch (e) {
        throw new Error(`${(e as Error).message}\n${log}`, { cause: e });
      }
    }
    expect({ code: r.code, timedOut: r.timedOut }).toEqual({ code: 1, timedOut: false });
    expect(r.githubEnv).toEqual({});
    expect(r.githubOutput['exported-variables'] ?? '').toBe('');
    expect(o.filesLeft).toEqual([]);
    expect(r.leftover).toEqual([]);
    expect(r.stdout).not.toContain('SHOULD-NOT-RUN');
    expect(r.stdout + r.stderr).not.toMatch(/internal error|Maximum call stack|at .*\.js:\d+/);
  });
});
