// The main step's part of credential refresh: the plan with the profile instead of the keys, the
// checks before anything is written, and the files it stages (removed again on a failure).
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  KEY_VARIABLES,
  checkStaleCredentials,
  encodedForms,
  refreshNote,
  refreshPlan,
  refreshRecipe,
  requestTokenExpiry,
  stageRefresh,
} from '../../../src/action/refresh.js';
import type { ExportPlan, StagedExports } from '../../../src/action/publish.js';
import type { OpenRecord } from '../../../src/eval/api.js';
import { evaluateEnvironment } from '../../../src/eval/evaluate.js';
import type { Provider } from '../../../src/eval/provider.js';
import { fromPlain } from '../../../src/eval/value.js';
import { CREDENTIAL_VARIABLES } from '../../../src/host/aws-env.js';
import type { SummaryCredential } from '../../../src/host/summary.js';
import { refreshMeta, webIdentityStep } from '../../../src/refresh/recipe.js';

const KEYS = {
  AWS_ACCESS_KEY_ID: 'ASIAFIRST',
  AWS_SECRET_ACCESS_KEY: 'first-secret',
  AWS_SESSION_TOKEN: 'first-token',
};
const plan = (runEnv: Record<string, string>, exported = Object.keys(runEnv)): ExportPlan => ({
  runEnv,
  exported,
  missingKeys: [],
  cleared: { run: [], later: [] },
});
const step = webIdentityStep(
  { roleArn: 'arn:aws:iam::1:role/r', sessionName: 's', durationSeconds: 3600, audience: 'a' },
  'eu-west-1',
  'https://sts.eu-west-1.amazonaws.com',
);
const EXPIRES = '2030-01-01T00:00:00.000Z';
const opens: OpenRecord[] = [
  {
    provider: 'aws-login',
    environment: 'e',
    meta: { roleArn: step.roleArn, expiration: EXPIRES, ...refreshMeta('ASIAFIRST', step) },
  },
];

