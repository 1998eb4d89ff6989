import Papa from 'papaparse';
import QRCode from 'qrcode';
import type { StoreApi } from 'zustand/vanilla';
import type { WorkshopClient } from '../../net/workshop-client.ts';
import type { Scenario } from '../../rules/index.ts';
import { formatClock, keyKpis, projectorRows, seatLines, timeLeftMs, workshopCsvRows, type WorkshopSnapshot, type WorkshopStore } from '../../state/workshop-store.ts';
import { el } from '../dom.ts';
import { formatNumber } from '../i18n.ts';
import { download } from '../panels/start-panel.ts';
import { connectionText, errorLine } from './workshop-session.ts';

export interface FacilitatorScreenOptions {
  readonly scenarios: readonly Scenario[];
  readonly client: WorkshopClient;
  /** The page the teams open, without query or hash. */
  readonly pageUrl: string;
  /** `?server=` of this page, passed on to the teams. */
  readonly serverParam: string | null;
  readonly onBack: () => void;
}

/** The join URL the QR code carries: code, case and alliances prefill the team's form. */
export function joinUrl(pageUrl: string, code: string, scenarioId: string, alliances: number, serverParam: string | null): string {
  const query = new URLSearchParams({ join: code, case: scenarioId, alliances: String(alliances) });
  if (serverParam) query.set('server', serverParam);
  return `${pageUrl}?${query.toString()}#team`;
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
  root.replaceChildren(el('section', { class: 'card workshop-facilitator', 'aria-labelledby': 'facilitator-heading' }, [heading, connection, errors.element, ack, body, el('div', { class: 'button-row' }, [back])]));

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
    if (!role || !snapshot || !scenario) {
      if (!formShown) {
        formShown = true;
        mounted = null;
        heading.textContent = 'Run a workshop';
        body.replaceChildren(createForm(options));
      }
      return;
    }
    formShown = false;
    if (mounted?.code !== role.code) {
      heading.textContent = `Workshop ${role.code}`;
      const parts = consoleParts(options, scenario, role.code, snapshot, () => showNames, (value) => {
        showNames = value;
        render();
      });
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
  };
}

function createForm(options: FacilitatorScreenOptions): HTMLFormElement {
  const form = el('form', { class: 'create-workshop', id: 'create-workshop' });
  const caseSelect = el('select', { id: 'ws-case' }, options.scenarios.map((scenario) => el('option', { value: scenario.definition.id }, [scenario.definition.title])));
  const alliances = el('input', { type: 'number', id: 'ws-alliances', min: '1', max: '40', step: '1', value: '5' });
  const rounds = el('input', { type: 'number', id: 'ws-rounds', min: '1', max: '100', step: '1', value: '8' });
  const seconds = el('input', { type: 'number', id: 'ws-seconds', min: '0', max: '3600', step: '30', value: '600', 'aria-describedby': 'ws-seconds-hint' });
  const seats = el('fieldset', { class: 'seat-choice' });
  const renderSeats = (): void => {
    const scenario = options.scenarios.find((candidate) => candidate.definition.id === caseSelect.value)!;
    rounds.max = String(scenario.definition.rounds.count);
    if (Number(rounds.value) > scenario.definition.rounds.count) rounds.value = String(scenario.definition.rounds.count);
    seats.replaceChildren(
      el('legend', {}, ['Who plays each side']),
      ...scenario.definition.sides.map((side) =>
        el('div', { class: 'field-row' }, [
          el('label', { for: `ws-seat-${side.id}` }, [side.name]),
          el('select', { id: `ws-seat-${side.id}`, 'data-side': side.id }, [
            el('option', { value: '' }, ['Teams (empty seats keep last round\'s decisions)']),
            ...Object.entries(scenario.definition.strategies[side.id] ?? {}).map(([id, strategy]) => el('option', { value: id }, [`Computer: ${strategy.label}`])),
          ]),
        ]),
      ),
    );
  };
  caseSelect.addEventListener('change', renderSeats);
  renderSeats();
  const submit = el('button', { type: 'submit', class: 'primary', id: 'ws-create' }, ['Create the workshop']);
  form.append(
    el('div', { class: 'field-row' }, [el('label', { for: 'ws-case' }, ['Case']), caseSelect]),
    el('div', { class: 'field-row' }, [el('label', { for: 'ws-alliances' }, ['Alliances']), alliances]),
    el('div', { class: 'field-row' }, [el('label', { for: 'ws-rounds' }, ['Rounds']), rounds]),
    el('div', { class: 'field-row' }, [el('label', { for: 'ws-seconds' }, ['Round timer (seconds)']), seconds, el('p', { class: 'hint', id: 'ws-seconds-hint' }, ['0 means no timer: you end each round yourself.'])]),
    seats,
    el('div', { class: 'button-row' }, [submit]),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const computerSeats: Record<string, string> = {};
    for (const select of form.querySelectorAll<HTMLSelectElement>('select[data-side]')) if (select.value) computerSeats[select.dataset['side']!] = select.value;
    submit.disabled = true;
    void options.client
      .create({ scenarioId: caseSelect.value, alliances: Number(alliances.value), rounds: Number(rounds.value), roundSeconds: Number(seconds.value), computerSeats })
      .finally(() => {
        submit.disabled = false;
      });
  });
  return form;
}

