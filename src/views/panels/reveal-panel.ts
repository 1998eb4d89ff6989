import type { StoreApi } from 'zustand/vanilla';
import type { GameStore, Session } from '../../state/create-game-store.ts';
import { breachesOf } from '../../state/selectors.ts';
import { el } from '../dom.ts';
import { t } from '../i18n.ts';
import { breachRecordWords } from './deal-words.ts';
import { decisionsTable } from './round-tables.ts';

/** Both sides have decided: the decisions side by side, any agreed term broken, then the quarter is played. */
export function mountRevealPanel(root: HTMLElement, store: StoreApi<GameStore>, session: Session): () => void {
  const round = session.game.round;
  const play = el('button', { type: 'button', class: 'primary' }, [t('game.playQuarter', { round })]);
  play.addEventListener('click', () => store.getState().dispatch({ type: 'resolveRound', actor: session.humanSide ?? 'system', round }));
  const change =
    session.mode === 'solo' && session.humanSide
      ? (() => {
          const button = el('button', { type: 'button' }, [t('game.changeDecisions')]);
          button.addEventListener('click', () => store.getState().dispatch({ type: 'undoSubmission', actor: session.humanSide!, side: session.humanSide!, round }));
          return button;
        })()
      : null;
  root.replaceChildren(
    el('section', { class: 'card reveal', 'aria-labelledby': 'reveal-heading' }, [
      el('h2', { id: 'reveal-heading', tabindex: '-1' }, [t('game.revealHeading', { round })]),
      el('p', {}, [t('game.revealText')]),
      breachList(session, round, 'reveal'),
      decisionsTable(session, session.game.submissions, session.game.history.at(-1)?.decisions, t('game.quarter') + ` ${round}`),
      el('div', { class: 'button-row' }, [play, change]),
    ]),
  );
  return () => {};
}

/** The agreed terms broken in a round, one line each, or nothing when every term was kept. */
export function breachList(session: Session, round: number, where: 'reveal' | 'results'): HTMLElement | null {
  const breaches = breachesOf(session, round);
  if (breaches.length === 0) return null;
  return el('section', { class: 'breach-record', 'aria-labelledby': `${where}-breaches-heading` }, [
    el('h3', { id: `${where}-breaches-heading` }, [t('game.breachRecordHeading', { round })]),
    el('ul', {}, breaches.map((breach) => el('li', {}, [breachRecordWords(session.scenario, breach)]))),
  ]);
}
