import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Client } from '@colyseus/sdk';
import type { WorkshopConfig, WorkshopEntry } from '../../src/rules/index.ts';
import { startApp, type RunningApp } from '../src/app.ts';
import { WorkshopStore } from '../src/store.ts';
import { nextMessage, pause, request } from './wire.ts';
import { matchmake, runServerToExit, startServerProcess, type ServerProcess } from './server-process.ts';

/**
 * Finding 5 and the bounded-memory half of finding 4: the log. A workshop whose log does not
 * replay is quarantined with a message naming the entry, never deleted, and never stops the
 * others; a damaged file stops the server with one line; backups are consistent while the server
 * runs and restore into a new server that plays on; the WAL is checkpointed on shutdown; no
 * workshop is read at start, and an idle one leaves memory and comes back when joined.
 */
const directory = mkdtempSync(join(tmpdir(), 'hostile-log-'));
const running: ServerProcess[] = [];
const apps: RunningApp[] = [];
afterEach(async () => {
  for (const process of running.splice(0)) await process.kill();
  for (const app of apps.splice(0)) await app.close();
});
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const MANUFACTURER = { dealerPrice: 112, dealerSupport: 1.3, creditRate: 9.5 };
const DEALERS = { facilityInvestment: 2, localMarketing: 1.5 };

function config(code: string, seats: WorkshopConfig['seats'] = { manufacturer: { kind: 'human' }, dealers: { kind: 'human' } }): WorkshopConfig {
  return { scenarioId: 'dealer-alliance', alliances: 1, rounds: 3, roundSeconds: 0, seed: 1, seats, code, facilitatorSecretHash: '0'.repeat(64) };
}

