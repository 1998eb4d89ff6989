import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startApp, type RunningApp } from '../src/app.ts';
import { matchmake } from './server-process.ts';
import { nextMessage, pause, recordFrames, request, wireBytes } from './wire.ts';

/**
 * Findings 3 and 6, inside a room: a handler or a timer that fails refuses that one request and
 * the rest goes on; a team cannot flood the alliance with proposals, and a deal travels alone; an
 * undone round end reopens the round for both sides alike; refusals are in our words.
 */
recordFrames();
const { Client } = await import('@colyseus/sdk');
type SdkRoom = Awaited<ReturnType<InstanceType<typeof Client>['join']>>;

/** The rooms' clock; a test makes it fail, as any dependency of a handler might. */
let clockFails = false;
const clock = () => {
  if (clockFails) throw new TypeError("Cannot read properties of undefined (reading 'now')");
  return Date.now();
};

let app: RunningApp;
let directory: string;
let client: InstanceType<typeof Client>;
beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'hostile-room-'));
  app = await startApp({ port: 0, dbPath: join(directory, 'log.sqlite'), now: clock, limits: { joinAttemptsPerMinute: 1000 } });
  client = new Client(`ws://127.0.0.1:${app.port}`);
});
afterAll(async () => {
  await app.close();
  rmSync(directory, { recursive: true, force: true });
});

const MANUFACTURER = { dealerPrice: 118, dealerSupport: 1.5, creditRate: 11 };
const DEALERS = { facilityInvestment: 2, localMarketing: 1.5 };
const INTERNAL_TEXT = /undefined|TypeError|\[object|is not a function|is not iterable|Cannot read|Cannot use|operator/;

async function workshop(options: Record<string, unknown> = {}): Promise<{ facilitator: SdkRoom; code: string; maker: SdkRoom; dealers: SdkRoom }> {
  const facilitator = await client.create('workshop', { scenarioId: 'dealer-alliance', alliances: 1, rounds: 4, roundSeconds: 0, ...options });
  const { code } = await nextMessage<{ code: string }>(facilitator, 'created');
  const maker = await client.join('workshop', { code, alliance: 0, side: 'manufacturer' });
  await nextMessage(maker, 'seated');
  const dealers = await client.join('workshop', { code, alliance: 0, side: 'dealers' });
  await nextMessage(dealers, 'seated');
  return { facilitator, code, maker, dealers };
}

type Seen = { phase: string; decisionsLocked: boolean; alliances: { playedRoundsJson: string[]; dealJsons: string[]; seats: Record<string, { submitted: boolean }> }[] };
const seen = (room: SdkRoom) => (room.state as { toJSON(): Seen }).toJSON();

describe('containment', () => {
  it('refuses the one message whose handler failed, in our words, and logs it with the workshop code; other workshops go on', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const one = await workshop();
    const other = await workshop();
    expect(await request(one.facilitator, 'facilitator', { command: { type: 'start' } })).toMatchObject({ kind: 'ack' });
    expect(await request(other.facilitator, 'facilitator', { command: { type: 'start' } })).toMatchObject({ kind: 'ack' });
    clockFails = true;
    const reply = await request(one.maker, 'intent', { intent: { type: 'submitDecisions', round: 1, decisions: MANUFACTURER } });
    clockFails = false;
    // Only the code goes out: nothing of the failure's own text.
    expect(reply).toEqual({ kind: 'error', requestId: expect.any(Number), refusal: { code: 'serverCouldNot' } });
    expect(JSON.stringify(reply)).not.toMatch(INTERNAL_TEXT);
    expect(errors.mock.calls.flat().join('\n')).toMatch(new RegExp(`workshop ${one.code}: a intent message from a device of alliance 1 manufacturer failed: TypeError`));
    // The same workshop, the same device and the other workshop all go on.
    expect(await request(one.maker, 'intent', { intent: { type: 'submitDecisions', round: 1, decisions: MANUFACTURER } })).toMatchObject({ kind: 'ack' });
    expect(await request(other.dealers, 'intent', { intent: { type: 'submitDecisions', round: 1, decisions: DEALERS } })).toMatchObject({ kind: 'ack' });
    errors.mockRestore();
    for (const room of [one.facilitator, one.maker, one.dealers, other.facilitator, other.maker, other.dealers]) await room.leave();
  });

  it('logs a round timer that failed with the workshop code, and the facilitator ends the round instead', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { facilitator, code, maker, dealers } = await workshop({ roundSeconds: 1 });
    expect(await request(facilitator, 'facilitator', { command: { type: 'start' } })).toMatchObject({ kind: 'ack' });
    clockFails = true;
    await pause(1300);
    clockFails = false;
    expect(errors.mock.calls.flat().join('\n')).toMatch(new RegExp(`workshop ${code}: setTimeout failed`));
    expect(seen(facilitator).phase).toBe('decide');
    expect(await request(facilitator, 'facilitator', { command: { type: 'endRound', round: 1 } })).toMatchObject({ kind: 'ack' });
    errors.mockRestore();
    for (const room of [facilitator, maker, dealers]) await room.leave();
  });
});

