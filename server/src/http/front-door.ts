import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { securityHeaders } from '../../../scripts/lib/content-security-policy.ts';
import { describeError } from '../refusal.ts';
import { clientAddress } from './client-address.ts';
import { handleMatchmaking } from './matchmaking.ts';
import { staticFileFor, serveFile } from './static-files.ts';

/**
 * Every HTTP request and WebSocket upgrade goes through here, in place of Colyseus's own router
 * (whose listeners are taken off the server): the security headers (the page's CSP with
 * frame-ancestors 'none', nosniff…) on every answer; `/matchmake` only for the server's own page
 * and the origins the operator listed (ALLOWED_ORIGINS), with CORS for those alone; the game's
 * WebSocket only for the same origins; the built page (production); and nothing else.
 */
export interface FrontDoorOptions {
  readonly trustProxy: number;
  readonly allowedOrigins: readonly string[];
  /** Other workshop servers this server's page may connect to (its CSP's connect-src). */
  readonly workshopServers: readonly string[];
  readonly staticDirectory?: string;
}

export function installFrontDoor(httpServer: HttpServer, options: FrontDoorOptions): void {
  const headers = securityHeaders({ workshopServers: options.workshopServers });
  httpServer.removeAllListeners('request');
  httpServer.on('request', (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((error: unknown) => {
      console.error(`request ${req.method} ${req.url} failed: ${describeError(error)}`);
      if (!res.headersSent) res.writeHead(500, { ...headers, 'content-type': 'text/plain; charset=utf-8' });
      res.end('The server could not answer that request.');
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let pathname: string;
    try {
      pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    } catch {
      return plain(res, 400, 'Bad request.');
    }
    if (pathname.startsWith('/matchmake/')) {
      const origin = req.headers.origin;
      if (!originAllowed(origin, req.headers.host, options.allowedOrigins)) {
        req.resume();
        return plain(res, 403, 'This server does not take requests from that page.');
      }
      const cors: Record<string, string> =
        origin === undefined ? {} : { 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true', vary: 'Origin' };
      if (req.method === 'OPTIONS') {
        res.writeHead(204, { ...headers, ...cors, 'access-control-allow-methods': 'POST', 'access-control-allow-headers': 'Content-Type, Accept', 'access-control-max-age': '600' });
        return void res.end();
      }
      if (req.method !== 'POST') {
        req.resume();
        return plain(res, 405, 'Matchmaking takes POST requests only.');
      }
      return handleMatchmaking(req, res, pathname, clientAddress(req, options.trustProxy), { ...headers, ...cors });
    }
    if (pathname === '/__healthcheck' && (req.method === 'GET' || req.method === 'HEAD')) return plain(res, 200, 'OK');
    const file = options.staticDirectory ? staticFileFor(options.staticDirectory, req) : null;
    if (file) return serveFile(req, res, file, headers);
    req.resume();
    return plain(res, 404, 'Not found.');
  }

  function plain(res: ServerResponse, status: number, text: string): void {
    res.writeHead(status, { ...headers, 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }

  // WebSocket upgrades: the same origins only (a page elsewhere must not drive a player's socket).
  const upgrades = httpServer.listeners('upgrade') as ((req: IncomingMessage, socket: Duplex, head: Buffer) => void)[];
  httpServer.removeAllListeners('upgrade');
  httpServer.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!originAllowed(req.headers.origin, req.headers.host, options.allowedOrigins)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    for (const listener of upgrades) listener.call(httpServer, req, socket, head);
  });
}

/**
 * A browser names the page a request comes from in Origin. Requests without it come from
 * programs, not pages (CORS protects pages only, and such a client can send anything anyway).
 * The server's own page has the host the request was sent to; any other page must be listed.
 */
export function originAllowed(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.origin === 'null') return false;
  if (host !== undefined && url.host === host) return true;
  return allowed.includes(url.origin);
}
