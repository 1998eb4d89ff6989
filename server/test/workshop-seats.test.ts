import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../src/app.ts';
import { nextMessage, pause, recordFrames, request, wireBytes } from './wire.ts';

/**
 * Seats changing hands in a running workshop, with real clients: the computer stands in for a
 * seat nobody took and gives it up to a late team; the facilitator frees a seat or gives it to the
 * computer, and the team that sat there is told, disconnected and cannot come back on its token.
 */
recordFrames();
const { Client } = await import('@colyseus/sdk');
type SdkRoom = Awaited<ReturnType<InstanceType<typeof Client>['join']>>;
interface SeenSeat {
  kind: string;
  strategy: string;
  claimed: boolean;
  forTeams: boolean;
  submitted: boolean;
}
type Seen = { alliances: { seats: Record<string, SeenSeat> }[] };

let app: RunningApp;
let directory: string;
let client: InstanceType<typeof Client>;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'workshop-seats-'));
  app = await startApp({ port: 0, dbPath: join(directory, 'log.sqlite'), limits: { joinAttemptsPerMinute: 100 } });
  client = new Client(`ws://127.0.0.1:${app.port}`);
});

afterAll(async () => {
  await app.close();
  rmSync(directory, { recursive: true, force: true });
});

const seen = (room: SdkRoom) => (room.state as { toJSON(): Seen }).toJSON();

async function takeSeat(code: string, alliance: number, side: string): Promise<{ room: SdkRoom; seatToken: string }> {
  const room = await client.join('workshop', { code, alliance, side });
  const seated = await nextMessage<{ seatToken: string }>(room, 'seated');
  return { room, seatToken: seated.seatToken };
}

