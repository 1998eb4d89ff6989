import type { StoreApi } from 'zustand/vanilla';
import type { GameStore, Session } from '../state/create-game-store.ts';
import { newsOf } from '../state/selectors.ts';
import { el } from './dom.ts';
import { t } from './i18n.ts';
import { describeWorld, worldFrameFrom, type WorldFrame, type WorldInput } from './world/world-frame.ts';

export function worldInputOf(session: Session): WorldInput {
  const game = session.game;
  return {
    scenarioId: session.scenario.definition.id,
    round: game.history.length,
    totalRounds: game.settings.rounds,
    phase: game.phase,
    kpis: game.history.at(-1)?.kpis ?? null,
    firstKpis: game.history[0]?.kpis ?? null,
    activeEvents: newsOf(session).map((item) => ({ id: item.eventId, name: item.name, news: item.news })),
    allianceEnded: game.exit !== null && game.history.length > game.exit.round,
    sideNames: Object.fromEntries(session.scenario.definition.sides.map((side) => [side.id, side.name])),
  };
}

/**
 * The animated world, loaded lazily: Phaser is most of the download, and the game works without
 * it (the charts tell the same story). A text description keeps it accessible.
 */
export function mountWorldPanel(root: HTMLElement, store: StoreApi<GameStore>): () => void {
  const canvasHost = el('div', { class: 'world-canvas', 'aria-hidden': 'true' });
  const description = el('p', { class: 'world-description' });
  root.replaceChildren(el('figure', { class: 'world', 'aria-labelledby': 'world-caption' }, [el('figcaption', { id: 'world-caption', class: 'visually-hidden' }, [t('game.worldHeading')]), canvasHost, description]));
  const frameOf = (): WorldFrame | null => {
    const session = store.getState().session;
    return session ? worldFrameFrom(worldInputOf(session)) : null;
  };
  const listeners = new Set<(frame: WorldFrame) => void>();
  const initial = frameOf();
  if (initial) description.textContent = describeWorld(initial);
  const unsubscribe = store.subscribe((state, previous) => {
    if (!state.session || state.session.game === previous.session?.game) return;
    const frame = frameOf();
    if (!frame) return;
    description.textContent = describeWorld(frame);
    for (const listener of listeners) listener(frame);
  });
  let unmountGame: (() => void) | undefined;
  let cancelled = false;
  const renderer = new URLSearchParams(window.location.search).get('renderer');
  import('./world/create-world-game.ts')
    .then(({ mountWorld }) => {
      if (cancelled || !initial) return;
      unmountGame = mountWorld(
        canvasHost,
        {
          get: () => frameOf() ?? initial,
          subscribe: (listener) => {
            listeners.add(listener);
            return () => listeners.delete(listener);
          },
        },
        renderer === 'canvas' || renderer === 'webgl' ? { renderer } : {},
      );
    })
    .catch((error: unknown) => {
      console.warn('The animated world could not be loaded', error);
      canvasHost.replaceChildren(el('p', { class: 'hint' }, [t('game.worldUnavailable')]));
    });
  return () => {
    cancelled = true;
    unsubscribe();
    unmountGame?.();
  };
}
