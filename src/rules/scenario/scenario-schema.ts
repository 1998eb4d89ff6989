import { z } from 'zod';
import { eventEffectSchema } from './event-effect-schema.ts';
import { worldSchema } from './world-schema.ts';
import { loopsSchema } from './loop-schema.ts';
import { guideSchema } from './guide-schema.ts';

/**
 * The declarative game file of a case (`scenarios/<id>/game.json`). Everything about a case that
 * is not the stock-and-flow model lives here: sides, decisions, rounds, events, KPIs, computer
 * partners, calibration and texts. A third case is a new folder, not new code.
 */
const id = z.string().regex(/^[a-z][a-zA-Z0-9-]*$/, 'use letters, digits and dashes, starting with a lower-case letter');
const text = z.string().min(1);
const paragraphs = z.array(text).min(1);
const formula = z.string().min(1);

export const decisionSchema = z
  .object({
    id,
    variable: text.describe('the XMILE constant this decision sets'),
    label: text,
    unit: text,
    min: z.number(),
    max: z.number(),
    default: z.number(),
    step: z.number().positive(),
    hint: text.describe('why it matters, in one or two sentences'),
    /** Which way the partner reads as good faith: a higher dealer price reads as hostile. */
    goodFaith: z.enum(['higher', 'lower', 'neutral']).default('neutral'),
    /** The value the partnership agreed on, if it differs from the default (the habit the game opens in). */
    agreed: z.number().optional(),
    choices: z.array(z.object({ value: z.number(), label: text })).optional(),
  })
  .refine((d) => d.min < d.max, { message: 'min must be below max', path: ['max'] })
  .refine((d) => d.default >= d.min && d.default <= d.max, { message: 'default must lie within min..max', path: ['default'] });

export const sideSchema = z.object({
  id,
  name: text,
  shortName: text,
  role: text.describe('who the players are in this side'),
  goal: text.describe('what this side is judged on'),
  yardstick: id.describe('the KPI this side steers by'),
  briefing: paragraphs,
  decisions: z.array(decisionSchema).min(1),
  /** Model variables this side can see during play (its own books and the shared market). */
  seesDuringPlay: z.array(text),
  /**
   * The constant the game sets to 1 in a round in which this side broke a term of a deal in force,
   * and to 0 otherwise: how the model's trust hears of a broken promise even when the move itself
   * would not have upset it (a deal stricter than the terms the alliance was signed on).
   */
  breachInput: text.optional(),
});

/**
 * What a KPI stands for, where the game's own logic needs it (the debrief's paths, the world,
 * the rankings): each side has one `profit` (per round) and one `cumulative-profit` KPI; the
 * shared side may have one `trust`; `cost` marks money spent on handling the swings a side's
 * moves create (so less is better). Code asks for a role, never for a case's KPI id.
 */
export const KPI_ROLES = ['profit', 'cumulative-profit', 'trust', 'cost'] as const;
export type KpiRole = (typeof KPI_ROLES)[number];

/** The side id of the KPIs both sides share (trust, channel share…). */
export const SHARED_SIDE = 'alliance';

export const kpiSchema = z.object({
  id,
  role: z.enum(KPI_ROLES).optional(),
  side: id.describe('a side id, or "alliance" for the shared ones'),
  label: text,
  unit: text,
  /** Over the round: end(X), start(X), change(X), last(X) (the last step), sum(X) (X × dt), mean(X). */
  formula,
  decimals: z.number().int().min(0).max(6).default(2),
  /** Multiply for display (0.24 → 24 %). */
  displayScale: z.number().default(1),
  higherIsBetter: z.boolean().default(true),
  /** The values it can take, in model units (before displayScale): chart axes span this range. */
  range: z
    .object({ min: z.number(), max: z.number() })
    .refine((range) => range.max > range.min, { message: 'range.max must be greater than range.min' })
    .optional(),
});