describe('a log that does not replay', () => {
  it('quarantines that workshop with the entry named, keeps its rows, and loads every other one', { timeout: 30_000 }, async () => {
    const dbPath = join(directory, 'poisoned.sqlite');
    const store = new WorkshopStore(dbPath);
    // Written by a server before the fix: a computer seat whose strategy is Object.prototype's constructor.
    store.create('poisoned', 'POISON22', { kind: 'create', at: 1, config: config('POISON22', { manufacturer: { kind: 'human' }, dealers: { kind: 'computer', strategy: 'constructor' } }) });
    store.append('poisoned', { kind: 'facilitator', at: 2, command: { type: 'start' } });
    // A row damaged on disk.
    store.create('damaged', 'DAMAGE22', { kind: 'create', at: 1, config: config('DAMAGE22') });
    store.append('damaged', { kind: 'facilitator', at: 2, command: { type: 'start' } });
    store.append('damaged', { kind: 'facilitator', at: 3, command: { type: 'message', text: 'x' } });
    // An entry the rules refuse (a round that never opened).
    store.create('refused', 'REFUSE22', { kind: 'create', at: 1, config: config('REFUSE22') });
    store.append('refused', { kind: 'facilitator', at: 2, command: { type: 'endRound', round: 4 } } as WorkshopEntry);
    store.create('healthy', 'HEALTH22', { kind: 'create', at: 1, config: config('HEALTH22') });
    store.append('healthy', { kind: 'facilitator', at: 2, command: { type: 'start' } });
    store.close();
    const raw = new DatabaseSync(dbPath);
    raw.prepare("UPDATE workshop_log SET entry = '{\"kind\": \"facilitator\", \"at\": 3, \"comm' WHERE workshop_id = 'damaged' AND seq = 2").run();
    raw.close();

    const server = await startServerProcess({ WORKSHOP_DB: dbPath });
    running.push(server);
    const joinCode = (code: string) => matchmake(server.port, 'join', { code, anySeat: true });
    // Its configuration (entry 0) names a strategy the case does not have: caught before any round is played.
    expect(await joinCode('POISON22')).toMatchObject({ status: 503, json: { error: expect.stringMatching(/^Workshop POISON22 cannot be opened: entry 0 of its log could not be replayed\. Its log is kept/) } });
    expect(await joinCode('DAMAGE22')).toMatchObject({ status: 503, json: { error: expect.stringMatching(/entry 2 of its log could not be replayed/) } });
    expect(await joinCode('REFUSE22')).toMatchObject({ status: 503, json: { error: expect.stringMatching(/entry 1 of its log could not be replayed/) } });
    // Asked again, the answer is the same (not replayed again), and the healthy workshop plays.
    expect((await joinCode('POISON22')).status).toBe(503);
    expect((await joinCode('HEALTH22')).status).toBe(200);
    expect(server.alive()).toBe(true);
    // The server log names the workshop by its code, the entry and the reason; no row was deleted.
    await expect.poll(() => server.output()).toMatch(/workshop POISON22: entry 0 could not be replayed: .*no computer strategy "constructor"/);
    await expect.poll(() => server.output()).toMatch(/workshop DAMAGE22: entry 2 could not be replayed: the entry is not readable/);
    await expect.poll(() => server.output()).toMatch(/workshop REFUSE22: entry 1 could not be replayed: it was refused: No round is open/);
    await server.kill();
    const check = new DatabaseSync(dbPath, { readOnly: true });
    expect(Number((check.prepare("SELECT count(*) AS n FROM workshop_log WHERE workshop_id IN ('poisoned', 'damaged', 'refused')").get() as { n: number }).n)).toBe(7);
    check.close();
  });

  it('stops on a damaged database file with one clear line and a non-zero exit', { timeout: 30_000 }, async () => {
    const dbPath = join(directory, 'not-a-database.sqlite');
    writeFileSync(dbPath, Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(8192, 0x5a)]));
    const result = await runServerToExit({ WORKSHOP_DB: dbPath });
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^workshop server: cannot open the workshop log .*not-a-database\.sqlite: file is not a database\. Restore the file from a backup/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('backups and restore', () => {
  it('backs up while the server runs; a new server restored from the copy brings every seat back and plays on', { timeout: 60_000 }, async () => {
    const dbPath = join(directory, 'live.sqlite');
    const first = await startServerProcess({ WORKSHOP_DB: dbPath });
    running.push(first);
    const client = new Client(first.url);
    const facilitator = await client.create('workshop', { scenarioId: 'dealer-alliance', alliances: 1, rounds: 3, roundSeconds: 0 });
    const { code, facilitatorSecret } = await nextMessage<{ code: string; facilitatorSecret: string }>(facilitator, 'created');
    const maker = await client.join('workshop', { code, alliance: 0, side: 'manufacturer' });
    const makerToken = (await nextMessage<{ seatToken: string }>(maker, 'seated')).seatToken;
    const dealers = await client.join('workshop', { code, alliance: 0, side: 'dealers' });
    const dealersToken = (await nextMessage<{ seatToken: string }>(dealers, 'seated')).seatToken;
    expect(await request(facilitator, 'facilitator', { command: { type: 'start' } })).toMatchObject({ kind: 'ack' });
    expect(await request(maker, 'intent', { intent: { type: 'submitDecisions', round: 1, decisions: MANUFACTURER } })).toMatchObject({ kind: 'ack' });
    expect(await request(facilitator, 'facilitator', { command: { type: 'endRound', round: 1 } })).toMatchObject({ kind: 'ack' });
    expect(await request(facilitator, 'facilitator', { command: { type: 'nextRound', round: 1 } })).toMatchObject({ kind: 'ack' });
    expect(await request(maker, 'intent', { intent: { type: 'submitDecisions', round: 2, decisions: MANUFACTURER } })).toMatchObject({ kind: 'ack' });

    // The backup, taken with the server running and everything still in its WAL.
    const copy = join(directory, 'backup.sqlite');
    const backup = await promisify(execFile)(process.execPath, [resolve(import.meta.dirname, '../src/backup.ts'), copy], { env: { ...process.env, NODE_NO_WARNINGS: '1', WORKSHOP_DB: dbPath } });
    expect(backup.stdout).toMatch(/Backed up 1 workshop \(\d+ log entries\)/);
    expect(existsSync(`${copy}-wal`)).toBe(false);
    await first.kill();

    // Restore: a new server on the copy alone, on another port.
    const restoredPath = join(directory, 'restored.sqlite');
    copyFileSync(copy, restoredPath);
    const second = await startServerProcess({ WORKSHOP_DB: restoredPath });
    running.push(second);
    const client2 = new Client(second.url);
    const console2 = await client2.join('workshop', { code, facilitatorSecret });
    const maker2 = await client2.join('workshop', { code, seatToken: makerToken });
    const dealers2 = await client2.join('workshop', { code, seatToken: dealersToken });
    await pause(200);
    type Seen = { round: number; alliances: { playedRoundsJson: string[]; seats: Record<string, { submitted: boolean }> }[] };
    const seen = (console2.state as { toJSON(): Seen }).toJSON();
    expect(seen.round).toBe(2);
    expect(seen.alliances[0]!.playedRoundsJson).toHaveLength(1);
    expect(seen.alliances[0]!.seats['manufacturer']!.submitted).toBe(true);
    expect(await request(dealers2, 'intent', { intent: { type: 'submitDecisions', round: 2, decisions: DEALERS } })).toMatchObject({ kind: 'ack' });
    expect(await request(console2, 'facilitator', { command: { type: 'endRound', round: 2 } })).toMatchObject({ kind: 'ack' });
    await pause(150);
    expect((maker2.state as { toJSON(): Seen }).toJSON().alliances[0]!.playedRoundsJson).toHaveLength(2);
    for (const room of [console2, maker2, dealers2]) await room.leave();
  });

  it('refuses to overwrite a file, and says so', { timeout: 30_000 }, async () => {
    const dbPath = join(directory, 'for-overwrite.sqlite');
    new WorkshopStore(dbPath).close();
    const existing = join(directory, 'existing.sqlite');
    writeFileSync(existing, 'keep me');
    const result = await promisify(execFile)(process.execPath, [resolve(import.meta.dirname, '../src/backup.ts'), existing], { env: { ...process.env, NODE_NO_WARNINGS: '1', WORKSHOP_DB: dbPath } }).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(result).toMatchObject({ code: 1, stderr: expect.stringMatching(/already exists/) });
  });

  it('checkpoints the WAL on shutdown: the database file alone then holds everything', { timeout: 30_000 }, async () => {
    const dbPath = join(directory, 'shutdown.sqlite');
    const server = await startServerProcess({ WORKSHOP_DB: dbPath });
    const client = new Client(server.url);
    const facilitator = await client.create('workshop', { scenarioId: 'dealer-alliance', alliances: 2, rounds: 3, roundSeconds: 0 });
    await nextMessage(facilitator, 'created');
    expect(await request(facilitator, 'facilitator', { command: { type: 'start' } })).toMatchObject({ kind: 'ack' });
    expect(await request(facilitator, 'facilitator', { command: { type: 'endRound', round: 1 } })).toMatchObject({ kind: 'ack' });
    expect(statSync(`${dbPath}-wal`).size).toBeGreaterThan(0);
    await server.stop(); // SIGTERM
    expect(server.child.exitCode).toBe(0);
    expect(existsSync(`${dbPath}-wal`) ? statSync(`${dbPath}-wal`).size : 0).toBe(0);
    const alone = join(directory, 'alone.sqlite');
    copyFileSync(dbPath, alone);
    const check = new DatabaseSync(alone, { readOnly: true });
    expect(Number((check.prepare('SELECT count(*) AS n FROM workshop_log').get() as { n: number }).n)).toBe(3);
    check.close();
  });
});

describe('workshops in memory only while used', () => {
  it('reads no workshop at start, however many the log holds; each loads when joined', { timeout: 60_000 }, async () => {
    const dbPath = join(directory, 'many.sqlite');
    const store = new WorkshopStore(dbPath);
    for (let index = 0; index < 300; index++) {
      const id = `w${index}`;
      store.create(id, `MANY${index}`, { kind: 'create', at: index, config: config(`MANY${index}`) });
      store.append(id, { kind: 'facilitator', at: index + 1, command: { type: 'start' } });
    }
    store.close();
    const app = await startApp({ port: 0, dbPath });
    apps.push(app);
    expect(app.directory.openCount).toBe(0);
    const answer = await matchmake(app.port, 'join', { code: 'MANY150', anySeat: true });
    expect(answer.status, JSON.stringify(answer.json)).toBe(200);
    expect(app.directory.openCount).toBe(1);
  });

  it('unloads a workshop nobody is connected to after the idle period, and reloads it, intact, when a team comes back', { timeout: 30_000 }, async () => {
    const app = await startApp({ port: 0, dbPath: join(directory, 'idle.sqlite'), limits: { idleMinutes: 0.01 } });
    apps.push(app);
    const client = new Client(`ws://127.0.0.1:${app.port}`);
    const facilitator = await client.create('workshop', { scenarioId: 'dealer-alliance', alliances: 1, rounds: 3, roundSeconds: 0 });
    const { code } = await nextMessage<{ code: string }>(facilitator, 'created');
    const team = await client.join('workshop', { code, alliance: 0, side: 'manufacturer' });
    const { seatToken } = await nextMessage<{ seatToken: string }>(team, 'seated');
    expect(await request(facilitator, 'facilitator', { command: { type: 'start' } })).toMatchObject({ kind: 'ack' });
    expect(await request(team, 'intent', { intent: { type: 'submitDecisions', round: 1, decisions: MANUFACTURER } })).toMatchObject({ kind: 'ack' });
    expect(await request(facilitator, 'facilitator', { command: { type: 'endRound', round: 1 } })).toMatchObject({ kind: 'ack' });
    await team.leave();
    await facilitator.leave();
    expect(app.directory.openCount).toBe(1);
    await expect.poll(() => app.directory.openCount, { timeout: 5_000 }).toBe(0);
    const back = await client.join('workshop', { code, seatToken });
    expect(await nextMessage(back, 'seated')).toMatchObject({ alliance: 0, side: 'manufacturer' });
    await pause(150);
    const seen = (back.state as { toJSON(): { phase: string; alliances: { playedRoundsJson: string[] }[] } }).toJSON();
    expect(seen.phase).toBe('results');
    expect(seen.alliances[0]!.playedRoundsJson).toHaveLength(1);
    expect(app.directory.openCount).toBe(1);
    await back.leave();
  });
});
