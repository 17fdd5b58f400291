// The action's entry. Start the OIDC token request first (it is the first round trip of every
// aws-login open), then load the rest of the action while it is in flight.
import { startEarly } from './action/entry-early.js';

const early = startEarly(process.env);
import('./action/main.js').then(
  ({ run, fail }) => {
    // An error that escapes run() (thrown in a callback of a library) is reported the same way:
    // as the step's failure, without the stack and value Node.js would print.
    const escaped = (err: unknown) => fail(err);
    process.on('uncaughtException', escaped);
    process.on('unhandledRejection', escaped);
    return run(process.env, early);
  },
  (err: unknown) => {
    process.exitCode = 1;
    process.stdout.write(
      `::error::esc-action could not load: ${err instanceof Error ? err.message : String(err)}\n`,
    );
  },
);
