import { activeDeals, type GameAction } from '../../rules/index.ts';
import type { Session } from '../../state/create-game-store.ts';
import { dealsOf, partnerOf } from '../../state/selectors.ts';
import { el } from '../dom.ts';
import { t } from '../i18n.ts';

export interface DealsPanelOptions {
  /** False where the partner's proposal is answered elsewhere (at the top of the decision screen). */
  readonly answerProposals?: boolean;
}

/**
 * Terms between the partners: propose a charter deal, answer the partner's, see what binds.
 * `dispatch` is the game store's in a game on this device, the workshop server's in a workshop.
 */
export function mountDealsPanel(root: HTMLElement, dispatch: (action: GameAction) => void, session: Session, sideId: string, options: DealsPanelOptions = {}): () => void {
  const definition = session.scenario.definition;
  if (definition.deals.length === 0 || session.game.exit) return () => {};
  const partner = partnerOf(session.scenario, sideId);
  const deals = dealsOf(session);
  const open = deals.filter((deal) => deal.proposal.status === 'open');
  const items: HTMLElement[] = [];
  for (const deal of deals) {
    const { proposal, label } = deal;
    if (proposal.status === 'open' && proposal.from !== sideId) {
      if (options.answerProposals === false) continue;
      const accept = el('button', { type: 'button' }, [t('game.accept')]);
      accept.addEventListener('click', () => dispatch({ type: 'respondToDeal', actor: sideId, side: sideId, proposalId: proposal.id, response: 'accept' }));
      const reject = el('button', { type: 'button', class: 'quiet' }, [t('game.reject')]);
      reject.addEventListener('click', () => dispatch({ type: 'respondToDeal', actor: sideId, side: sideId, proposalId: proposal.id, response: 'reject' }));
      items.push(el('li', {}, [el('p', {}, [t('game.dealOpenFromPartner', { side: partner.name, label }), ` ${t('game.dealRounds', { rounds: proposal.rounds })}`]), el('span', { class: 'button-row' }, [accept, reject])]));
    } else if (proposal.status === 'open') {
      items.push(el('li', {}, [t('game.dealOpenFromUs', { label })]));
    } else if (proposal.status === 'accepted') {
      items.push(el('li', { class: 'deal-accepted' }, [t('game.dealAccepted', { label, from: proposal.fromRound!, until: proposal.untilRound! })]));
    } else if (proposal.status === 'rejected') {
      items.push(el('li', { class: 'hint' }, [proposal.from === sideId ? t('game.dealRejected', { side: partner.name, label }) : t('game.dealYouDeclined', { label })]));
    }
  }
  // A charter deal already in force this round is not offered again.
  const inForce = activeDeals(session.game, Math.max(1, session.game.round)).map((deal) => JSON.stringify(deal.terms));
  // While a proposal waits for an answer (ours from the partner, or the partner's answered at the
  // top of the screen), no new one is offered here.
  const waiting = open.some((deal) => deal.proposal.from === sideId) || (options.answerProposals === false && open.length > 0);
  const proposals = waiting
    ? []
    : definition.deals.filter((template) => !inForce.includes(JSON.stringify(template.terms))).map((template) => {
        const button = el('button', { type: 'button' }, [t('game.proposeDeal', { label: template.label })]);
        button.addEventListener('click', () =>
          dispatch({
            type: 'proposeDeal',
            actor: sideId,
            side: sideId,
            terms: template.terms,
            rounds: template.rounds,
            ...(open[0] && open[0].proposal.from !== sideId ? { counterTo: open[0].proposal.id } : {}),
          }),
        );
        return el('div', { class: 'deal-template' }, [button, el('p', { class: 'hint' }, [`${template.description.replace(/\.\s*$/, '')}, ${t('game.dealRounds', { rounds: template.rounds })}.`])]);
      });
  // Nothing agreed, pending or to offer: no empty card.
  if (items.length === 0 && proposals.length === 0) {
    root.replaceChildren();
    return () => {};
  }
  root.replaceChildren(
    el('section', { class: 'card deals', 'aria-labelledby': 'deals-heading' }, [el('h3', { id: 'deals-heading' }, [t('game.dealsHeading')]), items.length ? el('ul', { class: 'deal-list' }, items) : null, ...proposals]),
  );
  return () => {};
}
