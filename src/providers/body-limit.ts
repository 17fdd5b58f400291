/**
 * A cap on every response body the providers read: the GitHub OIDC token endpoint, STS, Secrets
 * Manager and SSM. Real bodies are a few KiB (a JWT; a Secrets Manager value is at most 64 KiB,
 * an SSM parameter 8 KiB); an endpoint that sends more (a misconfigured proxy, a hostile
 * endpoint set through AWS_ENDPOINT_URL_*, a runaway server) is stopped at the cap with an error
 * naming it, instead of growing the process until Node crashes.
 */
import type { IncomingHttpHeaders } from 'node:http';

/** The largest response body read from any endpoint. */
export const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

/** A response body went past the cap. Never retried: the endpoint would send it again. */
export class ResponseTooLargeError extends Error {}

/** The error for `endpoint` (e.g. `STS AssumeRoleWithWebIdentity at https://…`) going past `max`. */
export function responseTooLarge(endpoint: string, max: number): ResponseTooLargeError {
  return new ResponseTooLargeError(
    `${endpoint} sent a response body larger than ${formatBytes(max)} (the limit for a response); it was not read further`,
  );
}

/** `4 MiB`, `512 KiB` or `100 bytes`. */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}

/** A body as Node gives it (an `IncomingMessage`): chunks, and a way to stop receiving them. */
export interface BodyStream extends AsyncIterable<Uint8Array | string> {
  destroy?(error?: Error): void;
}

/**
 * Reads at most `limit` bytes of a body (a stream, bytes or text): `complete` when it ended
 * within them. Leaving the loop early destroys a stream, so the rest is never received.
 */
export async function readBounded(
  body: unknown,
  limit: number,
): Promise<{ bytes: Buffer; complete: boolean }> {
  if (body === undefined || body === null) return { bytes: Buffer.alloc(0), complete: true };
  if (typeof body === 'string' || body instanceof Uint8Array) {
    const b = Buffer.from(body);
    return { bytes: b.subarray(0, limit), complete: b.length <= limit };
  }
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of body as BodyStream) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    chunks.push(b);
    length += b.length;
    if (length > limit) return { bytes: Buffer.concat(chunks).subarray(0, limit), complete: false };
  }
  return { bytes: Buffer.concat(chunks), complete: true };
}

/**
 * Reads a response body to its end, or fails as soon as it is known to be larger than `max`
 * bytes: from its `content-length`, or while reading (the stream is destroyed, so no more is
 * received).
 */
export async function readBody(
  body: BodyStream,
  headers: IncomingHttpHeaders | Record<string, string | undefined> | undefined,
  max: number,
  endpoint: string,
): Promise<Buffer> {
  const declared = Number(headers?.['content-length'] ?? NaN);
  if (declared > max) {
    body.destroy?.();
    throw responseTooLarge(endpoint, max);
  }
  const { bytes, complete } = await readBounded(body, max);
  if (!complete) {
    body.destroy?.();
    throw responseTooLarge(endpoint, max);
  }
  return bytes;
}
