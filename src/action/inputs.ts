/**
 * Every action input, read once and validated here. Errors name the input and the allowed values.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseProxyUrl } from '../providers/proxy.js';
import { CommandError, shellTemplate } from './command.js';

export interface ActionInputs {
  environment: string;
  environmentsDir: string;
  run: string;
  shell: string;
  workingDirectory: string;
  exportVariables: boolean;
  /** Only these variable names are exported; undefined = all. */
  keys: string[] | undefined;
  audience: string;
  /** The `aws-region` input, checked against REGION_PATTERN; '' when unset. */
  awsRegion: string;
  /** The `allowed-account-ids` input: 12-digit account ids; undefined = no account guard. */
  allowedAccountIds: string[] | undefined;
  checkOnly: boolean;
  showSummary: boolean;
  /** Deadline for one request (token, each AWS call), in milliseconds. */
  requestTimeoutMs: number;
  /** Deadline for all provider opens together, in milliseconds. */
  timeoutMs: number;
  /** The proxy URL of every request (token, AWS), checked; '' = the proxy variables decide. */
  httpProxy: string;
  /** Credentials refresh through a credential_process profile. */
  refreshCredentials: boolean;
}

export class InputError extends Error {
  override name = 'InputError';
}

export type InputReader = (name: string) => string;

/** Reads `INPUT_<NAME>` as the runner sets it (upper case, spaces as `_`, hyphens kept). */
export function envInputReader(env: NodeJS.ProcessEnv): InputReader {
  return (name) => (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

const TRUE = new Set(['true', 'True', 'TRUE']);
const FALSE = new Set(['false', 'False', 'FALSE']);

/** YAML 1.2 core booleans only, as `core.getBooleanInput` accepts; anything else is an error. */
export function parseBoolean(name: string, raw: string, fallback: boolean): boolean {
  if (raw === '') return fallback;
  if (TRUE.has(raw)) return true;
  if (FALSE.has(raw)) return false;
  throw new InputError(`input "${name}" must be true or false, got "${raw}"`);
}

/** A duration in seconds (`30`, `2.5`) or with a unit (`500ms`, `10s`, `1m`). */
export function parseTimeout(name: string, raw: string, fallbackMs: number): number {
  if (raw === '') return fallbackMs;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(raw);
  if (m === null) {
    throw new InputError(
      `input "${name}" must be a duration such as 10s, 500ms or 1m, got "${raw}"`,
    );
  }
  const n = Number(m[1]);
  const ms = m[2] === 'ms' ? n : m[2] === 'm' ? n * 60_000 : n * 1000;
  if (!(ms >= 1 && ms <= 3_600_000)) {
    throw new InputError(`input "${name}" must be between 1ms and 1h, got "${raw}"`);
  }
  return Math.round(ms);
}

/** Commas, spaces or new lines between entries, in `keys` and `allowed-account-ids`. */
function splitList(raw: string): string[] {
  return raw.split(/[\s,]+/).filter((k) => k !== '');
}

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function parseKeys(raw: string): string[] | undefined {
  if (raw === '') return undefined;
  const keys = splitList(raw);
  for (const k of keys) {
    if (!VARIABLE_NAME.test(k)) {
      throw new InputError(
        `input "keys" lists "${k}", which is not a variable name ([A-Za-z_][A-Za-z0-9_]*)`,
      );
    }
  }
  return keys;
}

/** An AWS region name (`us-east-1`, `us-gov-west-1`, `eu-isoe-west-1`, `cn-north-1`). */
export const REGION_PATTERN = /^[a-z]{2}(?:-[a-z]+){1,3}-\d{1,2}$/;

export function parseRegion(raw: string): string {
  if (raw === '' || REGION_PATTERN.test(raw)) return raw;
  throw new InputError(
    `input "aws-region" must be an AWS region name such as us-east-1 or eu-central-1, got "${raw.slice(0, 64)}"`,
  );
}

const ACCOUNT_ID = /^\d{12}$/;

/**
 * `allowed-account-ids`: 12-digit AWS account ids, separated by commas, spaces or new lines.
 * Undefined when the input is empty (no guard); an input of separators only is an error, since
 * the guard was asked for but names no account.
 */
export function parseAccountIds(raw: string): string[] | undefined {
  if (raw === '') return undefined;
  const ids = splitList(raw);
  if (ids.length === 0) {
    throw new InputError('input "allowed-account-ids" lists no account id');
  }
  for (const id of ids) {
    if (!ACCOUNT_ID.test(id)) {
      throw new InputError(
        `input "allowed-account-ids" lists "${id.slice(0, 64)}", which is not an AWS account id (12 digits, such as 123456789012)`,
      );
    }
  }
  return [...new Set(ids)];
}

/** The `http-proxy` input, checked now so a typo fails before anything runs (password redacted). */
export function parseHttpProxy(raw: string): string {
  if (raw === '') return '';
  try {
    parseProxyUrl(raw, 'input "http-proxy"');
  } catch (err) {
    throw new InputError(err instanceof Error ? err.message : String(err));
  }
  return raw;
}

export function readInputs(read: InputReader): ActionInputs {
  const environment = read('environment');
  if (environment === '') {
    throw new InputError(
      'input "environment" is required: name an environment file such as "prod" (reads .esc/prod.yaml)',
    );
  }
  return {
    environment,
    environmentsDir: read('environments-dir') || '.esc',
    run: read('run'),
    shell: read('shell') || 'bash',
    workingDirectory: read('working-directory'),
    exportVariables: parseBoolean('export-variables', read('export-variables'), true),
    keys: parseKeys(read('keys')),
    audience: read('audience') || 'sts.amazonaws.com',
    awsRegion: parseRegion(read('aws-region')),
    allowedAccountIds: parseAccountIds(read('allowed-account-ids')),
    checkOnly: parseBoolean('check-only', read('check-only'), false),
    showSummary: parseBoolean('show-summary', read('show-summary'), true),
    requestTimeoutMs: parseTimeout('request-timeout', read('request-timeout'), 10_000),
    timeoutMs: parseTimeout('timeout', read('timeout'), 30_000),
    httpProxy: parseHttpProxy(read('http-proxy')),
    refreshCredentials: parseBoolean('refresh-credentials', read('refresh-credentials'), false),
  };
}

/**
 * The checks that need the workspace but nothing else (no token, no environment file): a `run`
 * shell the action cannot start and a `working-directory` that is not a directory. Made before
 * the OIDC token is requested (src/action/entry-first.ts) and before anything is evaluated.
 * Throws InputError.
 */
export function checkInputsAgainstWorkspace(
  inputs: Pick<ActionInputs, 'run' | 'shell' | 'workingDirectory'>,
  workspace: string,
): void {
  if (inputs.run === '') return;
  try {
    shellTemplate(inputs.shell);
  } catch (err) {
    if (err instanceof CommandError) throw new InputError(err.message);
    throw err;
  }
  if (inputs.workingDirectory === '') return;
  const dir = path.resolve(workspace, inputs.workingDirectory);
  let isDir: boolean;
  try {
    isDir = fs.statSync(dir).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) {
    throw new InputError(
      `input "working-directory" names ${inputs.workingDirectory}, which does not exist or is not a directory (it is relative to the workspace ${workspace})`,
    );
  }
}
