import type { StoreApi } from 'zustand/vanilla';
import type { GameStore, Mode } from '../../state/create-game-store.ts';
import { el } from '../dom.ts';
import { t } from '../i18n.ts';
import { guideHref } from '../guide/guide-route.ts';

/** The start screen: pick a case, a mode, a side and a partner, the length and the events; or resume; or explore the model. */
export function mountStartPanel(root: HTMLElement, store: StoreApi<GameStore>, options: { readonly onExplore?: (scenarioId: string) => void } = {}): () => void {
  const { scenarios } = store.getState();
  let scenarioId = scenarios[0]!.definition.id;
  let mode: Mode = 'solo';

  const form = el('form', { class: 'card start-form', 'aria-labelledby': 'start-heading' });
  const render = (): void => {
    const scenario = scenarios.find((candidate) => candidate.definition.id === scenarioId)!;
    const definition = scenario.definition;
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
        el('input', { type: 'number', id: 'rounds', min: '1', max: String(definition.rounds.count), step: '1', value: String(definition.rounds.count), 'aria-describedby': 'rounds-hint' }),
        el('p', { id: 'rounds-hint', class: 'hint' }, [t('game.roundsHint', { max: definition.rounds.count })]),
      ]),
      definition.events.length > 0
        ? el('fieldset', { 'aria-describedby': 'events-hint' }, [
            el('legend', {}, [t('game.events')]),
            el('p', { id: 'events-hint', class: 'hint' }, [t('game.eventsHint')]),
            ...definition.events.map((event) => {
              const on = el('input', { type: 'checkbox', id: `event-${event.id}`, 'data-event': event.id });
              on.checked = event.suggested && event.defaultRound !== null;
              const round = el('input', { type: 'number', id: `event-${event.id}-round`, min: '1', max: String(definition.rounds.count), value: String(event.defaultRound ?? 1), class: 'narrow' });
              return el('div', { class: 'event-option' }, [
                on,
                el('label', { for: `event-${event.id}` }, [` ${event.name}`]),
                el('label', { for: `event-${event.id}-round`, class: 'event-round' }, [` ${t('game.eventRound')} `]),
                round,
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
      el('div', { class: 'button-row' }, [el('button', { type: 'submit', class: 'primary' }, [t('game.startGame')]), options.onExplore ? exploreButton() : null]),
      options.onExplore ? el('p', { id: 'explore-hint', class: 'hint' }, [t('explorer.openExplorerHint')]) : null,
      definition.guide ? el('p', { class: 'guide-link' }, [el('a', { href: guideHref(definition.id), target: '_blank', rel: 'noopener', 'aria-describedby': 'guide-hint' }, [t('guide.openFor', { title: definition.title })])]) : null,
      definition.guide ? el('p', { id: 'guide-hint', class: 'hint' }, [t('guide.openHint')]) : null,
    ];
    form.replaceChildren(...children.filter((child): child is HTMLElement => child !== null));
  };

  const exploreButton = (): HTMLButtonElement => {
    const button = el('button', { type: 'button', 'aria-describedby': 'explore-hint' }, [t('explorer.openExplorer')]);
    button.addEventListener('click', () => options.onExplore?.(scenarioId));
    return button;
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const scenario = scenarios.find((candidate) => candidate.definition.id === scenarioId)!;
    const value = (id: string) => form.querySelector<HTMLInputElement | HTMLSelectElement>(`#${id}`)?.value;
    const events = scenario.definition.events
      .filter((candidate) => form.querySelector<HTMLInputElement>(`#event-${candidate.id}`)?.checked)
      .map((candidate) => ({ eventId: candidate.id, round: Number(value(`event-${candidate.id}-round`)) }));
    store.getState().newGame({
      scenarioId,
      mode,
      ...(mode === 'solo' ? { humanSide: value('human-side')!, partnerStrategy: value('partner-strategy')! } : {}),
      rounds: Number(value('rounds')),
      events,
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
              const resume = el('button', { type: 'button', 'aria-label': `${t('game.resume')}: ${game.label}` }, [t('game.resume')]);
              resume.addEventListener('click', () => store.getState().resume(game.id));
              const exportButton = el('button', { type: 'button', 'aria-label': `${t('game.export')}: ${game.label}` }, [t('game.export')]);
              exportButton.addEventListener('click', () => {
                const text = store.getState().exportGame(game.id);
                if (text) download(`${game.label.replace(/[^\w-]+/g, '-').toLowerCase()}.json`, text, 'application/json');
              });
              const remove = el('button', { type: 'button', class: 'quiet', 'aria-label': `${t('game.delete')}: ${game.label}` }, [t('game.delete')]);
              remove.addEventListener('click', () => store.getState().removeSaved(game.id));
              const when = new Date(game.updatedAt).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
              return el('li', {}, [
                el('span', { class: 'saved-label' }, [game.label]),
                el('span', { class: 'hint' }, [t('game.savedMeta', { mode: t(game.mode === 'solo' ? 'game.modeSoloShort' : 'game.modeTwoTeamsShort'), actions: game.actions, when })]),
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