describe('seats changing hands in a running workshop', () => {
  it('stands the computer in for empty seats, hands them to late teams, and sends a replaced team off', async () => {
    const facilitator = await client.create('workshop', { scenarioId: 'dealer-alliance', alliances: 2, rounds: 4, roundSeconds: 0, emptySeats: { dealers: 'squeeze' }, events: [{ eventId: 'downturn', round: 3 }] });
    const { code } = await nextMessage<{ code: string }>(facilitator, 'created');
    const maker = await takeSeat(code, 0, 'manufacturer');
    const dealers = await takeSeat(code, 0, 'dealers');
    expect(await request(facilitator, 'facilitator', { command: { type: 'start' } })).toMatchObject({ kind: 'ack' });
    await pause(120);
    // Alliance 2's dealers' seat was empty: the computer plays it, and it has decided already.
    expect(seen(facilitator).alliances[1]!.seats['dealers']).toMatchObject({ kind: 'computer', strategy: 'squeeze', forTeams: true, submitted: true });
    expect(seen(facilitator).alliances[0]!.seats['dealers']).toMatchObject({ kind: 'human', claimed: true });

    // A late team takes that seat back from the computer and decides round 1 itself.
    const late = await takeSeat(code, 1, 'dealers');
    await pause(120);
    expect(seen(facilitator).alliances[1]!.seats['dealers']).toMatchObject({ kind: 'human', claimed: true, submitted: false });
    expect(await request(late.room, 'intent', { intent: { type: 'submitDecisions', round: 1, decisions: { facilityInvestment: 1.4, localMarketing: 1.1 } } })).toMatchObject({ kind: 'ack' });

    // Alliance 1's dealers leave the room: the facilitator gives their seat to the computer.
    const released = nextMessage(dealers.room, 'seatReleased');
    const closed = new Promise<number>((resolve) => dealers.room.onLeave((code: number) => resolve(code)));
    expect(await request(facilitator, 'facilitator', { command: { type: 'seatComputer', alliance: 0, side: 'dealers', strategy: 'cooperative' } })).toMatchObject({ kind: 'ack' });
    await released;
    await closed;
    await pause(120);
    expect(seen(facilitator).alliances[0]!.seats['dealers']).toMatchObject({ kind: 'computer', strategy: 'cooperative', submitted: true });
    // Their old token no longer opens the seat.
    await expect(client.join('workshop', { code, seatToken: dealers.seatToken })).rejects.toThrow(/not valid/);

    // The maker's team is replaced: the seat is freed, and a new team takes it.
    const makerReleased = nextMessage(maker.room, 'seatReleased');
    expect(await request(facilitator, 'facilitator', { command: { type: 'releaseSeat', alliance: 0, side: 'manufacturer' } })).toMatchObject({ kind: 'ack' });
    await makerReleased;
    await pause(120);
    expect(seen(facilitator).alliances[0]!.seats['manufacturer']).toMatchObject({ kind: 'human', claimed: false });
    const replacement = await takeSeat(code, 0, 'manufacturer');
    expect(await request(replacement.room, 'intent', { intent: { type: 'submitDecisions', round: 1, decisions: { dealerPrice: 104, dealerSupport: 1.2, creditRate: 8 } } })).toMatchObject({ kind: 'ack' });
    await expect(client.join('workshop', { code, seatToken: maker.seatToken })).rejects.toThrow(/not valid/);

    // Events: alliance 2's downturn fires now; alliance 1's is called off.
    expect(await request(facilitator, 'facilitator', { command: { type: 'moveEvent', eventId: 'downturn', alliance: 1, round: 1 } })).toMatchObject({ kind: 'ack' });
    expect(await request(facilitator, 'facilitator', { command: { type: 'cancelEvent', eventId: 'downturn', alliance: 0 } })).toMatchObject({ kind: 'ack' });
    expect(await request(facilitator, 'facilitator', { command: { type: 'endRound', round: 1 } })).toMatchObject({ kind: 'ack' });
    await pause(120);
    const alliances = (facilitator.state as { toJSON(): { alliances: { playedRoundsJson: string[]; eventsJson: string }[] } }).toJSON().alliances;
    expect(JSON.parse(alliances[1]!.eventsJson)).toEqual([{ eventId: 'downturn', round: 1, source: 'facilitator' }]);
    expect(JSON.parse(alliances[0]!.eventsJson)).toEqual([]);
    expect(JSON.parse(alliances[1]!.playedRoundsJson[0]!).decisions.dealers).toEqual({ facilityInvestment: 1.4, localMarketing: 1.1 });
    for (const room of [facilitator, late.room, replacement.room]) await room.leave();
  });

  it('sends off a device that was offline while its seat was freed, without showing it the new team’s decisions', { timeout: 15_000 }, async () => {
    const facilitator = await client.create('workshop', { scenarioId: 'dealer-alliance', alliances: 1, rounds: 4, roundSeconds: 0 });
    const { code } = await nextMessage<{ code: string }>(facilitator, 'created');
    const old = await takeSeat(code, 0, 'manufacturer');
    const dealers = await takeSeat(code, 0, 'dealers');
    expect(await request(facilitator, 'facilitator', { command: { type: 'start' } })).toMatchObject({ kind: 'ack' });
    old.room.reconnection.minUptime = 0;
    old.room.reconnection.minDelay = 1500;
    old.room.reconnection.delay = 1500;
    const released = nextMessage(old.room, 'seatReleased', () => true, 8000);
    // The network drops (not a leave): Colyseus keeps the session for a reconnection.
    (old.room.connection as unknown as { transport: { close(code: number, reason: string): void } }).transport.close(4010, 'network lost');
    await pause(200);
    expect(await request(facilitator, 'facilitator', { command: { type: 'releaseSeat', alliance: 0, side: 'manufacturer' } })).toMatchObject({ kind: 'ack' });
    const fresh = await takeSeat(code, 0, 'manufacturer');
    expect(await request(fresh.room, 'intent', { intent: { type: 'submitDecisions', round: 1, decisions: { dealerPrice: 121, dealerSupport: 2.3, creditRate: 9.5 } } })).toMatchObject({ kind: 'ack' });
    // The old device comes back by itself, and is told its seat is gone.
    await released;
    await pause(150);
    expect(wireBytes(old.room).includes(Buffer.from('"dealerPrice":121'))).toBe(false);
    expect(seen(facilitator).alliances[0]!.seats['manufacturer']).toMatchObject({ connected: 1, submitted: true });
    for (const room of [facilitator, fresh.room, dealers.room]) await room.leave();
  });

  it('gives a team that lets the server choose the first free seat, and says so when none is left', async () => {
    const facilitator = await client.create('workshop', { scenarioId: 'dealer-alliance', alliances: 2, rounds: 4, roundSeconds: 0, computerSeats: { dealers: 'cooperative' } });
    const { code } = await nextMessage<{ code: string }>(facilitator, 'created');
    await takeSeat(code, 0, 'manufacturer');
    const room = await client.join('workshop', { code, anySeat: true });
    expect(await nextMessage(room, 'seated')).toMatchObject({ alliance: 1, side: 'manufacturer' });
    await pause(120);
    // The team sees that the computer plays its partner, not which strategy it follows; the facilitator does.
    expect(seen(room).alliances[1]!.seats['dealers']).toMatchObject({ kind: 'computer' });
    expect(seen(room).alliances[1]!.seats['dealers']!.strategy).toBeUndefined();
    expect(seen(facilitator).alliances[1]!.seats['dealers']).toMatchObject({ strategy: 'cooperative' });
    await expect(client.join('workshop', { code, anySeat: true })).rejects.toThrow(/Every seat is taken/);
    await facilitator.leave();
  });

  it('refuses a workshop whose events or stand-in strategies do not exist in the case', async () => {
    await expect(client.create('workshop', { scenarioId: 'dealer-alliance', alliances: 1, rounds: 4, roundSeconds: 0, events: [{ eventId: 'downturn', round: 9 }] })).rejects.toThrow(/after the last round/);
    await expect(client.create('workshop', { scenarioId: 'dealer-alliance', alliances: 1, rounds: 4, roundSeconds: 0, emptySeats: { dealers: 'chaos' } })).rejects.toThrow(/no computer strategy "chaos"/);
  });
});
