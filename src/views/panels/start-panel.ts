import type { StoreApi } from 'zustand/vanilla';
import { GAME_LENGTH, type Scenario } from '../../rules/index.ts';
import type { GameStore, Mode } from '../../state/create-game-store.ts';
import type { SavedGameSummary } from '../../state/stored-game.ts';
import { el } from '../dom.ts';
import { formatList, roundWordParams, t, useRoundWords } from '../i18n.ts';
import { guideHref } from '../guide/guide-route.ts';

/** The start screen: pick a case, a mode, a side and a partner, the length and the events; or resume; or explore the model. */
export function mountStartPanel(root: HTMLElement, store: StoreApi<GameStore>, options: { readonly onExplore?: (scenarioId: string) => void } = {}): () => void {
  const { scenarios } = store.getState();
  let scenarioId = scenarios[0]!.definition.id;
  let mode: Mode = 'solo';
  // Kept across re-renders (a change of case or mode redraws the form): what was typed stays.
  let roundsText: string | null = null;

  const form = el('form', { class: 'card start-form', 'aria-labelledby': 'start-heading' });
  const render = (): void => {
    const scenario = scenarios.find((candidate) => candidate.definition.id === scenarioId)!;
    const definition = scenario.definition;
    useRoundWords(definition.rounds);
    const humanSide = (form.querySelector<HTMLSelectElement>('#human-side')?.value ?? definition.sides[0]!.id);
    const side = definition.sides.find((candidate) => candidate.id === humanSide) ?? definition.sides[0]!;
    const partner = definition.sides.find((candidate) => candidate.id !== side.id)!;
    const children: (HTMLElement | null)[] = [
      el('h2', { id: 'start-heading', tabindex: '-1' }, [t('game.startHeading')]),
      el('fieldset', { class: 'case-choice' }, [
        el('legend', {}, [t('game.chooseCase')]),
        ...scenarios.map((candidate) => {
          const id = `case-${candidate.definition.id}`;
          const input = el('input', { type: 'radio', name: 'case', id, value: candidate.definition.id });
          input.checked = candidate.definition.id === scenarioId;
          input.addEventListener('change', () => {
            scenarioId = candidate.definition.id;
            render();
          });
          return el('label', { for: id, class: 'case-option' }, [input, el('span', { class: 'case-title' }, [candidate.definition.title]), el('span', { class: 'case-subtitle' }, [candidate.definition.subtitle])]);
        }),
      ]),
      el('fieldset', {}, [
        el('legend', {}, [t('game.chooseMode')]),
        ...(['solo', 'two-teams'] as const).map((value) => {
          const id = `mode-${value}`;
          const input = el('input', { type: 'radio', name: 'mode', id, value });
          input.checked = value === mode;
          input.addEventListener('change', () => {
            mode = value;
            render();
          });
          return el('label', { for: id, class: 'inline-option' }, [input, ` ${t(value === 'solo' ? 'game.modeSolo' : 'game.modeTwoTeams')}`]);
        }),
      ]),
      mode === 'solo'
        ? el('div', { class: 'field-row' }, [
            el('label', { for: 'human-side' }, [t('game.chooseSide')]),
            selectOf('human-side', definition.sides.map((s) => ({ value: s.id, label: `${s.name}: ${s.goal}` })), side.id, render),
            el('label', { for: 'partner-strategy' }, [t('game.partnerStrategy')]),
            selectOf(
              'partner-strategy',
              Object.entries(definition.strategies[partner.id]!).map(([id, strategy]) => ({ value: id, label: `${strategy.label}: ${strategy.description}` })),
              definition.defaultPartnerStrategy[partner.id]!,
            ),
          ])
        : null,
      el('div', { class: 'field-row' }, [
        el('label', { for: 'rounds' }, [t('game.rounds')]),
        (() => {
          const input = el('input', { type: 'text', inputmode: 'numeric', id: 'rounds', class: 'narrow', autocomplete: 'off', 'aria-describedby': 'rounds-error rounds-hint', 'aria-errormessage': 'rounds-error' });
          input.value = roundsText ?? String(definition.rounds.count);
          input.addEventListener('input', () => {
            roundsText = input.value;
            check();
          });
          return input;
        })(),
        el('p', { id: 'rounds-error', class: 'field-error', 'aria-live': 'polite', hidden: '' }),
        el('p', { id: 'rounds-hint', class: 'hint' }, [t('game.roundsHint', { min: GAME_LENGTH.min, max: GAME_LENGTH.max, usual: definition.rounds.count })]),
      ]),
      definition.events.length > 0
        ? el('fieldset', { 'aria-describedby': 'events-hint' }, [
            el('legend', {}, [t('game.events')]),
            el('p', { id: 'events-hint', class: 'hint' }, [t('game.eventsHint')]),
            ...definition.events.map((event) => {
              const on = el('input', { type: 'checkbox', id: `event-${event.id}`, 'data-event': event.id });
              on.checked = event.suggested && event.defaultRound !== null;
              const round = el('input', { type: 'text', inputmode: 'numeric', id: `event-${event.id}-round`, value: String(event.defaultRound ?? 1), class: 'narrow', autocomplete: 'off', 'aria-describedby': `event-${event.id}-round-error`, 'data-event-round': event.id });
              on.addEventListener('change', check);
              round.addEventListener('input', check);
              return el('div', { class: 'event-option' }, [
                on,
                el('label', { for: `event-${event.id}` }, [` ${event.name}`]),
                el('label', { for: `event-${event.id}-round`, class: 'event-round' }, [` ${t('game.eventRound')} `]),
                round,
                el('p', { id: `event-${event.id}-round-error`, class: 'field-error', 'aria-live': 'polite', hidden: '' }),
                el('p', { class: 'hint' }, [event.description]),
              ]);
            }),
          ])
        : null,
      el('div', { class: 'inline-option' }, [
        (() => {
          const box = el('input', { type: 'checkbox', id: 'partner-yardstick', 'aria-describedby': 'partner-yardstick-hint' });
          box.checked = mode === 'solo';
          return box;
        })(),
        el('label', { for: 'partner-yardstick' }, [` ${t('game.partnerYardstick')}`]),
        el('p', { id: 'partner-yardstick-hint', class: 'hint' }, [t('game.partnerYardstickHint')]),
      ]),
      el('div', { class: 'button-row' }, [el('button', { type: 'submit', class: 'primary', id: 'start-game', 'aria-describedby': 'start-reason' }, [t('game.startGame')]), options.onExplore ? exploreButton() : null]),
      el('p', { id: 'start-reason', class: 'submit-reason', role: 'status', hidden: '' }),
      options.onExplore ? el('p', { id: 'explore-hint', class: 'hint' }, [t('explorer.openExplorerHint')]) : null,
      definition.guide ? el('p', { class: 'guide-link' }, [el('a', { href: guideHref(definition.id), target: '_blank', rel: 'noopener', 'aria-describedby': 'guide-hint' }, [t('guide.openFor', { title: definition.title })])]) : null,
      definition.guide ? el('p', { id: 'guide-hint', class: 'hint' }, [t('guide.openHint')]) : null,
    ];
    form.replaceChildren(...children.filter((child): child is HTMLElement => child !== null));
    check();
  };

  /** The length and the events' rounds, checked as typed: a message under each wrong field, and the start button says why it waits. */
  const check = (): { rounds: number; events: { eventId: string; round: number }[] } | null => {
    const scenario = scenarios.find((candidate) => candidate.definition.id === scenarioId)!;
    const wrong: string[] = [];
    const roundsInput = form.querySelector<HTMLInputElement>('#rounds')!;
    const rounds = wholeNumber(roundsInput.value);
    const roundsOk = rounds !== null && rounds >= GAME_LENGTH.min && rounds <= GAME_LENGTH.max;
    mark(roundsInput, roundsOk ? null : t('game.roundsError', { min: GAME_LENGTH.min, max: GAME_LENGTH.max }));
    if (!roundsOk) wrong.push(t('game.rounds'));
    const events: { eventId: string; round: number }[] = [];
    for (const event of scenario.definition.events) {
      const on = form.querySelector<HTMLInputElement>(`#event-${event.id}`);
      const input = form.querySelector<HTMLInputElement>(`#event-${event.id}-round`);
      if (!on || !input) continue;
      const round = wholeNumber(input.value);
      const last = roundsOk ? rounds : GAME_LENGTH.max;
      const ok = !on.checked || (round !== null && round >= 1 && round <= last);
      mark(input, ok ? null : t('game.eventRoundError', { event: event.name, max: last }));
      if (!ok) wrong.push(event.name);
      else if (on.checked) events.push({ eventId: event.id, round: round! });
    }
    const button = form.querySelector<HTMLButtonElement>('#start-game');
    const reason = form.querySelector<HTMLElement>('#start-reason');
    if (button && reason) {
      button.disabled = wrong.length > 0;
      reason.textContent = wrong.length > 0 ? t('game.submitBlocked', { fields: formatList(wrong) }) : '';
      reason.hidden = wrong.length === 0;
    }
    return wrong.length === 0 ? { rounds: rounds!, events } : null;
  };

  const exploreButton = (): HTMLButtonElement => {
    const button = el('button', { type: 'button', 'aria-describedby': 'explore-hint' }, [t('explorer.openExplorer')]);
    button.addEventListener('click', () => options.onExplore?.(scenarioId));
    return button;
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = (id: string) => form.querySelector<HTMLInputElement | HTMLSelectElement>(`#${id}`)?.value;
    const checked = check();
    if (!checked) return;
    store.getState().newGame({
      scenarioId,
      mode,
      ...(mode === 'solo' ? { humanSide: value('human-side')!, partnerStrategy: value('partner-strategy')! } : {}),
      rounds: checked.rounds,
      events: checked.events,
      partnerYardstickVisible: form.querySelector<HTMLInputElement>('#partner-yardstick')!.checked,
    });
  });

  const saved = el('section', { class: 'card saved-games', 'aria-labelledby': 'saved-heading' });
  const renderSaved = (): void => {
    const state = store.getState();
    const importInput = el('input', { type: 'file', id: 'import-file', accept: '.json,application/json' });
    importInput.addEventListener('change', async () => {
      const file = importInput.files?.[0];
      if (!file) return;
      const ok = store.getState().importGame(await file.text());
      if (ok) status.textContent = t('game.importDone');
    });
    const status = el('p', { role: 'status', class: 'hint' });
    saved.replaceChildren(
      el('h2', { id: 'saved-heading' }, [t('game.savedHeading')]),
      state.saved.length === 0
        ? el('p', { class: 'hint' }, [t('game.savedNone')])
        : el(
            'ul',
            { class: 'saved-list' },
            state.saved.map((game) => {
              const words = savedGameWords(game, scenarios);
              const name = `${words.title}, ${words.seats}, ${words.progress}, ${words.started}`;
              const resume = el('button', { type: 'button', 'aria-label': `${t('game.resume')}: ${name}` }, [t('game.resume')]);
              resume.addEventListener('click', () => store.getState().resume(game.id));
              const exportButton = el('button', { type: 'button', 'aria-label': `${t('game.export')}: ${name}` }, [t('game.export')]);
              exportButton.addEventListener('click', () => {
                const text = store.getState().exportGame(game.id);
                if (text) download(`${game.label.replace(/[^\w-]+/g, '-').toLowerCase()}.json`, text, 'application/json');
              });
              const remove = el('button', { type: 'button', class: 'quiet', 'aria-label': `${t('game.delete')}: ${name}` }, [t('game.delete')]);
              remove.addEventListener('click', () => store.getState().removeSaved(game.id));
              return el('li', {}, [
                el('span', { class: 'saved-label' }, [words.title]),
                el('span', {}, [words.seats]),
                el('span', { class: 'saved-progress' }, [words.progress]),
                el('span', { class: 'hint' }, [words.started]),
                el('span', { class: 'button-row' }, [resume, exportButton, remove]),
              ]);
            }),
          ),
      el('div', { class: 'field-row' }, [el('label', { for: 'import-file' }, [t('game.importLabel')]), importInput]),
      status,
    );
  };

  const workshop = el('section', { class: 'card workshop-entry', 'aria-labelledby': 'workshop-entry-heading' }, [
    el('h2', { id: 'workshop-entry-heading' }, ['Workshops']),
    el('p', { class: 'hint' }, ['Many alliances, each team on its own device, with a facilitator.']),
    el('div', { class: 'button-row' }, [workshopButton('workshop-run', 'Run a workshop', '#facilitator'), workshopButton('workshop-join', 'Join a workshop', '#team')]),
  ]);

  render();
  renderSaved();
  root.replaceChildren(el('div', { class: 'start-layout' }, [form, saved, workshop]));
  const unsubscribe = store.subscribe((state, previous) => {
    if (state.saved !== previous.saved) renderSaved();
  });
  return unsubscribe;
}

const whenFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
const timeFormat = new Intl.DateTimeFormat('en-GB', { timeStyle: 'short' });

/** A saved game in words: the case and mode, who plays each side, how far it got, when it began and was last played. */
export function savedGameWords(game: SavedGameSummary, scenarios: readonly Scenario[]): { title: string; seats: string; progress: string; started: string } {
  const definition = scenarios.find((scenario) => scenario.definition.id === game.scenarioId)?.definition;
  const sideName = (id: string) => definition?.sides.find((side) => side.id === id)?.name ?? id;
  // Each saved game is told in its own case's words, whichever case is on screen.
  const words = definition ? roundWordParams(definition.rounds) : {};
  const strategyName = (side: string, id: string) => definition?.strategies[side]?.[id]?.label ?? id;
  const mode = t(game.mode === 'solo' ? 'game.modeSoloShort' : 'game.modeTwoTeamsShort');
  const seats = game.seats
    .map(({ side, seat }) => `${sideName(side)}: ${seat.kind === 'computer' ? t('game.seatComputer', { strategy: strategyName(side, seat.strategy) }) : game.mode === 'solo' ? t('game.seatYou') : t('game.seatTeam')}`)
    .join(' · ');
  const progress =
    game.progress.kind === 'briefing'
      ? t('game.progressBriefing')
      : game.progress.kind === 'finished'
        ? t('game.progressFinished', { ...words, rounds: game.progress.rounds })
        : t('game.roundStatus', { ...words, round: game.progress.round, rounds: game.progress.rounds });
  const sameDay = new Date(game.createdAt).toDateString() === new Date(game.updatedAt).toDateString();
  const started = t('game.savedWhen', { started: whenFormat.format(game.createdAt), saved: (sameDay ? timeFormat : whenFormat).format(game.updatedAt) });
  return { title: `${definition?.title ?? game.scenarioId} · ${mode}`, seats, progress, started };
}

