import type { StoreApi } from 'zustand/vanilla';
import type { GameStore, Session } from '../../state/create-game-store.ts';
import { SHARED_SIDE } from '../../rules/index.ts';
import { partnerOf } from '../../state/selectors.ts';
import { el } from '../dom.ts';
import { t } from '../i18n.ts';

/**
 * The briefing. Solo: the situation, the player's brief and goal, and the charter. Two teams on
 * one screen: the situation and the charter for both, and each team's own brief on its own turn
 * of the device, so a team does not read what its partner is judged on unless the option says so.
 */
export function mountBriefingPanel(root: HTMLElement, store: StoreApi<GameStore>, session: Session): () => void {
  const begin = el('button', { type: 'button', class: 'primary' }, [t('game.beginGame')]);
  begin.addEventListener('click', () => store.getState().dispatch({ type: 'startGame', actor: session.humanSide ?? 'system' }));
  if (session.mode === 'solo') {
    root.replaceChildren(briefingArticle(session, [session.humanSide!], begin));
    return () => {};
  }
  const turns = session.scenario.definition.sides.map((side) => {
    const button = el('button', { type: 'button' }, [t('game.showOurBrief', { side: side.name })]);
    button.addEventListener('click', () => store.getState().holdDevice(side.id));
    return button;
  });
  const shared = el('section', { class: 'brief-turns', 'aria-labelledby': 'brief-turns-heading' }, [
    el('h3', { id: 'brief-turns-heading' }, [t('game.briefTurnsHeading')]),
    el('p', {}, [t('game.briefTurnsText')]),
    el('div', { class: 'button-row' }, turns),
  ]);
  root.replaceChildren(briefingArticle(session, [], el('div', {}, [shared, el('div', { class: 'button-row' }, [begin])])));
  return () => {};
}

/** Two teams on one screen: one team's own brief, read while it holds the device. */
export function mountSideBriefingPanel(root: HTMLElement, store: StoreApi<GameStore>, session: Session, sideId: string): () => void {
  const done = el('button', { type: 'button', class: 'primary' }, [t('game.briefRead')]);
  done.addEventListener('click', () => store.getState().passDevice());
  root.replaceChildren(briefingArticle(session, [sideId], done, { situation: false, charter: false }));
  return () => {};
}

/** The briefing for the given sides; `action` (a button) closes it, if there is one. */
export function briefingArticle(session: Session, sideIds: readonly string[], action: HTMLElement | null, parts: { readonly situation?: boolean; readonly charter?: boolean } = {}): HTMLElement {
  const definition = session.scenario.definition;
  const sides = definition.sides.filter((side) => sideIds.includes(side.id));
  const kpiLabel = (id: string) => definition.kpis.find((kpi) => kpi.side === SHARED_SIDE && kpi.id === id)?.label ?? id;
  const heading = sides.length === 1 && parts.situation === false ? t('game.sideBriefingHeading', { side: sides[0]!.name }) : t('game.briefingHeading', { title: definition.title });
  return el('article', { class: 'card briefing', 'aria-labelledby': 'briefing-heading' }, [
    el('h2', { id: 'briefing-heading', tabindex: '-1' }, [heading]),
    el('p', { class: 'subtitle' }, [definition.subtitle]),
    parts.situation === false ? null : el('section', { 'aria-labelledby': 'situation-heading' }, [el('h3', { id: 'situation-heading' }, [t('game.situation')]), ...definition.summary.map((text) => el('p', {}, [text]))]),
    ...sides.map((side) => {
      const partner = partnerOf(session.scenario, side.id);
      return el('section', { class: 'side-brief', 'aria-labelledby': `brief-${side.id}` }, [
        el('h3', { id: `brief-${side.id}` }, [t('game.yourSide', { side: side.name })]),
        ...side.briefing.map((text) => el('p', {}, [text])),
        el('h4', {}, [t('game.judgedOn')]),
        el('p', { class: 'goal' }, [side.goal]),
        // The partner's yardstick only when the game shows it; otherwise it waits for the debrief.
        ...(session.game.settings.partnerYardstickVisible ? [el('h4', {}, [t('game.partnerJudgedOn', { side: partner.name })]), el('p', { class: 'goal partner-goal' }, [partner.goal])] : []),
        el('h4', {}, [t('game.youDecide')]),
        el('ul', {}, side.decisions.map((decision) => el('li', {}, [el('strong', {}, [`${decision.label} `]), `(${decision.unit}): ${decision.hint}`]))),
      ]);
    }),
    parts.charter === false
      ? null
      : el('section', { class: 'charter', 'aria-labelledby': 'charter-heading' }, [
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
