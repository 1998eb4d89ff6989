import Papa from 'papaparse';
import QRCode from 'qrcode';
import type { StoreApi } from 'zustand/vanilla';
import type { WorkshopClient } from '../../net/index.ts';
import type { Scenario } from '../../rules/index.ts';
import { WORKSHOP_CSV_COLUMNS, formatClock, keyKpis, projectorRows, seatLines, timeLeftMs, workshopCsvRows, type WorkshopSnapshot, type WorkshopStore } from '../../state/workshop-store.ts';
import { el } from '../dom.ts';
import { formatNumber, useRoundWords } from '../i18n.ts';
import { download } from '../panels/start-panel.ts';
import { createWorkshopForm } from './create-workshop-form.ts';
import { mountEventTimeline } from './event-timeline.ts';
import { isLoopback, joinUrl } from './join-links.ts';
import { createProjectorPanel } from './projector-panel.ts';
import { seatTable } from './seat-table.ts';
import { connectionText, errorLine } from './workshop-session.ts';

export interface FacilitatorScreenOptions {
  readonly scenarios: readonly Scenario[];
  readonly client: WorkshopClient;
  /** The page the teams open, without query or hash. */
  readonly pageUrl: string;
  /** `?server=` of this page, passed on to the teams. */
  readonly serverParam: string | null;
  readonly onBack: () => void;
  /** Shows a problem with the form in the screen's error line. */
  readonly onProblem: (message: string) => void;
}

/**
 * The facilitator's console: create a workshop, project its code, URL and QR code, see who sits
 * where, run the rounds, inject events, message the room, compare alliances, export everything.
 */
export function mountFacilitatorScreen(root: HTMLElement, store: StoreApi<WorkshopStore>, options: FacilitatorScreenOptions): () => void {
  const heading = el('h2', { id: 'facilitator-heading', tabindex: '-1' }, ['Run a workshop']);
  const connection = el('p', { class: 'hint', id: 'facilitator-connection', role: 'status' });
  const ack = el('p', { class: 'hint', id: 'facilitator-ack', role: 'status' });
  const errors = errorLine(() => store.getState().clearError());
  const body = el('div', { class: 'workshop-body' });
  const back = el('button', { type: 'button', class: 'quiet' }, ['Back to the start']);
  back.addEventListener('click', options.onBack);
  const card = el('section', { class: 'card workshop-facilitator', 'aria-labelledby': 'facilitator-heading' }, [heading, connection, errors.element, ack, body, el('div', { class: 'button-row' }, [back])]);
  root.replaceChildren(card);

  let showNames = false;
  let mounted: { code: string; parts: ReturnType<typeof consoleParts> } | null = null;
  let formShown = false;

  const render = (): void => {
    const state = store.getState();
    connection.textContent = connectionText(state.connection);
    errors.show(state.lastError);
    ack.textContent = state.lastAck ? `Done: ${state.lastAck}.` : '';
    const role = state.role?.kind === 'facilitator' ? state.role : null;
    const snapshot = state.snapshot;
    const scenario = snapshot ? options.scenarios.find((candidate) => candidate.definition.id === snapshot.scenarioId) : undefined;
    if (scenario) useRoundWords(scenario.definition.rounds);
    if (!role || !snapshot || !scenario) {
      if (!formShown) {
        formShown = true;
        // The answers line and the error line go back above the form from the console's run bar.
        card.insertBefore(ack, body);
        card.insertBefore(errors.element, ack);
        mounted?.parts.destroy();
        mounted = null;
        heading.textContent = 'Run a workshop';
        body.replaceChildren(createWorkshopForm(options));
      }
      return;
    }
    formShown = false;
    if (mounted?.code !== role.code) {
      mounted?.parts.destroy();
      heading.textContent = `Workshop ${role.code}`;
      const parts = consoleParts(options, scenario, role.code, snapshot, () => showNames, (value) => {
        showNames = value;
        render();
      }, [errors.element, ack]);
      mounted = { code: role.code, parts };
      body.replaceChildren(parts.element);
    }
    mounted.parts.update(snapshot);
  };

  render();
  const unsubscribe = store.subscribe(render);
  const interval = setInterval(() => {
    const snapshot = store.getState().snapshot;
    if (snapshot && mounted) mounted.parts.tick(snapshot);
  }, 1000);
  return () => {
    clearInterval(interval);
    unsubscribe();
    mounted?.parts.destroy();
  };
}

