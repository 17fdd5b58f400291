// The floor: the least any action could do for an OIDC login. The two requests esc-action makes
// (the runner's OIDC token, then STS AssumeRoleWithWebIdentity, unsigned) with node:http and
// nothing else: no inputs, no masking, no parsing beyond finding the keys, no export.
// Reads ACTIONS_ID_TOKEN_REQUEST_URL/_TOKEN, AWS_ENDPOINT_URL and BENCH_ROLE_ARN.
import { request } from 'node:http';

const call = (url, options, body) =>
  new Promise((resolve, reject) => {
    const req = request(url, options, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () =>
        res.statusCode === 200 ? resolve(text) : reject(new Error(`${res.statusCode}: ${text}`)),
      );
    });
    req.on('error', reject);
    req.end(body);
  });

const env = process.env;
const tokenUrl = `${env.ACTIONS_ID_TOKEN_REQUEST_URL}&audience=sts.amazonaws.com`;
const { value: token } = JSON.parse(
  await call(tokenUrl, {
    headers: { Authorization: `Bearer ${env.ACTIONS_ID_TOKEN_REQUEST_TOKEN}` },
  }),
);
const form = new URLSearchParams({
  Action: 'AssumeRoleWithWebIdentity',
  Version: '2011-06-15',
  RoleArn: env.BENCH_ROLE_ARN ?? '',
  RoleSessionName: 'floor',
  WebIdentityToken: token,
}).toString();
const xml = await call(
  env.AWS_ENDPOINT_URL ?? '',
  { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } },
  form,
);
if (!/<AccessKeyId>[^<]+<\/AccessKeyId>/.test(xml)) throw new Error('no credentials in the answer');
