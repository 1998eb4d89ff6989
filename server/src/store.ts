import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { WorkshopEntry } from '../../src/protocol/index.ts';

/**
 * The workshop log in SQLite (Node 22's built-in node:sqlite: nothing to install, no native
 * build, no download). One row per accepted entry, written synchronously before the room
 * acknowledges it; a restart replays the rows in seq order.
 */
export const DEFAULT_DB_PATH = resolve(import.meta.dirname, '../../data/workshops.sqlite');

export function databasePath(env: NodeJS.ProcessEnv = process.env): string {
  return env['WORKSHOP_DB'] ? resolve(env['WORKSHOP_DB']) : DEFAULT_DB_PATH;
}

export class WorkshopStore {
  private readonly db: DatabaseSync;
  private readonly insert: StatementSync;
  private readonly select: StatementSync;
  private readonly nextSeq: StatementSync;

  constructor(path: string) {
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
    `);
    this.insert = this.db.prepare('INSERT INTO workshop_log (workshop_id, seq, alliance, entry) VALUES (?, ?, ?, ?)');
    this.select = this.db.prepare('SELECT entry FROM workshop_log WHERE workshop_id = ? ORDER BY seq');
    this.nextSeq = this.db.prepare('SELECT COALESCE(MAX(seq) + 1, 0) AS next FROM workshop_log WHERE workshop_id = ?');
  }

  /** Appends an entry; returns its seq. Throws (and nothing is acknowledged) if the write fails. */
  append(workshopId: string, entry: WorkshopEntry): number {
    const seq = Number((this.nextSeq.get(workshopId) as { next: number | bigint }).next);
    const alliance = 'alliance' in entry ? entry.alliance : null;
    this.insert.run(workshopId, seq, alliance, JSON.stringify(entry));
    return seq;
  }

  entries(workshopId: string): WorkshopEntry[] {
    return (this.select.all(workshopId) as { entry: string }[]).map((row) => JSON.parse(row.entry) as WorkshopEntry);
  }

  workshopIds(): string[] {
    return (this.db.prepare('SELECT DISTINCT workshop_id AS id FROM workshop_log WHERE seq = 0 ORDER BY rowid').all() as { id: string }[]).map((row) => row.id);
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }
}
