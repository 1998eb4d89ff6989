import { schema, t, type SchemaType } from '@colyseus/schema';

/**
 * The synchronised workshop state: data only (logic lives in src/rules; message shapes in src/protocol).
 * A seat's pending decisions are tagged `.view()`: only clients whose StateView holds that seat
 * (its own team, the facilitator) receive them; the partner sees `submitted` and nothing else
 * until the round ends and the decisions appear in the alliance's history (both sides see it).
 * History, deals and events travel as JSON strings; the played rounds and the deals one string per
 * element, so a change sends that element alone.
 * They are tagged `.view()` too: a client receives them only for alliances its StateView holds a
 * seat of (a team: its own alliance; the facilitator: all). Other alliances' phase, round and seat
 * status stay public. Without this every device decoded all 30 alliances' histories each round.
 */
export const SeatView = schema(
  {
    side: t.string().default(''),
    kind: t.string().default('human'),
    /** Only for the facilitator: a team is not told which strategy its computer partner plays. */
    strategy: t.string().view().default(''),
    claimed: t.boolean().default(false),
    /** A team may take this seat (the computer, if it plays it, only stands in). */
    forTeams: t.boolean().default(true),
    connected: t.uint8().default(0),
    submitted: t.boolean().default(false),
    pendingJson: t.string().view().default(''),
  },
  'SeatView',
);
export type SeatView = SchemaType<typeof SeatView>;

export const AllianceView = schema(
  {
    index: t.uint8().default(0),
    phase: t.string().default('briefing'),
    round: t.uint16().default(0),
    seats: t.map(SeatView),
    /** One JSON string per played round: a round end adds one, so it sends that round alone. */
    playedRoundsJson: t.array('string').view(),
    fallbacksJson: t.string().view().default('[]'),
    /**
     * One JSON string per deal, at index id − 1: a proposal adds one, an answer rewrites that one.
     * A deal's change sends that deal alone, never the whole list (proposals were a flood vector).
     */
    dealJsons: t.array('string').view(),
    eventsJson: t.string().view().default('[]'),
    exitJson: t.string().view().default('null'),
  },
  'AllianceView',
);
export type AllianceView = SchemaType<typeof AllianceView>;

export const WorkshopSchema = schema(
  {
    workshopId: t.string().default(''),
    scenarioId: t.string().default(''),
    phase: t.string().default('lobby'),
    round: t.uint16().default(0),
    rounds: t.uint16().default(0),
    roundSeconds: t.uint16().default(0),
    /** Epoch ms; 0 when no timer runs. */
    deadline: t.float64().default(0),
    pausedRemainingMs: t.float64().default(0),
    /** After an undo of its end, the round's decisions stay as they were played (see WorkshopState). */
    decisionsLocked: t.boolean().default(false),
    alliances: t.array(AllianceView),
  },
  'WorkshopSchema',
);
export type WorkshopSchema = SchemaType<typeof WorkshopSchema>;
