// `unexpectedProperties`: provider and rotator inputs report a property their schema forbids at
// its key, with the nearest allowed name; without the option (fn::validate) a `false` schema
// fails silently, exactly as upstream ESC.
import { describe, expect, it } from '@jest/globals';
import { fromPlain, type Plain, type Value } from '../../../src/eval/value.js';
import { unexpectedProperty, validateValue } from '../../../src/eval/schema/validate.js';

/** Runs the validator; each report as `<message> @ <key path>` (or `@ <value path>`). */
function run(value: Plain, schema: Plain, strict = true): { ok: boolean; reports: string[] } {
  const v = fromPlain(value);
  const paths = new Map<Value, string>();
  const walk = (x: Value, p: string): void => {
    paths.set(x, p);
    if (x.repr instanceof Map) for (const [k, e] of x.repr) walk(e, `${p}.${k}`);
    else if (Array.isArray(x.repr)) x.repr.forEach((e, i) => walk(e, `${p}[${i}]`));
  };
  walk(v, '$');
  const reports: string[] = [];
  const ok = validateValue(
    v,
    fromPlain(schema),
    (message, at, key) =>
      reports.push(`${message} @ ${paths.get(at) ?? '?'}${key === undefined ? '' : `.${key}`}`),
    { unexpectedProperties: strict },
  );
  return { ok, reports };
}

const closed = (properties: { [k: string]: Plain }, required: string[] = []): Plain => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
});

const OIDC = closed({
  oidc: closed(
    {
      roleArn: { type: 'string' },
      sessionName: { type: 'string' },
      duration: { type: 'string' },
    },
    ['roleArn'],
  ),
  static: closed({ accessKeyId: { type: 'string' }, secretAccessKey: { type: 'string' } }, [
    'accessKeyId',
    'secretAccessKey',
  ]),
});

describe('unexpectedProperty', () => {
  it.each([
    [
      'sesionName',
      ['roleArn', 'sessionName'],
      'unexpected property sesionName; did you mean sessionName?',
    ],
    ['Static', ['oidc', 'static'], 'unexpected property Static; did you mean static?'],
    ['accesskeyid', ['accessKeyId'], 'unexpected property accesskeyid; did you mean accessKeyId?'],
    ['ROLE_ARN', ['roleArn', 'duration'], 'unexpected property ROLE_ARN; did you mean roleArn?'],
    ['externalId', ['roleArn', 'sessionName', 'duration'], 'unexpected property externalId'],
    ['x y', ['xy'], 'unexpected property "x y"; did you mean xy?'],
    ['', ['a'], 'unexpected property ""'],
  ])('%j among %j', (key, allowed, message) => {
    expect(unexpectedProperty(key, allowed)).toBe(message);
  });

  it('prefers the case-insensitive match over a closer-looking one', () => {
    // "Duration" is "duration" ignoring case, while "ration" is closer by raw edits.
    expect(unexpectedProperty('Duration', ['ration', 'duration'])).toContain(
      'did you mean duration?',
    );
  });
});

describe('validateValue with unexpectedProperties', () => {
  it('reports a misspelled optional key at that key, and the inputs are invalid', () => {
    const r = run({ oidc: { roleArn: 'r', sesionName: 's' } }, OIDC);
    expect(r).toEqual({
      ok: false,
      reports: ['unexpected property sesionName; did you mean sessionName? @ $.oidc.sesionName'],
    });
  });

  it('reports keys from other tools, wrong case and at every depth', () => {
    const r = run(
      { Oidc: {}, static: { accesskeyid: 'a', secretAccessKey: 'b', externalId: 'x' } },
      OIDC,
    );
    expect(r.ok).toBe(false);
    expect(r.reports).toEqual([
      'unexpected property Oidc; did you mean oidc? @ $.Oidc',
      'unexpected property accesskeyid; did you mean accessKeyId? @ $.static.accesskeyid',
      'unexpected property externalId @ $.static.externalId',
      'missing required properties: accessKeyId @ $.static',
    ]);
  });

  it('reports a misspelled required key beside the missing one', () => {
    const r = run({ oidc: { rolArn: 'r' } }, OIDC);
    expect(r.reports).toEqual([
      'unexpected property rolArn; did you mean roleArn? @ $.oidc.rolArn',
      'missing required properties: roleArn @ $.oidc',
    ]);
  });

  it('reports a misspelled required key where the schema allows other keys', () => {
    const login: Plain = {
      type: 'object',
      properties: { accessKeyId: { type: 'string' }, secretAccessKey: { type: 'string' } },
      required: ['accessKeyId', 'secretAccessKey'],
    };
    const r = run({ accessKeyID: 'a', secretAccessKey: 'b', expiration: 'x' }, login);
    expect(r.reports).toEqual([
      'unexpected property accessKeyID; did you mean accessKeyId? @ $.accessKeyID',
      'missing required properties: accessKeyId @ $',
    ]);
    // Extra keys that misspell nothing stay allowed there.
    expect(run({ accessKeyId: 'a', secretAccessKey: 'b', expiration: 'x' }, login)).toEqual({
      ok: true,
      reports: [],
    });
  });

  it('reports keys of map entries (additionalProperties schemas) and a `false` property', () => {
    const reader: Plain = closed({
      get: {
        type: 'object',
        additionalProperties: closed(
          { secretId: { type: 'string' }, versionId: { type: 'string' } },
          ['secretId'],
        ),
      },
      legacy: false,
    });
    const r = run({ get: { a: { secretId: 's', versionID: 'v' } }, legacy: 1 }, reader);
    expect(r.reports).toEqual([
      'unexpected property versionID; did you mean versionId? @ $.get.a.versionID',
      'unexpected property legacy @ $.legacy',
    ]);
  });

  it('does not suggest a name the schema forbids', () => {
    const r = run({ legacyy: 1 }, closed({ legacy: false, other: { type: 'string' } }));
    expect(r.reports).toEqual(['unexpected property legacyy @ $.legacyy']);
  });

  it('accepts inputs that the schema allows', () => {
    expect(run({ oidc: { roleArn: 'r', sessionName: 's' } }, OIDC)).toEqual({
      ok: true,
      reports: [],
    });
  });

  it('without the option (fn::validate), a forbidden property fails silently as upstream', () => {
    expect(run({ oidc: { roleArn: 'r', sesionName: 's' } }, OIDC, false)).toEqual({
      ok: false,
      reports: [],
    });
    expect(run({ oidc: { rolArn: 'r' } }, OIDC, false).reports).toEqual([
      'missing required properties: roleArn @ $.oidc',
    ]);
  });

  it('does not change what tuples report (items: false stays silent, as upstream)', () => {
    const tuple: Plain = { type: 'array', prefixItems: [{ type: 'string' }], items: false };
    expect(run(['a', 'b'], tuple)).toEqual({ ok: false, reports: [] });
  });
});
