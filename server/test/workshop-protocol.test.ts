import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../src/app.ts';
import { nextMessage, pause, recordFrames, request, wireBytes } from './wire.ts';
import type { ErrorPayload } from '../../src/protocol/index.ts';

// Real SDK clients over loopback WebSockets, with every server frame recorded.
recordFrames();
const { Client } = await import('@colyseus/sdk');
type SdkRoom = Awaited<ReturnType<InstanceType<typeof Client>['join']>>;

const MANUFACTURER = { dealerPrice: 123, dealerSupport: 2.7, creditRate: 13.5 };
const DEALERS = { facilityInvestment: 3.15, localMarketing: 2.65 };

let app: RunningApp;
let directory: string;
let client: InstanceType<typeof Client>;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'workshop-protocol-'));
  app = await startApp({ port: 0, dbPath: join(directory, 'log.sqlite'), limits: { joinAttemptsPerMinute: 60 } });
  client = new Client(`ws://127.0.0.1:${app.port}`);
});

afterAll(async () => {
  await app.close();
  rmSync(directory, { recursive: true, force: true });
});

interface Workshop {
  facilitator: SdkRoom;
  code: string;
  secret: string;
  workshopId: string;
}

async function createWorkshop(options: Record<string, unknown> = {}): Promise<Workshop> {
  const facilitator = await client.create('workshop', { scenarioId: 'dealer-alliance', alliances: 2, rounds: 4, roundSeconds: 0, ...options });
  const created = await nextMessage<{ code: string; facilitatorSecret: string; workshopId: string }>(facilitator, 'created');
  return { facilitator, code: created.code, secret: created.facilitatorSecret, workshopId: created.workshopId };
}

async function takeSeat(code: string, alliance: number, side: string): Promise<{ room: SdkRoom; seatToken: string }> {
  const room = await client.join('workshop', { code, alliance, side });
  const seated = await nextMessage<{ seatToken: string; alliance: number; side: string }>(room, 'seated');
  expect(seated).toMatchObject({ alliance, side });
  return { room, seatToken: seated.seatToken };
}

const logLength = (workshopId: string) => app.store.entries(workshopId).length;
const stateJson = (room: SdkRoom) => JSON.stringify((room.state as { toJSON(): unknown }).toJSON());

