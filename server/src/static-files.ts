import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.xmile': 'application/xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serves the built client (dist/) from the Colyseus HTTP server without a second request
 * handler: two handlers both answering a matchmaking request break it (toolchain-notes §6). So
 * Colyseus's own listeners are taken off the server and called from one dispatcher, which keeps
 * /matchmake/*, /__healthcheck and every non-GET request for Colyseus and answers the rest.
 * Call after `listen()`, once Colyseus has attached its listeners.
 */
export function serveStaticFiles(httpServer: HttpServer, directory: string): void {
  const root = resolve(directory);
  const colyseus = httpServer.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  httpServer.removeAllListeners('request');
  httpServer.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const file = staticFileFor(root, req);
    if (!file) {
      for (const listener of colyseus) listener.call(httpServer, req, res);
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': statSync(file).size,
      'x-content-type-options': 'nosniff',
      'cache-control': file.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  });
}

function staticFileFor(root: string, req: IncomingMessage): string | null {
  if (req.method !== 'GET' && req.method !== 'HEAD') return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
  } catch {
    return null;
  }
  if (pathname.startsWith('/matchmake/') || pathname === '/__healthcheck') return null;
  const candidate = resolve(join(root, pathname));
  if (candidate !== root && !candidate.startsWith(root + sep)) return null;
  if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  // Client-side routes (no file extension) get the app's page.
  const index = join(root, 'index.html');
  if (!extname(pathname) && existsSync(index)) return index;
  return null;
}
