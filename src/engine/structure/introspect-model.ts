import type { FeedbackLoop, IntrospectOptions, LinkPolarity, ModelStructure, StructureLink } from '../api-types.ts';
import type { CompiledProgram, ResolvedVariable } from '../compile/compile-program.ts';
import type { ModelDocument } from '../xmile/model-document.ts';
import { diagramViews } from './diagram-views.ts';
import { elementaryCycles, stronglyConnectedComponents } from './elementary-cycles.ts';
import { LinkPolarityProbe } from './link-polarity.ts';
import { isIntegratedStock, structureLinks, type RawLink } from './structure-links.ts';

const DEFAULT_MAX_LOOPS = 10_000;
/** Edge visits of the loop search; with the loop cap it bounds the time on hostile graphs. */
const MAX_SEARCH_STEPS = 20_000_000;
/** IR nodes evaluated in all to measure link polarities (about a tenth of a second). */
const MAX_POLARITY_EVALUATIONS = 20_000_000;

export interface IntrospectionInput {
  readonly document: ModelDocument;
  readonly compiled: CompiledProgram;
  /** Memory at the start time with default parameters (the state link polarities are read at). */
  readonly initialState: () => Float64Array;
}

/**
 * Links, diagram layout and feedback loops of a compiled model. Loops are the elementary cycles
 * of the influence graph: information links, and flow → stock for inflows (+) and outflows (−).
 * A stock's initial-value links are left out: they act only at the start.
 */
export function introspectModel(input: IntrospectionInput, options: IntrospectOptions = {}): ModelStructure {
  const variables = input.compiled.variables.filter((variable) => variable.scoped.definition.kind !== 'module');
  const byId = new Map(variables.map((variable) => [variable.id, variable]));
  const indexOf = new Map(variables.map((variable, i) => [variable.id, i]));
  const rawLinks = structureLinks(input.compiled.variables).filter((link) => byId.has(link.from) && byId.has(link.to));

  const graph = influenceGraph(rawLinks, indexOf, variables.length);
  const component = stronglyConnectedComponents(graph.successors);
  const onSomeLoop = (link: RawLink): boolean => {
    const [from, to] = influenceEnds(link, indexOf);
    return from === to || component[from] === component[to];
  };

  const probe = new LinkPolarityProbe(input.compiled, input.initialState(), MAX_POLARITY_EVALUATIONS);
  const polarities = new Map<RawLink, LinkPolarity>();
  const measure = (link: RawLink): void => {
    const source = byId.get(link.from)!;
    polarities.set(link, source.scoped.definition.kind === 'gf' ? '?' : probe.measure(source, byId.get(link.to)!));
  };
  // Links that can lie on a loop first, so a budget spent on a huge model goes to the loops.
  const information = rawLinks.filter((link) => link.kind === 'information');
  for (const link of information) if (onSomeLoop(link)) measure(link);
  for (const link of information) if (!polarities.has(link)) measure(link);

  const links: StructureLink[] = rawLinks.map((link) => (link.kind === 'information' ? { ...link, polarity: polarities.get(link)! } : link));
  const search = elementaryCycles(graph.successors, { maxCycles: Math.max(0, options.maxLoops ?? DEFAULT_MAX_LOOPS), maxSteps: MAX_SEARCH_STEPS });
  const edgePolarity = (from: number, to: number): LinkPolarity => {
    const contributions = graph.edges.get(edgeKey(from, to))!.map((link) => (link.kind === 'inflow' ? '+' : link.kind === 'outflow' ? '-' : polarities.get(link)!));
    return contributions.every((sign) => sign === contributions[0]) ? contributions[0]! : '?';
  };
  const loops = nameLoops(search.cycles.map((cycle) => describeLoop(cycle, variables, edgePolarity)));
  return {
    links,
    views: diagramViews(input.document, input.compiled.variables),
    loops,
    loopsTruncated: search.truncated,
    polaritiesTruncated: probe.truncated,
  };
}

/** Ends of a link in the direction of influence: an outflow lowers its stock. */
function influenceEnds(link: RawLink, indexOf: ReadonlyMap<string, number>): [number, number] {
  const from = indexOf.get(link.from)!;
  const to = indexOf.get(link.to)!;
  return link.kind === 'outflow' ? [to, from] : [from, to];
}

function edgeKey(from: number, to: number): string {
  return `${from}>${to}`;
}

function influenceGraph(links: readonly RawLink[], indexOf: ReadonlyMap<string, number>, size: number) {
  const successors: number[][] = Array.from({ length: size }, () => []);
  const edges = new Map<string, RawLink[]>();
  for (const link of links) {
    if (link.kind === 'initial') continue;
    const [from, to] = influenceEnds(link, indexOf);
    const key = edgeKey(from, to);
    const existing = edges.get(key);
    if (existing) existing.push(link);
    else {
      edges.set(key, [link]);
      successors[from]!.push(to);
    }
  }
  return { successors, edges };
}

function describeLoop(cycle: readonly number[], variables: readonly ResolvedVariable[], edgePolarity: (from: number, to: number) => LinkPolarity): Omit<FeedbackLoop, 'id'> {
  // Read from the first stock on the loop, as loops are usually told.
  const firstStock = cycle.findIndex((i) => isIntegratedStock(variables[i]!));
  const start = Math.max(0, firstStock);
  const ordered = [...cycle.slice(start), ...cycle.slice(0, start)];
  const linkPolarities = ordered.map((from, i) => edgePolarity(from, ordered[(i + 1) % ordered.length]!));
  const negatives = linkPolarities.filter((sign) => sign === '-').length;
  return {
    variables: ordered.map((i) => variables[i]!.id),
    stocks: ordered.filter((i) => isIntegratedStock(variables[i]!)).map((i) => variables[i]!.id),
    linkPolarities,
    polarity: linkPolarities.includes('?') ? '?' : negatives % 2 === 0 ? 'R' : 'B',
  };
}

/** Shortest loops first (a stable sort keeps the search order among equals), then R1, B1, U1... */
function nameLoops(loops: Omit<FeedbackLoop, 'id'>[]): FeedbackLoop[] {
  const counters = { R: 0, B: 0, U: 0 };
  return [...loops]
    .sort((a, b) => a.variables.length - b.variables.length)
    .map((loop) => {
      const letter = loop.polarity === '?' ? 'U' : loop.polarity;
      return { id: `${letter}${++counters[letter]}`, ...loop };
    });
}
