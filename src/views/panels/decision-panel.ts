import type { StoreApi } from 'zustand/vanilla';
import type { GameStore, Session } from '../../state/create-game-store.ts';
import { decisionFields, partnerOf, sideOf, type DecisionField } from '../../state/selectors.ts';
import { el } from '../dom.ts';
import { formatNumber, t } from '../i18n.ts';
import { mountDealsPanel } from './deals-panel.ts';

const decimalsOf = (step: number): number => (Number.isInteger(step) ? 0 : Math.min(3, String(step).split('.')[1]?.length ?? 2));

/**
 * One side's decisions: for each, a labelled slider and number field kept in step, with unit,
 * allowed range, last quarter's value, any agreed limit and why it matters.
 */
export function mountDecisionPanel(root: HTMLElement, store: StoreApi<GameStore>, session: Session, sideId: string): () => void {
  const side = sideOf(session.scenario, sideId);
  const partner = partnerOf(session.scenario, sideId);
  const round = session.game.round;
  const submitted = session.game.submissions[sideId];
  const values = new Map<string, number>();

  const fieldFor = (field: DecisionField): HTMLElement => {
    const id = `decision-${field.id}`;
    const hintId = `${id}-hint`;
    const digits = decimalsOf(field.step);
    values.set(field.id, submitted?.[field.id] ?? field.value);
    const describedBy = `${hintId} ${id}-range`;
    const meta = el('p', { class: 'field-meta', id: `${id}-range` }, [
      t('game.allowed', { min: formatNumber(field.min, digits), max: formatNumber(field.max, digits) }),
      field.lastValue === null ? '' : ` · ${t('game.lastRound', { value: formatNumber(field.lastValue, digits) })}`,
    ]);
    const limit = field.limit
      ? el('p', { class: 'deal-limit' }, [t('game.dealLimit', { bound: t(field.limit.bound === 'at-most' ? 'game.boundAtMost' : 'game.boundAtLeast'), value: formatNumber(field.limit.value, digits), until: field.limit.until })])
      : null;
    if (field.choices) {
      return el('fieldset', { class: 'decision', 'aria-describedby': describedBy }, [
        el('legend', {}, [field.label]),
        ...field.choices.map((choice) => {
          const input = el('input', { type: 'radio', name: id, id: `${id}-${choice.value}`, value: String(choice.value) });
          input.checked = values.get(field.id) === choice.value;
          input.disabled = Boolean(submitted);
          input.addEventListener('change', () => values.set(field.id, choice.value));
          return el('label', { for: `${id}-${choice.value}`, class: 'inline-option' }, [input, ` ${choice.label}`]);
        }),
        el('p', { class: 'hint', id: hintId }, [field.hint]),
        meta,
        limit,
      ]);
    }
    const attributes = { min: String(field.min), max: String(field.max), step: String(field.step) };
    const slider = el('input', { type: 'range', id: `${id}-slider`, ...attributes, 'aria-label': `${field.label} (${field.unit})`, 'aria-describedby': describedBy });
    const number = el('input', { type: 'number', id, ...attributes, 'aria-describedby': describedBy, class: 'number' });
    const show = (value: number) => {
      slider.value = String(value);
      number.value = value.toFixed(digits);
    };
    show(values.get(field.id)!);
    slider.disabled = number.disabled = Boolean(submitted);
    slider.addEventListener('input', () => {
      values.set(field.id, Number(slider.value));
      number.value = Number(slider.value).toFixed(digits);
    });
    number.addEventListener('input', () => {
      const value = Number(number.value);
      if (number.value !== '' && Number.isFinite(value)) {
        values.set(field.id, value);
        slider.value = String(value);
      }
    });
    return el('div', { class: 'decision' }, [
      el('label', { for: id, class: 'decision-label' }, [field.label, el('span', { class: 'unit' }, [` (${field.unit})`])]),
      el('div', { class: 'decision-inputs' }, [slider, number]),
      el('p', { class: 'hint', id: hintId }, [field.hint]),
      meta,
      limit,
    ]);
  };

  const form = el('form', { class: 'card decisions', 'aria-labelledby': 'decide-heading' });
  const fields = decisionFields(session, sideId).map(fieldFor);
  const actions: HTMLElement[] = [];
  if (submitted) {
    const undo = el('button', { type: 'button' }, [t('game.takeBack')]);
    undo.addEventListener('click', () => store.getState().dispatch({ type: 'undoSubmission', actor: sideId, side: sideId, round }));
    actions.push(el('p', { role: 'status' }, [t('game.submittedWaiting', { side: partner.name })]), undo);
  } else {
    actions.push(el('button', { type: 'submit', class: 'primary' }, [t('game.submit', { side: side.name })]));
    if (session.game.settings.seats[partner.id]?.kind === 'computer' && session.game.submissions[partner.id]) {
      actions.push(el('p', { class: 'hint' }, [t('game.computerDecided', { side: partner.name })]));
    }
  }
  form.append(el('h2', { id: 'decide-heading', tabindex: '-1' }, [t('game.decideHeading', { side: side.name, round })]), ...fields, el('div', { class: 'button-row' }, actions));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    store.getState().dispatch({ type: 'submitDecisions', actor: sideId, side: sideId, round, decisions: Object.fromEntries(values) });
  });
  const deals = el('div');
  root.replaceChildren(form, deals);
  return mountDealsPanel(deals, (action) => store.getState().dispatch(action), session, sideId);
}