function consoleParts(options: FacilitatorScreenOptions, scenario: Scenario, code: string, initial: WorkshopSnapshot, names: () => boolean, setNames: (value: boolean) => void) {
  const url = joinUrl(options.pageUrl, code, scenario.definition.id, initial.alliances.length, options.serverParam);
  const qr = el('img', { id: 'ws-qr', class: 'qr-code', alt: `QR code for ${url}`, width: '240', height: '240' });
  void QRCode.toDataURL(url, { margin: 1, width: 240, errorCorrectionLevel: 'M' }).then((data) => {
    qr.src = data;
  });
  const projector = el('section', { class: 'workshop-join', 'aria-labelledby': 'ws-join-heading' }, [
    el('h3', { id: 'ws-join-heading' }, ['Join the workshop']),
    el('p', { class: 'join-code' }, ['Code: ', el('strong', { id: 'ws-code' }, [code])]),
    el('p', {}, ['Open ', el('a', { href: url, id: 'ws-join-url' }, [url])]),
    qr,
  ]);
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
  const start = button('ws-start', 'Start the workshop', command('start', 'Start'));
  const endRound = button('ws-end-round', 'End the round', () => options.client.command({ type: 'endRound', round: current.round }, `End round ${current.round}`));
  const nextRound = button('ws-next-round', 'Open the next round', () => options.client.command({ type: 'nextRound', round: current.round }, `Next round after ${current.round}`));
  const pause = button('ws-pause', 'Pause the timer', command('pause', 'Pause'));
  const resume = button('ws-resume', 'Resume the timer', command('resume', 'Resume'));
  const extend = button('ws-extend', 'Add 1 minute', () => options.client.command({ type: 'extend', seconds: 60 }, 'Add 1 minute'));
  const undo = button('ws-undo', 'Undo the last round end', command('undoRoundEnd', 'Undo the last round end'));
  controls.append(start, endRound, nextRound, pause, resume, extend, undo);

  const eventSelect = el('select', { id: 'ws-event' }, scenario.definition.events.map((event) => el('option', { value: event.id }, [event.name])));
  const eventTarget = el('select', { id: 'ws-event-target' }, [el('option', { value: 'all' }, ['All alliances']), ...initial.alliances.map((alliance) => el('option', { value: String(alliance.index) }, [`Alliance ${alliance.index + 1}`]))]);
  const inject = el('form', { class: 'field-row', id: 'ws-inject' }, [
    el('label', { for: 'ws-event' }, ['Event']),
    eventSelect,
    el('label', { for: 'ws-event-target' }, ['into']),
    eventTarget,
    el('button', { type: 'submit' }, ['Inject the event']),
  ]);
  inject.addEventListener('submit', (event) => {
    event.preventDefault();
    const alliance = eventTarget.value === 'all' ? null : Number(eventTarget.value);
    const name = scenario.definition.events.find((candidate) => candidate.id === eventSelect.value)?.name ?? eventSelect.value;
    options.client.command({ type: 'injectEvent', eventId: eventSelect.value, alliance }, `Inject "${name}" into ${alliance === null ? 'all alliances' : `alliance ${alliance + 1}`}`);
  });
  const messageInput = el('input', { id: 'ws-message', maxlength: '500', autocomplete: 'off' });
  const message = el('form', { class: 'field-row', id: 'ws-message-form' }, [el('label', { for: 'ws-message' }, ['Message to all teams']), messageInput, el('button', { type: 'submit' }, ['Send'])]);
  message.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = messageInput.value.trim();
    if (!text) return;
    options.client.command({ type: 'message', text }, 'Message sent');
    messageInput.value = '';
  });

  const namesBox = el('input', { type: 'checkbox', id: 'ws-names' });
  namesBox.addEventListener('change', () => setNames(namesBox.checked));
  const table = el('div', { id: 'ws-kpis' });
  const exportButton = button('ws-export', 'Export the workshop (CSV)', () => {
    const rows = workshopCsvRows(current, scenario);
    download(`workshop-${code}.csv`, Papa.unparse(rows, { columns: ['alliance', 'round', 'kind', 'side', 'name', 'value', 'fallback'] }), 'text/csv');
  });

  const element = el('div', { class: 'facilitator-console' }, [
    projector,
    status,
    timer,
    el('h3', {}, ['Seats']),
    lobby,
    el('h3', {}, ['Run']),
    controls,
    inject,
    message,
    el('h3', {}, ['All alliances']),
    el('div', { class: 'inline-option' }, [namesBox, el('label', { for: 'ws-names' }, [' Show alliance numbers (hide them on the projector during play)'])]),
    table,
    el('div', { class: 'button-row' }, [exportButton]),
  ]);

  const tick = (snapshot: WorkshopSnapshot): void => {
    const left = snapshot.phase === 'decide' ? timeLeftMs(snapshot, Date.now()) : null;
    timer.textContent = left === null ? '' : `${snapshot.pausedRemainingMs !== null ? 'Paused: ' : 'Time left: '}${formatClock(left)}`;
    timer.hidden = left === null;
  };

  const update = (snapshot: WorkshopSnapshot): void => {
    current = snapshot;
    const submitted = snapshot.alliances.flatMap((alliance) => Object.values(alliance.seats)).filter((seat) => seat.kind === 'human' && seat.submitted).length;
    const humanSeats = snapshot.alliances.flatMap((alliance) => Object.values(alliance.seats)).filter((seat) => seat.kind === 'human').length;
    status.textContent =
      snapshot.phase === 'lobby'
        ? 'Lobby: teams are joining.'
        : snapshot.phase === 'finished'
          ? 'The workshop is over.'
          : `Round ${snapshot.round} of ${snapshot.rounds}: ${snapshot.phase === 'decide' ? `${submitted} of ${humanSeats} team seats have decided` : 'results shown'}.`;
    start.hidden = snapshot.phase !== 'lobby';
    endRound.hidden = snapshot.phase !== 'decide';
    nextRound.hidden = snapshot.phase !== 'results';
    nextRound.textContent = snapshot.round >= snapshot.rounds ? 'Finish the workshop' : 'Open the next round';
    pause.hidden = snapshot.deadline === null || snapshot.phase !== 'decide';
    resume.hidden = snapshot.pausedRemainingMs === null || snapshot.phase !== 'decide';
    extend.hidden = snapshot.phase !== 'decide' || (snapshot.deadline === null && snapshot.pausedRemainingMs === null);
    undo.hidden = snapshot.phase !== 'results' && !(snapshot.phase === 'decide' && snapshot.round > 1);
    inject.hidden = snapshot.phase === 'finished' || scenario.definition.events.length === 0;
    lobby.replaceChildren(lobbyTable(snapshot, scenario));
    table.replaceChildren(kpiTable(snapshot, scenario, names()));
    tick(snapshot);
  };
  update(initial);
  return { element, update, tick };
}

