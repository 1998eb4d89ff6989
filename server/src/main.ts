import './quiet-sqlite-warning.ts';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { startApp } from './app.ts';
import { readSettings, SettingsError } from './settings.ts';
import { StoreOpenError } from './store.ts';

/**
 * `npm run server`. Every setting is an environment variable (docs/workshop-server.md, "For
 * operators"): PORT, HOST, WORKSHOP_DB, REDIS_URL, PUBLIC_ADDRESS, TRUST_PROXY, ALLOWED_ORIGINS,
 * FACILITATOR_KEY, the limits, and NODE_ENV=production to serve dist/ (run `npm run build`).
 * A setting that does not parse, or a log file that cannot be opened, stops the server with one
 * line that says what to do, and a non-zero exit.
 */
function fail(line: string): never {
  console.error(`workshop server: ${line}`);
  process.exit(1);
}

let settings;
try {
  settings = readSettings();
} catch (error) {
  if (error instanceof SettingsError) fail(error.message);
  throw error;
}
if (settings.redisUrl && (!settings.publicAddress || settings.publicAddress.startsWith('0.0.0.0'))) {
  console.warn('REDIS_URL needs a PUBLIC_ADDRESS (or a fixed PORT on a specific HOST): otherwise other processes cannot send clients here.');
}
const dist = resolve(import.meta.dirname, '../../dist');
const staticDirectory = settings.serveClient && existsSync(dist) ? dist : undefined;

let app;
try {
  app = await startApp({ ...settings, ...(staticDirectory === undefined ? {} : { staticDirectory }) });
} catch (error) {
  if (error instanceof StoreOpenError) {
    fail(`${error.message}. Restore the file from a backup (docs/workshop-server.md, "Backups and restore"), or move it aside to start with an empty log.`);
  }
  const code = (error as { code?: unknown }).code;
  if (code === 'EADDRINUSE') fail(`port ${settings.port} on ${settings.host} is already in use; stop the other server or set PORT.`);
  if (code === 'EACCES' || code === 'EADDRNOTAVAIL') fail(`cannot listen on ${settings.host}:${settings.port} (${String(code)}); check HOST and PORT.`);
  fail(`could not start: ${error instanceof Error ? error.message : String(error)}`);
}
console.log(
  `workshop server on ws://${settings.host}:${app.port} (log: ${settings.dbPath}${staticDirectory ? `; serving ${staticDirectory}` : ''}${settings.redisUrl ? `; shared through Redis as ${settings.publicAddress}` : ''}${settings.facilitatorKey ? '; creating needs the facilitator key' : ''})`,
);

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    // Closing checkpoints the WAL into the main file, so the file alone is complete afterwards.
    void app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`workshop server: an error while stopping: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  });
}