describe('workshop server protocol', () => {
  it('does not put a side’s pending decisions on the partner’s wire before the round is played', async () => {
    const { facilitator, code } = await createWorkshop();
    const manufacturer = await takeSeat(code, 0, 'manufacturer');
    const dealers = await takeSeat(code, 0, 'dealers');
    expect(await request(facilitator, 'facilitator', { command: { type: 'start' } })).toMatchObject({ kind: 'ack' });
    expect(await request(manufacturer.room, 'intent', { intent: { type: 'submitDecisions', round: 1, decisions: MANUFACTURER } })).toMatchObject({ kind: 'ack' });
    await pause(150); // a few patch intervals
    // A second device of the dealers' team joins after the submission: its full state is checked too.
    const dealersTablet = await client.join('workshop', { code, seatToken: dealers.seatToken });
    await pause(150);

    const secret = Buffer.from('"dealerPrice":123');
    expect(wireBytes(manufacturer.room).includes(secret)).toBe(true); // its own team sees it (the check can see JSON)
    expect(wireBytes(facilitator).includes(secret)).toBe(true);
    expect(wireBytes(dealers.room).includes(Buffer.from('dealerPrice'))).toBe(false);
    expect(wireBytes(dealersTablet).includes(Buffer.from('dealerPrice'))).toBe(false);
    const seen = (dealers.room.state as { toJSON(): { alliances: { seats: Record<string, { submitted: boolean; pendingJson?: string }> }[] } }).toJSON();
    expect(seen.alliances[0]!.seats['manufacturer']).toMatchObject({ submitted: true });
    expect(seen.alliances[0]!.seats['manufacturer']!.pendingJson).toBeUndefined();

    // After the round is played the decisions are public: the reveal reaches the partner.
    expect(await request(dealers.room, 'intent', { intent: { type: 'submitDecisions', round: 1, decisions: DEALERS } })).toMatchObject({ kind: 'ack' });
    await pause(150);
    expect(wireBytes(manufacturer.room).includes(Buffer.from('3.15'))).toBe(false);
    expect(await request(facilitator, 'facilitator', { command: { type: 'endRound', round: 1 } })).toMatchObject({ kind: 'ack' });
    await pause(150);
    expect(wireBytes(dealers.room).includes(secret)).toBe(true);
    expect(wireBytes(manufacturer.room).includes(Buffer.from('"facilityInvestment":3.15'))).toBe(true);
    for (const room of [facilitator, manufacturer.room, dealers.room, dealersTablet]) await room.leave();
  });

  it('sends a team only its own alliance’s history; the facilitator gets every alliance’s', async () => {
    const { facilitator, code } = await createWorkshop();
    const ours = await takeSeat(code, 0, 'manufacturer');
    const theirs = await takeSeat(code, 1, 'manufacturer');
    expect(await request(facilitator, 'facilitator', { command: { type: 'start' } })).toMatchObject({ kind: 'ack' });
    // A value only alliance 2 plays; alliance 1 plays MANUFACTURER (dealerSupport 2.7).
    const distinctive = { dealerPrice: 127, dealerSupport: 2.9, creditRate: 4 };
    expect(await request(ours.room, 'intent', { intent: { type: 'submitDecisions', round: 1, decisions: MANUFACTURER } })).toMatchObject({ kind: 'ack' });
    expect(await request(theirs.room, 'intent', { intent: { type: 'submitDecisions', round: 1, decisions: distinctive } })).toMatchObject({ kind: 'ack' });
    expect(await request(facilitator, 'facilitator', { command: { type: 'endRound', round: 1 } })).toMatchObject({ kind: 'ack' });
    await pause(150);
    // A second device of alliance 1 joins after the round end: its full state is checked too.
    const ourTablet = await client.join('workshop', { code, seatToken: ours.seatToken });
    await pause(150);

    const theirValue = Buffer.from('"dealerSupport":2.9');
    const ourValue = Buffer.from('"dealerSupport":2.7');
    expect(wireBytes(facilitator).includes(theirValue)).toBe(true);
    expect(wireBytes(facilitator).includes(ourValue)).toBe(true);
    expect(wireBytes(theirs.room).includes(theirValue)).toBe(true);
    expect(wireBytes(theirs.room).includes(ourValue)).toBe(false);
    for (const room of [ours.room, ourTablet]) {
      expect(wireBytes(room).includes(ourValue)).toBe(true);
      expect(wireBytes(room).includes(theirValue)).toBe(false);
      // The other alliance's progress stays public; its history, deals, events and exit are absent.
      const seen = (room.state as { toJSON(): { alliances: Record<string, unknown>[] } }).toJSON();
      expect(seen.alliances[1]).toMatchObject({ phase: 'results', round: 1 });
      for (const field of ['playedRoundsJson', 'fallbacksJson', 'dealsJson', 'eventsJson', 'exitJson']) expect(seen.alliances[1]![field]).toBeUndefined();
      expect(seen.alliances[0]!['playedRoundsJson']).toHaveLength(1);
    }
    for (const room of [facilitator, ours.room, ourTablet, theirs.room]) await room.leave();
  });

  it('rejects invalid and out-of-order messages with an error reply and changes nothing', async () => {
    const { facilitator, code, workshopId } = await createWorkshop();
    const { room } = await takeSeat(code, 1, 'dealers');
    const early = await request(room, 'intent', { intent: { type: 'submitDecisions', round: 1, decisions: DEALERS } });
    expect(early).toMatchObject({ kind: 'error', refusal: { code: 'workshopNotStarted' } });
    expect(await request(facilitator, 'facilitator', { command: { type: 'start' } })).toMatchObject({ kind: 'ack' });
    await pause(120);
    const logBefore = logLength(workshopId);

    const refusals = [
      await request(room, 'intent', { intent: { type: 'submitDecisions', round: 2, decisions: DEALERS } }), // a future round
      await request(room, 'intent', { intent: { type: 'submitDecisions', round: 1, decisions: { ...DEALERS, localMarketing: 99 } } }), // out of range
      await request(room, 'intent', { intent: { type: 'submitDecisions', round: 1, decisions: { facilityInvestment: 1 } } }), // missing decision
      await request(room, 'intent', { intent: { type: 'submitDecisions', round: 1, decisions: { ...DEALERS, dealerPrice: 100 } } }), // the other side's decision
      await request(room, 'intent', { intent: { type: 'submitDecisions', round: 1, decisions: { facilityInvestment: '1', localMarketing: 1 } } }), // wrong type
      await request(room, 'intent', { intent: { type: 'resolveRound', round: 1 } }), // not a team intent
      await request(room, 'intent', { intent: { type: 'undoSubmission', round: 1 } }), // nothing to undo
      await request(room, 'intent', { intent: { type: 'submitDecisions', round: 1, decisions: DEALERS, side: 'manufacturer' } }), // extra field
      await request(room, 'intent', { intent: { type: 'respondToDeal', proposalId: 7, response: 'accept' } }), // no such proposal
      await request(room, 'intent', {}),
    ];
    for (const reply of refusals) expect(reply, JSON.stringify(reply)).toMatchObject({ kind: 'error', refusal: { code: expect.stringMatching(/^(gameRule|messageNotUnderstood)$/) } });

    // Messages without a usable request id, or of an unknown type, still get an error reply.
    const broken = nextMessage<ErrorPayload>(room, 'error');
    room.send('intent', 'not an object');
    expect(await broken).toMatchObject({ requestId: -1, refusal: { code: 'messageNotUnderstood' } });
    const unknown = nextMessage<ErrorPayload>(room, 'error');
    room.send('cheat', { requestId: 5 });
    expect((await unknown).refusal).toEqual({ code: 'unknownMessage', type: 'cheat' });

    // A decision after the round has ended is out of order too.
    expect(await request(facilitator, 'facilitator', { command: { type: 'endRound', round: 1 } })).toMatchObject({ kind: 'ack' });
    const late = await request(room, 'intent', { intent: { type: 'submitDecisions', round: 1, decisions: DEALERS } });
    expect(late).toMatchObject({ kind: 'error', refusal: { code: 'decisionsClosed' } });
    expect(logLength(workshopId)).toBe(logBefore + 1); // only the round end was written
    const repeatedEnd = await request(facilitator, 'facilitator', { command: { type: 'endRound', round: 1 } });
    expect(repeatedEnd).toMatchObject({ kind: 'error' });
    expect(logLength(workshopId)).toBe(logBefore + 1);
    await room.leave();
    await facilitator.leave();
  });

  it('leaves the state byte-for-byte unchanged after refused messages', async () => {
    const { facilitator, code, workshopId } = await createWorkshop();
    const { room } = await takeSeat(code, 0, 'manufacturer');
    await request(facilitator, 'facilitator', { command: { type: 'start' } });
    await pause(120);
    const logBefore = logLength(workshopId);
    const before = stateJson(room);
    await request(room, 'intent', { intent: { type: 'submitDecisions', round: 1, decisions: { ...MANUFACTURER, creditRate: 40 } } });
    await request(room, 'intent', { intent: { type: 'proposeDeal', terms: [{ side: 'dealers', decision: 'nothing', bound: 'at-most', value: 1 }], rounds: 2 } });
    await request(room, 'facilitator', { command: { type: 'endRound', round: 1 } });
    await pause(120);
    expect(stateJson(room)).toBe(before);
    expect(logLength(workshopId)).toBe(logBefore);
    await room.leave();
    await facilitator.leave();
  });

  it('refuses facilitator-only actions to teams, and the facilitator’s console to a wrong secret', async () => {
    const { facilitator, code, secret, workshopId } = await createWorkshop();
    const { room } = await takeSeat(code, 0, 'manufacturer');
    const logBefore = logLength(workshopId);
    const commands = [
      { type: 'start' },
      { type: 'endRound', round: 1 },
      { type: 'nextRound', round: 1 },
      { type: 'undoRoundEnd' },
      { type: 'injectEvent', eventId: 'downturn', alliance: null },
      { type: 'message', text: 'all teams: stop' },
      { type: 'extend', seconds: 60 },
    ];
    for (const command of commands) {
      expect(await request(room, 'facilitator', { command })).toMatchObject({ kind: 'error', refusal: { code: 'facilitatorOnly' } });
    }
    // Nor can a team pass a rules action that only the facilitator may take.
    expect(await request(room, 'intent', { intent: { type: 'scheduleEvent', eventId: 'downturn', round: 1 } })).toMatchObject({ kind: 'error' });
    expect(logLength(workshopId)).toBe(logBefore);
    await expect(client.join('workshop', { code, facilitatorSecret: 'x'.repeat(32) })).rejects.toThrow();
    // The facilitator's own commands go through, and the facilitator cannot pose as a team.
    const console2 = await client.join('workshop', { code, facilitatorSecret: secret });
    expect(await request(console2, 'intent', { intent: { type: 'exitAlliance' } })).toMatchObject({ kind: 'error' });
    const announcement = nextMessage<{ text: string }>(room, 'announcement');
    expect(await request(console2, 'facilitator', { command: { type: 'message', text: 'Ten minutes left' } })).toMatchObject({ kind: 'ack' });
    expect((await announcement).text).toBe('Ten minutes left');
    for (const r of [room, facilitator, console2]) await r.leave();
  });

  it('gives a rejoining team its own seat back through its seat token, and nobody else’s', async () => {
    const { facilitator, code } = await createWorkshop();
    const first = await takeSeat(code, 1, 'manufacturer');
    await first.room.leave();
    await expect(client.join('workshop', { code, alliance: 1, side: 'manufacturer' })).rejects.toThrow(/already sits there/);
    await expect(client.join('workshop', { code, seatToken: 'y'.repeat(32) })).rejects.toThrow();
    const again = await client.join('workshop', { code, seatToken: first.seatToken });
    expect(await nextMessage(again, 'seated')).toMatchObject({ alliance: 1, side: 'manufacturer' });
    await request(facilitator, 'facilitator', { command: { type: 'start' } });
    expect(await request(again, 'intent', { intent: { type: 'submitDecisions', round: 1, decisions: MANUFACTURER } })).toMatchObject({ kind: 'ack' });
    await pause(120);
    const seen = (facilitator.state as { toJSON(): { alliances: { seats: Record<string, { submitted: boolean; connected: number }> }[] } }).toJSON();
    expect(seen.alliances[1]!.seats['manufacturer']).toMatchObject({ submitted: true, connected: 1 });
    expect(seen.alliances[0]!.seats['manufacturer']).toMatchObject({ submitted: false });
    // A seat token of one workshop opens nothing in another.
    const other = await createWorkshop();
    await expect(client.join('workshop', { code: other.code, seatToken: first.seatToken })).rejects.toThrow();
    for (const r of [again, facilitator, other.facilitator]) await r.leave();
  });

  it('ends the round when its timer runs out, filling missing decisions with last round’s values, marked as fallback', async () => {
    const { facilitator, code } = await createWorkshop({ alliances: 1, roundSeconds: 1 });
    const { room } = await takeSeat(code, 0, 'manufacturer');
    await request(facilitator, 'facilitator', { command: { type: 'start' } });
    await request(room, 'intent', { intent: { type: 'submitDecisions', round: 1, decisions: MANUFACTURER } });
    await pause(1400);
    const seen = (facilitator.state as { toJSON(): { phase: string; alliances: { playedRoundsJson: string[]; fallbacksJson: string }[] } }).toJSON();
    expect(seen.phase).toBe('results');
    expect(JSON.parse(seen.alliances[0]!.fallbacksJson)).toEqual([{ round: 1, side: 'dealers' }]);
    const history = seen.alliances[0]!.playedRoundsJson.map((round) => JSON.parse(round) as { decisions: Record<string, unknown> });
    expect(history[0]!.decisions['manufacturer']).toEqual(MANUFACTURER);
    expect(history[0]!.decisions['dealers']).toEqual({ facilityInvestment: 1.5, localMarketing: 1 });
    await room.leave();
    await facilitator.leave();
  });

  it('undoes the last round end from the console: the round reopens with the decisions made before it', async () => {
    const { facilitator, code, workshopId } = await createWorkshop({ alliances: 1 });
    const { room } = await takeSeat(code, 0, 'manufacturer');
    await request(facilitator, 'facilitator', { command: { type: 'start' } });
    await request(room, 'intent', { intent: { type: 'submitDecisions', round: 1, decisions: MANUFACTURER } });
    expect(await request(facilitator, 'facilitator', { command: { type: 'injectEvent', eventId: 'downturn', alliance: null } })).toMatchObject({ kind: 'ack' });
    expect(await request(facilitator, 'facilitator', { command: { type: 'endRound', round: 1 } })).toMatchObject({ kind: 'ack' });
    expect(await request(facilitator, 'facilitator', { command: { type: 'undoRoundEnd' } })).toMatchObject({ kind: 'ack' });
    await pause(120);
    type Seen = { phase: string; alliances: { playedRoundsJson: string[]; eventsJson: string; seats: Record<string, { submitted: boolean; pendingJson?: string }> }[] };
    const seen = (facilitator.state as { toJSON(): Seen }).toJSON();
    expect(seen.phase).toBe('decide');
    expect(seen.alliances[0]!.playedRoundsJson).toEqual([]);
    expect(JSON.parse(seen.alliances[0]!.seats['manufacturer']!.pendingJson!)).toEqual(MANUFACTURER);
    expect(seen.alliances[0]!.seats['dealers']!.submitted).toBe(false);
    expect(JSON.parse(seen.alliances[0]!.eventsJson)).toEqual([{ eventId: 'downturn', round: 1, source: 'facilitator' }]);
    // Nothing left to undo; the undo itself is in the log, so a restart replays it.
    expect(await request(facilitator, 'facilitator', { command: { type: 'undoRoundEnd' } })).toMatchObject({ kind: 'error' });
    expect(app.store.entries(workshopId).map((entry) => (entry.kind === 'facilitator' ? entry.command.type : entry.kind))).toEqual([
      'create', 'claimSeat', 'start', 'team', 'injectEvent', 'endRound', 'undoRoundEnd',
    ]);
    await room.leave();
    await facilitator.leave();
  });

  it('takes a dropped team back through Colyseus reconnection, in the same seat', async () => {
    const { facilitator, code } = await createWorkshop({ alliances: 1 });
    const { room } = await takeSeat(code, 0, 'dealers');
    await request(facilitator, 'facilitator', { command: { type: 'start' } });
    room.reconnection.minUptime = 0;
    room.reconnection.minDelay = 10;
    room.reconnection.delay = 10;
    const sessionId = room.sessionId;
    const reconnected = new Promise<void>((resolve) => room.onReconnect(() => resolve()));
    // The network drops (close code 4010, "may try reconnect"): not a consented leave.
    (room.connection as unknown as { transport: { close(code: number, reason?: string): void } }).transport.close(4010, 'network lost');
    await reconnected;
    type Seen = { alliances: { seats: Record<string, { connected: number; submitted: boolean }> }[] };
    expect(room.sessionId).toBe(sessionId);
    expect(await request(room, 'intent', { intent: { type: 'submitDecisions', round: 1, decisions: DEALERS } })).toMatchObject({ kind: 'ack' });
    await pause(120);
    expect((facilitator.state as { toJSON(): Seen }).toJSON().alliances[0]!.seats['dealers']).toMatchObject({ connected: 1, submitted: true });
    // The reconnected session keeps its view: its own alliance's history still reaches it.
    expect(await request(facilitator, 'facilitator', { command: { type: 'endRound', round: 1 } })).toMatchObject({ kind: 'ack' });
    await pause(120);
    const history = (room.state as { toJSON(): { alliances: { playedRoundsJson?: string[] }[] } }).toJSON().alliances[0]!.playedRoundsJson;
    expect(history).toHaveLength(1);
    await room.leave();
    await facilitator.leave();
  });

  // Last: it uses up this process's join allowance.
  it('rate-limits join attempts per IP, so codes cannot be guessed', async () => {
    const { facilitator, code } = await createWorkshop();
    let refusedAfter = 0;
    for (let attempt = 1; attempt <= 80; attempt++) {
      const error = await client.join('workshop', { code: 'ZZZZZZZZ', alliance: 0, side: 'dealers' }).then(() => null, (e: Error) => e);
      expect(error).not.toBeNull();
      if (/Too many/.test(error!.message)) {
        refusedAfter = attempt;
        break;
      }
    }
    expect(refusedAfter).toBeGreaterThan(0);
    expect(refusedAfter).toBeLessThanOrEqual(61);
    // Once over the limit, even the right code is refused.
    await expect(client.join('workshop', { code, alliance: 0, side: 'dealers' })).rejects.toThrow(/Too many/);
    await facilitator.leave();
  });
});