function consoleParts(options: FacilitatorScreenOptions, scenario: Scenario, code: string, initial: WorkshopSnapshot, names: () => boolean, setNames: (value: boolean) => void, feedback: readonly HTMLElement[]) {
  const url = joinUrl(options.pageUrl, code, scenario.definition.id, initial.alliances.length, options.serverParam);
  const qr = el('img', { id: 'ws-qr', class: 'qr-code', alt: `QR code for ${url}`, width: '240', height: '240' });
  void QRCode.toDataURL(url, { margin: 1, width: 240, errorCorrectionLevel: 'M' }).then((data) => {
    qr.src = data;
  });
  // Open for the lobby, folded once play starts: the run controls then sit at the top of the page.
  const projector = el('details', { class: 'workshop-join', id: 'ws-join' }, [
    el('summary', {}, [el('h3', { id: 'ws-join-heading', class: 'summary-heading' }, [`Join the workshop: code ${code}`])]),
    el('p', { class: 'join-code' }, ['Code: ', el('strong', { id: 'ws-code' }, [code])]),
    el('p', {}, ['Open ', el('a', { href: url, id: 'ws-join-url' }, [url])]),
    qr,
    isLoopback(url)
      ? el('p', { class: 'notice', id: 'ws-loopback' }, [
          'This address works only on this computer. For phones and laptops on the room’s network, start the game with ',
          el('code', {}, ['npm start -- --host 0.0.0.0']),
          ' (or ',
          el('code', {}, ['HOST=0.0.0.0 npm run serve']),
          ') and open this console at the computer’s network address.',
        ])
      : null,
  ]);
  projector.open = initial.phase === 'lobby';
  let foldedAtStart = initial.phase !== 'lobby';
  const status = el('p', { class: 'round-status', id: 'ws-status' });
  const timer = el('p', { class: 'workshop-timer', id: 'ws-timer', role: 'timer' });
  const lobby = el('div', { id: 'ws-lobby' });
  const controls = el('div', { class: 'button-row', id: 'ws-controls' });
  const command = (type: 'start' | 'pause' | 'resume' | 'undoRoundEnd', label: string) => () => options.client.command({ type }, label);
  const button = (id: string, label: string, onClick: () => void) => {
    const b = el('button', { type: 'button', id }, [label]);
    b.addEventListener('click', onClick);
    return b;
  };
  let current = initial;
  const start = button('ws-start', 'Start the workshop', command('start', 'Started the workshop'));
  const endRound = button('ws-end-round', 'End the round', () => options.client.command({ type: 'endRound', round: current.round }, `End round ${current.round}`));
  const nextRound = button('ws-next-round', 'Open the next round', () => options.client.command({ type: 'nextRound', round: current.round }, `Next round after ${current.round}`));
  const pause = button('ws-pause', 'Pause the timer', command('pause', 'Paused the timer'));
  const resume = button('ws-resume', 'Resume the timer', command('resume', 'Resumed the timer'));
  const extend = button('ws-extend', 'Add 1 minute', () => options.client.command({ type: 'extend', seconds: 60 }, 'Add 1 minute'));
  const undo = button('ws-undo', 'Undo the last round end', () => {
    const ended = current.phase === 'results' ? current.round : current.round - 1;
    options.client.command({ type: 'undoRoundEnd' }, `Undo the end of round ${ended}`);
  });
  const newWorkshop = button('ws-new', 'Start a new workshop', () => void options.client.forget());
  controls.append(start, endRound, nextRound, pause, resume, extend, undo, newWorkshop);

  const messageInput = el('input', { id: 'ws-message', maxlength: '500', autocomplete: 'off' });
  const message = el('form', { class: 'inline-controls message-form', id: 'ws-message-form' }, [el('label', { for: 'ws-message' }, ['Message to all teams']), messageInput, el('button', { type: 'submit' }, ['Send'])]);
  message.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = messageInput.value.trim();
    if (!text) return;
    options.client.command({ type: 'message', text }, 'Message sent');
    messageInput.value = '';
  });

  const timeline = mountEventTimeline(options.client, scenario);
  let shownLobby = '';
  /** Per seat ("alliance:side"): the computer strategy picked in its menu, kept across redraws. */
  const pickedStrategies = new Map<string, string>();

  const namesBox = el('input', { type: 'checkbox', id: 'ws-names' });
  namesBox.addEventListener('change', () => setNames(namesBox.checked));
  const table = createProjectorPanel(scenario, kpiTable);
  const exportButton = button('ws-export', 'Export the workshop (CSV)', () => {
    const rows = workshopCsvRows(current, scenario);
    download(`workshop-${code}.csv`, Papa.unparse(rows, { columns: WORKSHOP_CSV_COLUMNS }), 'text/csv');
  });

  // The round, the clock, the controls and the last answer stay in view while scrolling the console.
  const runBar = el('section', { class: 'run-bar', 'aria-label': 'Run the workshop' }, [status, timer, controls, ...feedback]);
  const element = el('div', { class: 'facilitator-console' }, [
    projector,
    runBar,
    el('h3', {}, ['Seats']),
    lobby,
    message,
    timeline.element,
    el('h3', {}, ['All alliances']),
    el('div', { class: 'inline-option' }, [namesBox, el('label', { for: 'ws-names' }, [' Show alliance numbers (hide them on the projector during play)'])]),
    table.element,
    el('div', { class: 'button-row' }, [exportButton]),
  ]);

  const tick = (snapshot: WorkshopSnapshot): void => {
    const left = snapshot.phase === 'decide' ? timeLeftMs(snapshot, Date.now()) : null;
    timer.textContent = left === null ? '' : `${snapshot.pausedRemainingMs !== null ? 'Paused: ' : 'Time left: '}${formatClock(left)}`;
    timer.hidden = left === null;
  };

  const update = (snapshot: WorkshopSnapshot): void => {
    current = snapshot;
    if (snapshot.phase !== 'lobby' && !foldedAtStart) {
      foldedAtStart = true;
      projector.open = false;
    }
    const teamSeats = snapshot.alliances.flatMap((alliance) => Object.values(alliance.seats)).filter((seat) => seat.kind === 'human');
    const seated = teamSeats.filter((seat) => seat.claimed);
    const decided = seated.filter((seat) => seat.submitted).length;
    const empty = teamSeats.length - seated.length;
    const emptyNote = empty === 0 ? '' : `; ${empty} empty seat${empty === 1 ? '' : 's'} keep${empty === 1 ? 's' : ''} last round's values`;
    status.textContent =
      snapshot.phase === 'lobby'
        ? 'Lobby: teams are joining.'
        : snapshot.phase === 'finished'
          ? 'The workshop is over.'
          : `Round ${snapshot.round} of ${snapshot.rounds}: ${snapshot.phase === 'decide' ? `${decided} of ${seated.length} teams have decided${emptyNote}` : 'results shown'}.`;
    newWorkshop.hidden = snapshot.phase !== 'finished';
    start.hidden = snapshot.phase !== 'lobby';
    endRound.hidden = snapshot.phase !== 'decide';
    nextRound.hidden = snapshot.phase !== 'results';
    nextRound.textContent = snapshot.round >= snapshot.rounds ? 'Finish the workshop' : 'Open the next round';
    pause.hidden = snapshot.deadline === null || snapshot.phase !== 'decide';
    resume.hidden = snapshot.pausedRemainingMs === null || snapshot.phase !== 'decide';
    extend.hidden = snapshot.phase !== 'decide' || (snapshot.deadline === null && snapshot.pausedRemainingMs === null);
    undo.hidden = snapshot.phase !== 'results' && !(snapshot.phase === 'decide' && snapshot.round > 1);
    undo.textContent = `Undo the end of round ${snapshot.phase === 'results' ? snapshot.round : snapshot.round - 1}`;
    // Rebuilt only when a row changes, and with the strategies the facilitator had picked: a team
    // connecting elsewhere must not close an open menu or undo a choice.
    const lobbyKey = JSON.stringify([snapshot.phase, seatLines(snapshot, scenario), snapshot.alliances.map((alliance) => alliance.fallbacks)]);
    if (lobbyKey !== shownLobby) {
      shownLobby = lobbyKey;
      lobby.replaceChildren(seatTable(snapshot, scenario, options.client, pickedStrategies));
    }
    timeline.update(snapshot);
    table.update(snapshot, names());
    tick(snapshot);
  };
  update(initial);
  // The projector panel holds charts and a key listener; they go when the console does.
  return { element, update, tick, destroy: () => table.destroy() };
}

function kpiTable(snapshot: WorkshopSnapshot, scenario: Scenario, showNames: boolean): HTMLElement {
  const columns = keyKpis(scenario);
  const rows = projectorRows(snapshot, scenario, showNames);
  if (rows.length === 0) return el('p', { class: 'hint' }, ['Key figures appear here once the first round is played.']);
  return el('table', { class: 'data-table', id: 'ws-kpi-table' }, [
    el('caption', {}, ['Key figures of every alliance, per round']),
    el('thead', {}, [el('tr', {}, [el('th', { scope: 'col' }, ['Alliance']), el('th', { scope: 'col' }, ['Round']), ...columns.map((column) => el('th', { scope: 'col' }, [`${column.label} (${column.unit})`]))])]),
    el(
      'tbody',
      {},
      rows.map((row) => el('tr', {}, [el('th', { scope: 'row' }, [row.name]), el('td', {}, [String(row.round)]), ...row.values.map((value, index) => el('td', {}, [value === null ? '–' : formatNumber(value, columns[index]!.decimals)]))])),
    ),
  ]);
}
