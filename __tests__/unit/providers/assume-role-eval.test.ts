// aws-assume-role inside the evaluator: its inputs are checked at their file positions in check
// mode (and open mode), nothing is opened then; identical assumes run once, different ones both.
import { describe, expect, it } from '@jest/globals';
import type { EvalMode } from '../../../src/eval/api.js';
import { evaluateEnvironment } from '../../../src/eval/evaluate.js';
import { createAwsProviders } from '../../../src/providers/index.js';
import { fakeJwt, startFakeServer, type FakeServer } from './fake-server.js';

const HUB = 'arn:aws:iam::111111111111:role/hub';
const ROLE = 'arn:aws:iam::222222222222:role/deploy';

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Evaluates `env`; in open mode against a scripted STS (`sts()`), which `server` then holds. */
async function evaluate(files: Record<string, string>, mode: EvalMode) {
  if (mode === 'open') server ??= await startFakeServer([sts()]);
  let tokens = 0;
  const providers = createAwsProviders({
    getToken: async () => {
      tokens++;
      return fakeJwt({ sub: 'repo:o/r:ref:refs/heads/main' });
    },
    audience: 'sts.amazonaws.com',
    env: server ? { AWS_ENDPOINT_URL_STS: server.url } : {},
  });
  const r = await evaluateEnvironment('env', {
    mode,
    loader: (name) =>
      files[name] === undefined
        ? { error: `no ${name}` }
        : { name, path: `${name}.yaml`, text: files[name] },
    providers,
    unknownContextKeys: ['github'],
  });
  return {
    tokens,
    result: r,
    diagnostics: r.diagnostics.map(
      (d) => `${d.range?.file}:${d.range?.start.line}:${d.range?.start.column} ${d.summary}`,
    ),
  };
}

/** A hub login (aws-login OIDC) and a role assumed with it; `extra` lines go under the assume. */
const chain = (...extra: string[]) =>
  [
    'values:',
    '  hub:',
    '    fn::open::aws-login:',
    '      oidc:',
    `        roleArn: ${HUB}`,
    '  deploy:',
    '    fn::open::aws-assume-role:',
    '      login: ${hub}',
    ...extra,
  ].join('\n');

describe.each<EvalMode>(['check', 'open'])('aws-assume-role inputs (%s mode)', (mode) => {
  it('reports a misspelt key with the nearest name, a bad role ARN, and a missing roleArn', async () => {
    const { diagnostics, tokens } = await evaluate(
      {
        env: [
          'values:',
          '  a:',
          '    fn::open::aws-assume-role:',
          '      login: {accessKeyId: AKIAIOSFODNN7EXAMPLE, secretAccessKey: x}',
          `      roleArn: ${ROLE}`,
          '      sesionName: x',
          '  b:',
          '    fn::open::aws-assume-role:',
          '      login: {accessKeyId: a, secretAccessKey: b, sessionTokn: c}',
          '      rolearn: x',
        ].join('\n'),
      },
      mode,
    );
    expect(diagnostics).toEqual([
      'env:6:7 unexpected property sesionName; did you mean sessionName?',
      'env:9:7 missing required properties: roleArn',
      'env:9:51 unexpected property sessionTokn; did you mean sessionToken?',
      'env:10:7 unexpected property rolearn; did you mean roleArn?',
    ]);
    expect(tokens).toBe(0);
  });

  it('reports each input the schema cannot judge at its own position', async () => {
    const { diagnostics } = await evaluate(
      {
        env: chain(
          '      roleArn: arn:aws:iam::2222:role/deploy',
          '      sessionName: has space',
          '      externalId: x',
          '      policy: "{not json"',
          '      policyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess, arn:aws:s3:::bucket]',
          '      tags: {Project: shop}',
          '      transitiveTagKeys: [Project, Projet]',
          '      sourceIdentity: "a"',
        ),
      },
      mode,
    );
    expect(diagnostics).toEqual([
      expect.stringMatching(
        /^env:9:16 roleArn "arn:aws:iam::2222:role\/deploy" is not an IAM role ARN/,
      ),
      expect.stringMatching(/^env:10:20 sessionName "has space" is not a valid role session name/),
      expect.stringMatching(/^env:11:19 externalId "x" is not a valid external id/),
      expect.stringMatching(/^env:12:15 policy is not valid JSON/),
      expect.stringMatching(
        /^env:13:60 policyArns\[1\] "arn:aws:s3:::bucket" is not an IAM policy ARN/,
      ),
      'env:15:36 transitiveTagKeys[1] "Projet" is not a key of tags; did you mean "Project"?',
      expect.stringMatching(/^env:16:23 sourceIdentity "a" is not a valid source identity/),
    ]);
    // Never opened: only the hub's login (in open mode) reached STS.
    expect(
      server?.requests.map((r) => new URLSearchParams(r.body).get('Action')) ?? [],
    ).not.toContain('AssumeRole');
  });

  it('never quotes a secret input in its message', async () => {
    const { diagnostics } = await evaluate(
      {
        env: chain(
          `      roleArn: ${ROLE}`,
          '      tags:',
          '        Owner:',
          '          fn::secret: "hash#tag-s3cr3t"',
          '      policy:',
          '        fn::secret: \'{"Statement": "s3cr3t-policy\'',
        ),
      },
      mode,
    );
    expect(diagnostics).toEqual([
      expect.stringMatching(/^env:11:9 tags.Owner \(the secret value\) is not a valid tag value/),
      'env:14:9 policy is not valid JSON (give an object, or a JSON string)',
    ]);
    expect(diagnostics.join('\n')).not.toMatch(/s3cr3t/);
  });

  it('reports a duration above 1h when the login is known to be a role session', async () => {
    const files = {
      env: [
        'imports: [hub]',
        'values:',
        '  direct:',
        '    fn::open::aws-assume-role:',
        '      login: {accessKeyId: a, secretAccessKey: b, sessionToken: "${hub.token}"}',
        `      roleArn: ${ROLE}`,
        '      duration: 2h',
        '  chained:',
        '    fn::open::aws-assume-role:',
        '      login: ${direct}',
        `      roleArn: ${ROLE}`,
        '      duration: 90m',
        '  keys:',
        '    fn::open::aws-assume-role:',
        '      login: {accessKeyId: a, secretAccessKey: b}',
        `      roleArn: ${ROLE}`,
        '      duration: 2h',
      ].join('\n'),
      hub: 'values:\n  hub:\n    token:\n      fn::secret: s3cr3t-session-token\n',
    };
    const { diagnostics } = await evaluate(files, mode);
    const capped = (line: number, text: string) =>
      expect.stringMatching(
        new RegExp(
          `^env:${line}:17 duration "${text}" \\(.*\\) is too long for a chained session: .* at 1h`,
        ),
      );
    if (mode === 'check') {
      // Long-term keys may ask for 2h: not reported.
      expect(diagnostics).toEqual([capped(7, '2h'), capped(12, '90m')]);
    } else {
      // In open mode the first assume fails at its check, so the second's login stays unknown.
      expect(diagnostics[0]).toEqual(capped(7, '2h'));
      expect(diagnostics.join('\n')).toContain('env:12:17 duration "90m"');
    }
  });

  it('accepts valid inputs, unknown parts, and a login whose kind is not known yet', async () => {
    const { diagnostics } = await evaluate(
      {
        env: chain(
          `      roleArn: ${ROLE}`,
          '      sessionName: leg-${context.github.run_id}',
          '      duration: 1h',
          '      externalId: ext-${context.github.run_id}',
          '      policy: {Statement: [{Effect: Allow, Action: "s3:*", Resource: "*"}]}',
          '      policyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]',
          '      tags: {Project: shop, Run: "${context.github.run_id}"}',
          '      transitiveTagKeys: [Project]',
          '      sourceIdentity: octocat',
          '      region: eu-west-1',
        ),
      },
      'check',
    );
    expect(diagnostics).toEqual([]);
    // In check mode ${hub} is unknown, and aws-login may be static: 2h is left to the open.
    expect(
      (await evaluate({ env: chain(`      roleArn: ${ROLE}`, '      duration: 2h') }, 'check'))
        .diagnostics,
    ).toEqual([]);
  });
});

