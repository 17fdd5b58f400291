/**
 * The one way an unexpected error is reported: its message, without a stack trace and without
 * the value Node.js quotes in some messages ("... Received 'a\x00b'"), which may be a secret in
 * a form the runner's masks do not match. Imports nothing, so every entry can use it first.
 */

/** The message of `err`, safe to print. */
export function failureMessage(err: unknown): string {
  let message: string;
  // Not `instanceof Error`: errors from another realm (a vm context) are errors too.
  if (typeof err === 'object' && err !== null && typeof (err as Error).message === 'string') {
    message = (err as Error).message;
    const code = (err as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && code.startsWith('ERR_')) {
      // Node's argument errors end by quoting the value they refused.
      message = message.replace(/\.? *Received[\s\S]*$/, '');
    }
  } else {
    message = String(err);
  }
  // One line: a message spanning lines could start a workflow command of its own.
  return message.replace(/[\r\n]+/g, ' ').trim() || 'unknown error';
}

/** The `::error::` (or warning) line for a failure, escaped as the runner reads commands. */
export function errorCommand(prefix: string, err: unknown, command = 'error'): string {
  const data = `${prefix}${failureMessage(err)}`
    .replace(/%/g, '%25')
    .replace(/\r/g, '%0D')
    .replace(/\n/g, '%0A');
  return `::${command}::${data}\n`;
}

/**
 * The last resort of an entry: an exception or rejection nobody caught is handed to `report`
 * (which prints its message, see `failureMessage`) instead of Node's default report with a stack.
 */
export function installLastResort(report: (err: unknown) => void): void {
  process.on('uncaughtException', report);
  process.on('unhandledRejection', report);
}

/** The action's report: an `::error::` line and a failed step, or a warning (post step). */
export function actionReport(prefix: string, severity: 'error' | 'warning' = 'error') {
  return (err: unknown): void => {
    if (severity === 'error') process.exitCode = 1;
    process.stdout.write(errorCommand(prefix, err, severity));
  };
}
