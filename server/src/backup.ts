import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DatabaseSync, backup } from 'node:sqlite';
import { parseArgs } from 'node:util';
import { databasePath } from './store.ts';

/**
 * `npm run backup -- <file>`: a consistent copy of the workshop log, taken with SQLite's online
 * backup while the server keeps running (it reads the WAL too, so nothing acknowledged is left
 * out). The copy is checked (integrity, entries, workshops) before the command reports success.
 * The log is WORKSHOP_DB (as for the server), or `--db <file>`.
 * Restore: stop the server, put the copy in place of WORKSHOP_DB (with no -wal or -shm file
 * beside it), start the server (docs/workshop-server.md, "Backups and restore").
 */
function fail(line: string): never {
  console.error(`backup: ${line}`);
  process.exit(1);
}

const { values, positionals } = parseArgs({ args: process.argv.slice(2), allowPositionals: true, options: { db: { type: 'string' } } });
if (positionals.length !== 1) fail('name the file to write, as in: npm run backup -- backups/workshops-2026-11-27.sqlite');
const source = values.db ? resolve(values.db) : databasePath();
const destination = resolve(positionals[0]!);
if (!existsSync(source)) fail(`there is no workshop log at ${source} (set WORKSHOP_DB or pass --db).`);
if (existsSync(destination)) fail(`${destination} already exists; name a new file (a backup never overwrites one).`);

let db: DatabaseSync;
try {
  db = new DatabaseSync(source);
  db.prepare('SELECT count(*) FROM workshop_log').get();
} catch (error) {
  fail(`cannot read the workshop log ${source}: ${error instanceof Error ? error.message : String(error)}`);
}
try {
  await backup(db, destination);
} catch (error) {
  fail(`the copy failed: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  db.close();
}

// One self-contained file (no -wal beside it): the server turns WAL on again when it opens it.
const copy = new DatabaseSync(destination);
try {
  copy.exec('PRAGMA journal_mode = DELETE');
  const integrity = (copy.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check;
  if (integrity !== 'ok') fail(`the copy at ${destination} does not check out (${integrity}); keep the old backup and try again.`);
  const entries = Number((copy.prepare('SELECT count(*) AS n FROM workshop_log').get() as { n: number | bigint }).n);
  const workshops = Number((copy.prepare('SELECT count(DISTINCT workshop_id) AS n FROM workshop_log').get() as { n: number | bigint }).n);
  console.log(`Backed up ${workshops} workshop${workshops === 1 ? '' : 's'} (${entries} log entries) from ${source} to ${destination}.`);
} finally {
  copy.close();
}
