/**
 * Composition root of the demo page (until the game exists): load the demo scenario's model,
 * compile it with the engine, run it and chart its stocks; or explain, in words, why not.
 * pattern: Imperative Shell
 */
import './styles.css';
import teacupSource from '../scenarios/demo/teacup.xmile?raw';
import { compileModel, formatModelError } from './engine/index.ts';
import { readPageOptions } from './page-options.ts';
import { mountModelChart } from './views/panels/model-chart-panel.ts';
import { mountProblems } from './views/panels/problem-panel.ts';

const DEMO = { title: 'Teacup', fileName: 'scenarios/demo/teacup.xmile', source: teacupSource } as const;

function start(root: HTMLElement): void {
  const options = readPageOptions(window.location.search);
  if (!options.ok) {
    mountProblems(root, { heading: 'This address does not work', advice: options.problem, problems: [] });
    root.dataset['state'] = 'error';
    return;
  }

  const compiled = compileModel(DEMO.source, { fileName: DEMO.fileName, backend: options.backend });
  if (!compiled.ok) {
    const count = compiled.errors.length;
    mountProblems(root, {
      heading: 'The model could not be compiled',
      advice: `${DEMO.fileName} has ${count} ${count === 1 ? 'problem' : 'problems'}. Fix ${count === 1 ? 'it' : 'them'} in the model file and reload this page.`,
      problems: [...compiled.errors, ...compiled.warnings].map(formatModelError),
    });
    root.dataset['state'] = 'error';
    return;
  }

  const model = compiled.model;
  const run = model.run();
  mountModelChart(root, {
    title: DEMO.title,
    fileName: DEMO.fileName,
    run,
    timeUnits: model.specs.timeUnits,
    dt: model.specs.dt,
    backend: model.backend,
    warnings: compiled.warnings.map(formatModelError),
  });
  root.dataset['state'] = 'ready';
}

const root = document.getElementById('app');
if (root === null) throw new Error('index.html has no element with id "app"');
try {
  start(root);
} catch (error) {
  // A bug, not a model problem: say so plainly, keep the details for the developer console.
  mountProblems(root, {
    heading: 'Something went wrong inside the simulation engine',
    advice: 'This is a bug in Alliance Dynamics, not in your model. The browser console has the details.',
    problems: [error instanceof Error ? error.message : String(error)],
  });
  root.dataset['state'] = 'error';
  console.error(error);
}
