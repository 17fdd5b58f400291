// esc-action stand-in for `debug` (see scripts/stubs/README.md): the proxy agents' debug output,
// switched on by a DEBUG variable, would print the proxy URL with its password and the requests'
// headers (the runner's bearer token). Every logger is silent.
export default function createDebug() {
  const debug = () => undefined;
  debug.enabled = false;
  debug.extend = () => debug;
  return debug;
}
