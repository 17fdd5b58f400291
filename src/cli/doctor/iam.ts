/**
 * The three IAM reads `doctor` needs (GetRole, ListOpenIDConnectProviders,
 * GetOpenIDConnectProvider): AWS Query requests signed with Signature Version 4, with the local
 * credentials of the SDK's standard chain (resolved by the STS client the CLI already bundles).
 * `AWS_ENDPOINT_URL_IAM`/`AWS_ENDPOINT_URL` and the proxy variables are honoured; every answer is
 * read bounded and parsed for the few fields used.
 */
import { createHash, createHmac } from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';
import { MAX_RESPONSE_BYTES, readBody } from '../../providers/body-limit.js';
import { configuredEndpoint } from '../../providers/options.js';
import { proxyRouting, resolveProxyConfig } from '../../providers/proxy.js';
import { createClient, type Credentials } from '../../providers/sdk.js';

const VERSION = '2010-05-08';
const REQUEST_TIMEOUT_MS = 15_000;

/** An error IAM answered with (`code` e.g. `AccessDenied`, `NoSuchEntity`). */
export class IamError extends Error {
  override name = 'IamError';
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export interface SignOptions {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: string;
  region: string;
  service: string;
  credentials: Credentials;
  /** `YYYYMMDD'T'HHMMSS'Z'`. */
  amzDate: string;
}

const sha256 = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key: string | Buffer, data: string) =>
  createHmac('sha256', key).update(data, 'utf8').digest();

