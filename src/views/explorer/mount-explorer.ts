/**
 * The explorer screen: choose a case or open a model file (picker or drag and drop), move the
 * sliders and watch the whole horizon re-simulate, pin branches, ask "how sure is that?" with a
 * Monte Carlo, and export the model with the values chosen. Reads the explorer store and calls
 * its actions; the game's store is not touched.
 * pattern: Imperative Shell
 */
import './explorer.css';
import type { StoreApi } from 'zustand/vanilla';
import type { ExplorerState, ExplorerStore } from '../../state/explorer-store.ts';
import { el } from '../dom.ts';
import { t } from '../i18n.ts';
import { mountExplorerCharts } from './explorer-charts.ts';
import { mountExplorerControls } from './explorer-controls.ts';
import { mountExplorerDominance } from './explorer-dominance.ts';
import { mountExplorerModelPanel } from './explorer-model-panel.ts';
import { mountExplorerUncertainty } from './explorer-uncertainty.ts';

export interface ExplorerScreenDeps {
  readonly store: StoreApi<ExplorerStore>;
  readonly onClose: () => void;
  /** "Back to the start", "Back to the debrief". */
  readonly backLabel: string;
}

/** Model files larger than this are refused before reading: no XMILE model of a game's size comes near it. */
const MAX_FILE_BYTES = 20 * 1024 * 1024;
const MODEL_FILE_TYPES = '.xmile,.stmx,.itmx,.xml,.mdl';

