// Small process helpers shared by the stack: free ports, group kill, exit on parent exit.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * A free TCP port on 127.0.0.1 (the OS picks it; another process may still take it before use).
 * @returns {Promise<number>}
 */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `server` listening on a free port of 127.0.0.1; resolves with the port.
 * @param {import('node:net').Server} server
 * @returns {Promise<number>}
 */
export async function listenOnLoopback(server) {
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(undefined));
  });
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

/**
 * Starts `server` on a free loopback port (listenOnLoopback) and keeps its connections, so that
 * `stop` closes them all before the server (a server that never answers would otherwise hold
 * `close` forever).
 * @param {import('node:net').Server} server
 * @returns {Promise<{ port: number, connections: () => number, stop: () => Promise<void> }>}
 */
export async function serveOnLoopback(server) {
  /** @type {Set<import('node:net').Socket>} */
  const sockets = new Set();
  let count = 0;
  server.on('connection', (socket) => {
    count++;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  const port = await listenOnLoopback(server);
  return {
    port,
    connections: () => count,
    stop: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve(undefined));
      }),
  };
}

/** @type {Set<import('node:child_process').ChildProcess>} */
const live = new Set();
let exitHookInstalled = false;

function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of live) killGroup(child, 'SIGKILL');
  });
}

/**
 * Sends a signal to the child's whole process group (the child is spawned detached, so it leads one).
 * @param {import('node:child_process').ChildProcess} child
 * @param {NodeJS.Signals} signal
 */
export function killGroup(child, signal) {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

/**
 * The live processes of one process group, as `<pid> <command line>`: the processes a test
 * started (spawned detached, each step leads its own group) and their descendants that stayed in
 * that group, never the rest of the machine. Zombies (exited, not yet reaped) are not counted.
 * Linux reads /proc; elsewhere only whether the group still has a member is known (`<pgid> ?`).
 * @param {number} pgid
 * @returns {string[]}
 */
export function groupProcesses(pgid) {
  if (!existsSync('/proc/self/stat')) {
    try {
      process.kill(-pgid, 0);
      return [`${pgid} ?`];
    } catch {
      return [];
    }
  }
  /** @type {string[]} */
  const out = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // pid (comm) state ppid pgrp ...: comm may hold spaces and parentheses, so split after the last ')'.
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) !== pgid || state === 'Z') continue;
      const args = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ').trim();
      out.push(`${name} ${args}`);
    } catch {
      // exited while we looked
    }
  }
  return out;
}

/**
 * Spawns a long-lived helper in its own process group, killed when this process exits.
 * @param {string} command
 * @param {string[]} args
 * @param {import('node:child_process').SpawnOptions} [options]
 */
export function spawnGroup(command, args, options = {}) {
  installExitHook();
  const child = spawn(command, args, {
    ...options,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  child.on('exit', () => live.delete(child));
  return child;
}

/**
 * Stops a child's process group: SIGTERM, then SIGKILL after `graceMs`; resolves when it has exited.
 * @param {import('node:child_process').ChildProcess} child
 * @param {number} [graceMs]
 * @returns {Promise<void>}
 */
export async function stopGroup(child, graceMs = 3000) {
  if (child.exitCode !== null || child.signalCode !== null) {
    live.delete(child);
    return;
  }
  const exited = new Promise((resolve) => child.once('exit', resolve));
  killGroup(child, 'SIGTERM');
  const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
  // Children of the leader may outlive it; make sure the group is gone.
  if (child.pid !== undefined) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // group already empty
    }
  }
  live.delete(child);
}

/**
 * Keeps the last `max` characters written to a stream.
 * @param {NodeJS.ReadableStream | null | undefined} stream
 * @param {number} [max]
 * @returns {{ text: () => string }}
 */
export function tail(stream, max = 16_000) {
  let buf = '';
  stream?.setEncoding?.('utf8');
  stream?.on('data', (/** @type {string} */ chunk) => {
    buf += chunk;
    if (buf.length > max) buf = buf.slice(buf.length - max);
  });
  return { text: () => buf };
}
