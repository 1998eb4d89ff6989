import { describe, expect, it } from 'vitest';
import { readScenario } from '../../src/cli/read-scenario.ts';
import type { FacilitatorCommand, TeamIntent } from '../../src/protocol/index.ts';
import { applyEntry, createWorkshop, firstFreeSeat, replay, undoLastRoundEnd, type EntryResult, type WorkshopConfig, type WorkshopEntry, type WorkshopState } from '../../src/rules/index.ts';

const scenario = readScenario('dealer-alliance');
const config: WorkshopConfig = {
  scenarioId: 'dealer-alliance',
  alliances: 3,
  rounds: 3,
  roundSeconds: 600,
  seed: 1,
  seats: { manufacturer: { kind: 'human' }, dealers: { kind: 'computer', strategy: 'cooperative' } },
  code: 'ABCDEFGH',
  facilitatorSecretHash: '00',
};
const M1 = { dealerPrice: 110, dealerSupport: 1.5, creditRate: 8 };

/** Applies entries one by one, as the room does, and keeps the log. */
function play(commands: (['f', FacilitatorCommand] | ['t', number, TeamIntent])[], start = 1_000): { state: WorkshopState; log: WorkshopEntry[] } {
  const log: WorkshopEntry[] = [{ kind: 'create', at: 0, config }];
  let state = createWorkshop(scenario, config);
  let effective = [...log];
  commands.forEach((command, index) => {
    const at = start + index * 1000;
    const entry: WorkshopEntry = command[0] === 'f' ? { kind: 'facilitator', at, command: command[1] } : { kind: 'team', at, alliance: command[1], side: 'manufacturer', intent: command[2] };
    if (entry.kind === 'facilitator' && entry.command.type === 'undoRoundEnd') {
      const undone = undoLastRoundEnd(scenario, effective)!;
      state = undone.state;
      effective = undone.effective;
    } else {
      const result = applyEntry(scenario, state, entry);
      if (!result.ok) throw new Error(JSON.stringify(result.refusal));
      state = result.state;
      effective.push(entry);
    }
    log.push(entry);
  });
  return { state, log };
}

