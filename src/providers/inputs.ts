/**
 * Reading provider inputs (already type-checked by the evaluator against `inputSchema`) into
 * plain data, re-checking types so a message names the exact input if something slips through.
 */
import { NumberText, toPlain, type Plain, type Value } from '../eval/value.js';
import type { Credentials } from './sdk.js';
import { checkCredentialText } from './validate.js';

export type PlainObject = { [key: string]: Plain };

export function isObject(p: Plain | undefined): p is PlainObject {
  return (
    typeof p === 'object' &&
    p !== null &&
    !Array.isArray(p) &&
    !(p instanceof NumberText) &&
    !(p instanceof Uint8Array)
  );
}

/** The member `key` of a known object value, if it has one. */
export function member(v: Value | undefined, key: string): Value | undefined {
  return v !== undefined && !v.unknown && v.repr instanceof Map ? v.repr.get(key) : undefined;
}

export function inputObject(provider: string, inputs: Value): PlainObject {
  const p = toPlain(inputs);
  if (!isObject(p)) throw new Error(`${provider}: the inputs must be an object`);
  return p;
}

function text(p: Plain | undefined): string | undefined {
  if (typeof p === 'string') return p;
  if (p instanceof Uint8Array) return Buffer.from(p).toString('utf8');
  return undefined;
}

export function optString(o: PlainObject, key: string, path: string): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  const s = text(v);
  if (s === undefined) throw new Error(`${path}.${key} must be a string`);
  return s;
}

export function reqString(o: PlainObject, key: string, path: string): string {
  const s = optString(o, key, path);
  if (s === undefined || s === '')
    throw new Error(`${path}.${key} is required (a non-empty string)`);
  return s;
}

export function optBoolean(o: PlainObject, key: string, path: string): boolean | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw new Error(`${path}.${key} must be a boolean`);
  return v;
}

export function optStringList(o: PlainObject, key: string, path: string): string[] | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw new Error(`${path}.${key} must be a list of strings`);
  return v.map((e, i) => {
    const s = text(e);
    if (s === undefined) throw new Error(`${path}.${key}[${i}] must be a string`);
    return s;
  });
}

export function optObject(o: PlainObject, key: string, path: string): PlainObject | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) throw new Error(`${path}.${key} must be an object`);
  return v;
}

/** The `login` input of aws-assume-role, aws-secrets, aws-parameter-store (usually `${aws.login}`). */
export function loginInput(o: PlainObject, provider: string): Credentials {
  const login = optObject(o, 'login', provider);
  if (!login) {
    throw new Error(
      `${provider}: login is required: pass the output of aws-login, e.g. login: \${aws.login}`,
    );
  }
  const key = (field: string) =>
    checkCredentialText(reqString(login, field, 'login'), `login.${field}`);
  const creds: Credentials = {
    accessKeyId: key('accessKeyId'),
    secretAccessKey: key('secretAccessKey'),
  };
  const token = optString(login, 'sessionToken', 'login');
  if (token) creds.sessionToken = checkCredentialText(token, 'login.sessionToken');
  return creds;
}

/** The entries of a `get` map, in key order. */
export function getEntries(o: PlainObject, provider: string): [string, PlainObject][] {
  const get = optObject(o, 'get', provider);
  if (!get)
    throw new Error(`${provider}: get is required: a map from output names to what to read`);
  return Object.keys(get)
    .sort()
    .map((name) => {
      const e = get[name];
      if (!isObject(e)) throw new Error(`get.${name} must be an object`);
      return [name, e];
    });
}

/** Schema of a `login` input. */
export const LOGIN_SCHEMA: Plain = {
  type: 'object',
  properties: {
    accessKeyId: { type: 'string' },
    secretAccessKey: { type: 'string' },
    sessionToken: { type: 'string' },
  },
  required: ['accessKeyId', 'secretAccessKey'],
};

/**
 * Input schema of a provider that reads named entries with a login:
 * `{region?, login, get: {<name>: <entry>}}`.
 */
export function readerInputSchema(entry: { [keyword: string]: Plain }): {
  [keyword: string]: Plain;
} {
  return {
    type: 'object',
    properties: {
      region: { type: 'string' },
      login: LOGIN_SCHEMA,
      get: {
        type: 'object',
        additionalProperties: { type: 'object', ...entry, additionalProperties: false },
      },
    },
    required: ['login', 'get'],
    additionalProperties: false,
  };
}
