import { describe, expect, it } from 'vitest';
import { readScenario } from '../../src/cli/read-scenario.ts';
import { charterTerms, conductAnalysis, conductOf, debriefAnalysis, meetsTerm, defaultDecisions, gameConstants, playRounds, type Decisions, type GameState, applyEntry, createWorkshop, type WorkshopConfig, type WorkshopEntry, type WorkshopState } from '../../src/rules/index.ts';
import { allianceLabel, cooperationRows, kpiTrajectories, playedRounds, rankingRows, replayRound } from '../../src/state/workshop-compare.ts';
import { keyKpis, parseSnapshot, projectorRows, type WorkshopSnapshot } from '../../src/state/workshop-store.ts';
import { syncSchema } from '../../server/src/rooms/sync-schema.ts';
import { WorkshopSchema } from '../../server/src/rooms/schema/workshop-state.ts';

const scenario = readScenario('dealer-alliance');
const sides = scenario.definition.sides;
const manufacturer = sides.find((side) => side.id === 'manufacturer')!;
const dealers = sides.find((side) => side.id === 'dealers')!;
const ROUNDS = 4;
const config: WorkshopConfig = {
  scenarioId: 'dealer-alliance',
  alliances: 3,
  rounds: ROUNDS,
  roundSeconds: 0,
  seed: 11,
  seats: { manufacturer: { kind: 'human' }, dealers: { kind: 'human' } },
  code: 'ABCDEFGH',
  facilitatorSecretHash: 'x',
};

/**
 * Three alliances through the real workshop rules: alliance 1 keeps the agreed terms; in
 * alliance 2 the manufacturer raises its price in round 2 only and comes back; in alliance 3 the
 * dealers cut marketing from round 3 to the end, a downturn hits in round 2, and its manufacturer
 * misses round 3 (the server keeps last round's values).
 */
function decisionsFor(alliance: number, side: string, round: number): Decisions | null {
  if (side === 'manufacturer') {
    if (alliance === 2 && round === 3) return null;
    return { ...defaultDecisions(manufacturer), dealerPrice: alliance === 1 && round === 2 ? 112 : 100 };
  }
  return { ...defaultDecisions(dealers), localMarketing: alliance === 2 && round >= 3 ? 0.4 : 1 };
}

function playWorkshop(): WorkshopState {
  let state = createWorkshop(scenario, config);
  const apply = (entry: WorkshopEntry) => {
    const result = applyEntry(scenario, state, entry);
    if (!result.ok) throw new Error(JSON.stringify(result.refusal));
    state = result.state;
  };
  apply({ kind: 'facilitator', at: 0, command: { type: 'start' } });
  for (let round = 1; round <= ROUNDS; round++) {
    if (round === 2) apply({ kind: 'facilitator', at: round, command: { type: 'injectEvent', eventId: 'downturn', alliance: 2 } });
    for (let alliance = 0; alliance < config.alliances; alliance++) {
      for (const side of sides) {
        const decisions = decisionsFor(alliance, side.id, round);
        if (decisions) apply({ kind: 'team', at: round, alliance, side: side.id, intent: { type: 'submitDecisions', round, decisions } });
      }
    }
    apply({ kind: 'facilitator', at: round, command: { type: 'endRound', round } });
    apply({ kind: 'facilitator', at: round, command: { type: 'nextRound', round } });
  }
  return state;
}

/** What the facilitator's browser holds: the server's own schema sync, parsed. */
function snapshotOf(state: WorkshopState): WorkshopSnapshot {
  const schema = new WorkshopSchema();
  syncSchema(schema, 'w-1', state, new Map());
  return parseSnapshot(schema.toJSON());
}

/** The same game replayed from its decisions by the rules alone: an independent source of the KPIs. */
function replayed(game: GameState) {
  return playRounds(scenario, { constants: gameConstants(scenario, game.settings), events: game.events, exit: game.exit, rounds: game.history.length, decide: (side, round) => game.history[round - 1]!.decisions[side]! }).played;
}

const state = playWorkshop();
const snapshot = snapshotOf(state);

