import { describe, expect, it } from 'vitest';
import { readScenario } from '../../src/cli/read-scenario.ts';
import { type FacilitatorCommand } from '../../src/protocol/index.ts';
import { applyEntry, createWorkshop, type WorkshopConfig, type WorkshopState } from '../../src/rules/index.ts';
import { keyKpis, parseSnapshot } from '../../src/state/workshop-store.ts';
import { eventPreview, timelineCells } from '../../src/state/workshop-timeline.ts';
import { syncSchema } from '../../server/src/rooms/sync-schema.ts';
import { WorkshopSchema } from '../../server/src/rooms/schema/workshop-state.ts';

const scenario = readScenario('dealer-alliance');
const config: WorkshopConfig = {
  scenarioId: 'dealer-alliance',
  alliances: 2,
  rounds: 5,
  roundSeconds: 0,
  seed: 3,
  seats: { manufacturer: { kind: 'human' }, dealers: { kind: 'human' } },
  events: [{ eventId: 'downturn', round: 4 }],
  code: 'ABCDEFGH',
  facilitatorSecretHash: 'x',
};

function run(state: WorkshopState, commands: FacilitatorCommand[]): WorkshopState {
  return commands.reduce((current, command, index) => {
    const result = applyEntry(scenario, current, { kind: 'facilitator', at: index, command });
    if (!result.ok) throw new Error(JSON.stringify(result.refusal));
    return result.state;
  }, state);
}

const snapshotOf = (state: WorkshopState) => {
  const schema = new WorkshopSchema();
  syncSchema(schema, 'w', state, new Map());
  return parseSnapshot(schema.toJSON());
};

describe('the facilitator’s event timeline', () => {
  it('shows each alliance’s events, which have begun, and the earliest round each can still move to', () => {
    let state = run(createWorkshop(scenario, config), [{ type: 'start' }, { type: 'moveEvent', eventId: 'downturn', alliance: 1, round: 1 }]);
    let cells = timelineCells(snapshotOf(state), scenario);
    expect(cells.map((row) => row.map((cell) => `${cell.eventId}@${cell.round}:${cell.status}:${cell.earliest}`))).toEqual([
      ['downturn@4:scheduled:1', 'recycled-line@null:not-scheduled:1'],
      ['downturn@1:scheduled:1', 'recycled-line@null:not-scheduled:1'],
    ]);
    expect(cells[1]![0]!.byFacilitator).toBe(true);
    state = run(state, [{ type: 'endRound', round: 1 }]);
    cells = timelineCells(snapshotOf(state), scenario);
    expect(cells[1]![0]).toMatchObject({ status: 'begun', earliest: 2 });
    expect(cells[0]![0]).toMatchObject({ status: 'scheduled', earliest: 2 });
  });

  it('previews an event as the rounds then play out when both sides hold their course', () => {
    const dealerPrice = { dealerPrice: 112, dealerSupport: 0.8, creditRate: 9 };
    let state = run(createWorkshop(scenario, { ...config, events: [] }), [{ type: 'start' }]);
    const submitted = applyEntry(scenario, state, { kind: 'team', at: 1, alliance: 0, side: 'manufacturer', intent: { type: 'submitDecisions', round: 1, decisions: dealerPrice } });
    if (!submitted.ok) throw new Error(JSON.stringify(submitted.refusal));
    state = run(submitted.state, [{ type: 'endRound', round: 1 }, { type: 'nextRound', round: 1 }]);
    const preview = eventPreview(snapshotOf(state), scenario, 0, 'downturn', 3);
    expect(preview.impacts.map((impact) => impact.kpi.id)).toEqual(keyKpis(scenario).map((kpi) => kpi.id));
    // Now play it: the downturn from round 3; nobody decides again, so both keep their last decisions.
    state = run(state, [{ type: 'moveEvent', eventId: 'downturn', alliance: 0, round: 3 }]);
    for (let round = 2; round <= 5; round++) state = run(state, [{ type: 'endRound', round }, { type: 'nextRound', round }]);
    const last = state.games[0]!.history.at(-1)!;
    for (const impact of preview.impacts) {
      expect(impact.withEvent).toBeCloseTo(last.kpis[impact.kpi.side]![impact.kpi.id]! * impact.kpi.scale, 9);
    }
    // A downturn costs the maker money by the end.
    const makerProfit = preview.impacts.find((impact) => impact.kpi.side === 'manufacturer')!;
    expect(makerProfit.withEvent).toBeLessThan(makerProfit.without);
  });
});
