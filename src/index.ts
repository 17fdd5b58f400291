// The action's entry. Start the OIDC token request first (it is the first round trip of every
// aws-login open), then load the rest of the action while it is in flight.
import { startEarly } from './action/entry-early.js';

const early = startEarly(process.env);
import('./action/main.js').then(
  ({ run }) => run(process.env, early),
  (err: unknown) => {
    process.exitCode = 1;
    process.stdout.write(
      `::error::esc-action could not load: ${err instanceof Error ? err.message : String(err)}\n`,
    );
  },
);
