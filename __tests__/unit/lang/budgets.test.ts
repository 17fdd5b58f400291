// The evaluation's budgets (src/eval/limits.ts): text produced or read, values built, builtin
// calls, environments and their bytes. Each is total over the whole evaluation (every pass, every
// import); going past one is one error diagnostic at the builtin, interpolation or import that
// crossed it, and nothing more is evaluated.
import { evaluateEnvironment } from '../../../src/eval/evaluate.js';
import type { EvaluateOptions, EvaluateResult } from '../../../src/eval/api.js';
import type { Provider } from '../../../src/eval/provider.js';
import type { Value } from '../../../src/eval/value.js';
import {
  MAX_BUILTIN_CALLS,
  MAX_COPIED_VALUES,
  MAX_ENVIRONMENTS,
  MAX_SOURCE_BYTES,
  MAX_STRING_LENGTH,
  MAX_TEXT,
} from '../../../src/eval/limits.js';

const MiB = 1024 * 1024;
const TEXT = `exceeds the evaluation's budget of ${MAX_TEXT} characters of text (produced or read by interpolations and builtins)`;
const VALUES = `exceeds the evaluation's budget of ${MAX_COPIED_VALUES} values (copied by references and imports, or built by fn::split and fn::fromJSON)`;
const BUILTINS = `exceeds the evaluation's budget of ${MAX_BUILTIN_CALLS} builtin calls`;
const LONG = `string value longer than ${MAX_STRING_LENGTH} characters`;

/** `name: <16 references to prev>`: the string grows 16 times. */
const times16 = (name: string, prev: string): string =>
  `  ${name}: "${`\${${prev}}`.repeat(16)}"\n`;

/** Lines defining `big`, a string of `unit.length * 16^5` characters made from `unit`. */
function bigString(unit: string): string {
  let text = `  s0: "${unit}"\n`;
  for (let i = 1; i <= 4; i++) text += times16(`s${i}`, `s${i - 1}`);
  return text + times16('big', 's4');
}

async function run(
  files: Record<string, string | Uint8Array>,
  extra: Partial<EvaluateOptions> = {},
): Promise<{ r: EvaluateResult; errors: { summary: string; at: string }[] }> {
  const r = await evaluateEnvironment('env', {
    mode: 'check',
    loader: (name) => {
      const text = files[name];
      return text === undefined ? { error: `no ${name}` } : { name, path: `${name}.yaml`, text };
    },
    ...extra,
  });
  for (const d of r.diagnostics) expect(d.summary).not.toMatch(/internal error|call stack/i);
  const errors = r.diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) => ({
      summary: d.summary,
      at: `${d.file}:${d.range?.start.line}:${d.range?.start.column}`,
    }));
  return { r, errors };
}

/** The line number (1-based) of the first line of `text` that starts with `prefix`. */
function lineOf(text: string, prefix: string): number {
  return text.split('\n').findIndex((l) => l.startsWith(prefix)) + 1;
}

