import { XMLValidator } from 'fast-xml-parser';
import { ModelErrorSignal, modelError } from '../errors.ts';
import type {
  ConveyorOptions,
  Dimension,
  ElementDefinition,
  GraphicalFunction,
  GraphicalFunctionType,
  MacroDefinition,
  ModelDialect,
  ModelDocument,
  SimSpecs,
  SubModel,
  VariableDefinition,
  VariableKind,
} from './model-document.ts';
import { readDraftView, readView } from './read-views.ts';
import { attr, child, children, firstChild, localName, parser, text, type XmlNode } from './xml-nodes.ts';

/** Files larger than this are not models anyone writes by hand or tool; refuse before parsing. */
export const MAX_XMILE_BYTES = 20_000_000;
const MAX_DIMENSION_SIZE = 1_000_000;
const MAX_GRAPH_POINTS = 100_000;


/**
 * Reads XMILE 1.0 (`.xmile`, and Stella's `.stmx`, which is the same format) into a ModelDocument.
 * Throws ModelErrorSignal with a readable message when the file is not usable XMILE.
 */
export function readXmile(source: string, fileName?: string): ModelDocument {
  const where = fileName === undefined ? {} : { file: fileName };
  const fail = (message: string, code: 'xml' | 'structure' | 'limit' = 'structure'): never => {
    throw new ModelErrorSignal(modelError(code, message, where));
  };
  if (source.length > MAX_XMILE_BYTES) fail(`the file is ${source.length} bytes; models larger than ${MAX_XMILE_BYTES} bytes are refused`, 'limit');
  if (/<!DOCTYPE|<!ENTITY/i.test(source)) {
    fail('the file declares a DOCTYPE or entities, which XMILE does not use; it is refused to avoid entity-expansion attacks', 'xml');
  }
  if (source.trim() === '') fail('the file is empty', 'xml');
  // XML is read by fast-xml-parser (a well-kept library), validated first so errors are worded.
  const valid = XMLValidator.validate(source);
  if (valid !== true) fail(`the file is not well-formed XML: ${describeXmlError(valid.err)}`, 'xml');
  let root: XmlNode;
  try {
    root = parser.parse(source) as XmlNode;
  } catch (error) {
    return fail(`the file could not be read as XML: ${(error as Error).message}`, 'xml');
  }
  const xmile = firstChild(root, 'xmile');
  if (!xmile) return fail('this is XML but not XMILE: there is no <xmile> root element');

  const header = firstChild(xmile, 'header');
  const simSpecs = readSimSpecs(firstChild(xmile, 'sim_specs'), fail);
  const dimensions = children(firstChild(xmile, 'dimensions'), 'dim').map((dim) => readDimension(dim, fail));
  const behavior = firstChild(xmile, 'behavior');
  const defaults = {
    stocksNonNegative: firstChild(behavior, 'non_negative') !== undefined || firstChild(firstChild(behavior, 'stock'), 'non_negative') !== undefined,
    flowsNonNegative: firstChild(behavior, 'non_negative') !== undefined || firstChild(firstChild(behavior, 'flow'), 'non_negative') !== undefined,
  };
  // Files of the XMILE drafts before 1.0 (Stella and iThink 10, namespace
  // http://www.systemdynamics.org/XMILE) put the variables straight in <model>, with a <display>
  // inside each instead of <views>; the equations mean the same.
  const models: SubModel[] = children(xmile, 'model').map((model) => {
    const listed = firstChild(model, 'variables');
    return {
      name: attr(model, 'name') ?? '',
      variables: readVariables(listed ?? model, fail),
      views: listed ? children(firstChild(model, 'views'), 'view').map(readView) : [readDraftView(model)],
    };
  });
  if (models.length === 0) fail('the file has no <model> element');
  if (models.every((model) => model.variables.length === 0)) {
    const namespace = attr(xmile, 'xmlns') ?? '';
    fail(
      /systemdynamics\.org\/XMILE/i.test(namespace)
        ? `this is a file of an XMILE draft before 1.0 (namespace ${namespace}, as Stella and iThink 10 wrote), and it defines no variables this engine can find; open it in Stella or iThink 10.1 or later and save it again, which writes XMILE 1.0`
        : 'the model defines no variables (no <stock>, <flow>, <aux> or <module> in its <variables>), so there is nothing to simulate',
    );
  }
  // The root model is the one without a name (or named like the file); the rest are module models.
  const rootIndex = Math.max(0, models.findIndex((model) => model.name === ''));
  const ordered = [{ ...models[rootIndex]!, name: '' }, ...models.filter((_, i) => i !== rootIndex)];

  const macros: MacroDefinition[] = children(xmile, 'macro').map((macro) => ({
    name: attr(macro, 'name') ?? fail('a <macro> has no name'),
    parameters: children(macro, 'parm').map((parm) => (text(parm) ?? '').trim()),
    equation: text(child(macro, 'eqn')) ?? '',
    variables: readVariables(firstChild(macro, 'variables'), fail),
  }));

  const document: ModelDocument = {
    dialect: dialectOf(header),
    simSpecs,
    dimensions,
    models: ordered,
    macros,
    defaults,
  };
  const name = text(child(header, 'name'))?.trim();
  return { ...document, ...(fileName === undefined ? {} : { fileName }), ...(name ? { name } : {}) };
}

