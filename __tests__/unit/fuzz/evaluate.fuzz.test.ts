// Property-based tests of the whole language core on generated environment files: random nesting,
// keys, scalars, interpolations (valid and broken), builtin calls of every shape, references
// (including cycles) and imports (including self-imports and import cycles). `npm test` runs a
// bounded number of cases; `npm run fuzz` (FUZZ_RUNS=20000) a longer run.
import fc from 'fast-check';
import { evaluateEnvironment } from '../../../src/eval/evaluate.js';
import type { Provider } from '../../../src/eval/provider.js';
import type { Value } from '../../../src/eval/value.js';
import type { Diagnostic } from '../../../src/syntax/diagnostic.js';

const RUNS = Number(process.env['FUZZ_RUNS'] ?? '200');
const SEED =
  process.env['FUZZ_SEED'] === undefined ? {} : { seed: Number(process.env['FUZZ_SEED']) };

/** Planted in every `fn::secret` and provider output; must never reach a diagnostic. */
const SECRET = 'S3CRET-d8f1c2';
const ENV_NAMES = ['env', 'a', 'b', 'missing'];

const key = fc.oneof(
  fc.constantFrom('a', 'b', 'c', 'x', 'environmentVariables', 'files', 'imports', 'context'),
  fc.constantFrom('fn::secret', 'fn::join', 'fn::bogus', 'fn::open', '"1"', '"a.b"', 'A_B', 'é'),
  fc.stringMatching(/^[a-z][a-z0-9_-]{0,6}$/),
);
const ref = fc.oneof(
  fc.constantFrom('a', 'b', 'c', 'x', 'a.b', 'a[0]', 'b["c"]', 'x.y.z', 'imports.a', 'context'),
  fc.constantFrom('environments.a', 'environments.x.y', 'context.github.sha', 'a[-1]', 'a[99]'),
);
const scalar = fc.oneof(
  fc.constantFrom(
    '1',
    '0x1F',
    '010',
    '1e400',
    '-.inf',
    'true',
    'yes',
    '~',
    '""',
    "''",
    '2024-01-01',
  ),
  fc.constantFrom('12345678901234567890', '"\\u00e9"', '"\\t"', '!!str 12', '!!binary aGk='),
  fc.stringMatching(/^[a-z][a-z ]{0,8}$/),
);
const interpolation = fc.oneof(
  ref.map((r) => `"\${${r}}"`),
  ref.map((r) => `"pre-\${${r}}-post"`),
  fc.constantFrom('"${"', '"${}"', '"${a"', '"$${a}"', '"${a.}"', '"${[}"', '"${a[x]}"', '"${1a}"'),
  fc.constantFrom(`"${SECRET}-\${a}"`, '"${a}${b}${c}"', '"$${${a}}"'),
);

/** A YAML flow node of bounded depth. */
const node: fc.Memo<string> = fc.memo((n) => {
  if (n <= 1) return fc.oneof(scalar, interpolation);
  return fc.oneof(
    { weight: 3, arbitrary: scalar },
    { weight: 3, arbitrary: interpolation },
    {
      weight: 2,
      arbitrary: fc.array(node(n - 1), { maxLength: 4 }).map((xs) => `[${xs.join(', ')}]`),
    },
    {
      weight: 2,
      arbitrary: fc
        .array(fc.tuple(key, node(n - 1)), { maxLength: 4 })
        .map((es) => `{${es.map(([k, v]) => `${k}: ${v}`).join(', ')}}`),
    },
    { weight: 3, arbitrary: builtin(n - 1) },
  );
});

function builtin(n: number): fc.Arbitrary<string> {
  const arg = node(n);
  return fc.oneof(
    arg.map((a) => `{fn::secret: ${a}}`),
    fc.constant(`{fn::secret: ${SECRET}}`),
    fc.constant(`{fn::secret: {ciphertext: ZXNj}}`),
    fc.tuple(arg, arg).map(([a, b]) => `{fn::join: [${a}, ${b}]}`),
    arg.map((a) => `{fn::join: ${a}}`),
    fc.tuple(arg, arg).map(([a, b]) => `{fn::split: [${a}, ${b}]}`),
    arg.map((a) => `{fn::concat: ${a}}`),
    arg.map((a) => `{fn::toJSON: ${a}}`),
    arg.map((a) => `{fn::fromJSON: ${a}}`),
    fc.constantFrom(`{fn::fromJSON: '{"a": [1, {"b": null}]}'}`, `{fn::fromJSON: '[[[['}`),
    arg.map((a) => `{fn::toBase64: ${a}}`),
    arg.map((a) => `{fn::fromBase64: ${a}}`),
    fc.constantFrom('{fn::fromBase64: "/w=="}', '{fn::fromBase64: "!!"}'),
    arg.map((a) => `{fn::toString: ${a}}`),
    arg.map((a) => `{fn::final: ${a}}`),
    fc.tuple(arg, arg).map(([s, v]) => `{fn::validate: {schema: ${s}, value: ${v}}}`),
    fc.constant('{fn::validate: {schema: {type: string}, value: 1}}'),
    arg.map((a) => `{fn::open::test: ${a}}`),
    arg.map((a) => `{fn::open::fail: ${a}}`),
    arg.map((a) => `{fn::open: {provider: test, inputs: ${a}}}`),
    arg.map((a) => `{fn::open::nope: ${a}}`),
    arg.map((a) => `{fn::rotate::test: {inputs: ${a}, state: {}}}`),
    fc.tuple(arg, arg).map(([a, b]) => `{fn::join: [${a}, ${b}], extra: 1}`),
  );
}