describe('refreshPlan', () => {
  it('replaces exactly the credential variables the stale-credential rule knows', () => {
    // Written out twice to keep the start-up files as they are (see KEY_VARIABLES): they must agree.
    expect([...KEY_VARIABLES]).toEqual([...CREDENTIAL_VARIABLES]);
  });

  it('replaces the keys by the profile, exported when the keys were', () => {
    const p = refreshPlan(plan({ AWS_REGION: 'x', ...KEYS }), '/t/aws-config', '/t/creds');
    expect(p.runEnv).toEqual({
      AWS_REGION: 'x',
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
      AWS_SESSION_TOKEN: '',
      AWS_SECURITY_TOKEN: '',
      AWS_ROLE_ARN: '',
      AWS_WEB_IDENTITY_TOKEN_FILE: '',
      AWS_CONTAINER_CREDENTIALS_FULL_URI: '',
      AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '',
      AWS_CONFIG_FILE: '/t/aws-config',
      AWS_SHARED_CREDENTIALS_FILE: '/t/creds',
      AWS_PROFILE: 'esc-action',
      AWS_DEFAULT_PROFILE: 'esc-action',
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    expect(p.exported.sort()).toEqual(Object.keys(p.runEnv).sort());
  });

  it('sets each variable once: none stays in the stale-credential lists', () => {
    const p = refreshPlan(
      {
        ...plan({ AWS_REGION: 'x', ...KEYS }),
        cleared: { run: ['AWS_SECURITY_TOKEN', 'OTHER'], later: ['AWS_SECURITY_TOKEN'] },
      },
      '/t/c',
      '/t/k',
    );
    expect(p.cleared).toEqual({ run: ['OTHER'], later: [] });
    expect(p.runEnv.AWS_SECURITY_TOKEN).toBe('');
    expect(p.exported).toContain('AWS_SECURITY_TOKEN');
  });

  it('keeps the profile to run when the keys are not exported', () => {
    const p = refreshPlan(plan({ AWS_REGION: 'x', ...KEYS }, ['AWS_REGION']), '/t/c', '/t/k');
    expect(p.exported).toEqual(['AWS_REGION']);
    expect(p.runEnv.AWS_PROFILE).toBe('esc-action');
  });
});

describe('refreshRecipe', () => {
  it('finds the login of the exported key', () => {
    expect(refreshRecipe(plan(KEYS), opens).recipe).toEqual([step]);
  });

  it.each([
    [{ AWS_REGION: 'x' }, 'exports no AWS_ACCESS_KEY_ID'],
    [{ ...KEYS, AWS_PROFILE: 'p' }, 'sets AWS_PROFILE'],
    [{ ...KEYS, AWS_CONFIG_FILE: '/c' }, 'sets AWS_CONFIG_FILE'],
    [{ ...KEYS, AWS_DEFAULT_PROFILE: 'p' }, 'sets AWS_DEFAULT_PROFILE'],
    [{ ...KEYS, AWS_ROLE_ARN: 'arn:aws:iam::1:role/pod' }, 'sets AWS_ROLE_ARN'],
    [{ ...KEYS, AWS_SHARED_CREDENTIALS_FILE: '/k' }, 'sets AWS_SHARED_CREDENTIALS_FILE'],
    [{ ...KEYS, AWS_ACCESS_KEY_ID: 'AKIASTATIC' }, 'cannot be refreshed'],
  ])('refuses %j: %s', (runEnv, message) => {
    expect(() => refreshRecipe(plan(runEnv), opens)).toThrow(message);
    expect(() => refreshRecipe(plan(runEnv), opens)).toThrow('nothing was exported');
  });
});

describe('until when', () => {
  it("reads the expiry of the runner's request token when it is a JWT", () => {
    const jwt = `e30.${Buffer.from(JSON.stringify({ exp: 1_900_000_000 })).toString('base64url')}.s`;
    expect(requestTokenExpiry({ ACTIONS_ID_TOKEN_REQUEST_TOKEN: jwt })).toBe(
      '2030-03-17T17:46:40.000Z',
    );
    expect(requestTokenExpiry({ ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'ghs_opaque' })).toBeUndefined();
    expect(refreshNote('2030-03-17T17:46:40.000Z')).toContain('until 2030-03-17T17:46:40.000Z');
    expect(refreshNote(undefined)).toContain('for as long as the job runs');
  });
});

describe('stageRefresh', () => {
  let root: string;
  let discarded: number;
  const staged = (runEnv: Record<string, string>): StagedExports => ({
    plan: plan(runEnv),
    written: undefined,
    script: undefined,
    discard: () => void discarded++,
  });
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'esc-stage-refresh-'));
    discarded = 0;
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));
  const ctx = (refresher = join(root, 'refresh.js')) => ({
    opens,
    facts: {
      accountId: undefined,
      expiration: EXPIRES,
      credentials: [
        {
          provider: 'aws-login',
          at: 'e:1',
          roleArn: step.roleArn,
          expiration: EXPIRES,
        } as SummaryCredential,
      ],
    },
    tempRoot: root,
    env: {} as NodeJS.ProcessEnv,
    inputs: { requestTimeoutMs: 1000, timeoutMs: 2000, httpProxy: '' },
    refresher,
    node: '/usr/bin/node',
    platform: 'linux' as const,
  });

  it('writes the state, the first credentials and the profile, 0600 in a 0700 folder', () => {
    const refresher = join(root, 'refresh.js');
    rmSync(refresher, { force: true });
    writeFileSync(refresher, '');
    const c = ctx(refresher);
    const s = stageRefresh(staged(KEYS), c);
    const dir = s.written?.dir ?? '';
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(readdirSync(dir).sort()).toEqual([
      'aws-config',
      'aws-credentials',
      'credentials.json',
      'refresh.json',
    ]);
    expect(readFileSync(join(dir, 'aws-credentials'), 'utf8')).not.toContain('[');
    for (const f of readdirSync(dir)) expect(statSync(join(dir, f)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(join(dir, 'credentials.json'), 'utf8'))).toEqual({
      Version: 1,
      AccessKeyId: 'ASIAFIRST',
      SecretAccessKey: 'first-secret',
      SessionToken: 'first-token',
      Expiration: EXPIRES,
    });
    const state = readFileSync(join(dir, 'refresh.json'), 'utf8');
    expect(JSON.parse(state).recipe).toEqual([step]);
    expect(state).not.toMatch(/first-secret|first-token|ASIAFIRST/);
    expect(readFileSync(join(dir, 'aws-config'), 'utf8')).toContain(
      `credential_process = '/usr/bin/node' '--max-old-space-size=128' '${refresher}' '${join(dir, 'refresh.json')}'`,
    );
    expect(s.plan.runEnv.AWS_CONFIG_FILE).toBe(join(dir, 'aws-config'));
    expect(c.facts.credentials[0]?.refresh).toContain('refreshed automatically');
    s.discard();
    expect(existsSync(dir)).toBe(false);
    expect(discarded).toBe(1);
  });

  it('writes into the files folder when the environment has files, beside them', () => {
    const refresher = join(root, 'refresh.js');
    writeFileSync(refresher, '');
    const filesDir = mkdtempSync(join(root, 'esc-action-'));
    writeFileSync(join(filesDir, 'CA_BUNDLE'), 'x');
    const s = stageRefresh(
      { ...staged(KEYS), written: { dir: filesDir, paths: new Map([['CA_BUNDLE', 'x']]) } },
      ctx(refresher),
    );
    expect(s.written?.dir).toBe(filesDir);
    expect(s.written?.paths.size).toBe(1);
    expect(readdirSync(filesDir).sort()).toEqual([
      'CA_BUNDLE',
      'aws-config',
      'aws-credentials',
      'credentials.json',
      'refresh.json',
    ]);
    expect(readdirSync(root).filter((n) => n.startsWith('esc-action-'))).toEqual([
      filesDir.slice(root.length + 1),
    ]);
  });

  it('discards what was staged and writes nothing when it refuses', () => {
    expect(() => stageRefresh(staged({ AWS_REGION: 'x' }), ctx())).toThrow('nothing was exported');
    expect(discarded).toBe(1);
    expect(readdirSync(root)).toEqual([]);
  });

  it('stores the step proxy without its password, and refuses a password in the http-proxy input', () => {
    const refresher = join(root, 'refresh.js');
    writeFileSync(refresher, '');
    const c = ctx(refresher);
    c.env = { HTTPS_PROXY: 'http://u:pw-1234@proxy.internal:3128', NO_PROXY: 'localhost' };
    const dir = stageRefresh(staged(KEYS), c).written?.dir ?? '';
    const text = readFileSync(join(dir, 'refresh.json'), 'utf8');
    expect(text).not.toContain('pw-1234');
    expect(JSON.parse(text).proxy).toEqual({
      variables: { HTTPS_PROXY: 'http://u@proxy.internal:3128', NO_PROXY: 'localhost' },
      passwordFrom: ['HTTPS_PROXY'],
    });
    rmSync(dir, { recursive: true, force: true });
    const withInput = ctx(refresher);
    withInput.inputs.httpProxy = 'http://u:pw-1234@proxy.internal:3128';
    expect(() => stageRefresh(staged(KEYS), withInput)).toThrow(
      /http-proxy input holds a password.*nothing was exported/,
    );
    expect(readdirSync(root).filter((n) => n.startsWith('esc-action-'))).toEqual([]);
  });

  it('refuses a step whose STS endpoint is not known', () => {
    const refresher = join(root, 'refresh.js');
    writeFileSync(refresher, '');
    const bare = webIdentityStep({ ...step }, 'eu-west-1', undefined);
    const c = {
      ...ctx(refresher),
      opens: [{ ...opens[0], meta: { ...refreshMeta('ASIAFIRST', bare) } }] as OpenRecord[],
    };
    expect(() => stageRefresh(staged(KEYS), c)).toThrow('STS endpoint');
  });

  it('refuses when the refresher is missing from the action', () => {
    expect(() => stageRefresh(staged(KEYS), ctx(join(root, 'nope.js')))).toThrow('is missing');
    expect(readdirSync(root)).toEqual([]);
  });
});