describe('comparing the alliances of a workshop', () => {
  it('names alliances as the projector table does, hidden as letters and shown as numbers', () => {
    for (const showNames of [false, true]) {
      const names = [...new Set(projectorRows(snapshot, scenario, showNames).map((row) => row.name))];
      expect(snapshot.alliances.map((alliance) => allianceLabel(alliance.index, showNames))).toEqual(names);
    }
    expect(allianceLabel(27, false)).toBe('Alliance B1');
  });

  it('draws each key KPI as one line per alliance with the values the rules compute', () => {
    expect(state.phase).toBe('finished');
    expect(playedRounds(snapshot)).toBe(ROUNDS);
    const trajectories = kpiTrajectories(snapshot, scenario, true);
    expect(trajectories.map((trajectory) => trajectory.column.id)).toEqual(keyKpis(scenario).map((column) => column.id));
    for (const trajectory of trajectories) {
      expect(trajectory.lines.map((line) => line.name)).toEqual(['Alliance 1', 'Alliance 2', 'Alliance 3']);
      for (const line of trajectory.lines) {
        const expected = replayed(state.games[line.alliance]!).map((outcome) => outcome.kpis[trajectory.column.side]![trajectory.column.id]! * trajectory.column.scale);
        expect(line.values).toHaveLength(ROUNDS);
        line.values.forEach((value, i) => expect(value).toBeCloseTo(expected[i]!, 9));
      }
    }
    // Up to a round: the replay's charts stop there.
    expect(kpiTrajectories(snapshot, scenario, false, 2)[0]!.lines.every((line) => line.values.length === 2)).toBe(true);
  });

  it('ranks the alliances by both sides\' cumulative profit at the end, best first', () => {
    const ranking = rankingRows(snapshot, scenario, true);
    const combined = state.games.map((game) => {
      const last = replayed(game).at(-1)!;
      return sides.reduce((sum, side) => sum + last.kpis[side.id]!['cumulativeProfit']!, 0);
    });
    const expectedOrder = combined.map((score, alliance) => ({ score, alliance })).sort((a, b) => b.score - a.score).map((entry) => entry.alliance);
    expect(ranking.map((row) => row.alliance)).toEqual(expectedOrder);
    expect(ranking.map((row) => row.rank)).toEqual([1, 2, 3]);
    for (const row of ranking) {
      expect(row.score).toBeCloseTo(combined[row.alliance]!, 9);
      expect(row.rounds).toBe(ROUNDS);
      expect(row.name).toBe(`Alliance ${row.alliance + 1}`);
    }
  });

  it('says per alliance and side who kept the agreed terms, from the same conduct analysis as the game\'s debrief, with the server\'s fill-ins', () => {
    const rows = cooperationRows(snapshot, scenario, true);
    expect(rows).toHaveLength(config.alliances * sides.length);
    for (const row of rows) {
      const game = state.games[row.alliance]!;
      const unforgiving = conductOf(conductAnalysis(scenario, { history: game.history, deals: game.deals, exit: game.exit }), row.side);
      // A round the server filled in is not held against the seat.
      expect(row.breaches).toEqual(unforgiving.breachRounds.filter((round) => !row.fallbacks.includes(round)));
      expect(row.backOnTerms).toBe(conductOf(debriefAnalysis(scenario, game, state.fallbacks[row.alliance]!).conduct, row.side).backOnTerms);
      expect(row.fallbacks).toEqual(state.fallbacks[row.alliance]!.filter((mark) => mark.side === row.side).map((mark) => mark.round));
    }
    const status = (alliance: number, side: string) => rows.find((row) => row.alliance === alliance && row.side === side)!;
    // Each arm of ConductStatus, from the decisions this workshop was played with.
    expect(status(0, 'manufacturer').status).toBe('kept');
    expect(status(0, 'dealers').status).toBe('kept');
    expect(status(1, 'manufacturer')).toMatchObject({ status: 'cameBack', breaches: [2], backOnTerms: 3 });
    expect(status(2, 'dealers')).toMatchObject({ status: 'broke', breaches: [3, 4], backOnTerms: null });
    expect(status(2, 'manufacturer').fallbacks).toEqual([3]);
  });

  it('replays one alliance\'s round: both sides\' decisions with breaches and fill-ins marked, its KPIs and the events that began', () => {
    const game = state.games[2]!;
    const downturn = game.events.find((event) => event.eventId === 'downturn')!;
    const played = replayed(game);
    for (let round = 1; round <= ROUNDS; round++) {
      const replay = replayRound(snapshot, scenario, 2, round)!;
      expect(replay).toMatchObject({ alliance: 2, round, rounds: ROUNDS, exitedAfter: false });
      expect(replay.eventsBegun).toEqual(round === downturn.round ? ['Market downturn'] : []);
      for (const side of replay.sides) {
        const definition = sides.find((candidate) => candidate.id === side.side)!;
        expect(side.fallback).toBe(side.side === 'manufacturer' && round === 3);
        for (const decision of side.decisions) {
          const value = game.history[round - 1]!.decisions[side.side]![decision.id]!;
          expect(decision.value).toBe(value);
          // The dealer charter binds from round 1, so a mark is a broken term and the same test as the debrief's decision table.
          const term = charterTerms(definition).find((candidate) => candidate.decision === decision.id);
          expect(decision.breach !== null).toBe(term !== undefined && !meetsTerm(term, value, definition.decisions.find((d) => d.id === decision.id)));
        }
        for (const kpi of side.kpis) {
          const definitionKpi = scenario.definition.kpis.find((candidate) => candidate.side === side.side && candidate.id === kpi.id)!;
          expect(kpi.value).toBeCloseTo(played[round - 1]!.kpis[side.side]![kpi.id]! * definitionKpi.displayScale, 9);
        }
      }
      expect(replay.allianceKpis.map((kpi) => kpi.id)).toEqual(scenario.definition.kpis.filter((kpi) => kpi.side === 'alliance').map((kpi) => kpi.id));
    }
    const cut = replayRound(snapshot, scenario, 2, 3)!.sides.find((side) => side.side === 'dealers')!.decisions.find((decision) => decision.id === 'localMarketing')!;
    expect(cut.breach).toEqual({ direction: 'below', agreed: dealers.decisions.find((d) => d.id === 'localMarketing')!.agreed ?? 1, withoutTerms: false });
    // Out-of-range rounds land on the first or last played one; nothing to replay before round 1.
    expect(replayRound(snapshot, scenario, 2, 99)!.round).toBe(ROUNDS);
    expect(replayRound(snapshot, scenario, 2, 0)!.round).toBe(1);
    expect(replayRound(snapshotOf(createWorkshop(scenario, config)), scenario, 0, 1)).toBeNull();
  });

  it('does not count a round the server filled in as breaking the charter', () => {
    // In P&G the scenario's starting values (a promotion habit) break the charter's terms; a seat
    // nobody took plays them round after round without having chosen anything.
    const pg = readScenario('pg-walmart');
    const pgConfig: WorkshopConfig = { ...config, scenarioId: 'pg-walmart', alliances: 1, rounds: 2, seats: { maker: { kind: 'human' }, retailer: { kind: 'human' } } };
    let pgState = createWorkshop(pg, pgConfig);
    for (const command of [{ type: 'start' }, { type: 'endRound', round: 1 }, { type: 'nextRound', round: 1 }, { type: 'endRound', round: 2 }] as const) {
      const result = applyEntry(pg, pgState, { kind: 'facilitator', at: 1, command });
      if (!result.ok) throw new Error(JSON.stringify(result.refusal));
      pgState = result.state;
    }
    // No terms bind in P&G until a deal is agreed: the habit is away from the cooperative way, not a breach.
    const unforgiving = conductOf(conductAnalysis(pg, { history: pgState.games[0]!.history, deals: [], exit: null }), 'maker');
    expect(unforgiving.breachRounds).toEqual([]);
    expect(unforgiving.offBaselineRounds).toEqual([1, 2]);
    const schema = new WorkshopSchema();
    syncSchema(schema, 'w', pgState, new Map());
    const rows = cooperationRows(parseSnapshot(schema.toJSON()), pg, true);
    expect(rows.map((row) => [row.side, row.status, row.breaches, row.fallbacks, row.awayWithoutTerms])).toEqual([
      ['maker', 'kept', [], [1, 2], []],
      ['retailer', 'kept', [], [1, 2], []],
    ]);
  });
});
