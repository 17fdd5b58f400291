/**
 * The claims `doctor` evaluates: read from a file (`--claims`, the JSON the action prints on a
 * refusal), or built from the flags with GitHub's rules for `sub`, defaults coming from the local
 * git checkout and the login's audience.
 */
import * as fs from 'node:fs';
import { GITHUB_ISSUER, trustPolicyClaims, type Claims } from '../../providers/claims.js';
import { UsageError, type DoctorCommand } from '../args.js';

/** Largest claims file read. */
const MAX_CLAIMS_FILE_BYTES = 64 * 1024;

/** The claims in `file`: a JSON object (of the printed claims, or a whole token payload). */
export function readClaimsFile(file: string): Claims {
  let text: string;
  try {
    const stat = fs.statSync(file);
    if (stat.size > MAX_CLAIMS_FILE_BYTES) {
      throw new UsageError(
        `--claims ${file}: the file is larger than ${MAX_CLAIMS_FILE_BYTES / 1024} KiB`,
      );
    }
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const why = (err as { code?: string }).code ?? (err as Error).message;
    throw new UsageError(`--claims ${file}: cannot read the file (${why})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`--claims ${file}: not JSON (${(err as Error).message})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new UsageError(`--claims ${file}: must hold a JSON object of token claims`);
  }
  const claims = trustPolicyClaims(json as Record<string, unknown>);
  if (typeof claims['sub'] !== 'string') {
    throw new UsageError(`--claims ${file}: the object has no "sub" claim`);
  }
  claims['iss'] ??= GITHUB_ISSUER;
  return claims;
}

/** What the flags leave to defaults. */
export interface ClaimDefaults {
  /** `owner/repo` of the local checkout. */
  repository?: string;
  /** `refs/heads/…` of the local checkout. */
  ref?: string;
}

/**
 * The `sub` GitHub gives a job (default template): `repo:O/R:environment:NAME` in a job with an
 * environment, else `repo:O/R:pull_request` for pull_request events, else `repo:O/R:ref:REF`.
 */
export function defaultSubject(
  repository: string,
  ref: string,
  event: string,
  environment?: string,
): string {
  if (environment !== undefined && environment !== '')
    return `repo:${repository}:environment:${environment}`;
  if (event === 'pull_request' || event === 'pull_request_target')
    return `repo:${repository}:pull_request`;
  return `repo:${repository}:ref:${ref}`;
}

/** The claims the flags describe, for a login whose audience is `audience`. */
export function claimsFromFlags(
  cmd: DoctorCommand,
  defaults: ClaimDefaults,
  audience: string,
): Claims {
  const repository = cmd.repository ?? defaults.repository;
  if (repository === undefined || !/^[^/\s]+\/[^/\s]+$/.test(repository)) {
    throw new UsageError(
      repository === undefined
        ? 'doctor needs the repository: pass --repository OWNER/REPO (or run it in a git checkout with an origin remote), or --claims FILE'
        : `--repository must be OWNER/REPO, got "${repository}"`,
    );
  }
  const ref = cmd.ref ?? defaults.ref ?? 'refs/heads/main';
  const event = cmd.event ?? 'push';
  const claims: Claims = {
    sub: cmd.sub ?? defaultSubject(repository, ref, event, cmd.environment),
    aud: cmd.audience ?? audience,
    iss: GITHUB_ISSUER,
    repository,
    repository_owner: repository.split('/')[0]!,
    ref,
    ref_type: ref.startsWith('refs/tags/') ? 'tag' : 'branch',
    event_name: event,
  };
  if (cmd.repositoryId !== undefined) claims['repository_id'] = cmd.repositoryId;
  if (cmd.ownerId !== undefined) claims['repository_owner_id'] = cmd.ownerId;
  if (cmd.environment !== undefined && cmd.environment !== '')
    claims['environment'] = cmd.environment;
  return claims;
}
