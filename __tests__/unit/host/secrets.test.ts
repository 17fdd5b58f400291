// The mask set: which texts the action registers with `::add-mask::` for each secret. The runner
// splits a step's output into lines at each `\r` and each `\n` and hides exact strings, so every
// line-piece of a secret, its trimmed form and its escaped forms must be in the set.
import { inspect } from 'node:util';
import { fromPlain } from '../../../src/eval/value.js';
import type { Provider } from '../../../src/eval/provider.js';
import {
  collectSecrets,
  encodedForms,
  escapedForms,
  maskForms,
  maskLines,
  maskProviderSecrets,
  packedJsonText,
  redact,
} from '../../../src/host/secrets.js';
import { maskSecrets } from '../../../src/action/publish.js';
import { parseCommand } from '../../e2e/runner-log.js';

describe('maskLines', () => {
  it('splits at a lone \\r as the runner does, not only at \\n', () => {
    expect(maskLines('first-line-secret\rsecond-line-secret')).toEqual([
      'first-line-secret\rsecond-line-secret',
      'first-line-secret',
      'second-line-secret',
    ]);
    expect(maskLines('one-piece\r\ntwo-piece\nthree-piece\r')).toEqual(
      expect.arrayContaining(['one-piece', 'two-piece', 'three-piece']),
    );
  });

  it('adds the trimmed form of a secret with surrounding whitespace', () => {
    expect(maskLines('  padded-secret\t ')).toEqual(['  padded-secret\t ', 'padded-secret']);
    expect(maskLines(' x ')).toEqual([' x ', 'x']);
  });

  it('trims each line of a multi-line secret, skipping lines shorter than the minimum', () => {
    expect(maskLines('  abcd  \r  ef  \n  ghijk')).toEqual([
      '  abcd  \r  ef  \n  ghijk',
      'abcd',
      'ghijk',
    ]);
  });
});

describe('escapedForms', () => {
  it('gives the JSON, util.inspect and Go %q forms that differ from the text', () => {
    const s = 'a"b\\c\x00d';
    const forms = escapedForms(s);
    expect(forms).toContain(JSON.stringify(s).slice(1, -1));
    expect(forms).toContain(inspect(s).slice(1, -1));
    expect(forms).toContain('a\\"b\\\\c\\x00d');
    expect(forms).not.toContain(s);
  });

  it('gives nothing for a text that prints the same escaped', () => {
    expect(escapedForms('plain-secret-123')).toEqual([]);
  });
});

describe('maskForms', () => {
  it('covers every piece a log line can show, raw and escaped', () => {
    const secret = '  pre\x00fix-one\rline-two "quoted"  \n';
    const forms = maskForms(secret);
    // each line-piece as the runner reads it, trimmed
    expect(forms).toEqual(expect.arrayContaining(['pre\x00fix-one', 'line-two "quoted"']));
    // the escaped forms of the pieces and of the whole value (one line once escaped)
    expect(forms).toEqual(
      expect.arrayContaining([
        'pre\\u0000fix-one',
        'pre\\x00fix-one',
        'line-two \\"quoted\\"',
        JSON.stringify(secret.replace(/\n$/, '')).slice(1, -1),
      ]),
    );
  });

  it('hides every piece of the printed value once redacted with the set', () => {
    const secret = 'alpha-line\rbeta\x00line\n  gamma-line  ';
    const masks = maskForms(secret).sort((a, b) => b.length - a.length);
    const printed = [
      ...secret.split(/\r\n|\r|\n/),
      JSON.stringify(secret),
      inspect(secret, { breakLength: Infinity }),
    ];
    for (const line of printed) {
      const shown = redact(line, masks);
      for (const piece of ['alpha-line', 'beta', 'gamma-line']) expect(shown).not.toContain(piece);
    }
  });
});

