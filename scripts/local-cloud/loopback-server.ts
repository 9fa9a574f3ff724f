import type { Server } from 'node:http';

/** A server of the local cloud's, listening on 127.0.0.1 only, and how to stop it. */
export interface LoopbackServer {
  url: string;
  port: number;
  close: () => Promise<void>;
}

/** Listens on 127.0.0.1 (port 0: any free port) and resolves once bound; refuses on a bind error. */
export async function listenOnLoopback(server: Server, port: number): Promise<LoopbackServer> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    close: () =>
      new Promise((resolve) => {
        // Keep-alive connections (a browser's) would hold close() open.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
