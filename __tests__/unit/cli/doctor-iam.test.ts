/**
 * doctor's IAM reads: Signature Version 4 (AWS's own test vector, and the SDK's signer on an IAM
 * request with a session token), and the answers' parsing (XML entities, URL-encoded policies).
 */
import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import {
  iamEndpoint,
  parsePolicyDocument,
  signRequest,
  xmlElements,
} from '../../../src/cli/doctor/iam.js';

const EXAMPLE = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};

const bytes = (d: string | ArrayBuffer | ArrayBufferView): string | Uint8Array =>
  typeof d === 'string'
    ? d
    : d instanceof ArrayBuffer
      ? new Uint8Array(d)
      : new Uint8Array(d.buffer, d.byteOffset, d.byteLength);

/** node:crypto as the Checksum the SDK's signer expects. */
class Sha256 {
  private readonly h;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.h = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.h.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.h.digest());
  }
  reset(): void {}
}

describe('signRequest', () => {
  it('matches the get-vanilla case of the AWS Signature Version 4 test suite', () => {
    const headers = signRequest({
      method: 'GET',
      url: new URL('https://example.amazonaws.com/'),
      headers: {},
      body: '',
      region: 'us-east-1',
      service: 'service',
      credentials: EXAMPLE,
      amzDate: '20150830T123600Z',
    });
    expect(headers['authorization']).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, ' +
        'SignedHeaders=host;x-amz-date, ' +
        'Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
    );
  });

  it('signs an IAM POST with a session token as the SDK signer does', async () => {
    const body = 'Action=GetRole&Version=2010-05-08&RoleName=gha-deploy';
    const credentials = { ...EXAMPLE, sessionToken: 'FwoGZXIvYXdzEXAMPLE' };
    const url = new URL('https://iam.amazonaws.com/');
    const ours = signRequest({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body,
      region: 'us-east-1',
      service: 'iam',
      credentials,
      amzDate: '20260102T030405Z',
    });
    const signer = new SignatureV4({
      credentials,
      region: 'us-east-1',
      service: 'iam',
      sha256: Sha256,
      applyChecksum: false,
    });
    const signed = await signer.sign(
      {
        method: 'POST',
        protocol: 'https:',
        hostname: 'iam.amazonaws.com',
        path: '/',
        headers: {
          host: 'iam.amazonaws.com',
          'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
        },
        body,
        query: {},
      },
      { signingDate: new Date('2026-01-02T03:04:05Z') },
    );
    const sdkAuth = (signed as { headers: Record<string, string> }).headers['authorization'];
    expect(ours['authorization']).toBe(sdkAuth);
    expect(ours['x-amz-security-token']).toBe(credentials.sessionToken);
  });
});

describe('answers', () => {
  it('decodes XML entities and lists every element', () => {
    const xml =
      '<OpenIDConnectProviderList><member><Arn>arn:a&amp;b</Arn></member><member><Arn>x&#47;y&#x41;</Arn></member></OpenIDConnectProviderList>';
    expect(xmlElements(xml, 'Arn')).toEqual(['arn:a&b', 'x/yA']);
  });

  it('reads a trust policy URL-encoded (as IAM returns it) or plain', () => {
    const doc = { Version: '2012-10-17', Statement: [] };
    expect(parsePolicyDocument(encodeURIComponent(JSON.stringify(doc)))).toEqual(doc);
    expect(parsePolicyDocument(JSON.stringify(doc))).toEqual(doc);
    expect(() => parsePolicyDocument('%7Bnot')).toThrow(/not JSON/);
  });

  it('uses the partition’s IAM endpoint', () => {
    expect(iamEndpoint('aws')).toEqual({ url: 'https://iam.amazonaws.com', region: 'us-east-1' });
    expect(iamEndpoint('aws-cn').region).toBe('cn-north-1');
    expect(iamEndpoint('aws-us-gov').region).toBe('us-gov-west-1');
  });
});
