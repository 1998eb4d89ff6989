/**
 * The explorer's charts: pin the current run as a branch (up to five, named and colour-coded),
 * every charted variable with the branches overlaid, charts added and removed, and the values at
 * the end of the horizon as a table. Charts are redrawn at most once per animation frame.
 */
import type { StoreApi } from 'zustand/vanilla';
import { MAX_BRANCHES, type ExplorerSession, type ExplorerStore } from '../../state/explorer-store.ts';
import { changedEvents, changedSliders, chartChoices, chartSeries, finalValues, whatIfStart } from '../../state/explorer-selectors.ts';
import { formatValue } from '../charts/format-value.ts';
import { el } from '../dom.ts';
import { t } from '../i18n.ts';
import { branchChartVm, branchColor, CURRENT_RUN_COLOR, timeTitle } from './charts/branch-chart-vm.ts';
import { ExplorerLineChartView } from './charts/explorer-line-chart-view.ts';

/** A short default name for a branch: what differs from where the sliders started. */
export function branchName(session: ExplorerSession): string {
  const parts = changedSliders(session).map((change) => `${change.label} ${change.choice ?? formatValue(change.value)}`);
  for (const event of changedEvents(session)) parts.push(event.on ? t('explorer.branchWithEvent', { event: event.kind === 'exit' ? t('explorer.exitName') : event.name, round: event.round }) : t('explorer.branchWithoutEvent', { event: event.kind === 'exit' ? t('explorer.exitName') : event.name }));
  if (parts.length === 0) return session.setup.game ? t('explorer.branchGameBase', { round: session.setup.game.fromRound, unit: session.setup.rounds?.unit ?? '' }) : t('explorer.branchBase');
  return parts.length > 2 ? `${parts.slice(0, 2).join(', ')} ${t('explorer.branchMore', { count: parts.length - 2 })}` : parts.join(', ');
}

