/**
 * The debrief's loop diagram: the case's causal loop diagram with the loops that led in this game
 * drawn dark, and each loop's name, meaning and the rounds it led. Which loops ran comes from the
 * rules (loopActivity), the drawing from loop-diagram-svg.ts.
 */
import { loopActivity, type GameState, type LoopActivity, type Scenario } from '../../rules/index.ts';
import type { RoundWords } from '../charts/debrief-charts-vm.ts';
import { roundsText } from '../charts/marked-line-chart-vm.ts';
import { el } from '../dom.ts';
import { formatList, t } from '../i18n.ts';
import { loopLegend } from './debrief-sections.ts';
import { causalLoopDiagram } from './loop-diagram-data.ts';
import { renderLoopDiagram } from './loop-diagram-svg.ts';

export function loopsBody(scenario: Scenario, state: GameState, words: RoundWords): HTMLElement[] {
  const definition = scenario.definition;
  const diagram = causalLoopDiagram(scenario);
  if (!diagram) return [el('p', {}, [t('debrief.peopleLoopsNotDeclared')])];
  const activity = loopActivity(scenario, state);
  const rounds = state.history.length;
  const activeNames = diagram.loops.filter((loop) => activity.some((candidate) => candidate.id === loop.id && candidate.active)).map((loop) => `${loop.tag} ${loop.name}`);
  const describe = (loop: LoopActivity | undefined): string => {
    const text = (rounds: readonly number[]) => roundsText(rounds, words.unit, words.units);
    if (!loop?.active) return loop && loop.closedIn.length > 0 ? t('debrief.loopClosedNotRun', { roundsText: text(loop.closedIn) }) : t('debrief.loopDidNotRun');
    if (loop.led.length === 0) return t('debrief.loopRanNotLed', { roundsText: text(loop.ran) });
    if (loop.led.length === rounds) return t('debrief.loopRanAll');
    return t('debrief.loopLed', { ledText: text(loop.led), ranText: text(loop.ran) });
  };
  const title = t('debrief.loopsTitle', { title: definition.title });
  const svg = renderLoopDiagram(diagram, activity, {
    prefix: 'debrief-loops',
    title,
    description: t('debrief.loopsDescription', {
      active: activeNames.length > 0 ? t('debrief.loopsActive', { loops: formatList(activeNames) }) : t('debrief.loopsNoneActive'),
    }),
  });
  return [
    el('p', {}, [t('debrief.loopsIntro', { unit: words.unit })]),
    el('div', { class: 'loop-figure', role: 'region', 'aria-label': title, tabindex: '0' }, [svg]),
    loopLegend(diagram.loops, activity, describe),
  ];
}
