import type { StoreApi } from 'zustand/vanilla';
import type { GameStore, Session } from '../../state/create-game-store.ts';
import { SHARED_SIDE } from '../../rules/index.ts';
import { el } from '../dom.ts';
import { t } from '../i18n.ts';

/** The briefing: the situation, each side's brief and goal, and the partnership charter. */
export function mountBriefingPanel(root: HTMLElement, store: StoreApi<GameStore>, session: Session): () => void {
  const definition = session.scenario.definition;
  const sides = session.mode === 'solo' ? definition.sides.filter((side) => side.id === session.humanSide) : definition.sides;
  const begin = el('button', { type: 'button', class: 'primary' }, [t('game.beginGame')]);
  begin.addEventListener('click', () => store.getState().dispatch({ type: 'startGame', actor: session.humanSide ?? 'system' }));
  root.replaceChildren(briefingArticle(session, sides.map((side) => side.id), begin));
  return () => {};
}

/** The briefing for the given sides; `action` (a button) closes it, if there is one. */
export function briefingArticle(session: Session, sideIds: readonly string[], action: HTMLElement | null): HTMLElement {
  const definition = session.scenario.definition;
  const sides = definition.sides.filter((side) => sideIds.includes(side.id));
  const kpiLabel = (id: string) => definition.kpis.find((kpi) => kpi.side === SHARED_SIDE && kpi.id === id)?.label ?? id;
  return el('article', { class: 'card briefing', 'aria-labelledby': 'briefing-heading' }, [
    el('h2', { id: 'briefing-heading', tabindex: '-1' }, [t('game.briefingHeading', { title: definition.title })]),
    el('p', { class: 'subtitle' }, [definition.subtitle]),
    el('section', { 'aria-labelledby': 'situation-heading' }, [el('h3', { id: 'situation-heading' }, [t('game.situation')]), ...definition.summary.map((text) => el('p', {}, [text]))]),
    ...sides.map((side) =>
      el('section', { class: 'side-brief', 'aria-labelledby': `brief-${side.id}` }, [
        el('h3', { id: `brief-${side.id}` }, [t('game.yourSide', { side: side.name })]),
        ...side.briefing.map((text) => el('p', {}, [text])),
        el('h4', {}, [t('game.judgedOn')]),
        el('p', { class: 'goal' }, [side.goal]),
        el('h4', {}, [t('game.youDecide')]),
        el('ul', {}, side.decisions.map((decision) => el('li', {}, [el('strong', {}, [`${decision.label} `]), `(${decision.unit}): ${decision.hint}`]))),
      ]),
    ),
    el('section', { class: 'charter', 'aria-labelledby': 'charter-heading' }, [
      el('h3', { id: 'charter-heading' }, [`${t('game.charter')}: ${definition.charter.title}`]),
      el('dl', {}, [
        el('dt', {}, [t('game.charterPurpose')]),
        el('dd', {}, [definition.charter.purpose]),
        el('dt', {}, [t('game.charterSharedKpis')]),
        el('dd', {}, [definition.charter.sharedKpis.map(kpiLabel).join(', ')]),
        el('dt', {}, [t('game.charterSteering')]),
        el('dd', {}, [definition.charter.steering]),
        el('dt', {}, [t('game.charterExit')]),
        el('dd', {}, [definition.charter.exitTerms]),
        el('dt', {}, [t('game.charterPrinciples')]),
        el('dd', {}, [el('ul', {}, definition.charter.principles.map((text) => el('li', {}, [text])))]),
      ]),
    ]),
    action,
  ]);
}
