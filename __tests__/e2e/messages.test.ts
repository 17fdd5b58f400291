// Messages people can act on, seen as the runner sees them: the bundled action's annotation
// lines (`::error file=…,line=…,col=…::…`) and the bundled CLI's `file:line:col:` lines, for YAML
// syntax errors, value keys written at the top level, AWS answers that are a proxy's page, and
// ranges over several lines (no column, as @actions/core requires).
import { jest } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ACTION_NODE,
  resolveEntry,
  startOidcServer,
  type OidcServer,
} from '../../scripts/stack/index.mjs';
import { Job, expectExit } from './action-support.js';

jest.setTimeout(120_000);

const FILES: Record<string, string> = {
  'flow.yaml': 'values:\n  environmentVariables:\n    A: [1, 2\n',
  'quote.yaml': 'values:\n  environmentVariables:\n    A: "never closed\n    B: 1\n',
  'tab.yaml': 'values:\n\tenvironmentVariables: {A: 1}\n',
  'colon.yaml': 'values:\n  environmentVariables:\n    A: b: c\n',
  'escape.yaml': 'values:\n  environmentVariables:\n    A: "C:\\Users\\me"\n',
  'top.yaml': 'values:\n  region: us-east-1\nenvironmentVariables:\n  AWS_REGION: ${region}\n',
  'top-files.yaml': 'values:\n  a: 1\nFiles:\n  KUBECONFIG: x\n',
  'value.yaml': 'value:\n  environmentVariables:\n    A: 1\n',
  'multi.yaml': 'values:\n  x:\n    fn::toBase64:\n      a: 1\n      b: 2\n',
  'owner.yaml': 'owner: team-a\nvalues:\n  environmentVariables:\n    A: b\n',
};

/** [environment, the annotation line the runner reads, the CLI's stderr line]. */
const EXPECTED: [string, string, string][] = [
  [
    'flow',
    '::error title=esc-action,file=.esc/flow.yaml,line=3,endLine=3,col=8,endColumn=8::yaml: this [ is never closed: add the closing ] (lines inside it must also be indented more than its key)',
    '.esc/flow.yaml:3:8: error: yaml: this [ is never closed: add the closing ] (lines inside it must also be indented more than its key)',
  ],
  [
    'quote',
    '::error title=esc-action,file=.esc/quote.yaml,line=3,endLine=3,col=8,endColumn=8::yaml: this "-quoted string is never closed: add the closing "',
    '.esc/quote.yaml:3:8: error: yaml: this "-quoted string is never closed: add the closing "',
  ],
  [
    'tab',
    '::error title=esc-action,file=.esc/tab.yaml,line=2,endLine=2,col=1,endColumn=1::yaml: tabs are not allowed as indentation: indent with spaces',
    '.esc/tab.yaml:2:1: error: yaml: tabs are not allowed as indentation: indent with spaces',
  ],
  [
    'colon',
    '::error title=esc-action,file=.esc/colon.yaml,line=3,endLine=3,col=9,endColumn=9::yaml: mapping values are not allowed in this context: this ":" is inside a plain value; quote the value, or put this key on its own line indented like its siblings',
    '.esc/colon.yaml:3:9: error: yaml: mapping values are not allowed in this context: this ":" is inside a plain value; quote the value, or put this key on its own line indented like its siblings',
  ],
  [
    'escape',
    '::error title=esc-action,file=.esc/escape.yaml,line=3,endLine=3,col=11,endColumn=11::yaml: invalid escape sequence \\U in a double-quoted string: write \\\\ for a backslash, or use single quotes',
    '.esc/escape.yaml:3:11: error: yaml: invalid escape sequence \\U in a double-quoted string: write \\\\ for a backslash, or use single quotes',
  ],
  [
    'top',
    '::error title=esc-action,file=.esc/top.yaml,line=3,endLine=3,col=1,endColumn=21::\'environmentVariables\' is not a top-level key: move it under values: (indented below "values:"); at the top level it is ignored',
    '.esc/top.yaml:3:1: error: \'environmentVariables\' is not a top-level key: move it under values: (indented below "values:"); at the top level it is ignored',
  ],
  [
    'top-files',
    "::error title=esc-action,file=.esc/top-files.yaml,line=3,endLine=3,col=1,endColumn=6::'Files' is not a top-level key (did you mean 'files'?): move it under values: as 'files' (indented below \"values:\"); at the top level it is ignored",
    ".esc/top-files.yaml:3:1: error: 'Files' is not a top-level key (did you mean 'files'?): move it under values: as 'files' (indented below \"values:\"); at the top level it is ignored",
  ],
  [
    'value',
    "::error title=esc-action,file=.esc/value.yaml,line=1,endLine=1,col=1,endColumn=6::'value' is not a top-level key (did you mean 'values'?): everything under 'value' is ignored",
    ".esc/value.yaml:1:1: error: 'value' is not a top-level key (did you mean 'values'?): everything under 'value' is ignored",
  ],
];

