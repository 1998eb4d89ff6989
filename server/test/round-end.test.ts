import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@colyseus/sdk';
import { startApp, type RunningApp } from '../src/app.ts';
import { nextMessage, pause, request } from './wire.ts';

/**
 * A round end of a large workshop is prepared alliance by alliance between other messages
 * (here one alliance per turn of the event loop), so the room keeps answering while it runs: a
 * team's decisions sent after the facilitator's round end are acknowledged before it, and played
 * in that round (the round was still open when they arrived).
 */
let app: RunningApp;
let directory: string;
beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'round-end-'));
  app = await startApp({ port: 0, dbPath: join(directory, 'log.sqlite'), roundEndSliceMs: 0 });
});
afterAll(async () => {
  await app.close();
  rmSync(directory, { recursive: true, force: true });
});

describe('a round end does not hold the room', () => {
  it('acknowledges decisions sent while the round end is being simulated, and plays them in it', { timeout: 30_000 }, async () => {
    const client = new Client(`ws://127.0.0.1:${app.port}`);
    const facilitator = await client.create('workshop', { scenarioId: 'dealer-alliance', alliances: 40, rounds: 3, roundSeconds: 0 });
    const { code } = await nextMessage<{ code: string }>(facilitator, 'created');
    const late = await client.join('workshop', { code, alliance: 39, side: 'manufacturer' });
    await nextMessage(late, 'seated');
    expect(await request(facilitator, 'facilitator', { command: { type: 'start' } })).toMatchObject({ kind: 'ack' });

    const order: string[] = [];
    const decisions = { dealerPrice: 123, dealerSupport: 2.5, creditRate: 12 };
    const roundEnd = request(facilitator, 'facilitator', { command: { type: 'endRound', round: 1 } }, 20_000).then((reply) => {
      order.push(`round end: ${reply.kind}`);
      return reply;
    });
    const submission = request(late, 'intent', { intent: { type: 'submitDecisions', round: 1, decisions } }, 20_000).then((reply) => {
      order.push(`decisions: ${reply.kind}`);
      return reply;
    });
    await Promise.all([roundEnd, submission]);
    expect(order).toEqual(['decisions: ack', 'round end: ack']);
    await pause(100);
    const seen = (facilitator.state as { toJSON(): { alliances: { playedRoundsJson: string[]; fallbacksJson: string }[] } }).toJSON();
    const played = JSON.parse(seen.alliances[39]!.playedRoundsJson[0]!) as { decisions: Record<string, unknown> };
    expect(played.decisions['manufacturer']).toEqual(decisions);
    expect(JSON.parse(seen.alliances[39]!.fallbacksJson)).toEqual([{ round: 1, side: 'dealers' }]);
    for (const room of [facilitator, late]) await room.leave();
  });
});