export const eventSchema = z.object({
  id,
  name: text,
  description: text,
  news: text.describe('the headline players read when it arrives'),
  /** Round it starts by default when a facilitator switches it on, or null: off unless scheduled. */
  defaultRound: z.number().int().positive().nullable(),
  alwaysOn: z.boolean().default(false),
  /** Ticked on the start screen for a first game. */
  suggested: z.boolean().default(true),
  /** Constants set when the event is on. */
  set: z.record(z.string(), z.number()),
  /** Constant set to the model time at which the event starts (the start of its round). */
  startTimeInput: z.string().optional(),
  /** Constant set to its start time plus this many rounds. */
  endTimeInput: z.object({ variable: text, afterRounds: z.number().positive() }).optional(),
  /** Where its lifetime (start, peak, end) is read in the model, and what players read at its end. */
  effect: eventEffectSchema.optional(),
});

export const debriefStockSchema = z.object({
  variable: text.describe('the model variable'),
  label: text,
  unit: text,
  decimals: z.number().int().min(0).max(6).default(2),
  displayScale: z.number().default(1),
  /** Whether more of this stock is good for the alliance: a lower one is harm only where higher is better. */
  higherIsBetter: z.boolean(),
});

/** The reference behaviours of the cases, each a lesson a game can show (src/rules/debrief/lessons.ts). */
export const LESSON_KINDS = [
  'good-times-stable',
  'reflex-pays-at-first',
  'then-it-costs-both',
  'trap-not-bargain',
  'damage-outlives-decisions',
  'goal-mismatch',
  'bullwhip',
  'worse-before-better',
  'both-win',
  'each-fix-hurts-the-other',
] as const;
export type LessonKind = (typeof LESSON_KINDS)[number];

const decisionValues = z.record(z.string(), z.union([z.number(), formula]));

export const strategySchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('plan'),
    label: text,
    description: text,
    /** What a round starts from: the agreed defaults, or the side's own previous decisions. */
    base: z.enum(['defaults', 'previous']).default('defaults'),
    /** Values that hold from the strategy's first round on. */
    set: decisionValues.optional(),
    /** Rounds counted from the strategy's start (1 = its first round), or from an event's start. */
    phases: z
      .array(
        z.object({
          from: z.number().int().positive().optional(),
          until: z.number().int().positive().optional(),
          afterEvent: id.optional(),
          set: decisionValues,
        }),
      )
      .default([]),
    /** Adaptive rules on what the side saw last round; the first whose `when` holds applies. */
    rules: z.array(z.object({ when: formula, set: decisionValues })).default([]),
    /** Whether the computer keeps the terms of deals it agreed to (false: it plays on regardless). */
    keepsDeals: z.boolean().default(true),
  }),
  z.object({
    kind: z.literal('mirror'),
    label: text,
    description: text,
    /** Strategy played while the partner keeps faith. */
    cooperate: id,
    /** Strategy played after the partner moved against the agreed terms. */
    retaliate: id,
    /** Forgiving: return to cooperation after one round of retaliation even if the partner has not. */
    forgiving: z.boolean().default(false),
    /** Whether the computer keeps the terms of deals it agreed to (false: it plays on regardless). */
    keepsDeals: z.boolean().default(true),
  }),
]);

export const calibrationSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('match-start'),
    /** Re-derive this constant so that `target` at the start equals its value with the base parameters. */
    adjust: text,
    target: text,
  }),
  z.object({
    kind: z.literal('warm-up'),
    /** Run this long under the default decisions, then start the game from the state reached. */
    duration: z.number().positive(),
    copy: z.record(z.string(), z.string()).describe('initial-value constant → stock whose final value it takes'),
  }),
]);

export const dealTemplateSchema = z.object({
  id,
  label: text,
  description: text,
  terms: z
    .array(
      z.object({
        side: id,
        decision: id,
        bound: z.enum(['at-most', 'at-least']),
        value: z.number(),
      }),
    )
    .min(1),
  rounds: z.number().int().positive(),
});

