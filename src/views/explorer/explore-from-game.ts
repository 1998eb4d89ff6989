/**
 * The debrief's way into the explorer: pick a quarter of the played game and explore what would
 * have happened from there on, the earlier quarters as played.
 */
import './explorer.css';
import { el } from '../dom.ts';
import { t } from '../i18n.ts';

export function exploreFromGameControl(rounds: number, unit: string, onExplore: (fromRound: number) => void): HTMLElement {
  const select = el(
    'select',
    { id: 'explore-from-round' },
    Array.from({ length: rounds }, (_, i) => el('option', { value: String(i + 1) }, [String(i + 1)])),
  );
  const button = el('button', { type: 'button', class: 'primary' }, [t('explorer.exploreFromHere')]);
  button.addEventListener('click', () => onExplore(Number(select.value)));
  return el('div', { class: 'explore-from-game' }, [
    el('label', { for: 'explore-from-round' }, [t('explorer.exploreFromLabel', { unit })]),
    el('div', { class: 'inline-controls' }, [select, button]),
    el('p', { class: 'hint' }, [t('explorer.exploreFromHint', { unit })]),
  ]);
}