describe('messages: the bundled action and CLI', () => {
  const job = new Job(
    Object.fromEntries(Object.entries(FILES).map(([name, text]) => [`.esc/${name}`, text])),
  );
  afterAll(() => job.cleanup());

  const cli = (args: string[]) => {
    const r = spawnSync(ACTION_NODE, [resolveEntry('dist/cli/index.js'), ...args], {
      cwd: job.workspace,
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      encoding: 'utf8',
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const annotations = (stdout: string) =>
    stdout.split(/\r?\n/).filter((l) => /^::(error|warning)[ :]/.test(l) && l.includes('file='));

  it.each(EXPECTED)('%s: the annotation and the CLI line', async (env, annotation, cliLine) => {
    const r = await job.step({ environment: env, 'check-only': 'true' });
    expectExit(r, 'non-zero');
    expect(annotations(r.stdout)).toEqual([annotation]);
    expect(r.githubEnv).toEqual({});
    const c = cli(['check', env]);
    expect(c.code).toBe(1);
    expect(c.stderr.split('\n').filter(Boolean)).toEqual([cliLine]);
  });

  it('a range over several lines is annotated without columns', async () => {
    const r = await job.step({ environment: 'multi', 'check-only': 'true' });
    expectExit(r, 'non-zero');
    const [a, ...rest] = annotations(r.stdout);
    expect(rest).toEqual([]);
    expect(a).toMatch(/^::error title=esc-action,file=\.esc\/multi\.yaml,line=4,endLine=5::/);
    expect(a).not.toMatch(/col=|endColumn=/);
  });

  it('another unknown top-level key keeps the upstream warning, and the step passes', async () => {
    const r = await job.step({ environment: 'owner' });
    expectExit(r, 'zero');
    expect(annotations(r.stdout)).toEqual([
      "::warning title=esc-action,file=.esc/owner.yaml,line=1,endLine=1,col=1,endColumn=6::Field 'owner' does not exist on Object 'environment'. Existing fields are: values, imports, description",
    ]);
    expect(r.githubEnv).toEqual({ A: 'b' });
  });
});

describe('messages: AWS answers that are not AWS responses', () => {
  let proxy: Server;
  let proxyUrl: string;
  let oidc: OidcServer;
  const NGINX =
    '<html>\r\n<head><title>403 Forbidden</title></head>\r\n<body>\r\n<center><h1>403 Forbidden</h1></center>\r\n' +
    '<hr><center>corporate-proxy</center>\r\n</body>\r\n</html>\r\n';
  const job = new Job({
    '.esc/secrets.yaml': [
      'values:',
      '  creds:',
      '    fn::open::aws-login:',
      '      static: {accessKeyId: AKIAEXAMPLE, secretAccessKey: example-secret-key}',
      '  app:',
      '    fn::open::aws-secrets:',
      '      region: us-east-1',
      '      login: ${creds}',
      '      get:',
      '        db: {secretId: app/db}',
      '  environmentVariables:',
      '    DB: ${app.db}',
      '',
    ].join('\n'),
    '.esc/login.yaml': [
      'values:',
      '  aws:',
      '    fn::open::aws-login:',
      '      oidc: {roleArn: "arn:aws:iam::123456789012:role/deploy"}',
      '  environmentVariables:',
      '    AWS_ACCESS_KEY_ID: ${aws.accessKeyId}',
      '',
    ].join('\n'),
  });

  beforeAll(async () => {
    proxy = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(403, { 'content-type': 'text/html' });
        res.end(NGINX);
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    oidc = await startOidcServer();
  });
  afterAll(async () => {
    job.cleanup();
    proxy.closeAllConnections();
    await new Promise((resolve) => proxy.close(resolve));
    await oidc.stop();
  });

  const errorsOf = (stdout: string) => stdout.split(/\r?\n/).filter((l) => l.startsWith('::error'));

  it.each([
    ['secrets', 'Secrets Manager'],
    ['login', 'assume role'],
  ])('%s: the status and an excerpt of the page, not "Unknown"', async (env, what) => {
    const r = await job.step(
      { environment: env },
      { env: { ...oidc.env, AWS_ENDPOINT_URL: proxyUrl, AWS_REGION: 'us-east-1' } },
    );
    expectExit(r, 'non-zero');
    const errors = errorsOf(r.stdout);
    const text = `${proxyUrl} answered HTTP 403 (text/html), not an AWS response: "403 Forbidden 403 Forbidden corporate-proxy"`;
    const line = errors.find((l) => l.includes(text));
    if (!line) throw new Error(`no error line with ${text}:\n${r.stdout}`);
    expect(line).toContain(what);
    expect(r.stdout + r.stderr).not.toMatch(/Unknown|Deserialization|parse error|<center>/);
    expect(r.githubEnv).toEqual({});
  });
});
