/**
 * The "All alliances" part of the facilitator's console: one chart per key KPI with a line per
 * alliance (names hidden or shown as the console's checkbox says), the same numbers as a table,
 * a projector mode that shows only the charts, big, and the debrief of all alliances (opened by
 * itself when the workshop is over, or any time after round 1 by its button).
 * pattern: Imperative Shell
 */
import '../../styles/projector.css';
import type { Scenario } from '../../rules/index.ts';
import { kpiTrajectories, playedRounds } from '../../state/workshop-compare.ts';
import type { WorkshopSnapshot } from '../../state/workshop-store.ts';
import { el } from '../dom.ts';
import { t } from '../i18n.ts';
import { createChartGrid } from './projector-charts.ts';
import { createWorkshopDebrief } from './projector-debrief.ts';
import { scrollBox } from './projector-tables.ts';

export interface ProjectorPanel {
  readonly element: HTMLElement;
  update(snapshot: WorkshopSnapshot, showNames: boolean): void;
  destroy(): void;
}

/**
 * Create the panel. `dataTable` renders the console's table of every alliance's key figures per
 * round (or a hint before round 1); it stays under the charts as their numbers.
 */
export function createProjectorPanel(scenario: Scenario, dataTable: (snapshot: WorkshopSnapshot, scenario: Scenario, showNames: boolean) => HTMLElement): ProjectorPanel {
  let snapshot: WorkshopSnapshot | null = null;
  let names = false;
  let highlight: number | null = null;
  let large = false;
  let debriefOpened = false;
  let finishedSeen = false;

  const charts = createChartGrid('ws-projector-charts', (alliance) => {
    highlight = alliance;
    render();
  });
  const stageTitle = el('h4', { class: 'projector-title', id: 'ws-projector-title' }, [t('projector.chartsHeading')]);
  const exitMode = el('button', { type: 'button', class: 'projector-exit', hidden: '' }, [t('projector.projectorModeExit')]);
  const modeHint = el('p', { class: 'hint projector-hint', hidden: '' }, [t('projector.projectorModeHint')]);
  const stage = el('div', { class: 'projector-stage', id: 'ws-projector', role: 'region', 'aria-labelledby': 'ws-projector-title' }, [
    el('div', { class: 'projector-stage-head' }, [stageTitle, modeHint, exitMode]),
    charts.element,
  ]);
  const tableBox = el('div');
  const hint = el('div');
  const numbers = el('details', { class: 'chart-data' }, [el('summary', {}, [t('projector.showNumbers')]), tableBox]);
  const modeButton = el('button', { type: 'button', id: 'ws-projector-mode', 'aria-pressed': 'false' }, [t('projector.projectorMode')]);
  const debrief = createWorkshopDebrief(scenario);
  debrief.element.hidden = true;
  const debriefButton = el('button', { type: 'button', id: 'ws-debrief-toggle', 'aria-expanded': 'false', 'aria-controls': 'ws-debrief', hidden: '' }, [t('projector.openDebrief')]);
  const element = el('div', { class: 'projector-panel', id: 'ws-kpis' }, [el('div', { class: 'button-row' }, [modeButton, debriefButton]), hint, stage, numbers, debrief.element]);

  const setDebrief = (open: boolean): void => {
    debrief.element.hidden = !open;
    debriefButton.setAttribute('aria-expanded', String(open));
    debriefButton.textContent = t(open ? 'projector.closeDebrief' : 'projector.openDebrief');
    render();
  };
  debriefButton.addEventListener('click', () => {
    debriefOpened = debrief.element.hidden !== false;
    setDebrief(debriefOpened);
    if (debriefOpened) debrief.element.focus();
  });

  const onKey = (event: KeyboardEvent): void => {
    if (event.key === 'Escape' && large) setMode(false);
  };
  const setMode = (on: boolean): void => {
    large = on;
    stage.classList.toggle('projector-mode', on);
    document.body.classList.toggle('projector-open', on);
    modeButton.setAttribute('aria-pressed', String(on));
    exitMode.hidden = !on;
    modeHint.hidden = !on;
    if (on) document.addEventListener('keydown', onKey);
    else document.removeEventListener('keydown', onKey);
    render();
    (on ? exitMode : modeButton).focus();
  };
  modeButton.addEventListener('click', () => setMode(!large));
  exitMode.addEventListener('click', () => setMode(false));

  function render(): void {
    if (!snapshot) return;
    const played = playedRounds(snapshot);
    stage.hidden = played === 0;
    modeButton.hidden = played === 0;
    if (played > 0) charts.update({ trajectories: kpiTrajectories(snapshot, scenario, names), rounds: snapshot.rounds, markRound: played, highlight, large });
    // Before round 1 the table is a hint, shown as it is; after, it is the charts' numbers, folded away.
    const table = dataTable(snapshot, scenario, names);
    numbers.hidden = played === 0;
    tableBox.replaceChildren(played > 0 ? scrollBox(t('projector.tableCaption'), table) : '');
    hint.replaceChildren(played > 0 ? '' : table);
    debriefButton.hidden = played === 0;
    if (!debrief.element.hidden) debrief.update(snapshot, names);
  }

  return {
    element,
    update(next, showNames) {
      snapshot = next;
      names = showNames;
      // The debrief opens by itself once, when the workshop ends; after that the button decides.
      if (next.phase === 'finished' && !finishedSeen) {
        finishedSeen = true;
        if (!debriefOpened) {
          debriefOpened = true;
          setDebrief(true);
          return;
        }
      }
      render();
    },
    destroy() {
      document.removeEventListener('keydown', onKey);
      document.body.classList.remove('projector-open');
      charts.destroy();
      debrief.destroy();
    },
  };
}