describe('text budget', () => {
  it('fn::toBase64 of a large string, many times: stops at the call that crosses it', async () => {
    // big: 12 Mi characters; each encoding makes 16 Mi.
    let text = `values:\n${bigString('abcdefghijkl')}`;
    for (let i = 0; i < 200; i++)
      text += `  t${String(i).padStart(3, '0')}: {fn::toBase64: "\${big}"}\n`;
    const { errors } = await run({ env: text });
    // Produced before: s1..big (12.8 Mi); each call (a reference, not an interpolation) makes
    // 16 Mi: the fourth call crosses 64 Mi.
    expect(errors).toEqual([
      { summary: `fn::toBase64 ${TEXT}`, at: `env:${lineOf(text, '  t003')}:9` },
    ]);
  });

  it('a chain of fn::toBase64, each over the previous one, stops at the string limit', async () => {
    let text = `values:\n${bigString('abcd')}  b0: "\${big}"\n`;
    for (let i = 1; i <= 12; i++) text += `  b${i}:\n    fn::toBase64: "\${b${i - 1}}"\n`;
    const { errors } = await run({ env: text });
    expect(errors).toHaveLength(1);
    // 4 Mi → 5.3 Mi → 7.1 Mi → 9.5 Mi → 12.6 Mi → 16.8 Mi (over the 16 Mi string limit at b5),
    // unless the text budget is spent first: either way at a fn::toBase64 of the chain.
    expect([LONG, `fn::toBase64 ${TEXT}`]).toContain(errors[0]?.summary);
    expect(errors[0]?.at).toMatch(/^env:\d+:5$/);
  });

  it('fn::join of many references to a large string: refused before it is built', async () => {
    const text = `values:\n${bigString('abcd')}  j: {fn::join: ["", [${'"${big}", '.repeat(5)}"x"]]}\n`;
    const { errors } = await run({ env: text });
    expect(errors).toEqual([{ summary: LONG, at: `env:${lineOf(text, '  j:')}:6` }]);
  });

  it('fn::join within the string limit, repeated: the text budget', async () => {
    let text = `values:\n${bigString('abcd')}`;
    for (let i = 0; i < 20; i++) text += `  j${i}: {fn::join: ["-", ["\${big}", "\${big}"]]}\n`;
    const { errors } = await run({ env: text });
    expect(errors).toHaveLength(1);
    expect(errors[0]?.summary).toBe(`fn::join ${TEXT}`);
    expect(errors[0]?.at).toMatch(/^env:\d+:8$/);
  });

  it('interpolation that doubles within the string limit, many times: the text budget', async () => {
    let text = `values:\n${bigString('abcd')}`;
    for (let i = 0; i < 40; i++) text += `  d${String(i).padStart(2, '0')}: "\${big}\${big}"\n`;
    const { errors } = await run({ env: text });
    // Spent before: s1..big (4.3 Mi); each d is 8 Mi: the eighth crosses 64 Mi.
    expect(errors).toEqual([
      { summary: `interpolation ${TEXT}`, at: `env:${lineOf(text, '  d07')}:8` },
    ]);
  });

  it('interpolating a large array of references is refused before it is quoted', async () => {
    // An array of 5 references to a 4 Mi string: its string form would be 20 Mi.
    const text = `values:\n${bigString('abcd')}  arr: [${'"${big}", '.repeat(4)}"\${big}"]\n  i: "x\${arr}"\n  t: {fn::toString: "\${arr}"}\n  j: {fn::toJSON: "\${arr}"}\n`;
    const { errors } = await run({ env: text });
    // Only the first limit reached is reported; the others are unknown.
    expect(errors).toEqual([{ summary: LONG, at: `env:${lineOf(text, '  i:')}:6` }]);
  });

  it.each([
    ['fn::toString', 'fn::toString'],
    ['fn::toJSON', 'fn::toJSON'],
  ])('%s of a large array of references is refused before it is built', async (_, fn) => {
    const text = `values:\n${bigString('abcd')}  arr: [${'"${big}", '.repeat(4)}"\${big}"]\n  out: {${fn}: "\${arr}"}\n`;
    const { errors } = await run({ env: text });
    expect(errors).toEqual([{ summary: LONG, at: `env:${lineOf(text, '  out:')}:8` }]);
  });

  it('fn::validate reads text: many over a large string stop', async () => {
    let text = `values:\n${bigString('abcd')}`;
    for (let i = 0; i < 30; i++)
      text += `  v${String(i).padStart(2, '0')}: {fn::validate: {schema: {type: string, minLength: 1}, value: "\${big}"}}\n`;
    const { errors } = await run({ env: text });
    expect(errors).toHaveLength(1);
    expect(errors[0]?.summary).toBe(`fn::validate ${TEXT}`);
  });

  it('a pattern match costs its program size per character: a huge program over a long string stops', async () => {
    // RE2 is linear in the string times the program: [a1]{1000}[b2] is a program of thousands of
    // instructions, so one match over 100,000 characters is hundreds of millions of steps.
    const long = 'a'.repeat(100_000);
    const text = [
      'values:',
      `  long: ${long}`,
      '  ok: {fn::validate: {schema: {type: string, pattern: "^a+$"}, value: "${long}"}}',
      '  slow: {fn::validate: {schema: {type: string, pattern: "[a1]{1000}[b2]"}, value: "${long}"}}',
      '',
    ].join('\n');
    const { errors } = await run({ env: text });
    expect(errors).toEqual([
      {
        summary: `fn::validate (pattern matching) ${TEXT}`,
        at: `env:${lineOf(text, '  slow:')}:9`,
      },
    ]);
    // The same pattern over a short string is an ordinary match.
    const line =
      '  v: {fn::validate: {schema: {type: string, pattern: "[a1]{1000}[b2]"}, value: "ab"}}';
    const short = await run({ env: `values:\n${line}\n` });
    expect(short.errors).toEqual([
      {
        summary: 'string must match the pattern "[a1]{1000}[b2]"',
        at: `env:2:${line.indexOf('"ab"') + 1}`,
      },
    ]);
  });
});