/** The tool that wrote the file, from its <header> (XMILE 1.0 §2.2: <vendor> and <product>). */
function dialectOf(header: XmlNode | undefined): ModelDialect {
  const writer = `${text(child(header, 'vendor')) ?? ''} ${text(child(header, 'product')) ?? ''}`.toLowerCase();
  if (/vensim|ventana|xmutil/.test(writer)) return 'vensim';
  if (/isee|stella|ithink/.test(writer)) return 'stella';
  return 'xmile';
}

/** The validator's message made readable; it reports some positions without a column. */
function describeXmlError(err: { readonly msg: string; readonly line?: number; readonly col?: number }): string {
  // Elements still open at the end of the text come as "Invalid '[ "xmile", "model" ]' found.".
  const unclosed = /^Invalid '\[([\s\S]*)\]' found\.?$/.exec(err.msg);
  const names = unclosed ? [...unclosed[1]!.matchAll(/"([^"]*)"/g)].map((match) => `<${match[1]}>`) : [];
  const message = names.length > 0 ? `the text ends before ${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} closed; the file may be cut short` : err.msg;
  const at = [err.line === undefined ? '' : `line ${err.line}`, err.col === undefined ? '' : `column ${err.col}`].filter(Boolean).join(', ');
  return names.length > 0 || at === '' ? message : `${message} (${at})`;
}

function readNumber(value: string | undefined, what: string, fail: (message: string) => never): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const number = Number(value.trim());
  if (!Number.isFinite(number)) fail(`${what} is "${value.trim()}", which is not a number`);
  return number;
}

function readSimSpecs(node: XmlNode | undefined, fail: (message: string) => never): SimSpecs {
  if (!node) fail('the file has no <sim_specs>: start, stop and dt are needed to run it');
  const start = readNumber(text(child(node, 'start')), 'the start time', fail) ?? 0;
  const stop = readNumber(text(child(node, 'stop')), 'the stop time', fail) ?? fail('<sim_specs> has no <stop> time');
  const dtNode = firstChild(node, 'dt');
  let dt = readNumber(text(dtNode), 'dt', fail) ?? 1;
  if (attr(dtNode, 'reciprocal') === 'true') dt = 1 / dt;
  const saveStep =
    readNumber(text(child(node, 'save_step')) ?? attr(node, 'save_step') ?? attr(node, 'save_interval'), 'the save step', fail) ?? dt;
  if (!(dt > 0)) fail(`dt must be greater than zero; it is ${dt}`);
  if (!(stop >= start)) fail(`the stop time (${stop}) is before the start time (${start})`);
  if (!(saveStep > 0)) fail(`the save step must be greater than zero; it is ${saveStep}`);
  const methodText = (attr(node, 'method') ?? 'euler').toLowerCase();
  const method = methodText === 'rk4' ? 'rk4' : methodText === 'euler' ? 'euler' : fail(`the integration method "${methodText}" is not supported; use Euler or RK4`);
  return { start, stop, dt, saveStep: Math.max(saveStep, dt), method, timeUnits: attr(node, 'time_units') ?? '' };
}

function readDimension(node: XmlNode, fail: (message: string) => never): Dimension {
  const name = attr(node, 'name') ?? fail('a <dim> has no name');
  const elements = children(node, 'elem').map((elem) => attr(elem, 'name') ?? fail(`an element of dimension "${name}" has no name`));
  if (elements.length > 0) return { name, elements };
  const size = readNumber(attr(node, 'size'), `the size of dimension "${name}"`, fail);
  if (size === undefined || !Number.isInteger(size) || size < 1) fail(`dimension "${name}" has neither elements nor a positive whole size`);
  if (size > MAX_DIMENSION_SIZE) fail(`dimension "${name}" has ${size} elements; the limit is ${MAX_DIMENSION_SIZE}`);
  return { name, elements: Array.from({ length: size }, (_, i) => String(i + 1)) };
}

