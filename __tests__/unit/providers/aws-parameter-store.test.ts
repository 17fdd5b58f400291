import type { Value } from '../../../src/eval/value.js';
import { fromPlain, toPlain } from '../../../src/eval/value.js';
import {
  planBatches,
  parameterMatches,
  parameterValue,
} from '../../../src/providers/aws-parameter-store.js';
import { createAwsProviders } from '../../../src/providers/index.js';
import { json, jsonError, startFakeServer, type FakeServer } from './fake-server.js';

const ctx = { signal: new AbortController().signal, environment: 'test' };
const login = { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'very-secret-key-value' };

describe('planBatches', () => {
  it('groups by decrypt, dedupes and batches by 10', () => {
    const entries = [
      ...Array.from({ length: 23 }, (_, i) => ({ name: `/p/${i}`, decrypt: false })),
      { name: '/p/0', decrypt: false },
      ...Array.from({ length: 3 }, (_, i) => ({ name: `/s/${i}`, decrypt: true })),
    ];
    const batches = planBatches(entries);
    expect(batches.map((b) => [b.decrypt, b.names.length])).toEqual([
      [false, 10],
      [false, 10],
      [false, 3],
      [true, 3],
    ]);
    expect(new Set(batches.flatMap((b) => b.names)).size).toBe(26);
  });
  it('is empty for no entries', () => expect(planBatches([])).toEqual([]));
});

describe('parameters', () => {
  it('match by name, selector and ARN', () => {
    expect(parameterMatches('/a', { Name: '/a' })).toBe(true);
    expect(parameterMatches('/a:3', { Name: '/a', Selector: ':3' })).toBe(true);
    expect(parameterMatches('/a', { Name: '/a', Selector: ':3' })).toBe(false);
    expect(
      parameterMatches('arn:aws:ssm:us-east-1:1:parameter/a', {
        Name: '/a',
        ARN: 'arn:aws:ssm:us-east-1:1:parameter/a',
      }),
    ).toBe(true);
  });
  it('StringList is an array, SecureString is secret, String is not', () => {
    expect(toPlain(parameterValue({ Type: 'StringList', Value: 'a,b,c' }))).toEqual([
      'a',
      'b',
      'c',
    ]);
    expect(parameterValue({ Type: 'SecureString', Value: 'x' })).toMatchObject({
      repr: 'x',
      secret: true,
    });
    expect(parameterValue({ Type: 'String', Value: 'x' })).toMatchObject({
      repr: 'x',
      secret: false,
    });
  });
});

describe('aws-parameter-store open', () => {
  let server: FakeServer;
  const store: Record<string, { Type: string; Value: string }> = {
    '/app/url': { Type: 'String', Value: 'https://example.com' },
    '/app/hosts': { Type: 'StringList', Value: 'a.example,b.example' },
    '/app/password': { Type: 'SecureString', Value: 'hunter2' },
  };
  for (let i = 0; i < 12; i++) store[`/bulk/${i}`] = { Type: 'String', Value: `v${i}` };

  beforeEach(async () => {
    server = await startFakeServer([
      (_req, body) => {
        const { Names, WithDecryption } = JSON.parse(body) as {
          Names: string[];
          WithDecryption: boolean;
        };
        if (Names.length > 10) return jsonError('ValidationException', 'too many names') as never;
        const found = Names.filter((n) => store[n]);
        return json({
          Parameters: found.map((n) => ({
            Name: n,
            Type: store[n]!.Type,
            Value:
              store[n]!.Type === 'SecureString' && !WithDecryption ? 'CIPHERTEXT' : store[n]!.Value,
          })),
          InvalidParameters: Names.filter((n) => !store[n]),
        }) as never;
      },
    ]);
  });
  afterEach(async () => server.close());

  const provider = () =>
    createAwsProviders({
      audience: 'sts.amazonaws.com',
      getToken: async () => 'unused',
      env: { AWS_ENDPOINT_URL_SSM: server.url },
      sleep: async () => undefined,
    }).get('aws-parameter-store')!;

  it('reads typed values in batches of 10 grouped by decrypt, with the login keys', async () => {
    const get: Record<string, unknown> = {
      url: { name: '/app/url' },
      hosts: { name: '/app/hosts' },
      password: { name: '/app/password', decrypt: true },
    };
    for (let i = 0; i < 12; i++) get[`b${i}`] = { name: `/bulk/${i}` };
    const r = await provider().open(fromPlain({ region: 'eu-west-1', login, get } as never), ctx);
    const out = toPlain(r.value) as Record<string, unknown>;
    expect(out.url).toBe('https://example.com');
    expect(out.hosts).toEqual(['a.example', 'b.example']);
    expect(out.password).toBe('hunter2');
    expect(out.b11).toBe('v11');
    const m = r.value.repr as Map<string, Value>;
    expect(m.get('password')!.secret).toBe(true);
    expect(m.get('url')!.secret).toBe(false);
    // 14 plain names -> 2 calls, 1 decrypted name -> 1 call.
    expect(server.requests).toHaveLength(3);
    const bodies = server.requests.map(
      (q) => JSON.parse(q.body) as { Names: string[]; WithDecryption: boolean },
    );
    expect(bodies.map((b) => [b.WithDecryption, b.Names.length]).sort()).toEqual([
      [false, 10],
      [false, 4],
      [true, 1],
    ]);
    const auth = String(server.requests[0]!.headers.authorization);
    expect(auth).toContain('Credential=AKIAEXAMPLE/');
    expect(auth).toContain('/eu-west-1/ssm/');
  });

  it('names every missing parameter in one error', async () => {
    const err = (await provider()
      .open(
        fromPlain({
          login,
          get: { a: { name: '/app/url' }, b: { name: '/nope/1' }, c: { name: '/nope/2' } },
        }),
        ctx,
      )
      .catch((e: unknown) => e)) as Error;
    expect(err.message).toContain(
      'Parameters not found in SSM Parameter Store in us-east-1: /nope/1 (get.b), /nope/2 (get.c)',
    );
    expect(err.message).not.toContain(login.secretAccessKey);
  });

  it('requires login', async () => {
    await expect(provider().open(fromPlain({ get: {} }), ctx)).rejects.toThrow(/login is required/);
  });
});
