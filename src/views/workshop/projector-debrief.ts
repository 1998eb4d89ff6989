/**
 * The end-of-workshop debrief of all alliances: who ended best, who kept the agreed terms, and a
 * replay of any alliance. The rows come from the pure selectors in src/state/workshop-compare.ts.
 * pattern: Imperative Shell
 */
import type { Scenario } from '../../rules/index.ts';
import { cooperationRows, rankingRows } from '../../state/workshop-compare.ts';
import type { WorkshopSnapshot } from '../../state/workshop-store.ts';
import { el } from '../dom.ts';
import { t } from '../i18n.ts';
import { createReplay } from './projector-replay.ts';
import { cooperationTable, rankingTable } from './projector-tables.ts';

export interface WorkshopDebrief {
  readonly element: HTMLElement;
  update(snapshot: WorkshopSnapshot, showNames: boolean): void;
  destroy(): void;
}

export function createWorkshopDebrief(scenario: Scenario): WorkshopDebrief {
  const ranking = el('div', { class: 'ranking' });
  const cooperation = el('div', { class: 'cooperation' });
  const replay = createReplay(scenario);
  const element = el('section', { class: 'workshop-debrief', id: 'ws-debrief', 'aria-labelledby': 'ws-debrief-heading', tabindex: '-1' }, [
    el('h3', { id: 'ws-debrief-heading' }, [t('projector.debriefHeading')]),
    el('p', {}, [t('projector.debriefIntro')]),
    el('h4', {}, [t('projector.rankingHeading')]),
    ranking,
    el('h4', {}, [t('projector.cooperationHeading')]),
    cooperation,
    replay.element,
  ]);
  let tablesKey = '';
  return {
    element,
    update(snapshot, showNames) {
      // The tables change only when a round ends (or names are switched): not on every store update.
      const key = JSON.stringify([showNames, snapshot.alliances.map((alliance) => [alliance.history.length, alliance.fallbacks.length, alliance.exit])]);
      if (key !== tablesKey) {
        tablesKey = key;
        ranking.replaceChildren(rankingTable(rankingRows(snapshot, scenario, showNames), scenario));
        cooperation.replaceChildren(cooperationTable(cooperationRows(snapshot, scenario, showNames), scenario));
      }
      replay.update(snapshot, showNames);
    },
    destroy() {
      replay.destroy();
    },
  };
}