describe('the masks the action registers for an evaluated environment', () => {
  /** The values `maskSecrets` registers, read from its `::add-mask::` lines as the runner parses them. */
  function registered(root: Parameters<typeof maskSecrets>[0]): string[] {
    const written: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    try {
      maskSecrets(root);
    } finally {
      process.stdout.write = write;
    }
    return written
      .join('')
      .split(/\r?\n/)
      .map(parseCommand)
      .filter((c) => c?.name === 'add-mask')
      .map((c) => c!.data);
  }

  it('are every form of every secret scalar, inside secret containers too, each once', () => {
    expect(registered(fromPlain({ a: 'public', b: 'x' }))).toEqual([]);
    const secretRoot = fromPlain({ list: ['k1-secret', ' k2-secret ', 'k1-secret'] }, true);
    const masks = registered(secretRoot);
    expect(masks).toEqual(expect.arrayContaining(['k1-secret', ' k2-secret ', 'k2-secret']));
    expect(new Set(masks).size).toBe(masks.length);
    expect(masks).toEqual(
      collectSecrets(secretRoot)
        .flatMap((s) => maskForms(s))
        .filter((m, i, all) => all.indexOf(m) === i),
    );
    // Registered once per process: a later environment with the same secret adds nothing.
    expect(registered(secretRoot)).toEqual([]);
  });
});

describe('encodedForms', () => {
  it('gives the URL, the AWS SDK (RFC 3986) and the HTML form encodings that differ', () => {
    expect(encodedForms("ext id:s3cret/42=+!'").sort()).toEqual(
      [
        "ext%20id%3As3cret%2F42%3D%2B!'",
        'ext%20id%3As3cret%2F42%3D%2B%21%27',
        'ext+id%3As3cret%2F42%3D%2B%21%27',
      ].sort(),
    );
    expect(encodedForms('plain-text_1.0')).toEqual([]);
    expect(encodedForms('a~b')).toEqual(['a%7Eb']);
  });

  it('are masked for the whole secret and for each of its lines', () => {
    const policy = '{\n  "Resource": "arn:aws:s3:::b/*"\n}';
    const forms = maskForms(policy);
    expect(forms).toContain(encodeURIComponent(policy));
    expect(forms).toContain(encodeURIComponent('"Resource": "arn:aws:s3:::b/*"'));
    expect(maskForms('a b/c')).toEqual(expect.arrayContaining(['a%20b%2Fc', 'a+b%2Fc']));
  });
});

describe('packedJsonText', () => {
  it('packs a JSON object or array written with whitespace, as a provider sends it', () => {
    expect(packedJsonText('{ "Statement": [ { "Effect": "Allow" } ] }')).toBe(
      '{"Statement":[{"Effect":"Allow"}]}',
    );
    expect(packedJsonText(' [1, 2]')).toBe('[1,2]');
    expect(packedJsonText('{"a":1}')).toBeUndefined();
    expect(packedJsonText('{ not json')).toBeUndefined();
    expect(packedJsonText('"text"')).toBeUndefined();
  });

  it('is masked beside a secret input', async () => {
    const masked: string[] = [];
    const provider: Provider = { name: 'p', open: () => Promise.resolve({ value: fromPlain(1) }) };
    const wrapped = maskProviderSecrets(new Map([['p', provider]]), (s) => masked.push(s));
    await wrapped.get('p')!.open(fromPlain({ policy: '{ "Statement": [] }' }, true), {} as never);
    expect(masked).toEqual(['{ "Statement": [] }', '{"Statement":[]}']);
  });
});

describe('maskProviderSecrets', () => {
  it('masks secret inputs before the provider opens and secret results as they arrive', async () => {
    const events: string[] = [];
    const provider: Provider = {
      name: 'p',
      open: (inputs) => {
        events.push(`open ${collectSecrets(inputs).join(',')}`);
        return Promise.resolve({ value: fromPlain({ out: 'result-secret' }, true) });
      },
    };
    const wrapped = maskProviderSecrets(new Map([['p', provider]]), (s) =>
      events.push(`mask ${s}`),
    );
    const inputs = fromPlain({ roleArn: 'arn-from-secret', plain: 'public' });
    (inputs.repr as Map<string, { secret: boolean }>).get('roleArn')!.secret = true;
    await wrapped
      .get('p')!
      .open(inputs, { signal: new AbortController().signal, environment: 'e' });
    expect(events).toEqual(['mask arn-from-secret', 'open arn-from-secret', 'mask result-secret']);
  });
});
