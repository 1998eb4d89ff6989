import type { DecisionField } from '../../state/selectors.ts';
import { el } from '../dom.ts';
import { formatNumber } from '../i18n.ts';

const decimalsOf = (step: number): number => (Number.isInteger(step) ? 0 : Math.min(3, String(step).split('.')[1]?.length ?? 2));

/** A team's decisions for one round: a number per decision (or a choice), its range, last round's value and any agreed term. */
export function decisionForm(fields: readonly DecisionField[], sideName: string, round: number, onSubmit: (decisions: Record<string, number>) => void): HTMLFormElement {
  const values = new Map<string, number>();
  const form = el('form', { class: 'decisions', id: 'team-decisions', 'aria-labelledby': 'team-decide-heading' });
  const fieldFor = (field: DecisionField): HTMLElement => {
    const id = `decision-${field.id}`;
    const digits = decimalsOf(field.step);
    values.set(field.id, field.value);
    const meta = el('p', { class: 'field-meta', id: `${id}-range` }, [
      `Allowed ${formatNumber(field.min, digits)} to ${formatNumber(field.max, digits)}`,
      field.lastValue === null ? '' : ` · last round ${formatNumber(field.lastValue, digits)}`,
      field.limit ? ` · agreed: ${field.limit.bound === 'at-most' ? 'at most' : 'at least'} ${formatNumber(field.limit.value, digits)}` : '',
    ]);
    if (field.choices) {
      return el('fieldset', { class: 'decision', 'aria-describedby': `${id}-range` }, [
        el('legend', {}, [field.label]),
        ...field.choices.map((choice) => {
          const input = el('input', { type: 'radio', name: id, id: `${id}-${choice.value}`, value: String(choice.value) });
          input.checked = field.value === choice.value;
          input.addEventListener('change', () => values.set(field.id, choice.value));
          return el('label', { for: `${id}-${choice.value}`, class: 'inline-option' }, [input, ` ${choice.label}`]);
        }),
        meta,
      ]);
    }
    const number = el('input', { type: 'number', id, name: field.id, min: String(field.min), max: String(field.max), step: String(field.step), value: field.value.toFixed(digits), class: 'number', 'aria-describedby': `${id}-hint ${id}-range` });
    number.addEventListener('input', () => {
      const value = Number(number.value);
      if (number.value !== '' && Number.isFinite(value)) values.set(field.id, value);
    });
    return el('div', { class: 'decision' }, [
      el('label', { for: id, class: 'decision-label' }, [field.label, el('span', { class: 'unit' }, [` (${field.unit})`])]),
      number,
      el('p', { class: 'hint', id: `${id}-hint` }, [field.hint]),
      meta,
    ]);
  };
  form.append(
    el('h3', { id: 'team-decide-heading', tabindex: '-1' }, [`${sideName}: your decisions for round ${round}`]),
    ...fields.map(fieldFor),
    el('div', { class: 'button-row' }, [el('button', { type: 'submit', class: 'primary', id: 'team-submit' }, ['Send decisions'])]),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    onSubmit(Object.fromEntries(values));
  });
  return form;
}
