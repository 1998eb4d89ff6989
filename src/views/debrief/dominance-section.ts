import type { LoopPhase } from '../../rules/index.ts';
import { el } from '../dom.ts';
import { t } from '../i18n.ts';

/** "1–5, 7, 11–12": the rounds a loop led, as ranges. */
export function roundRanges(rounds: readonly number[]): string {
  const sorted = [...new Set(rounds)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const from = sorted[i]!;
    let to = from;
    while (sorted[i + 1] === to + 1) to = sorted[++i]!;
    parts.push(from === to ? String(from) : `${from}–${to}`);
  }
  return parts.join(', ');
}

/** The loops that led in the model during this game, one line per loop with its quarters. */
export function dominanceBody(phases: readonly LoopPhase[]): HTMLElement[] {
  if (phases.length === 0) return [el('p', {}, [t('debrief.dominanceNone')])];
  const byLoop = new Map<string, { phase: LoopPhase; rounds: number[] }>();
  for (const phase of phases) {
    const entry = byLoop.get(phase.loopId) ?? { phase, rounds: [] };
    for (let round = phase.fromRound; round <= phase.toRound; round++) entry.rounds.push(round);
    byLoop.set(phase.loopId, entry);
  }
  const lines = [...byLoop.values()]
    .sort((a, b) => b.rounds.length - a.rounds.length)
    .map(({ phase, rounds }) =>
      el('li', { 'data-loop': phase.loopId }, [
        t('debrief.dominanceLoop', {
          polarity: t(phase.polarity === 'R' ? 'debrief.dominanceReinforcing' : 'debrief.dominanceBalancing'),
          variables: phase.variables.join(' → '),
          rounds: t('debrief.dominanceRounds', { rounds: roundRanges(rounds), count: rounds.length }),
        }),
      ]),
    );
  return [el('p', {}, [t('debrief.dominanceIntro')]), el('ul', { class: 'dominance-list' }, lines), el('p', {}, [t('debrief.dominanceOwnLoops')])];
}
