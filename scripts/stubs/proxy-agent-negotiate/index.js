// esc-action stand-in for proxy-agent-negotiate (see scripts/stubs/README.md): the proxy agents
// use it only with their `negotiate` option (Kerberos, through the optional native `kerberos`
// package), which esc-action never sets.
export function createNegotiateAuth() {
  throw new Error(
    'internal error: esc-action does not bundle Negotiate proxy authentication (createNegotiateAuth was called)',
  );
}
