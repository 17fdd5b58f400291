// The pure parts of the action's publishing phases: origins, the export plan, credential facts,
// the summary, and which lines of a secret are masked.
import type { OpenRecord } from '../../../src/eval/api.js';
import type { Provider } from '../../../src/eval/provider.js';
import { fromPlain, type Plain } from '../../../src/eval/value.js';
import { credentialFacts, describeOpen } from '../../../src/action/credentials.js';
import { jest } from '@jest/globals';
import { issueMask, maskSecretAccounts, planExports } from '../../../src/action/publish.js';
import type { ExportEntry } from '../../../src/host/exports.js';
import { classify, recordProviderOutputs } from '../../../src/host/origin.js';
import { MIN_MASKED_LINE_LENGTH, maskLines } from '../../../src/host/secrets.js';
import { renderSummary } from '../../../src/host/summary.js';

const entry = (name: string, value: string, secret = false): ExportEntry => ({
  name,
  value,
  secret,
  unknown: false,
});

function fakeProvider(name: string, output: Plain): Provider {
  return { name, open: () => Promise.resolve({ value: fromPlain(output, true) }) };
}

describe('origin of values', () => {
  async function opened() {
    const { providers, outputs } = recordProviderOutputs(
      new Map([
        ['aws-login', fakeProvider('aws-login', { accessKeyId: 'ASIAEXAMPLEKEY', flag: 'on' })],
        ['aws-secrets', fakeProvider('aws-secrets', { db: '{"password":"pw-from-json"}' })],
      ]),
    );
    const ctx = { signal: new AbortController().signal, environment: 'e' };
    for (const p of providers.values()) await p.open(fromPlain({}), ctx);
    return outputs;
  }

  it('keeps the wrapped provider usable and records its outputs', async () => {
    const outputs = await opened();
    expect([...(outputs.texts.get('aws-login') ?? [])]).toEqual(['ASIAEXAMPLEKEY']);
  });

  it('classifies provider outputs, whole, interpolated or picked from JSON', async () => {
    const outputs = await opened();
    expect(classify(entry('A', 'ASIAEXAMPLEKEY', true), outputs)).toEqual({
      origin: 'provider',
      providers: ['aws-login'],
    });
    expect(classify(entry('B', 'key=ASIAEXAMPLEKEY;', true), outputs).origin).toBe('provider');
    expect(classify(entry('C', 'pw-from-json', true), outputs)).toEqual({
      origin: 'provider',
      providers: ['aws-secrets'],
    });
  });

  it('classifies the rest as secret or literal; short outputs match nothing', async () => {
    const outputs = await opened();
    expect(classify(entry('D', 'on', false), outputs).origin).toBe('literal');
    expect(classify(entry('E', 'hunter2', true), outputs).origin).toBe('secret');
    expect(classify(entry('F', 'us-east-1'), undefined).origin).toBe('literal');
    expect(classify({ ...entry('G', ''), unknown: true }, undefined).origin).toBe('provider');
  });
});

describe('export plan', () => {
  const exports = {
    variables: [entry('A', 'a'), entry('B', 'b', true)],
    files: [entry('F', 'bytes')],
  };
  const paths = new Map([['F', '/tmp/x/F']]);

  it('exports everything by default; run sees variables and file paths', () => {
    const p = planExports(exports, paths, { exportVariables: true, keys: undefined });
    expect(p).toEqual({
      runEnv: { A: 'a', B: 'b', F: '/tmp/x/F' },
      exported: ['A', 'B', 'F'],
      missingKeys: [],
      cleared: { run: [], later: [] },
    });
  });

  it('exports only keys, reporting keys the environment lacks', () => {
    const p = planExports(exports, paths, { exportVariables: true, keys: ['F', 'A', 'Z'] });
    expect(p.exported).toEqual(['A', 'F']);
    expect(p.missingKeys).toEqual(['Z']);
  });

  it('exports nothing when export-variables is false', () => {
    const p = planExports(exports, paths, { exportVariables: false, keys: ['A'] });
    expect(p.exported).toEqual([]);
    expect(Object.keys(p.runEnv)).toEqual(['A', 'B', 'F']);
  });
});

