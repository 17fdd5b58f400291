import type { Value } from '../../../src/eval/value.js';
import { fromPlain, toPlain } from '../../../src/eval/value.js';
import { createAwsProviders } from '../../../src/providers/index.js';
import { json, jsonError, startFakeServer, type FakeServer } from './fake-server.js';

const ctx = { signal: new AbortController().signal, environment: 'test' };
const login = {
  accessKeyId: 'AKIAEXAMPLE',
  secretAccessKey: 'very-secret-key-value',
  sessionToken: 'session-token-value',
};

describe('aws-secrets open', () => {
  let server: FakeServer;
  beforeEach(async () => {
    let throttled = 0;
    server = await startFakeServer([
      (_req, body) => {
        const { SecretId, VersionStage } = JSON.parse(body) as {
          SecretId: string;
          VersionStage?: string;
        };
        if (SecretId === 'busy' && throttled++ < 1)
          return jsonError('ThrottlingException', 'Rate exceeded') as never;
        if (SecretId === 'text' || SecretId === 'busy')
          return json({
            Name: SecretId,
            SecretString: `value of ${SecretId}${VersionStage ? ` at ${VersionStage}` : ''}`,
          }) as never;
        if (SecretId === 'bin')
          return json({
            Name: 'bin',
            SecretBinary: Buffer.from([0, 255, 1]).toString('base64'),
          }) as never;
        return jsonError(
          'ResourceNotFoundException',
          "Secrets Manager can't find the specified secret.",
        ) as never;
      },
    ]);
  });
  afterEach(async () => server.close());

  const provider = (
    env: NodeJS.ProcessEnv = { AWS_ENDPOINT_URL: server.url, AWS_REGION: 'ap-south-1' },
  ) =>
    createAwsProviders({
      audience: 'a',
      getToken: async () => 'unused',
      env,
      sleep: async () => undefined,
    }).get('aws-secrets')!;

  it('reads text and binary secrets, all secret, retrying throttling', async () => {
    const r = await provider().open(
      fromPlain({
        login,
        get: {
          a: { secretId: 'text', versionStage: 'AWSCURRENT' },
          b: { secretId: 'bin' },
          c: { secretId: 'busy' },
        },
      }),
      ctx,
    );
    expect(toPlain(r.value)).toEqual({
      a: 'value of text at AWSCURRENT',
      b: 'AP8B',
      c: 'value of busy',
    });
    expect([...(r.value.repr as Map<string, Value>).values()].every((v) => v.secret)).toBe(true);
    expect(server.requests).toHaveLength(4);
    expect(String(server.requests[0]!.headers.authorization)).toContain(
      '/ap-south-1/secretsmanager/',
    );
    expect(server.requests[0]!.headers['x-amz-security-token']).toBe('session-token-value');
  });

  it('region input wins over the environment', async () => {
    await provider().open(
      fromPlain({ region: 'eu-central-1', login, get: { a: { secretId: 'text' } } }),
      ctx,
    );
    expect(String(server.requests[0]!.headers.authorization)).toContain(
      '/eu-central-1/secretsmanager/',
    );
  });

  it('reports every secret that failed, without the keys', async () => {
    const err = (await provider()
      .open(
        fromPlain({
          login,
          get: {
            a: { secretId: 'text' },
            x: { secretId: 'missing-1' },
            y: { secretId: 'missing-2' },
          },
        }),
        ctx,
      )
      .catch((e: unknown) => e)) as Error;
    expect(err.message).toContain('could not read 2 secrets from Secrets Manager in ap-south-1:');
    expect(err.message).toContain(
      "get.x (secret missing-1): ResourceNotFoundException: Secrets Manager can't find the specified secret.",
    );
    expect(err.message).toContain('get.y (secret missing-2)');
    for (const s of [login.secretAccessKey, login.sessionToken])
      expect(err.message).not.toContain(s);
    // Not retried: one request per secret.
    expect(server.requests).toHaveLength(3);
  });
});
