import { z } from 'zod';

/**
 * The case's causal loop diagram with the people in it. The model alone cannot find the loops
 * that matter in these cases: they close through the teams' decisions, which are inputs to the
 * model, not equations in it. So the scenario declares them:
 *
 * - signals: what a team watches (a KPI of a side, or a model variable read at the round's end);
 * - moves: what a team does, as a direction of its decisions (the maker's squeeze: price up,
 *   support down), measured from the agreed terms or from the habit the game opens in;
 * - rules (the people links): which move answers which signal, and how (− : the move grows as
 *   the signal falls);
 * - effects (the model links): what a move does to a signal through the model, and how (checked
 *   against the model by a scenario test);
 * - loops: closed paths signal → move → signal → … with a name and their polarity (checked: the
 *   product of the links' signs).
 *
 * rules/debrief/people-loops.ts scores these loops over a game as played.
 */
const id = z.string().regex(/^[a-z][a-zA-Z0-9-]*$/, 'use letters, digits and dashes, starting with a lower-case letter');
const text = z.string().min(1);
const polarity = z.enum(['+', '-']);

export const loopSignalSchema = z
  .object({
    label: text.describe('as a manager says it: "the dealers\' return on capital"'),
    /** A KPI: side id (or "alliance") and KPI id. */
    kpi: z.object({ side: z.string().min(1), kpi: z.string().min(1) }).optional(),
    /** Or a model variable, read at the end of each round. */
    variable: text.optional(),
  })
  .refine((signal) => (signal.kpi === undefined) !== (signal.variable === undefined), { message: 'give either a kpi or a variable' });

export const loopMoveSchema = z.object({
  side: z.string().min(1),
  /** Short, for the diagram's box: "Squeeze the dealers". */
  label: text,
  /** In a sentence: "the maker's squeeze". */
  phrase: text,
  /**
   * What the move is measured from: the agreed terms (a squeeze moves away from them), or the
   * habit the game opens in, the decisions' defaults (an everyday-low-price alliance moves away
   * from the trade-deal habit toward the terms).
   */
  from: z.enum(['terms', 'habit']).default('terms'),
  /** The decisions it moves and which way, away from `from`. */
  decisions: z.record(z.string(), z.enum(['up', 'down'])).refine((decisions) => Object.keys(decisions).length > 0, { message: 'a move moves at least one decision' }),
});

export const loopsSchema = z.object({
  signals: z.record(id, loopSignalSchema),
  moves: z.record(id, loopMoveSchema),
  /** The teams' decision rules: this move answers that signal. */
  rules: z.array(z.object({ signal: id, move: id, polarity })).min(1),
  /** What each move does to a signal through the model. `delayed`: it shows only after some quarters. */
  effects: z.array(z.object({ move: id, signal: id, polarity, delayed: z.boolean().default(false) })).min(1),
  loops: z
    .array(
      z.object({
        id,
        name: text,
        kind: z.enum(['reinforcing', 'balancing']),
        /** One sentence a manager understands. */
        description: text,
        /** Signal, move, signal, move, …; the last move leads back to the first signal. */
        path: z.array(id).min(2),
      }),
    )
    .min(1),
});

export type LoopsDefinition = z.infer<typeof loopsSchema>;
export type LoopSignalDefinition = z.infer<typeof loopSignalSchema>;
export type LoopMoveDefinition = z.infer<typeof loopMoveSchema>;
export type LoopDefinition = LoopsDefinition['loops'][number];
