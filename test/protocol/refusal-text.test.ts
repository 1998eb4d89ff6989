/**
 * Refusals travel as codes with parameters; refusalText is the one place that words them. Every
 * code has words that use its parameters, and a refusal off the wire that is not one of ours
 * still gives a sentence.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { refusalText, type Refusal, type RefusalCode } from '../../src/protocol/index.ts';
import { zodProblems } from '../../src/rules/index.ts';

/** One refusal of every code: a code added to the union without a sample here does not compile. */
const SAMPLES: { readonly [C in RefusalCode]: Extract<Refusal, { code: C }> } = {
  workshopExists: { code: 'workshopExists' },
  seatToJoinUnknown: { code: 'seatToJoinUnknown', alliances: 3 },
  seatPlayedByComputer: { code: 'seatPlayedByComputer' },
  workshopOver: { code: 'workshopOver' },
  seatTaken: { code: 'seatTaken' },
  seatUnknown: { code: 'seatUnknown' },
  workshopNotStarted: { code: 'workshopNotStarted' },
  decisionsClosed: { code: 'decisionsClosed' },
  decisionsLocked: { code: 'decisionsLocked' },
  proposalLimit: { code: 'proposalLimit', limit: 10 },
  workshopStarted: { code: 'workshopStarted' },
  noRoundOpen: { code: 'noRoundOpen' },
  wrongRound: { code: 'wrongRound', round: 2, current: 3 },
  resultsFirst: { code: 'resultsFirst' },
  undoIsReplayed: { code: 'undoIsReplayed' },
  noRoundEndToUndo: { code: 'noRoundEndToUndo' },
  eventNotScheduled: { code: 'eventNotScheduled' },
  eventAlreadySet: { code: 'eventAlreadySet', round: 3 },
  allianceUnknown: { code: 'allianceUnknown' },
  noTeamSeated: { code: 'noTeamSeated' },
  noTimer: { code: 'noTimer' },
  timerNotPaused: { code: 'timerNotPaused' },
  inAlliance: { code: 'inAlliance', alliance: 1, refusal: { code: 'eventAlreadySet', round: 3 } },
  noAllianceCould: { code: 'noAllianceCould', refusals: [{ code: 'inAlliance', alliance: 0, refusal: { code: 'eventNotScheduled' } }, { code: 'inAlliance', alliance: 2, refusal: { code: 'eventNotScheduled' } }] },
  sideUnknown: { code: 'sideUnknown', side: 'buyers', title: 'The Dealer Alliance' },
  strategyUnknown: { code: 'strategyUnknown', sideName: 'Dealers', strategy: 'nuke', strategies: ['cooperative', 'squeeze'] },
  sidePlayedByComputer: { code: 'sidePlayedByComputer', sideName: 'Dealers' },
  eventUnknown: { code: 'eventUnknown', eventId: 'flood', title: 'The Dealer Alliance' },
  eventTwice: { code: 'eventTwice', event: 'downturn' },
  eventAfterLastRound: { code: 'eventAfterLastRound', event: 'downturn', round: 9, rounds: 8 },
  seatMissing: { code: 'seatMissing', sideName: 'Dealers' },
  seatForNoSide: { code: 'seatForNoSide' },
  gameRule: { code: 'gameRule', reason: 'The round is over.' },
  requestNotUnderstood: { code: 'requestNotUnderstood' },
  requestTooLarge: { code: 'requestTooLarge' },
  noSuchRoute: { code: 'noSuchRoute' },
  tooManyRequests: { code: 'tooManyRequests' },
  tooManyWrongAttempts: { code: 'tooManyWrongAttempts' },
  joinNotUnderstood: { code: 'joinNotUnderstood', problems: 'code: Too small' },
  settingsNotUnderstood: { code: 'settingsNotUnderstood', problems: 'alliances: Too big' },
  messageNotUnderstood: { code: 'messageNotUnderstood', problems: 'intent: Invalid input' },
  commandNotUnderstood: { code: 'commandNotUnderstood', problems: 'command.type: Invalid input' },
  unknownMessage: { code: 'unknownMessage', type: 'cheat' },
  joinWithCode: { code: 'joinWithCode' },
  codeFromServer: { code: 'codeFromServer' },
  noWorkshopWithCode: { code: 'noWorkshopWithCode' },
  workshopLogUnreplayable: { code: 'workshopLogUnreplayable', joinCode: 'K7P2QXAB', entry: 12 },
  workshopLogUnreadable: { code: 'workshopLogUnreadable', joinCode: 'K7P2QXAB' },
  workshopRestarting: { code: 'workshopRestarting' },
  workshopMoving: { code: 'workshopMoving' },
  facilitatorKeyNeeded: { code: 'facilitatorKeyNeeded' },
  facilitatorKeyWrong: { code: 'facilitatorKeyWrong' },
  facilitatorSecretWrong: { code: 'facilitatorSecretWrong' },
  serverFull: { code: 'serverFull', max: 40 },
  creationLimit: { code: 'creationLimit', count: 5 },
  caseUnknown: { code: 'caseUnknown', scenarioId: 'fishbanks' },
  seatTokenInvalid: { code: 'seatTokenInvalid' },
  devicesPerSeat: { code: 'devicesPerSeat', max: 4 },
  everySeatTaken: { code: 'everySeatTaken' },
  messageFlood: { code: 'messageFlood' },
  teamsOnly: { code: 'teamsOnly' },
  seatNoLongerYours: { code: 'seatNoLongerYours' },
  facilitatorOnly: { code: 'facilitatorOnly' },
  couldNotSave: { code: 'couldNotSave' },
  serverCouldNot: { code: 'serverCouldNot' },
};