export const scenarioSchema = z.object({
  id,
  title: text,
  subtitle: text,
  summary: paragraphs,
  model: text.describe('the XMILE file, relative to the scenario folder'),
  rounds: z.object({
    count: z.number().int().min(1).max(200),
    length: z.number().positive().describe('model time per round'),
    unit: text,
    unitPlural: text,
  }),
  sides: z.array(sideSchema).length(2),
  kpis: z.array(kpiSchema).min(1),
  events: z.array(eventSchema).default([]),
  /** What invoking the charter's exit clause switches in the model, from the next round on. */
  exitClause: z.object({
    description: text,
    set: z.record(z.string(), z.number()),
    startTimeInput: text,
    /**
     * Decisions that mean nothing once the alliance has ended (a budget for a joint team that is
     * disbanded): from the round after the exit they are no longer asked for and hold this value.
     */
    endsDecisions: z.array(z.object({ side: id, decision: id, value: z.number() })).default([]),
  }),
  strategies: z.record(id, z.record(id, strategySchema)),
  defaultPartnerStrategy: z.record(id, id),
  calibration: z.array(calibrationSchema).default([]),
  /** Constants never varied in robustness draws (agreed terms, event settings). */
  fixedConstants: z.array(text).default([]),
  /** Model variables reported at every time step by `play --json` (key → variable). */
  series: z.record(z.string(), text).default({}),
  charter: z.object({
    title: text,
    /**
     * `from-start`: the game opens on the charter's terms (each decision's agreed value, in the
     * direction of its good faith) and they bind from round 1. `once-agreed`: the game opens in a
     * habit and no terms bind until the sides agree a deal; until then the debrief compares each
     * side with the charter as a cooperative baseline, not as a promise broken.
     */
    inForce: z.enum(['from-start', 'once-agreed']).default('from-start'),
    purpose: text,
    sharedKpis: z.array(id),
    steering: text,
    exitTerms: text,
    principles: paragraphs,
  }),
  deals: z.array(dealTemplateSchema).default([]),
  debrief: z.object({
    opening: text,
    questions: paragraphs,
    /** Stocks the debrief examines for where the harm was carried (slow-moving ones), with the words and units players read. */
    stocks: z.array(debriefStockSchema).min(1),
    /**
     * The shadow runs the debrief compares a game with: per side, the strategy that keeps the
     * agreed terms and the strategy that is the case's quick fix (its phases answer the events
     * that run in a game, so the payoff table reacts to the events that actually ran).
     */
    shadows: z.object({ cooperative: z.record(id, id), quickFix: z.record(id, id) }),
    /** The lessons this case teaches (see src/rules/debrief/lessons.ts), in the order they matter for it. */
    lessons: z.array(z.enum(LESSON_KINDS)).min(1),
    /** For the bullwhip lesson: model variables of orders placed, of the demand they serve, and of production (per model time unit). */
    bullwhip: z.object({ orders: text, demand: text, production: text.optional() }).optional(),
  }),
  /** How the animated world draws this case (world-schema.ts); without it the world shows a neutral scene. */
  world: worldSchema.optional(),
  /** The causal loop diagram with the teams' decision rules in it (loop-schema.ts). */
  loops: loopsSchema.optional(),
  /** The facilitator's guide's own texts and the scripted games it quotes (guide-schema.ts). */
  guide: guideSchema.optional(),
});

export type ScenarioDefinition = z.infer<typeof scenarioSchema>;
export type SideDefinition = z.infer<typeof sideSchema>;
export type DecisionDefinition = z.infer<typeof decisionSchema>;
export type KpiDefinition = z.infer<typeof kpiSchema>;
export type EventDefinition = z.infer<typeof eventSchema>;
export type StrategyDefinition = z.infer<typeof strategySchema>;
export type CalibrationStep = z.infer<typeof calibrationSchema>;
export type DealTemplate = z.infer<typeof dealTemplateSchema>;
export type DebriefStock = z.infer<typeof debriefStockSchema>;