export function mountExplorerCharts(root: HTMLElement, store: StoreApi<ExplorerStore>): () => void {
  const views = new Map<string, { view: ExplorerLineChartView; figure: HTMLElement; canvas: HTMLCanvasElement }>();
  const pinName = el('input', { type: 'text', id: 'explorer-pin-name', maxlength: '60', class: 'pin-name' });
  const pin = el('button', { type: 'button', class: 'primary' }, [t('explorer.pin')]);
  const pinNote = el('p', { class: 'hint', id: 'explorer-pin-note' });
  const branchList = el('ul', { class: 'branch-list', 'aria-label': t('explorer.branchesLabel') });
  const grid = el('div', { class: 'explorer-chart-grid' });
  const addSelect = el('select', { id: 'explorer-add-chart' });
  const add = el('button', { type: 'button' }, [t('explorer.addChart')]);
  const finals = el('div', { class: 'table-scroll', role: 'region', 'aria-label': t('explorer.finalsLabel'), tabindex: '0' });
  const heading = el('h3', { id: 'explorer-charts-heading' }, [t('explorer.chartsHeading')]);
  root.replaceChildren(
    el('section', { class: 'card explorer-charts', 'aria-labelledby': 'explorer-charts-heading' }, [
      heading,
      el('div', { class: 'pin-row' }, [el('label', { for: 'explorer-pin-name' }, [t('explorer.pinNameLabel')]), pinName, pin]),
      pinNote,
      branchList,
      grid,
      el('div', { class: 'field-row add-chart' }, [el('label', { for: 'explorer-add-chart' }, [t('explorer.addChartLabel')]), el('div', { class: 'inline-controls' }, [addSelect, add])]),
      el('details', { class: 'chart-data' }, [el('summary', {}, [t('explorer.finalsSummary')]), finals]),
    ]),
  );

  pin.addEventListener('click', () => {
    const session = store.getState().session;
    if (!session) return;
    if (store.getState().pinBranch(pinName.value.trim() || branchName(session))) pinName.value = '';
  });
  add.addEventListener('click', () => {
    if (addSelect.value) store.getState().chart(addSelect.value);
  });

  const renderBranches = (session: ExplorerSession): void => {
    const full = session.branches.length >= MAX_BRANCHES;
    pin.disabled = full;
    pinName.placeholder = branchName(session);
    pinNote.textContent = full ? t('explorer.pinFull', { max: MAX_BRANCHES }) : t('explorer.pinHint', { max: MAX_BRANCHES });
    const current = el('li', { class: 'branch current' }, [el('span', { class: 'swatch', 'aria-hidden': 'true' }), el('span', { class: 'branch-name' }, [t('explorer.currentRun')])]);
    (current.firstChild as HTMLElement).style.background = CURRENT_RUN_COLOR;
    const items = session.branches.map((branch, index) => {
      const swatch = el('span', { class: 'swatch', 'aria-hidden': 'true' });
      swatch.style.background = branchColor(branch.colorIndex);
      const name = branch.asPlayed ? t('explorer.asPlayed') : branch.name;
      const input = el('input', { type: 'text', class: 'branch-rename', value: name, maxlength: '60', size: String(Math.min(40, Math.max(10, name.length + 1))), 'aria-label': t('explorer.renameLabel', { number: index + 1 }) });
      input.addEventListener('change', () => store.getState().renameBranch(branch.id, input.value));
      const remove = el('button', { type: 'button', class: 'quiet', 'aria-label': t('explorer.removeBranchLabel', { name }) }, [t('explorer.removeBranch')]);
      remove.addEventListener('click', () => store.getState().removeBranch(branch.id));
      return el('li', { class: 'branch', 'data-branch': String(branch.id) }, [swatch, input, remove]);
    });
    branchList.replaceChildren(...items, current);
  };

  const renderChartChoices = (session: ExplorerSession): void => {
    const choices = chartChoices(session);
    const groups = (['stock', 'flow', 'aux'] as const).map((kind) =>
      el('optgroup', { label: t(`explorer.kind.${kind}`) }, choices.filter((choice) => choice.kind === kind).map((choice) => el('option', { value: choice.id }, [choice.label]))),
    );
    addSelect.replaceChildren(...groups.filter((group) => group.children.length > 0));
  };

  const renderFinals = (session: ExplorerSession): void => {
    const rows = finalValues(session);
    const end = session.run.time.length > 0 ? session.run.time[session.run.time.length - 1]! : 0;
    const names = session.branches.map((branch) => (branch.asPlayed ? t('explorer.asPlayed') : branch.name));
    finals.replaceChildren(
      el('table', { class: 'data-table finals-table' }, [
        el('caption', {}, [t('explorer.finalsCaption', { time: formatValue(end), units: session.setup.timeUnits.toLowerCase() })]),
        el('thead', {}, [el('tr', {}, [el('th', { scope: 'col' }, [t('explorer.variable')]), ...names.map((name) => el('th', { scope: 'col' }, [name])), el('th', { scope: 'col' }, [t('explorer.currentRun')])])]),
        el(
          'tbody',
          {},
          rows.map((row) =>
            el('tr', {}, [
              el('th', { scope: 'row' }, [row.label, row.units ? el('span', { class: 'unit' }, [` (${row.units})`]) : null]),
              ...row.branches.map((branch) => el('td', {}, [formatValue(branch.value)])),
              el('td', {}, [formatValue(row.current)]),
            ]),
          ),
        ),
      ]),
    );
  };

  const renderCharts = (session: ExplorerSession): void => {
    const start = whatIfStart(session);
    const marker = start && session.setup.rounds ? { time: start.time, label: t('explorer.whatIfMark', { unit: session.setup.rounds.unit, round: start.round }) } : null;
    for (const [id, entry] of views) {
      if (!session.charted.includes(id)) {
        entry.view.destroy();
        entry.figure.remove();
        views.delete(id);
      }
    }
    for (const id of session.charted) {
      const series = chartSeries(session, id, { current: t('explorer.currentRun'), asPlayed: t('explorer.asPlayed') });
      if (!series) continue;
      const vm = branchChartVm({ series, timeUnits: session.setup.timeUnits, marker });
      const existing = views.get(id);
      if (existing) {
        existing.view.update(vm);
        existing.canvas.setAttribute('aria-label', vm.description);
        continue;
      }
      const canvas = el('canvas', { role: 'img', 'aria-label': vm.description });
      const remove = el('button', { type: 'button', class: 'quiet small', 'aria-label': t('explorer.removeChartLabel', { name: vm.title }) }, [t('explorer.removeChart')]);
      remove.addEventListener('click', () => store.getState().unchart(id));
      const figure = el('figure', { class: 'explorer-chart', 'data-chart': id }, [
        el('figcaption', {}, [el('span', { class: 'chart-title' }, [vm.title, vm.yTitle ? el('span', { class: 'unit' }, [` (${vm.yTitle})`]) : null]), remove]),
        el('div', { class: 'chart-box' }, [canvas]),
      ]);
      // Keep the order of `charted`: a new chart goes after the last existing one.
      grid.append(figure);
      views.set(id, { view: new ExplorerLineChartView(canvas, vm), figure, canvas });
    }
    grid.dataset['timeTitle'] = timeTitle(session.setup.timeUnits);
  };

  let frame = 0;
  let pending: { session: ExplorerSession; previous: ExplorerSession | null } | null = null;
  const flush = (): void => {
    frame = 0;
    if (!pending) return;
    const { session, previous } = pending;
    pending = null;
    const fresh = !previous || previous.setup !== session.setup;
    if (fresh) {
      for (const entry of views.values()) entry.view.destroy();
      views.clear();
      grid.replaceChildren();
    }
    if (fresh || previous.branches !== session.branches || previous.values !== session.values || previous.events !== session.events) renderBranches(session);
    if (fresh || previous.charted !== session.charted) renderChartChoices(session);
    if (fresh || previous.charted !== session.charted || previous.run !== session.run || previous.branches !== session.branches) {
      renderCharts(session);
      renderFinals(session);
    }
  };
  const schedule = (session: ExplorerSession, previous: ExplorerSession | null): void => {
    pending = { session, previous: pending ? pending.previous : previous };
    if (!frame) frame = requestAnimationFrame(flush);
  };

  const first = store.getState().session;
  if (first) {
    pending = { session: first, previous: null };
    flush();
  }
  const unsubscribe = store.subscribe((state, previous) => {
    if (state.session && state.session !== previous.session) schedule(state.session, previous.session);
  });
  return () => {
    unsubscribe();
    if (frame) cancelAnimationFrame(frame);
    for (const entry of views.values()) entry.view.destroy();
    root.replaceChildren();
  };
}
