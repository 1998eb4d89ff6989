/**
 * The loops through the teams in a game, said in sentences a manager reads: which loop led when,
 * what the moves along the leading loop had done to each side's numbers at its strongest, which
 * team answered which number with which move, and when a quick fix began to cost its own side.
 * Every number comes from the rules' analysis (rules/debrief/people-loops.ts). Pure.
 */
import { ledSpans, type PeopleLoops, type Scenario } from '../../rules/index.ts';
import type { RoundWords } from '../charts/debrief-charts-vm.ts';
import { roundsText } from '../charts/marked-line-chart-vm.ts';
import { formatList, formatNumber, t } from '../i18n.ts';

export interface LoopStory {
  /** One sentence: which loop led in which rounds. */
  readonly led: string;
  /** For each loop that led: what the moves along it had done, at its strongest; '' when no loop ran. */
  readonly why: string;
  /** One sentence per team and move it made in answer to its numbers. */
  readonly answers: readonly string[];
  /** When a quick fix turned against its own side. */
  readonly reversals: readonly string[];
}

function span(from: number, to: number, words: RoundWords): string {
  const rounds = Array.from({ length: to - from + 1 }, (_, i) => from + i);
  return roundsText(rounds, words.unit, words.units);
}

/** A signal's change as its KPI shows it: "0.51 $M per quarter", "12.3 % per year". */
function amount(scenario: Scenario, signalId: string, value: number): string {
  const signal = scenario.definition.loops!.signals[signalId]!;
  if (!signal.kpi) return formatNumber(Math.abs(value), 2);
  const { side, kpi: kpiId } = signal.kpi;
  const kpi = scenario.definition.kpis.find((candidate) => candidate.side === side && candidate.id === kpiId);
  if (!kpi) return formatNumber(Math.abs(value), 2);
  return `${formatNumber(Math.abs(value) * kpi.displayScale, kpi.decimals)} ${kpi.unit}`;
}

/**
 * The first round from which the effect ran against its declared sign in every round its move was
 * in force, to the end of the move (at least two rounds): a fix that turned, not one that
 * alternates with the deal calendar. −1 when there is none.
 */
function persistentReversal(reversed: readonly boolean[], moveSize: readonly number[]): number {
  const inForce = moveSize.map((size) => size > 0);
  const lastInForce = inForce.lastIndexOf(true);
  if (lastInForce < 0 || !reversed[lastInForce]) return -1;
  let from = lastInForce;
  while (from > 0 && (!inForce[from - 1] ? false : reversed[from - 1])) from--;
  return lastInForce - from >= 1 ? from : -1;
}

export function loopStory(scenario: Scenario, analysis: PeopleLoops, words: RoundWords): LoopStory {
  const declared = scenario.definition.loops!;
  const name = (loopId: string) => analysis.loops.find((loop) => loop.id === loopId)?.name ?? loopId;
  const sideName = (sideId: string) => scenario.definition.sides.find((side) => side.id === sideId)?.name ?? sideId;
  const spans = ledSpans(analysis);
  const anyLed = spans.some((entry) => entry.loop !== null);
  const ledParts = spans.filter((entry) => entry.loop !== null).map((entry) => t('debrief.peopleLoopsSpan', { loop: name(entry.loop!), rounds: span(entry.from, entry.to, words) }));
  const quiet = spans.filter((entry) => entry.loop === null).flatMap((entry) => Array.from({ length: entry.to - entry.from + 1 }, (_, i) => entry.from + i));
  const led = anyLed
    ? [t('debrief.peopleLoopsLed', { spans: ledParts.join(t('debrief.peopleLoopsThen')) }), quiet.length > 0 ? t('debrief.peopleLoopsQuiet', { rounds: roundsText(quiet, words.unit, words.units) }) : ''].filter((text) => text !== '').join(' ')
    : t('debrief.peopleLoopsNone');

  // Each loop that led, at the round it was strongest: what each move on it had done by then.
  const ledIds = [...new Set(analysis.led.filter((loop): loop is string => loop !== null))];
  const why = ledIds
    .map((loopId) => {
      const loop = analysis.loops.find((candidate) => candidate.id === loopId)!;
      let strongest = 0;
      loop.score.forEach((score, r) => {
        if (score > loop.score[strongest]!) strongest = r;
      });
      const effects = loop.path.flatMap((node, k) => {
        if (k % 2 === 0) return [];
        const signal = loop.path[(k + 1) % loop.path.length]!;
        const effect = analysis.effects.find((candidate) => candidate.move === node && candidate.signal === signal);
        if (!effect) return [];
        const value = effect.effect[strongest]!;
        return [t(value >= 0 ? 'debrief.peopleLoopsEffectUp' : 'debrief.peopleLoopsEffectDown', { move: declared.moves[node]!.phrase, signal: declared.signals[signal]!.label, amount: amount(scenario, signal, value) })];
      });
      return t('debrief.peopleLoopsWhy', { loop: loop.name, unit: words.unit, round: strongest + 1, effects: formatList(effects) });
    })
    .join(' ');

  // Each team's answers, grouped by what it answered with what.
  const groups = new Map<string, { side: string; move: string; signal: string; moved: 'rose' | 'fell'; rounds: number[] }>();
  for (const closing of analysis.closings) {
    const key = `${closing.side}|${closing.move}|${closing.signal}|${closing.signalMoved}`;
    const group = groups.get(key) ?? { side: closing.side, move: closing.move, signal: closing.signal, moved: closing.signalMoved, rounds: [] };
    group.rounds.push(closing.round);
    groups.set(key, group);
  }
  const answers = [...groups.values()]
    .sort((a, b) => a.rounds[0]! - b.rounds[0]!)
    .map((group) =>
      t(group.moved === 'fell' ? 'debrief.peopleLoopsAnsweredFall' : 'debrief.peopleLoopsAnsweredRise', {
        side: sideName(group.side),
        signal: declared.signals[group.signal]!.label,
        move: declared.moves[group.move]!.phrase,
        rounds: roundsText(group.rounds, words.unit, words.units),
      }),
    );

  // A quick fix (a move's effect on its own side's number, on a balancing loop) that turned against its side.
  const reversals = analysis.effects.flatMap((effect) => {
    const move = declared.moves[effect.move]!;
    const signal = declared.signals[effect.signal]!;
    const ownSide = signal.kpi?.side === move.side;
    const onFix = analysis.loops.some((loop) => loop.kind === 'balancing' && loop.path.length === 2 && loop.path[0] === effect.signal && loop.path[1] === effect.move);
    const from = persistentReversal(effect.reversed, analysis.moveSize[effect.move]!);
    if (!ownSide || !onFix || from < 0) return [];
    return [t('debrief.peopleLoopsReversed', { unit: words.unit, round: from + 1, move: move.phrase, signal: signal.label, side: sideName(move.side) })];
  });
  return { led, why, answers, reversals };
}
