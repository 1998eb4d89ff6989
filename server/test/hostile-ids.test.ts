import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@colyseus/sdk';
import { readScenario } from '../../src/cli/read-scenario.ts';
import { createWorkshopOptions, facilitatorCommand, intentMessage, joinWorkshopOptions, refusalText, teamIntent, type Refusal } from '../../src/protocol/index.ts';
import { applyEntry, createWorkshop, replay, workshopConfigFrom, type WorkshopConfig, type WorkshopEntry, type WorkshopState } from '../../src/rules/index.ts';
import { nextMessage, pause, request } from './wire.ts';
import { startServerProcess, type ServerProcess } from './server-process.ts';

/**
 * Finding 1 and its whole class: an id from outside looked up on a plain object finds the
 * object's built-in properties (`strategies.dealers.constructor` is Object). Every message a
 * client can send is swept: each string in it, and each key, is replaced in turn by every name on
 * Object.prototype; the model must refuse it in words or take it harmlessly, never throw, and
 * leave a workshop that still plays. Then the exact reports, against the real server process.
 */
const HOSTILE = [...Object.getOwnPropertyNames(Object.prototype), 'prototype'];
const scenario = readScenario('dealer-alliance');
const M = { dealerPrice: 118, dealerSupport: 1.5, creditRate: 11 };
const INTERNAL_TEXT = /undefined|TypeError|\[object|is not a function|is not iterable|Cannot read|Cannot use/;

/** Every variant of a message with one string leaf or one key replaced by a hostile name. */
function* variants(message: unknown): Generator<{ where: string; value: unknown }> {
  function* walk(node: unknown, path: string[], rebuild: (replacement: unknown) => unknown): Generator<{ where: string; value: unknown }> {
    if (typeof node === 'string') {
      for (const name of HOSTILE) yield { where: `${path.join('.')} = ${name}`, value: rebuild(name) };
      return;
    }
    if (Array.isArray(node)) {
      for (const [index, item] of node.entries()) yield* walk(item, [...path, String(index)], (replacement) => rebuild(node.map((other, i) => (i === index ? replacement : other))));
      return;
    }
    if (node && typeof node === 'object') {
      for (const [key, item] of Object.entries(node)) {
        // A renamed key, as JSON.parse would make it (an own property, even "__proto__").
        for (const name of HOSTILE) {
          const renamed: Record<string, unknown> = {};
          for (const [otherKey, otherItem] of Object.entries(node)) Object.defineProperty(renamed, otherKey === key ? name : otherKey, { value: otherItem, enumerable: true, writable: true, configurable: true });
          yield { where: `${[...path, key].join('.')} renamed ${name}`, value: rebuild(renamed) };
        }
        yield* walk(item, [...path, key], (replacement) => rebuild({ ...(node as object), [key]: replacement }));
      }
    }
  }
  // Through JSON, as the network delivers it: a "__proto__" key stays an own property.
  for (const variant of walk(message, [], (replacement) => replacement)) yield { where: variant.where, value: JSON.parse(JSON.stringify(variant.value, (_key, value: unknown) => value)) as unknown };
}

const config: WorkshopConfig = {
  scenarioId: 'dealer-alliance',
  alliances: 2,
  rounds: 4,
  roundSeconds: 0,
  seed: 3,
  seats: { manufacturer: { kind: 'human' }, dealers: { kind: 'human' } },
  emptySeats: { dealers: 'cooperative' },
  events: [{ eventId: 'downturn', round: 3 }],
  code: 'ABCDEFGH',
  facilitatorSecretHash: '00',
};

/** A workshop in round 2 with a played round, a seat taken, an open proposal from each side's partner. */
function richWorkshop(): { state: WorkshopState; log: WorkshopEntry[] } {
  const log: WorkshopEntry[] = [{ kind: 'create', at: 0, config }];
  let state = createWorkshop(scenario, config);
  const step = (entry: WorkshopEntry) => {
    const result = applyEntry(scenario, state, entry);
    if (!result.ok) throw new Error(JSON.stringify(result.refusal));
    state = result.state;
    log.push(entry);
  };
  step({ kind: 'claimSeat', at: 1, alliance: 0, side: 'manufacturer', tokenHash: 'aa' });
  step({ kind: 'facilitator', at: 2, command: { type: 'start' } });
  step({ kind: 'team', at: 3, alliance: 0, side: 'manufacturer', intent: { type: 'submitDecisions', round: 1, decisions: M } });
  step({ kind: 'facilitator', at: 4, command: { type: 'endRound', round: 1 } });
  step({ kind: 'facilitator', at: 5, command: { type: 'nextRound', round: 1 } });
  const terms = scenario.definition.deals[0]!.terms;
  step({ kind: 'team', at: 6, alliance: 0, side: 'manufacturer', intent: { type: 'proposeDeal', terms, rounds: 2 } });
  return { state, log };
}

/** The workshop still plays to its end after whatever the message did. */
function stillPlays(start: WorkshopState): void {
  let state = start;
  for (let guard = 0; guard < 20 && state.phase !== 'finished'; guard++) {
    const command = state.phase === 'lobby' ? { type: 'start' as const } : state.phase === 'decide' ? { type: 'endRound' as const, round: state.round } : { type: 'nextRound' as const, round: state.round };
    const result = applyEntry(scenario, state, { kind: 'facilitator', at: 100 + guard, command });
    expect(result.ok, JSON.stringify(result)).toBe(true);
    if (result.ok) state = result.state;
  }
  expect(state.phase).toBe('finished');
}

/** A refusal with a code of the catalogue, whose words name no internal detail. */
function expectReadable(refusal: Refusal, where: string): void {
  expect(refusal.code, where).not.toBe('serverCouldNot');
  const words = refusalText(refusal);
  expect(words, where).not.toMatch(/^The server turned that down/);
  expect(words.length, where).toBeGreaterThan(5);
  expect(words, where).not.toMatch(INTERNAL_TEXT);
}

const TEAM_EXAMPLES: Record<string, unknown> = {
  submitDecisions: { type: 'submitDecisions', round: 2, decisions: M },
  undoSubmission: { type: 'undoSubmission', round: 2 },
  proposeDeal: { type: 'proposeDeal', terms: [{ side: 'dealers', decision: 'facilityInvestment', bound: 'at-least', value: 2 }], rounds: 2, counterTo: 1 },
  respondToDeal: { type: 'respondToDeal', proposalId: 1, response: 'accept' },
  exitAlliance: { type: 'exitAlliance' },
};
const FACILITATOR_EXAMPLES: Record<string, unknown> = {
  start: { type: 'start' },
  endRound: { type: 'endRound', round: 2 },
  nextRound: { type: 'nextRound', round: 2 },
  undoRoundEnd: { type: 'undoRoundEnd' },
  injectEvent: { type: 'injectEvent', eventId: 'downturn', alliance: 1 },
  moveEvent: { type: 'moveEvent', eventId: 'downturn', alliance: null, round: 3 },
  cancelEvent: { type: 'cancelEvent', eventId: 'downturn', alliance: 0 },
  releaseSeat: { type: 'releaseSeat', alliance: 0, side: 'manufacturer' },
  seatComputer: { type: 'seatComputer', alliance: 1, side: 'dealers', strategy: 'squeeze' },
  message: { type: 'message', text: 'ten minutes left' },
  pause: { type: 'pause' },
  resume: { type: 'resume' },
  extend: { type: 'extend', seconds: 60 },
};

describe('ids from outside, swept through every message', () => {
  it('has an example of every message a team or the facilitator can send', () => {
    expect(Object.keys(TEAM_EXAMPLES).sort()).toEqual(teamIntent.options.map((option) => option.shape.type.value).sort());
    expect(Object.keys(FACILITATOR_EXAMPLES).sort()).toEqual(facilitatorCommand.options.map((option) => option.shape.type.value).sort());
  });

  it('refuses or harmlessly takes every hostile name in a team’s message, and the workshop plays on', () => {
    const { state, log } = richWorkshop();
    let checked = 0;
    for (const [side, example] of [['dealers', TEAM_EXAMPLES], ['manufacturer', TEAM_EXAMPLES]] as const) {
      for (const intent of Object.values(example)) {
        for (const { where, value } of variants({ requestId: 1, intent })) {
          const parsed = intentMessage.safeParse(value);
          if (!parsed.success) continue; // refused at the door, as the room does
          const entry: WorkshopEntry = { kind: 'team', at: 50, alliance: 0, side, intent: parsed.data.intent };
          const result = applyEntry(scenario, state, entry);
          checked++;
          if (!result.ok) expectReadable(result.refusal, where);
          else {
            stillPlays(result.state);
            expect(replay(scenario, [...log, entry]).state).toEqual(result.state);
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('refuses or harmlessly takes every hostile name in a facilitator’s command, and the workshop plays on', () => {
    const { state } = richWorkshop();
    let checked = 0;
    for (const command of Object.values(FACILITATOR_EXAMPLES)) {
      for (const { where, value } of variants({ requestId: 1, command })) {
        const parsed = facilitatorCommand.safeParse((value as { command: unknown }).command);
        if (!parsed.success) continue;
        const result = applyEntry(scenario, state, { kind: 'facilitator', at: 50, command: parsed.data });
        checked++;
        if (!result.ok) expectReadable(result.refusal, where);
        else stillPlays(result.state);
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('refuses every hostile side, strategy or event in a workshop’s create options, in words', () => {
    const bases = [
      { scenarioId: 'dealer-alliance', alliances: 2, rounds: 4, roundSeconds: 0, computerSeats: { dealers: 'cooperative' }, events: [{ eventId: 'downturn', round: 2 }] },
      { scenarioId: 'dealer-alliance', alliances: 2, rounds: 4, roundSeconds: 0, emptySeats: { dealers: 'squeeze' } },
    ];
    let checked = 0;
    for (const base of bases) {
      for (const { where, value } of variants(base)) {
        const parsed = createWorkshopOptions.safeParse(value);
        if (!parsed.success || parsed.data.scenarioId !== 'dealer-alliance') continue;
        const configured = workshopConfigFrom(scenario, parsed.data, { code: 'ABCDEFGH', facilitatorSecretHash: '00' });
        checked++;
        if (!configured.ok) expectReadable(configured.refusal, where);
        else stillPlays(createWorkshop(scenario, configured.config));
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('refuses every hostile seat a team asks to join', () => {
    const { state } = richWorkshop();
    for (const { where, value } of variants({ code: 'ABCDEFGH', alliance: 1, side: 'dealers' })) {
      const parsed = joinWorkshopOptions.safeParse(value);
      if (!parsed.success || !('side' in parsed.data)) continue;
      const result = applyEntry(scenario, state, { kind: 'claimSeat', at: 50, alliance: parsed.data.alliance, side: parsed.data.side, tokenHash: 'bb' });
      if (!result.ok) expectReadable(result.refusal, where);
      else stillPlays(result.state);
    }
  });
});

describe('the reported attacks, against the real server process', () => {
  let server: ServerProcess;
  let directory: string;
  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'hostile-ids-'));
    server = await startServerProcess({ WORKSHOP_DB: join(directory, 'log.sqlite') });
  });
  afterAll(async () => {
    await server?.kill();
    rmSync(directory, { recursive: true, force: true });
  });

  it('refuses a workshop whose computer or stand-in strategy is a built-in name, and keeps running', { timeout: 30_000 }, async () => {
    const client = new Client(server.url);
    for (const options of [{ computerSeats: { dealers: 'constructor' } }, { emptySeats: { dealers: 'toString' } }, { computerSeats: { dealers: '__proto__' } }, { computerSeats: { hasOwnProperty: 'cooperative' } }]) {
      const refused = await client.create('workshop', { scenarioId: 'dealer-alliance', alliances: 1, rounds: 3, roundSeconds: 0, ...options }).then(
        () => null,
        (error: Error) => error,
      );
      expect(refused?.message, JSON.stringify(options)).toMatch(/has no computer strategy|There is no side/);
    }
    expect(server.alive()).toBe(true);

    // The facilitator's seatComputer with "__proto__" (and friends) is refused too; the workshop starts and plays.
    const facilitator = await client.create('workshop', { scenarioId: 'dealer-alliance', alliances: 1, rounds: 2, roundSeconds: 0 });
    await nextMessage(facilitator, 'created');
    for (const strategy of ['__proto__', 'constructor', 'valueOf']) {
      const reply = await request(facilitator, 'facilitator', { command: { type: 'seatComputer', alliance: 0, side: 'dealers', strategy } });
      expect(reply).toMatchObject({ kind: 'error', refusal: { code: 'gameRule', reason: expect.stringMatching(/has no strategy/) } });
    }
    expect(await request(facilitator, 'facilitator', { command: { type: 'start' } })).toMatchObject({ kind: 'ack' });
    expect(await request(facilitator, 'facilitator', { command: { type: 'endRound', round: 1 } })).toMatchObject({ kind: 'ack' });
    await pause(100);
    expect(server.alive()).toBe(true);
    await facilitator.leave();
  });
});
