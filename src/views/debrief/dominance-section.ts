/**
 * "Which loop led, and when": the loops through the teams scored over the game (a chart with the
 * rounds in which a team answered its numbers, and the story in sentences), then the loops inside
 * the model that led (Loops That Matter on the model alone). Numbers from the rules.
 */
import { gameLoopPhases, peopleLoops, type GameState, type LoopPhase, type Scenario } from '../../rules/index.ts';
import type { RoundWords } from '../charts/debrief-charts-vm.ts';
import type { MarkedLineChartVm } from '../charts/marked-line-chart-vm.ts';
import { el } from '../dom.ts';
import { t } from '../i18n.ts';
import { loopChartVm } from './loop-chart-vm.ts';
import { causalLoopDiagram } from './loop-diagram-data.ts';
import { loopStory } from './loop-story.ts';

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

/** The loops inside the model that led during this game, one line per loop with its rounds. */
function modelLoops(phases: readonly LoopPhase[], words: RoundWords): HTMLElement[] {
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
  return [el('p', {}, [t('debrief.dominanceIntro', { unit: words.unit })]), el('ul', { class: 'dominance-list' }, lines)];
}

/**
 * The section's body. `figure` turns a chart's view model into its element (the debrief creates
 * the Chart.js widget once the page is in the document).
 */
export function dominanceBody(scenario: Scenario, state: GameState, figure: (vm: MarkedLineChartVm) => HTMLElement): HTMLElement[] {
  const definition = scenario.definition;
  const words: RoundWords = { unit: definition.rounds.unit, units: definition.rounds.unitPlural };
  const analysis = peopleLoops(scenario, state);
  const diagram = causalLoopDiagram(scenario);
  const inside = [el('h4', {}, [t('debrief.dominanceModelHeading')]), ...modelLoops(gameLoopPhases(scenario, state), words)];
  if (!analysis || !diagram) return [el('p', {}, [t('debrief.peopleLoopsNotDeclared')]), ...inside];
  const story = loopStory(scenario, analysis, words);
  const summary = story.why !== '' ? story.why : story.led;
  return [
    el('p', {}, [t('debrief.peopleLoopsIntro', { unit: words.unit, units: words.units })]),
    el('p', { class: 'takeaway', 'data-story': 'led' }, [story.led]),
    figure(loopChartVm(scenario, analysis, diagram, summary, words)),
    el('ul', { class: 'loop-answers', 'data-story': 'answers' }, (story.answers.length > 0 ? story.answers : [t('debrief.peopleLoopsNoAnswer')]).map((line) => el('li', {}, [line]))),
    ...story.reversals.map((line) => el('p', { 'data-story': 'reversal' }, [line])),
    ...inside,
  ];
}
