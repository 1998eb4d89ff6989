import type { WorkshopClient } from '../../net/index.ts';
import type { EventDefinition, Scenario } from '../../rules/index.ts';
import type { WorkshopSnapshot } from '../../state/workshop-store.ts';
import { eventPreview, timelineCells, type TimelineCell } from '../../state/workshop-timeline.ts';
import { el } from '../dom.ts';
import { formatNumber } from '../i18n.ts';

/**
 * The facilitator's event timeline: per alliance, when each event begins; fire it now, postpone
 * it a round, call it off or schedule it, for one alliance or all; and a preview of what it would
 * do to an alliance by the last round if both sides held their course.
 */
export function mountEventTimeline(client: WorkshopClient, scenario: Scenario): { element: HTMLElement; update(snapshot: WorkshopSnapshot): void } {
  const events = scenario.definition.events;
  const table = el('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': 'Event timeline' });
  const preview = el('div', { class: 'event-preview', id: 'ws-event-preview', 'aria-live': 'polite' });
  const allRound = el('input', { type: 'number', id: 'ws-timeline-round', min: '1', step: '1', class: 'narrow' });
  const allEvent = el('select', { id: 'ws-timeline-event' }, events.map((event) => el('option', { value: event.id }, [event.name])));
  const setAll = el('button', { type: 'submit' }, ['Set for every alliance']);
  const cancelAll = el('button', { type: 'button', id: 'ws-timeline-cancel-all' }, ['Call off everywhere']);
  const allForm = el('form', { class: 'inline-controls timeline-all', id: 'ws-timeline-all' }, [
    el('label', { for: 'ws-timeline-event' }, ['Event']),
    allEvent,
    el('label', { for: 'ws-timeline-round' }, ['from round']),
    allRound,
    setAll,
    cancelAll,
  ]);
  const element = el('section', { class: 'event-timeline', id: 'ws-timeline', 'aria-labelledby': 'ws-timeline-heading' }, [
    el('h3', { id: 'ws-timeline-heading' }, ['Event timeline']),
    el('p', { class: 'hint' }, ['An event begins at the start of its round. Until then you can fire it now, postpone it or call it off, in one alliance or in all.']),
    allForm,
    table,
    preview,
  ]);
  let current: WorkshopSnapshot | null = null;
  let shownKey = '';
  const nameOf = (eventId: string): string => events.find((event) => event.id === eventId)?.name ?? eventId;

  allForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const round = Number(allRound.value);
    if (!Number.isInteger(round) || round < 1) return;
    client.command({ type: 'moveEvent', eventId: allEvent.value, alliance: null, round }, `Set "${nameOf(allEvent.value)}" for round ${round} in every alliance`);
  });
  cancelAll.addEventListener('click', () => client.command({ type: 'cancelEvent', eventId: allEvent.value, alliance: null }, `Call off "${nameOf(allEvent.value)}" everywhere`));

  const showPreview = (cell: TimelineCell, round: number): void => {
    if (!current) return;
    const event = events.find((candidate) => candidate.id === cell.eventId)!;
    const result = eventPreview(current, scenario, cell.alliance, cell.eventId, round);
    preview.replaceChildren(
      el('h4', { id: 'ws-event-preview-heading' }, [`Preview: ${event.name} in alliance ${cell.alliance + 1} from round ${round}`]),
      el('p', {}, [event.description]),
      el('p', { class: 'news-line' }, [`Teams will read: ${event.news}`]),
      el('table', { class: 'data-table', id: 'ws-event-preview-table' }, [
        el('caption', {}, [`By round ${result.lastRound}, if both sides keep their latest decisions`]),
        el('thead', {}, [el('tr', {}, ['Key figure', 'Without it', 'With it', 'Change'].map((title) => el('th', { scope: 'col' }, [title])))]),
        el(
          'tbody',
          {},
          result.impacts.map((impact) =>
            el('tr', {}, [
              el('th', { scope: 'row' }, [`${impact.kpi.label} (${impact.kpi.unit})`]),
              el('td', {}, [formatNumber(impact.without, impact.kpi.decimals)]),
              el('td', {}, [formatNumber(impact.withEvent, impact.kpi.decimals)]),
              el('td', {}, [signed(impact.withEvent - impact.without, impact.kpi.decimals)]),
            ]),
          ),
        ),
      ]),
    );
  };

  const cellActions = (cell: TimelineCell, event: EventDefinition, rounds: number, currentRound: number): HTMLElement => {
    const where = `in alliance ${cell.alliance + 1}`;
    const action = (label: string, accessibleName: string, onClick: () => void): HTMLButtonElement => {
      const button = el('button', { type: 'button', class: 'small', 'aria-label': accessibleName }, [label]);
      button.addEventListener('click', onClick);
      return button;
    };
    const move = (round: number, verb: string) => () => client.command({ type: 'moveEvent', eventId: event.id, alliance: cell.alliance, round }, `${verb} "${event.name}" ${where} (round ${round})`);
    // An alliance that has already decided the open round gets the event from the next one.
    const fireButton = (round: number): HTMLButtonElement => {
      const label = round === currentRound ? 'Fire now' : `Fire in round ${round}`;
      return action(label, `${label}: ${event.name} ${where}`, move(round, 'Fire'));
    };
    const parts: HTMLElement[] = [];
    if (cell.status === 'begun') return el('span', {}, [`Began in round ${cell.round}`]);
    if (cell.earliest === null) return el('span', {}, ['Not scheduled']);
    if (cell.status === 'scheduled') {
      parts.push(el('span', { class: 'event-round' }, [`Round ${cell.round}${cell.byFacilitator ? ' (moved)' : ''}`]));
      if (cell.round! > cell.earliest) parts.push(fireButton(cell.earliest));
      if (cell.round! < rounds) parts.push(action('Postpone', `Postpone: ${event.name} ${where}, by a round`, move(cell.round! + 1, 'Postpone')));
      parts.push(action('Call off', `Call off: ${event.name} ${where}`, () => client.command({ type: 'cancelEvent', eventId: event.id, alliance: cell.alliance }, `Call off "${event.name}" ${where}`)));
      parts.push(action('Preview', `Preview: ${event.name} ${where}`, () => showPreview(cell, cell.round!)));
    } else {
      parts.push(el('span', { class: 'event-round muted' }, ['Not scheduled']));
      parts.push(fireButton(cell.earliest));
      parts.push(action('Preview', `Preview: ${event.name} ${where}, now`, () => showPreview(cell, cell.earliest!)));
    }
    return el('div', { class: 'timeline-cell' }, parts);
  };

  const update = (snapshot: WorkshopSnapshot): void => {
    current = snapshot;
    const finished = snapshot.phase === 'finished';
    element.hidden = events.length === 0;
    allForm.hidden = finished;
    // Nothing is left to fire once the workshop is over: an old preview would only mislead.
    if (finished) preview.replaceChildren();
    allRound.max = String(snapshot.rounds);
    // The field starts at the first round an event can still be put into, and follows the workshop.
    const earliest = snapshot.phase === 'lobby' ? 1 : snapshot.phase === 'decide' ? snapshot.round : snapshot.round + 1;
    allRound.min = String(Math.min(earliest, snapshot.rounds));
    if (!allRound.value || Number(allRound.value) < earliest) allRound.value = String(Math.min(snapshot.rounds, earliest));
    const cells = timelineCells(snapshot, scenario);
    // Rebuilt only when a cell changes: a redraw would drop the focus from the button just used.
    const key = JSON.stringify([snapshot.round, snapshot.rounds, cells]);
    if (key === shownKey) return;
    shownKey = key;
    table.replaceChildren(
      el('table', { class: 'data-table timeline-table', id: 'ws-timeline-table' }, [
        el('caption', {}, ['Scheduled events per alliance']),
        el('thead', {}, [el('tr', {}, [el('th', { scope: 'col' }, ['Alliance']), ...events.map((event) => el('th', { scope: 'col' }, [event.name]))])]),
        el(
          'tbody',
          {},
          cells.map((row, alliance) => el('tr', {}, [el('th', { scope: 'row' }, [`Alliance ${alliance + 1}`]), ...row.map((cell, index) => el('td', {}, [cellActions(cell, events[index]!, snapshot.rounds, snapshot.phase === 'decide' ? snapshot.round : snapshot.round + 1)]))])),
        ),
      ]),
    );
  };
  return { element, update };
}

function signed(value: number, decimals: number): string {
  const text = formatNumber(value, decimals);
  return value > 0 && text !== formatNumber(0, decimals) ? `+${text}` : text;
}
