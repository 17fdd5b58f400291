/**
 * The refresher (dist/refresh/index.js): the `credential_process` of the profile the action
 * writes when `refresh-credentials` is true. `node dist/refresh/index.js <state.json>` prints the
 * credentials as JSON (Version 1) on stdout, and nothing else anywhere; on failure, one line on
 * stderr (no secret) and exit status 1. Loads only node built-ins on the cached path.
 */
import * as path from 'node:path';
import { RefreshError } from './cache.js';
import { currentCredentials, isolateEnvironment, oneLine } from './refresher.js';

const PREFIX = 'esc-action credential refresh: ';

/** How long past its deadline the process may take to end (the SDK waiting on it waits forever). */
const EXIT_GRACE_MS = 1000;

/**
 * Ends the process `ms` from now whatever is still pending (a proxy or an endpoint that never
 * finishes its answer): the SDK that started the refresher waits for it without a deadline.
 */
function exitBy(ms: number): void {
  setTimeout(() => {
    if (answered) return;
    answered = true;
    process.stderr.write(
      `${PREFIX}did not finish within its deadline of ${Math.round((ms - EXIT_GRACE_MS) / 1000)} s\n`,
      () => process.exit(1),
    );
  }, ms).unref();
}

/** Set once the one answer (credentials or one line) is written. */
let answered = false;

/**
 * Writes the answer, then ends the process: a request given up at its deadline may still hold a
 * socket (a proxy that keeps sending), and the SDK waits for the process, not for the answer.
 */
function answer(stream: NodeJS.WriteStream, text: string, code: number): void {
  if (answered) return;
  answered = true;
  stream.write(text, () => process.exit(code));
}

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
  // Read before the environment is isolated (the token request variables are kept).
  const caller = { ...env };
  isolateEnvironment(env, path.dirname(statePath));
  const credentials = await currentCredentials(statePath, {
    env: caller,
    onState: (state) => exitBy(state.timeoutMs + EXIT_GRACE_MS),
  });
  return `${JSON.stringify(credentials)}\n`;
}

main(process.argv.slice(2), process.env).then(
  (out) => {
    answer(process.stdout, out, 0);
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
    answer(process.stderr, `${PREFIX}${oneLine(message)}\n`, 1);
  },
);
