// Which credentials `aws-account-id` reports when an environment holds several (a hub login and
// roles chained from it): the ones exported as AWS_ACCESS_KEY_ID when that can be told, else the
// end of a chain, else the first in file order.
import { credentialFacts } from '../../../src/action/credentials.js';
import type { OpenRecord } from '../../../src/eval/api.js';
import type { EnvironmentExports } from '../../../src/host/exports.js';
import { credentialId } from '../../../src/providers/session-credentials.js';

const at = (line: number) => ({
  file: 'env',
  start: { line, column: 7, byte: 0 },
  end: { line, column: 20, byte: 0 },
});
const fileOf = (n: string) => `.esc/${n}.yaml`;
const HUB_KEY = 'ASIAHUB0000000000001';
const DEV_KEY = 'ASIADEV0000000000002';
const PROD_KEY = 'ASIAPROD000000000003';

function open(line: number, account: string, key: string, loginKey?: string): OpenRecord {
  return {
    provider: loginKey ? 'aws-assume-role' : 'aws-login',
    environment: 'env',
    range: at(line),
    meta: {
      roleArn: `arn:aws:iam::${account}:role/r`,
      accountId: account,
      credentialId: credentialId(key),
      ...(loginKey ? { loginCredentialId: credentialId(loginKey) } : {}),
    },
  };
}

const exporting = (key: string, unknown = false): EnvironmentExports => ({
  variables: [{ name: 'AWS_ACCESS_KEY_ID', value: key, secret: true, unknown }],
  files: [],
});

describe('aws-account-id with several credentials', () => {
  const hub = open(3, '111111111111', HUB_KEY);
  const dev = open(8, '222222222222', DEV_KEY, HUB_KEY);
  const prod = open(14, '333333333333', PROD_KEY, HUB_KEY);

  it('is the account of the credentials exported as AWS_ACCESS_KEY_ID', () => {
    expect(credentialFacts([hub, dev, prod], fileOf, exporting(PROD_KEY)).accountId).toBe(
      '333333333333',
    );
    expect(credentialFacts([prod, dev, hub], fileOf, exporting(HUB_KEY)).accountId).toBe(
      '111111111111',
    );
  });

  it('else the first end of a chain in file order, not the hub it started from', () => {
    expect(credentialFacts([prod, hub, dev], fileOf).accountId).toBe('222222222222');
    expect(credentialFacts([hub, dev], fileOf, exporting('[unknown]', true)).accountId).toBe(
      '222222222222',
    );
    expect(credentialFacts([hub, dev], fileOf, exporting('AKIAOTHERKEY00000000')).accountId).toBe(
      '222222222222',
    );
  });

  it('else the first in file order, as before chaining existed', () => {
    const other = open(1, '444444444444', 'AKIASTATIC0000000000');
    expect(credentialFacts([hub, other], fileOf).accountId).toBe('444444444444');
    const { credentialId: _, ...noId } = hub.meta!;
    expect(credentialFacts([{ ...hub, meta: noId }, dev], fileOf).accountId).toBe('111111111111');
  });

  it('lists every credential in the summary, whichever account is reported', () => {
    const f = credentialFacts([prod, hub, dev], fileOf);
    expect(f.credentials.map((c) => `${c.provider} ${c.at} ${c.accountId}`)).toEqual([
      'aws-login .esc/env.yaml:3 111111111111',
      'aws-assume-role .esc/env.yaml:8 222222222222',
      'aws-assume-role .esc/env.yaml:14 333333333333',
    ]);
  });
});