describe('values budget', () => {
  it('fn::split of a large string into characters: refused before the parts are built', async () => {
    const text = `values:\n${bigString('abcd')}  parts: {fn::split: ["", "\${big}"]}\n`;
    const { errors } = await run({ env: text });
    expect(errors).toEqual([
      { summary: `fn::split ${VALUES}`, at: `env:${lineOf(text, '  parts:')}:10` },
    ]);
  });

  it('three fn::splits, each within the budget alone, share it', async () => {
    let text = 'values:\n  s: "' + 'a,'.repeat(100_000) + 'a"\n';
    for (let i = 1; i <= 3; i++) text += `  p${i}: {fn::split: [",", "\${s}"]}\n`;
    const { errors } = await run({ env: text });
    expect(errors).toEqual([
      { summary: `fn::split ${VALUES}`, at: `env:${lineOf(text, '  p3')}:7` },
    ]);
  });

  it('fn::fromJSON of a large document: stops while parsing', async () => {
    const json = `[${'0,'.repeat(300_000)}0]`;
    const text = `values:\n  j: '${json}'\n  v: {fn::fromJSON: "\${j}"}\n`;
    const { errors } = await run({ env: text });
    expect(errors).toEqual([
      { summary: `fn::fromJSON ${VALUES}`, at: `env:${lineOf(text, '  v:')}:6` },
    ]);
  });

  it('fn::fromJSON within the budget evaluates', async () => {
    const text = `values:\n  v: {fn::fromJSON: '[${'0,'.repeat(1000)}0]'}\n`;
    const { r, errors } = await run({ env: text });
    expect(errors).toEqual([]);
    const v = r.value?.repr instanceof Map ? r.value.repr.get('v') : undefined;
    expect(Array.isArray(v?.repr) && v.repr.length).toBe(1001);
  });
});

describe('builtin calls budget', () => {
  it('more builtin calls than the budget: stops at the first one past it', async () => {
    const n = MAX_BUILTIN_CALLS + 10;
    const text = `values:\n  a: [${'{fn::final: 1},'.repeat(n)}]\n`;
    const { errors } = await run({ env: text });
    expect(errors).toHaveLength(1);
    expect(errors[0]?.summary).toBe(`fn::final ${BUILTINS}`);
    // The (budget + 1)th call: each is 15 characters, after `  a: [`.
    expect(errors[0]?.at).toBe(`env:2:${7 + 15 * MAX_BUILTIN_CALLS}`);
  });

  it('counts every pass: a chain of opens re-evaluates the builtins', async () => {
    // Each open needs the previous one's output, so each is a new pass; every pass evaluates
    // the 10,000 fn::final calls again.
    const echo: Provider = {
      name: 'echo',
      inputSchema: true,
      outputSchema: true,
      open: async (inputs: Value) => ({ value: inputs }),
    };
    let text = `values:\n  a: [${'{fn::final: 1},'.repeat(10_000)}]\n  o0: {fn::open::echo: {x: 0}}\n`;
    for (let i = 1; i < 6; i++) text += `  o${i}: {fn::open::echo: {x: "\${o${i - 1}.x}-"}}\n`;
    const { errors } = await run(
      { env: text },
      { mode: 'open', providers: new Map([['echo', echo]]) },
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]?.summary).toMatch(new RegExp(`^fn::\\S+ ${BUILTINS}$`));
  });
});

