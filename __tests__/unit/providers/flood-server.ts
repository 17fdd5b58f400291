/**
 * A server that floods its client: 200 with an endless body, or a huge declared length, for the
 * tests of the response cap (unit tests of the providers, end-to-end tests of the action).
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FloodServer {
  url: string;
  host: string;
  requests: number;
  /** Bytes the server managed to write before the client went away. */
  sent: number;
  close(): Promise<void>;
}

/**
 * A server answering 200 with an endless body (chunked, 64 KiB at a time, until the client
 * closes), or with `declared` as Content-Length and a body that never comes.
 */
export async function startFlood(options: { declared?: number } = {}): Promise<FloodServer> {
  const open = new Set<ServerResponse>();
  const state = { requests: 0, sent: 0 };
  const chunk = Buffer.alloc(64 * 1024, 'a');
  const server: Server = createServer((req, res) => {
    state.requests++;
    req.resume();
    open.add(res);
    res.on('close', () => open.delete(res));
    if (options.declared !== undefined) {
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': String(options.declared),
      });
      res.write('{"value":"');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"value":"');
    const pump = (): void => {
      while (!res.destroyed && !res.writableEnded) {
        state.sent += chunk.length;
        if (!res.write(chunk)) {
          res.once('drain', pump);
          return;
        }
      }
    };
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    get requests() {
      return state.requests;
    },
    get sent() {
      return state.sent;
    },
    close: async () => {
      for (const res of open) res.socket?.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