describe('refusalText, the catalogue of refusals', () => {
  it('words every code, with each of its parameters in the words', () => {
    for (const refusal of Object.values(SAMPLES)) {
      const words = refusalText(refusal);
      expect(words, refusal.code).not.toMatch(/^The server turned that down|[{}]/);
      for (const [key, value] of Object.entries(refusal)) {
        if (key !== 'code' && (typeof value === 'string' || typeof value === 'number') && key !== 'alliance') expect(words, `${refusal.code}.${key}`).toContain(String(value));
      }
    }
  });

  it('writes plurals in the message, and an alliance by its number', () => {
    expect(refusalText({ code: 'seatToJoinUnknown', alliances: 1 })).toContain('this workshop has 1 alliance.');
    expect(refusalText({ code: 'seatToJoinUnknown', alliances: 3 })).toContain('this workshop has 3 alliances.');
    expect(refusalText(SAMPLES.inAlliance)).toBe('Alliance 2: It is already set for round 3.');
    expect(refusalText(SAMPLES.noAllianceCould)).toBe('Alliance 1: That event is not scheduled. Alliance 3: That event is not scheduled.');
    expect(refusalText(SAMPLES.strategyUnknown)).toBe('Dealers has no computer strategy "nuke" (it has: cooperative, squeeze).');
  });

  it('gives a sentence for a refusal that is not one of ours, however it is damaged', () => {
    expect(refusalText({ code: 'launchMissiles' } as unknown as Refusal)).toBe('The server turned that down (launchMissiles).');
    expect(refusalText({ code: '__proto__' } as unknown as Refusal)).toBe('The server turned that down (__proto__).');
    expect(refusalText(null as unknown as Refusal)).toBe('The server turned that down (undefined).');
    expect(refusalText({ code: 'wrongRound' } as unknown as Refusal)).toBe('The server turned that down (wrongRound).');
    let deep: Refusal = { code: 'noTimer' };
    for (let level = 0; level < 10_000; level++) deep = { code: 'inAlliance', alliance: 0, refusal: deep };
    expect(refusalText(deep)).toMatch(/^Alliance 1: Alliance 1: Alliance 1: Alliance 1: The server turned that down \(inAlliance\)\.$/);
  });
});

describe('zodProblems, the one wording of what a zod check found', () => {
  it('names each problem by its path, or the top level', () => {
    const schema = z.strictObject({ rounds: z.number().int(), sides: z.array(z.string()) });
    const failed = schema.safeParse({ rounds: 1.5, sides: ['a', 2] });
    expect(failed.success).toBe(false);
    if (!failed.success) expect(zodProblems(failed.error)).toEqual([expect.stringMatching(/^rounds: /), expect.stringMatching(/^sides\.1: /)]);
    const whole = schema.safeParse('no');
    if (!whole.success) expect(zodProblems(whole.error)).toEqual([expect.stringMatching(/^\(top level\): /)]);
  });
});
