import type { Refusal } from '../../protocol/index.ts';
import type { Scenario } from '../scenario/load-scenario.ts';
import { applyEntry, createWorkshop, RefusedEntry } from './apply-entry.ts';
import type { WorkshopEntry, WorkshopState } from './workshop-state.ts';

/**
 * The state just before each round end of a log, by its entry: an undo of that round end starts
 * from it instead of replaying the log from the workshop's creation. States are immutable and
 * share what did not change, so keeping one per round costs little.
 */
export type RoundEndCheckpoints = WeakMap<WorkshopEntry, WorkshopState>;

/**
 * An entry of a log that cannot be applied again: its position (its seq), why (for the server's
 * log: an operator reads it) and, when the rules turned it down, their refusal (the server words it).
 */
export class ReplayError extends Error {
  readonly entry: number;
  readonly reason: string;
  readonly refusal: Refusal | undefined;
  constructor(entry: number, reason: string, refusal?: Refusal) {
    super(`entry ${entry} could not be replayed: ${reason}${refusal ? `: ${JSON.stringify(refusal)}` : ''}`);
    this.entry = entry;
    this.reason = reason;
    this.refusal = refusal;
  }
}

/**
 * Folds a log into its state. `undoRoundEnd` drops the last effective round end and all after it.
 * A log that does not replay throws a ReplayError naming the first entry that failed: a refused
 * entry, and any exception a damaged entry causes on its way through the rules, alike.
 */
export function replay(scenario: Scenario, entries: readonly WorkshopEntry[], checkpoints?: RoundEndCheckpoints): { state: WorkshopState; effective: WorkshopEntry[] } {
  const [first, ...rest] = entries;
  if (first?.kind !== 'create') throw new ReplayError(0, 'a workshop log starts with its creation');
  let effective: WorkshopEntry[] = [first];
  let state = attempt(0, () => createWorkshop(scenario, first.config));
  rest.forEach((entry, index) => {
    const position = index + 1;
    attempt(position, () => {
      if (entry?.kind === 'facilitator' && entry.command?.type === 'undoRoundEnd') {
        const undone = undoLastRoundEnd(scenario, effective, checkpoints);
        if (!undone) throw new Error('it undoes a round end that never happened');
        ({ state, effective } = undone);
        return;
      }
      const result = applyEntry(scenario, state, entry);
      if (!result.ok) throw new RefusedEntry('it was refused', result.refusal);
      if (checkpoints && isRoundEnd(entry)) checkpoints.set(entry, state);
      state = result.state;
      effective.push(entry);
    });
  });
  return { state, effective };
}

function attempt<T>(position: number, step: () => T): T {
  try {
    return step();
  } catch (error) {
    // An undo replays its own prefix: a failure inside it is reported at the undo's position.
    if (error instanceof RefusedEntry) throw new ReplayError(position, error.context, error.refusal);
    throw new ReplayError(position, error instanceof Error ? error.message : String(error));
  }
}

/** The state without the last round end (and everything after it), or null if there is none. */
export function undoLastRoundEnd(scenario: Scenario, effective: readonly WorkshopEntry[], checkpoints?: RoundEndCheckpoints): { state: WorkshopState; effective: WorkshopEntry[] } | null {
  let index = effective.length - 1;
  while (index >= 0 && !isRoundEnd(effective[index]!)) index--;
  if (index < 0) return null;
  const kept = effective.slice(0, index);
  const roundEnd = effective[index]!;
  // The kept entries replay (they did before). What happened after the round end that does not
  // belong to the next round survives the undo: seats taken, freed or given to the computer, events
  // moved, messages. Each is applied again if it still can be; decisions for the next round and the
  // round's own commands are not.
  const reclaimed = effective.slice(index + 1).filter(survivesUndo);
  // From the state kept just before that round end, else by replaying the entries before it.
  const base = checkpoints?.get(roundEnd) ?? replay(scenario, kept, checkpoints).state;
  // The reopened round's timer waits, paused with the time it had left, for the facilitator to
  // resume (or extend) it; otherwise a round ended by its timer would end again at once.
  // Both sides have seen the round's decisions: neither may change them now (see decisionsLocked).
  const paused = base.deadline === null ? {} : { deadline: null, pausedRemainingMs: Math.max(0, base.deadline - roundEnd.at) };
  let state: WorkshopState = { ...base, ...paused, decisionsLocked: true };
  const next = [...kept];
  for (const claim of reclaimed) {
    const result = applyEntry(scenario, state, claim);
    if (result.ok) {
      state = result.state;
      next.push(claim);
    }
  }
  return { state, effective: next };
}

function survivesUndo(entry: WorkshopEntry): boolean {
  if (entry.kind === 'claimSeat') return true;
  if (entry.kind === 'team') return entry.intent.type !== 'submitDecisions' && entry.intent.type !== 'undoSubmission';
  if (entry.kind !== 'facilitator') return false;
  return ['releaseSeat', 'seatComputer', 'moveEvent', 'cancelEvent', 'injectEvent', 'message'].includes(entry.command.type);
}

function isRoundEnd(entry: WorkshopEntry): boolean {
  return entry.kind === 'facilitator' && entry.command.type === 'endRound';
}