function readPoints(node: XmlNode | undefined): number[] | undefined {
  if (!node) return undefined;
  const raw = text(node) ?? '';
  const separator = attr(node, 'sep') ?? ',';
  const parts = raw.split(separator).map((part) => part.trim()).filter((part) => part !== '');
  return parts.map(Number);
}

function readGraphicalFunction(node: XmlNode, owner: string, fail: (message: string) => never): GraphicalFunction {
  const typeText = (attr(node, 'type') ?? 'continuous').toLowerCase();
  if (typeText !== 'continuous' && typeText !== 'extrapolate' && typeText !== 'discrete') {
    fail(`the graphical function of "${owner}" has type "${typeText}"; expected continuous, extrapolate or discrete`);
  }
  const ys = readPoints(firstChild(node, 'ypts')) ?? fail(`the graphical function of "${owner}" has no <ypts>`);
  let xs = readPoints(firstChild(node, 'xpts'));
  if (!xs) {
    const xscale = firstChild(node, 'xscale') ?? fail(`the graphical function of "${owner}" has neither <xpts> nor <xscale>`);
    const min = readNumber(attr(xscale, 'min'), 'xscale min', fail) ?? 0;
    const max = readNumber(attr(xscale, 'max'), 'xscale max', fail) ?? 1;
    xs = ys.map((_, i) => (ys.length === 1 ? min : min + ((max - min) * i) / (ys.length - 1)));
  }
  if (ys.length === 0) fail(`the graphical function of "${owner}" has no points`);
  if (ys.length > MAX_GRAPH_POINTS) fail(`the graphical function of "${owner}" has more than ${MAX_GRAPH_POINTS} points`);
  if (xs.length !== ys.length) fail(`the graphical function of "${owner}" has ${xs.length} x values but ${ys.length} y values`);
  if (xs.some((x) => !Number.isFinite(x)) || ys.some((y) => !Number.isFinite(y))) fail(`the graphical function of "${owner}" has a point that is not a number`);
  for (let i = 1; i < xs.length; i++) {
    if (xs[i]! < xs[i - 1]!) fail(`the x values of the graphical function of "${owner}" must not decrease`);
  }
  return { type: typeText as GraphicalFunctionType, xs, ys };
}

function readVariables(node: XmlNode | undefined, fail: (message: string) => never): VariableDefinition[] {
  if (!node) return [];
  const variables: VariableDefinition[] = [];
  const kinds: VariableKind[] = ['stock', 'flow', 'aux', 'gf', 'module'];
  for (const kind of kinds) {
    for (const item of children(node, kind)) variables.push(readVariable(kind, item, fail));
  }
  // Groups only organise the diagram; their variables belong to the model.
  for (const group of children(node, 'group')) variables.push(...readVariables(group, fail));
  return variables;
}

/**
 * The children of one node by local name, found in one pass over its keys: the same answers as
 * `child` (the exact name first, else the first prefixed one), without a scan per missing tag.
 */
function indexChildren(node: XmlNode): Map<string, unknown> {
  const index = new Map<string, unknown>();
  for (const key in node) {
    if (key.charCodeAt(0) === 64 && key.startsWith('@_')) continue;
    const local = localName(key);
    if (local === key) index.set(key, node[key]);
    else if (!index.has(local)) index.set(local, node[key]);
  }
  return index;
}

/** Like `children`, for a value found by indexChildren. */
function asNodes(value: unknown): XmlNode[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((item) => (typeof item === 'object' && item !== null ? (item as XmlNode) : { '#text': String(item) }));
}

