// What the credential refresh e2e tests share: the programs that ask for credentials (the aws
// CLI, boto3, the JavaScript SDK), what the recording proxy saw STS issue and sign, and a later
// step of the job (a new process with the step's environment and what it wrote to GITHUB_ENV).
import { execFile } from 'node:child_process';
import type { AwsProxy, RunResult } from '../../scripts/stack/index.mjs';

export const BOTO3_ARN =
  'python3 -c \'import boto3; print(boto3.client("sts").get_caller_identity()["Arn"])\'';
export const CLI_ARN = 'aws sts get-caller-identity --query Arn --output text';
/** The AWS SDK for JavaScript v3 with its default credential chain (it runs the profile's process). */
export const JS_ARN =
  'node --input-type=module -e \'import { STSClient, GetCallerIdentityCommand } from "@aws-sdk/client-sts"; ' +
  "console.log((await new STSClient({}).send(new GetCallerIdentityCommand({}))).Arn)'";

export interface Issued {
  accessKeyId: string;
  secrets: string[];
}

/** The credentials in each recorded AssumeRoleWithWebIdentity answer, in order. */
export function issued(proxy: AwsProxy): Issued[] {
  return proxy.callsTo('AssumeRoleWithWebIdentity').flatMap((c) => {
    const body = c.responseBody ?? '';
    const get = (tag: string) => new RegExp(`<${tag}>([^<]+)<`).exec(body)?.[1];
    const id = get('AccessKeyId');
    if (id === undefined) return [];
    return [
      { accessKeyId: id, secrets: [id, get('SecretAccessKey') ?? '', get('SessionToken') ?? ''] },
    ];
  });
}

/** The access key id that signed each recorded call to `action`. */
export function signers(proxy: AwsProxy, action: string): string[] {
  return proxy
    .callsTo(action)
    .map((c) => /Credential=([^/]+)\//.exec(String(c.headers.authorization ?? ''))?.[1] ?? '');
}

export interface Done {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function exec(
  file: string,
  args: string[],
  env: Record<string, string | undefined>,
): Promise<Done> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { env: env as NodeJS.ProcessEnv, timeout: 60_000 },
      (err, stdout, stderr) =>
        resolve({
          code: err ? (typeof err.code === 'number' ? err.code : 1) : 0,
          stdout,
          stderr,
        }),
    );
  });
}

/**
 * The environment of a later `run` step of the same job: the step's environment (job `env:` and
 * runner variables), then what the step wrote to GITHUB_ENV, as the runner applies it.
 */
export function laterStepEnv(main: RunResult, extra: Record<string, string | undefined> = {}) {
  const env: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(main.env)) {
    if (!k.startsWith('INPUT_') && !k.startsWith('STATE_')) env[k] = v;
  }
  Object.assign(env, main.githubEnv, extra);
  for (const [k, v] of Object.entries(extra)) if (v === undefined) delete env[k];
  return env;
}

export function laterStep(
  main: RunResult,
  script: string,
  extra: Record<string, string | undefined> = {},
) {
  return exec('bash', ['-eo', 'pipefail', '-c', script], laterStepEnv(main, extra));
}