function wholeNumber(text: string): number | null {
  const trimmed = text.trim();
  return /^\d{1,4}$/.test(trimmed) ? Number(trimmed) : null;
}

/** A field's message under it, and aria-invalid; null clears both. */
function mark(input: HTMLInputElement, problem: string | null): void {
  input.setAttribute('aria-invalid', String(problem !== null));
  const message = input.getAttribute('aria-describedby')?.split(' ')[0];
  // The form may not be in the page yet (its first render): look inside it, not in the document.
  const target = message ? (input.closest('form')?.querySelector<HTMLElement>(`#${message}`) ?? null) : null;
  if (!target) return;
  target.textContent = problem ?? '';
  target.hidden = problem === null;
}

function workshopButton(id: string, label: string, hash: string): HTMLButtonElement {
  const button = el('button', { type: 'button', id }, [label]);
  button.addEventListener('click', () => {
    location.hash = hash;
  });
  return button;
}

function selectOf(id: string, options: readonly { value: string; label: string }[], selected: string, onChange?: () => void): HTMLSelectElement {
  const select = el('select', { id }, options.map((option) => el('option', { value: option.value }, [option.label])));
  select.value = selected;
  if (onChange) select.addEventListener('change', onChange);
  return select;
}

export function download(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = el('a', { href: url, download: fileName });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
