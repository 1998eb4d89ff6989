import { chooseServer, createWorkshopClient, LAST_WORKSHOP_KEY, type KeyValueStorage } from '../../net/index.ts';
import type { Scenario } from '../../rules/index.ts';
import { createWorkshopStore } from '../../state/workshop-store.ts';
import { logoMark } from '../logo.ts';
import { el } from '../dom.ts';
import { mountFacilitatorScreen } from './facilitator-screen.ts';
import { mountTeamScreen } from './team-screen.ts';

export { WORKSHOP_ROUTES, isWorkshopRoute } from './workshop-routes.ts';

function safeStorage(): KeyValueStorage {
  try {
    localStorage.setItem('alliance-dynamics:probe', '1');
    localStorage.removeItem('alliance-dynamics:probe');
    return localStorage;
  } catch {
    const memory = new Map<string, string>();
    return { getItem: (key) => memory.get(key) ?? null, setItem: (key, value) => void memory.set(key, value), removeItem: (key) => void memory.delete(key) };
  }
}

/**
 * The workshop screens, on their own store and connection: the facilitator's console or a
 * team's device. A saved seat (or console) for the code in the URL is rejoined at once.
 */
export function mountWorkshop(root: HTMLElement, scenarios: readonly Scenario[], onBack: () => void): () => void {
  const query = new URLSearchParams(location.search);
  const store = createWorkshopStore();
  const storage = safeStorage();
  const server = chooseServer(location, import.meta.env.DEV);
  const client = createWorkshopClient(store, server.url, storage);
  if (server.refused) store.getState().fail(`This page connects only to its own workshop server; it ignored the server named in its address (${server.refused.slice(0, 80)}).`);
  const facilitator = location.hash === '#facilitator';
  const header = el('header', { class: 'app-header' }, [el('div', { class: 'brand' }, [logoMark(), el('div', {}, [el('h1', {}, ['Alliance Dynamics']), el('p', { class: 'tagline' }, [facilitator ? 'Workshop console' : 'Workshop team'])])])]);
  const main = el('main', { id: 'main', class: 'app-main workshop-main', 'data-screen': facilitator ? 'facilitator' : 'team' });
  root.replaceChildren(header, main);
  const back = () => {
    void client.leave();
    onBack();
  };
  const unmount = facilitator
    ? mountFacilitatorScreen(main, store, { scenarios, client, pageUrl: `${location.origin}${location.pathname}`, serverParam: server.param, onBack: back, onProblem: (message) => store.getState().fail(message) })
    : mountTeamScreen(main, store, {
        scenarios,
        client,
        join: { code: (query.get('join') ?? '').toUpperCase(), scenarioId: scenarios.some((s) => s.definition.id === query.get('case')) ? query.get('case') : null, alliances: Number(query.get('alliances')) || null },
        onBack: back,
        pageUrl: `${location.origin}${location.pathname}`,
        serverParam: server.param,
      });
  const code = facilitator ? (query.get('code') ?? storage.getItem(LAST_WORKSHOP_KEY)) : query.get('join') || storage.getItem(LAST_WORKSHOP_KEY);
  // A teammate's "add a device" link: its seat token joins this device to that seat. The token
  // leaves the address bar at once, so it is not shared further by a copied address.
  const seatToken = facilitator ? null : query.get('seat');
  if (seatToken) {
    query.delete('seat');
    history.replaceState(history.state, '', `${location.pathname}?${query.toString()}${location.hash}`);
  }
  const savedHere = code ? storage.getItem(`alliance-dynamics:workshop:${code.toUpperCase()}`) : null;
  if (seatToken && code && !savedHere) void client.joinTeam(code.toUpperCase(), { seatToken });
  else if (code) {
    const saved = savedHere;
    let kind: string | null;
    try {
      kind = saved ? ((JSON.parse(saved) as { kind?: string }).kind ?? null) : null;
    } catch {
      kind = null;
    }
    if ((facilitator && kind === 'facilitator') || (!facilitator && kind === 'team')) void client.resume(code);
  }
  (window as unknown as { allianceWorkshop: unknown }).allianceWorkshop = { store };
  return () => {
    unmount();
    void client.leave();
  };
}
