import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DatabaseSync, backup, type StatementSync } from 'node:sqlite';
import { ReplayError, type WorkshopEntry } from '../../src/rules/index.ts';
import { DEFAULT_DB_PATH } from './settings.ts';

/**
 * The workshop log in SQLite (Node 22's built-in node:sqlite: nothing to install, no native
 * build, no download). One row per accepted entry, written synchronously before the room
 * acknowledges it. A second table indexes each workshop by its join code, so a workshop is found
 * (and replayed) only when someone comes back to it: a restart reads nothing else.
 *
 * WAL mode: writes land in the -wal file first. SQLite copies them into the main file at its
 * checkpoints; the server also checkpoints every minute and on shutdown, so the main file alone
 * is complete after a clean stop. Backups use SQLite's online backup (`npm run backup`), which is
 * consistent while the server runs.
 */
export { DEFAULT_DB_PATH };

export function databasePath(env: NodeJS.ProcessEnv = process.env): string {
  return env['WORKSHOP_DB'] ? resolve(env['WORKSHOP_DB']) : DEFAULT_DB_PATH;
}

/** The database file could not be opened or is not a workshop log: said in one line, with what to do. */
export class StoreOpenError extends Error {}

export interface StoredWorkshop {
  readonly workshopId: string;
  readonly code: string;
}

export class WorkshopStore {
  readonly path: string;
  private readonly db: DatabaseSync;
  private readonly insert: StatementSync;
  private readonly insertWorkshop: StatementSync;
  private readonly select: StatementSync;
  private readonly nextSeq: StatementSync;
  private readonly byCode: StatementSync;

  constructor(path: string) {
    this.path = path;
    try {
      if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
      this.db = new DatabaseSync(path);
      this.db.exec(`
        PRAGMA journal_mode = WAL;
        PRAGMA synchronous = FULL;
        CREATE TABLE IF NOT EXISTS workshop_log (
          workshop_id TEXT NOT NULL,
          seq INTEGER NOT NULL,
          alliance INTEGER,
          entry TEXT NOT NULL,
          PRIMARY KEY (workshop_id, seq)
        ) STRICT;
        CREATE TABLE IF NOT EXISTS workshops (
          workshop_id TEXT PRIMARY KEY,
          code TEXT UNIQUE,
          created_at INTEGER
        ) STRICT;
      `);
      this.indexOlderLogs();
    } catch (error) {
      throw new StoreOpenError(`cannot open the workshop log ${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.insert = this.db.prepare('INSERT INTO workshop_log (workshop_id, seq, alliance, entry) VALUES (?, ?, ?, ?)');
    this.insertWorkshop = this.db.prepare('INSERT INTO workshops (workshop_id, code, created_at) VALUES (?, ?, ?)');
    this.select = this.db.prepare('SELECT seq, entry FROM workshop_log WHERE workshop_id = ? ORDER BY seq');
    this.nextSeq = this.db.prepare('SELECT COALESCE(MAX(seq) + 1, 0) AS next FROM workshop_log WHERE workshop_id = ?');
    this.byCode = this.db.prepare('SELECT workshop_id AS workshopId, code FROM workshops WHERE code = ?');
  }

  /**
   * Logs written before the code index existed: index them once, from each workshop's first
   * entry. A first entry that is not readable JSON is indexed without a code (it cannot be found
   * by its code, and stays in the file untouched).
   */
  private indexOlderLogs(): void {
    this.db.exec(`
      INSERT OR IGNORE INTO workshops (workshop_id, code, created_at)
      SELECT workshop_id,
             CASE WHEN json_valid(entry) THEN json_extract(entry, '$.config.code') END,
             CASE WHEN json_valid(entry) THEN json_extract(entry, '$.at') END
      FROM workshop_log
      WHERE seq = 0 AND workshop_id NOT IN (SELECT workshop_id FROM workshops);
    `);
  }

  /** A new workshop: its creation entry and its code, together. */
  create(workshopId: string, code: string, entry: WorkshopEntry): void {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      this.insertWorkshop.run(workshopId, code, entry.at);
      this.insert.run(workshopId, 0, null, JSON.stringify(entry));
      this.db.exec('COMMIT');
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
  }

  /** Appends an entry; returns its seq. Throws (and nothing is acknowledged) if the write fails. */
  append(workshopId: string, entry: WorkshopEntry): number {
    const seq = Number((this.nextSeq.get(workshopId) as { next: number | bigint }).next);
    const alliance = 'alliance' in entry && typeof entry.alliance === 'number' ? entry.alliance : null;
    this.insert.run(workshopId, seq, alliance, JSON.stringify(entry));
    return seq;
  }

  /** A workshop's log in order. A row that is not readable (damaged) throws a ReplayError naming it. */
  entries(workshopId: string): WorkshopEntry[] {
    const rows = this.select.all(workshopId) as { seq: number | bigint; entry: string }[];
    return rows.map((row, index) => {
      const seq = Number(row.seq);
      if (seq !== index) throw new ReplayError(index, `entry ${index} is missing from the log`);
      try {
        const entry = JSON.parse(row.entry) as unknown;
        if (!entry || typeof entry !== 'object' || Array.isArray(entry)) throw new Error('not an object');
        return entry as WorkshopEntry;
      } catch (error) {
        throw new ReplayError(seq, `the entry is not readable (${error instanceof Error ? error.message : String(error)})`);
      }
    });
  }

  /** A workshop's join code, from the index (readable even when its log is not). */
  codeOf(workshopId: string): string | null {
    const row = this.db.prepare('SELECT code FROM workshops WHERE workshop_id = ?').get(workshopId) as { code: string | null } | undefined;
    return row?.code ?? null;
  }

  findByCode(code: string): StoredWorkshop | null {
    const row = this.byCode.get(code) as { workshopId: string; code: string } | undefined;
    return row ? { workshopId: row.workshopId, code: row.code } : null;
  }

  /** Every workshop with a code, for the shared directory of a scaled-out server. */
  *codes(): Generator<StoredWorkshop> {
    for (const row of this.db.prepare('SELECT workshop_id AS workshopId, code FROM workshops WHERE code IS NOT NULL').iterate()) yield row as unknown as StoredWorkshop;
  }

  workshopIds(): string[] {
    return (this.db.prepare('SELECT workshop_id AS id FROM workshops ORDER BY rowid').all() as { id: string }[]).map((row) => row.id);
  }

  /** Copies the WAL into the main file (PASSIVE: never waits for readers). */
  checkpoint(mode: 'PASSIVE' | 'TRUNCATE' = 'PASSIVE'): void {
    if (this.db.isOpen) this.db.exec(`PRAGMA wal_checkpoint(${mode})`);
  }

  /** A consistent copy of the whole log, taken while it is in use (SQLite's online backup). */
  async backupTo(destination: string): Promise<void> {
    await backup(this.db, destination);
  }

  close(): void {
    if (!this.db.isOpen) return;
    try {
      this.checkpoint('TRUNCATE');
    } finally {
      this.db.close();
    }
  }
}
