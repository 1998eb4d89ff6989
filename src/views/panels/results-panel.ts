import type { StoreApi } from 'zustand/vanilla';
import type { GameStore, Session } from '../../state/create-game-store.ts';
import { actingSide } from '../../state/selectors.ts';
import { el } from '../dom.ts';
import { t } from '../i18n.ts';
import { kpiTable } from './round-tables.ts';

/** The quarter's results, then on to the next quarter (or the debrief); the exit clause lives here. */
export function mountResultsPanel(root: HTMLElement, store: StoreApi<GameStore>, session: Session): () => void {
  const game = session.game;
  const round = game.round;
  const last = round >= game.settings.rounds;
  const next = el('button', { type: 'button', class: 'primary' }, [last ? t('game.toDebrief') : t('game.nextQuarter', { round: round + 1 })]);
  next.addEventListener('click', () => store.getState().dispatch({ type: 'nextRound', actor: session.humanSide ?? 'system', round }));
  const viewer = actingSide(session) ?? session.humanSide;
  const exitSides = session.mode === 'solo' ? session.scenario.definition.sides.filter((side) => side.id === session.humanSide) : session.scenario.definition.sides;
  const exitButtons =
    game.exit || last
      ? []
      : exitSides.map((side) => {
          const button = el('button', { type: 'button', class: 'quiet' }, [session.mode === 'solo' ? t('game.exitClause') : `${side.name}: ${t('game.exitClause')}`]);
          button.addEventListener('click', () => {
            if (window.confirm(t('game.exitConfirm', { description: session.scenario.definition.exitClause.description }))) {
              store.getState().dispatch({ type: 'exitAlliance', actor: side.id, side: side.id });
            }
          });
          return button;
        });
  const exitNote = game.exit
    ? el('p', { class: 'notice' }, [t('game.exitDone', { side: session.scenario.definition.sides.find((side) => side.id === game.exit!.side)!.name, round: game.exit.round })])
    : null;
  root.replaceChildren(
    el('section', { class: 'card results', 'aria-labelledby': 'results-heading' }, [
      el('h2', { id: 'results-heading', tabindex: '-1' }, [t('game.resultsHeading', { round })]),
      kpiTable(session, round, session.mode === 'solo' ? viewer : null, t('game.quarter') + ` ${round}`),
      exitNote,
      el('div', { class: 'button-row' }, [next, ...exitButtons]),
    ]),
  );
  return () => {};
}
