/**
 * The model itself: what it is made of, the warnings an imported file raised, the export as
 * XMILE with the current values, and its stock-and-flow diagram with the current run's values
 * at a chosen time.
 */
import type { StoreApi } from 'zustand/vanilla';
import type { ExplorerSession, ExplorerStore } from '../../state/explorer-store.ts';
import { formatValue } from '../charts/format-value.ts';
import { el } from '../dom.ts';
import { t } from '../i18n.ts';
import { mountStockFlowDiagram, type StockFlowDiagram } from '../diagrams/stock-flow-diagram.ts';
import { download } from '../panels/start-panel.ts';
import { loopDiagramDetails } from './explorer-loop-diagram.ts';

export function mountExplorerModelPanel(root: HTMLElement, store: StoreApi<ExplorerStore>): () => void {
  const summary = el('p');
  const warnings = el('div', { class: 'model-warnings' });
  const exportButton = el('button', { type: 'button' }, [t('explorer.export')]);
  const exportHint = el('p', { class: 'hint', id: 'explorer-export-hint' });
  exportButton.setAttribute('aria-describedby', 'explorer-export-hint');
  const exportStatus = el('p', { class: 'hint', role: 'status' });
  // The stock-and-flow diagram is drawn when first opened: a case's diagram has a hundred variables.
  const timeInput = el('input', { type: 'range', id: 'explorer-diagram-time', min: '0', step: '1', 'aria-describedby': 'explorer-diagram-time-value' });
  const timeValue = el('output', { id: 'explorer-diagram-time-value', for: 'explorer-diagram-time' });
  const diagramHost = el('div', { class: 'diagram-host' });
  const diagramSlot = el('details', { class: 'diagram-slot', 'data-slot': 'stock-flow-diagram' }, [
    el('summary', {}, [t('explorer.diagramSummary')]),
    el('p', { class: 'hint' }, [t('explorer.diagramHint')]),
    el('div', { class: 'diagram-time' }, [el('label', { for: 'explorer-diagram-time' }, [t('explorer.diagramTime')]), timeInput, timeValue]),
    diagramHost,
  ]);
  let diagram: StockFlowDiagram | null = null;
  let diagramSetup: ExplorerSession['setup'] | null = null;
  /** Save point shown in the diagram; null follows the end of the run. */
  let shownIndex: number | null = null;
  const showValues = (session: ExplorerSession): void => {
    const count = session.run.time.length;
    const index = Math.min(shownIndex ?? count - 1, count - 1);
    timeInput.max = String(Math.max(0, count - 1));
    timeInput.value = String(index);
    const time = session.run.time[index] ?? Number.NaN;
    timeValue.textContent = t('explorer.diagramTimeValue', { time: formatValue(time), units: (session.setup.timeUnits || '').toLowerCase() });
    if (!diagram) return;
    const values = new Map<string, number>();
    for (const [id, series] of session.run.series) values.set(id, series[index]!);
    diagram.update(values);
  };
  const drawDiagram = (session: ExplorerSession): void => {
    diagram?.destroy();
    diagramHost.replaceChildren();
    diagram = mountStockFlowDiagram(diagramHost, session.setup.model, { title: t('explorer.diagramTitle', { title: session.setup.title }) });
    diagramSetup = session.setup;
    // The picture scrolls sideways on a narrow screen: reachable by keyboard, named for screen readers.
    const scroller = diagramHost.querySelector<HTMLElement>('.sfd-canvas');
    scroller?.setAttribute('tabindex', '0');
    scroller?.setAttribute('role', 'region');
    scroller?.setAttribute('aria-label', t('explorer.diagramTitle', { title: session.setup.title }));
    showValues(session);
  };
  diagramSlot.addEventListener('toggle', () => {
    const session = store.getState().session;
    if (diagramSlot.open && session && diagramSetup !== session.setup) drawDiagram(session);
  });
  timeInput.addEventListener('input', () => {
    const session = store.getState().session;
    if (!session) return;
    const index = Number(timeInput.value);
    shownIndex = index >= session.run.time.length - 1 ? null : index;
    showValues(session);
  });
  exportButton.addEventListener('click', () => {
    const exported = store.getState().exportXmile();
    if (!exported) return;
    download(exported.fileName, exported.text, 'application/xml');
    exportStatus.textContent = t('explorer.exported', { fileName: exported.fileName });
  });
  // The causal loop diagram, for a case only; rebuilt when another case is opened.
  const loopHost = el('div');
  root.replaceChildren(
    el('section', { class: 'card explorer-model', 'aria-labelledby': 'explorer-model-heading' }, [
      el('h3', { id: 'explorer-model-heading' }, [t('explorer.modelHeading')]),
      summary,
      warnings,
      el('div', { class: 'button-row' }, [exportButton]),
      exportHint,
      exportStatus,
      diagramSlot,
      loopHost,
    ]),
  );

  const render = (session: ExplorerSession): void => {
    const { model, game } = session.setup;
    const scenario = session.setup.scenario;
    const diagram = scenario ? loopDiagramDetails(scenario) : null;
    loopHost.replaceChildren(...(diagram ? [diagram] : []));
    const kinds = { stock: 0, flow: 0, aux: 0 };
    for (const variable of model.variables) if (variable.kind === 'stock' || variable.kind === 'flow' || variable.kind === 'aux') kinds[variable.kind]++;
    const specs = model.specs;
    summary.textContent = t('explorer.modelSummary', {
      file: session.setup.fileName,
      stocks: kinds.stock,
      flows: kinds.flow,
      auxes: kinds.aux,
      constants: model.parameters.length,
      start: formatValue(specs.start),
      stop: formatValue(specs.stop),
      units: (specs.timeUnits ?? '').toLowerCase(),
      dt: formatValue(specs.dt),
      method: specs.method === 'rk4' ? 'RK4' : 'Euler',
    });
    warnings.replaceChildren(
      ...(session.setup.warnings.length === 0
        ? []
        : [
            el('p', { class: 'notice' }, [t('explorer.warningsIntro', { count: session.setup.warnings.length })]),
            el('ul', { class: 'problems' }, session.setup.warnings.map((warning) => el('li', {}, [el('pre', {}, [warning])]))),
          ]),
    );
    exportButton.disabled = game !== null;
    exportHint.textContent = t(game ? 'explorer.exportGameHint' : 'explorer.exportHint');
    exportStatus.textContent = '';
  };
  const first = store.getState().session;
  if (first) {
    render(first);
    showValues(first);
  }
  const unsubscribe = store.subscribe((state, previous) => {
    const session = state.session;
    if (!session) return;
    if (session.setup !== previous.session?.setup) {
      render(session);
      shownIndex = null;
      if (diagramSlot.open) drawDiagram(session);
      else {
        diagram?.destroy();
        diagram = null;
        diagramSetup = null;
        diagramHost.replaceChildren();
      }
    }
    if (session.run !== previous.session?.run) showValues(session);
  });
  return () => {
    unsubscribe();
    diagram?.destroy();
    root.replaceChildren();
  };
}
