import { z } from 'zod';
import type { Refusal } from './refusals.ts';

/**
 * The workshop protocol shared by the server (server/src) and the browser client: room name,
 * message names and the payload of every message, checked with zod on arrival. Clients send
 * intentions; the server answers each request with `ack` or `error` carrying the same requestId.
 */
export const WORKSHOP_ROOM = 'workshop';

/** Join codes: no 0/O, 1/I/L, so they can be read off a projector. */
export const JOIN_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const JOIN_CODE_LENGTH = 8;

export const ClientMessage = {
  /** A team's intention for its own alliance game (the rules' GameAction, minus actor and side). */
  intent: 'intent',
  /** A facilitator command; needs the facilitator's session (joined with the secret). */
  facilitator: 'facilitator',
} as const;

export const ServerMessage = {
  ack: 'ack',
  error: 'error',
  /** Sent once to the creator of a workshop: code, facilitator secret, workshop id. */
  created: 'created',
  /** Sent once to a team on joining: its seat and the token to rejoin it. */
  seated: 'seated',
  /** The facilitator's message to all teams. */
  announcement: 'announcement',
  /** Sent to a team's devices when the facilitator gives their seat to someone else. */
  seatReleased: 'seatReleased',
} as const;

const requestId = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const id = z.string().min(1).max(64);
const round = z.number().int().positive().max(1000);

/** Options of `client.create(WORKSHOP_ROOM, …)`. */
export const createWorkshopOptions = z.strictObject({
  scenarioId: z.string().regex(/^[a-z0-9-]{1,64}$/),
  alliances: z.number().int().min(1).max(40),
  rounds: z.number().int().min(1).max(100),
  /** 0 = no timer. */
  roundSeconds: z.number().int().min(0).max(3600),
  seed: z.number().int().min(0).max(2 ** 31).optional(),
  /** Sides played by the computer in every alliance, with the strategy; other sides are teams. */
  computerSeats: z.record(id, id).optional(),
  /** Per team side: the strategy with which the computer plays a seat still empty at the start. */
  emptySeats: z.record(id, id).optional(),
  /** Events scheduled in every alliance from the start; the facilitator can move or cancel each later. */
  events: z.array(z.strictObject({ eventId: id, round })).max(20).optional(),
  /** Needed when the server's operator set FACILITATOR_KEY; checked, never stored. */
  facilitatorKey: z.string().min(1).max(200).optional(),
});
export type CreateWorkshopOptions = z.infer<typeof createWorkshopOptions>;

/** Options of `client.join(WORKSHOP_ROOM, …)`: a team (seat or token) or the facilitator (secret). */
export const joinWorkshopOptions = z.union([
  z.strictObject({ code: z.string().min(4).max(16), facilitatorSecret: z.string().min(16).max(128) }),
  z.strictObject({ code: z.string().min(4).max(16), seatToken: z.string().min(16).max(128) }),
  z.strictObject({ code: z.string().min(4).max(16), alliance: z.number().int().min(0).max(39), side: id }),
  /** Any free seat: the server assigns one (see firstFreeSeat). */
  z.strictObject({ code: z.string().min(4).max(16), anySeat: z.literal(true) }),
]);
export type JoinWorkshopOptions = z.infer<typeof joinWorkshopOptions>;

const term = z.strictObject({ side: id, decision: id, bound: z.enum(['at-most', 'at-least']), value: z.number() });

/** What a team may ask for; the server fills in actor and side from the seat. */
export const teamIntent = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('submitDecisions'), round, decisions: z.record(z.string().max(64), z.number()) }),
  z.strictObject({ type: z.literal('undoSubmission'), round }),
  z.strictObject({ type: z.literal('proposeDeal'), terms: z.array(term).min(1).max(20), rounds: z.number().int().min(1).max(100), counterTo: z.number().int().optional() }),
  z.strictObject({ type: z.literal('respondToDeal'), proposalId: z.number().int(), response: z.enum(['accept', 'reject']) }),
  z.strictObject({ type: z.literal('exitAlliance') }),
]);
export type TeamIntent = z.infer<typeof teamIntent>;

export const intentMessage = z.strictObject({ requestId, intent: teamIntent });
export type IntentMessage = z.infer<typeof intentMessage>;

const allianceIndex = z.number().int().min(0).max(39);
/** null: every alliance. */
const allianceOrAll = allianceIndex.nullable();

export const facilitatorCommand = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('start') }),
  z.strictObject({ type: z.literal('endRound'), round }),
  z.strictObject({ type: z.literal('nextRound'), round }),
  z.strictObject({ type: z.literal('undoRoundEnd') }),
  z.strictObject({ type: z.literal('injectEvent'), eventId: id, alliance: allianceOrAll }),
  /** Schedules an event for a round that has not begun, or moves it there (fire early, postpone). */
  z.strictObject({ type: z.literal('moveEvent'), eventId: id, alliance: allianceOrAll, round }),
  z.strictObject({ type: z.literal('cancelEvent'), eventId: id, alliance: allianceOrAll }),
  /** Frees a team's seat for a replacement team: its seat token stops working. */
  z.strictObject({ type: z.literal('releaseSeat'), alliance: allianceIndex, side: id }),
  /** The computer plays the seat from now on (a team can still take it over by joining it). */
  z.strictObject({ type: z.literal('seatComputer'), alliance: allianceIndex, side: id, strategy: id }),
  z.strictObject({ type: z.literal('message'), text: z.string().min(1).max(500) }),
  z.strictObject({ type: z.literal('pause') }),
  z.strictObject({ type: z.literal('resume') }),
  z.strictObject({ type: z.literal('extend'), seconds: z.number().int().min(1).max(3600) }),
]);
export type FacilitatorCommand = z.infer<typeof facilitatorCommand>;

export const facilitatorMessage = z.strictObject({ requestId, command: facilitatorCommand });
export type FacilitatorMessage = z.infer<typeof facilitatorMessage>;

export interface AckPayload {
  readonly requestId: number;
  /** For a command to every alliance: the alliances where it could not be done, and why. */
  readonly notes?: readonly Refusal[];
}
export interface ErrorPayload {
  /** -1 when the message was too broken to carry a request id. */
  readonly requestId: number;
  /** Why, as a code: the receiving device words it (refusalText). */
  readonly refusal: Refusal;
}
export interface CreatedPayload {
  readonly workshopId: string;
  readonly code: string;
  readonly facilitatorSecret: string;
}
export interface SeatedPayload {
  readonly alliance: number;
  readonly side: string;
  readonly seatToken: string;
}
export interface AnnouncementPayload {
  readonly text: string;
  readonly at: number;
}

/** The request id of a message that failed validation, if it has a usable one. */
export function requestIdOf(message: unknown): number {
  const candidate = (message as { requestId?: unknown } | null)?.requestId;
  return requestId.safeParse(candidate).success ? (candidate as number) : -1;
}