/** STS for the fake server: a web identity login, then one AssumeRole per request, in order. */
function sts(): (
  req: unknown,
  body: string,
) => { status: number; body: string; headers: Record<string, string> } {
  let n = 0;
  return (_req, body) => {
    n++;
    const p = new URLSearchParams(body);
    const action = p.get('Action') ?? '';
    const role = (p.get('RoleArn') ?? '').replace(
      /^arn:aws:iam::(\d+):role\/(.*)$/,
      'arn:aws:sts::$1:assumed-role/$2',
    );
    return {
      status: 200,
      headers: { 'content-type': 'text/xml' },
      body:
        `<${action}Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><${action}Result><Credentials>` +
        `<AccessKeyId>ASIAKEY${String(n).padStart(13, '0')}</AccessKeyId><SecretAccessKey>secret${n}xxxxxxxx</SecretAccessKey>` +
        `<SessionToken>token${n}xxxxxxxx</SessionToken><Expiration>2030-01-02T03:04:05Z</Expiration></Credentials>` +
        `<AssumedRoleUser><Arn>${role}/${p.get('RoleSessionName')}</Arn><AssumedRoleId>AROA:x</AssumedRoleId></AssumedRoleUser>` +
        `</${action}Result></${action}Response>`,
    };
  };
}

describe('aws-assume-role opens', () => {
  const assume = (key: string, session: string) => [
    `  ${key}:`,
    '    fn::open::aws-assume-role:',
    '      login: ${hub}',
    `      roleArn: ${ROLE}`,
    `      sessionName: ${session}`,
  ];
  const hub = [
    'values:',
    '  hub:',
    '    fn::open::aws-login:',
    '      oidc:',
    `        roleArn: ${HUB}`,
  ];

  it('runs identical assumes once, across imports, and different ones each', async () => {
    const files = {
      env: ['imports: [a, b]', ...hub, ...assume('x', 'one'), ...assume('y', 'two')].join('\n'),
      a: [...hub, ...assume('fromA', 'one')].join('\n'),
      b: [...hub, ...assume('fromB', 'one')].join('\n'),
    };
    const { result, diagnostics } = await evaluate(files, 'open');
    expect(diagnostics).toEqual([]);
    const actions = server!.requests.map((r) => new URLSearchParams(r.body).get('Action'));
    expect(actions.sort()).toEqual(['AssumeRole', 'AssumeRole', 'AssumeRoleWithWebIdentity']);
    const sessions = server!.requests.map((r) =>
      new URLSearchParams(r.body).get('RoleSessionName'),
    );
    expect(sessions.filter((s) => s !== 'esc-action').sort()).toEqual(['one', 'two']);
    expect(result.opens.map((o) => o.provider).sort()).toEqual([
      'aws-assume-role',
      'aws-assume-role',
      'aws-login',
    ]);
  });
});