const imports = fc
  .array(
    fc.oneof(
      fc.constantFrom(...ENV_NAMES),
      fc.constantFrom('"../x"', '{a: {merge: false}}', '{b: 1}', '1'),
    ),
    {
      maxLength: 3,
    },
  )
  .map((xs) => (xs.length === 0 ? '' : `imports: [${xs.join(', ')}]\n`));

const document = fc
  .tuple(
    imports,
    fc.array(fc.tuple(key, node(4)), { maxLength: 6 }),
    fc.constantFrom('', 'description: hi\n', 'description: [1]\n', 'Values: {}\n', 'extra: 1\n'),
  )
  .map(
    ([imp, entries, extra]) =>
      `${imp}${extra}values:\n${entries.map(([k, v]) => `  ${k}: ${v}`).join('\n')}\n`,
  );

/** Raw mutations: a valid-looking document with a byte flipped, cut short or decorated. */
const mutated = fc.oneof(
  document,
  fc
    .tuple(
      document,
      fc.nat(),
      fc.constantFrom('\t', '{', ']', ':', '&a ', '*a', '"', '\r\n', '\ufeff', '\u0000', '- '),
    )
    .map(([d, i, s]) => {
      const at = i % (d.length + 1);
      return d.slice(0, at) + s + d.slice(at);
    }),
  fc.tuple(document, fc.nat()).map(([d, i]) => d.slice(0, i % (d.length + 1))),
  document.map((d) => d.replaceAll('\n', '\r\n')),
  document.map((d) => `\ufeff${d}`),
);

const testProvider: Provider = {
  name: 'test',
  inputSchema: true,
  open: (inputs) =>
    Promise.resolve({
      value: {
        repr: new Map<string, Value>([
          ['token', { repr: SECRET, secret: true, unknown: false }],
          ['inputs', inputs],
        ]),
        secret: false,
        unknown: false,
      },
    }),
};
const failProvider: Provider = {
  name: 'fail',
  inputSchema: true,
  open: () => Promise.reject(new Error('access denied for the role')),
};

function checkPosition(d: Diagnostic): void {
  expect(['error', 'warning']).toContain(d.severity);
  expect(typeof d.summary).toBe('string');
  expect(d.summary.length).toBeGreaterThan(0);
  expect(typeof d.path).toBe('string');
  if (d.range === undefined) return;
  const { start, end } = d.range;
  for (const p of [start, end]) {
    expect(Number.isInteger(p.line) && p.line >= 1).toBe(true);
    expect(Number.isInteger(p.column) && p.column >= 1).toBe(true);
    expect(Number.isInteger(p.byte) && p.byte >= 0).toBe(true);
  }
  expect(end.line > start.line || (end.line === start.line && end.column >= start.column)).toBe(
    true,
  );
  expect(end.byte).toBeGreaterThanOrEqual(start.byte);
  expect(d.range.file).toBe(d.file);
}

/** Every secret string inside a value (for "no secret in any message"). */
function secretsIn(v: Value | undefined, out: Set<string>, inSecret = false): void {
  if (v === undefined) return;
  const s = inSecret || v.secret;
  const r = v.repr;
  if (Array.isArray(r)) r.forEach((e) => secretsIn(e, out, s));
  else if (r instanceof Map) for (const e of r.values()) secretsIn(e, out, s);
  else if (s && typeof r === 'string' && r.length >= 6) out.add(r);
}

describe('fuzz: evaluation of generated environments', () => {
  it(`terminates, never throws, reports valid positions and no secret (${RUNS} runs)`, async () => {
    let cases = 0;
    await fc.assert(
      fc.asyncProperty(
        mutated,
        document,
        document,
        fc.constantFrom('check', 'open'),
        async (root, a, b, mode) => {
          cases++;
          const sources: Record<string, string> = { env: root, a, b };
          for (const m of ['check', 'open'] as const) {
            if (m !== mode) continue;
            const r = await evaluateEnvironment('env', {
              mode: m,
              loader: (name) =>
                sources[name] === undefined
                  ? { error: `environment "${name}" not found` }
                  : { name, path: `${name}.yaml`, text: sources[name] },
              providers: new Map([
                ['test', testProvider],
                ['fail', failProvider],
              ]),
            });
            for (const d of r.diagnostics) {
              checkPosition(d);
              expect(d.summary).not.toContain(SECRET);
              expect(d.summary).not.toMatch(/^internal error/);
            }
            const secrets = new Set<string>();
            secretsIn(r.value, secrets);
            for (const s of secrets)
              for (const d of r.diagnostics) expect(d.summary).not.toContain(s);
          }
        },
      ),
      { numRuns: RUNS, ...SEED },
    );
    expect(cases).toBe(RUNS);
  });
});
