import type { StoreApi } from 'zustand/vanilla';
import { profitKpi, trustKpi } from '../rules/index.ts';
import type { GameStore, Session } from '../state/create-game-store.ts';
import { eventsUnderWay } from '../state/selectors.ts';
import { el } from './dom.ts';
import { t } from './i18n.ts';
import { bannerText, describeWorld, worldFrameFrom, type WorldFrame, type WorldInput } from './world/world-frame.ts';

export function worldInputOf(session: Session): WorldInput {
  const game = session.game;
  const definition = session.scenario.definition;
  const played = game.history.length;
  return {
    world: definition.world ?? null,
    unit: definition.rounds.unit,
    // The round the page header shows: the one being decided, or just played.
    round: game.phase === 'briefing' ? 0 : Math.min(Math.max(game.round, played), game.settings.rounds),
    totalRounds: game.settings.rounds,
    phase: game.phase,
    resultsRound: played,
    kpis: game.history.at(-1)?.kpis ?? null,
    previousKpis: game.history.at(-2)?.kpis ?? null,
    firstKpis: game.history[0]?.kpis ?? null,
    events: eventsUnderWay(session).map((item) => ({ id: item.eventId, name: item.name, news: item.news, stage: item.stage, intensity: item.intensity })),
    allianceEnded: game.exit !== null && played > game.exit.round,
    sides: definition.sides.map((side) => ({ id: side.id, name: side.name, profitKpi: profitKpi(session.scenario, side.id).id })),
    trustKpi: trustKpi(session.scenario)?.id ?? null,
  };
}

/** The events' banners as a list a screen reader reaches (the canvas draws them for the eye only). */
function renderBanners(list: HTMLElement, frame: WorldFrame): void {
  const items = frame.banners.map((banner) => el('li', { 'data-event': banner.id }, [bannerText(banner)]));
  list.replaceChildren(...(items.length > 0 ? items : [el('li', {}, [t('world.noEvents')])]));
}

/**
 * The animated world, loaded lazily: Phaser is most of the download, and the game works without
 * it (the charts tell the same story). A text description and a live list of the events under way
 * keep it accessible: the banners on the canvas have their words in the page too.
 */
export function mountWorldPanel(root: HTMLElement, store: StoreApi<GameStore>): () => void {
  const canvasHost = el('div', { class: 'world-canvas', 'aria-hidden': 'true' });
  const description = el('p', { class: 'world-description' });
  // A live region holding the list: a list with role="status" would stop being a list.
  const bannerList = el('ul', {});
  const bannerRegion = el('div', { class: 'world-events visually-hidden', role: 'status', 'aria-live': 'polite', 'aria-label': t('world.eventsLabel') }, [bannerList]);
  root.replaceChildren(el('figure', { class: 'world', 'aria-labelledby': 'world-caption' }, [el('figcaption', { id: 'world-caption', class: 'visually-hidden' }, [t('game.worldHeading')]), canvasHost, description, bannerRegion]));
  const frameOf = (): WorldFrame | null => {
    const session = store.getState().session;
    return session ? worldFrameFrom(worldInputOf(session)) : null;
  };
  const listeners = new Set<(frame: WorldFrame) => void>();
  const initial = frameOf();
  if (initial) {
    description.textContent = describeWorld(initial);
    renderBanners(bannerList, initial);
  }
  const unsubscribe = store.subscribe((state, previous) => {
    if (!state.session || state.session.game === previous.session?.game) return;
    const frame = frameOf();
    if (!frame) return;
    description.textContent = describeWorld(frame);
    renderBanners(bannerList, frame);
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
