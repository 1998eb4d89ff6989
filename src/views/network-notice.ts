/**
 * A line at the top of every screen while the browser is offline: the game and the explorer run
 * from the service worker's cache (vite.config.ts), but a workshop needs its server, and a
 * facilitator or team should read that on the page rather than watch a connection fail silently.
 * Announced politely to screen readers, and once more (for a few seconds) when the network is back.
 */
import { el } from './dom.ts';
import { t } from './i18n.ts';

type NetworkState = 'online' | 'offline' | 'back';

const BACK_SHOWN_MS = 6000;

export function mountNetworkNotice(host: HTMLElement, target: Window = window): () => void {
  const notice = el('p', { class: 'network-notice', role: 'status', 'aria-live': 'polite' });
  host.prepend(notice);
  let state: NetworkState = target.navigator.onLine ? 'online' : 'offline';
  let timer: ReturnType<typeof setTimeout> | undefined;
  const show = (next: NetworkState): void => {
    state = next;
    notice.dataset['state'] = state;
    notice.hidden = state === 'online';
    notice.textContent = state === 'offline' ? t('network.offline') : state === 'back' ? t('network.backOnline') : '';
  };
  const onOffline = (): void => {
    clearTimeout(timer);
    show('offline');
  };
  const onOnline = (): void => {
    if (state !== 'offline') return;
    show('back');
    timer = setTimeout(() => show('online'), BACK_SHOWN_MS);
  };
  show(state);
  target.addEventListener('offline', onOffline);
  target.addEventListener('online', onOnline);
  return () => {
    clearTimeout(timer);
    target.removeEventListener('offline', onOffline);
    target.removeEventListener('online', onOnline);
    notice.remove();
  };
}
