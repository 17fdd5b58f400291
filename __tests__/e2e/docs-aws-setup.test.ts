// docs/aws-setup.md works as written, on moto with the real aws CLI: its AWS CLI commands (taken
// from the page, the repository placeholder pointed at the test token's) create the OIDC
// provider, the role and its policy, and that role runs the README's `aws s3 cp` job
// through dist/index.js, calling nothing its policy does not allow; the CloudFormation template
// deploys and makes the same role (moto 5 skips AWS::IAM::OIDCProvider: that resource is checked
// by its shape); the Terraform has the same resources, trust conditions and permissions (no
// terraform binary or provider here: checked by its structure); every JSON policy parses with the
// shape IAM expects. docs/self-hosted-and-proxies.md's GHES provider command makes the provider its trust policy names.
import { jest } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, type Tags } from 'yaml';
import {
  ACCOUNT_ID,
  REPO_ROOT,
  defaultClaims,
  requireTools,
  startAwsProxy,
  startMoto,
  startOidcServer,
  stepAwsEnv,
  type AwsProxy,
  type Moto,
  type OidcServer,
} from '../../scripts/stack/index.mjs';
import { allDocBlocks, docBlocks, docSection, readDoc } from '../../__fixtures__/docs.js';
import { Job, expectExit } from './action-support.js';
import { expectMasked } from './runner-log.js';

jest.setTimeout(180_000);

const tools = requireTools(['moto_server', 'aws']);
const withTools = tools.ok ? describe : describe.skip;

const README = readDoc('README.md');

/** The bodies of the `lang` blocks of `text` (a page or a section of one). */
function blocks(text: string, lang: string): string[] {
  return docBlocks('', text)
    .filter((b) => b.lang === lang)
    .map((b) => b.body);
}

/** The bodies of `<<'EOF'` here-documents, by the file each one writes. */
function heredocs(script: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of script.matchAll(/^cat > (\S+) <<'EOF'\n([\s\S]*?)^EOF$/gm)) {
    out.set(m[1] ?? '', m[2] ?? '');
  }
  return out;
}

const SETUP = readDoc('docs/aws-setup.md');
const [CLI_SCRIPT = ''] = blocks(SETUP, 'sh').filter((b) =>
  b.includes('create-open-id-connect-provider'),
);
const [CFN_TEMPLATE = ''] = blocks(SETUP, 'yaml').filter((b) => b.startsWith('AWSTemplate'));
const [TERRAFORM = ''] = blocks(SETUP, 'hcl');
const CLI_FILES = heredocs(CLI_SCRIPT);
const TRUST = JSON.parse(CLI_FILES.get('trust-policy.json') ?? 'null') as TrustPolicy;
const PERMISSIONS = JSON.parse(CLI_FILES.get('permissions.json') ?? 'null') as PermissionPolicy;
/** The repository GitHub's test tokens name (scripts/stack/oidc.mjs), and its IDs. */
const TEST_REPO = defaultClaims().repository;
const TEST_REPO_ID = defaultClaims().repository_id;
const TEST_OWNER_ID = defaultClaims().repository_owner_id;
/** The page's placeholders for the repository's and its owner's IDs. */
const DOC_REPO_ID = '1029384756';
const DOC_OWNER_ID = '5647382';

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource?: string | string[];
  Principal?: { Federated?: unknown };
  Condition?: Record<string, Record<string, string | string[]>>;
}
interface TrustPolicy {
  Version: string;
  Statement: Statement[];
}
type PermissionPolicy = TrustPolicy;

const list = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];

/** The trust conditions as `operator variable` → sorted values, for comparing the three forms. */
function conditions(policy: TrustPolicy): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const s of policy.Statement) {
    for (const [op, vars] of Object.entries(s.Condition ?? {})) {
      for (const [name, v] of Object.entries(vars)) out[`${op} ${name}`] = [...list(v)].sort();
    }
  }
  return out;
}

/** The page's placeholders as the test fills them. */
const filled = (text: string) =>
  text
    .replaceAll('my-org/my-repo', TEST_REPO)
    .replaceAll(DOC_REPO_ID, TEST_REPO_ID)
    .replaceAll(DOC_OWNER_ID, TEST_OWNER_ID);

