// No silent placeholders: in open mode a value still unknown is an error at its key that names
// the provider call that was not opened, where it is and why; nothing reaches an export.
import { describe, expect, it } from '@jest/globals';
import type { EvalMode } from '../../../src/eval/api.js';
import { evaluateEnvironment } from '../../../src/eval/evaluate.js';
import type { Provider } from '../../../src/eval/provider.js';
import { fromPlain } from '../../../src/eval/value.js';
import {
  checkUnknownValues,
  withUnknownValues,
  type UnknownScope,
} from '../../../src/host/unknowns.js';
import { createAwsProviders } from '../../../src/providers/index.js';

const fileOf = (name: string) => `.esc/${name}.yaml`;

/** `values: {json: '{"A": "1"}'}` from `echo`; `boom` always fails to open. */
function providers(): Map<string, Provider> {
  const m = new Map<string, Provider>(
    createAwsProviders({
      getToken: () => Promise.reject(new Error('no token here')),
      audience: 'sts.amazonaws.com',
      env: {},
    }),
  );
  m.set('boom', { name: 'boom', open: () => Promise.reject(new Error('the provider failed')) });
  m.set('echo', {
    name: 'echo',
    inputSchema: { type: 'object', properties: { v: { type: 'string' } }, required: ['v'] },
    open: (inputs) => Promise.resolve({ value: inputs }),
  });
  m.set('const', {
    name: 'const',
    open: () => Promise.resolve({ value: fromPlain({ json: '{"A": "1"}', v: 'x' }) }),
  });
  return m;
}

async function unknowns(
  sources: Record<string, string>,
  options: { mode?: EvalMode; scope?: UnknownScope; unknownContextKeys?: string[] } = {},
) {
  const mode = options.mode ?? 'open';
  const r = await evaluateEnvironment('env', {
    mode,
    loader: (name) =>
      sources[name] === undefined
        ? { error: `no ${name}` }
        : { name, path: fileOf(name), text: sources[name] },
    providers: providers(),
    ...(options.unknownContextKeys ? { unknownContextKeys: options.unknownContextKeys } : {}),
  });
  const checkOptions = {
    rootName: 'env',
    fileOf,
    mode,
    ...(options.scope ? { scope: options.scope } : {}),
  };
  const found = checkUnknownValues(r, checkOptions);
  const all = withUnknownValues(r, checkOptions);
  for (const d of found) {
    expect(d.severity).toBe('error');
    expect(d.summary).not.toContain('[unknown]');
  }
  return {
    evaluation: r.diagnostics.map((d) => d.summary),
    found: found.map(
      (d) => `${d.file}:${d.range?.start.line}:${d.range?.start.column} ${d.summary}`,
    ),
    paths: found.map((d) => d.path),
    /** Every diagnostic, as the hosts report them (one error per cause). */
    all: all.map((d) => `${d.file}:${d.range?.start.line}:${d.range?.start.column} ${d.summary}`),
  };
}

const BAD_LOGIN = [
  'values:',
  '  aws:',
  '    login:',
  '      fn::open::aws-login:',
  '        oidc:',
  '          roleArn: arn:aws:iam::123456789012:role/x',
  '          sesionName: foo',
];
const NOT_OPENED =
  'fn::open::aws-login at .esc/env.yaml:4:7 was not opened because its inputs have errors';