describe('credential facts', () => {
  const at = (line: number) => ({
    file: 'prod',
    start: { line, column: 7, byte: 0 },
    end: { line, column: 20, byte: 0 },
  });
  const opens: OpenRecord[] = [
    {
      provider: 'aws-login',
      environment: 'prod',
      range: at(9),
      meta: {
        roleArn: 'arn:aws:iam::222222222222:role/b',
        accountId: '222222222222',
        expiration: '2030-01-01T02:00:00Z',
      },
    },
    {
      provider: 'aws-login',
      environment: 'prod',
      range: at(3),
      meta: {
        roleArn: 'arn:aws:iam::111111111111:role/a',
        accountId: '111111111111',
        expiration: '2030-01-01T03:00:00.000Z',
      },
    },
    { provider: 'aws-secrets', environment: 'prod', range: at(12) },
  ];
  const fileOf = (n: string) => `.esc/${n}.yaml`;

  it('takes the first account in file order and the earliest expiry, as ISO 8601', () => {
    const f = credentialFacts(opens, fileOf);
    expect(f.accountId).toBe('111111111111');
    expect(f.expiration).toBe('2030-01-01T02:00:00.000Z');
    expect(f.credentials.map((c) => c.at)).toEqual(['.esc/prod.yaml:3', '.esc/prod.yaml:9']);
  });

  it('is empty without logins', () => {
    expect(credentialFacts([], fileOf)).toEqual({
      accountId: undefined,
      expiration: undefined,
      credentials: [],
    });
  });

  it('describes each open on one line', () => {
    expect(describeOpen(opens[2]!, fileOf)).toBe('aws-secrets (.esc/prod.yaml:12): opened');
    expect(describeOpen({ ...opens[2]!, failed: true }, fileOf)).toBe(
      'aws-secrets (.esc/prod.yaml:12): failed; the error below says why',
    );
    expect(describeOpen(opens[1]!, fileOf)).toBe(
      'aws-login (.esc/prod.yaml:3): opened: role arn:aws:iam::111111111111:role/a, account 111111111111, expires 2030-01-01T03:00:00.000Z',
    );
  });
});

describe('summary', () => {
  it('renders names, origins, scopes and expiry, escaping table cells', () => {
    const md = renderSummary({
      environment: '.esc/prod.yaml',
      mode: 'open',
      imports: [{ name: 'common', path: '.esc/common.yaml' }],
      variables: [
        {
          name: 'AWS_KEY',
          origin: 'provider',
          providers: ['aws-login'],
          secret: true,
          scope: 'exported',
        },
        { name: 'MODE', origin: 'literal', providers: [], secret: false, scope: 'run only' },
      ],
      files: [{ name: 'CA', origin: 'secret', providers: [], secret: true, scope: 'exported' }],
      credentials: [
        {
          provider: 'aws-login',
          at: '.esc/prod.yaml:3',
          accountId: '111111111111',
          expiration: '2030-01-01T02:00:00.000Z',
        },
      ],
      errors: 0,
      warnings: 1,
      runExitCode: 2,
    });
    expect(md).toContain('### esc-action: `.esc/prod.yaml` opened');
    expect(md).toContain('1 warning: see the annotations.');
    expect(md).toContain('Imports: `common` (`.esc/common.yaml`)');
    expect(md).toContain('| `AWS_KEY` | provider (aws-login), secret | exported |');
    expect(md).toContain('| `MODE` | literal | run only |');
    expect(md).toContain('| `CA` | secret | exported |');
    expect(md).toContain('account `111111111111`, expires 2030-01-01T02:00:00.000Z');
    expect(md).toContain('exited with code 2');
  });

  it('says when checking only or failing', () => {
    const base = {
      environment: 'a|b',
      imports: [],
      variables: [],
      files: [],
      credentials: [],
      warnings: 0,
    };
    expect(renderSummary({ ...base, mode: 'check', errors: 0 })).toContain('`a\\|b` checked');
    expect(renderSummary({ ...base, mode: 'open', errors: 2 })).toContain('failed: 2 errors');
  });
});

describe('masked lines of a secret', () => {
  it('masks a one-line secret whole, however short', () => {
    expect(maskLines('x')).toEqual(['x']);
    expect(maskLines('abc\n')).toEqual(['abc']);
  });

  it('masks a multi-line secret whole and each line of at least the minimum length', () => {
    expect(MIN_MASKED_LINE_LENGTH).toBe(4);
    expect(maskLines('{\r\n  "k": "v",\r\n  x\r\n}\r\n')).toEqual([
      '{\r\n  "k": "v",\r\n  x\r\n}',
      '"k": "v",',
    ]);
  });

  it('masks nothing for blank secrets', () => {
    expect(maskLines('  ')).toEqual([]);
  });
});

describe('maskSecretAccounts', () => {
  it('masks an account id that is part of a secret, shows it as *** and says so', () => {
    const writes: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      writes.push(String(chunk));
      return true;
    });
    try {
      issueMask('arn:aws:iam::444455556666:role/secret-role');
      const facts = {
        accountId: '444455556666',
        expiration: undefined,
        credentials: [
          { provider: 'aws-login', at: '.esc/a.yaml:4', accountId: '444455556666' },
          { provider: 'aws-assume-role', at: '.esc/a.yaml:9', accountId: '777788889999' },
        ],
      };
      const shown = maskSecretAccounts(facts);
      expect(shown.secretAccount).toBe(true);
      expect(shown.accountId).toBe('***');
      expect(shown.credentials.map((c) => c.accountId)).toEqual(['***', '777788889999']);
      expect(writes.join('')).toContain('::add-mask::444455556666');
      expect(writes.join('')).not.toContain('::add-mask::777788889999');
      const plain = maskSecretAccounts({ ...facts, accountId: '777788889999' });
      expect([plain.secretAccount, plain.accountId]).toEqual([false, '777788889999']);
    } finally {
      spy.mockRestore();
    }
  });
});
