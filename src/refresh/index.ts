/**
 * The refresher (dist/refresh/index.js): the `credential_process` of the profile the action
 * writes when `refresh-credentials` is true. `node dist/refresh/index.js <state.json>` prints the
 * credentials as JSON (Version 1) on stdout, and nothing else anywhere; on failure, one line on
 * stderr (no secret) and exit status 1. Loads only node built-ins on the cached path.
 */
import { RefreshError } from './cache.js';
import { currentCredentials, oneLine } from './refresher.js';

const PREFIX = 'esc-action credential refresh: ';

async function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<string> {
  const statePath = argv[0];
  if (statePath === undefined || argv.length !== 1) {
    throw new RefreshError(
      'usage: node dist/refresh/index.js <refresh.json> (run by the AWS SDKs as a credential_process)',
    );
  }
  // This process is a credential_process of the profile: it must never ask itself for credentials.
  if (env.ESC_ACTION_REFRESHING === '1') {
    throw new RefreshError(
      'the refresher was started by itself (an SDK in it used the esc-action profile)',
    );
  }
  env.ESC_ACTION_REFRESHING = '1';
  delete env.AWS_PROFILE;
  const credentials = await currentCredentials(statePath, { env });
  return `${JSON.stringify(credentials)}\n`;
}

main(process.argv.slice(2), process.env).then(
  (out) => {
    process.stdout.write(out);
  },
  (err: unknown) => {
    // Only our own messages, which never hold a secret; anything else by its kind.
    const message =
      err instanceof RefreshError
        ? err.message
        : `unexpected ${err instanceof Error ? err.name : typeof err}${
            err instanceof Error && (err as NodeJS.ErrnoException).code
              ? ` (${(err as NodeJS.ErrnoException).code})`
              : ''
          }`;
    process.stderr.write(`${PREFIX}${oneLine(message)}\n`);
    process.exitCode = 1;
  },
);
