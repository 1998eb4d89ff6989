import { describe, expect, it } from 'vitest';
import { readScenario } from '../../src/cli/read-scenario.ts';
import { chooseServer, defaultServerUrl, describeJoinError } from '../../src/net/workshop-client.ts';
import { applyEntry, createWorkshop, type WorkshopConfig, type WorkshopEntry, type WorkshopState } from '../../src/rules/index.ts';
import { allianceGame, createWorkshopStore, formatClock, freeSeats, keyKpis, parseSnapshot, projectorRows, seatLines, timeLeftMs, workshopCsvRows } from '../../src/state/workshop-store.ts';
import { decisionFields } from '../../src/state/selectors.ts';
import { addDeviceUrl, isLoopback, joinUrl } from '../../src/views/workshop/join-links.ts';
import { workshopSession } from '../../src/views/workshop/workshop-session.ts';
import { syncSchema } from '../../server/src/rooms/sync-schema.ts';
import { WorkshopSchema } from '../../server/src/rooms/schema/workshop-state.ts';

const scenario = readScenario('dealer-alliance');
const config: WorkshopConfig = {
  scenarioId: 'dealer-alliance',
  alliances: 2,
  rounds: 4,
  roundSeconds: 300,
  seed: 7,
  seats: { manufacturer: { kind: 'human' }, dealers: { kind: 'computer', strategy: Object.keys(scenario.definition.strategies['dealers']!)[0]! } },
  code: 'ABCDEFGH',
  facilitatorSecretHash: 'x',
};

function play(entries: WorkshopEntry[]): WorkshopState {
  let state = createWorkshop(scenario, config);
  for (const entry of entries) {
    const result = applyEntry(scenario, state, entry);
    if (!result.ok) throw new Error(JSON.stringify(result.refusal));
    state = result.state;
  }
  return state;
}

/** What a client receives: the server's own schema sync, as JSON. */
function wire(state: WorkshopState, connected = new Map<string, number>()): unknown {
  const schema = new WorkshopSchema();
  syncSchema(schema, 'w-1', state, connected);
  return schema.toJSON();
}

const round1 = { dealerPrice: 112, dealerSupport: 1.3, creditRate: 9.5 };