describe('checkStaleCredentials', () => {
  const ISSUED = {
    accessKeyId: 'ASIAISSUEDEXAMPLE01',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYzEXAMPLEKEY',
    sessionToken: 'FwoGZXIvYXdzEBYaDH/issued+session/token==',
  };
  const STATIC_KEY = 'AKIASTATICEXAMPLE01';

  /** Evaluates `lines` (under `values:`) with a login whose credentials STS issued. */
  async function check(...lines: string[]) {
    const login: Provider = {
      name: 'aws-login',
      open: async () => ({
        value: fromPlain(ISSUED, true),
        meta: { roleArn: step.roleArn, ...refreshMeta(ISSUED.accessKeyId, step) },
      }),
    };
    const fixed: Provider = {
      name: 'static-keys',
      open: async () => ({
        value: fromPlain({ accessKeyId: STATIC_KEY, secretAccessKey: 'static-secret-value' }, true),
      }),
    };
    const text = ['values:', ...lines, ''].join('\n');
    const r = await evaluateEnvironment('env', {
      mode: 'open',
      providers: new Map([
        ['aws-login', login],
        ['static-keys', fixed],
      ]),
      loader: (name) => ({ name, path: `${name}.yaml`, text }),
    });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    return checkStaleCredentials(r.value, 'env', r.opens).map((d) => ({
      line: d.range?.start.line,
      path: d.path,
      summary: d.summary,
    }));
  }
  const head = [
    '  aws:',
    '    login:',
    '      fn::open::aws-login: {}',
    '    keys:',
    '      fn::open::static-keys: {}',
  ];
  const keys = [
    '  environmentVariables:',
    '    AWS_ACCESS_KEY_ID: ${aws.login.accessKeyId}',
    '    AWS_SECRET_ACCESS_KEY: ${aws.login.secretAccessKey}',
    '    AWS_SESSION_TOKEN: ${aws.login.sessionToken}',
  ];

  it('accepts the three variables the profile replaces, and keys that do not expire', async () => {
    expect(
      await check(...head, ...keys, '    OTHER_KEY: ${aws.keys.accessKeyId}', '    REGION: x'),
    ).toEqual([]);
  });

  it.each([
    ['a copy of a key', '    COPY: ${aws.login.secretAccessKey}'],
    ['the key id alone', '    KEY_ID: ${aws.login.accessKeyId}'],
    ['a key inside a longer text', '    URL: "https://x/?t=${aws.login.sessionToken}&a=1"'],
    ['the login as JSON', '    CREDS:', '      fn::toJSON: ${aws.login}'],
    ['a base64 form', '    B64:', '      fn::toBase64: "prefix ${aws.login.secretAccessKey}"'],
    [
      'a base64 form at another alignment',
      '    B64:',
      '      fn::toBase64: "xy${aws.login.sessionToken}"',
    ],
  ])('refuses %s at the value, naming the role', async (_what, ...lines) => {
    const found = await check(...head, ...keys, ...lines);
    expect(found).toHaveLength(1);
    const [d] = found;
    expect(d?.line).toBe(head.length + keys.length + 1 + lines.length);
    expect(d?.path).toMatch(/^values\.environmentVariables\.[A-Z_0-9]+$/);
    expect(d?.summary).toContain(`carries the AWS credentials issued for ${step.roleArn}`);
    expect(d?.summary).toContain('AWS_PROFILE=esc-action');
    for (const secret of Object.values(ISSUED)) expect(d?.summary).not.toContain(secret);
  });

  it('refuses a files entry built from the keys', async () => {
    const found = await check(
      ...head,
      ...keys,
      '  files:',
      '    CREDENTIALS_FILE: |',
      '      [default]',
      '      aws_secret_access_key = ${aws.login.secretAccessKey}',
    );
    expect(found.map((d) => d.path)).toEqual(['values.files.CREDENTIALS_FILE']);
    expect(found[0]?.summary).toContain('the file CREDENTIALS_FILE carries');
  });

  it('finds the URL- and JSON-escaped forms', () => {
    const forms = encodedForms(ISSUED.secretAccessKey);
    expect(forms).toContain(encodeURIComponent(ISSUED.secretAccessKey));
    expect(forms).toContain(ISSUED.secretAccessKey.replace(/\//g, '\\/'));
    const b64 = Buffer.from(`ab${ISSUED.secretAccessKey}c`).toString('base64url');
    expect(forms.some((f) => b64.includes(f))).toBe(true);
  });
});
