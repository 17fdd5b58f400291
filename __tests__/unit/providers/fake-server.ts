/** A scripted HTTP server for provider unit tests: answers requests from a queue of replies. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Reply =
  | { status: number; body: string; headers?: Record<string, string> }
  | 'hang'
  | 'reset'
  | ((
      req: IncomingMessage,
      body: string,
    ) => { status: number; body: string; headers?: Record<string, string> });

export interface Recorded {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface FakeServer {
  url: string;
  requests: Recorded[];
  /** Replies used in order; the last one repeats. */
  replies: Reply[];
  close(): Promise<void>;
}

export async function startFakeServer(replies: Reply[]): Promise<FakeServer> {
  const requests: Recorded[] = [];
  const hanging: ServerResponse[] = [];
  const state = { replies };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const i = Math.min(requests.length - 1, state.replies.length - 1);
      let reply = state.replies[i];
      if (reply === undefined) reply = { status: 500, body: 'no reply scripted' };
      if (reply === 'hang') {
        hanging.push(res);
        return;
      }
      if (reply === 'reset') {
        req.socket.destroy();
        return;
      }
      const r = typeof reply === 'function' ? reply(req, body) : reply;
      res.writeHead(r.status, { 'content-type': 'application/json', ...r.headers });
      res.end(r.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get replies() {
      return state.replies;
    },
    set replies(r: Reply[]) {
      state.replies = r;
    },
    close: async () => {
      for (const res of hanging) res.socket?.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** An unsigned JWT with the given payload (providers only decode it). */
export function fakeJwt(payload: Record<string, unknown>): string {
  const b64 = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64(payload)}.c2lnbmF0dXJlLW5vdC1jaGVja2Vk`;
}

const STS_NS = 'https://sts.amazonaws.com/doc/2011-06-15/';

export function stsError(code: string, message: string, status = 400): Reply {
  return {
    status,
    headers: { 'content-type': 'text/xml' },
    body: `<ErrorResponse xmlns="${STS_NS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>r-1</RequestId></ErrorResponse>`,
  };
}

export function stsCredentials(opts: { account?: string; expiration?: string } = {}): Reply {
  const account = opts.account ?? '123456789012';
  return {
    status: 200,
    headers: { 'content-type': 'text/xml' },
    body:
      `<AssumeRoleWithWebIdentityResponse xmlns="${STS_NS}"><AssumeRoleWithWebIdentityResult>` +
      `<Credentials><AccessKeyId>ASIAFAKEKEYID0000001</AccessKeyId><SecretAccessKey>fakeSecretAccessKey0123456789</SecretAccessKey>` +
      `<SessionToken>fakeSessionToken0123456789</SessionToken><Expiration>${opts.expiration ?? '2030-01-02T03:04:05Z'}</Expiration></Credentials>` +
      `<AssumedRoleUser><Arn>arn:aws:sts::${account}:assumed-role/deploy/esc-action</Arn><AssumedRoleId>AROAFAKE:esc-action</AssumedRoleId></AssumedRoleUser>` +
      `<SubjectFromWebIdentityToken>repo:o/r:ref:refs/heads/main</SubjectFromWebIdentityToken>` +
      `</AssumeRoleWithWebIdentityResult><ResponseMetadata><RequestId>r-2</RequestId></ResponseMetadata></AssumeRoleWithWebIdentityResponse>`,
  };
}

export function jsonError(code: string, message: string, status = 400): Reply {
  return {
    status,
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': code },
    body: JSON.stringify({ __type: code, message }),
  };
}

export function json(body: unknown): Reply {
  return {
    status: 200,
    headers: { 'content-type': 'application/x-amz-json-1.1' },
    body: JSON.stringify(body),
  };
}
