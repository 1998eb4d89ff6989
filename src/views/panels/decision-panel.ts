import type { StoreApi } from 'zustand/vanilla';
import type { GameAction } from '../../rules/index.ts';
import type { GameStore, Session } from '../../state/create-game-store.ts';
import { allianceHasEnded, decisionFields, partnerOf, sideOf, termsBrokenBy } from '../../state/selectors.ts';
import { el } from '../dom.ts';
import { formatList, t } from '../i18n.ts';
import { confirmInPage } from './confirm-dialog.ts';
import { breachWarningWords } from './deal-words.ts';
import { mountDealsPanel } from './deals-panel.ts';
import { decisionInputs, guardSubmit } from './decision-inputs.ts';
import { proposalCard, proposalFor } from './proposal-card.ts';
import { kpiTable } from './round-tables.ts';

/**
 * One side's decisions for the round. From the top: the partner's proposal waiting for an answer,
 * that the alliance has ended (if it has), the team's own last results (two teams on one screen),
 * then the fields, checked as typed and kept as drafts, and the submit button, which warns in
 * words and asks before decisions that break agreed terms go in.
 */
export function mountDecisionPanel(root: HTMLElement, store: StoreApi<GameStore>, session: Session, sideId: string): () => void {
  const side = sideOf(session.scenario, sideId);
  const partner = partnerOf(session.scenario, sideId);
  const game = session.game;
  const round = game.round;
  const submitted = game.submissions[sideId];
  const dispatch = (action: GameAction): boolean => store.getState().dispatch(action);

  const fields = decisionFields(session, sideId);
  const inputs = decisionInputs({
    scenario: session.scenario,
    fields,
    submitted,
    breaches: (decisions) => termsBrokenBy(session, sideId, decisions),
    onEdit: (texts) => {
      // What was typed outlives a refresh; an old refusal no longer describes these values.
      const state = store.getState();
      state.saveDraft(sideId, texts);
      if (state.lastError !== null) state.clearError();
    },
  });

  const form = el('form', { class: 'card decisions', 'aria-labelledby': 'decide-heading', novalidate: '' });
  const actions: HTMLElement[] = [];
  let guard: { reason: HTMLElement; warnings: HTMLElement } | null = null;
  if (submitted) {
    const undo = el('button', { type: 'button' }, [t('game.takeBack')]);
    undo.addEventListener('click', () => dispatch({ type: 'undoSubmission', actor: sideId, side: sideId, round }));
    actions.push(el('p', { role: 'status' }, [t('game.submittedWaiting', { side: partner.name })]), undo);
  } else {
    const submit = el('button', { type: 'submit', class: 'primary' }, [t('game.submit', { side: side.name })]);
    guard = guardSubmit(inputs, session.scenario, submit, 'decide');
    actions.push(submit);
    if (game.settings.seats[partner.id]?.kind === 'computer' && game.submissions[partner.id]) actions.push(el('p', { class: 'hint' }, [t('game.computerDecided', { side: partner.name })]));
  }
  form.append(
    el('h2', { id: 'decide-heading', tabindex: '-1' }, [t('game.decideHeading', { side: side.name, round })]),
    ...endedNotice(session),
    ...inputs.elements,
    ...(guard ? [guard.warnings] : []),
    el('div', { class: 'button-row' }, actions),
    ...(guard ? [guard.reason] : []),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const reading = inputs.read();
    if (reading.invalid.length > 0) {
      form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    const send = () => dispatch({ type: 'submitDecisions', actor: sideId, side: sideId, round, decisions: reading.decisions });
    if (reading.breaches.length === 0) return void send();
    void confirmInPage({
      heading: t('game.breachConfirmHeading'),
      paragraphs: [t('game.breachConfirmText', { partner: partner.name })],
      items: reading.breaches.map((breach) => breachWarningWords(session.scenario, breach)),
      confirmLabel: t('game.breachConfirm'),
      cancelLabel: t('game.breachCancel'),
      tone: 'warning',
    }).then((confirmed) => {
      if (confirmed) send();
    });
  });

  const open = submitted ? undefined : proposalFor(session, sideId);
  const proposal = open ? proposalCard(session, sideId, open, dispatch) : null;
  // Two teams on one screen: the results screen showed only what both teams may see; each team
  // reads its own full set here, on its own turn of the device.
  const lastPlayed = game.history.length;
  const ownResults =
    session.mode === 'two-teams' && lastPlayed > 0
      ? el('section', { class: 'card own-results', 'aria-labelledby': 'own-results-heading' }, [
          el('h3', { id: 'own-results-heading' }, [t('game.ownResultsHeading', { side: side.name, round: lastPlayed })]),
          kpiTable(session, lastPlayed, sideId, t('game.ownResultsCaption', { side: side.name, round: lastPlayed })),
        ])
      : null;
  const deals = el('div');
  root.replaceChildren(...[proposal, form, ownResults, deals].filter((part): part is HTMLElement => part !== null));
  return mountDealsPanel(deals, dispatch, session, sideId, { answerProposals: proposal === null });
}

/** After an exit: the alliance has ended, what that did, and which decisions are no longer asked for. */
function endedNotice(session: Session): HTMLElement[] {
  if (!allianceHasEnded(session)) return [];
  const definition = session.scenario.definition;
  const exit = session.game.exit!;
  const who = definition.sides.find((side) => side.id === exit.side)?.name ?? exit.side;
  const gone = definition.exitClause.endsDecisions.map(({ side, decision }) => {
    const owner = definition.sides.find((candidate) => candidate.id === side)!;
    return `${owner.name}: ${owner.decisions.find((candidate) => candidate.id === decision)!.label}`;
  });
  return [
    el('div', { class: 'notice alliance-ended', role: 'note' }, [
      el('p', { class: 'notice-heading' }, [t('game.allianceEndedHeading')]),
      el('p', {}, [t('game.allianceEndedText', { side: who, round: exit.round, description: definition.exitClause.description })]),
      gone.length > 0 ? el('p', {}, [t('game.allianceEndedDecisions', { decisions: formatList(gone) })]) : null,
    ]),
  ];
}
