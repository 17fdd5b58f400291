'use strict';
/* global exports */
// esc-action stand-in for @aws-sdk/credential-provider-node (see scripts/stubs/README.md).
const fail = () => {
  throw new Error(
    'internal error: an AWS client asked for the default credential chain, which esc-action does not ' +
      'bundle; every client must be given `credentials` (src/providers/sdk.ts)',
  );
};
exports.defaultProvider = () => async () => fail();
exports.credentialsTreatedAsExpired = () => false;
exports.credentialsWillNeedRefresh = () => false;
