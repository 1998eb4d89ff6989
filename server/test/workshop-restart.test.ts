import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Client } from '@colyseus/sdk';
import { nextMessage, pause, request } from './wire.ts';
import { killProcess } from '../../scripts/lib/processes.ts';

/**
 * The server as its own process (`node server/src/main.ts`), killed without warning and started
 * again on the same database file: the workshop is rebuilt from the log with nothing lost.
 */
const directory = mkdtempSync(join(tmpdir(), 'workshop-restart-'));
const dbPath = join(directory, 'log.sqlite');
const main = resolve(import.meta.dirname, '../src/main.ts');
const running: ChildProcess[] = [];

async function startServer(): Promise<{ process: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [main], { env: { ...process.env, PORT: '0', WORKSHOP_DB: dbPath, NODE_NO_WARNINGS: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  let output = '';
  const url = await new Promise<string>((resolvePort, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 15_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /workshop server on (ws:\/\/[\d.]+:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolvePort(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited (${code}):\n${output}`)));
  });
  return { process: child, url };
}


afterAll(async () => {
  for (const child of running) await killProcess(child);
  rmSync(directory, { recursive: true, force: true });
});

type Seen = { phase: string; round: number; alliances: { playedRoundsJson: string[]; fallbacksJson: string; eventsJson: string; seats: Record<string, { submitted: boolean; pendingJson?: string }> }[] };
const seen = (room: { state: unknown }) => (room.state as { toJSON(): Seen }).toJSON();

describe('workshop server restart', () => {
  it('rebuilds the workshop from the log after a crash, with every acknowledged decision kept and seats rejoinable', { timeout: 30_000 }, async () => {
    const first = await startServer();
    const client = new Client(first.url);
    const facilitator = await client.create('workshop', { scenarioId: 'dealer-alliance', alliances: 2, rounds: 3, roundSeconds: 0, computerSeats: {} });
    const { code, facilitatorSecret } = await nextMessage<{ code: string; facilitatorSecret: string }>(facilitator, 'created');
    const manufacturer = await client.join('workshop', { code, alliance: 0, side: 'manufacturer' });
    const manufacturerToken = (await nextMessage<{ seatToken: string }>(manufacturer, 'seated')).seatToken;
    const dealers = await client.join('workshop', { code, alliance: 0, side: 'dealers' });
    const dealersToken = (await nextMessage<{ seatToken: string }>(dealers, 'seated')).seatToken;

    expect(await request(facilitator, 'facilitator', { command: { type: 'start' } })).toMatchObject({ kind: 'ack' });
    const round1 = { dealerPrice: 112, dealerSupport: 1.3, creditRate: 9.5 };
    expect(await request(manufacturer, 'intent', { intent: { type: 'submitDecisions', round: 1, decisions: round1 } })).toMatchObject({ kind: 'ack' });
    expect(await request(dealers, 'intent', { intent: { type: 'submitDecisions', round: 1, decisions: { facilityInvestment: 2, localMarketing: 1.5 } } })).toMatchObject({ kind: 'ack' });
    expect(await request(facilitator, 'facilitator', { command: { type: 'endRound', round: 1 } })).toMatchObject({ kind: 'ack' });
    expect(await request(facilitator, 'facilitator', { command: { type: 'nextRound', round: 1 } })).toMatchObject({ kind: 'ack' });
    expect(await request(facilitator, 'facilitator', { command: { type: 'injectEvent', eventId: 'downturn', alliance: 1 } })).toMatchObject({ kind: 'ack' });
    // Mid-round 2: the manufacturer has decided, the dealers not yet. Then the process dies.
    const round2 = { dealerPrice: 118, dealerSupport: 0.8, creditRate: 11 };
    expect(await request(manufacturer, 'intent', { intent: { type: 'submitDecisions', round: 2, decisions: round2 } })).toMatchObject({ kind: 'ack' });
    await pause(100);
    const before = seen(facilitator);
    await killProcess(first.process);

    const second = await startServer();
    const client2 = new Client(second.url);
    const console2 = await client2.join('workshop', { code, facilitatorSecret });
    const manufacturer2 = await client2.join('workshop', { code, seatToken: manufacturerToken });
    expect(await nextMessage(manufacturer2, 'seated')).toMatchObject({ alliance: 0, side: 'manufacturer' });
    const dealers2 = await client2.join('workshop', { code, seatToken: dealersToken });
    expect(await nextMessage(dealers2, 'seated')).toMatchObject({ alliance: 0, side: 'dealers' });
    await pause(150);
    const after = seen(console2);
    expect(after.phase).toBe('decide');
    expect(after.round).toBe(2);
    expect(after.alliances[0]!.playedRoundsJson).toEqual(before.alliances[0]!.playedRoundsJson);
    expect(after.alliances[1]!.playedRoundsJson).toEqual(before.alliances[1]!.playedRoundsJson);
    expect(after.alliances[1]!.eventsJson).toBe(before.alliances[1]!.eventsJson);
    expect(JSON.parse(after.alliances[0]!.seats['manufacturer']!.pendingJson!)).toEqual(round2);
    expect(seen(dealers2).alliances[0]!.seats['manufacturer']).toMatchObject({ submitted: true });

    // The manufacturer cannot decide twice; the dealers finish the round; nothing was lost.
    expect(await request(manufacturer2, 'intent', { intent: { type: 'submitDecisions', round: 2, decisions: round2 } })).toMatchObject({ kind: 'error' });
    expect(await request(dealers2, 'intent', { intent: { type: 'submitDecisions', round: 2, decisions: { facilityInvestment: 2.5, localMarketing: 1 } } })).toMatchObject({ kind: 'ack' });
    expect(await request(console2, 'facilitator', { command: { type: 'endRound', round: 2 } })).toMatchObject({ kind: 'ack' });
    await pause(150);
    const history = seen(console2).alliances[0]!.playedRoundsJson.map((round) => JSON.parse(round) as { round: number; decisions: Record<string, unknown> });
    expect(history.map((outcome) => outcome.decisions['manufacturer'])).toEqual([round1, round2]);
    expect(history[1]!.decisions['dealers']).toEqual({ facilityInvestment: 2.5, localMarketing: 1 });
    // Alliance 2 had nobody: both its sides fell back to last round's values (the defaults in round 1).
    expect(JSON.parse(seen(console2).alliances[1]!.fallbacksJson)).toEqual([
      { round: 1, side: 'manufacturer' },
      { round: 1, side: 'dealers' },
      { round: 2, side: 'manufacturer' },
      { round: 2, side: 'dealers' },
    ]);
    for (const room of [console2, manufacturer2, dealers2]) await room.leave();
  });
});
