// The action's entry. Start the OIDC token request first (it is the first round trip of every
// aws-login open), then load the rest of the action while it is in flight.
import { startEarly } from './action/entry-early.js';
import { actionReport, installLastResort } from './host/failure.js';

// An error nobody caught is reported as the step's failure, without the stack and value Node.js
// would print: first by the bare report, then (once the action is loaded) by its own `fail`, which
// also redacts every secret registered so far.
let report: (err: unknown) => void = actionReport('esc-action failed: ');
installLastResort((err) => report(err));
const early = startEarly(process.env);
import('./action/main.js').then(({ run, fail }) => {
  report = fail;
  return run(process.env, early);
}, actionReport('esc-action could not load: '));
