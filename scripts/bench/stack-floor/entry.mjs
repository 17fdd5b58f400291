// The stack floor's program: the least a full run can do with the libraries esc-action is built on.
// It asks the runner for the OIDC token (node:http, started first, as the action does), reads
// .esc/$INPUT_ENVIRONMENT.yaml with `yaml`, calls AssumeRoleWithWebIdentity through
// @aws-sdk/client-sts, then masks and exports the three credentials with @actions/core. Nothing
// else: no evaluator, no checks, no summary, no outputs. Bundled by ./build.mjs.
import { request } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const env = process.env;

/** GETs `url` with the runner's bearer token; the body as text. */
function getToken(url) {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { headers: { Authorization: `Bearer ${env.ACTIONS_ID_TOKEN_REQUEST_TOKEN}` } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () =>
          res.statusCode === 200 ? resolve(body) : reject(new Error(`token: ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const token = getToken(`${env.ACTIONS_ID_TOKEN_REQUEST_URL}&audience=sts.amazonaws.com`);
token.catch(() => {}); // awaited below; never an unhandled rejection meanwhile
const stsModule = import('@aws-sdk/client-sts');
const [core, YAML] = await Promise.all([import('@actions/core'), import('yaml')]);

const file = join(env.GITHUB_WORKSPACE ?? '.', '.esc', `${env.INPUT_ENVIRONMENT}.yaml`);
const oidc = YAML.parse(readFileSync(file, 'utf8')).values.aws.login['fn::open::aws-login'].oidc;
const sessionName = String(oidc.sessionName ?? 'stack-floor').replace(
  '${context.github.run_id}',
  env.GITHUB_RUN_ID ?? '0',
);

const { STSClient, AssumeRoleWithWebIdentityCommand } = await stsModule;
// AssumeRoleWithWebIdentity is unsigned; the client still wants credentials to exist.
const sts = new STSClient({
  region: env.AWS_REGION ?? 'us-east-1',
  credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' },
});
const { Credentials: c } = await sts.send(
  new AssumeRoleWithWebIdentityCommand({
    RoleArn: oidc.roleArn,
    RoleSessionName: sessionName,
    WebIdentityToken: JSON.parse(await token).value,
    DurationSeconds: 3600,
  }),
);
if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) throw new Error('no credentials');
for (const secret of [c.AccessKeyId, c.SecretAccessKey, c.SessionToken]) core.setSecret(secret);
core.exportVariable('AWS_ACCESS_KEY_ID', c.AccessKeyId);
core.exportVariable('AWS_SECRET_ACCESS_KEY', c.SecretAccessKey);
core.exportVariable('AWS_SESSION_TOKEN', c.SessionToken);
