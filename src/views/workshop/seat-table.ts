import type { WorkshopClient } from '../../net/index.ts';
import type { Scenario } from '../../rules/index.ts';
import { seatLines, type SeatLine, type WorkshopSnapshot } from '../../state/workshop-store.ts';
import { el } from '../dom.ts';

/** Who sits where, with each seat's round status, the rounds the server filled in, and the hand-over controls. */
export function seatTable(snapshot: WorkshopSnapshot, scenario: Scenario, client: WorkshopClient, picked: Map<string, string>): HTMLTableElement {
  const strategies = (side: string) => Object.entries(scenario.definition.strategies[side] ?? {});
  const rows = seatLines(snapshot, scenario).map((line) => {
    const alliance = snapshot.alliances[line.alliance]!;
    const fallback = alliance.fallbacks.filter((mark) => mark.side === line.side).map((mark) => mark.round);
    const strategyLabel = strategies(line.side).find(([id]) => id === line.strategy)?.[1].label ?? line.strategy;
    const who =
      line.occupant === 'computer'
        ? 'Computer'
        : line.occupant === 'stand-in'
          ? `Computer (${strategyLabel}) until a team joins`
          : line.occupant === 'team'
            ? line.connected > 0
              ? `Team (${line.connected} device${line.connected === 1 ? '' : 's'})`
              : 'Team (offline)'
            : 'Empty';
    return el('tr', {}, [
      el('th', { scope: 'row' }, [`Alliance ${line.alliance + 1}`]),
      el('td', {}, [line.sideName]),
      el('td', {}, [who]),
      el('td', {}, [snapshot.phase === 'decide' ? (line.submitted ? 'Decided' : 'Deciding') : '']),
      el('td', {}, [fallback.length > 0 ? `Round ${fallback.join(', ')}` : '']),
      el('td', { class: 'seat-actions' }, [seatActions(snapshot, line, strategies(line.side), client, picked)]),
    ]);
  });
  return el('table', { class: 'data-table', id: 'ws-seats' }, [
    el('caption', {}, ['Who sits where']),
    el('thead', {}, [el('tr', {}, ['Alliance', 'Side', 'Seat', 'This round', "Kept last round's values", 'Hand the seat over'].map((title) => el('th', { scope: 'col' }, [title])))]),
    el('tbody', {}, rows),
  ]);
}

/**
 * A team's seat can be freed for a replacement team, or given to the computer (for a team that
 * left, or a seat nobody took); a late team takes a computer-held seat back by joining it.
 */
function seatActions(snapshot: WorkshopSnapshot, line: SeatLine, strategies: readonly [string, { label: string }][], client: WorkshopClient, picked: Map<string, string>): HTMLElement | string {
  if (line.occupant === 'computer' || snapshot.phase === 'finished' || strategies.length === 0) return '';
  const where = `alliance ${line.alliance + 1}, ${line.sideName}`;
  const parts: HTMLElement[] = [];
  if (line.occupant === 'team') {
    const release = el('button', { type: 'button', class: 'small', 'aria-label': `Free for another team: ${where}` }, ['Free for another team']);
    // Nothing is lost if this was a slip: the team takes its free seat again by joining it.
    release.addEventListener('click', () => client.command({ type: 'releaseSeat', alliance: line.alliance, side: line.side }, `Free the seat of ${where}`));
    parts.push(release);
  }
  const id = `ws-seat-strategy-${line.alliance}-${line.side}`;
  const choice = el('select', { id, class: 'compact' }, strategies.map(([strategyId, strategy]) => el('option', { value: strategyId }, [strategy.label])));
  const seat = `${line.alliance}:${line.side}`;
  const remembered = picked.get(seat);
  if (remembered) choice.value = remembered;
  else if (line.occupant === 'stand-in' && line.strategy) choice.value = line.strategy;
  choice.addEventListener('change', () => picked.set(seat, choice.value));
  const give = el('button', { type: 'button', class: 'small' }, [line.occupant === 'stand-in' ? 'Change strategy' : 'Computer plays it']);
  give.setAttribute('aria-label', `${give.textContent}: ${where}`);
  give.addEventListener('click', () => client.command({ type: 'seatComputer', alliance: line.alliance, side: line.side, strategy: choice.value }, `The computer plays ${where}`));
  parts.push(el('label', { for: id, class: 'visually-hidden' }, [`Computer strategy for ${where}`]), choice, give);
  return el('div', { class: 'inline-controls' }, parts);
}
