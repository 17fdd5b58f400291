// Every response body is capped (src/providers/body-limit.ts): the token endpoint, and the AWS
// SDK clients (STS, Secrets Manager, SSM). A server that sends an endless or huge body is cut off
// at the cap with an error naming the endpoint and the cap, and the request is not retried.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { fromPlain } from '../../../src/eval/value.js';
import { MAX_RESPONSE_BYTES, formatBytes, readBody } from '../../../src/providers/body-limit.js';
import { createAwsProviders } from '../../../src/providers/index.js';
import { createTokenSource } from '../../../src/providers/token.js';
import { fakeJwt } from './fake-server.js';
import { startFlood, type FloodServer } from './flood-server.js';

const CAP = `larger than ${formatBytes(MAX_RESPONSE_BYTES)} (the limit for a response); it was not read further`;

let flood: FloodServer | undefined;
afterEach(async () => {
  await flood?.close();
  flood = undefined;
});

describe('readBody', () => {
  it('returns a body within the cap', async () => {
    const body = await readBody(Readable.from([Buffer.from('ab'), 'cd']), {}, 4, 'x');
    expect(body.toString()).toBe('abcd');
  });

  it('fails past the cap while reading, and stops the stream', async () => {
    const stream = Readable.from(['abc', 'def', 'ghi']);
    await expect(readBody(stream, {}, 5, 'the endpoint')).rejects.toThrow(
      'the endpoint sent a response body larger than 5 bytes (the limit for a response); it was not read further',
    );
    expect(stream.destroyed).toBe(true);
  });

  it('fails before reading when the declared length is past the cap', async () => {
    const stream = Readable.from(['a']);
    await expect(
      readBody(stream, { 'content-length': String(3 * 1024 * 1024) }, 1024 * 1024, 'e'),
    ).rejects.toThrow('e sent a response body larger than 1 MiB');
    expect(stream.destroyed).toBe(true);
  });
});

describe('the token endpoint', () => {
  const source = (url: string) =>
    createTokenSource(
      { ACTIONS_ID_TOKEN_REQUEST_URL: `${url}/token`, ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'bearer' },
      { sleep: async () => undefined, random: () => 0.5 },
    );

  it('an endless body is cut off at the cap; not retried', async () => {
    flood = await startFlood();
    const err = (await source(flood.url)
      .getToken('sts.amazonaws.com')
      .catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toBe(
      `could not get the GitHub OIDC token: the GitHub OIDC token endpoint (${flood.host}) sent a response body ${CAP}`,
    );
    expect(flood.requests).toBe(1);
  });

  it('a declared 2 GiB body is refused before it is read', async () => {
    flood = await startFlood({ declared: 2 * 1024 * 1024 * 1024 });
    await expect(source(flood.url).getToken('sts.amazonaws.com')).rejects.toThrow(
      `the GitHub OIDC token endpoint (${flood.host}) sent a response body ${CAP}`,
    );
    expect(flood.requests).toBe(1);
  });

  it('a body within the cap still works', async () => {
    const token = fakeJwt({ sub: 'x', exp: Math.floor(Date.now() / 1000) + 3600 });
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ value: token }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      await expect(source(`http://127.0.0.1:${port}`).getToken('a')).resolves.toBe(token);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('AWS SDK clients', () => {
  const ctx = { signal: new AbortController().signal, environment: 'test' };
  const providers = (env: NodeJS.ProcessEnv) =>
    createAwsProviders({
      audience: 'sts.amazonaws.com',
      getToken: async () => fakeJwt({ sub: 'repo:o/r:ref:refs/heads/main' }),
      env,
      sleep: async () => undefined,
      random: () => 0.5,
    });

  it('STS: an endless body fails the login with the operation, endpoint and cap', async () => {
    flood = await startFlood();
    const login = providers({ AWS_ENDPOINT_URL_STS: flood.url }).get('aws-login')!;
    const err = (await login
      .open(fromPlain({ oidc: { roleArn: 'arn:aws:iam::123456789012:role/deploy' } }), ctx)
      .catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toContain(
      `STS AssumeRoleWithWebIdentity at ${flood.url} sent a response body ${CAP}`,
    );
    expect(err.message).not.toContain('Deserialization error');
    expect(flood.requests).toBe(1);
  });

  it('Secrets Manager: a declared 2 GiB body is refused', async () => {
    flood = await startFlood({ declared: 2 * 1024 * 1024 * 1024 });
    const secrets = providers({ AWS_ENDPOINT_URL: flood.url, AWS_REGION: 'us-east-1' }).get(
      'aws-secrets',
    )!;
    const login = { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret-key-value' };
    const err = (await secrets
      .open(fromPlain({ login, get: { a: { secretId: 's' } } }), ctx)
      .catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toContain(
      `SecretsManager GetSecretValue at ${flood.url} sent a response body ${CAP}`,
    );
    expect(flood.requests).toBe(1);
  });

  it('SSM: an endless body is cut off at the cap', async () => {
    flood = await startFlood();
    const ssm = providers({ AWS_ENDPOINT_URL: flood.url, AWS_REGION: 'us-east-1' }).get(
      'aws-parameter-store',
    )!;
    const login = { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret-key-value' };
    const err = (await ssm
      .open(fromPlain({ login, get: { a: { name: '/p' } } }), ctx)
      .catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toMatch(
      new RegExp(`SSM \\w+ at ${flood.url.replace(/\./g, '\\.')} sent a response body larger than`),
    );
    expect(flood.requests).toBe(1);
  });
});
