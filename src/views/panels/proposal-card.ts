import type { DealTerm, GameAction } from '../../rules/index.ts';
import type { Session } from '../../state/create-game-store.ts';
import { dealsOf, partnerOf, readField, type DealView } from '../../state/selectors.ts';
import { el } from '../dom.ts';
import { formatList, formatNumber, t } from '../i18n.ts';
import { decimalsOf, termWords } from './deal-words.ts';

/** The partner's proposal waiting for this side's answer, if there is one (the latest). */
export function proposalFor(session: Session, sideId: string): DealView | undefined {
  return dealsOf(session)
    .filter((deal) => deal.proposal.status === 'open' && deal.proposal.from !== sideId)
    .at(-1);
}

/**
 * The partner's proposal, at the top of the decision screen where a team cannot miss it: the
 * terms in words, for how long, and accept, counter (other values, other length) or decline.
 */
export function proposalCard(session: Session, sideId: string, deal: DealView, dispatch: (action: GameAction) => void): HTMLElement {
  const { proposal, label } = deal;
  const partner = partnerOf(session.scenario, sideId);
  const sideName = (id: string) => session.scenario.definition.sides.find((side) => side.id === id)?.name ?? id;
  const accept = el('button', { type: 'button', class: 'primary' }, [t('game.accept')]);
  accept.addEventListener('click', () => dispatch({ type: 'respondToDeal', actor: sideId, side: sideId, proposalId: proposal.id, response: 'accept' }));
  const counter = el('button', { type: 'button', 'aria-expanded': 'false', 'aria-controls': 'counter-form' }, [t('game.counterOpen')]);
  const decline = el('button', { type: 'button' }, [t('game.reject')]);
  decline.addEventListener('click', () => dispatch({ type: 'respondToDeal', actor: sideId, side: sideId, proposalId: proposal.id, response: 'reject' }));
  const form = counterForm(session, sideId, proposal.id, proposal.terms, proposal.rounds, dispatch, () => {
    form.hidden = true;
    counter.setAttribute('aria-expanded', 'false');
    counter.focus();
  });
  form.hidden = true;
  counter.addEventListener('click', () => {
    form.hidden = !form.hidden;
    counter.setAttribute('aria-expanded', String(!form.hidden));
    if (!form.hidden) form.querySelector<HTMLInputElement>('input')?.focus();
  });
  return el('section', { class: 'card proposal', 'aria-labelledby': 'proposal-heading' }, [
    el('h3', { id: 'proposal-heading' }, [t('game.proposalHeading', { side: partner.name })]),
    el('p', {}, [t('game.proposalText', { label, rounds: proposal.rounds })]),
    el('ul', { class: 'proposal-terms' }, proposal.terms.map((term) => el('li', {}, [`${sideName(term.side)}: ${termWords(session.scenario, term)}`]))),
    el('div', { class: 'button-row' }, [accept, counter, decline]),
    form,
  ]);
}

/** Other values for the same terms, and another length: sent as a counter-proposal. */
function counterForm(session: Session, sideId: string, proposalId: number, terms: readonly DealTerm[], rounds: number, dispatch: (action: GameAction) => void, onCancel: () => void): HTMLFormElement {
  const game = session.game;
  const maxRounds = Math.max(1, game.settings.rounds - game.round + 1);
  const rows = terms.map((term, index) => {
    const side = session.scenario.definition.sides.find((candidate) => candidate.id === term.side)!;
    const decision = side.decisions.find((candidate) => candidate.id === term.decision)!;
    const id = `counter-term-${index}`;
    const digits = decimalsOf(decision.step);
    const label = el('label', { for: id }, [
      t('game.counterTermLabel', { side: side.name, decision: decision.label, bound: t(term.bound === 'at-most' ? 'game.boundAtMostWords' : 'game.boundAtLeastWords'), valueUnit: decision.unit }),
    ]);
    if (decision.choices) {
      // A decision made from a list is countered from the same list.
      const select = el('select', { id }, decision.choices.map((choice) => el('option', { value: String(choice.value) }, [choice.label])));
      select.value = String(term.value);
      return { term, name: decision.label, read: () => ({ ok: true as const, value: Number(select.value) }), mark: () => {}, element: el('div', { class: 'counter-term' }, [label, select]) };
    }
    const input = el('input', { type: 'text', inputmode: 'decimal', id, autocomplete: 'off', class: 'number narrow', 'aria-describedby': `${id}-range` });
    input.value = term.value.toFixed(digits);
    const range = el('span', { class: 'field-meta', id: `${id}-range` }, [t('game.allowed', { min: formatNumber(decision.min, digits), max: formatNumber(decision.max, digits), valueUnit: decision.unit })]);
    return {
      term,
      name: decision.label,
      read: () => readField({ min: decision.min, max: decision.max, choices: null }, input.value),
      mark: (ok: boolean) => input.setAttribute('aria-invalid', String(!ok)),
      element: el('div', { class: 'counter-term' }, [label, input, range]),
    };
  });
  const length = el('input', { type: 'text', inputmode: 'numeric', id: 'counter-rounds', class: 'number narrow', autocomplete: 'off', 'aria-describedby': 'counter-rounds-range' });
  length.value = String(Math.min(rounds, maxRounds));
  const problem = el('p', { class: 'field-error', role: 'status', hidden: '' });
  const send = el('button', { type: 'submit', class: 'primary' }, [t('game.counterSend')]);
  const cancel = el('button', { type: 'button' }, [t('game.counterCancel')]);
  cancel.addEventListener('click', onCancel);
  const form = el('form', { id: 'counter-form', class: 'counter-form', 'aria-label': t('game.counterHeading') }, [
    el('p', { class: 'hint' }, [t('game.counterHint')]),
    ...rows.map((row) => row.element),
    el('div', { class: 'counter-term' }, [el('label', { for: 'counter-rounds' }, [t('game.counterRounds')]), length, el('span', { class: 'field-meta', id: 'counter-rounds-range' }, [t('game.counterRoundsRange', { max: maxRounds })])]),
    problem,
    el('div', { class: 'button-row' }, [send, cancel]),
  ]);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const wrong: string[] = [];
    const proposed = rows.map((row) => {
      const reading = row.read();
      row.mark(reading.ok);
      if (!reading.ok) wrong.push(row.name);
      return { ...row.term, value: reading.ok ? reading.value : row.term.value };
    });
    const length = Number((form.querySelector('#counter-rounds') as HTMLInputElement).value.trim());
    const lengthOk = Number.isInteger(length) && length >= 1 && length <= maxRounds;
    (form.querySelector('#counter-rounds') as HTMLInputElement).setAttribute('aria-invalid', String(!lengthOk));
    if (!lengthOk) wrong.push(t('game.counterRounds'));
    problem.hidden = wrong.length === 0;
    problem.textContent = wrong.length === 0 ? '' : t('game.submitBlocked', { fields: formatList(wrong) });
    if (wrong.length > 0) return;
    dispatch({ type: 'proposeDeal', actor: sideId, side: sideId, terms: proposed, rounds: length, counterTo: proposalId });
  });
  return form;
}
