// Generated from moto.mjs by gen-types.mjs; do not edit.
/* eslint-disable @typescript-eslint/no-explicit-any */
/** Trust policy GitHub's docs give for OIDC roles (moto stores it; it does not enforce it). */
export function githubTrustPolicy(
  repo?: string,
  audience?: string,
): {
  Version: string;
  Statement: {
    Effect: string;
    Principal: {
      Federated: string;
    };
    Action: string;
    Condition: {
      StringEquals: {
        'token.actions.githubusercontent.com:aud': string;
      };
      StringLike: {
        'token.actions.githubusercontent.com:sub': string;
      };
    };
  }[];
};
/**
 * The environment for the aws CLI and the AWS SDK against `url`: dummy keys, us-east-1, no
 * profile/config files, no instance metadata. Inherits PATH/HOME etc. but drops every other AWS_*.
 * @param {string} url
 * @param {Record<string, string | undefined>} [extra]
 * @returns {Record<string, string>}
 */
export function awsEnv(
  url: string,
  extra?: Record<string, string | undefined>,
): Record<string, string>;
/**
 * Runs the aws CLI (`--output json`); returns parsed JSON, or the raw stdout when it is not JSON
 * (or '' when empty). Throws with the exit code and stderr on failure.
 * @param {string[]} args
 * @param {Record<string, string>} env
 * @param {{ timeoutMs?: number, cwd?: string }} [options]
 * @returns {Promise<any>}
 */
export function aws(
  args: string[],
  env: Record<string, string>,
  options?: {
    timeoutMs?: number;
    cwd?: string;
  },
): Promise<any>;
/**
 * Creates an IAM role that trusts GitHub's OIDC provider.
 * @param {string} name
 * @param {{ env: Record<string, string>, maxSessionDuration?: number, repo?: string, audience?: string }} options
 * @returns {Promise<{ arn: string, name: string }>}
 */
export function createRole(
  name: string,
  options: {
    env: Record<string, string>;
    maxSessionDuration?: number;
    repo?: string;
    audience?: string;
  },
): Promise<{
  arn: string;
  name: string;
}>;
/**
 * Creates an S3 bucket.
 * @param {string} name
 * @param {{ env: Record<string, string> }} options
 * @returns {Promise<string>}
 */
export function createBucket(
  name: string,
  options: {
    env: Record<string, string>;
  },
): Promise<string>;
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
export function startMoto(options?: { timeoutMs?: number }): Promise<Moto>;
/**
 * What a job's `env:` would hold to point a step at `endpointUrl`: the endpoint, and isolation from
 * this machine's AWS config (no files, no instance metadata). No credentials and no region: the
 * step must get those from the environment it opens.
 * @param {string} endpointUrl
 * @returns {Record<string, string>}
 */
export function stepAwsEnv(endpointUrl: string): Record<string, string>;
/** moto's default account id. */
export const ACCOUNT_ID: '123456789012';
export const REGION: 'us-east-1';
export type Moto = {
  /**
   * e.g. http://127.0.0.1:41234
   */
  url: string;
  port: number;
  /**
   * awsEnv(url)
   */
  env: Record<string, string>;
  aws: (args: string[], extra?: Record<string, string | undefined>) => Promise<any>;
  createRole: (
    name: string,
    options?: {
      maxSessionDuration?: number;
      repo?: string;
      audience?: string;
    },
  ) => Promise<{
    arn: string;
    name: string;
  }>;
  createBucket: (name: string) => Promise<string>;
  /**
   * forget all state (POST /moto-api/reset)
   */
  reset: () => Promise<void>;
  /**
   * the server's recent stderr/stdout
   */
  logs: () => string;
  stop: () => Promise<void>;
};