export function mountExplorer(root: HTMLElement, deps: ExplorerScreenDeps): () => void {
  const { store } = deps;
  const heading = el('h2', { id: 'explorer-heading', tabindex: '-1' });
  const subheading = el('p', { class: 'hint explorer-subheading' });
  const caseSelect = el('select', { id: 'explorer-case' });
  const fileInput = el('input', { type: 'file', id: 'explorer-file', accept: MODEL_FILE_TYPES, 'aria-describedby': 'explorer-drop-hint' });
  const back = el('button', { type: 'button' }, [deps.backLabel]);
  const status = el('p', { class: 'hint', role: 'status', 'aria-live': 'polite' });
  const problem = el('div', { class: 'import-problem', role: 'alert' });
  const errorText = el('span');
  const dismissError = el('button', { type: 'button', class: 'quiet' }, [t('explorer.dismiss')]);
  const error = el('div', { class: 'error-line', role: 'alert' }, [errorText, dismissError]);
  const controlsHost = el('div', { class: 'explorer-controls-column' });
  const chartsHost = el('div');
  const dominanceHost = el('div');
  const uncertaintyHost = el('div');
  const modelHost = el('div');
  const layout = el('div', { class: 'explorer-layout' }, [controlsHost, el('div', { class: 'explorer-results' }, [chartsHost, dominanceHost, uncertaintyHost, modelHost])]);
  const dropOverlay = el('div', { class: 'drop-overlay', 'aria-hidden': 'true' }, [t('explorer.dropOverlay')]);

  const scenarios = store.getState().scenarios;
  caseSelect.replaceChildren(
    el('option', { value: '' }, [t('explorer.caseNone')]),
    ...scenarios.map((scenario) => el('option', { value: scenario.definition.id }, [scenario.definition.title])),
  );
  caseSelect.addEventListener('change', () => {
    if (caseSelect.value) store.getState().openCase(caseSelect.value);
  });
  back.addEventListener('click', () => deps.onClose());
  dismissError.addEventListener('click', () => store.getState().clearError());

  const openFile = async (file: File): Promise<void> => {
    if (file.size > MAX_FILE_BYTES) return store.getState().rejectFile(file.name, t('explorer.fileTooLarge', { megabytes: Math.round(file.size / 1024 / 1024) }));
    let text: string;
    try {
      text = await file.text();
    } catch (reason) {
      return store.getState().rejectFile(file.name, t('explorer.fileUnreadable', { reason: (reason as Error).message }));
    }
    if (store.getState().importModel(file.name, text)) {
      const session = store.getState().session;
      status.textContent = t('explorer.opened', { fileName: file.name, sliders: session?.setup.sliders.length ?? 0 });
      heading.focus();
    } else {
      status.textContent = '';
    }
  };
  fileInput.addEventListener('change', () => {
    const file = fileInput.files?.[0];
    if (file) void openFile(file).finally(() => (fileInput.value = ''));
  });

  const screen = el('section', { class: 'explorer', 'aria-labelledby': 'explorer-heading' }, [
    el('header', { class: 'explorer-header' }, [
      el('div', { class: 'explorer-title' }, [heading, subheading]),
      el('div', { class: 'button-row explorer-back' }, [back]),
    ]),
    el('div', { class: 'card explorer-source' }, [
      el('div', { class: 'field-row' }, [el('label', { for: 'explorer-case' }, [t('explorer.caseLabel')]), caseSelect]),
      el('div', { class: 'field-row' }, [el('label', { for: 'explorer-file' }, [t('explorer.fileLabel')]), fileInput, el('p', { class: 'hint', id: 'explorer-drop-hint' }, [t('explorer.dropHint')])]),
    ]),
    status,
    problem,
    error,
    layout,
    dropOverlay,
  ]);
  root.replaceChildren(screen);

  // Drag and drop anywhere on the explorer.
  let depth = 0;
  const hasFiles = (event: DragEvent) => [...(event.dataTransfer?.types ?? [])].includes('Files');
  screen.addEventListener('dragenter', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    depth++;
    screen.classList.add('dragging');
  });
  screen.addEventListener('dragover', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
  });
  screen.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) screen.classList.remove('dragging');
  });
  screen.addEventListener('drop', (event) => {
    event.preventDefault();
    depth = 0;
    screen.classList.remove('dragging');
    const file = event.dataTransfer?.files[0];
    if (file) void openFile(file);
  });

  const renderHeader = (state: ExplorerState): void => {
    const session = state.session;
    const setup = session?.setup;
    heading.textContent = setup ? t('explorer.heading', { title: setup.title }) : t('explorer.headingEmpty');
    subheading.textContent = !setup
      ? t('explorer.subheadingEmpty')
      : setup.source.kind === 'game'
        ? t('explorer.subheadingGame', { unit: setup.rounds?.unit ?? '', round: setup.source.fromRound, last: setup.game?.lastRound ?? '' })
        : setup.source.kind === 'case'
          ? t('explorer.subheadingCase', { subtitle: (setup.scenario?.definition.subtitle ?? '').replace(/[.\s]+$/, '') })
          : t('explorer.subheadingModel');
    caseSelect.value = setup && setup.source.kind !== 'model' ? setup.source.scenarioId : '';
    layout.hidden = !session;
    errorText.textContent = state.lastError ?? '';
    error.hidden = state.lastError === null;
    const found = state.importProblem;
    if (!found) problem.replaceChildren();
    else {
      const dismiss = el('button', { type: 'button', class: 'quiet' }, [t('explorer.dismiss')]);
      dismiss.addEventListener('click', () => store.getState().clearImportProblem());
      problem.replaceChildren(
        el('div', { class: 'card problem' }, [
          el('h3', {}, [t('explorer.importFailed', { fileName: found.fileName, count: found.errors.length })]),
          el('ul', { class: 'problems' }, found.errors.map((message) => el('li', {}, [el('pre', {}, [message])]))),
          found.warnings.length > 0 ? el('p', {}, [t('explorer.importAlsoWarnings', { count: found.warnings.length })]) : null,
          found.warnings.length > 0 ? el('ul', { class: 'problems warnings' }, found.warnings.map((message) => el('li', {}, [el('pre', {}, [message])]))) : null,
          el('p', {}, [t(session ? 'explorer.importStillWorks' : 'explorer.importStillWorksEmpty')]),
          dismiss,
        ]),
      );
    }
  };

  renderHeader(store.getState());
  const unmounts = [
    mountExplorerControls(controlsHost, store),
    mountExplorerCharts(chartsHost, store),
    mountExplorerDominance(dominanceHost, store),
    mountExplorerUncertainty(uncertaintyHost, store),
    mountExplorerModelPanel(modelHost, store),
  ];
  const unsubscribe = store.subscribe((state, previous) => {
    if (state.session?.setup !== previous.session?.setup || state.lastError !== previous.lastError || state.importProblem !== previous.importProblem) renderHeader(state);
  });
  return () => {
    unsubscribe();
    for (const unmount of unmounts) unmount();
    root.replaceChildren();
  };
}
