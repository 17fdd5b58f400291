// The action's entry. Send the OIDC token request first (it is the first round trip of every
// aws-login open), before any other chunk is loaded; then set up the token source that takes it
// (src/action/entry-early.ts) and load the rest of the action while the token is in flight.
import { startFirst } from './action/entry-first.js';
import { actionReport, installLastResort } from './host/failure.js';

// An error nobody caught is reported as the step's failure, without the stack and value Node.js
// would print: first by the bare report, then (once the action is loaded) by its own `fail`, which
// also redacts every secret registered so far.
let report: (err: unknown) => void = actionReport('esc-action failed: ');
installLastResort((err) => report(err));
const first = startFirst(process.env);
// Loading a chunk keeps the main thread busy for milliseconds, during which the request could not
// connect and leave: load the rest once it has left (at once on loopback, a round trip or two
// over a network), but never wait more than LEAVE_WAIT_MS (the token takes longer than that).
const LEAVE_WAIT_MS = 30;
const loading = (first?.sent?.left(LEAVE_WAIT_MS) ?? Promise.resolve()).then(() => ({
  // If this chunk cannot load, the action starts its token source itself (src/action/main.ts).
  early: import('./action/entry-early.js').then(
    ({ startEarly }) => startEarly(process.env, first),
    () => undefined,
  ),
  main: import('./action/main.js'),
}));
void loading.then(({ early, main }) =>
  main.then(async ({ run, fail }) => {
    report = fail;
    return run(process.env, await early);
  }, actionReport('esc-action could not load: ')),
);
