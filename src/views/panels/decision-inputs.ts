import type { Decisions, Scenario, TermBreach } from '../../rules/index.ts';
import { readField, type DecisionField, type FieldProblem } from '../../state/selectors.ts';
import { el } from '../dom.ts';
import { formatList, formatNumber, t } from '../i18n.ts';
import { breachWarningWords, decimalsOf } from './deal-words.ts';

/**
 * A side's decision fields, checked as the player types: each number field is a text field with
 * a decimal keyboard (so nothing typed is quietly dropped), marked aria-invalid with a message
 * under it that names the allowed range and unit; a value outside an agreed term is allowed and
 * warned about under the field. The submit button says why it cannot be pressed yet.
 * Used by the game's decision screen and by a workshop team's screen.
 */
export interface DecisionInputsOptions {
  readonly scenario: Scenario;
  readonly fields: readonly DecisionField[];
  /** Values already submitted this round (the fields show them, read-only). */
  readonly submitted?: Readonly<Decisions> | undefined;
  /** Terms of deals in force these values would break. */
  readonly breaches: (decisions: Readonly<Decisions>) => readonly TermBreach[];
  /** Every edit, with every field's text as typed: for keeping drafts. */
  readonly onEdit?: (texts: Readonly<Record<string, string>>) => void;
}

export interface DecisionReading {
  readonly decisions: Decisions;
  /** Fields whose text is not a value the rules would take, in screen order. */
  readonly invalid: readonly DecisionField[];
  /** Terms these decisions would break (only when every field is valid). */
  readonly breaches: readonly TermBreach[];
}

export interface DecisionInputs {
  readonly elements: readonly HTMLElement[];
  read(): DecisionReading;
  /** Calls `listener` after every change of any field. */
  onChange(listener: (reading: DecisionReading) => void): void;
}

function problemText(field: DecisionField, problem: FieldProblem, text: string): string {
  const digits = decimalsOf(field.step);
  const range = { min: formatNumber(field.min, digits), max: formatNumber(field.max, digits), unit: field.unit };
  switch (problem) {
    case 'empty':
      return t('game.fieldEmpty', range);
    case 'not-a-number':
      return t('game.fieldNotANumber', { ...range, text: text.trim().slice(0, 24) });
    case 'below-minimum':
      return t('game.fieldBelow', { ...range, value: text.trim() });
    case 'above-maximum':
      return t('game.fieldAbove', { ...range, value: text.trim() });
    case 'not-a-choice':
      return t('game.fieldNotAChoice', range);
  }
}

