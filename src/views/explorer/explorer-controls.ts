/**
 * The explorer's left column: a slider (with an exact-value box) per decision and parameter,
 * grouped by side, the events with their rounds, and how long the last re-simulations took.
 * Built once per opened model; later store changes only update values, so a drag is never
 * interrupted by a re-render.
 */
import type { StoreApi } from 'zustand/vanilla';
import type { ExplorerSession, ExplorerStore } from '../../state/explorer-store.ts';
import { meanTiming, sliderGroups, type SliderView } from '../../state/explorer-selectors.ts';
import { el } from '../dom.ts';
import { t } from '../i18n.ts';
import { formatValue } from '../charts/format-value.ts';

/** "0.042 ms", "1.3 ms": two significant digits, never "0". */
export function formatMilliseconds(ms: number): string {
  if (ms < 0.01) return t('explorer.msUnder', { ms: '0.01' });
  return t('explorer.ms', { ms: Number(ms.toPrecision(2)).toString() });
}

function stepDecimals(step: number): number {
  const text = String(step);
  return text.includes('e-') ? Number(text.split('e-')[1]) : (text.split('.')[1]?.length ?? 0);
}

interface SliderBinding {
  readonly slider: SliderView;
  readonly row: HTMLElement;
  readonly set: (value: number) => void;
}

function sliderRow(slider: SliderView, index: number, store: StoreApi<ExplorerStore>): SliderBinding {
  const id = `explorer-slider-${index}`;
  const metaId = `${id}-meta`;
  const unit = slider.unit ? el('span', { class: 'unit' }, [` (${slider.unit})`]) : null;
  const label = el('label', { for: id, class: 'slider-label' }, [slider.label, unit]);
  const meta = el('p', { class: 'field-meta', id: metaId }, [
    t('explorer.sliderMeta', { min: formatValue(slider.min), max: formatValue(slider.max), base: formatValue(slider.base) }),
  ]);
  const row = el('div', { class: 'slider-row', 'data-slider': slider.id });
  const decimals = Math.min(10, stepDecimals(slider.step) + 2);
  if (slider.choices) {
    const select = el(
      'select',
      { id, 'aria-describedby': metaId },
      slider.choices.map((choice) => el('option', { value: String(choice.value) }, [choice.label])),
    );
    select.addEventListener('change', () => store.getState().setValue(slider.id, Number(select.value)));
    row.append(label, select, meta);
    return { slider, row, set: (value) => void (select.value = String(value)) };
  }
  const range = el('input', { type: 'range', id, min: String(slider.min), max: String(slider.max), step: String(slider.step), 'aria-describedby': metaId });
  const exact = el('input', { type: 'number', id: `${id}-value`, step: 'any', class: 'exact-value', 'aria-label': t('explorer.exactValue', { label: slider.label }) });
  range.addEventListener('input', () => store.getState().setValue(slider.id, Number(Number(range.value).toFixed(decimals))));
  exact.addEventListener('change', () => {
    const value = Number(exact.value);
    if (exact.value.trim() !== '' && Number.isFinite(value)) store.getState().setValue(slider.id, value);
    else exact.value = String(store.getState().session?.values[slider.id] ?? slider.base);
  });
  row.append(label, el('div', { class: 'slider-inputs' }, [range, exact]), meta);
  return {
    slider,
    row,
    set: (value) => {
      range.value = String(value);
      if (document.activeElement !== exact) exact.value = String(Number(value.toPrecision(10)));
      range.setAttribute('aria-valuetext', `${formatValue(value)}${slider.unit ? ` ${slider.unit}` : ''}`);
    },
  };
}

