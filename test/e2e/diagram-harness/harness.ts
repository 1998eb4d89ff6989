/**
 * Test-only page: draws the stock-and-flow diagram of a bundled model with the values of a run at
 * a chosen time, and optionally the loop that dominates then, so a browser test can look at it.
 * Not part of the product build.
 */
import { compileModel, loopDominance, type CompiledModel } from '../../../src/engine/index.ts';
import { mountStockFlowDiagram, type StockFlowDiagram } from '../../../src/views/diagrams/stock-flow-diagram.ts';
import dealerSource from '../../../scenarios/dealer-alliance/model.xmile?raw';
import pgSource from '../../../scenarios/pg-walmart/model.xmile?raw';
import teacupSource from '../../../scenarios/demo/teacup.xmile?raw';
import marketSource from '../../fixtures/models/market-growth.xmile?raw';

const SOURCES: Record<string, { title: string; source: string; overrides?: Record<string, number> }> = {
  dealer: { title: 'The Dealer Alliance', source: dealerSource, overrides: { 'Downturn On': 1 } },
  pg: { title: 'P&G and Walmart', source: pgSource },
  teacup: { title: 'Teacup', source: teacupSource },
  market: { title: 'Market growth (no diagram in the file)', source: marketSource },
};

interface ShowOptions {
  readonly time?: number;
  readonly highlightDominant?: boolean;
  readonly useView?: boolean;
}

interface ShowResult {
  readonly ok: boolean;
  readonly error?: string;
  readonly highlighted?: string;
  readonly width?: number;
  readonly height?: number;
}

declare global {
  interface Window {
    diagramHarness: { show(name: string, options?: ShowOptions): Promise<ShowResult> };
  }
}

let current: StockFlowDiagram | undefined;

function compile(name: string): CompiledModel {
  const entry = SOURCES[name];
  if (!entry) throw new Error(`no model "${name}"`);
  const result = compileModel(entry.source, { fileName: `${name}.xmile` });
  if (!result.ok) throw new Error(result.errors.map((error) => error.message).join('\n'));
  return result.model;
}

async function show(name: string, options: ShowOptions = {}): Promise<ShowResult> {
  try {
    current?.destroy();
    const model = compile(name);
    const entry = SOURCES[name]!;
    const overrides = entry.overrides ?? {};
    const time = options.time ?? model.specs.start;
    let highlightLoop: readonly string[] | undefined;
    let highlighted: string | undefined;
    if (options.highlightDominant) {
      const dominance = loopDominance(model, { overrides });
      const phase = dominance.phases.find((candidate) => candidate.from <= time && time < candidate.to) ?? dominance.phases[dominance.phases.length - 1];
      const loop = dominance.loops.find((candidate) => candidate.id === phase?.dominant);
      highlightLoop = loop?.variables;
      highlighted = loop ? `${loop.id}: ${loop.variables.join(' → ')}` : undefined;
    }
    document.getElementById('heading')!.textContent = `${entry.title}${highlighted ? ` — dominant loop at t=${time}: ${highlighted}` : ''}`;
    current = mountStockFlowDiagram(document.getElementById('root')!, model, {
      title: `Stock-and-flow diagram of ${entry.title}`,
      ...(highlightLoop ? { highlightLoop } : {}),
      ...(options.useView === false ? { useView: false } : {}),
    });
    const sim = model.createSim({ overrides });
    sim.runTo(time);
    const values = new Map<string, number>();
    for (const output of model.outputs) values.set(output.id, sim.getValue(output.id));
    current.update(values);
    await current.ready;
    const svg = document.querySelector('#root svg')!;
    return { ok: true, ...(highlighted ? { highlighted } : {}), width: Number(svg.getAttribute('width')), height: Number(svg.getAttribute('height')) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error) };
  }
}

window.diagramHarness = { show };
document.getElementById('status')!.textContent = 'ready';
