// Every secret masked, every way it can appear, through the bundled action as
// a runner runs it: each scenario's `run` prints what it holds and the whole log is read as the
// runner reads it (runner-log.ts). Gaps covered: pieces reached through `${environments...}` and
// imports, lone-`\r` lines, surrounding whitespace, inline secrets quoted in messages, debug lines
// of a provider built from secrets, NUL bytes printed escaped by an exception.
import { jest } from '@jest/globals';
import {
  requireTools,
  startAwsProxy,
  startMoto,
  startOidcServer,
  stepAwsEnv,
  type AwsProxy,
  type Moto,
  type OidcServer,
} from '../../scripts/stack/index.mjs';
import { Job, commandsOf, expectExit } from './action-support.js';
import { expectMasked, unmaskedSecrets } from './runner-log.js';

jest.setTimeout(90_000);

const BASE = [
  'values:',
  '  tok:',
  '    fn::secret: env-ref-token-0123',
  '  obj:',
  '    fn::fromJSON:',
  '      fn::secret: \'{"pw":"json-piece-4567","list":["el-zero-89","el-one-1011"]}\'',
  '  pair:',
  '    fn::split: [",", {fn::secret: "split-left-1213,split-right-1415"}]',
  '',
].join('\n');

// Only references: the referenced environment is not imported, so its secrets are nowhere in the
// root's values; and an import whose keys the root overrides, reached through `imports`.
const REFS = [
  'imports:',
  '  - proj/other',
  'values:',
  '  pair: overridden-public',
  '  obj: overridden-public',
  '  local:',
  '    fn::split: [":", {fn::secret: "local-left-1617:local-right-1819"}]',
  '  environmentVariables:',
  '    ENV_TOK: ${environments.proj.base.tok}',
  '    ENV_PW: ${environments.proj.base.obj.pw}',
  '    ENV_EL: ${environments.proj.base.obj.list[1]}',
  '    ENV_SPLIT: ${environments.proj.base.pair[0]}',
  '    IMP_SPLIT: ${imports.proj/other.pair[1]}',
  '    IMP_EL: ${imports.proj/other.obj.list[0]}',
  '    LOCAL: ${local[0]}',
  '    MIXED: "x-${local[1]}-y"',
  '',
].join('\n');

const PIECES = [
  'env-ref-token-0123',
  'json-piece-4567',
  'el-one-1011',
  'split-left-1213',
  'el-zero-o89',
  'split-right-o1415',
  'local-left-1617',
  'local-right-1819',
];

const SHAPES = [
  'values:',
  '  environmentVariables:',
  '    CR_ONLY:',
  '      fn::secret: "cr-line-one-2021\\rcr-line-two-2223"',
  '    PADDED:',
  '      fn::secret: "   padded-secret-2425 \\t"',
  '    PADDED_LINES:',
  '      fn::secret: "  first-padded-2627  \\r\\n\\tsecond-padded-2829\\n"',
  '    QUOTED:',
  "      fn::secret: 'quote\"and\\back-3031'",
  '',
].join('\n');

const MESSAGES = [
  'values:',
  '  login:',
  '    fn::open::aws-login:',
  '      oidc:',
  '        roleArn: arn:aws:iam::123456789012:role/x',
  '        duration:',
  '          fn::secret: 7hours-secret-3233',
  '  checked:',
  '    fn::validate:',
  '      schema:',
  '        type: string',
  '        pattern:',
  '          fn::secret: "^pattern-secret-3435$"',
  '      value: not-matching',
  '  broken:',
  '    fn::validate:',
  '      schema:',
  '        type: string',
  '        pattern:',
  '          fn::secret: "(unclosed-secret-3637"',
  '      value: x',
  '  json:',
  '    fn::fromJSON:',
  '      fn::secret: "{zjson-secret-3839}"',
  '',
].join('\n');

const NUL = [
  'values:',
  '  environmentVariables:',
  '    WITH_NUL:',
  '      fn::secret: "nul-before-4041\\0nul-after-4243"',
  '',
].join('\n');

