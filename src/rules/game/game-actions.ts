import { z } from 'zod';

/**
 * Everything that can happen in a game, as data. A game is its settings plus the list of these;
 * replaying the list gives the same state everywhere. Actions arrive from untrusted places
 * (a network message, an imported file), so their shape is checked before anything else.
 */
const sideId = z.string().min(1).max(64);
const round = z.number().int().positive().max(1000);
const actor = z.string().min(1).max(64).describe('a side id, "facilitator" or "system"');

const term = z.object({
  side: sideId,
  decision: z.string().min(1).max(64),
  bound: z.enum(['at-most', 'at-least']),
  value: z.number(),
});

export const gameActionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('startGame'), actor }),
  z.object({ type: z.literal('submitDecisions'), actor, side: sideId, round, decisions: z.record(z.string(), z.unknown()) }),
  z.object({ type: z.literal('undoSubmission'), actor, side: sideId, round }),
  z.object({ type: z.literal('resolveRound'), actor, round }),
  z.object({ type: z.literal('nextRound'), actor, round }),
  z.object({ type: z.literal('scheduleEvent'), actor, eventId: z.string().min(1).max(64), round }),
  z.object({ type: z.literal('cancelEvent'), actor, eventId: z.string().min(1).max(64), round }),
  z.object({ type: z.literal('proposeDeal'), actor, side: sideId, terms: z.array(term).min(1).max(20), rounds: z.number().int().min(1).max(100), counterTo: z.number().int().optional() }),
  z.object({ type: z.literal('respondToDeal'), actor, side: sideId, proposalId: z.number().int(), response: z.enum(['accept', 'reject']) }),
  z.object({ type: z.literal('exitAlliance'), actor, side: sideId }),
  // `seatSide`, not `side`: the facilitator acts on a seat, it does not act as that side.
  z.object({
    type: z.literal('changeSeat'),
    actor,
    seatSide: sideId,
    seat: z.discriminatedUnion('kind', [z.object({ kind: z.literal('human') }), z.object({ kind: z.literal('computer'), strategy: z.string().min(1).max(64) })]),
  }),
]);

export type GameAction = z.infer<typeof gameActionSchema>;
