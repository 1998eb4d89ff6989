import { el } from '../dom.ts';
import type { TeamScreenOptions } from './team-screen.ts';

export interface JoinAttempt {
  readonly code: string;
  readonly seat: { readonly alliance: number; readonly side: string } | null;
  readonly scenarioId: string;
}

/**
 * How a team joins: the code, then any free seat (the server picks) or a chosen alliance and side.
 * A refused attempt comes back filled in as it was.
 */
export function joinForm(options: TeamScreenOptions, last: JoinAttempt | null, onJoin: (attempt: JoinAttempt) => void): HTMLFormElement {
  const form = el('form', { class: 'join-form', id: 'join-form' });
  let scenarioId = last?.scenarioId ?? options.join.scenarioId ?? options.scenarios[0]!.definition.id;
  const alliances = options.join.alliances ?? 40;
  const code = el('input', { id: 'join-code', name: 'code', autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', required: '', minlength: '4', maxlength: '16', value: last?.code ?? options.join.code });
  const caseSelect = el('select', { id: 'join-case' }, options.scenarios.map((scenario) => el('option', { value: scenario.definition.id }, [scenario.definition.title])));
  caseSelect.value = scenarioId;
  const allianceSelect = el('select', { id: 'join-alliance' }, [
    el('option', { value: 'any' }, ['Any free seat (you are given one)']),
    ...Array.from({ length: alliances }, (_, index) => el('option', { value: String(index) }, [`Alliance ${index + 1}`])),
  ]);
  if (last?.seat) allianceSelect.value = String(last.seat.alliance);
  // With "any free seat" the server chooses the side (and knows the case) too.
  const showSides = (): void => {
    const any = allianceSelect.value === 'any';
    sideBox.disabled = any;
    sideBox.hidden = any;
    caseRow.hidden = any || options.join.scenarioId !== null;
  };
  allianceSelect.addEventListener('change', showSides);
  const sideBox = el('fieldset', { class: 'side-choice' });
  const renderSides = (): void => {
    const scenario = options.scenarios.find((candidate) => candidate.definition.id === scenarioId) ?? options.scenarios[0]!;
    sideBox.replaceChildren(
      el('legend', {}, ['Your side']),
      ...scenario.definition.sides.map((side, index) => {
        const input = el('input', { type: 'radio', name: 'side', id: `join-side-${side.id}`, value: side.id });
        input.checked = last?.seat ? last.seat.side === side.id : index === 0;
        return el('label', { for: `join-side-${side.id}`, class: 'inline-option' }, [input, ` ${side.name}: ${side.goal}`]);
      }),
    );
  };
  caseSelect.addEventListener('change', () => {
    scenarioId = caseSelect.value;
    renderSides();
  });
  const caseRow = el('div', { class: 'field-row' }, [el('label', { for: 'join-case' }, ['Case']), caseSelect]);
  renderSides();
  showSides();
  form.append(
    el('div', { class: 'field-row' }, [el('label', { for: 'join-code' }, ['Workshop code']), code]),
    el('div', { class: 'field-row' }, [el('label', { for: 'join-alliance' }, ['Alliance']), allianceSelect]),
    caseRow,
    sideBox,
    el('div', { class: 'button-row' }, [el('button', { type: 'submit', class: 'primary', id: 'join-submit' }, ['Join'])]),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const side = form.querySelector<HTMLInputElement>('input[name="side"]:checked')?.value;
    const typed = code.value.trim().toUpperCase();
    if (allianceSelect.value === 'any') return onJoin({ code: typed, seat: null, scenarioId });
    if (!side) return;
    onJoin({ code: typed, seat: { alliance: Number(allianceSelect.value), side }, scenarioId });
  });
  return form;
}