describe('action: every secret masked, every way it can appear', () => {
  const job = new Job({
    '.esc/proj/base.yaml': BASE,
    '.esc/proj/other.yaml': BASE.replace(/-(\d{2,4})\b/g, '-o$1'),
    '.esc/refs.yaml': REFS,
    '.esc/shapes.yaml': SHAPES,
    '.esc/messages.yaml': MESSAGES,
    '.esc/nul.yaml': NUL,
  });
  afterAll(() => job.cleanup());

  it('masks pieces of secrets reached through ${environments...}, imports and fn::split', async () => {
    const r = await job.step({
      environment: 'refs',
      run: 'env | grep -E "^(ENV_|IMP_|LOCAL|MIXED)"',
    });
    expectExit(r, 'zero');
    expect(r.githubEnv['ENV_SPLIT']).toBe('split-left-1213');
    expect(r.githubEnv['IMP_SPLIT']).toBe('split-right-o1415');
    expect(r.stdout).toContain('ENV_SPLIT=');
    for (const p of PIECES) expect(r.masks).toContain(p);
    expectMasked(r, [...PIECES, 'x-local-right-1819-y']);
  });

  it('masks each line of a secret split by a lone \\r, and trimmed forms of padded secrets', async () => {
    const r = await job.step({
      environment: 'shapes',
      // printf shows the \r-separated value raw; unquoted echo trims; cat -A is not needed.
      run: [
        'printf "%s\\n" "$CR_ONLY"',
        'echo $PADDED',
        'echo "[$PADDED]"',
        'printf "%s\\n" "$PADDED_LINES"',
        'echo $PADDED_LINES',
        'echo "$QUOTED"',
      ].join('\n'),
    });
    expectExit(r, 'zero');
    expect(r.stdout).toContain('\r');
    // Registered by the action itself, not left to the runner's own splitting.
    for (const m of [
      'cr-line-one-2021',
      'cr-line-two-2223',
      'padded-secret-2425',
      'first-padded-2627',
      'second-padded-2829',
      'quote\\"and\\\\back-3031',
    ]) {
      expect(r.masks).toContain(m);
    }
    expectMasked(r, [
      'cr-line-one-2021\rcr-line-two-2223',
      '   padded-secret-2425 \t',
      '  first-padded-2627  \r\n\tsecond-padded-2829\n',
      'quote"and\\back-3031',
    ]);
  });

  it('never quotes an inline secret in an annotation (duration, pattern, JSON text)', async () => {
    const r = await job.step({ environment: 'messages', 'check-only': 'true' });
    expectExit(r, 'non-zero');
    const errors = commandsOf(r, 'error').map((e) => e.value);
    expect(errors.filter((e) => e.includes('(the secret value)')).length).toBeGreaterThanOrEqual(4);
    const secrets = [
      '7hours-secret-3233',
      '^pattern-secret-3435$',
      '(unclosed-secret-3637',
      '{zjson-secret-3839}',
    ];
    // Not even a quoted piece: the messages say "the secret value" instead.
    for (const e of errors) {
      for (const piece of ['hours', 'pattern-secret', 'unclosed', 'zjson', "'z'"]) {
        expect({ e, piece, quoted: e.includes(piece) }).toEqual({ e, piece, quoted: false });
      }
    }
    expectMasked(r, secrets);
  });

  it('fails a value with a NUL byte without printing it, raw or escaped', async () => {
    const r = await job.step({ environment: 'nul', run: 'echo "never runs with $WITH_NUL"' });
    expectExit(r, 'non-zero');
    const secret = 'nul-before-4041\0nul-after-4243';
    expectMasked(r, [secret, 'nul-before-4041', 'nul-after-4243']);
    // Not even a part of it reaches the failure message.
    const failure = commandsOf(r, 'error')
      .map((e) => e.value)
      .join('\n');
    expect(failure).not.toMatch(/nul-before|nul-after/);
    // Reported as the step's failure, not as a crash with a stack trace.
    expect(failure).not.toBe('');
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it('the check can fail: a secret printed before its mask, or not masked, is caught', () => {
    const log = ['early env-ref-token-0123', '::add-mask::env-ref-token-0123', 'late'].join('\n');
    expect(unmaskedSecrets(log, ['env-ref-token-0123'])).toHaveLength(1);
    expect(
      unmaskedSecrets('::add-mask::cr-line-one\rcr-line-one\rcr-line-two', ['x\rcr-line-two']),
    ).toHaveLength(1);
  });
});

const tools = requireTools(['moto_server', 'aws']);
const withTools = tools.ok ? describe : describe.skip;

withTools('action: provider debug lines built from secrets (ACTIONS_STEP_DEBUG=true)', () => {
  let moto: Moto;
  let oidc: OidcServer;
  let proxy: AwsProxy;
  let job: Job;

  beforeAll(async () => {
    [moto, oidc] = await Promise.all([startMoto(), startOidcServer()]);
    proxy = await startAwsProxy(moto.url);
    const role = await moto.createRole('gha-secret-role-4445');
    const account = /::(\d{12}):/.exec(role.arn)?.[1] ?? '';
    job = new Job({
      '.esc/login.yaml': [
        'values:',
        '  roleName:',
        '    fn::secret: gha-secret-role-4445',
        '  sessionPart:',
        '    fn::secret: sess-secret-4647',
        '  aws:',
        '    login:',
        '      fn::open::aws-login:',
        '        oidc:',
        `          roleArn: arn:aws:iam::${account}:role/\${roleName}`,
        '          sessionName: s-${sessionPart}',
        '  environmentVariables:',
        '    AWS_REGION: us-east-1',
        '    AWS_ACCESS_KEY_ID: ${aws.login.accessKeyId}',
        '    AWS_SECRET_ACCESS_KEY: ${aws.login.secretAccessKey}',
        '    AWS_SESSION_TOKEN: ${aws.login.sessionToken}',
        '    ROLE: ${roleName}',
        '',
      ].join('\n'),
    });
  });

  afterAll(async () => {
    job?.cleanup();
    await Promise.all([proxy?.stop(), oidc?.stop(), moto?.stop()]);
  });

  it('masks the role ARN and session name before the provider logs them', async () => {
    const r = await job.step(
      {
        environment: 'login',
        run: [
          'echo "role $ROLE"',
          'echo "creds $AWS_ACCESS_KEY_ID $AWS_SECRET_ACCESS_KEY $AWS_SESSION_TOKEN"',
          'aws sts get-caller-identity --region us-east-1 --query Arn --output text',
        ].join('\n'),
      },
      {
        env: { ...oidc.env, ...stepAwsEnv(proxy.url), ACTIONS_STEP_DEBUG: 'true' },
      },
    );
    expectExit(r, 'zero');
    // The provider did log the request at debug level.
    expect(commandsOf(r, 'debug').some((d) => d.value.includes('AssumeRoleWithWebIdentity'))).toBe(
      true,
    );
    const creds: string[] = [];
    for (const c of proxy.callsTo('AssumeRoleWithWebIdentity')) {
      for (const m of (c.responseBody ?? '').matchAll(
        /<(SecretAccessKey|SessionToken|AccessKeyId)>([^<]+)</g,
      )) {
        creds.push(m[2] ?? '');
      }
    }
    expect(creds).toHaveLength(3);
    expectMasked(r, [
      'gha-secret-role-4445',
      'sess-secret-4647',
      's-sess-secret-4647',
      ...creds,
      ...oidc.tokens,
    ]);
  });
});
