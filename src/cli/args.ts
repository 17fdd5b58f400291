/** Command-line parsing for `esc-action open|check|run|doctor`, with errors that say what is allowed. */

export type Format = 'json' | 'yaml' | 'dotenv' | 'shell' | 'string';
const FORMATS: readonly Format[] = ['json', 'yaml', 'dotenv', 'shell', 'string'];

export type Command =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'open'; env: string; dir: string; format: Format; showSecrets: boolean }
  | { kind: 'check'; env: string; dir: string; format: 'text' | 'json' }
  | { kind: 'run'; env: string; dir: string; argv: string[] }
  | DoctorCommand;

/** `esc-action doctor`: the claims come from `claims` (a file) or from the flags. */
export interface DoctorCommand {
  kind: 'doctor';
  env: string;
  dir: string;
  format: 'text' | 'json';
  claims?: string;
  repository?: string;
  ref?: string;
  event?: string;
  environment?: string;
  repositoryId?: string;
  ownerId?: string;
  audience?: string;
  sub?: string;
}

/** The flags of `doctor` that describe the token, and the field each sets. */
const DOCTOR_FLAGS = {
  '--claims': 'claims',
  '--repository': 'repository',
  '--ref': 'ref',
  '--event': 'event',
  '--environment': 'environment',
  '--repository-id': 'repositoryId',
  '--owner-id': 'ownerId',
  '--audience': 'audience',
  '--sub': 'sub',
} as const;

export class UsageError extends Error {
  override name = 'UsageError';
}

export const USAGE = `Usage:
  esc-action open <env> [--dir DIR] [--format json|yaml|dotenv|shell|string] [--show-secrets]
  esc-action check <env> [--dir DIR] [--format json]
  esc-action run <env> [--dir DIR] -- <command> [args...]
  esc-action doctor <env> [--dir DIR] [--format json] [--claims FILE | --repository OWNER/REPO
      --ref REF --event EVENT --environment NAME --repository-id ID --owner-id ID
      --audience AUD --sub SUBJECT]

<env> is an environment name resolved in DIR (default .esc): "prod" reads .esc/prod.yaml;
a value ending in .yaml or .yml is a path, which must lie inside DIR.
Diagnostics go to stderr as <file>:<line>:<column>: <severity>: <message>; any error exits 1.
doctor evaluates, with your AWS credentials, the trust policy of each role the environment
assumes with an OIDC token against the token's claims: exit 0 allowed, 1 refused, 2 usage or
access errors.`;

function takeValue(args: string[], i: number, flag: string): string {
  const v = args[i + 1];
  if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
  return v;
}

export function parseArgs(argv: readonly string[]): Command {
  const [cmd, ...rest] = argv;
  // No command at all is a usage error (exit 2, usage on stderr); asking for help is not.
  if (cmd === undefined) throw new UsageError('no command given: use open, check, run or doctor');
  if (cmd === '-h' || cmd === '--help' || cmd === 'help') return { kind: 'help' };
  if (cmd === '--version' || cmd === 'version') return { kind: 'version' };
  if (cmd === 'doctor') return parseDoctor(rest);
  if (cmd !== 'open' && cmd !== 'check' && cmd !== 'run') {
    throw new UsageError(`unknown command "${cmd}": use open, check, run or doctor`);
  }
  let env: string | undefined;
  let dir = '.esc';
  let format: string | undefined;
  let showSecrets = false;
  let commandArgv: string[] | undefined;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (a === '--') {
      commandArgv = rest.slice(i + 1);
      break;
    }
    if (a === '--dir') dir = takeValue(rest, i++, '--dir');
    else if (a.startsWith('--dir=')) dir = a.slice(6);
    else if (a === '--format' || a === '-f') format = takeValue(rest, i++, a);
    else if (a.startsWith('--format=')) format = a.slice(9);
    else if (a === '--show-secrets' && cmd === 'open') showSecrets = true;
    else if (a.startsWith('-')) throw new UsageError(`unknown option "${a}" for ${cmd}`);
    else if (env === undefined) env = a;
    else if (cmd === 'run') {
      commandArgv = rest.slice(i);
      break;
    } else throw new UsageError(`unexpected argument "${a}"`);
  }
  if (env === undefined) throw new UsageError(`${cmd} needs an environment name`);
  if (cmd === 'run') {
    if (format !== undefined) throw new UsageError('run does not take --format');
    if (commandArgv === undefined || commandArgv.length === 0) {
      throw new UsageError('run needs a command after --, e.g. esc-action run prod -- aws s3 ls');
    }
    return { kind: 'run', env, dir, argv: commandArgv };
  }
  if (cmd === 'check') {
    if (format !== undefined && format !== 'json') {
      throw new UsageError(`check --format must be json, got "${format}"`);
    }
    return { kind: 'check', env, dir, format: format === 'json' ? 'json' : 'text' };
  }
  const f = (format ?? 'json') as Format;
  if (!FORMATS.includes(f)) {
    throw new UsageError(`unknown output format "${format}": use ${FORMATS.join(', ')}`);
  }
  return { kind: 'open', env, dir, format: f, showSecrets };
}

function parseDoctor(rest: readonly string[]): DoctorCommand {
  let env: string | undefined;
  let dir = '.esc';
  let format: string | undefined;
  const fields: Partial<Record<(typeof DOCTOR_FLAGS)[keyof typeof DOCTOR_FLAGS], string>> = {};
  const args = [...rest];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const eq = a.indexOf('=');
    const flag = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    const inline = a.startsWith('--') && eq > 0 ? a.slice(eq + 1) : undefined;
    const value = () => inline ?? takeValue(args, i++, flag);
    if (flag === '--dir') dir = value();
    else if (flag === '--format' || flag === '-f') format = value();
    else if (Object.hasOwn(DOCTOR_FLAGS, flag)) {
      fields[DOCTOR_FLAGS[flag as keyof typeof DOCTOR_FLAGS]] = value();
    } else if (a.startsWith('-')) throw new UsageError(`unknown option "${a}" for doctor`);
    else if (env === undefined) env = a;
    else throw new UsageError(`unexpected argument "${a}"`);
  }
  if (env === undefined) throw new UsageError('doctor needs an environment name');
  if (format !== undefined && format !== 'json') {
    throw new UsageError(`doctor --format must be json, got "${format}"`);
  }
  if (fields.claims !== undefined) {
    const other = Object.entries(DOCTOR_FLAGS).find(
      ([f, k]) => f !== '--claims' && fields[k] !== undefined,
    );
    if (other)
      throw new UsageError(`--claims gives every claim: it cannot be used with ${other[0]}`);
  }
  return { kind: 'doctor', env, dir, format: format === 'json' ? 'json' : 'text', ...fields };
}
