/**
 * The case's key loops as a causal loop diagram: the loops through the teams that the scenario
 * declares (what each team watches, what it does, and what the model does with it; the same
 * drawing the debrief lights up for a played game), with each loop's polarity and meaning listed.
 * Shown for cases that declare them; a model of one's own has no such diagram.
 */
import type { Scenario } from '../../rules/index.ts';
import { causalLoopDiagram } from '../debrief/loop-diagram-data.ts';
import { renderLoopDiagram } from '../debrief/loop-diagram-svg.ts';
import { el } from '../dom.ts';
import { t } from '../i18n.ts';

export function loopDiagramDetails(scenario: Scenario): HTMLElement | null {
  const diagram = causalLoopDiagram(scenario);
  if (!diagram) return null;
  const title = t('explorer.loopDiagramTitle', { title: scenario.definition.title });
  const svg = renderLoopDiagram(diagram, [], { prefix: 'explorer-loops', title, description: t('explorer.loopDiagramDescription') });
  return el('details', { class: 'diagram-slot', 'data-slot': 'causal-loop-diagram' }, [
    el('summary', {}, [t('explorer.loopDiagramSummary')]),
    el('p', { class: 'hint' }, [t('explorer.loopDiagramHint')]),
    el('div', { class: 'loop-figure', role: 'region', 'aria-label': title, tabindex: '0' }, [svg]),
    el(
      'ul',
      { class: 'explorer-loop-list' },
      diagram.loops.map((loop) =>
        el('li', {}, [el('strong', {}, [`${loop.tag} ${loop.name}`]), ` (${t(loop.kind === 'reinforcing' ? 'explorer.loopReinforcing' : 'explorer.loopBalancing')}): ${loop.description}`]),
      ),
    ),
  ]);
}
