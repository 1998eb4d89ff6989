import type { StoreApi } from 'zustand/vanilla';
import type { GameStore, Session } from '../../state/create-game-store.ts';
import { el } from '../dom.ts';
import { t } from '../i18n.ts';

/**
 * Two teams on one screen: between the teams' turns nothing of either entry is on screen, only
 * who has submitted. The team about to decide takes the device with one button.
 */
export function mountPassDevicePanel(root: HTMLElement, store: StoreApi<GameStore>, session: Session): () => void {
  const sides = session.scenario.definition.sides;
  const game = session.game;
  root.replaceChildren(
    el('section', { class: 'card pass-device', 'aria-labelledby': 'pass-heading' }, [
      el('h2', { id: 'pass-heading', tabindex: '-1' }, [t('game.passHeading')]),
      el('p', {}, [t('game.passText')]),
      el(
        'ul',
        { class: 'pass-status' },
        sides.map((side) => el('li', {}, [game.submissions[side.id] ? t('game.passSubmitted', { side: side.name }) : t('game.passWaiting', { side: side.name })])),
      ),
      el(
        'div',
        { class: 'button-row' },
        sides
          .filter((side) => !game.submissions[side.id])
          .map((side) => {
            const button = el('button', { type: 'button', class: 'primary' }, [t('game.holdDevice', { side: side.name })]);
            button.addEventListener('click', () => store.getState().holdDevice(side.id));
            return button;
          }),
      ),
    ]),
  );
  return () => {};
}
