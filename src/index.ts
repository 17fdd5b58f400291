// The action's entry. Start the OIDC token request first (it is the first round trip of every
// aws-login open), then load the rest of the action while it is in flight.
import { startEarly } from './action/entry-early.js';
import { actionReport, installLastResort } from './host/failure.js';

installLastResort(actionReport('esc-action failed: '));
const early = startEarly(process.env);
import('./action/main.js').then(
  ({ run }) => run(process.env, early),
  actionReport('esc-action could not load: '),
);
