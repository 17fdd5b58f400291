// moto_server on a free loopback port, plus helpers to drive it with the real aws CLI.
/* global fetch */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { freePort, spawnGroup, stopGroup, tail } from './proc.mjs';

/** moto's default account id. */
export const ACCOUNT_ID = '123456789012';
export const REGION = 'us-east-1';

/** Trust policy GitHub's docs give for OIDC roles (moto stores it; it does not enforce it). */
export function githubTrustPolicy(repo = 'octo-org/octo-repo', audience = 'sts.amazonaws.com') {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: {
          Federated: `arn:aws:iam::${ACCOUNT_ID}:oidc-provider/token.actions.githubusercontent.com`,
        },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: { 'token.actions.githubusercontent.com:aud': audience },
          StringLike: { 'token.actions.githubusercontent.com:sub': `repo:${repo}:*` },
        },
      },
    ],
  };
}

/**
 * The environment for the aws CLI and the AWS SDK against `url`: dummy keys, us-east-1, no
 * profile/config files, no instance metadata. Inherits PATH/HOME etc. but drops every other AWS_*.
 * @param {string} url
 * @param {Record<string, string | undefined>} [extra]
 * @returns {Record<string, string>}
 */
export function awsEnv(url, extra = {}) {
  /** @type {Record<string, string>} */
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || k.startsWith('AWS_') || k === 'NODE_OPTIONS') continue;
    env[k] = v;
  }
  const none = join(tmpdir(), 'esc-action-stack-no-such-aws-file');
  Object.assign(env, {
    AWS_ENDPOINT_URL: url,
    AWS_REGION: REGION,
    AWS_DEFAULT_REGION: REGION,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: none,
    AWS_SHARED_CREDENTIALS_FILE: none,
    AWS_PAGER: '',
  });
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/**
 * Runs the aws CLI (`--output json`); returns parsed JSON, or the raw stdout when it is not JSON
 * (or '' when empty). Throws with the exit code and stderr on failure.
 * @param {string[]} args
 * @param {Record<string, string>} env
 * @param {{ timeoutMs?: number, cwd?: string }} [options]
 * @returns {Promise<any>}
 */
export function aws(args, env, options = {}) {
  return new Promise((resolve, reject) => {
    execFile(
      'aws',
      [...args, '--output', 'json'],
      { env, cwd: options.cwd, timeout: options.timeoutMs ?? 60_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          const code = /** @type {any} */ (error).code;
          const shown = args
            .map((a) => (a.length > 60 ? `${a.slice(0, 20)}…(${a.length} chars)` : a))
            .join(' ');
          reject(
            new Error(`aws ${shown} failed (exit ${code}): ${stderr.trim() || error.message}`, {
              cause: error,
            }),
          );
          return;
        }
        const text = stdout.trim();
        if (text === '') return resolve('');
        try {
          resolve(JSON.parse(text));
        } catch {
          resolve(stdout);
        }
      },
    );
  });
}

/**
 * Creates an IAM role that trusts GitHub's OIDC provider.
 * @param {string} name
 * @param {{ env: Record<string, string>, maxSessionDuration?: number, repo?: string, audience?: string }} options
 * @returns {Promise<{ arn: string, name: string }>}
 */
export async function createRole(name, options) {
  const args = [
    'iam',
    'create-role',
    '--role-name',
    name,
    '--assume-role-policy-document',
    JSON.stringify(githubTrustPolicy(options.repo, options.audience)),
  ];
  if (options.maxSessionDuration !== undefined) {
    args.push('--max-session-duration', String(options.maxSessionDuration));
  }
  const out = await aws(args, options.env);
  return { arn: out.Role.Arn, name };
}

/**
 * Creates an S3 bucket.
 * @param {string} name
 * @param {{ env: Record<string, string> }} options
 * @returns {Promise<string>}
 */
export async function createBucket(name, options) {
  await aws(['s3api', 'create-bucket', '--bucket', name], options.env);
  return name;
}

/**
 * @typedef {object} Moto
 * @property {string} url  e.g. http://127.0.0.1:41234
 * @property {number} port
 * @property {Record<string, string>} env  awsEnv(url)
 * @property {(args: string[], extra?: Record<string, string | undefined>) => Promise<any>} aws
 * @property {(name: string, options?: { maxSessionDuration?: number, repo?: string, audience?: string }) => Promise<{ arn: string, name: string }>} createRole
 * @property {(name: string) => Promise<string>} createBucket
 * @property {() => Promise<void>} reset  forget all state (POST /moto-api/reset)
 * @property {() => string} logs  the server's recent stderr/stdout
 * @property {() => Promise<void>} stop
 */

/**
 * Starts moto_server on a free loopback port and waits until it answers.
 * @param {{ timeoutMs?: number }} [options]
 * @returns {Promise<Moto>}
 */
export async function startMoto(options = {}) {
  const timeoutMs = options.timeoutMs ?? 30_000;
  let lastError;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce(await freePort(), timeoutMs);
    } catch (error) {
      lastError = error;
      if (!/address already in use/i.test(String(error))) throw error;
    }
  }
  throw lastError;
}

/**
 * @param {number} port
 * @param {number} timeoutMs
 * @returns {Promise<Moto>}
 */
async function startOnce(port, timeoutMs) {
  const url = `http://127.0.0.1:${port}`;
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const child = spawnGroup('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { env });
  const err = tail(child.stderr);
  const out = tail(child.stdout);
  /** @type {Error | undefined} */
  let spawnError;
  child.on('error', (e) => (spawnError = e));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (spawnError) throw new Error(`could not start moto_server: ${spawnError.message}`);
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `moto_server exited (${child.exitCode ?? child.signalCode}) before answering on ${url}:\n${err.text()}${out.text()}`,
      );
    }
    try {
      const res = await fetch(`${url}/moto-api/`, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      await stopGroup(child);
      throw new Error(
        `moto_server did not answer on ${url} within ${timeoutMs} ms:\n${err.text()}${out.text()}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const baseEnv = awsEnv(url);
  return {
    url,
    port,
    env: baseEnv,
    aws: (args, extra) => aws(args, extra ? awsEnv(url, extra) : baseEnv),
    createRole: (name, opts = {}) => createRole(name, { ...opts, env: baseEnv }),
    createBucket: (name) => createBucket(name, { env: baseEnv }),
    reset: async () => {
      const res = await fetch(`${url}/moto-api/reset`, { method: 'POST' });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`moto reset failed: HTTP ${res.status}`);
    },
    logs: () => err.text() + out.text(),
    stop: () => stopGroup(child),
  };
}

/**
 * What a job's `env:` would hold to point a step at `endpointUrl`: the endpoint, and isolation from
 * this machine's AWS config (no files, no instance metadata). No credentials and no region: the
 * step must get those from the environment it opens.
 * @param {string} endpointUrl
 * @returns {Record<string, string>}
 */
export function stepAwsEnv(endpointUrl) {
  const none = join(tmpdir(), 'esc-action-stack-no-such-aws-file');
  return {
    AWS_ENDPOINT_URL: endpointUrl,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: none,
    AWS_SHARED_CREDENTIALS_FILE: none,
  };
}
