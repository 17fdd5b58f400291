/**
 * The host part of the evaluation `context`: `context.github.*` from the runner's `GITHUB_*`
 * variables. Absent outside a runner.
 */
import type { Plain } from '../eval/value.js';

const GITHUB_KEYS: Record<string, string> = {
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

export function githubContext(env: NodeJS.ProcessEnv): { [key: string]: Plain } {
  if (env['GITHUB_ACTIONS'] !== 'true') return {};
  const github: { [key: string]: Plain } = {};
  for (const [key, variable] of Object.entries(GITHUB_KEYS)) {
    const value = env[variable];
    if (value !== undefined) github[key] = value;
  }
  return { github };
}