export function mountExplorerControls(root: HTMLElement, store: StoreApi<ExplorerStore>): () => void {
  let bindings: SliderBinding[] = [];
  let eventInputs: { id: string; on: HTMLInputElement; round: HTMLInputElement }[] = [];
  const timing = el('p', { class: 'timing', 'data-testid': 'resim-time' });
  const reset = el('button', { type: 'button' }, [t('explorer.reset')]);
  reset.addEventListener('click', () => store.getState().resetValues());

  const build = (session: ExplorerSession): void => {
    const setup = session.setup;
    let index = 0;
    bindings = [];
    const parts: HTMLElement[] = [el('h3', { id: 'explorer-controls-heading' }, [t('explorer.controlsHeading')])];
    parts.push(el('p', { class: 'hint' }, [t(setup.source.kind === 'game' ? 'explorer.controlsIntroGame' : setup.scenario ? 'explorer.controlsIntroCase' : 'explorer.controlsIntroModel', { round: setup.game?.fromRound ?? '', unit: setup.rounds?.unit ?? '' })]));
    for (const { group, sliders } of sliderGroups(session)) {
      if (sliders.length === 0) continue;
      const rows = sliders.map((slider) => {
        const binding = sliderRow(slider, index++, store);
        bindings.push(binding);
        return binding.row;
      });
      if (group.kind === 'decision') {
        parts.push(el('fieldset', { class: 'slider-group' }, [el('legend', {}, [t('explorer.decisionsOf', { side: group.label })]), ...rows]));
        continue;
      }
      const filter = el('input', { type: 'search', id: 'explorer-parameter-filter', class: 'parameter-filter', placeholder: t('explorer.filterPlaceholder') });
      const list = el('div', { class: 'parameter-list' }, rows);
      filter.addEventListener('input', () => {
        const words = filter.value.trim().toLowerCase();
        for (const row of rows) row.hidden = words !== '' && !(row.querySelector('.slider-label')?.textContent ?? '').toLowerCase().includes(words);
      });
      const details = el('details', { class: 'slider-group parameters' }, [
        el('summary', {}, [t(setup.scenario ? 'explorer.parametersSummaryCase' : 'explorer.parametersSummaryModel', { count: sliders.length })]),
        el('p', { class: 'hint' }, [t(setup.scenario ? 'explorer.parametersHintCase' : 'explorer.parametersHintModel')]),
        el('label', { for: 'explorer-parameter-filter', class: 'visually-hidden' }, [t('explorer.filterLabel')]),
        filter,
        list,
      ]);
      details.open = !setup.scenario || sliders.length <= 8;
      parts.push(details);
    }
    if (setup.sliders.length === 0) parts.push(el('p', { class: 'notice' }, [t('explorer.noSliders')]));
    eventInputs = [];
    if (session.events.length > 0) {
      const rows = session.events.map((event) => {
        const on = el('input', { type: 'checkbox', id: `explorer-event-${event.id}` });
        on.disabled = event.locked;
        const round = el('input', { type: 'number', id: `explorer-event-${event.id}-round`, min: '1', max: String(Math.max(event.round, setup.game?.lastRound ?? setup.rounds?.count ?? 1)), step: '1', class: 'narrow' });
        on.addEventListener('change', () => store.getState().setEvent(event.id, { on: on.checked }));
        round.addEventListener('change', () => store.getState().setEvent(event.id, { round: Number(round.value) }));
        eventInputs.push({ id: event.id, on, round });
        const roundLabel = t(event.kind === 'exit' ? 'explorer.exitRound' : 'explorer.eventRound', { unit: setup.rounds?.unit ?? '' });
        return el('div', { class: 'event-option' }, [
          on,
          el('label', { for: on.id }, [` ${event.kind === 'exit' ? t('explorer.exitName') : event.name}`]),
          el('label', { for: round.id, class: 'event-round' }, [` ${roundLabel} `]),
          round,
          el('p', { class: 'hint' }, [event.description]),
        ]);
      });
      parts.push(el('fieldset', { class: 'slider-group events' }, [el('legend', {}, [t('explorer.eventsLegend')]), ...rows]));
    }
    parts.push(el('div', { class: 'button-row' }, [reset]), timing);
    root.replaceChildren(el('section', { class: 'card explorer-controls', 'aria-labelledby': 'explorer-controls-heading' }, parts));
  };

  const sync = (session: ExplorerSession): void => {
    for (const binding of bindings) {
      const value = session.values[binding.slider.id] ?? binding.slider.base;
      binding.set(value);
      binding.row.classList.toggle('changed', !Object.is(value, binding.slider.base));
    }
    for (const input of eventInputs) {
      const event = session.events.find((candidate) => candidate.id === input.id);
      if (!event) continue;
      input.on.checked = event.on;
      input.round.value = String(event.round);
    }
    const mean = meanTiming(session);
    timing.textContent = mean === null ? '' : t('explorer.timing', { time: formatMilliseconds(mean), count: session.timings.length, points: session.run.time.length });
  };

  const render = (session: ExplorerSession | null, previous: ExplorerSession | null): void => {
    if (!session) return void root.replaceChildren();
    if (!previous || previous.setup !== session.setup) build(session);
    sync(session);
  };
  render(store.getState().session, null);
  const unsubscribe = store.subscribe((state, previous) => {
    if (state.session !== previous.session) render(state.session, previous.session);
  });
  return () => {
    unsubscribe();
    root.replaceChildren();
  };
}
