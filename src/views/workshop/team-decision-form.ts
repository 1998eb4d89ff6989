import type { Decisions } from '../../rules/index.ts';
import type { Session } from '../../state/create-game-store.ts';
import { decisionFields, partnerOf, sideOf, termsBrokenBy } from '../../state/selectors.ts';
import { el } from '../dom.ts';
import { t } from '../i18n.ts';
import { confirmInPage } from '../panels/confirm-dialog.ts';
import { breachWarningWords } from '../panels/deal-words.ts';
import { decisionInputs, guardSubmit } from '../panels/decision-inputs.ts';

/**
 * A team's decisions for one round: the same fields as the game's (checked as typed, range and
 * unit named, agreed terms shown), and the same warning and question before decisions that break
 * the terms agreed with the partner are sent.
 */
export function decisionForm(session: Session, sideId: string, round: number, onSubmit: (decisions: Decisions) => void): HTMLFormElement {
  const side = sideOf(session.scenario, sideId);
  const partner = partnerOf(session.scenario, sideId);
  const inputs = decisionInputs({ scenario: session.scenario, fields: decisionFields(session, sideId), breaches: (decisions) => termsBrokenBy(session, sideId, decisions) });
  const submit = el('button', { type: 'submit', class: 'primary', id: 'team-submit' }, ['Send decisions']);
  const guard = guardSubmit(inputs, session.scenario, submit, 'team');
  const form = el('form', { class: 'decisions', id: 'team-decisions', 'aria-labelledby': 'team-decide-heading', novalidate: '' }, [
    el('h3', { id: 'team-decide-heading', tabindex: '-1' }, [`${side.name}: your decisions for round ${round}`]),
    ...inputs.elements,
    guard.warnings,
    el('div', { class: 'button-row' }, [submit]),
    guard.reason,
  ]);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const reading = inputs.read();
    if (reading.invalid.length > 0) {
      form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    if (reading.breaches.length === 0) return onSubmit(reading.decisions);
    void confirmInPage({
      heading: t('game.breachConfirmHeading'),
      paragraphs: [t('game.breachConfirmText', { partner: partner.name })],
      items: reading.breaches.map((breach) => breachWarningWords(session.scenario, breach)),
      confirmLabel: t('game.breachConfirm'),
      cancelLabel: t('game.breachCancel'),
      tone: 'warning',
    }).then((confirmed) => {
      if (confirmed) onSubmit(reading.decisions);
    });
  });
  return form;
}
