import { schema, t, type SchemaType } from '@colyseus/schema';

/**
 * The synchronised workshop state: data only (logic lives in src/rules and src/protocol).
 * A seat's pending decisions are tagged `.view()`: only clients whose StateView holds that seat
 * (its own team, the facilitator) receive them; the partner sees `submitted` and nothing else
 * until the round ends and the decisions appear in the alliance's public history.
 * History, deals and events travel as JSON strings for now; they change once per round.
 */
export const SeatView = schema(
  {
    side: t.string().default(''),
    kind: t.string().default('human'),
    strategy: t.string().default(''),
    claimed: t.boolean().default(false),
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
    historyJson: t.string().default('[]'),
    fallbacksJson: t.string().default('[]'),
    dealsJson: t.string().default('[]'),
    eventsJson: t.string().default('[]'),
    exitJson: t.string().default('null'),
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
    alliances: t.array(AllianceView),
  },
  'WorkshopSchema',
);
export type WorkshopSchema = SchemaType<typeof WorkshopSchema>;