function lobbyTable(snapshot: WorkshopSnapshot, scenario: Scenario): HTMLTableElement {
  const rows = seatLines(snapshot, scenario).map((line) => {
    const alliance = snapshot.alliances[line.alliance]!;
    const fallback = alliance.fallbacks.filter((mark) => mark.side === line.side).map((mark) => mark.round);
    const who = line.occupant === 'computer' ? 'Computer' : line.occupant === 'team' ? (line.connected > 0 ? `Team (${line.connected} device${line.connected === 1 ? '' : 's'})` : 'Team (offline)') : 'Empty';
    return el('tr', {}, [
      el('th', { scope: 'row' }, [`Alliance ${line.alliance + 1}`]),
      el('td', {}, [line.sideName]),
      el('td', {}, [who]),
      el('td', {}, [snapshot.phase === 'decide' ? (line.submitted ? 'Decided' : 'Deciding') : '']),
      el('td', {}, [fallback.length > 0 ? `Round ${fallback.join(', ')}` : '']),
    ]);
  });
  return el('table', { class: 'data-table', id: 'ws-seats' }, [
    el('caption', {}, ['Who sits where']),
    el('thead', {}, [el('tr', {}, ['Alliance', 'Side', 'Seat', 'This round', 'Kept last round\'s values'].map((title) => el('th', { scope: 'col' }, [title])))]),
    el('tbody', {}, rows),
  ]);
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
