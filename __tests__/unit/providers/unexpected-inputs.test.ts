// A provider input its schema does not allow is an error at that key, in check mode and in open
// mode, for every AWS provider; the provider is then never opened (no token is asked for).
import { describe, expect, it } from '@jest/globals';
import type { EvalMode } from '../../../src/eval/api.js';
import { evaluateEnvironment } from '../../../src/eval/evaluate.js';
import { createAwsProviders } from '../../../src/providers/index.js';

async function diagnose(text: string, mode: EvalMode = 'check'): Promise<string[]> {
  let tokens = 0;
  const providers = createAwsProviders({
    getToken: () => {
      tokens++;
      return Promise.reject(new Error('no token here'));
    },
    audience: 'sts.amazonaws.com',
    env: {},
  });
  const r = await evaluateEnvironment('env', {
    mode,
    loader: () => ({ name: 'env', path: 'env.yaml', text }),
    providers,
    unknownContextKeys: ['github'],
  });
  expect(tokens).toBe(0);
  return r.diagnostics.map(
    (d) => `${d.range?.start.line}:${d.range?.start.column} ${d.severity}: ${d.summary}`,
  );
}

const ROLE = 'arn:aws:iam::123456789012:role/deploy';

describe.each<EvalMode>(['check', 'open'])('aws-login inputs (%s mode)', (mode) => {
  it('reports a misspelled optional key at the key, with the nearest name', async () => {
    const text = [
      'values:',
      '  aws:',
      '    login:',
      '      fn::open::aws-login:',
      '        oidc:',
      `          roleArn: ${ROLE}`,
      '          sesionName: foo',
    ].join('\n');
    expect(await diagnose(text, mode)).toEqual([
      '7:11 error: unexpected property sesionName; did you mean sessionName?',
    ]);
  });

  it('reports keys carried over from other tools, and wrongly cased keys', async () => {
    const text = [
      'values:',
      '  l:',
      '    fn::open::aws-login:',
      '      oidc:',
      `        roleArn: ${ROLE}`,
      '        externalId: abc',
      '        Duration: 1h',
      '        role-session-name: x',
    ].join('\n');
    expect(await diagnose(text, mode)).toEqual([
      '6:9 error: unexpected property externalId',
      '7:9 error: unexpected property Duration; did you mean duration?',
      '8:9 error: unexpected property role-session-name; did you mean sessionName?',
    ]);
  });

  it('reports a wrongly cased top-level key and keys inside static', async () => {
    const text = [
      'values:',
      '  l:',
      '    fn::open::aws-login:',
      '      Static:',
      '        accessKeyId: a',
      '        secretAccessKey: b',
      '  m:',
      '    fn::open::aws-login:',
      '      static: {accesskeyid: a, secretAccessKey: b, region: us-east-1}',
    ].join('\n');
    expect(await diagnose(text, mode)).toEqual([
      '4:7 error: unexpected property Static; did you mean static?',
      '9:15 error: missing required properties: accessKeyId',
      '9:16 error: unexpected property accesskeyid; did you mean accessKeyId?',
      '9:52 error: unexpected property region',
    ]);
  });

  it('reports a misspelled required key beside the missing property', async () => {
    const text = 'values:\n  l:\n    fn::open::aws-login:\n      oidc:\n        rolArn: x\n';
    expect(await diagnose(text, mode)).toEqual([
      '5:9 error: unexpected property rolArn; did you mean roleArn?',
      '5:9 error: missing required properties: roleArn',
    ]);
  });

  it('reports keys of inputs built by a reference, at the value that defined them', async () => {
    const text = [
      'values:',
      '  settings:',
      `    roleArn: ${ROLE}`,
      '    sessionNmae: x',
      '  l:',
      '    fn::open::aws-login:',
      '      oidc: ${settings}',
    ].join('\n');
    expect(await diagnose(text, mode)).toEqual([
      '7:13 error: unexpected property sessionNmae; did you mean sessionName?',
    ]);
  });
});

describe('aws-secrets and aws-parameter-store inputs', () => {
  const login = 'login: {accessKeyId: a, secretAccessKey: b}';

  it('reports misspelled top-level and entry keys of aws-secrets', async () => {
    const text = [
      'values:',
      '  s:',
      '    fn::open::aws-secrets:',
      '      regin: us-east-1',
      `      ${login}`,
      '      get:',
      '        db: {secretId: prod/db, VersionStage: AWSCURRENT, jsonKey: password}',
    ].join('\n');
    expect(await diagnose(text)).toEqual([
      '4:7 error: unexpected property regin; did you mean region?',
      '7:33 error: unexpected property VersionStage; did you mean versionStage?',
      '7:59 error: unexpected property jsonKey',
    ]);
  });

  it('reports a misspelled required key of an entry and of the login', async () => {
    const text = [
      'values:',
      '  s:',
      '    fn::open::aws-secrets:',
      '      login: {accessKeyID: a, secretAccessKey: b}',
      '      get:',
      '        db: {secretID: prod/db}',
    ].join('\n');
    expect(await diagnose(text)).toEqual([
      '4:14 error: missing required properties: accessKeyId',
      '4:15 error: unexpected property accessKeyID; did you mean accessKeyId?',
      '6:13 error: missing required properties: secretId',
      '6:14 error: unexpected property secretID; did you mean secretId?',
    ]);
  });

  it('reports misspelled keys of aws-parameter-store, at any depth', async () => {
    const text = [
      'values:',
      '  p:',
      '    fn::open::aws-parameter-store:',
      `      ${login}`,
      '      gets:',
      '        x: {name: /a}',
      '      get:',
      '        y: {name: /b, Decrypt: true}',
      '        z: {nam: /c}',
    ].join('\n');
    expect(await diagnose(text, 'open')).toEqual([
      '5:7 error: unexpected property gets; did you mean get?',
      '8:23 error: unexpected property Decrypt; did you mean decrypt?',
      '9:12 error: missing required properties: name',
      '9:13 error: unexpected property nam; did you mean name?',
    ]);
  });

  it('accepts the inputs the providers document', async () => {
    const text = [
      'values:',
      '  l:',
      '    fn::open::aws-login:',
      `      oidc: {roleArn: "${ROLE}", sessionName: sess, duration: 1h, audience: sts}`,
      '  s:',
      '    fn::open::aws-secrets:',
      '      region: us-east-1',
      '      login: ${l}',
      '      get: {db: {secretId: x, versionStage: AWSCURRENT}}',
      '  p:',
      '    fn::open::aws-parameter-store:',
      '      login: ${l}',
      '      get: {y: {name: /b, decrypt: true}}',
    ].join('\n');
    expect(await diagnose(text)).toEqual([]);
  });
});

describe('fn::validate keeps upstream semantics', () => {
  it('does not report a property that additionalProperties: false forbids', async () => {
    const text = [
      'values:',
      '  v:',
      '    fn::validate:',
      '      schema: {type: object, properties: {a: {type: string}}, additionalProperties: false}',
      '      value: {a: x, b: y}',
    ].join('\n');
    expect(await diagnose(text)).toEqual([]);
  });
});
