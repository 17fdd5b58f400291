// esc-action stand-in for @actions/exec as imported by @actions/core (see scripts/stubs/README.md).
// @actions/core imports it only for `platform.getDetails()`, which esc-action never calls; the
// action's own commands import the real @actions/exec (src/action/command.ts).
const fail = (what) => {
  throw new Error(
    `internal error: esc-action does not bundle @actions/exec for @actions/core (${what} was called)`,
  );
};
export const exec = () => fail('exec');
export const getExecOutput = () => fail('getExecOutput');