/** RFC 3986 encoding as SigV4 wants it. */
function uriEncode(s: string): string {
  return encodeURIComponent(s).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** The headers (with `authorization`) of a SigV4-signed request. */
export function signRequest(o: SignOptions): Record<string, string> {
  const headers: Record<string, string> = {
    ...o.headers,
    host: o.url.host,
    'x-amz-date': o.amzDate,
  };
  if (o.credentials.sessionToken) headers['x-amz-security-token'] = o.credentials.sessionToken;
  const names = Object.keys(headers)
    .map((h) => h.toLowerCase())
    .sort();
  const lower = Object.fromEntries(
    Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v.trim().replace(/\s+/g, ' ')]),
  );
  const query = [...o.url.searchParams]
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : 1) : a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const canonical = [
    o.method,
    o.url.pathname || '/',
    query,
    names.map((n) => `${n}:${lower[n]}\n`).join(''),
    names.join(';'),
    sha256(o.body),
  ].join('\n');
  const day = o.amzDate.slice(0, 8);
  const scope = `${day}/${o.region}/${o.service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', o.amzDate, scope, sha256(canonical)].join('\n');
  let key = hmac(`AWS4${o.credentials.secretAccessKey}`, day);
  for (const part of [o.region, o.service, 'aws4_request']) key = hmac(key, part);
  const signature = createHmac('sha256', key).update(toSign, 'utf8').digest('hex');
  headers['authorization'] =
    `AWS4-HMAC-SHA256 Credential=${o.credentials.accessKeyId}/${scope}, ` +
    `SignedHeaders=${names.join(';')}, Signature=${signature}`;
  return headers;
}

/** IAM's endpoint and signing region for an ARN's partition. */
export function iamEndpoint(partition: string): { url: string; region: string } {
  if (partition === 'aws-cn')
    return { url: 'https://iam.cn-north-1.amazonaws.com.cn', region: 'cn-north-1' };
  if (partition === 'aws-us-gov')
    return { url: 'https://iam.us-gov.amazonaws.com', region: 'us-gov-west-1' };
  return { url: 'https://iam.amazonaws.com', region: 'us-east-1' };
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The text of an XML element's content, entities decoded. */
export function xmlText(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const n = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return n <= 0x10ffff ? String.fromCodePoint(n) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

/** The decoded text of every `<tag>…</tag>` in `xml`, in order. */
export function xmlElements(xml: string, tag: string): string[] {
  const out: string[] = [];
  const re = new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g');
  for (let m = re.exec(xml); m !== null; m = re.exec(xml)) out.push(xmlText(m[1]!));
  return out;
}

export interface IamOptions {
  env: NodeJS.ProcessEnv;
  /** The partition of the ARNs read (`aws`, `aws-cn`, `aws-us-gov`). */
  partition: string;
  /** For tests: credentials instead of the SDK's chain. */
  credentials?: Credentials;
}

export interface OidcProvider {
  arn: string;
  url: string;
  clientIds: string[];
}

export interface IamClient {
  /** The role's trust policy document (parsed JSON). */
  getRoleTrustPolicy(roleName: string): Promise<unknown>;
  listOidcProviders(): Promise<string[]>;
  getOidcProvider(arn: string): Promise<OidcProvider>;
}

/** The local credentials of the SDK's standard chain (variables, profiles, SSO, IMDS…). */
async function chainCredentials(env: NodeJS.ProcessEnv): Promise<Credentials> {
  const { STSClient } = await import('@aws-sdk/client-sts');
  const client = createClient(
    () => new STSClient({ region: env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1' }),
  );
  const provider = (client.config as { credentials?: () => Promise<Credentials> }).credentials;
  if (typeof provider !== 'function') throw new Error('the AWS SDK offers no credential chain');
  const c = await provider();
  return {
    accessKeyId: c.accessKeyId,
    secretAccessKey: c.secretAccessKey,
    ...(c.sessionToken ? { sessionToken: c.sessionToken } : {}),
  };
}

export function createIamClient(o: IamOptions): IamClient {
  const endpoint = iamEndpoint(o.partition);
  const configured = configuredEndpoint(o.env, 'IAM');
  const base = new URL(configured ?? endpoint.url);
  // A configured endpoint (a local emulator) signs for the configured region, as the SDK does.
  const region = configured
    ? o.env.AWS_REGION || o.env.AWS_DEFAULT_REGION || endpoint.region
    : endpoint.region;
  let credentials: Promise<Credentials> | undefined;
  const proxy = resolveProxyConfig(o.env, undefined);

  const call = async (action: string, params: Record<string, string>): Promise<string> => {
    credentials ??= o.credentials ? Promise.resolve(o.credentials) : chainCredentials(o.env);
    const creds = await credentials;
    const body = new URLSearchParams({ Action: action, Version: VERSION, ...params }).toString();
    const amzDate = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
    const url = new URL(base.pathname.endsWith('/') ? base.href : `${base.href}/`);
    const headers = signRequest({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body,
      region,
      service: 'iam',
      credentials: creds,
      amzDate,
    });
    const secure = url.protocol === 'https:';
    const agent = proxy
      ? (await proxyRouting(proxy)).agents()[secure ? 'httpsAgent' : 'httpAgent']
      : undefined;
    const where = `IAM ${action} at ${url.origin}`;
    const { status, text } = await new Promise<{ status: number; text: string }>(
      (resolve, reject) => {
        const req = (secure ? https : http).request(
          url,
          { method: 'POST', headers, timeout: REQUEST_TIMEOUT_MS, ...(agent ? { agent } : {}) },
          (res) => {
            readBody(res, res.headers, MAX_RESPONSE_BYTES, where).then(
              (bytes) => resolve({ status: res.statusCode ?? 0, text: bytes.toString('utf8') }),
              reject,
            );
          },
        );
        req.on('timeout', () =>
          req.destroy(new Error(`${where} did not answer within ${REQUEST_TIMEOUT_MS / 1000} s`)),
        );
        req.on('error', reject);
        req.end(body);
      },
    );
    if (status >= 200 && status < 300) return text;
    const code = xmlElements(text, 'Code')[0];
    const message = xmlElements(text, 'Message')[0];
    if (code === undefined) {
      throw new IamError('HTTP', `${where} answered HTTP ${status}, not an AWS response`, status);
    }
    throw new IamError(code, `${code}: ${message ?? '(no message)'}`, status);
  };

  return {
    getRoleTrustPolicy: async (roleName) => {
      const xml = await call('GetRole', { RoleName: roleName });
      const doc = xmlElements(xml, 'AssumeRolePolicyDocument')[0];
      if (doc === undefined)
        throw new Error(`IAM GetRole answered without the role's trust policy`);
      return parsePolicyDocument(doc);
    },
    listOidcProviders: async () => {
      const xml = await call('ListOpenIDConnectProviders', {});
      return xmlElements(xml, 'Arn');
    },
    getOidcProvider: async (arn) => {
      const xml = await call('GetOpenIDConnectProvider', { OpenIDConnectProviderArn: arn });
      const list = /<ClientIDList>([\s\S]*?)<\/ClientIDList>/.exec(xml)?.[1] ?? '';
      return {
        arn,
        url: xmlElements(xml, 'Url')[0] ?? '',
        clientIds: xmlElements(list, 'member'),
      };
    },
  };
}

/** A policy document as IAM returns it: URL-encoded JSON (or plain JSON). */
export function parsePolicyDocument(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Percent-encoded, as IAM's API returns it.
  }
  try {
    return JSON.parse(decodeURIComponent(text));
  } catch (err) {
    throw new Error(`the role's trust policy is not JSON: ${(err as Error).message}`, {
      cause: err,
    });
  }
}
