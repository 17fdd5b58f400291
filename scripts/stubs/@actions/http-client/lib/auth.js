// esc-action stand-in for @actions/http-client/lib/auth (see scripts/stubs/README.md).
const fail = (what) => {
  throw new Error(
    `internal error: esc-action does not bundle @actions/http-client (${what} was called)`,
  );
};
export class BasicCredentialHandler {
  constructor() {
    fail('new BasicCredentialHandler');
  }
}
export class BearerCredentialHandler {
  constructor() {
    fail('new BearerCredentialHandler');
  }
}
export class PersonalAccessTokenCredentialHandler {
  constructor() {
    fail('new PersonalAccessTokenCredentialHandler');
  }
}