describe('workshop store and selectors', () => {
  it('parses the synchronised schema into a snapshot, seats and an alliance game', () => {
    const state = play([
      { kind: 'claimSeat', at: 1, alliance: 0, side: 'manufacturer', tokenHash: 'h' },
      { kind: 'facilitator', at: 1000, command: { type: 'start' } },
      { kind: 'team', at: 2000, alliance: 0, side: 'manufacturer', intent: { type: 'submitDecisions', round: 1, decisions: round1 } },
    ]);
    const snapshot = parseSnapshot(wire(state, new Map([['0:manufacturer', 2]])));
    expect(snapshot).toMatchObject({ workshopId: 'w-1', scenarioId: 'dealer-alliance', phase: 'decide', round: 1, rounds: 4, roundSeconds: 300, deadline: 301_000, pausedRemainingMs: null });
    expect(snapshot.alliances).toHaveLength(2);
    expect(snapshot.alliances[0]!.seats['manufacturer']).toMatchObject({ claimed: true, connected: 2, submitted: true, pending: round1 });
    const lines = seatLines(snapshot, scenario);
    expect(lines.map((line) => `${line.alliance}:${line.side}:${line.occupant}`)).toEqual(['0:manufacturer:team', '0:dealers:computer', '1:manufacturer:empty', '1:dealers:computer']);
    expect(freeSeats(snapshot, scenario).map((line) => line.alliance)).toEqual([1]);
    const game = allianceGame(snapshot, scenario, 0);
    expect(game.submissions['manufacturer']).toEqual(round1);
    expect(game.phase).toBe('reveal'); // the computer partner has decided too
    // The game's own selectors work on it: the decision fields start from the defaults in round 1.
    const fields = decisionFields(workshopSession(snapshot, scenario, 0, 'manufacturer'), 'manufacturer');
    expect(fields.map((field) => field.id)).toEqual(scenario.definition.sides.find((side) => side.id === 'manufacturer')!.decisions.map((decision) => decision.id));
  });

  it('shows results per alliance and round for the projector, with names hidden or shown, and exports every decision and KPI', () => {
    const state = play([
      { kind: 'facilitator', at: 0, command: { type: 'start' } },
      { kind: 'team', at: 1, alliance: 0, side: 'manufacturer', intent: { type: 'submitDecisions', round: 1, decisions: round1 } },
      { kind: 'facilitator', at: 2, command: { type: 'injectEvent', eventId: 'downturn', alliance: 1 } },
      { kind: 'facilitator', at: 3, command: { type: 'endRound', round: 1 } },
      { kind: 'facilitator', at: 4, command: { type: 'moveEvent', eventId: 'recycled-line', alliance: 1, round: 3 } },
    ]);
    const snapshot = parseSnapshot(wire(state));
    expect(snapshot.phase).toBe('results');
    expect(snapshot.alliances[1]!.fallbacks).toEqual([{ round: 1, side: 'manufacturer' }]);
    const columns = keyKpis(scenario);
    expect(columns.length).toBeGreaterThan(0);
    const hidden = projectorRows(snapshot, scenario, false);
    expect(hidden.map((row) => row.name)).toEqual(['Alliance A', 'Alliance B']);
    expect(projectorRows(snapshot, scenario, true).map((row) => row.name)).toEqual(['Alliance 1', 'Alliance 2']);
    expect(hidden[0]!.values.every((value) => typeof value === 'number' && Number.isFinite(value))).toBe(true);
    const rows = workshopCsvRows(snapshot, scenario);
    expect(rows.filter((row) => row['kind'] === 'decision' && row['alliance'] === 1 && row['side'] === 'manufacturer').map((row) => [row['name'], row['value'], row['fallback']])).toEqual(Object.entries(round1).map(([name, value]) => [name, value, 'no']));
    expect(rows.some((row) => row['alliance'] === 2 && row['side'] === 'manufacturer' && row['fallback'] === 'yes')).toBe(true);
    expect(rows.some((row) => row['kind'] === 'kpi')).toBe(true);
    // Events that began are exported; one still to come (round 3) is not.
    expect(rows.filter((row) => row['kind'] === 'event')).toEqual([{ alliance: 2, round: 1, kind: 'event', side: '', name: 'downturn', value: 1, fallback: '', label: 'Market downturn', unit: '' }]);
    expect(rows.find((row) => row['kind'] === 'decision' && row['name'] === 'dealerPrice')).toMatchObject({ label: 'Price to dealers', unit: '$ per unit' });
  });

  it('tracks requests until the server answers, and words refusals with what was asked', () => {
    const store = createWorkshopStore();
    store.getState().requestSent(1, 'Decisions for round 1');
    store.getState().requestSent(2, 'End round 1');
    expect(Object.keys(store.getState().pending)).toEqual(['1', '2']);
    store.getState().acknowledged(1);
    expect(store.getState().lastAck).toBe('Decisions for round 1');
    store.getState().refused(2, 'No round is open.');
    expect(store.getState().lastError).toBe('End round 1: No round is open.');
    expect(store.getState().pending).toEqual({});
    store.getState().refused(-1, 'Unknown message "x".');
    expect(store.getState().lastError).toBe('Unknown message "x".');
    store.getState().announce({ text: 'Five minutes left', at: 3 });
    expect(store.getState().announcements).toEqual([{ text: 'Five minutes left', at: 3 }]);
  });

  it('counts the timer down, and holds it while paused', () => {
    const base = parseSnapshot({ deadline: 10_000, pausedRemainingMs: 0 });
    expect(timeLeftMs(base, 4_000)).toBe(6_000);
    expect(timeLeftMs(base, 12_000)).toBe(0);
    expect(timeLeftMs(parseSnapshot({ deadline: 0, pausedRemainingMs: 90_000 }), 99)).toBe(90_000);
    expect(timeLeftMs(parseSnapshot({}), 1)).toBeNull();
    expect(formatClock(61_000)).toBe('1:01');
    expect(formatClock(500)).toBe('0:01');
  });

  it('finds the server, builds the join URL, and words join failures', () => {
    // ?server= only for the page's own origin or a server listed at build time: a link cannot send
    // the saved secrets anywhere else (a local listener, another host).
    const page = { hostname: 'room.local', protocol: 'http:', port: '5173' };
    expect(chooseServer({ ...page, search: '?server=ws://127.0.0.1:9999' }, true, [])).toEqual({ url: 'ws://room.local:5173/colyseus', refused: 'ws://127.0.0.1:9999', param: null });
    expect(chooseServer({ ...page, search: '?server=wss://evil.example' }, false, [])).toMatchObject({ url: 'ws://room.local:5173', refused: 'wss://evil.example' });
    expect(chooseServer({ ...page, search: '?server=ws://room.local:5173' }, false, [])).toEqual({ url: 'ws://room.local:5173', refused: null, param: 'ws://room.local:5173' });
    expect(chooseServer({ ...page, search: '?server=ws://10.0.0.2:9000' }, true, ['http://10.0.0.2:9000'])).toEqual({ url: 'ws://10.0.0.2:9000', refused: null, param: 'ws://10.0.0.2:9000' });
    expect(chooseServer({ ...page, search: '?server=javascript:alert(1)' }, true, [])).toMatchObject({ refused: 'javascript:alert(1)' });
    expect(defaultServerUrl({ search: '', hostname: 'room.local', protocol: 'http:', port: '5173' }, true)).toBe('ws://room.local:5173/colyseus');
    expect(defaultServerUrl({ search: '', hostname: 'example.org', protocol: 'https:', port: '' }, false)).toBe('wss://example.org');
    const url = new URL(joinUrl('http://h:1/', 'ABCD2345', 'dealer-alliance', 3, 'ws://h:2'));
    expect(Object.fromEntries(url.searchParams)).toEqual({ join: 'ABCD2345', case: 'dealer-alliance', alliances: '3', server: 'ws://h:2' });
    expect(url.hash).toBe('#team');
    const device = new URL(addDeviceUrl('http://h:1/', 'ABCD2345', 'dealer-alliance', 3, null, 'token-of-sixteen-chars'));
    expect(Object.fromEntries(device.searchParams)).toEqual({ join: 'ABCD2345', case: 'dealer-alliance', alliances: '3', seat: 'token-of-sixteen-chars' });
    // Other devices cannot open this machine's loopback address; the console says so.
    expect(['http://127.0.0.1:5173/?join=A', 'http://localhost:5173/', 'http://[::1]:4173/'].map(isLoopback)).toEqual([true, true, true]);
    expect(['http://192.168.1.20:2567/', 'https://game.example.org/'].map(isLoopback)).toEqual([false, false]);
    expect(describeJoinError(new Error('no rooms found with provided criteria'))).toMatch(/No workshop has that code/);
    // The server's own refusals are shown as it words them; anything else never as it comes.
    expect(describeJoinError(Object.assign(new Error('Every seat is taken.'), { code: 409 }))).toBe('Every seat is taken.');
    expect(describeJoinError(Object.assign(new Error("Cannot use 'in' operator to search for 'x' in y"), { code: 523 }))).not.toMatch(/operator/);
  });
});
