import type { StoreApi } from 'zustand/vanilla';
import type { GameStore, Session } from '../../state/create-game-store.ts';
import { el } from '../dom.ts';
import { t } from '../i18n.ts';
import { decisionsTable } from './round-tables.ts';

/** Both sides have decided: the decisions side by side, then the quarter is played. */
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
      decisionsTable(session, session.game.submissions, session.game.history.at(-1)?.decisions, t('game.quarter') + ` ${round}`),
      el('div', { class: 'button-row' }, [play, change]),
    ]),
  );
  return () => {};
}
