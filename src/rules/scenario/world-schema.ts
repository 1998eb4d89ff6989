import { z } from 'zod';

/**
 * How the animated world draws a case: which set of buildings, which KPIs move which parts of the
 * picture, and what each event does to the scene. Data, so that no view names a case, a side, an
 * event or a KPI: a third case picks a theme and points its gauges at its own KPIs. The sides'
 * moods and the trust bridge read the KPIs with the profit and trust roles.
 */
const kpiRef = z.object({
  /** A side id, or "alliance". */
  side: z.string().min(1),
  kpi: z.string().min(1),
});

/** Pictures an event can put into the scene (each theme draws the ones it has). */
export const WORLD_SCENE_EFFECTS = ['grey-sky', 'fewer-customers', 'big-box-store', 'coupon-signs'] as const;
/** Icons of an event's banner. */
export const WORLD_BANNER_ICONS = ['falling-demand', 'rival-store', 'coupon', 'notice'] as const;

export const worldSchema = z.object({
  /** `plant-and-dealers`: a plant and a row of showrooms; `plant-and-store`: a plant, a warehouse and a store shelf. */
  theme: z.enum(['plant-and-dealers', 'plant-and-store']),
  /** The side drawn on the left with the plant; the other side is drawn on the right. */
  plantSide: z.string().min(1),
  /** Which KPI moves which part of the picture. Only `goods` is required; a missing gauge leaves its part at rest. */
  gauges: z.object({
    /** Goods shipped: trucks on the road. */
    goods: kpiRef,
    /** Share of capacity used, 0..1: lit windows and smoke. */
    plantLoad: kpiRef.optional(),
    /** Customers' goodwill toward the partner (against round 1): showrooms and customers. */
    goodwill: kpiRef.optional(),
    /** The partner's return, as a fraction per year: how well kept the showrooms are. */
    partnerReturn: kpiRef.optional(),
    /** Cost of production swings: how bunched the trucks run. */
    swingCost: kpiRef.optional(),
    /** Joint collaboration capability, 0..1: the joint team on the bridge. */
    collaboration: kpiRef.optional(),
    /** Shelf availability, 0..1: gaps on the shelf, customers. */
    availability: kpiRef.optional(),
    /** Warehousing cost (against round 1): the warehouse's size. */
    storageCost: kpiRef.optional(),
    /** Stock on hand (against round 1): how full the warehouse is. */
    stock: kpiRef.optional(),
    /** Stock bought ahead of need, in the same unit as `stock`, when the case reports it. */
    forwardStock: kpiRef.optional(),
  }),
  /** Per event id: its banner's icon and what it does to the scene while its effect lasts. */
  events: z
    .record(
      z.string(),
      z.object({
        banner: z.enum(WORLD_BANNER_ICONS).default('notice'),
        scene: z.array(z.enum(WORLD_SCENE_EFFECTS)).default([]),
      }),
    )
    .default({}),
});

export type WorldDefinition = z.infer<typeof worldSchema>;
export type WorldGaugeName = keyof WorldDefinition['gauges'];
export type WorldSceneEffect = (typeof WORLD_SCENE_EFFECTS)[number];
export type WorldBannerIcon = (typeof WORLD_BANNER_ICONS)[number];
