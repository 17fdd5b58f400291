/**
 * Rules for the names an environment exports (`environmentVariables` and `files` keys): a name
 * must be a valid variable name, must not be one of the runner's own default variables (a step
 * cannot overwrite them, so exporting one would silently do nothing or break the job), and must
 * not be `NODE_OPTIONS` (the runner refuses it: it would change every later Node.js step).
 * Ordinary names such as `GITHUB_TOKEN` or `GH_TOKEN` stay allowed. Problems are error
 * diagnostics at the key, so hosts annotate the line and export nothing.
 */
import { keyRangeOf } from '../eval/evalue.js';
import type { Value } from '../eval/value.js';
import type { Diagnostic } from '../syntax/diagnostic.js';
import { joinKey } from '../syntax/path.js';

export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The runner's documented default variables (docs: "Default environment variables"). */
export const RUNNER_DEFAULT_VARIABLES: ReadonlySet<string> = new Set([
  'GITHUB_ACTION',
  'GITHUB_ACTION_PATH',
  'GITHUB_ACTION_REPOSITORY',
  'GITHUB_ACTIONS',
  'GITHUB_ACTOR',
  'GITHUB_ACTOR_ID',
  'GITHUB_API_URL',
  'GITHUB_BASE_REF',
  'GITHUB_ENV',
  'GITHUB_EVENT_NAME',
  'GITHUB_EVENT_PATH',
  'GITHUB_GRAPHQL_URL',
  'GITHUB_HEAD_REF',
  'GITHUB_JOB',
  'GITHUB_OUTPUT',
  'GITHUB_PATH',
  'GITHUB_REF',
  'GITHUB_REF_NAME',
  'GITHUB_REF_PROTECTED',
  'GITHUB_REF_TYPE',
  'GITHUB_REPOSITORY',
  'GITHUB_REPOSITORY_ID',
  'GITHUB_REPOSITORY_OWNER',
  'GITHUB_REPOSITORY_OWNER_ID',
  'GITHUB_RETENTION_DAYS',
  'GITHUB_RUN_ATTEMPT',
  'GITHUB_RUN_ID',
  'GITHUB_RUN_NUMBER',
  'GITHUB_SERVER_URL',
  'GITHUB_SHA',
  'GITHUB_STATE',
  'GITHUB_STEP_SUMMARY',
  'GITHUB_TRIGGERING_ACTOR',
  'GITHUB_WORKFLOW',
  'GITHUB_WORKFLOW_REF',
  'GITHUB_WORKFLOW_SHA',
  'GITHUB_WORKSPACE',
  'RUNNER_ARCH',
  'RUNNER_DEBUG',
  'RUNNER_ENVIRONMENT',
  'RUNNER_NAME',
  'RUNNER_OS',
  'RUNNER_TEMP',
  'RUNNER_TOOL_CACHE',
]);

const SECTIONS = ['environmentVariables', 'files'] as const;

/** Why `name` cannot be exported, or undefined when it can. */
export function exportNameProblem(name: string): string | undefined {
  if (!VARIABLE_NAME.test(name))
    return `${JSON.stringify(name)} is not a valid environment variable name ([A-Za-z_][A-Za-z0-9_]*)`;
  if (RUNNER_DEFAULT_VARIABLES.has(name))
    return `${JSON.stringify(name)} is one of the runner's default variables; a step cannot overwrite it`;
  if (name === 'NODE_OPTIONS')
    return `"NODE_OPTIONS" cannot be exported: it would change how every later Node.js step runs (the runner refuses it)`;
  return undefined;
}

function exported(v: Value): boolean {
  const r = v.repr;
  return v.unknown || !(Array.isArray(r) || r instanceof Map);
}

/**
 * Error diagnostics for every exported name that breaks a rule, at the name's key (or, when
 * the section was not written as a literal, at the value that defined it).
 */
export function checkExportNames(root: Value | undefined, rootName: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const repr = root?.repr;
  if (!(repr instanceof Map)) return out;
  for (const section of SECTIONS) {
    const s = repr.get(section);
    if (s === undefined || !(s.repr instanceof Map)) continue;
    for (const [name, v] of s.repr) {
      if (!exported(v)) continue;
      const problem = exportNameProblem(name);
      if (problem === undefined) continue;
      const range = keyRangeOf(s, name) ?? v.origin ?? s.origin;
      out.push({
        severity: 'error',
        summary: problem,
        file: range?.file ?? rootName,
        ...(range !== undefined ? { range } : {}),
        path: joinKey(joinKey('values', section), name),
      });
    }
  }
  return out;
}
