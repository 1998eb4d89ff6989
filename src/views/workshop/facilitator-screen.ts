import Papa from 'papaparse';
import QRCode from 'qrcode';
import type { StoreApi } from 'zustand/vanilla';
import type { WorkshopClient } from '../../net/workshop-client.ts';
import type { Scenario } from '../../rules/index.ts';
import { formatClock, keyKpis, projectorRows, seatLines, timeLeftMs, workshopCsvRows, type SeatLine, type WorkshopSnapshot, type WorkshopStore } from '../../state/workshop-store.ts';
import { el } from '../dom.ts';
import { formatNumber } from '../i18n.ts';
import { download } from '../panels/start-panel.ts';
import { mountEventTimeline } from './event-timeline.ts';
import { isLoopback, joinUrl } from './join-links.ts';
import { createProjectorPanel } from './projector-panel.ts';
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
    if (!role || !snapshot || !scenario) {
      if (!formShown) {
        formShown = true;
        // The answers line and the error line go back above the form from the console's run bar.
        card.insertBefore(ack, body);
        card.insertBefore(errors.element, ack);
        mounted?.parts.destroy();
        mounted = null;
        heading.textContent = 'Run a workshop';
        body.replaceChildren(createForm(options));
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

function createForm(options: FacilitatorScreenOptions): HTMLFormElement {
  const form = el('form', { class: 'create-workshop', id: 'create-workshop' });
  const caseSelect = el('select', { id: 'ws-case' }, options.scenarios.map((scenario) => el('option', { value: scenario.definition.id }, [scenario.definition.title])));
  const alliances = el('input', { type: 'number', id: 'ws-alliances', min: '1', max: '40', step: '1', value: '5' });
  const rounds = el('input', { type: 'number', id: 'ws-rounds', min: '1', max: '100', step: '1', value: '8' });
  const seconds = el('input', { type: 'number', id: 'ws-seconds', min: '0', max: '3600', step: '1', value: '600', 'aria-describedby': 'ws-seconds-hint' });
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
            el('option', { value: '' }, ["Teams; a seat nobody takes keeps last round's decisions"]),
            ...Object.entries(scenario.definition.strategies[side.id] ?? {}).map(([id, strategy]) => el('option', { value: `stand-in:${id}` }, [`Teams; the computer (${strategy.label}) plays a seat nobody takes`])),
            ...Object.entries(scenario.definition.strategies[side.id] ?? {}).map(([id, strategy]) => el('option', { value: `computer:${id}` }, [`Computer in every alliance: ${strategy.label}`])),
          ]),
        ]),
      ),
    );
  };
  const events = el('fieldset', { class: 'event-choice' });
  const renderEvents = (): void => {
    const scenario = options.scenarios.find((candidate) => candidate.definition.id === caseSelect.value)!;
    const lastRound = Math.max(1, Math.min(Number(rounds.value) || 1, scenario.definition.rounds.count));
    events.hidden = scenario.definition.events.length === 0;
    events.replaceChildren(
      el('legend', {}, ['Events in every alliance (you can move or call them off per alliance later)']),
      ...scenario.definition.events.map((event) => {
        const box = el('input', { type: 'checkbox', id: `ws-event-on-${event.id}`, 'data-event': event.id });
        box.checked = event.suggested && event.defaultRound !== null && event.defaultRound <= lastRound;
        const round = el('input', { type: 'number', id: `ws-event-round-${event.id}`, class: 'narrow', min: '1', max: String(lastRound), step: '1', value: String(Math.min(event.defaultRound ?? 1, lastRound)) });
        // An unticked event's round is not sent, so it must not hold the form up either.
        round.disabled = !box.checked;
        box.addEventListener('change', () => (round.disabled = !box.checked));
        return el('div', { class: 'event-option' }, [
          el('label', { for: box.id, class: 'inline-option' }, [box, ` ${event.name}`]),
          el('label', { for: round.id }, ['from round ']),
          round,
          el('p', { class: 'problem-text', id: `ws-event-late-${event.id}`, role: 'status', hidden: '' }),
          el('p', { class: 'hint' }, [event.description]),
        ]);
      }),
    );
  };
  caseSelect.addEventListener('change', () => {
    renderSeats();
    renderEvents();
    flagLateEvents();
  });
  // A shorter workshop may no longer reach an event: it is flagged, never silently dropped.
  rounds.addEventListener('input', () => {
    const lastRound = Number(rounds.value);
    if (!Number.isInteger(lastRound) || lastRound < 1) return;
    for (const round of events.querySelectorAll<HTMLInputElement>('input[type="number"]')) round.max = String(lastRound);
    flagLateEvents();
  });
  const flagLateEvents = (): void => {
    const lastRound = Number(rounds.value);
    for (const round of events.querySelectorAll<HTMLInputElement>('input[type="number"]')) {
      const box = events.querySelector<HTMLInputElement>(`#${round.id.replace('ws-event-round-', 'ws-event-on-')}`);
      const flag = events.querySelector<HTMLElement>(`#${round.id.replace('ws-event-round-', 'ws-event-late-')}`);
      if (!flag) continue;
      const late = Boolean(box?.checked) && Number(round.value) > lastRound;
      flag.hidden = !late;
      flag.textContent = late ? `Round ${round.value} comes after the last round (${lastRound}): choose an earlier round or untick it.` : '';
    }
  };
  events.addEventListener('input', flagLateEvents);
  events.addEventListener('change', flagLateEvents);
  renderSeats();
  renderEvents();
  const submit = el('button', { type: 'submit', class: 'primary', id: 'ws-create' }, ['Create the workshop']);
  form.append(
    el('div', { class: 'field-row' }, [el('label', { for: 'ws-case' }, ['Case']), caseSelect]),
    el('div', { class: 'field-row' }, [el('label', { for: 'ws-alliances' }, ['Alliances']), alliances]),
    el('div', { class: 'field-row' }, [el('label', { for: 'ws-rounds' }, ['Rounds']), rounds]),
    el('div', { class: 'field-row' }, [el('label', { for: 'ws-seconds' }, ['Round timer (seconds)']), seconds, el('p', { class: 'hint', id: 'ws-seconds-hint' }, ['0 means no timer: you end each round yourself.'])]),
    seats,
    events,
    el('div', { class: 'button-row' }, [submit]),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const computerSeats: Record<string, string> = {};
    const emptySeats: Record<string, string> = {};
    for (const select of form.querySelectorAll<HTMLSelectElement>('select[data-side]')) {
      const [kind, strategy] = select.value.split(':');
      if (kind === 'computer' && strategy) computerSeats[select.dataset['side']!] = strategy;
      if (kind === 'stand-in' && strategy) emptySeats[select.dataset['side']!] = strategy;
    }
    const scheduled = [...form.querySelectorAll<HTMLInputElement>('input[data-event]')]
      .filter((box) => box.checked && !events.hidden)
      .map((box) => ({ eventId: box.dataset['event']!, round: Number(form.querySelector<HTMLInputElement>(`#ws-event-round-${box.dataset['event']!}`)!.value) }));
    const late = scheduled.find((event) => !Number.isInteger(event.round) || event.round < 1 || event.round > Number(rounds.value));
    if (late) {
      const name = options.scenarios.flatMap((scenario) => scenario.definition.events).find((event) => event.id === late.eventId)?.name ?? late.eventId;
      options.onProblem(`${name}: choose a round from 1 to ${rounds.value}, or untick it.`);
      return;
    }
    submit.disabled = true;
    void options.client
      .create({ scenarioId: caseSelect.value, alliances: Number(alliances.value), rounds: Number(rounds.value), roundSeconds: Number(seconds.value), computerSeats, emptySeats, events: scheduled })
      .finally(() => {
        submit.disabled = false;
      });
  });
  return form;
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
    download(`workshop-${code}.csv`, Papa.unparse(rows, { columns: ['alliance', 'round', 'kind', 'side', 'name', 'value', 'fallback'] }), 'text/csv');
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
      lobby.replaceChildren(lobbyTable(snapshot, scenario, options.client, pickedStrategies));
    }
    timeline.update(snapshot);
    table.update(snapshot, names());
    tick(snapshot);
  };
  update(initial);
  // The projector panel holds charts and a key listener; they go when the console does.
  return { element, update, tick, destroy: () => table.destroy() };
}

function lobbyTable(snapshot: WorkshopSnapshot, scenario: Scenario, client: WorkshopClient, picked: Map<string, string>): HTMLTableElement {
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
