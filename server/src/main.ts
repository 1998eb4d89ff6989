import './quiet-sqlite-warning.ts';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { startApp } from './app.ts';
import { databasePath } from './store.ts';

/**
 * `npm run server`: PORT (2567), HOST (127.0.0.1), WORKSHOP_DB (data/workshops.sqlite),
 * JOIN_ATTEMPTS_PER_MINUTE (30); with NODE_ENV=production it also serves dist/ (run `npm run build`).
 * REDIS_URL (none) shares the workshop registry with other processes through Redis, and
 * PUBLIC_ADDRESS (HOST:PORT) is where clients reach this process then (docs/workshop-server.md).
 */
const port = Number(process.env['PORT'] ?? 2567);
const host = process.env['HOST'] ?? '127.0.0.1';
const joinAttemptsPerMinute = process.env['JOIN_ATTEMPTS_PER_MINUTE'] ? Number(process.env['JOIN_ATTEMPTS_PER_MINUTE']) : undefined;
const redisUrl = process.env['REDIS_URL'] || undefined;
const publicAddress = process.env['PUBLIC_ADDRESS'] || (redisUrl && port !== 0 ? `${host}:${port}` : undefined);
if (redisUrl && (!publicAddress || publicAddress.startsWith('0.0.0.0'))) console.warn('REDIS_URL needs a PUBLIC_ADDRESS (or a fixed PORT on a specific HOST): otherwise other processes cannot send clients here.');
const dist = resolve(import.meta.dirname, '../../dist');
const staticDirectory = process.env['NODE_ENV'] === 'production' && existsSync(dist) ? dist : undefined;
const app = await startApp({
  port,
  host,
  dbPath: databasePath(),
  ...(joinAttemptsPerMinute === undefined ? {} : { joinAttemptsPerMinute }),
  ...(staticDirectory === undefined ? {} : { staticDirectory }),
  ...(redisUrl === undefined ? {} : { redisUrl }),
  ...(publicAddress === undefined ? {} : { publicAddress }),
});
console.log(`workshop server on ws://${host}:${app.port} (log: ${databasePath()}${staticDirectory ? `; serving ${staticDirectory}` : ''}${redisUrl ? `; shared through Redis as ${publicAddress}` : ''})`);

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    void app.close().then(() => process.exit(0));
  });
}
