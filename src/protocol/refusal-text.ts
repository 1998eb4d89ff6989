import { IntlMessageFormat, type PrimitiveType } from 'intl-messageformat';
import type { Refusal, RefusalCode } from './refusals.ts';

/**
 * The message catalogue of refusals: every code's words, in ICU MessageFormat (intl-messageformat,
 * as the views' catalogue), so plurals are written in the message. A Record over the codes: a code
 * without words does not compile. A second language is a second table of the same type.
 */
const ENGLISH: Readonly<Record<RefusalCode, string>> = {
  workshopExists: 'The workshop already exists.',
  seatToJoinUnknown: 'There is no such seat: this workshop has {alliances, plural, one {# alliance} other {# alliances}}. Pick one of them, or any free seat.',
  seatPlayedByComputer: 'That seat is played by the computer.',
  workshopOver: 'The workshop is over.',
  seatTaken: 'Another team already sits there. Choose another seat, or ask the facilitator to free this one.',
  seatUnknown: 'There is no such seat.',
  workshopNotStarted: 'The workshop has not started yet.',
  decisionsClosed: 'Decisions for this round are closed.',
  decisionsLocked:
    'The facilitator took back the end of this round after both sides had seen the decisions, so they stay as they were played. The round will be ended again as it stands.',
  proposalLimit: 'You have proposed terms {limit, plural, one {# time} other {# times}} this round; you can propose again next round.',
  workshopStarted: 'The workshop has already started.',
  noRoundOpen: 'No round is open.',
  wrongRound: 'That was meant for round {round}, but the workshop is in round {current}.',
  resultsFirst: 'The next round starts after the results of this one.',
  undoIsReplayed: 'Undo is replayed from the log.',
  noRoundEndToUndo: 'There is no round end to undo.',
  eventNotScheduled: 'That event is not scheduled.',
  eventAlreadySet: 'It is already set for round {round}.',
  allianceUnknown: 'There is no such alliance.',
  noTeamSeated: 'No team sits there.',
  noTimer: 'No timer is running.',
  timerNotPaused: 'The timer is not paused.',
  inAlliance: 'Alliance {number}: {refusal}',
  noAllianceCould: '{refusals}',
  sideUnknown: 'There is no side "{side}" in {title}.',
  strategyUnknown: '{sideName} has no computer strategy "{strategy}" (it has: {strategies}).',
  sidePlayedByComputer: '{sideName} is played by the computer in every alliance; no team sits there.',
  eventUnknown: 'There is no event "{eventId}" in {title}.',
  eventTwice: 'The {event} is scheduled twice.',
  eventAfterLastRound: 'The {event} is set for round {round}, after the last round ({rounds}).',
  seatMissing: 'There is no seat for {sideName}.',
  seatForNoSide: 'There is a seat for a side the case does not have.',
  gameRule: '{reason}',
  requestNotUnderstood: 'That request is not understood.',
  requestTooLarge: 'That request is too large.',
  noSuchRoute: 'There is no such request on this server.',
  tooManyRequests: 'Too many requests from your network; please wait a minute and try again.',
  tooManyWrongAttempts: 'Too many wrong codes or keys from your network; please wait a minute and try again.',
  joinNotUnderstood: 'That join request is not understood: {problems}.',
  settingsNotUnderstood: 'Those workshop settings are not understood: {problems}.',
  messageNotUnderstood: 'That message is not understood: {problems}.',
  commandNotUnderstood: 'That command is not understood: {problems}.',
  unknownMessage: 'Unknown message "{type}".',
  joinWithCode: 'Join with the workshop code.',
  codeFromServer: 'A new workshop gets its code from the server.',
  noWorkshopWithCode: 'No workshop has that code. Check the code on the projector.',
  workshopLogUnreplayable:
    "Workshop {joinCode} cannot be opened: entry {entry} of its log could not be replayed. Its log is kept as it was; tell the server's operator (the server log names the entry).",
  workshopLogUnreadable: "Workshop {joinCode} cannot be opened: its log could not be read. Its log is kept as it was; tell the server's operator (the server log says why).",
  workshopRestarting: 'That workshop cannot be reached just now (its server may be restarting); please try again in a minute.',
  workshopMoving: 'The workshop could not be reached just now; please try again in a moment.',
  facilitatorKeyNeeded: 'This server asks for the facilitator key to create a workshop.',
  facilitatorKeyWrong: 'That facilitator key is not the one this server asks for.',
  facilitatorSecretWrong: 'That is not the facilitator secret of this workshop.',
  serverFull: 'This server is running as many workshops as it may ({max}); please try again later.',
  creationLimit: 'Your network has created {count, plural, one {# workshop} other {# workshops}} in the last hour; please wait before creating another.',
  caseUnknown: 'This server has no case "{scenarioId}".',
  seatTokenInvalid: 'That seat token is not valid for this workshop: the facilitator may have given the seat to another team. Join a seat again.',
  devicesPerSeat: 'Your seat already has {max, plural, one {# device} other {# devices}} connected; close one of them first.',
  everySeatTaken: 'Every seat is taken. Ask the facilitator to free one for you.',
  messageFlood: 'Too many messages from this device; please wait a few seconds and try again.',
  teamsOnly: 'Only a team in a seat can send decisions.',
  seatNoLongerYours: 'This seat is no longer yours.',
  facilitatorOnly: 'Only the facilitator can do that.',
  couldNotSave: 'The server could not save that; please try again.',
  serverCouldNot: 'The server could not do that just now; please try again. (The error is in the server log.)',
};

/** For a refusal this catalogue cannot word (a newer server's code, a damaged message). */
const UNKNOWN = 'The server turned that down ({code}).';

const formats = new Map<string, IntlMessageFormat>();

function format(template: string, params: Record<string, PrimitiveType>): string {
  let formatter = formats.get(template);
  if (!formatter) formats.set(template, (formatter = new IntlMessageFormat(template, 'en')));
  const result = formatter.format<string>(params);
  return Array.isArray(result) ? result.join('') : String(result);
}

/** A refusal in words. It may come off the wire, so nothing in it is trusted: an unknown code or a missing parameter still gives a sentence. */
export function refusalText(refusal: Refusal): string {
  return wordsFor(refusal, 0);
}

/** Refusals nest (an alliance's inside a command for every alliance) a level or two; past that a message is damaged. */
const MAX_DEPTH = 3;

function wordsFor(refusal: Refusal, depth: number): string {
  const code = String((refusal as { code?: unknown } | null)?.code);
  if (!Object.hasOwn(ENGLISH, code) || depth > MAX_DEPTH) return format(UNKNOWN, { code: code.slice(0, 40) });
  try {
    return format(ENGLISH[code as RefusalCode], paramsOf(refusal, depth));
  } catch {
    return format(UNKNOWN, { code });
  }
}

/** The message's parameters: lists joined, nested refusals worded, an alliance's index as its number. */
function paramsOf(refusal: Refusal, depth: number): Record<string, PrimitiveType> {
  const params: Record<string, PrimitiveType> = {};
  for (const [key, value] of Object.entries(refusal)) {
    if (key === 'code') continue;
    if (key === 'refusal') params[key] = wordsFor(value as Refusal, depth + 1);
    else if (key === 'refusals' && Array.isArray(value)) params[key] = value.map((each: Refusal) => wordsFor(each, depth + 1)).join(' ');
    else if (Array.isArray(value)) params[key] = value.map(String).join(', ');
    else if (typeof value === 'string' || typeof value === 'number') params[key] = value;
  }
  if (refusal.code === 'inAlliance') params['number'] = refusal.alliance + 1;
  return params;
}
