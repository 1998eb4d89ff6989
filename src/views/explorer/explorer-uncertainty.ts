/**
 * "How sure is that?": the Monte Carlo settings (runs, seed, which parameters vary and over what
 * range), a progress bar with Cancel while the worker runs, then a fan chart per charted
 * variable and a tornado chart of the parameters that move the chosen output most.
 */
import type { StoreApi } from 'zustand/vanilla';
import { MAX_FANS, MONTE_CARLO_RUNS, type ExplorerSession, type ExplorerStore, type MonteCarloState } from '../../state/explorer-store.ts';
import type { MonteCarloResult, TornadoResult } from '../../state/explorer-monte-carlo.ts';
import { calibratedConstants, calibrationSteps, effectiveRange, monteCarloProgress, runsPerSecond } from '../../state/explorer-selectors.ts';
import { formatValue } from '../charts/format-value.ts';
import { el } from '../dom.ts';
import { t } from '../i18n.ts';
import { ExplorerLineChartView } from './charts/explorer-line-chart-view.ts';
import { fanChartVm } from './charts/fan-chart-vm.ts';
import { TornadoChartView } from './charts/tornado-chart-view.ts';
import { tornadoChartVm } from './charts/tornado-chart-vm.ts';

const count = new Intl.NumberFormat('en-US');

/** What a tornado held and what it re-balanced, in words, for the lines under the chart. */
export function tornadoExplanation(session: ExplorerSession, calibration: TornadoResult['calibration']): { readonly held: string; readonly rebalanced: string; readonly note: string | null } {
  const setup = session.setup;
  if (calibration === null) return { held: t('explorer.tornadoHeldModel'), rebalanced: t('explorer.tornadoRebalancedModel'), note: null };
  const unit = (setup.rounds?.unit ?? setup.timeUnits.toLowerCase().replace(/s$/, '')) || t('explorer.time').toLowerCase();
  if (calibration === 'held') return { held: t('explorer.tornadoHeldStart', { constants: calibratedConstants(setup).join(', ') }), rebalanced: t('explorer.tornadoRebalancedNothing', { unit }), note: null };
  const timeUnit = setup.timeUnits.toLowerCase().replace(/s$/, '');
  const steps = calibrationSteps(setup).map((step) =>
    step.kind === 'match-start' ? t('explorer.calibrationMatchStart', { adjust: step.adjust, target: step.target }) : t('explorer.calibrationWarmUp', { stocks: step.stocks.join(', '), duration: formatValue(step.duration), unit: timeUnit }),
  );
  return { held: t('explorer.tornadoHeldRebalanced'), rebalanced: t('explorer.tornadoRebalancedSteps', { steps: steps.join('; ') }), note: t('explorer.tornadoNoteRebalanced') };
}

function explanationOf(explanation: ReturnType<typeof tornadoExplanation>): HTMLElement {
  return el('figcaption', { class: 'tornado-explanation' }, [
    el('p', {}, [el('strong', {}, [t('explorer.tornadoHeldLabel')]), ` ${explanation.held}`]),
    el('p', {}, [el('strong', {}, [t('explorer.tornadoRebalancedLabel')]), ` ${explanation.rebalanced}`]),
    ...(explanation.note ? [el('p', {}, [explanation.note])] : []),
  ]);
}

