/**
 * A third, minimal case whose ids are all different from the shipped ones (test/fixtures/
 * scenarios/tiny-supply: a supplier and a client, months not quarters, "earnings" not "profit"),
 * played through the game's rules, its debrief and a workshop with its debrief. Code that named a
 * shipped case's ids would find nothing here and fail.
 */
import { describe, expect, it } from 'vitest';
import { applyEntry, createWorkshop, type WorkshopConfig, type WorkshopEntry, type WorkshopState } from '../../src/rules/index.ts';
import { allStatements, debriefContent } from '../../src/state/debrief/index.ts';
import { cooperationRows, rankingRows, replayRound } from '../../src/state/workshop-compare.ts';
import { keyKpis, parseSnapshot, workshopCsvRows } from '../../src/state/workshop-store.ts';
import { renderStatement } from '../../src/views/debrief/render-statement.ts';
import { syncSchema } from '../../server/src/rooms/sync-schema.ts';
import { WorkshopSchema } from '../../server/src/rooms/schema/workshop-state.ts';
import { testScenario } from '../helpers/scenarios.ts';
import { playGame } from '../views/debrief/debrief-games.ts';

const tiny = testScenario('tiny-supply');
const words = { unit: 'month', units: 'months' };
const KEEP = { supplier: { markup: 0.2, service: 1 }, client: { commitment: 1 } };
const SQUEEZE = { supplier: { markup: 0.3, service: 0.5 }, client: { commitment: 0.6 } };

describe('a third case with ids of its own', () => {
  it('plays through the rules and gets a debrief in its own words: months, earnings, goodwill', () => {
    const game = playGame(tiny, [{ eventId: 'supply-shock', round: 4 }], (round) => (round >= 5 && round <= 8 ? SQUEEZE : KEEP));
    expect(game.phase).toBe('debrief');
    const content = debriefContent(tiny, game);
    const conduct = content.conduct.sides.map((entry) => entry.statements.map((statement) => renderStatement(statement, words)).join(' '));
    expect(conduct).toEqual(['Supplier moved against the agreed terms in months 5–8, and kept them again from month 9.', 'Client moved against the agreed terms in months 5–8, and kept them again from month 9.']);
    const text = allStatements(content).map((statement) => renderStatement(statement, words)).join(' ');
    expect(text).not.toMatch(/quarter|round/i);
    expect([...content.lessons.shown, ...content.lessons.notShown].map((lesson) => lesson.kind).sort()).toEqual([...tiny.definition.debrief.lessons].sort());
    expect(content.lessons.shown.map((lesson) => lesson.kind)).toContain('reflex-pays-at-first');
    expect(content.payoff.cells).toHaveLength(4);
    expect(content.stocks.rows.map((row) => row.label)).toEqual(['Goodwill']);
  });

  it('runs as a workshop, and its debrief ranks, judges conduct and replays in its own ids', () => {
    const config: WorkshopConfig = {
      scenarioId: 'tiny-supply',
      alliances: 2,
      rounds: 6,
      roundSeconds: 0,
      seed: 3,
      seats: { supplier: { kind: 'human' }, client: { kind: 'human' } },
      code: 'TINYCASE',
      facilitatorSecretHash: 'x',
    };
    let state: WorkshopState = createWorkshop(tiny, config);
    const apply = (entry: WorkshopEntry) => {
      const result = applyEntry(tiny, state, entry);
      if (!result.ok) throw new Error(JSON.stringify(result.refusal));
      state = result.state;
    };
    apply({ kind: 'facilitator', at: 0, command: { type: 'start' } });
    for (let round = 1; round <= config.rounds; round++) {
      if (round === 3) apply({ kind: 'facilitator', at: round, command: { type: 'injectEvent', eventId: 'supply-shock', alliance: 1 } });
      for (let alliance = 0; alliance < config.alliances; alliance++) {
        const plan = alliance === 1 && round >= 4 ? SQUEEZE : KEEP;
        for (const side of ['supplier', 'client'] as const) apply({ kind: 'team', at: round, alliance, side, intent: { type: 'submitDecisions', round, decisions: plan[side] } });
      }
      apply({ kind: 'facilitator', at: round, command: { type: 'endRound', round } });
      apply({ kind: 'facilitator', at: round, command: { type: 'nextRound', round } });
    }
    const schema = new WorkshopSchema();
    syncSchema(schema, 'w-tiny', state, new Map());
    const snapshot = parseSnapshot(schema.toJSON());
    expect(keyKpis(tiny).map((column) => column.label)).toEqual(['Goodwill', 'Supplier: Earnings to date', 'Client: Earnings to date']);
    const ranking = rankingRows(snapshot, tiny, true);
    expect(ranking.map((row) => row.alliance)).toEqual([0, 1]);
    expect(ranking.every((row) => row.score !== null)).toBe(true);
    const conduct = cooperationRows(snapshot, tiny, true);
    expect(conduct.map((row) => [row.alliance, row.side, row.status, row.breaches])).toEqual([
      [0, 'supplier', 'kept', []],
      [0, 'client', 'kept', []],
      [1, 'supplier', 'broke', [4, 5, 6]],
      [1, 'client', 'broke', [4, 5, 6]],
    ]);
    const replay = replayRound(snapshot, tiny, 1, 4)!;
    expect(replay.sides.find((side) => side.side === 'supplier')!.decisions.find((decision) => decision.id === 'markup')!.breach).toMatchObject({ direction: 'above', agreed: 0.2, withoutTerms: false });
    expect(replay.allianceKpis.map((kpi) => kpi.id)).toEqual(['goodwill']);
    const csv = workshopCsvRows(snapshot, tiny);
    expect(csv.filter((row) => row['kind'] === 'conduct' && row['value'] === 'broke')).toHaveLength(6);
  });
});