function sh(script: string, env: Record<string, string>, cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'bash',
      ['-c', `set -euo pipefail\n${script}`],
      { env, cwd, timeout: 120_000 },
      (e, stdout, stderr) =>
        e ? reject(new Error(`${e.message}\n${stdout}\n${stderr}`)) : resolve(stdout),
    );
  });
}

describe('docs/aws-setup.md: the JSON policies and the Terraform, by their shape', () => {
  it('finds the CLI commands, the template and the Terraform', () => {
    expect(CLI_SCRIPT).toContain('aws iam create-open-id-connect-provider');
    expect(CFN_TEMPLATE).toContain('AWS::IAM::Role');
    expect(TERRAFORM).toContain('resource "aws_iam_role"');
  });

  it('every JSON document in the documentation parses as an IAM policy', () => {
    const all = allDocBlocks();
    const docs = [
      ...all.filter((b) => b.lang === 'json').map((b) => b.body),
      ...all.filter((b) => b.lang === 'sh').flatMap((b) => [...heredocs(b.body).values()]),
    ];
    expect(docs.length).toBeGreaterThanOrEqual(2);
    for (const text of docs) {
      const p = JSON.parse(text) as TrustPolicy;
      expect(p.Version).toBe('2012-10-17');
      expect(p.Statement.length).toBeGreaterThan(0);
      for (const s of p.Statement) {
        expect(['Allow', 'Deny']).toContain(s.Effect);
        for (const a of list(s.Action)) expect(a).toMatch(/^[a-z0-9-]+:[A-Za-z*]+$/);
        // A trust policy names who; a permissions policy names on what.
        expect(s.Principal !== undefined || s.Resource !== undefined).toBe(true);
      }
    }
  });

  it('the recommended trust policy lets in the main branch and the production environment of one repository, pinned by ID, for STS only', () => {
    const [s] = TRUST.Statement;
    expect(TRUST.Statement).toHaveLength(1);
    expect(s?.Action).toBe('sts:AssumeRoleWithWebIdentity');
    expect(s?.Principal?.Federated).toBe(
      `arn:aws:iam::${ACCOUNT_ID}:oidc-provider/token.actions.githubusercontent.com`,
    );
    expect(conditions(TRUST)).toEqual({
      'StringEquals token.actions.githubusercontent.com:aud': ['sts.amazonaws.com'],
      'StringEquals token.actions.githubusercontent.com:sub': [
        'repo:my-org/my-repo:environment:production',
        'repo:my-org/my-repo:ref:refs/heads/main',
      ],
      'StringEquals token.actions.githubusercontent.com:repository_id': [DOC_REPO_ID],
      'StringEquals token.actions.githubusercontent.com:repository_owner_id': [DOC_OWNER_ID],
    });
  });

  it('every subject on the page is one of the forms GitHub issues, for the one repository', () => {
    const subjects = [...SETUP.matchAll(/repo:[^\s`"',\]]+/g)].map((m) => m[0]);
    expect(subjects.length).toBeGreaterThanOrEqual(10);
    const repo = `my-org(?:@${DOC_OWNER_ID})?/my-repo(?:@${DOC_REPO_ID})?`;
    const kind = '(?:ref:refs/(?:heads|tags)/[\\w.*/-]+|environment:[\\w-]+|pull_request|\\*|…)';
    // The immutable form names both IDs or neither; the CloudFormation template writes ${Repository}.
    const form = new RegExp(`^repo:(?:${repo}|\\$\\{Repository\\}):${kind}$`);
    for (const s of subjects) {
      expect({ s, ok: form.test(s) && /@/.test(s) === /@.*@/.test(s) }).toEqual({ s, ok: true });
    }
    // Each kind of job has its policy: branch, tag, environment, pull request, immutable form.
    for (const needed of [
      'repo:my-org/my-repo:ref:refs/heads/main',
      'repo:my-org/my-repo:ref:refs/tags/v*',
      'repo:my-org/my-repo:environment:production',
      'repo:my-org/my-repo:pull_request',
      `repo:my-org@${DOC_OWNER_ID}/my-repo@${DOC_REPO_ID}:ref:refs/heads/main`,
    ]) {
      expect(subjects).toContain(needed);
    }
    // How to find the IDs, in the order the page names them.
    expect(SETUP).toContain("gh api repos/my-org/my-repo --jq '.id, .owner.id'");
  });

  it('the permissions policy allows s3:PutObject on the one key the job writes, nothing else', () => {
    expect(PERMISSIONS.Statement).toEqual([
      {
        Effect: 'Allow',
        Action: 's3:PutObject',
        Resource: 'arn:aws:s3:::my-bucket/copied-file.txt',
      },
    ]);
    // The job it is for is the one the README opens with.
    expect(README).toContain('run: aws s3 cp test.txt s3://my-bucket/copied-file.txt');
  });

  it('the Terraform declares the same provider, role, trust conditions and permissions', () => {
    const resources = [...TERRAFORM.matchAll(/^(resource|data) "(\w+)" "(\w+)"/gm)].map(
      (m) => `${m[1]} ${m[2]}`,
    );
    expect(resources.sort()).toEqual([
      'data aws_iam_policy_document',
      'resource aws_iam_openid_connect_provider',
      'resource aws_iam_role',
      'resource aws_iam_role_policy',
    ]);
    expect(TERRAFORM).toMatch(/^\s*url\s+= "https:\/\/token\.actions\.githubusercontent\.com"$/m);
    expect(TERRAFORM).toMatch(/^\s*client_id_list = \["sts\.amazonaws\.com"\]$/m);
    expect(TERRAFORM).toMatch(/^\s*actions = \["sts:AssumeRoleWithWebIdentity"\]$/m);
    expect(TERRAFORM).toMatch(/identifiers = \[aws_iam_openid_connect_provider\.github\.arn\]/);
    expect(TERRAFORM).toMatch(/assume_role_policy\s+= data\.aws_iam_policy_document\.\w+\.json/);
    const tf: Record<string, string[]> = {};
    for (const m of TERRAFORM.matchAll(
      /condition \{\s*test\s*= "(\w+)"\s*variable = "([^"]+)"\s*values\s*= \[([^\]]*)\]/g,
    )) {
      const values = [...(m[3] ?? '').matchAll(/"([^"]*)"/g)].map((v) => v[1] ?? '');
      tf[`${m[1]} ${m[2]}`] = values.sort();
    }
    expect(tf).toEqual(conditions(TRUST));
    const name = /resource "aws_iam_role" "\w+" \{\s*name\s*= "([^"]+)"/.exec(TERRAFORM)?.[1];
    expect(name).toBe(/--role-name (\S+)/.exec(CLI_SCRIPT)?.[1]);
    expect(TERRAFORM).toMatch(/max_session_duration = 3600/);
    const [statement] = PERMISSIONS.Statement;
    expect(TERRAFORM).toContain(`Action   = "${String(statement?.Action)}"`);
    expect(TERRAFORM).toContain(`Resource = "${String(statement?.Resource)}"`);
  });
});

withTools('docs/aws-setup.md, run on moto', () => {
  let moto: Moto;
  let oidc: OidcServer;
  let proxy: AwsProxy;
  let dir: string;

  beforeAll(async () => {
    [moto, oidc] = await Promise.all([startMoto(), startOidcServer()]);
    proxy = await startAwsProxy(moto.url);
    dir = mkdtempSync(join(tmpdir(), 'esc-readme-setup-'));
  });

  /** The inline policy the README's forms all name: role gha-deploy, policy s3-upload. */
  const rolePolicy = () =>
    moto.aws(['iam', 'get-role-policy', '--role-name', 'gha-deploy', '--policy-name', 's3-upload']);

  it('every trust policy on the page creates a role that keeps it as written', async () => {
    await moto.reset();
    const policies = [
      ...blocks(SETUP, 'json'),
      ...blocks(SETUP, 'sh').flatMap((b) => [...heredocs(b).values()]),
    ]
      .map((text) => JSON.parse(filled(text)) as TrustPolicy)
      .filter((p) => p.Statement.some((s) => s.Action === 'sts:AssumeRoleWithWebIdentity'));
    expect(policies.length).toBeGreaterThanOrEqual(3);
    let n = 0;
    for (const policy of policies) {
      const name = `docs-trust-${++n}`;
      await moto.aws([
        'iam',
        'create-role',
        '--role-name',
        name,
        '--assume-role-policy-document',
        JSON.stringify(policy),
      ]);
      const role = await moto.aws(['iam', 'get-role', '--role-name', name]);
      expect(role.Role.AssumeRolePolicyDocument).toEqual(policy);
      // Every condition names a key of GitHub's provider, and pins the repository by ID.
      const keys = Object.keys(conditions(policy)).map((k) => k.split(' ')[1]);
      for (const k of keys) expect(k).toMatch(/^token\.actions\.githubusercontent\.com:[a-z_]+$/);
      expect(keys).toEqual(
        expect.arrayContaining([
          'token.actions.githubusercontent.com:aud',
          'token.actions.githubusercontent.com:sub',
          'token.actions.githubusercontent.com:repository_id',
          'token.actions.githubusercontent.com:repository_owner_id',
        ]),
      );
    }
  });

  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await Promise.all([proxy?.stop(), oidc?.stop(), moto?.stop()]);
  });

  it('the AWS CLI commands create the provider, the role and its policy', async () => {
    await sh(filled(CLI_SCRIPT), moto.env, dir);
    const providers = await moto.aws(['iam', 'list-open-id-connect-providers']);
    const arn = `arn:aws:iam::${ACCOUNT_ID}:oidc-provider/token.actions.githubusercontent.com`;
    expect(providers.OpenIDConnectProviderList).toEqual([{ Arn: arn }]);
    const provider = await moto.aws([
      'iam',
      'get-open-id-connect-provider',
      '--open-id-connect-provider-arn',
      arn,
    ]);
    expect(provider.ClientIDList).toEqual(['sts.amazonaws.com']);
    expect(provider.Url).toBe('token.actions.githubusercontent.com');
    const role = await moto.aws(['iam', 'get-role', '--role-name', 'gha-deploy']);
    expect(role.Role.MaxSessionDuration).toBe(3600);
    expect(role.Role.AssumeRolePolicyDocument).toEqual(JSON.parse(filled(JSON.stringify(TRUST))));
    const policy = await rolePolicy();
    expect(policy.PolicyDocument).toEqual(PERMISSIONS);
  });

  it("that role runs the README's `aws s3 cp` job through dist/index.js, within its policy", async () => {
    await moto.createBucket('my-bucket');
    const job = new Job({
      '.esc/aws-dev.yaml': readFileSync(join(REPO_ROOT, '.esc', 'aws-dev.yaml'), 'utf8'),
      'test.txt': 'hello from the README\n',
    });
    try {
      proxy.reset();
      const run = /run: (aws s3 cp test\.txt \S+)/.exec(README)?.[1] ?? 'missing';
      const r = await job.step(
        { environment: 'aws-dev', 'export-variables': 'false', run },
        { env: { ...oidc.env, ...stepAwsEnv(proxy.url) } },
      );
      expectExit(r, 'zero');
      expectMasked(r, oidc.tokens);
      const assumed = proxy.callsTo('AssumeRoleWithWebIdentity');
      expect(assumed.map((c) => c.params.RoleArn)).toEqual([
        `arn:aws:iam::${ACCOUNT_ID}:role/gha-deploy`,
      ]);
      // Every S3 call the job made is one the README's policy allows, on a resource it names.
      const s3 = proxy.calls.filter((c) => c.service === 's3');
      expect(s3.length).toBeGreaterThan(0);
      for (const c of s3) {
        const resource = `arn:aws:s3:::${decodeURIComponent(c.path.split('?')[0] ?? '').slice(1)}`;
        const allowed = PERMISSIONS.Statement.some(
          (s) =>
            s.Effect === 'Allow' &&
            list(s.Action).includes(`s3:${c.action}`) &&
            list(s.Resource).includes(resource),
        );
        expect({ call: `${c.action} ${resource}`, allowed }).toEqual({
          call: `${c.action} ${resource}`,
          allowed: true,
        });
      }
      const listed = await moto.aws(['s3api', 'list-objects-v2', '--bucket', 'my-bucket']);
      expect((listed.Contents as { Key: string }[]).map((o) => o.Key)).toEqual(['copied-file.txt']);
    } finally {
      job.cleanup();
    }
  });

  it('the CloudFormation template deploys the same role, trust conditions and policy', async () => {
    await moto.reset();
    const file = join(dir, 'gha-deploy.yaml');
    writeFileSync(file, CFN_TEMPLATE);
    await moto.aws([
      'cloudformation',
      'create-stack',
      '--stack-name',
      'gha-deploy',
      '--template-body',
      `file://${file}`,
      '--capabilities',
      'CAPABILITY_NAMED_IAM',
      '--parameters',
      `ParameterKey=Repository,ParameterValue=${TEST_REPO}`,
      `ParameterKey=RepositoryId,ParameterValue=${TEST_REPO_ID}`,
      `ParameterKey=OwnerId,ParameterValue=${TEST_OWNER_ID}`,
    ]);
    const stack = (
      await moto.aws(['cloudformation', 'describe-stacks', '--stack-name', 'gha-deploy'])
    ).Stacks[0];
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
    const roleArn = `arn:aws:iam::${ACCOUNT_ID}:role/gha-deploy`;
    expect(stack.Outputs).toEqual([{ OutputKey: 'RoleArn', OutputValue: roleArn }]);
    const role = (await moto.aws(['iam', 'get-role', '--role-name', 'gha-deploy'])).Role;
    expect(role.MaxSessionDuration).toBe(3600);
    const trust = role.AssumeRolePolicyDocument as TrustPolicy;
    expect(conditions(trust)).toEqual(conditions(JSON.parse(filled(JSON.stringify(TRUST)))));
    expect(trust.Statement.map((s) => s.Action)).toEqual(['sts:AssumeRoleWithWebIdentity']);
    const policy = await rolePolicy();
    // moto 5 answers a template's inline policy as the text of a Python dict: read it as JSON.
    const doc: unknown = policy.PolicyDocument;
    expect(
      typeof doc === 'string'
        ? JSON.parse(doc.replaceAll("'", '"').replaceAll('True', 'true'))
        : doc,
    ).toEqual(PERMISSIONS);

    // The provider resource, by its shape (and by moto when a moto version makes it).
    const tags: Tags = ['!Ref', '!Sub', '!GetAtt'].map((tag) => ({
      tag,
      resolve: (value: string) => ({ [tag]: value }),
    }));
    const t = parse(CFN_TEMPLATE, { customTags: tags }) as {
      Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
    };
    const oidcResources = Object.entries(t.Resources).filter(
      ([, r]) => r.Type === 'AWS::IAM::OIDCProvider',
    );
    expect(oidcResources).toHaveLength(1);
    const [name, resource] = oidcResources[0] ?? ['', { Properties: {} }];
    expect(resource.Properties).toEqual({
      Url: 'https://token.actions.githubusercontent.com',
      ClientIdList: ['sts.amazonaws.com'],
    });
    const federated = Object.values(t.Resources)
      .filter((r) => r.Type === 'AWS::IAM::Role')
      .map((r) => (r.Properties.AssumeRolePolicyDocument as TrustPolicy).Statement[0]?.Principal);
    expect(federated).toEqual([{ Federated: { '!Ref': name } }]);
    const made = (await moto.aws(['iam', 'list-open-id-connect-providers']))
      .OpenIDConnectProviderList as { Arn: string }[];
    if (made.length > 0) {
      expect(made.map((p) => p.Arn)).toEqual([
        `arn:aws:iam::${ACCOUNT_ID}:oidc-provider/token.actions.githubusercontent.com`,
      ]);
      expect(trust.Statement[0]?.Principal).toEqual({ Federated: made[0]?.Arn });
    }
  });

  it("the GHES provider command makes the provider the section's trust policy names", async () => {
    const ghes = docSection(
      readDoc('docs/self-hosted-and-proxies.md'),
      'Self-hosted runners and GitHub Enterprise Server',
    );
    const [command = ''] = blocks(ghes, 'sh');
    await moto.reset();
    await sh(command, moto.env, dir);
    const providers = (await moto.aws(['iam', 'list-open-id-connect-providers']))
      .OpenIDConnectProviderList as { Arn: string }[];
    const federated = /"Federated": "([^"]+)"/.exec(ghes)?.[1];
    expect(providers.map((p) => p.Arn)).toEqual([federated]);
    const host = /oidc-provider\/(\S+)$/.exec(federated ?? '')?.[1];
    expect(ghes).toContain(`\`${host}:aud\``);
    expect(ghes).toContain(`\`${host}:sub\``);
  });
});