describe('environments budget', () => {
  it('more environments than the budget: an error at the import that crosses it', async () => {
    const files: Record<string, string> = {};
    const n = MAX_ENVIRONMENTS + 5;
    files.env = `imports:\n${Array.from({ length: n }, (_, i) => `  - e${i}\n`).join('')}values:\n  x: 1\n`;
    for (let i = 0; i < n; i++) files[`e${i}`] = `values:\n  v${i}: ${i}\n`;
    const { errors } = await run(files);
    // The root is the first environment: import number MAX_ENVIRONMENTS (0-based) is the first
    // one over; each later one is refused as well, at its own line.
    expect(errors[0]).toEqual({
      summary: `environment "e${MAX_ENVIRONMENTS - 1}" exceeds the evaluation's budget of ${MAX_ENVIRONMENTS} environments (the root and everything it imports)`,
      at: `env:${MAX_ENVIRONMENTS + 1}:5`,
    });
    expect(errors).toHaveLength(n - (MAX_ENVIRONMENTS - 1));
  });

  it('large imports: an error at the import that crosses the bytes budget', async () => {
    // 0.4 MiB each: the root, a and b fit in the budget; c crosses it.
    const big = `values:\n  s: "${'x'.repeat(0.4 * MiB)}"\n`;
    const files: Record<string, string> = {
      env: 'imports:\n  - a\n  - b\n  - c\n  - d\nvalues:\n  x: 1\n',
      a: big,
      b: big,
      c: big,
      d: big,
    };
    const { errors } = await run(files);
    const bytes = `exceeds the evaluation's budget of ${MAX_SOURCE_BYTES} bytes of environment files (the root and everything it imports)`;
    expect(errors).toEqual([
      { summary: `environment "c" ${bytes}`, at: 'env:4:5' },
      { summary: `environment "d" ${bytes}`, at: 'env:5:5' },
    ]);
  });

  it('imports within the budgets evaluate', async () => {
    const files: Record<string, string> = {
      env: 'imports:\n  - a\n  - b\nvalues:\n  x: ${s}\n',
      a: `values:\n  s: "${'x'.repeat(MiB / 2)}"\n`,
      b: 'values:\n  t: 1\n',
    };
    const { errors } = await run(files);
    expect(errors).toEqual([]);
  });
});

describe('budgets are spent once for the whole evaluation', () => {
  it('an evaluation within every budget is not affected', async () => {
    const text = `values:\n${bigString('ab')}  b: {fn::toBase64: "\${big}"}\n  parts: {fn::split: [",", "a,b,c"]}\n  j: {fn::toJSON: {x: "\${parts}"}}\n`;
    const { r, errors } = await run({ env: text });
    expect(errors).toEqual([]);
    const j = r.value?.repr instanceof Map ? r.value.repr.get('j')?.repr : undefined;
    expect(j).toBe('{"x":["a","b","c"]}');
  });
});

describe('docs/limits.md', () => {
  it('lists the limits with the values the code uses', async () => {
    const { readDoc } = await import('../../../__fixtures__/docs.js');
    const section = readDoc('docs/limits.md');
    const row = (label: string): string => section.split('\n').find((l) => l.includes(label)) ?? '';
    const { MAX_RESPONSE_BYTES } = await import('../../../src/providers/body-limit.js');
    expect(row('environments loaded')).toContain(`| ${MAX_ENVIRONMENTS} `);
    expect(row('bytes of all the environment files')).toContain(`| ${MAX_SOURCE_BYTES / MiB} MiB `);
    expect(row('length of one string')).toContain(`| ${MAX_STRING_LENGTH / MiB} Mi characters `);
    expect(row('text produced or read')).toContain(`| ${MAX_TEXT / MiB} Mi characters `);
    expect(row('values copied')).toContain(`| ${MAX_COPIED_VALUES.toLocaleString('en')} `);
    expect(row('builtin calls')).toContain(`| ${MAX_BUILTIN_CALLS.toLocaleString('en')} `);
    expect(row('response body')).toContain(`| ${MAX_RESPONSE_BYTES / MiB} MiB `);
  });
});
