import { z } from 'zod';

/**
 * The facilitator's guide of a case: the texts that cannot be derived from the rest of the
 * scenario file (how to introduce it, the timing of a session, what to watch for, how to answer
 * the debrief questions, how to run each event), and the scripted games whose numbers the answers
 * quote. Every number in the guide comes from those games, played by the rules when the guide is
 * opened (rules/guide/guide-figures.ts), so the guide never disagrees with the game.
 */
const id = z.string().regex(/^[a-z][a-zA-Z0-9-]*$/, 'use letters, digits and dashes, starting with a lower-case letter');
const text = z.string().min(1);

/** A scripted game: each side's strategies (the first from round 1), the events, the length. */
export const guideRunSchema = z.object({
  id,
  label: text.describe('as the guide names it: "Both sides keep the terms"'),
  sides: z.record(
    z.string(),
    z
      .array(z.object({ strategy: z.string().min(1), fromRound: z.number().int().positive().default(1) }))
      .min(1)
      .refine((steps) => steps[0]!.fromRound === 1, { message: 'the first strategy plays from round 1' }),
  ),
  events: z.array(z.object({ event: z.string().min(1), round: z.number().int().positive() })).default([]),
  rounds: z.number().int().positive().optional(),
});

/**
 * A number read off a scripted game: a KPI of a side, over some rounds, taken as the value at the
 * end (`end`), a sum, a mean, the lowest or highest value, or the round of the lowest or highest
 * (`lowestRound`, `highestRound`); optionally minus the same figure in another game. With `minus`,
 * `paybackRound` is the first round from which the running sum of the difference stays at or above
 * zero (when switching has paid for itself), and `roundsBelow` the number of rounds in which the
 * run was below the other.
 */
export const guideFigureSchema = z.object({
  run: id,
  side: z.string().min(1),
  kpi: z.string().min(1),
  take: z.enum(['end', 'sum', 'mean', 'lowest', 'highest', 'lowestRound', 'highestRound', 'paybackRound', 'roundsBelow']).default('end'),
  from: z.number().int().positive().optional(),
  to: z.number().int().positive().optional(),
  minus: id.optional(),
});

const minutes = z.number().int().positive();

export const guideSchema = z.object({
  /** The case in a few sentences, for the first page: what the session is about. */
  premise: z.array(text).min(1),
  /** What the participants should leave with. */
  takeaways: z.array(text).min(1),
  /** Who it suits and how many. */
  audience: text,
  runs: z.array(guideRunSchema).min(1),
  figures: z.record(id, guideFigureSchema).default({}),
  sessions: z
    .array(
      z
        .object({
          title: text,
          minutes,
          /** How many rounds to play, and which events when. */
          rounds: z.number().int().positive(),
          events: z.array(z.object({ event: z.string().min(1), round: z.number().int().positive() })).default([]),
          steps: z.array(z.object({ minutes, what: text })).min(1),
        })
        .refine((session) => session.steps.reduce((sum, step) => sum + step.minutes, 0) === session.minutes, { message: 'the steps\' minutes must add up to the session\'s', path: ['steps'] }),
    )
    .min(1),
  /** What to watch for, phase by phase. */
  phases: z.array(z.object({ title: text, watch: z.array(text).min(1) })).min(1),
  /**
   * The model's answer to each of the scenario's debrief questions (debrief.questions, in order),
   * an ICU message whose arguments are figures: "{makerCooperative} $M against {makerReflex} $M".
   */
  answers: z.array(text).min(1),
  /** How to run each event: when to switch it on and what to say. */
  events: z.record(z.string(), z.object({ advice: z.array(text).min(1) })).default({}),
});

export type GuideDefinition = z.infer<typeof guideSchema>;
export type GuideRun = z.infer<typeof guideRunSchema>;
export type GuideFigure = z.infer<typeof guideFigureSchema>;

/** Figures that count rounds or name one: whole numbers, shown without a unit. */
export const ROUND_FIGURES: ReadonlySet<GuideFigure['take']> = new Set(['lowestRound', 'highestRound', 'paybackRound', 'roundsBelow']);