describe('checkUnknownValues', () => {
  it('reports each exported variable and file that depends on a provider not opened', async () => {
    const r = await unknowns({
      env: [
        ...BAD_LOGIN,
        '  environmentVariables:',
        '    AWS_ACCESS_KEY_ID: ${aws.login.accessKeyId}',
        '    PREFIXED: "x-${aws.login.secretAccessKey}"',
        '    ENCODED: {fn::toBase64: "${aws.login.sessionToken}"}',
        '    JOINED: {fn::join: [",", ["a", "${aws.login.accessKeyId}"]]}',
        '    AS_JSON: {fn::toJSON: "${aws.login}"}',
        '    AS_STRING: {fn::toString: "${aws.login}"}',
        '    FINAL: {fn::final: "${aws.login.accessKeyId}"}',
        '    FINE: plain',
        '  files:',
        '    CREDENTIALS: ${aws.login.secretAccessKey}',
      ].join('\n'),
    });
    expect(r.evaluation).toEqual(['unexpected property sesionName; did you mean sessionName?']);
    // One error for the call, counting what depends on it; none for each value.
    expect(r.all).toEqual([
      `env:4:7 ${NOT_OPENED} (8 values depend on it: AS_JSON, AS_STRING, AWS_ACCESS_KEY_ID, ENCODED, FINAL and 3 more)`,
      'env:7:11 unexpected property sesionName; did you mean sessionName?',
    ]);
    expect(r.found).toHaveLength(1);
    expect(r.paths).toEqual(['values.aws.login["fn::open::aws-login"]']);
  });

  it('names a provider that failed, and follows inputs that were unknown to their cause', async () => {
    const r = await unknowns({
      env: [
        'values:',
        '  broken:',
        '    fn::open::boom: {}',
        '  echoed:',
        '    fn::open::echo:',
        '      v: ${broken.value}',
        '  environmentVariables:',
        '    DIRECT: ${broken.value}',
        '    CHAINED: ${echoed.v}',
      ].join('\n'),
    });
    expect(r.evaluation).toEqual(['the provider failed']);
    // The call's own error says how many values depend on it (through other calls too).
    expect(r.all).toEqual(['env:3:5 the provider failed (2 values depend on it: CHAINED, DIRECT)']);
    expect(r.found).toEqual([]);
  });

  it('follows aws-secrets back to the aws-login it depends on', async () => {
    const r = await unknowns({
      env: [
        ...BAD_LOGIN,
        '  secrets:',
        '    fn::open::aws-secrets:',
        '      region: us-east-1',
        '      login: ${aws.login}',
        '      get: {db: {secretId: prod/db}}',
        '  environmentVariables:',
        '    DB_PASSWORD: ${secrets.db}',
      ].join('\n'),
    });
    expect(r.all).toEqual([
      `env:4:7 ${NOT_OPENED} (1 value depends on it: DB_PASSWORD)`,
      'env:7:11 unexpected property sesionName; did you mean sessionName?',
    ]);
  });

  it('points into the imported file that holds the provider call', async () => {
    const r = await unknowns({
      base: ['values:', '  login:', '    fn::open::aws-logn: {oidc: {roleArn: x}}'].join('\n'),
      'proj/shared': 'values:\n  broken:\n    fn::open::boom: {}\n',
      env: [
        'imports: [base]',
        'values:',
        '  environmentVariables:',
        '    FROM_IMPORT: ${login.accessKeyId}',
        '    FROM_REFERENCE: ${environments.proj.shared.broken.x}',
      ].join('\n'),
    });
    expect(r.all).toEqual([
      'base:3:5 unknown provider "aws-logn"; did you mean "aws-login"? (1 value depends on it: FROM_IMPORT)',
      'proj/shared:3:5 the provider failed (1 value depends on it: FROM_REFERENCE)',
    ]);
  });

  it('reports variables an import exports, in the imported file', async () => {
    const r = await unknowns({
      base: [
        'values:',
        '  broken:',
        '    fn::open::boom: {}',
        '  environmentVariables:',
        '    INHERITED: ${broken.key}',
      ].join('\n'),
      env: 'imports: [base]\nvalues:\n  environmentVariables:\n    OWN: fine\n',
    });
    expect(r.all).toEqual(['base:3:5 the provider failed (1 value depends on it: INHERITED)']);
  });

  it('reports a whole section that is unknown (nothing would be exported, silently)', async () => {
    const r = await unknowns({
      env: [
        ...BAD_LOGIN,
        '  environmentVariables:',
        '    fn::fromJSON: ${aws.login.sessionToken}',
        '  files: ${aws.login}',
      ].join('\n'),
    });
    expect(r.all).toEqual([
      `env:4:7 ${NOT_OPENED} (2 values depend on it: environmentVariables, files)`,
      'env:7:11 unexpected property sesionName; did you mean sessionName?',
    ]);
  });

  it('says so when no provider is to blame', async () => {
    const r = await unknowns(
      { env: 'values:\n  environmentVariables:\n    SHA: ${context.github.sha}\n' },
      { unknownContextKeys: ['github'] },
    );
    expect(r.all).toEqual(['env:3:5 SHA is unknown: a value it depends on could not be evaluated']);
  });

  it('leaves an unknown to the error that caused it, when no provider is to blame', async () => {
    const env = [
      ...BAD_LOGIN,
      '  environmentVariables:',
      '    TYPO: ${nmae}',
      '    WRONG_TYPE: {fn::join: [",", "not a list"]}',
      '    FROM_PROVIDER: ${aws.login.accessKeyId}',
    ].join('\n');
    const r = await unknowns({ env });
    expect(r.evaluation).toEqual([
      'unexpected property sesionName; did you mean sessionName?',
      'unknown property "nmae"',
      'expected array, got string',
    ]);
    expect(r.all).toEqual([
      `env:4:7 ${NOT_OPENED} (1 value depends on it: FROM_PROVIDER)`,
      'env:7:11 unexpected property sesionName; did you mean sessionName?',
      'env:9:13 unknown property "nmae"',
      'env:10:34 expected array, got string',
    ]);
  });

  it('reports nothing in check mode, or when everything is known', async () => {
    const env = [...BAD_LOGIN, '  environmentVariables:', '    A: ${aws.login.accessKeyId}'];
    expect((await unknowns({ env: env.join('\n') }, { mode: 'check' })).found).toEqual([]);
    const known = [
      'values:',
      '  c:',
      '    fn::open::const: {}',
      '  environmentVariables:',
      '    A: ${c.v}',
      '    B: {fn::fromJSON: "${c.json}"}',
      '  files:',
      '    F: x-${c.v}',
    ].join('\n');
    expect((await unknowns({ env: known })).found).toEqual([]);
  });

  it('exports scope: only what is exported; all scope: every value, at its topmost unknown', async () => {
    const env = [
      ...BAD_LOGIN,
      '  unused: ${aws.login.accessKeyId}',
      '  list: [a, "${aws.login.accessKeyId}"]',
      '  environmentVariables:',
      '    NESTED: {a: "${aws.login.accessKeyId}"}',
      '    A: ${aws.login.accessKeyId}',
    ].join('\n');
    expect((await unknowns({ env })).found).toEqual([
      `env:4:7 ${NOT_OPENED} (1 value depends on it: A)`,
    ]);
    const all = await unknowns({ env }, { scope: 'all' });
    expect(all.found).toEqual([
      `env:4:7 ${NOT_OPENED} (5 values depend on it: aws.login, A, environmentVariables.NESTED.a, list[1], unused)`,
    ]);
    expect(all.paths).toEqual(['values.aws.login["fn::open::aws-login"]']);
    // Without an error of its own to blame, each value is reported at its topmost unknown.
    const context = await unknowns(
      {
        env: 'values:\n  list: [a, "${context.github.sha}"]\n  environmentVariables:\n    NESTED: {a: "${context.github.sha}"}\n',
      },
      { scope: 'all', unknownContextKeys: ['github'] },
    );
    expect(context.paths).toEqual(['values.list[1]', 'values.environmentVariables.NESTED.a']);
  });
});
