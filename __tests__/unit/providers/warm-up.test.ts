import { jest } from '@jest/globals';
import { AssumeRoleWithWebIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { createClient, trackEndpoint } from '../../../src/providers/sdk.js';
import { STS_WEB_IDENTITY_ANSWER, settledFlag, warmUp } from '../../../src/providers/warm-up.js';
import { startFakeServer, type FakeServer } from './fake-server.js';

const ROLE = 'arn:aws:iam::123456789012:role/gha-deploy';
const input = (token: string) => ({
  RoleArn: ROLE,
  RoleSessionName: 'session',
  WebIdentityToken: token,
  DurationSeconds: 3600,
});

const realAnswer = [
  '<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">',
  '<AssumeRoleWithWebIdentityResult><Credentials>',
  '<SessionToken>real-session</SessionToken><SecretAccessKey>real-secret</SecretAccessKey>',
  '<Expiration>2030-01-01T00:00:00Z</Expiration><AccessKeyId>ASIAREAL</AccessKeyId>',
  '</Credentials><AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/gha-deploy/session</Arn>',
  '<AssumedRoleId>AROAREAL:session</AssumedRoleId></AssumedRoleUser></AssumeRoleWithWebIdentityResult>',
  '<ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></AssumeRoleWithWebIdentityResponse>',
].join('');

describe('warmUp', () => {
  let server: FakeServer;
  beforeEach(async () => {
    server = await startFakeServer([
      { status: 200, body: realAnswer, headers: { 'content-type': 'text/xml' } },
    ]);
  });
  afterEach(() => server.close());

  const client = () =>
    createClient(
      () =>
        new STSClient({
          region: 'us-east-1',
          endpoint: server.url,
          maxAttempts: 1,
          credentials: async () => {
            throw new Error('unsigned');
          },
        }),
    );

  it('runs the whole pipeline on the canned answer and sends nothing', async () => {
    const sts = client();
    const endpoint = trackEndpoint(sts);
    const out = (await warmUp(
      sts,
      new AssumeRoleWithWebIdentityCommand(input('warm-up')),
      STS_WEB_IDENTITY_ANSWER,
    )) as { Credentials?: { AccessKeyId?: string; Expiration?: Date } } | undefined;
    // Deserialised by the SDK: the XML parser and the output schema ran.
    expect(out?.Credentials?.AccessKeyId).toBe('ASIAWARMUP');
    expect(out?.Credentials?.Expiration).toEqual(new Date('2000-01-01T00:00:00Z'));
    // Endpoint rules and our own middleware ran too; the network was not used.
    expect(endpoint()).toBe(server.url);
    expect(server.requests).toHaveLength(0);
  });

  it('leaves the client as it was: the next command goes to the service and gets its answer', async () => {
    const sts = client();
    await warmUp(
      sts,
      new AssumeRoleWithWebIdentityCommand(input('warm-up')),
      STS_WEB_IDENTITY_ANSWER,
    );
    const out = await sts.send(new AssumeRoleWithWebIdentityCommand(input('the-token')));
    expect(out.Credentials?.AccessKeyId).toBe('ASIAREAL');
    expect(server.requests).toHaveLength(1);
    expect(new URLSearchParams(server.requests[0]?.body).get('WebIdentityToken')).toBe('the-token');
  });

  it('never throws: a canned answer the SDK cannot read resolves to undefined', async () => {
    const sts = client();
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      await expect(
        warmUp(sts, new AssumeRoleWithWebIdentityCommand(input('warm-up')), {
          statusCode: 403,
          headers: { 'content-type': 'text/xml' },
          body: '<ErrorResponse><Error><Code>AccessDenied</Code></Error></ErrorResponse>',
        }),
      ).resolves.toBeUndefined();
      await expect(warmUp(sts, {}, STS_WEB_IDENTITY_ANSWER)).resolves.toBeUndefined();
      await expect(warmUp(undefined, undefined, STS_WEB_IDENTITY_ANSWER)).resolves.toBeUndefined();
    } finally {
      warn.mockRestore();
    }
    expect(server.requests).toHaveLength(0);
  });
});

describe('settledFlag', () => {
  it('turns true once the promise settles, either way', async () => {
    let resolve: (v: string) => void = () => undefined;
    const ok = new Promise<string>((r) => (resolve = r));
    const failed = Promise.reject(new Error('no'));
    failed.catch(() => undefined);
    const okFlag = settledFlag(ok);
    const failedFlag = settledFlag(failed);
    expect(okFlag()).toBe(false);
    await new Promise((r) => setImmediate(r));
    expect(failedFlag()).toBe(true);
    expect(okFlag()).toBe(false);
    resolve('token');
    await ok;
    await new Promise((r) => setImmediate(r));
    expect(okFlag()).toBe(true);
  });
});
