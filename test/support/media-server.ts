import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What the server does for one path. */
export type MediaRoute =
  /** The bytes, with a Content-Length header unless `chunked`. */
  | {
      readonly kind: 'file';
      readonly body: Buffer;
      readonly chunked?: boolean;
      readonly until?: Promise<void>;
    }
  | { readonly kind: 'redirect'; readonly location: string; readonly status?: number }
  | { readonly kind: 'status'; readonly status: number }
  /** Accepts the request and never answers. */
  | { readonly kind: 'silent' }
  /** Sends the headers and the first `sent` bytes of a body announced as `length`, then stops. */
  | { readonly kind: 'stall'; readonly length: number; readonly sent: number };

export interface ReceivedRequest {
  readonly path: string;
  readonly userAgent: string | undefined;
}

export interface MediaServer {
  /** `http://127.0.0.1:<port><path>`. */
  url(path: string): string;
  serve(path: string, route: MediaRoute): void;
  readonly received: ReceivedRequest[];
  close(): Promise<void>;
}

/**
 * A loopback HTTP server that plays the remote side of `remote_files`: files, redirects, errors and
 * servers that hang. Paths are matched without the query string.
 */
export async function startMediaServer(): Promise<MediaServer> {
  const routes = new Map<string, MediaRoute>();
  const received: ReceivedRequest[] = [];
  const sockets = new Set<Socket>();

  const answer = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    received.push({ path, userAgent: request.headers['user-agent'] });
    const route = routes.get(path) ?? { kind: 'status', status: 404 };
    switch (route.kind) {
      case 'file':
        await route.until;
        if (!route.chunked) response.setHeader('content-length', route.body.length);
        response.end(route.body);
        return;
      case 'redirect':
        response.writeHead(route.status ?? 302, { location: route.location }).end();
        return;
      case 'status':
        response.writeHead(route.status).end();
        return;
      case 'silent':
        return;
      case 'stall':
        response.writeHead(200, { 'content-length': route.length });
        response.write(Buffer.alloc(route.sent, 7));
        return;
    }
  };

  const server = createServer((request, response) => void answer(request, response));
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    serve: (path, route) => routes.set(path, route),
    received,
    close: async () => {
      // Hanging routes keep their sockets open; `close` alone would wait for them.
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
