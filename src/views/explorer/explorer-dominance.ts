/**
 * Loop dominance beside the charts: a strip of phases along the run's time axis, each coloured by
 * the loop that explains most of the model's change then, with the phases listed in words.
 * Computed when opened, and again (after the sliders settle) while open.
 */
import type { StoreApi } from 'zustand/vanilla';
import type { LoopDominance } from '../../engine/index.ts';
import { ledSpans } from '../../rules/index.ts';
import { explorerPeopleLoops } from '../../state/explorer-people-loops.ts';
import type { ExplorerStore } from '../../state/explorer-store.ts';
import { formatValue } from '../charts/format-value.ts';
import { seriesColor } from '../charts/palette.ts';
import { el } from '../dom.ts';
import { t } from '../i18n.ts';

const SETTLE_MS = 250;

export function mountExplorerDominance(root: HTMLElement, store: StoreApi<ExplorerStore>): () => void {
  const strip = el('div', { class: 'dominance-strip', role: 'img', 'aria-label': t('explorer.dominanceStripLabel') });
  const list = el('ol', { class: 'dominance-phases' });
  const summary = el('p', { class: 'hint' });
  // The case's loops through the teams, for the decisions on the sliders (none for a model of one's own).
  const peopleHeading = el('h4', {}, [t('explorer.peopleLoopsHeading')]);
  const peopleList = el('ul', { class: 'people-loops' });
  const people = el('div', { class: 'people-loops-box' }, [peopleHeading, el('p', { class: 'hint' }, [t('explorer.peopleLoopsHint')]), peopleList]);
  const details = el('details', { class: 'dominance' }, [el('summary', {}, [t('explorer.dominanceSummary')]), el('p', { class: 'hint' }, [t('explorer.dominanceHint')]), people, summary, strip, list]);
  root.replaceChildren(details);
  let timer: ReturnType<typeof setTimeout> | undefined;

  const renderPeople = (): void => {
    const session = store.getState().session;
    const analysis = session ? explorerPeopleLoops(session) : null;
    people.hidden = analysis === null;
    if (!analysis || !session) return peopleList.replaceChildren();
    const words = session.setup.rounds;
    const unit = words?.unit ?? 'round';
    const units = words?.units ?? 'rounds';
    const spans = ledSpans(analysis).filter((entry) => entry.loop !== null);
    const name = (id: string) => analysis.loops.find((loop) => loop.id === id)?.name ?? id;
    const lines = spans.map((entry) => t('explorer.peopleLoopLed', { loop: name(entry.loop!), rounds: entry.from === entry.to ? `${unit} ${entry.from}` : `${units} ${entry.from}–${entry.to}` }));
    peopleList.replaceChildren(...(lines.length > 0 ? lines : [t('explorer.peopleLoopsNone')]).map((line) => el('li', {}, [line])));
  };

  const render = (dominance: LoopDominance | null): void => {
    renderPeople();
    strip.replaceChildren();
    list.replaceChildren();
    if (!dominance) return;
    if (dominance.loops.length === 0) {
      summary.textContent = t('explorer.dominanceNoLoops');
      return;
    }
    summary.textContent = t('explorer.dominanceLoops', { count: dominance.loops.length });
    const start = dominance.times[0] ?? 0;
    const span = (dominance.times.at(-1) ?? start + 1) - start || 1;
    const colours = new Map(dominance.loops.map((loop, i) => [loop.id, seriesColor(i)]));
    const labels = new Map((store.getState().session?.setup.model.variables ?? []).map((variable) => [variable.id, variable.label]));
    const words: string[] = [];
    for (const phase of dominance.phases) {
      const loop = phase.dominant === null ? undefined : dominance.loops.find((candidate) => candidate.id === phase.dominant);
      const text = loop
        ? t('explorer.dominancePhase', {
            from: formatValue(phase.from),
            to: formatValue(phase.to),
            polarity: t(phase.polarity === 'R' ? 'explorer.dominanceReinforcing' : 'explorer.dominanceBalancing'),
            id: loop.id,
            variables: loop.variables.map((id) => labels.get(id) ?? id).join(' → '),
          })
        : t('explorer.dominanceQuiet', { from: formatValue(phase.from), to: formatValue(phase.to) });
      words.push(text);
      const segment = el('span', { class: 'dominance-segment', title: text }, [loop ? loop.id : '']);
      segment.style.flexGrow = String(Math.max(phase.to - phase.from, span / 400));
      // A light tint carries dark text (contrast); the full colour runs along the bottom edge.
      const colour = loop ? (colours.get(loop.id) ?? '#9ca3af') : '#d1d5db';
      segment.style.background = `color-mix(in srgb, ${colour} 22%, white)`;
      segment.style.borderBottom = `4px solid ${colour}`;
      strip.append(segment);
      list.append(el('li', {}, [text]));
    }
    strip.setAttribute('aria-label', `${t('explorer.dominanceStripLabel')}: ${words.join('; ')}`);
  };

  const refresh = (): void => {
    if (!details.open) return;
    clearTimeout(timer);
    timer = setTimeout(() => render(store.getState().loopDominance()), SETTLE_MS);
  };
  details.addEventListener('toggle', () => {
    if (details.open) render(store.getState().loopDominance());
  });
  const unsubscribe = store.subscribe((state, previous) => {
    if (state.session?.run !== previous.session?.run) refresh();
  });
  return () => {
    clearTimeout(timer);
    unsubscribe();
  };
}
