import { fromPlain, NumberText, type Value } from '../../../src/eval/value.js';
import { environmentExports } from '../../../src/host/exports.js';
import { collectSecrets, maskLines } from '../../../src/host/secrets.js';
import { renderJSON } from '../../../src/host/render.js';

function obj(entries: Record<string, Value>, secret = false): Value {
  return { repr: new Map(Object.entries(entries)), secret, unknown: false };
}
const s = (x: string, secret = false): Value => ({ repr: x, secret, unknown: false });

describe('exports', () => {
  it('takes scalars only, null as empty, sorted, and keeps bytes', () => {
    const root = obj({
      environmentVariables: obj({
        S: s('hello'),
        N: { repr: new NumberText('3.14'), secret: false, unknown: false },
        B: { repr: true, secret: false, unknown: false },
        Z: { repr: null, secret: false, unknown: false },
        L: fromPlain([1, 2]),
        O: fromPlain({ a: 1 }),
        K: s('key', true),
      }),
      files: obj({ BIN: { repr: new Uint8Array([0xff]), secret: false, unknown: false } }),
    });
    const ex = environmentExports(root);
    expect(ex.variables.map((v) => [v.name, v.value, v.secret])).toEqual([
      ['B', 'true', false],
      ['K', 'key', true],
      ['N', '3.14', false],
      ['S', 'hello', false],
      ['Z', '', false],
    ]);
    expect(ex.files[0]?.value).toEqual(new Uint8Array([0xff]));
  });
});

describe('secrets', () => {
  it('collects secret scalars, including everything inside a secret container', () => {
    const root = obj({
      plain: s('visible'),
      key: s('sekrit', true),
      parts: { repr: [s('alpha'), s('beta')], secret: true, unknown: false },
      unknown: { repr: null, secret: true, unknown: true },
    });
    expect(collectSecrets(root).sort()).toEqual(['alpha', 'beta', 'sekrit']);
  });

  it('masks a multi-line secret whole and line by line, skipping very short lines', () => {
    const pem = '-----BEGIN KEY-----\nMIIBOgIBAAJBAK\n}\n-----END KEY-----\n';
    expect(maskLines(pem)).toEqual([
      '-----BEGIN KEY-----\nMIIBOgIBAAJBAK\n}\n-----END KEY-----',
      '-----BEGIN KEY-----',
      'MIIBOgIBAAJBAK',
      '-----END KEY-----',
    ]);
    expect(maskLines('abc')).toEqual(['abc']);
  });
});

describe('renderJSON', () => {
  it('sorts keys, keeps number text exactly and redacts', () => {
    const root = obj({
      b: { repr: new NumberText('12345678901234567890'), secret: false, unknown: false },
      a: s('<x>', true),
      c: { repr: null, secret: false, unknown: true },
    });
    expect(renderJSON(root, { showSecrets: false })).toBe(
      '{\n  "a": "[secret]",\n  "b": 12345678901234567890,\n  "c": "[unknown]"\n}',
    );
    expect(renderJSON(root, { showSecrets: true })).toContain('"a": "\\u003cx\\u003e"');
  });
});
