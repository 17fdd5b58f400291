/**
 * The host part of the evaluation `context`: `context.github.*` from the runner's `GITHUB_*`
 * variables. Outside a runner the CLI fills `repository`, `ref` and `sha` from the local git
 * checkout (`localGithubContext`), so a file written for the runner opens on a laptop too.
 */
import { execFileSync } from 'node:child_process';
import type { Plain } from '../eval/value.js';

export const GITHUB_KEYS: Readonly<Record<string, string>> = {
  repository: 'GITHUB_REPOSITORY',
  ref: 'GITHUB_REF',
  sha: 'GITHUB_SHA',
  actor: 'GITHUB_ACTOR',
  run_id: 'GITHUB_RUN_ID',
  run_attempt: 'GITHUB_RUN_ATTEMPT',
  workflow: 'GITHUB_WORKFLOW',
  job: 'GITHUB_JOB',
  event_name: 'GITHUB_EVENT_NAME',
};

function fromVariables(env: NodeJS.ProcessEnv): { [key: string]: string } {
  const github: { [key: string]: string } = {};
  for (const [key, variable] of Object.entries(GITHUB_KEYS)) {
    const value = env[variable];
    if (value !== undefined) github[key] = value;
  }
  return github;
}

export function githubContext(env: NodeJS.ProcessEnv): { [key: string]: Plain } {
  if (env['GITHUB_ACTIONS'] !== 'true') return {};
  return { github: fromVariables(env) };
}

/** `owner/name` of a GitHub-style remote URL (https, ssh, scp-like, with or without `.git`). */
export function repositoryOfRemote(url: string): string | undefined {
  const m =
    /^(?:[a-z+]+:\/\/(?:[^@/]+@)?[^/]+\/|[^@:/]+@[^:/]+:|[^:/]+:)([^/]+\/[^/]+?)(?:\.git)?\/?$/.exec(
      url.trim(),
    );
  return m?.[1];
}

/** Runs git in `cwd` and returns its trimmed output, or undefined when git fails or is absent. */
export type GitRunner = (args: readonly string[], cwd: string) => string | undefined;

const runGit: GitRunner = (args, cwd) => {
  try {
    const out = execFileSync('git', args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 5000,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
    }).trim();
    return out === '' ? undefined : out;
  } catch {
    return undefined;
  }
};

export interface LocalContext {
  context: { [key: string]: Plain };
  /** The keys read from the local git checkout (the others came from variables or are absent). */
  fromGit: string[];
  /** `context.github` keys a runner would have that are absent here. */
  missing: string[];
}

/**
 * `context.github` outside a runner (`GITHUB_ACTIONS` is not `true`): the `GITHUB_*` variables
 * that are set, and `repository`, `ref` and `sha` from the git checkout at `cwd` where their
 * variables are absent. A runner's context is `githubContext`'s, unchanged.
 */
export function localGithubContext(
  env: NodeJS.ProcessEnv,
  cwd: string,
  git: GitRunner = runGit,
): LocalContext {
  if (env['GITHUB_ACTIONS'] === 'true') {
    return { context: githubContext(env), fromGit: [], missing: [] };
  }
  const github = fromVariables(env);
  const fromGit: string[] = [];
  const fill = (key: string, read: () => string | undefined): void => {
    if (github[key] !== undefined) return;
    const value = read();
    if (value === undefined) return;
    github[key] = value;
    fromGit.push(key);
  };
  fill('repository', () => {
    const url = git(['config', '--get', 'remote.origin.url'], cwd);
    return url === undefined ? undefined : repositoryOfRemote(url);
  });
  fill('ref', () => git(['symbolic-ref', '-q', 'HEAD'], cwd));
  fill('sha', () => git(['rev-parse', '--verify', '-q', 'HEAD'], cwd));
  const missing = Object.keys(GITHUB_KEYS).filter((k) => github[k] === undefined);
  return {
    context: Object.keys(github).length > 0 ? { github } : {},
    fromGit,
    missing,
  };
}
