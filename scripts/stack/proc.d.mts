// Generated from proc.mjs by gen-types.mjs; do not edit.
/**
 * A free TCP port on 127.0.0.1 (the OS picks it; another process may still take it before use).
 * @returns {Promise<number>}
 */
export function freePort(): Promise<number>;
/**
 * Starts `server` listening on a free port of 127.0.0.1; resolves with the port.
 * @param {import('node:net').Server} server
 * @returns {Promise<number>}
 */
export function listenOnLoopback(server: import('node:net').Server): Promise<number>;
/**
 * Starts `server` on a free loopback port (listenOnLoopback) and keeps its connections, so that
 * `stop` closes them all before the server (a server that never answers would otherwise hold
 * `close` forever).
 * @param {import('node:net').Server} server
 * @returns {Promise<{ port: number, connections: () => number, stop: () => Promise<void> }>}
 */
export function serveOnLoopback(server: import('node:net').Server): Promise<{
  port: number;
  connections: () => number;
  stop: () => Promise<void>;
}>;
/**
 * Sends a signal to the child's whole process group (the child is spawned detached, so it leads one).
 * @param {import('node:child_process').ChildProcess} child
 * @param {NodeJS.Signals} signal
 */
export function killGroup(
  child: import('node:child_process').ChildProcess,
  signal: NodeJS.Signals,
): void;
/**
 * The live processes of one process group, as `<pid> <command line>`: the processes a test
 * started (spawned detached, each step leads its own group) and their descendants that stayed in
 * that group, never the rest of the machine. Zombies (exited, not yet reaped) are not counted.
 * Linux reads /proc; elsewhere only whether the group still has a member is known (`<pgid> ?`).
 * @param {number} pgid
 * @returns {string[]}
 */
export function groupProcesses(pgid: number): string[];
/**
 * Spawns a long-lived helper in its own process group, killed when this process exits.
 * @param {string} command
 * @param {string[]} args
 * @param {import('node:child_process').SpawnOptions} [options]
 */
export function spawnGroup(
  command: string,
  args: string[],
  options?: import('node:child_process').SpawnOptions,
): import('child_process').ChildProcessByStdio<
  null,
  import('stream').Readable,
  import('stream').Readable
>;
/**
 * Stops a child's process group: SIGTERM, then SIGKILL after `graceMs`; resolves when it has exited.
 * @param {import('node:child_process').ChildProcess} child
 * @param {number} [graceMs]
 * @returns {Promise<void>}
 */
export function stopGroup(
  child: import('node:child_process').ChildProcess,
  graceMs?: number,
): Promise<void>;
/**
 * Keeps the last `max` characters written to a stream.
 * @param {NodeJS.ReadableStream | null | undefined} stream
 * @param {number} [max]
 * @returns {{ text: () => string }}
 */
export function tail(
  stream: NodeJS.ReadableStream | null | undefined,
  max?: number,
): {
  text: () => string;
};
