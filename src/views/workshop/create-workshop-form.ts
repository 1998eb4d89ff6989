import type { FacilitatorScreenOptions } from './facilitator-screen.ts';
import { el } from '../dom.ts';

/**
 * The facilitator's form for a new workshop: case, alliances, rounds, timer, who plays each side,
 * and the events set for every alliance (one set after the last round is flagged, not dropped).
 */
export function createWorkshopForm(options: FacilitatorScreenOptions): HTMLFormElement {
  const form = el('form', { class: 'create-workshop', id: 'create-workshop' });
  const caseSelect = el('select', { id: 'ws-case' }, options.scenarios.map((scenario) => el('option', { value: scenario.definition.id }, [scenario.definition.title])));
  const alliances = el('input', { type: 'number', id: 'ws-alliances', min: '1', max: '40', step: '1', value: '5' });
  const rounds = el('input', { type: 'number', id: 'ws-rounds', min: '1', max: '100', step: '1', value: '8' });
  const seconds = el('input', { type: 'number', id: 'ws-seconds', min: '0', max: '3600', step: '1', value: '600', 'aria-describedby': 'ws-seconds-hint' });
  const seats = el('fieldset', { class: 'seat-choice' });
  const renderSeats = (): void => {
    const scenario = options.scenarios.find((candidate) => candidate.definition.id === caseSelect.value)!;
    rounds.max = String(scenario.definition.rounds.count);
    if (Number(rounds.value) > scenario.definition.rounds.count) rounds.value = String(scenario.definition.rounds.count);
    seats.replaceChildren(
      el('legend', {}, ['Who plays each side']),
      ...scenario.definition.sides.map((side) =>
        el('div', { class: 'field-row' }, [
          el('label', { for: `ws-seat-${side.id}` }, [side.name]),
          el('select', { id: `ws-seat-${side.id}`, 'data-side': side.id }, [
            el('option', { value: '' }, ["Teams; a seat nobody takes keeps last round's decisions"]),
            ...Object.entries(scenario.definition.strategies[side.id] ?? {}).map(([id, strategy]) => el('option', { value: `stand-in:${id}` }, [`Teams; the computer (${strategy.label}) plays a seat nobody takes`])),
            ...Object.entries(scenario.definition.strategies[side.id] ?? {}).map(([id, strategy]) => el('option', { value: `computer:${id}` }, [`Computer in every alliance: ${strategy.label}`])),
          ]),
        ]),
      ),
    );
  };
  const events = el('fieldset', { class: 'event-choice' });
  const renderEvents = (): void => {
    const scenario = options.scenarios.find((candidate) => candidate.definition.id === caseSelect.value)!;
    const lastRound = Math.max(1, Math.min(Number(rounds.value) || 1, scenario.definition.rounds.count));
    events.hidden = scenario.definition.events.length === 0;
    events.replaceChildren(
      el('legend', {}, ['Events in every alliance (you can move or call them off per alliance later)']),
      ...scenario.definition.events.map((event) => {
        const box = el('input', { type: 'checkbox', id: `ws-event-on-${event.id}`, 'data-event': event.id });
        box.checked = event.suggested && event.defaultRound !== null && event.defaultRound <= lastRound;
        const round = el('input', { type: 'number', id: `ws-event-round-${event.id}`, class: 'narrow', min: '1', max: String(lastRound), step: '1', value: String(Math.min(event.defaultRound ?? 1, lastRound)) });
        // An unticked event's round is not sent, so it must not hold the form up either.
        round.disabled = !box.checked;
        box.addEventListener('change', () => (round.disabled = !box.checked));
        return el('div', { class: 'event-option' }, [
          el('label', { for: box.id, class: 'inline-option' }, [box, ` ${event.name}`]),
          el('label', { for: round.id }, ['from round ']),
          round,
          el('p', { class: 'problem-text', id: `ws-event-late-${event.id}`, role: 'status', hidden: '' }),
          el('p', { class: 'hint' }, [event.description]),
        ]);
      }),
    );
  };
  caseSelect.addEventListener('change', () => {
    renderSeats();
    renderEvents();
    flagLateEvents();
  });
  // A shorter workshop may no longer reach an event: it is flagged, never silently dropped.
  rounds.addEventListener('input', () => {
    const lastRound = Number(rounds.value);
    if (!Number.isInteger(lastRound) || lastRound < 1) return;
    for (const round of events.querySelectorAll<HTMLInputElement>('input[type="number"]')) round.max = String(lastRound);
    flagLateEvents();
  });
  const flagLateEvents = (): void => {
    const lastRound = Number(rounds.value);
    for (const round of events.querySelectorAll<HTMLInputElement>('input[type="number"]')) {
      const box = events.querySelector<HTMLInputElement>(`#${round.id.replace('ws-event-round-', 'ws-event-on-')}`);
      const flag = events.querySelector<HTMLElement>(`#${round.id.replace('ws-event-round-', 'ws-event-late-')}`);
      if (!flag) continue;
      const late = Boolean(box?.checked) && Number(round.value) > lastRound;
      flag.hidden = !late;
      flag.textContent = late ? `Round ${round.value} comes after the last round (${lastRound}): choose an earlier round or untick it.` : '';
    }
  };
  events.addEventListener('input', flagLateEvents);
  events.addEventListener('change', flagLateEvents);
  renderSeats();
  renderEvents();
  // A public server may ask for a key before it creates workshops (FACILITATOR_KEY); most do not.
  const key = el('input', { type: 'password', id: 'ws-key', autocomplete: 'off', maxlength: '200', 'aria-describedby': 'ws-key-hint' });
  const submit = el('button', { type: 'submit', class: 'primary', id: 'ws-create' }, ['Create the workshop']);
  form.append(
    el('div', { class: 'field-row' }, [el('label', { for: 'ws-case' }, ['Case']), caseSelect]),
    el('div', { class: 'field-row' }, [el('label', { for: 'ws-alliances' }, ['Alliances']), alliances]),
    el('div', { class: 'field-row' }, [el('label', { for: 'ws-rounds' }, ['Rounds']), rounds]),
    el('div', { class: 'field-row' }, [el('label', { for: 'ws-seconds' }, ['Round timer (seconds)']), seconds, el('p', { class: 'hint', id: 'ws-seconds-hint' }, ['0 means no timer: you end each round yourself.'])]),
    seats,
    events,
    el('div', { class: 'field-row' }, [el('label', { for: 'ws-key' }, ['Facilitator key']), key, el('p', { class: 'hint', id: 'ws-key-hint' }, ['Only if the server you use asks for one; leave it empty otherwise.'])]),
    el('div', { class: 'button-row' }, [submit]),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const computerSeats: Record<string, string> = {};
    const emptySeats: Record<string, string> = {};
    for (const select of form.querySelectorAll<HTMLSelectElement>('select[data-side]')) {
      const [kind, strategy] = select.value.split(':');
      if (kind === 'computer' && strategy) computerSeats[select.dataset['side']!] = strategy;
      if (kind === 'stand-in' && strategy) emptySeats[select.dataset['side']!] = strategy;
    }
    const scheduled = [...form.querySelectorAll<HTMLInputElement>('input[data-event]')]
      .filter((box) => box.checked && !events.hidden)
      .map((box) => ({ eventId: box.dataset['event']!, round: Number(form.querySelector<HTMLInputElement>(`#ws-event-round-${box.dataset['event']!}`)!.value) }));
    const late = scheduled.find((event) => !Number.isInteger(event.round) || event.round < 1 || event.round > Number(rounds.value));
    if (late) {
      const name = options.scenarios.flatMap((scenario) => scenario.definition.events).find((event) => event.id === late.eventId)?.name ?? late.eventId;
      options.onProblem(`${name}: choose a round from 1 to ${rounds.value}, or untick it.`);
      return;
    }
    submit.disabled = true;
    void options.client
      .create({
        scenarioId: caseSelect.value,
        alliances: Number(alliances.value),
        rounds: Number(rounds.value),
        roundSeconds: Number(seconds.value),
        computerSeats,
        emptySeats,
        events: scheduled,
        ...(key.value ? { facilitatorKey: key.value } : {}),
      })
      .finally(() => {
        submit.disabled = false;
      });
  });
  return form;
}
