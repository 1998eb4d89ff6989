import type { Session } from '../../state/create-game-store.ts';
import { allianceGame, type WorkshopSnapshot } from '../../state/workshop-store.ts';
import type { Scenario } from '../../rules/index.ts';
import { el } from '../dom.ts';

/** One alliance of a workshop as a game Session, so the game's selectors and tables can show it. */
export function workshopSession(snapshot: WorkshopSnapshot, scenario: Scenario, alliance: number, side: string | null): Session {
  return { id: `workshop-${snapshot.workshopId}-${alliance}`, label: `Alliance ${alliance + 1}`, mode: 'two-teams', humanSide: side, scenario, game: allianceGame(snapshot, scenario, alliance), log: [], createdAt: 0, deviceHolder: side, drafts: {} };
}

/** The connection line shared by both screens. */
export function connectionText(status: string): string {
  switch (status) {
    case 'connecting':
      return 'Connecting to the workshop server…';
    case 'connected':
      return 'Connected.';
    case 'reconnecting':
      return 'Connection lost: reconnecting by itself… your seat and decisions are kept.';
    case 'closed':
      return 'Disconnected.';
    default:
      return '';
  }
}

export function errorLine(onDismiss: () => void): { element: HTMLElement; show(text: string | null): void } {
  const text = el('span');
  const dismiss = el('button', { type: 'button', class: 'quiet' }, ['Dismiss']);
  dismiss.addEventListener('click', onDismiss);
  const element = el('div', { class: 'error-line', role: 'alert' }, [text, dismiss]);
  return {
    element,
    show(value) {
      // A new problem is brought into view: the control that caused it may be a long page away.
      const fresh = value !== null && value !== text.textContent;
      text.textContent = value ?? '';
      element.hidden = value === null;
      if (fresh) element.scrollIntoView?.({ block: 'nearest' });
    },
  };
}