export function mountExplorerUncertainty(root: HTMLElement, store: StoreApi<ExplorerStore>): () => void {
  const runs = el('select', { id: 'explorer-mc-runs' }, MONTE_CARLO_RUNS.map((value) => el('option', { value: String(value) }, [count.format(value)])));
  const seed = el('input', { type: 'number', id: 'explorer-mc-seed', min: '0', step: '1', class: 'narrow' });
  const output = el('select', { id: 'explorer-mc-output' });
  const recalibrate = el('input', { type: 'checkbox', id: 'explorer-mc-recalibrate', 'aria-describedby': 'explorer-mc-recalibrate-hint' });
  const recalibrateRow = el('div', { class: 'inline-option recalibrate' }, [
    recalibrate,
    el('label', { for: 'explorer-mc-recalibrate' }, [` ${t('explorer.mcRecalibrate')}`]),
    el('p', { class: 'hint', id: 'explorer-mc-recalibrate-hint' }, [t('explorer.mcRecalibrateHint')]),
  ]);
  const gameHint = el('p', { class: 'hint' });
  const start = el('button', { type: 'button', class: 'primary' }, [t('explorer.mcStart')]);
  const cancel = el('button', { type: 'button' }, [t('explorer.mcCancel')]);
  const rangesSummary = el('summary');
  const rangesBody = el('tbody');
  const bar = el('div', { class: 'progress-fill' });
  const progress = el('div', { class: 'progress', role: 'progressbar', 'aria-label': t('explorer.mcProgressLabel'), 'aria-valuemin': '0' }, [bar]);
  const progressText = el('p', { class: 'hint', 'aria-live': 'polite' });
  const status = el('div', { class: 'mc-status' });
  const fans = el('div', { class: 'explorer-chart-grid fans' });
  const tornadoHost = el('div', { class: 'tornado' });
  const results = el('div', { class: 'mc-results' }, [fans, tornadoHost]);
  let views: { destroy(): void }[] = [];
  let tornadoViews: { destroy(): void }[] = [];

  runs.addEventListener('change', () => store.getState().setMonteCarloRuns(Number(runs.value)));
  seed.addEventListener('change', () => {
    const value = Math.round(Number(seed.value));
    store.getState().setSeed(value);
  });
  output.addEventListener('change', () => store.getState().setTornadoOutput(output.value));
  recalibrate.addEventListener('change', () => store.getState().setRecalibrate(recalibrate.checked));
  start.addEventListener('click', () => store.getState().startMonteCarlo());
  cancel.addEventListener('click', () => store.getState().cancelMonteCarlo());

  root.replaceChildren(
    el('section', { class: 'card explorer-uncertainty', 'aria-labelledby': 'explorer-mc-heading' }, [
      el('h3', { id: 'explorer-mc-heading' }, [t('explorer.mcHeading')]),
      el('p', {}, [t('explorer.mcIntro', { fans: MAX_FANS })]),
      gameHint,
      el('div', { class: 'mc-settings' }, [
        el('div', { class: 'field-row' }, [el('label', { for: 'explorer-mc-runs' }, [t('explorer.mcRuns')]), runs]),
        el('div', { class: 'field-row' }, [el('label', { for: 'explorer-mc-seed' }, [t('explorer.mcSeed')]), seed]),
        el('div', { class: 'field-row' }, [el('label', { for: 'explorer-mc-output' }, [t('explorer.mcOutput')]), output]),
      ]),
      recalibrateRow,
      el('details', { class: 'mc-ranges' }, [
        rangesSummary,
        el('p', { class: 'hint' }, [t('explorer.mcRangesHint')]),
        el('div', { class: 'table-scroll', role: 'region', 'aria-label': t('explorer.mcRangesCaption'), tabindex: '0' }, [
          el('table', { class: 'data-table ranges-table' }, [
            el('caption', { class: 'visually-hidden' }, [t('explorer.mcRangesCaption')]),
            el('thead', {}, [el('tr', {}, [t('explorer.mcVary'), t('explorer.mcParameter'), t('explorer.mcLow'), t('explorer.mcHigh')].map((text) => el('th', { scope: 'col' }, [text])))]),
            rangesBody,
          ]),
        ]),
      ]),
      el('div', { class: 'button-row' }, [start, cancel]),
      progress,
      progressText,
      status,
      results,
    ]),
  );

  const buildRanges = (session: ExplorerSession): void => {
    const rows = session.setup.sliders.map((slider, index) => {
      const id = `explorer-range-${index}`;
      const vary = el('input', { type: 'checkbox', id, 'data-range': slider.id });
      vary.addEventListener('change', () => store.getState().setRange(slider.id, { on: vary.checked }));
      const bound = (which: 'low' | 'high') => {
        const input = el('input', { type: 'number', step: 'any', class: 'range-bound', 'data-bound': which, 'aria-label': t(which === 'low' ? 'explorer.mcLowOf' : 'explorer.mcHighOf', { label: slider.label }) });
        input.addEventListener('change', () => {
          const value = Number(input.value);
          store.getState().setRange(slider.id, { [which]: input.value.trim() === '' || !Number.isFinite(value) ? null : value });
        });
        return input;
      };
      return el('tr', { 'data-slider': slider.id }, [
        el('td', {}, [vary]),
        el('th', { scope: 'row' }, [el('label', { for: id }, [slider.label]), slider.unit ? el('span', { class: 'unit' }, [` (${slider.unit})`]) : null]),
        el('td', {}, [bound('low')]),
        el('td', {}, [bound('high')]),
      ]);
    });
    rangesBody.replaceChildren(...rows);
    recalibrateRow.hidden = session.setup.scenario === null;
    const game = session.setup.game;
    gameHint.hidden = game === null;
    gameHint.textContent = game ? t('explorer.mcGameHint', { unit: session.setup.rounds?.unit ?? '', round: game.fromRound }) : '';
  };

  const syncSettings = (session: ExplorerSession): void => {
    runs.value = String(session.runs);
    if (document.activeElement !== seed) seed.value = String(session.seed);
    recalibrate.checked = session.recalibrate;
    const choices = session.charted.slice(0, MAX_FANS);
    if (output.options.length !== choices.length || choices.some((id, i) => output.options[i]?.value !== id)) output.replaceChildren(...choices.map((id) => el('option', { value: id }, [session.setup.model.outputs.find((candidate) => candidate.id === id)?.label ?? id])));
    output.value = choices.includes(session.tornadoOutput) ? session.tornadoOutput : (choices[0] ?? '');
    let on = 0;
    for (const row of rangesBody.querySelectorAll<HTMLTableRowElement>('tr')) {
      const slider = session.setup.sliders.find((candidate) => candidate.id === row.dataset['slider']);
      const range = slider ? session.ranges[slider.id] : undefined;
      if (!slider || !range) continue;
      if (range.on) on++;
      const effective = effectiveRange(slider, session.values[slider.id] ?? slider.base, range);
      row.querySelector<HTMLInputElement>('input[type="checkbox"]')!.checked = range.on;
      for (const input of row.querySelectorAll<HTMLInputElement>('input.range-bound')) {
        input.disabled = !range.on;
        if (document.activeElement !== input) input.value = String(input.dataset['bound'] === 'low' ? effective.low : effective.high);
      }
    }
    rangesSummary.textContent = t('explorer.mcRangesSummary', { on, total: session.setup.sliders.length });
  };

  const clearResults = (): void => {
    for (const view of [...views, ...tornadoViews]) view.destroy();
    views = [];
    tornadoViews = [];
    fans.replaceChildren();
    tornadoHost.replaceChildren();
  };

  const showResult = (session: ExplorerSession, state: Extract<MonteCarloState, { status: 'done' }>): void => {
    clearResults();
    const result = state.result;
    for (const fan of result.fans) {
      const vm = fanChartVm(fan, session.setup.timeUnits, session.setup.declaredRanges.get(fan.id) ?? null);
      const canvas = el('canvas', { role: 'img', 'aria-label': vm.description });
      fans.append(el('figure', { class: 'explorer-chart fan-chart', 'data-fan': fan.id }, [el('figcaption', {}, [el('span', { class: 'chart-title' }, [vm.title, vm.yTitle ? el('span', { class: 'unit' }, [` (${vm.yTitle})`]) : null])]), el('div', { class: 'chart-box' }, [canvas]), el('p', { class: 'chart-summary' }, [vm.description])]));
      views.push(new ExplorerLineChartView(canvas, vm));
    }
    showTornado(session, result);
  };

  /** The tornado the user chose (re-balanced or held start), with what was held and what re-balanced said under it. */
  const showTornado = (session: ExplorerSession, result: MonteCarloResult): void => {
    for (const view of tornadoViews) view.destroy();
    tornadoViews = [];
    tornadoHost.replaceChildren();
    const chosen = result.tornadoes.find((candidate) => candidate.calibration === session.tornadoCalibration) ?? result.tornadoes[0];
    if (!chosen) return;
    const tornado = tornadoChartVm(chosen, session.setup.timeUnits);
    const canvas = el('canvas', { role: 'img', 'aria-label': tornado.description });
    const box = el('div', { class: 'chart-box tornado-box' }, [canvas]);
    box.style.height = `${Math.max(8, 2.2 * tornado.labels.length + 5)}rem`;
    const choice = result.tornadoes.length > 1 ? tornadoChoice(session, result) : null;
    tornadoHost.append(
      el('h4', {}, [t('explorer.tornadoHeading', { output: chosen.label })]),
      el('p', { class: 'hint' }, [t('explorer.tornadoMethod', { output: chosen.label, time: formatValue(chosen.time), units: session.setup.timeUnits.toLowerCase() })]),
      ...(choice ? [choice] : []),
      el('figure', { class: 'explorer-chart tornado-chart', 'data-calibration': chosen.calibration ?? 'none' }, [
        box,
        el('p', { class: 'chart-summary' }, [tornado.description]),
        explanationOf(tornadoExplanation(session, chosen.calibration)),
      ]),
      el('details', { class: 'chart-data' }, [
        el('summary', {}, [t('explorer.tornadoTable')]),
        el('div', { class: 'table-scroll', role: 'region', 'aria-label': t('explorer.tornadoTable'), tabindex: '0' }, [
          el('table', { class: 'data-table' }, [
            el('caption', { class: 'visually-hidden' }, [t('explorer.tornadoTable')]),
            el('thead', {}, [el('tr', {}, [t('explorer.mcParameter'), t('explorer.tornadoRange'), t('explorer.tornadoLow'), t('explorer.tornadoHigh'), t('explorer.tornadoSwing')].map((text) => el('th', { scope: 'col' }, [text])))]),
            el('tbody', {}, tornado.rows.map((row) => el('tr', {}, [el('th', { scope: 'row' }, [row.label]), el('td', {}, [row.range]), el('td', {}, [row.lowValue]), el('td', {}, [row.highValue]), el('td', {}, [row.swing])]))),
          ]),
        ]),
      ]),
    );
    if (tornado.labels.length > 0) tornadoViews.push(new TornadoChartView(canvas, tornado));
  };

  /** Re-balanced or held: two radio buttons that switch the tornado without running anything again. */
  const tornadoChoice = (session: ExplorerSession, result: MonteCarloResult): HTMLElement => {
    const options = result.tornadoes.map((candidate, index) => {
      const id = `explorer-tornado-${candidate.calibration ?? 'none'}`;
      const input = el('input', { type: 'radio', name: 'explorer-tornado-calibration', id, value: candidate.calibration ?? '' });
      input.checked = candidate.calibration === session.tornadoCalibration || (index === 0 && !result.tornadoes.some((other) => other.calibration === session.tornadoCalibration));
      input.addEventListener('change', () => {
        if (input.checked && (candidate.calibration === 'rebalanced' || candidate.calibration === 'held')) store.getState().setTornadoCalibration(candidate.calibration);
      });
      return el('div', { class: 'inline-option' }, [input, el('label', { for: id }, [` ${t(candidate.calibration === 'held' ? 'explorer.tornadoHeld' : 'explorer.tornadoRebalanced')}`])]);
    });
    return el('fieldset', { class: 'tornado-choice' }, [el('legend', {}, [t('explorer.tornadoChoice')]), ...options]);
  };

  const renderState = (session: ExplorerSession): void => {
    const state = session.monteCarlo;
    const running = state.status === 'running';
    start.disabled = running;
    cancel.hidden = !running;
    const shown = monteCarloProgress(state);
    progress.hidden = shown === null;
    if (shown) {
      progress.setAttribute('aria-valuemax', String(shown.total));
      progress.setAttribute('aria-valuenow', String(shown.done));
      progress.setAttribute('aria-valuetext', t('explorer.mcProgress', { done: count.format(shown.done), total: count.format(shown.total) }));
      bar.style.width = `${shown.percent}%`;
      progressText.textContent = state.status === 'cancelled' ? t('explorer.mcCancelled', { done: count.format(shown.done), total: count.format(shown.total) }) : t('explorer.mcProgress', { done: count.format(shown.done), total: count.format(shown.total) });
    } else {
      progressText.textContent = '';
    }
    if (state.status === 'failed') status.replaceChildren(el('p', { class: 'problem-text', role: 'alert' }, [t('explorer.mcFailed', { message: state.message })]));
    else if (state.status === 'done') {
      const perSecond = runsPerSecond(state) ?? 0;
      const result = state.result;
      status.replaceChildren(
        el('p', { class: 'timing', 'data-testid': 'mc-speed' }, [
          t('explorer.mcSpeed', {
            runs: count.format(result.runs),
            seconds: state.wallSeconds < 10 ? state.wallSeconds.toFixed(2) : state.wallSeconds.toFixed(1),
            perSecond: count.format(Math.round(perSecond)),
            workers: result.workers,
            cores: navigator.hardwareConcurrency,
            sampling: count.format(Math.round(result.runs / Math.max(result.runSeconds, 1e-9))),
          }),
        ]),
        ...(result.failedRuns > 0 ? [el('p', { class: 'notice' }, [t('explorer.mcFailedRuns', { count: result.failedRuns })])] : []),
        el('p', { class: 'hint' }, [t('explorer.mcStale')]),
      );
    } else status.replaceChildren();
  };

  const render = (session: ExplorerSession | null, previous: ExplorerSession | null): void => {
    if (!session) {
      clearResults();
      return;
    }
    const fresh = !previous || previous.setup !== session.setup;
    if (fresh) {
      buildRanges(session);
      clearResults();
    }
    syncSettings(session);
    if (fresh || previous.monteCarlo !== session.monteCarlo) {
      renderState(session);
      if (session.monteCarlo.status === 'done' && (fresh || previous.monteCarlo.status !== 'done' || previous.monteCarlo !== session.monteCarlo)) showResult(session, session.monteCarlo);
      if (session.monteCarlo.status === 'running') clearResults();
    } else if (previous.tornadoCalibration !== session.tornadoCalibration && session.monteCarlo.status === 'done') {
      // Only the tornado changes; keep the keyboard on the radio button just chosen.
      const hadFocus = tornadoHost.contains(document.activeElement);
      showTornado(session, session.monteCarlo.result);
      if (hadFocus) tornadoHost.querySelector<HTMLInputElement>('input[type="radio"]:checked')?.focus();
    }
  };
  render(store.getState().session, null);
  const unsubscribe = store.subscribe((state, previous) => {
    if (state.session !== previous.session) render(state.session, previous.session);
  });
  return () => {
    unsubscribe();
    clearResults();
    root.replaceChildren();
  };
}