function readVariable(kind: VariableKind, node: XmlNode, fail: (message: string) => never): VariableDefinition {
  const name = attr(node, 'name') ?? fail(`a <${kind}> has no name`);
  const parts = indexChildren(node);
  const units = text(parts.get('units'))?.trim();
  const documentation = text(parts.get('doc'))?.trim();
  const dimensionsNode = asNodes(parts.get('dimensions'))[0];
  const dimensions = dimensionsNode
    ? children(dimensionsNode, 'dim').map((dim) => attr(dim, 'name') ?? fail(`a dimension of "${name}" has no name`))
    : [];
  const gfChild = asNodes(parts.get('gf'))[0];
  const gfNode = kind === 'gf' ? node : gfChild;
  const elementNodes = parts.has('element') ? asNodes(parts.get('element')) : [];
  const elements: ElementDefinition[] = elementNodes.map((element) => {
    const subscriptText = attr(element, 'subscript') ?? fail(`an <element> of "${name}" has no subscript`);
    const elementGf = firstChild(element, 'gf');
    const elementInitial = text(child(element, 'init_eqn'));
    return {
      subscript: subscriptText.split(',').map((part) => part.trim()),
      equation: text(child(element, 'eqn')) ?? '',
      ...(elementInitial !== undefined && elementInitial.trim() !== '' ? { initialEquation: elementInitial } : {}),
      ...(elementGf ? { graphicalFunction: readGraphicalFunction(elementGf, name, fail) } : {}),
    };
  });
  const nonNegativeNode = parts.get('non_negative');
  const nonNegativeText = text(nonNegativeNode)?.trim().toLowerCase();
  const nonNegative = nonNegativeNode === undefined ? undefined : nonNegativeText !== 'false';
  const access = attr(node, 'access');
  const equations = asNodes(parts.get('eqn')).map((eqn) => text(eqn) ?? '');
  const flowNames = (value: unknown): string[] => (value === undefined ? [] : asNodes(value).map((flow) => (text(flow) ?? '').trim()));
  const variable: {
    -readonly [K in keyof VariableDefinition]: VariableDefinition[K];
  } = {
    kind,
    name,
    equation: equations[0] ?? '',
    dimensions,
    elements,
    inflows: flowNames(parts.get('inflow')),
    outflows: flowNames(parts.get('outflow')),
  };
  if (equations.length > 1) variable.positionalEquations = equations;
  const initialEquation = text(parts.get('init_eqn'));
  if (initialEquation !== undefined && initialEquation.trim() !== '' && kind !== 'stock') variable.initialEquation = initialEquation;
  if (units) variable.units = units;
  if (documentation) variable.documentation = documentation;
  if (gfNode && (kind === 'gf' || gfChild)) variable.graphicalFunction = readGraphicalFunction(gfNode, name, fail);
  if (nonNegative !== undefined) variable.nonNegative = nonNegative;
  if (access === 'input' || access === 'output') variable.access = access;
  const conveyor = parts.get('conveyor');
  if (kind === 'stock' && conveyor !== undefined) variable.conveyor = readConveyor(asNodes(conveyor)[0]!, name, fail);
  if (kind === 'stock' && parts.has('queue')) variable.queue = true;
  const leak = parts.get('leak');
  if (kind === 'flow' && leak !== undefined) {
    const fraction = text(leak)?.trim();
    const bound = (attribute: string, fallback: number): number => readNumber(attr(node, attribute), `${attribute} of "${name}"`, fail) ?? fallback;
    variable.leak = { ...(fraction ? { fraction } : {}), start: bound('leak_start', 0), end: bound('leak_end', 1), integers: parts.has('leak_integers') };
  }
  const spread = attr(node, 'spreadflow');
  if (spread !== undefined) variable.spreadFlow = spread;
  if (kind === 'module') {
    variable.moduleModel = attr(node, 'model') ?? name;
    variable.connections = asNodes(parts.get('connect')).map((connect) => ({
      to: attr(connect, 'to') ?? fail(`a connection of module "${name}" has no "to"`),
      from: attr(connect, 'from') ?? fail(`a connection of module "${name}" has no "from"`),
    }));
  }
  return variable;
}


function readConveyor(node: XmlNode, owner: string, fail: (message: string) => never): ConveyorOptions {
  const expression = (tag: string): string | undefined => {
    const value = text(child(node, tag))?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const flag = (attribute: string): boolean => (attr(node, attribute) ?? 'false').trim().toLowerCase() === 'true';
  const transitTime = expression('len') ?? fail(`the conveyor "${owner}" has no transit time (<len>)`);
  const options: { -readonly [K in keyof ConveyorOptions]: ConveyorOptions[K] } = { transitTime, discrete: flag('discrete'), exponentialLeak: flag('exponential_leak') };
  const capacity = expression('capacity');
  const inflowLimit = expression('in_limit');
  const sample = expression('sample');
  const arrest = expression('arrest');
  if (capacity !== undefined) options.capacity = capacity;
  if (inflowLimit !== undefined) options.inflowLimit = inflowLimit;
  if (sample !== undefined) options.sample = sample;
  if (arrest !== undefined) options.arrest = arrest;
  return options;
}