describe('workshop model', () => {
  it('replays its log to the same state it reached step by step', () => {
    const { state, log } = play([
      ['f', { type: 'start' }],
      ['t', 0, { type: 'submitDecisions', round: 1, decisions: M1 }],
      ['f', { type: 'injectEvent', eventId: 'downturn', alliance: 2 }],
      ['f', { type: 'endRound', round: 1 }],
      ['f', { type: 'nextRound', round: 1 }],
      ['f', { type: 'message', text: 'hello' }],
    ]);
    expect(replay(scenario, log).state).toEqual(state);
    expect(state.round).toBe(2);
    expect(state.fallbacks).toEqual([[], [{ round: 1, side: 'manufacturer' }], [{ round: 1, side: 'manufacturer' }]]);
    expect(state.games[2]!.events).toEqual([{ eventId: 'downturn', round: 1, source: 'facilitator' }]);
    expect(state.games[0]!.events).toEqual([]);
  });

  it('undoes the last round end by replaying the log without it, keeping the decisions made before it', () => {
    const { state, log } = play([
      ['f', { type: 'start' }],
      ['t', 0, { type: 'submitDecisions', round: 1, decisions: M1 }],
      ['f', { type: 'endRound', round: 1 }],
      ['f', { type: 'undoRoundEnd' }],
    ]);
    expect(state.phase).toBe('decide');
    expect(state.games[0]!.history).toEqual([]);
    expect(state.games[0]!.submissions['manufacturer']).toEqual(M1);
    expect(state.fallbacks).toEqual([[], [], []]);
    // The round's timer is paused with the time it had left when the round was ended (at 3s).
    expect(state.deadline).toBeNull();
    expect(state.pausedRemainingMs).toBe(1_000 + 600_000 - 3_000);
    expect(replay(scenario, log).state).toEqual(state);
    // Both sides saw the round's decisions at its end: neither may change them now.
    expect(state.decisionsLocked).toBe(true);
    expect(applyEntry(scenario, state, { kind: 'team', at: 8_000, alliance: 1, side: 'manufacturer', intent: { type: 'submitDecisions', round: 1, decisions: M1 } })).toMatchObject({ ok: false, refusal: { code: 'decisionsLocked' } });
    expect(applyEntry(scenario, state, { kind: 'team', at: 8_000, alliance: 0, side: 'manufacturer', intent: { type: 'undoSubmission', round: 1 } })).toMatchObject({ ok: false });
    // The round can then be ended again, and the next one is open to decisions.
    const ended = applyEntry(scenario, state, { kind: 'facilitator', at: 9_000, command: { type: 'endRound', round: 1 } });
    expect(ended.ok && ended.state.decisionsLocked).toBe(false);
    expect(undoLastRoundEnd(scenario, [log[0]!])).toBeNull();
  });

  it('uses last round’s values for a missing decision, and marks it', () => {
    const { state } = play([
      ['f', { type: 'start' }],
      ['t', 0, { type: 'submitDecisions', round: 1, decisions: M1 }],
      ['f', { type: 'endRound', round: 1 }],
      ['f', { type: 'nextRound', round: 1 }],
      ['f', { type: 'endRound', round: 2 }],
    ]);
    expect(state.games[0]!.history[1]!.decisions['manufacturer']).toEqual(M1);
    expect(state.fallbacks[0]).toEqual([{ round: 2, side: 'manufacturer' }]);
  });

  it('pauses, resumes and extends the round timer', () => {
    const { state } = play([['f', { type: 'start' }], ['f', { type: 'pause' }], ['f', { type: 'extend', seconds: 30 }], ['f', { type: 'resume' }]]);
    // Started at 1s with 600s; paused at 2s (599s left); +30s; resumed at 4s.
    expect(state.deadline).toBe(4_000 + 629_000);
    expect(state.pausedRemainingMs).toBeNull();
  });

  it('refuses commands out of order without changing anything', () => {
    const { state } = play([['f', { type: 'start' }]]);
    for (const command of [{ type: 'start' }, { type: 'nextRound', round: 1 }, { type: 'endRound', round: 2 }, { type: 'resume' }, { type: 'injectEvent', eventId: 'nothing', alliance: null }, { type: 'injectEvent', eventId: 'downturn', alliance: 7 }] as FacilitatorCommand[]) {
      expect(applyEntry(scenario, state, { kind: 'facilitator', at: 5, command }).ok, JSON.stringify(command)).toBe(false);
    }
    expect(applyEntry(scenario, state, { kind: 'team', at: 5, alliance: 0, side: 'dealers', intent: { type: 'submitDecisions', round: 1, decisions: { facilityInvestment: 1, localMarketing: 1 } } }).ok).toBe(false);
    expect(applyEntry(scenario, state, { kind: 'claimSeat', at: 5, alliance: 0, side: 'dealers', tokenHash: 'x' }).ok).toBe(false);
  });

  it('finishes after the last round', () => {
    const steps: ['f', FacilitatorCommand][] = [['f', { type: 'start' }]];
    for (let round = 1; round <= 3; round++) steps.push(['f', { type: 'endRound', round }], ['f', { type: 'nextRound', round }]);
    const { state } = play(steps);
    expect(state.phase).toBe('finished');
    expect(state.games.every((game) => game.phase === 'debrief' && game.history.length === 3)).toBe(true);
  });

  it('moves, fires early and cancels scheduled events per alliance, never once they have begun', () => {
    const timed: WorkshopConfig = { ...config, rounds: 4, events: [{ eventId: 'downturn', round: 3 }] };
    let state = createWorkshop(scenario, timed);
    const log: WorkshopEntry[] = [{ kind: 'create', at: 0, config: timed }];
    const command = (facilitator: FacilitatorCommand): EntryResult => {
      const entry: WorkshopEntry = { kind: 'facilitator', at: log.length * 1000, command: facilitator };
      const result = applyEntry(scenario, state, entry);
      if (result.ok) {
        state = result.state;
        log.push(entry);
      }
      return result;
    };
    expect(state.games.map((game) => game.events)).toEqual([0, 1, 2].map(() => [{ eventId: 'downturn', round: 3, source: 'setup' }]));
    expect(command({ type: 'start' }).ok).toBe(true);
    expect(command({ type: 'moveEvent', eventId: 'downturn', alliance: 1, round: 2 }).ok).toBe(true);
    expect(command({ type: 'cancelEvent', eventId: 'downturn', alliance: 2 }).ok).toBe(true);
    expect(command({ type: 'moveEvent', eventId: 'downturn', alliance: 0, round: 3 })).toEqual({ ok: false, refusal: { code: 'inAlliance', alliance: 0, refusal: { code: 'eventAlreadySet', round: 3 } } });
    expect(command({ type: 'cancelEvent', eventId: 'downturn', alliance: 2 })).toEqual({ ok: false, refusal: { code: 'inAlliance', alliance: 2, refusal: { code: 'eventNotScheduled' } } });
    // The game rules still word their refusals (src/rules/game/apply-action.ts): codes for them are a later pass.
    expect(command({ type: 'moveEvent', eventId: 'downturn', alliance: 0, round: 9 })).toMatchObject({ ok: false, refusal: { code: 'inAlliance', alliance: 0, refusal: { code: 'gameRule', reason: expect.stringMatching(/from round 1 to round 4/) } } });
    for (const round of [1, 2]) {
      expect(command({ type: 'endRound', round }).ok).toBe(true);
      expect(command({ type: 'nextRound', round }).ok).toBe(true);
    }
    expect(state.games.map((game) => game.events.map((event) => event.round))).toEqual([[3], [2], []]);
    // Same decisions everywhere; only alliance 2 (index 1) had its downturn from round 2.
    const units = (alliance: number) => state.games[alliance]!.history.map((outcome) => outcome.kpis['manufacturer']!['volume']);
    expect(units(1)[1]).toBeLessThan(units(0)[1]!);
    expect(units(2)).toEqual(units(0));
    // Alliance 2's downturn has begun: it can no longer be moved or called off.
    expect(command({ type: 'cancelEvent', eventId: 'downturn', alliance: 1 })).toMatchObject({ ok: false, refusal: { code: 'inAlliance', alliance: 1, refusal: { code: 'gameRule', reason: expect.stringMatching(/already begun/) } } });
    // Fire early: alliance 1's downturn moves into the round now open.
    expect(command({ type: 'moveEvent', eventId: 'downturn', alliance: null, round: 3 })).toMatchObject({ ok: true });
    expect(state.games.map((game) => game.events.map((event) => event.round))).toEqual([[3], [2], [3]]);
    expect(replay(scenario, log).state).toEqual(state);
  });

  it('lets the computer take empty seats at the start, a late team take one back, and the facilitator free a seat', () => {
    const open: WorkshopConfig = { ...config, alliances: 2, seats: { manufacturer: { kind: 'human' }, dealers: { kind: 'human' } }, emptySeats: { dealers: 'cooperative' } };
    let state = createWorkshop(scenario, open);
    const log: WorkshopEntry[] = [{ kind: 'create', at: 0, config: open }];
    const apply = (entry: WorkshopEntry): EntryResult => {
      const result = applyEntry(scenario, state, entry);
      if (result.ok) {
        state = result.state;
        log.push(entry);
      }
      return result;
    };
    expect(apply({ kind: 'claimSeat', at: 1, alliance: 0, side: 'dealers', tokenHash: 'a0' }).ok).toBe(true);
    expect(firstFreeSeat(state)).toEqual({ alliance: 0, side: 'manufacturer' });
    expect(apply({ kind: 'facilitator', at: 2, command: { type: 'start' } }).ok).toBe(true);
    // Empty seats first, alliance by alliance; then seats the computer only stands in for.
    expect(firstFreeSeat(state)).toEqual({ alliance: 0, side: 'manufacturer' });
    for (const alliance of [0, 1]) expect(apply({ kind: 'claimSeat', at: 2, alliance, side: 'manufacturer', tokenHash: `m${alliance}` }).ok).toBe(true);
    expect(firstFreeSeat(state)).toEqual({ alliance: 1, side: 'dealers' });
    expect(state.games.map((game) => game.settings.seats['dealers'])).toEqual([{ kind: 'human' }, { kind: 'computer', strategy: 'cooperative' }]);
    expect(state.games[1]!.submissions['dealers']).toBeDefined();
    // A team arriving late takes alliance 2's dealers' seat and decides the open round itself.
    expect(apply({ kind: 'claimSeat', at: 3, alliance: 1, side: 'dealers', tokenHash: 'a1' }).ok).toBe(true);
    expect(state.games[1]!.settings.seats['dealers']).toEqual({ kind: 'human' });
    expect(state.games[1]!.submissions['dealers']).toBeUndefined();
    expect(apply({ kind: 'team', at: 4, alliance: 1, side: 'dealers', intent: { type: 'submitDecisions', round: 1, decisions: { facilityInvestment: 1.2, localMarketing: 0.9 } } }).ok).toBe(true);
    // Alliance 1's dealers leave: the computer plays their seat, and their token no longer holds it.
    expect(apply({ kind: 'facilitator', at: 5, command: { type: 'seatComputer', alliance: 0, side: 'dealers', strategy: 'squeeze' } }).ok).toBe(true);
    expect(state.seatTokens['0:dealers']).toBeUndefined();
    expect(state.games[0]!.submissions['dealers']).toEqual({ facilityInvestment: 0.75, localMarketing: 0.5 });
    expect(apply({ kind: 'facilitator', at: 6, command: { type: 'releaseSeat', alliance: 0, side: 'dealers' } })).toEqual({ ok: false, refusal: { code: 'noTeamSeated' } });
    expect(apply({ kind: 'facilitator', at: 7, command: { type: 'releaseSeat', alliance: 1, side: 'dealers' } }).ok).toBe(true);
    expect(apply({ kind: 'claimSeat', at: 8, alliance: 1, side: 'dealers', tokenHash: 'b1' }).ok).toBe(true);
    expect(state.seatTokens['1:dealers']).toBe('b1');
    expect(apply({ kind: 'facilitator', at: 9, command: { type: 'endRound', round: 1 } }).ok).toBe(true);
    expect(state.games[1]!.history[0]!.decisions['dealers']).toEqual({ facilityInvestment: 1.2, localMarketing: 0.9 });
    expect(replay(scenario, log).state).toEqual(state);
  });

  it('keeps, through an undone round end, the seats and events the facilitator changed after it', () => {
    const open: WorkshopConfig = { ...config, alliances: 2, seats: { manufacturer: { kind: 'human' }, dealers: { kind: 'human' } } };
    const log: WorkshopEntry[] = [{ kind: 'create', at: 0, config: open }];
    let state = createWorkshop(scenario, open);
    let effective = [...log];
    const apply = (entry: WorkshopEntry) => {
      log.push(entry);
      if (entry.kind === 'facilitator' && entry.command.type === 'undoRoundEnd') {
        ({ state, effective } = undoLastRoundEnd(scenario, effective)!);
        return;
      }
      const result = applyEntry(scenario, state, entry);
      if (!result.ok) throw new Error(JSON.stringify(result.refusal));
      state = result.state;
      effective.push(entry);
    };
    apply({ kind: 'claimSeat', at: 1, alliance: 0, side: 'manufacturer', tokenHash: 'old' });
    apply({ kind: 'facilitator', at: 2, command: { type: 'start' } });
    apply({ kind: 'facilitator', at: 3, command: { type: 'endRound', round: 1 } });
    apply({ kind: 'facilitator', at: 4, command: { type: 'releaseSeat', alliance: 0, side: 'manufacturer' } });
    apply({ kind: 'claimSeat', at: 5, alliance: 0, side: 'manufacturer', tokenHash: 'new' });
    apply({ kind: 'facilitator', at: 6, command: { type: 'seatComputer', alliance: 1, side: 'dealers', strategy: 'squeeze' } });
    apply({ kind: 'facilitator', at: 7, command: { type: 'moveEvent', eventId: 'downturn', alliance: 1, round: 2 } });
    apply({ kind: 'facilitator', at: 8, command: { type: 'undoRoundEnd' } });
    expect(state.phase).toBe('decide');
    expect(state.seatTokens['0:manufacturer']).toBe('new');
    expect(state.games[1]!.settings.seats['dealers']).toEqual({ kind: 'computer', strategy: 'squeeze' });
    expect(state.games[1]!.events).toEqual([{ eventId: 'downturn', round: 2, source: 'facilitator' }]);
    expect(replay(scenario, log).state).toEqual(state);
  });

  it('keeps a seat the facilitator gave the computer in the lobby, whatever the stand-in setting', () => {
    const open: WorkshopConfig = { ...config, alliances: 1, seats: { manufacturer: { kind: 'human' }, dealers: { kind: 'human' } }, emptySeats: { dealers: 'cooperative' } };
    let state = createWorkshop(scenario, open);
    for (const command of [{ type: 'seatComputer', alliance: 0, side: 'dealers', strategy: 'cooperative' }, { type: 'start' }] as FacilitatorCommand[]) {
      const result = applyEntry(scenario, state, { kind: 'facilitator', at: 1, command });
      if (!result.ok) throw new Error(JSON.stringify(result.refusal));
      state = result.state;
    }
    expect(state.games[0]!.settings.seats['dealers']).toEqual({ kind: 'computer', strategy: 'cooperative' });
  });

  it('reopens the round for a late team whose partner had already decided against the stand-in', () => {
    const open: WorkshopConfig = { ...config, alliances: 1, seats: { manufacturer: { kind: 'human' }, dealers: { kind: 'human' } }, emptySeats: { dealers: 'cooperative' } };
    let state = createWorkshop(scenario, open);
    const apply = (entry: WorkshopEntry) => {
      const result = applyEntry(scenario, state, entry);
      if (!result.ok) throw new Error(JSON.stringify(result.refusal));
      state = result.state;
    };
    apply({ kind: 'claimSeat', at: 1, alliance: 0, side: 'manufacturer', tokenHash: 'm' });
    apply({ kind: 'facilitator', at: 2, command: { type: 'start' } });
    apply({ kind: 'team', at: 3, alliance: 0, side: 'manufacturer', intent: { type: 'submitDecisions', round: 1, decisions: M1 } });
    expect(state.games[0]!.phase).toBe('reveal');
    apply({ kind: 'claimSeat', at: 4, alliance: 0, side: 'dealers', tokenHash: 'd' });
    expect(state.games[0]!.phase).toBe('decide');
    expect(state.games[0]!.submissions).toEqual({ manufacturer: M1 });
    apply({ kind: 'team', at: 5, alliance: 0, side: 'dealers', intent: { type: 'submitDecisions', round: 1, decisions: { facilityInvestment: 2, localMarketing: 1.5 } } });
    // A team that leaves after deciding keeps its decision for the round; the computer plays from the next.
    apply({ kind: 'facilitator', at: 6, command: { type: 'seatComputer', alliance: 0, side: 'dealers', strategy: 'squeeze' } });
    expect(state.games[0]!.submissions['dealers']).toEqual({ facilityInvestment: 2, localMarketing: 1.5 });
  });

  it('says where a command for every alliance could not be done', () => {
    const { state } = play([['f', { type: 'start' }], ['t', 0, { type: 'submitDecisions', round: 1, decisions: M1 }]]);
    // Alliance 1 has decided round 1 (its partner is the computer), so round 1 is closed to events there.
    const result = applyEntry(scenario, state, { kind: 'facilitator', at: 9, command: { type: 'moveEvent', eventId: 'downturn', alliance: null, round: 1 } });
    expect(result).toMatchObject({ ok: true, notes: [{ code: 'inAlliance', alliance: 0, refusal: { code: 'gameRule', reason: expect.stringMatching(/from round 2/) } }] });
    if (result.ok) expect(result.state.games.map((game) => game.events.length)).toEqual([0, 1, 1]);
  });

  it('runs the P&G case the same way: stand-ins, a competitor event fired early in one alliance, a late team', () => {
    const pg = readScenario('pg-walmart');
    const pgConfig: WorkshopConfig = { ...config, scenarioId: 'pg-walmart', alliances: 2, rounds: 6, seats: { maker: { kind: 'human' }, retailer: { kind: 'human' } }, emptySeats: { retailer: 'promotion' }, events: [{ eventId: 'competitor-promotions', round: 5 }] };
    const log: WorkshopEntry[] = [{ kind: 'create', at: 0, config: pgConfig }];
    let state = createWorkshop(pg, pgConfig);
    const apply = (entry: WorkshopEntry) => {
      const result = applyEntry(pg, state, entry);
      if (!result.ok) throw new Error(JSON.stringify(result.refusal));
      state = result.state;
      log.push(entry);
    };
    apply({ kind: 'claimSeat', at: 1, alliance: 0, side: 'maker', tokenHash: 'm0' });
    apply({ kind: 'claimSeat', at: 1, alliance: 1, side: 'maker', tokenHash: 'm1' });
    apply({ kind: 'facilitator', at: 2, command: { type: 'start' } });
    apply({ kind: 'facilitator', at: 3, command: { type: 'moveEvent', eventId: 'competitor-promotions', alliance: 1, round: 2 } });
    for (const round of [1, 2, 3]) {
      if (round === 2) apply({ kind: 'claimSeat', at: 4, alliance: 0, side: 'retailer', tokenHash: 'r0' });
      apply({ kind: 'facilitator', at: 5 + round, command: { type: 'endRound', round } });
      apply({ kind: 'facilitator', at: 5 + round, command: { type: 'nextRound', round } });
    }
    expect(state.games.map((game) => game.settings.seats['retailer'])).toEqual([{ kind: 'human' }, { kind: 'computer', strategy: 'promotion' }]);
    expect(state.games.map((game) => game.events.map((event) => event.round))).toEqual([[5], [2]]);
    // From round 2 alliance 1's retailer kept last round's (the promotion habit's) values; the marks say so.
    expect(state.fallbacks[0]).toEqual([{ round: 1, side: 'maker' }, { round: 2, side: 'maker' }, { round: 2, side: 'retailer' }, { round: 3, side: 'maker' }, { round: 3, side: 'retailer' }]);
    expect(replay(pg, log).state).toEqual(state);
  });

  it('undoes a round end from the state kept before it, not by replaying the log from the creation', () => {
    const { log } = play([
      ['f', { type: 'start' }],
      ['t', 0, { type: 'submitDecisions', round: 1, decisions: M1 }],
      ['f', { type: 'endRound', round: 1 }],
      ['f', { type: 'nextRound', round: 1 }],
      ['t', 0, { type: 'submitDecisions', round: 2, decisions: M1 }],
      ['f', { type: 'endRound', round: 2 }],
    ]);
    const checkpoints = new WeakMap<WorkshopEntry, WorkshopState>();
    const replayed = replay(scenario, log, checkpoints);
    const undone = undoLastRoundEnd(scenario, replayed.effective, checkpoints)!;
    // The same result as replaying everything before the round end…
    expect(undone.state).toEqual(undoLastRoundEnd(scenario, replayed.effective)!.state);
    expect(undone.state).toMatchObject({ phase: 'decide', round: 2 });
    // …but from the kept state: an entry before it that could no longer be replayed is not touched.
    const poisoned = replayed.effective.map((entry, index) => (index === 2 ? ({ kind: 'facilitator', at: 0, command: { type: 'nextRound', round: 9 } } as WorkshopEntry) : entry));
    checkpoints.set(poisoned.at(-1)!, checkpoints.get(replayed.effective.at(-1)!)!);
    expect(() => undoLastRoundEnd(scenario, poisoned)).toThrow(/could not be replayed/);
    expect(undoLastRoundEnd(scenario, poisoned, checkpoints)!.state).toEqual(undone.state);
  });
});