describe('proposals', () => {
  it('keeps one open proposal per side, and sends each deal alone, not the whole list', async () => {
    const { facilitator, maker, dealers } = await workshop();
    expect(await request(facilitator, 'facilitator', { command: { type: 'start' } })).toMatchObject({ kind: 'ack' });
    const terms = [{ side: 'manufacturer', decision: 'dealerPrice', bound: 'at-most', value: 115 }];
    const sizes: number[] = [];
    for (let cycle = 0; cycle < 8; cycle++) {
      const before = wireBytes(dealers).length;
      expect(await request(maker, 'intent', { intent: { type: 'proposeDeal', terms, rounds: 2 } })).toMatchObject({ kind: 'ack' });
      // A second proposal while the first waits for its answer is refused.
      expect(await request(maker, 'intent', { intent: { type: 'proposeDeal', terms, rounds: 3 } })).toMatchObject({ kind: 'error', refusal: { code: 'gameRule', reason: expect.stringMatching(/still waiting for an answer/) } });
      await pause(80);
      sizes.push(wireBytes(dealers).length - before);
      expect(await request(dealers, 'intent', { intent: { type: 'respondToDeal', proposalId: cycle + 1, response: 'reject' } })).toMatchObject({ kind: 'ack' });
    }
    expect(seen(dealers).alliances[0]!.dealJsons).toHaveLength(8);
    // The eighth proposal costs the partner what the first did: the list is not sent again.
    expect(sizes[7]!).toBeLessThan(sizes[0]! * 1.5);
    for (const room of [facilitator, maker, dealers]) await room.leave();
  });
});

describe('fair undo', () => {
  it('reopens an undone round with its decisions as played: neither side may change them after the reveal', async () => {
    const { facilitator, maker, dealers } = await workshop();
    expect(await request(facilitator, 'facilitator', { command: { type: 'start' } })).toMatchObject({ kind: 'ack' });
    expect(await request(maker, 'intent', { intent: { type: 'submitDecisions', round: 1, decisions: MANUFACTURER } })).toMatchObject({ kind: 'ack' });
    // The dealers had not decided: the round end gave them last round's values, and both saw the result.
    expect(await request(facilitator, 'facilitator', { command: { type: 'endRound', round: 1 } })).toMatchObject({ kind: 'ack' });
    await pause(80);
    const played = JSON.parse(seen(facilitator).alliances[0]!.playedRoundsJson[0]!) as { decisions: Record<string, unknown> };
    expect(await request(facilitator, 'facilitator', { command: { type: 'undoRoundEnd' } })).toMatchObject({ kind: 'ack' });
    await pause(80);
    expect(seen(dealers)).toMatchObject({ phase: 'decide', decisionsLocked: true });
    const locked = { kind: 'error', refusal: { code: 'decisionsLocked' } };
    expect(await request(dealers, 'intent', { intent: { type: 'submitDecisions', round: 1, decisions: { facilityInvestment: 4, localMarketing: 3 } } })).toMatchObject(locked);
    expect(await request(maker, 'intent', { intent: { type: 'undoSubmission', round: 1 } })).toMatchObject(locked);
    // Ended again, the round plays exactly as it did.
    expect(await request(facilitator, 'facilitator', { command: { type: 'endRound', round: 1 } })).toMatchObject({ kind: 'ack' });
    await pause(80);
    expect((JSON.parse(seen(facilitator).alliances[0]!.playedRoundsJson[0]!) as { decisions: unknown }).decisions).toEqual(played.decisions);
    expect(seen(facilitator).decisionsLocked).toBe(false);
    for (const room of [facilitator, maker, dealers]) await room.leave();
  });
});

describe('our words, never internal text', () => {
  it('answers malformed matchmaking requests with refusals a person can read', async () => {
    const answers = await Promise.all(
      [
        ['create', 'not an object'],
        ['create', [1, 2]],
        ['create', null],
        ['create', { scenarioId: 'dealer-alliance', alliances: 'many', rounds: 3, roundSeconds: 0 }],
        ['create', { scenarioId: 'no-such-case', alliances: 1, rounds: 3, roundSeconds: 0 }],
        ['join', { code: 12345678 }],
        ['join', { code: 'ABCDEFGH', seatToken: { $ne: null } }],
        ['join', { code: 'ABCDEFGH', alliance: 0, side: ['dealers'] }],
      ].map(([method, body]) => matchmake(app.port, method as string, body)),
    );
    for (const answer of answers) {
      expect(answer.status, JSON.stringify(answer.json)).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
      expect(String(answer.json['error'])).not.toMatch(INTERNAL_TEXT);
      expect(String(answer.json['error']).length).toBeGreaterThan(10);
    }
  });
});
