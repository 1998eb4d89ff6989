import type { StoreApi } from 'zustand/vanilla';
import { endedDecisions } from '../../rules/index.ts';
import type { GameStore, Session } from '../../state/create-game-store.ts';
import { actingSide } from '../../state/selectors.ts';
import { el } from '../dom.ts';
import { t } from '../i18n.ts';
import { confirmInPage } from './confirm-dialog.ts';
import { breachList } from './reveal-panel.ts';
import { kpiTable } from './round-tables.ts';

/**
 * The quarter's results, then on to the next quarter (or the debrief); the exit clause lives here.
 * Two teams read this screen together: it shows what both may see, and each team its own full
 * set on its turn of the device.
 */
export function mountResultsPanel(root: HTMLElement, store: StoreApi<GameStore>, session: Session): () => void {
  const game = session.game;
  const definition = session.scenario.definition;
  const round = game.round;
  const last = round >= game.settings.rounds;
  const next = el('button', { type: 'button', class: 'primary' }, [last ? t('game.toDebrief') : t('game.nextQuarter', { round: round + 1 })]);
  next.addEventListener('click', () => store.getState().dispatch({ type: 'nextRound', actor: session.humanSide ?? 'system', round }));
  const viewer = actingSide(session) ?? session.humanSide;
  const exitSides = session.mode === 'solo' ? definition.sides.filter((side) => side.id === session.humanSide) : definition.sides;
  const exitButtons =
    game.exit || last
      ? []
      : exitSides.map((side) => {
          const button = el('button', { type: 'button', class: 'quiet' }, [session.mode === 'solo' ? t('game.exitClause') : t('game.exitClauseFor', { side: side.name })]);
          button.addEventListener('click', () => {
            void confirmInPage({
              heading: t('game.exitHeading'),
              paragraphs: [t('game.exitWhen', { round: round + 1 }), definition.exitClause.description, t('game.exitFinal')],
              items: exitLapses(session, round + 1),
              confirmLabel: t('game.exitConfirmButton'),
              cancelLabel: t('game.exitCancel'),
              tone: 'warning',
            }).then((confirmed) => {
              if (confirmed) store.getState().dispatch({ type: 'exitAlliance', actor: side.id, side: side.id });
            });
          });
          return button;
        });
  const exitNote = game.exit ? el('p', { class: 'notice' }, [t('game.exitDone', { side: definition.sides.find((side) => side.id === game.exit!.side)!.name, round: game.exit.round })]) : null;
  root.replaceChildren(
    el('section', { class: 'card results', 'aria-labelledby': 'results-heading' }, [
      el('h2', { id: 'results-heading', tabindex: '-1' }, [t('game.resultsHeading', { round })]),
      breachList(session, round, 'results'),
      kpiTable(session, round, session.mode === 'solo' ? viewer : null, t('game.quarter') + ` ${round}`),
      session.mode === 'two-teams' && !last ? el('p', { class: 'hint' }, [t('game.ownResultsLater')]) : null,
      exitNote,
      el('div', { class: 'button-row' }, [next, ...exitButtons]),
    ]),
  );
  return () => {};
}

/** The decisions the exit would end, as a list for the exit dialog: what stops being asked for. */
function exitLapses(session: Session, fromRound: number): string[] {
  const ended = endedDecisions(session.scenario, { side: '', round: fromRound - 1 }, fromRound);
  return session.scenario.definition.sides.flatMap((side) =>
    Object.keys(ended[side.id] ?? {}).map((id) => t('game.exitLapse', { side: side.name, decision: side.decisions.find((decision) => decision.id === id)!.label })),
  );
}
