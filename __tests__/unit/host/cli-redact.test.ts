import { Readable } from 'node:stream';
import { createRedactor, redactBytes, secretRanges } from '../../../src/cli/redact.js';

async function through(secrets: string[], chunks: Buffer[]): Promise<Buffer> {
  const r = createRedactor(secrets);
  Readable.from(chunks).pipe(r);
  const out: Buffer[] = [];
  for await (const c of r) out.push(c as Buffer);
  return Buffer.concat(out);
}

/** Every way of cutting `bytes` in two pieces. */
function splits(bytes: Buffer): Buffer[][] {
  const out: Buffer[][] = [];
  for (let i = 0; i <= bytes.length; i++) out.push([bytes.subarray(0, i), bytes.subarray(i)]);
  return out;
}

describe('CLI run redaction on bytes', () => {
  it('redacts a secret whatever byte the reads end at, inside multi-byte characters too', async () => {
    const text = Buffer.from('ä€ pw=pässwörd-𝄞 done ä\n');
    for (const chunks of splits(text)) {
      const out = await through(['pässwörd-𝄞'], chunks);
      expect(out.toString('utf8')).toBe('ä€ pw=[secret] done ä\n');
    }
  });

  it('redacts a secret cut into one-byte reads', async () => {
    const text = Buffer.from('aäa hunter2ä hunter2');
    const chunks = [...text].map((b) => Buffer.from([b]));
    expect((await through(['hunter2'], chunks)).toString()).toBe('aäa [secret]ä [secret]');
  });

  it('passes output without a newline on, keeping back less than the longest secret', () => {
    const secrets = [Buffer.from('hunter2'), Buffer.from('s3')];
    const r = redactBytes(Buffer.from('x'.repeat(1000)), secrets, false);
    expect(r.out.length + r.rest.length).toBe(1000);
    expect(r.rest.length).toBe(6);
    const end = redactBytes(Buffer.from('abc hunte'), secrets, false);
    expect(end.out.toString()).toBe('abc');
    expect(end.rest.toString()).toBe(' hunte');
  });

  it('holds a bounded amount whatever the size of a newline-free output', async () => {
    const r = createRedactor(['hunter2']);
    let written = 0;
    let maxPending = 0;
    const chunk = Buffer.alloc(65536, 0x61);
    r.on('data', (c: Buffer) => (written += c.length));
    for (let i = 0; i < 64; i++) {
      r.write(chunk);
      maxPending = Math.max(maxPending, 65536 * (i + 1) - written);
    }
    await new Promise((resolve) => r.end(resolve));
    expect(written).toBe(64 * 65536);
    expect(maxPending).toBeLessThan(65536 + 7);
  });

  it('merges overlapping secrets so no piece of either shows', async () => {
    expect(
      secretRanges(Buffer.from('xabcdefx'), [Buffer.from('abc'), Buffer.from('cdef')]),
    ).toEqual([[1, 7]]);
    for (const chunks of splits(Buffer.from('xabcdefx'))) {
      expect((await through(['abc', 'cdef'], chunks)).toString()).toBe('x[secret]x');
    }
  });

  it('ignores secrets shorter than three bytes, counting bytes', async () => {
    expect((await through(['ab', 'ää'], [Buffer.from('ab ää')])).toString()).toBe('ab [secret]');
  });

  it('keeps passing output on through an endless run of a repeated secret', async () => {
    const r = createRedactor(['aaa']);
    let written = 0;
    r.on('data', (c: Buffer) => (written += c.length));
    for (let i = 0; i < 16; i++) r.write(Buffer.alloc(4096, 0x61));
    expect(written).toBeGreaterThan(0);
    await new Promise((resolve) => r.end(resolve));
  });
});