export function decisionInputs(options: DecisionInputsOptions): DecisionInputs {
  const { fields, submitted } = options;
  const listeners: ((reading: DecisionReading) => void)[] = [];
  const readers = new Map<string, () => string>();
  const warnings = new Map<string, HTMLElement>();
  const errors = new Map<string, { input: HTMLInputElement; message: HTMLElement }>();

  const read = (): DecisionReading => {
    const decisions: Decisions = {};
    const invalid: DecisionField[] = [];
    for (const field of fields) {
      const reading = readField(field, readers.get(field.id)!());
      if (reading.ok) decisions[field.id] = reading.value;
      else invalid.push(field);
    }
    return { decisions, invalid, breaches: invalid.length === 0 ? options.breaches(decisions) : [] };
  };

  const refresh = (edited: boolean): void => {
    // Each field's own message: what is wrong with its text, or which term its value would break.
    for (const field of fields) {
      const text = readers.get(field.id)!();
      const reading = readField(field, text);
      const error = errors.get(field.id);
      if (error) {
        error.input.setAttribute('aria-invalid', String(!reading.ok));
        error.message.textContent = reading.ok ? '' : problemText(field, reading.problem, text);
        error.message.hidden = reading.ok;
      }
    }
    const reading = read();
    // Under each valid field, the terms its value breaks, even while another field is still wrong.
    const broken = reading.invalid.length === 0 ? reading.breaches : options.breaches(reading.decisions);
    for (const field of fields) {
      const warning = warnings.get(field.id)!;
      const own = broken.filter((breach) => breach.term.decision === field.id);
      warning.textContent = own.map((breach) => breachWarningWords(options.scenario, breach)).join(' ');
      warning.hidden = own.length === 0;
    }
    if (edited) options.onEdit?.(Object.fromEntries(fields.map((field) => [field.id, readers.get(field.id)!()])));
    for (const listener of listeners) listener(reading);
  };

  const elements = fields.map((field) => {
    const id = `decision-${field.id}`;
    const digits = decimalsOf(field.step);
    const start = submitted?.[field.id] ?? field.value;
    const warning = el('p', { class: 'breach-warning', id: `${id}-breach`, hidden: '' });
    warnings.set(field.id, warning);
    // A choice needs no range; its last value reads as the option chosen.
    const lastWords = field.lastValue === null ? null : (field.choices?.find((choice) => choice.value === field.lastValue)?.label ?? formatNumber(field.lastValue, digits));
    const meta = el('p', { class: 'field-meta', id: `${id}-range` }, [
      field.choices ? '' : t('game.allowed', { min: formatNumber(field.min, digits), max: formatNumber(field.max, digits), valueUnit: field.unit }),
      lastWords === null ? '' : `${field.choices ? '' : ' · '}${t('game.lastRound', { value: lastWords })}`,
    ]);
    const limit = field.limit
      ? el('p', { class: 'deal-limit' }, [t('game.dealLimit', { bound: t(field.limit.bound === 'at-most' ? 'game.boundAtMost' : 'game.boundAtLeast'), value: formatNumber(field.limit.value, digits), until: field.limit.until })])
      : null;
    if (field.choices) {
      const chosen = submitted?.[field.id] ?? (field.draft !== null && field.choices.some((choice) => String(choice.value) === field.draft) ? Number(field.draft) : start);
      let current = String(chosen);
      readers.set(field.id, () => current);
      return el('fieldset', { class: 'decision', 'aria-describedby': `${id}-hint ${id}-range ${id}-breach` }, [
        el('legend', {}, [field.label]),
        ...field.choices.map((choice) => {
          const input = el('input', { type: 'radio', name: id, id: `${id}-${choice.value}`, value: String(choice.value) });
          input.checked = chosen === choice.value;
          input.disabled = submitted !== undefined;
          input.addEventListener('change', () => {
            current = String(choice.value);
            refresh(true);
          });
          return el('label', { for: `${id}-${choice.value}`, class: 'inline-option' }, [input, ` ${choice.label}`]);
        }),
        el('p', { class: 'hint', id: `${id}-hint` }, [field.hint]),
        meta,
        limit,
        warning,
      ]);
    }
    const text = el('input', {
      type: 'text',
      inputmode: 'decimal',
      autocomplete: 'off',
      spellcheck: 'false',
      id,
      name: field.id,
      class: 'number',
      'aria-describedby': `${id}-error ${id}-range ${id}-breach ${id}-hint`,
      'aria-errormessage': `${id}-error`,
    });
    text.value = submitted?.[field.id] !== undefined ? start.toFixed(digits) : (field.draft ?? start.toFixed(digits));
    const slider = el('input', { type: 'range', id: `${id}-slider`, min: String(field.min), max: String(field.max), step: String(field.step), 'aria-label': `${field.label} (${field.unit})`, 'aria-describedby': `${id}-range` });
    const message = el('p', { class: 'field-error', id: `${id}-error`, 'aria-live': 'polite', hidden: '' });
    errors.set(field.id, { input: text, message });
    readers.set(field.id, () => text.value);
    const syncSlider = (): void => {
      const reading = readField(field, text.value);
      if (reading.ok) slider.value = String(reading.value);
    };
    // A restored draft that is not a number leaves the slider where the value was.
    slider.value = String(start);
    syncSlider();
    text.disabled = slider.disabled = submitted !== undefined;
    slider.addEventListener('input', () => {
      text.value = Number(slider.value).toFixed(digits);
      refresh(true);
    });
    text.addEventListener('input', () => {
      syncSlider();
      refresh(true);
    });
    return el('div', { class: 'decision' }, [
      el('label', { for: id, class: 'decision-label' }, [field.label, el('span', { class: 'unit' }, [` (${field.unit})`])]),
      el('div', { class: 'decision-inputs' }, [slider, text]),
      message,
      meta,
      limit,
      warning,
      el('p', { class: 'hint', id: `${id}-hint` }, [field.hint]),
    ]);
  });

  // The first refresh shows what a restored draft already says (an empty field, a broken term).
  queueMicrotask(() => refresh(false));
  return {
    elements,
    read,
    onChange(listener) {
      listeners.push(listener);
    },
  };
}

/**
 * The submit button of a decision form: disabled while a field is wrong, with the reason next to
 * it (and in its description); the terms the decisions would break listed above it.
 */
export function guardSubmit(inputs: DecisionInputs, scenario: Scenario, button: HTMLButtonElement, idPrefix: string): { readonly reason: HTMLElement; readonly warnings: HTMLElement } {
  const reason = el('p', { class: 'submit-reason', id: `${idPrefix}-submit-reason`, role: 'status' });
  const warnings = el('div', { class: 'breach-summary', id: `${idPrefix}-breaches`, role: 'status', 'aria-live': 'polite' });
  button.setAttribute('aria-describedby', reason.id);
  const update = (reading: DecisionReading): void => {
    button.disabled = reading.invalid.length > 0;
    reason.textContent = reading.invalid.length > 0 ? t('game.submitBlocked', { fields: formatList(reading.invalid.map((field) => field.label)) }) : '';
    reason.hidden = reading.invalid.length === 0;
    warnings.replaceChildren(
      ...(reading.breaches.length > 0 ? [el('p', { class: 'breach-heading' }, [t('game.breachSummary')]), el('ul', {}, reading.breaches.map((breach) => el('li', {}, [breachWarningWords(scenario, breach)])))] : []),
    );
    warnings.hidden = reading.breaches.length === 0;
  };
  inputs.onChange(update);
  update(inputs.read());
  return { reason, warnings };
}
