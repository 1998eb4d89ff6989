import { z } from 'zod';

/**
 * How an event's lifetime is read from the model (see rules/game/event-lifetime.ts). Optional: by
 * default the rules measure the variables whose equations read the event's own inputs.
 */
export const eventEffectSchema = z.object({
  /**
   * The model variable that carries the event's effect into the rest of the model, when it is not
   * the first one reading the event's switches (the recycled line's switch is a step; its market
   * presence builds up over quarters). It must not depend on the players' decisions.
   */
  variable: z.string().min(1).optional(),
  /** What players read when the effect is over ("Premium demand is back to normal."). */
  endNews: z.string().min(1).optional(),
});

export type EventEffectDefinition = z.infer<typeof eventEffectSchema>;
