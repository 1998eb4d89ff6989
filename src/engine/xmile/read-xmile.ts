import { XMLParser, XMLValidator } from 'fast-xml-parser';
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
  ModelView,
  SimSpecs,
  SubModel,
  VariableDefinition,
  VariableKind,
  ViewAlias,
  ViewConnector,
  ViewElement,
  ViewGroup,
} from './model-document.ts';

/** Files larger than this are not models anyone writes by hand or tool; refuse before parsing. */
export const MAX_XMILE_BYTES = 20_000_000;
const MAX_DIMENSION_SIZE = 1_000_000;
const MAX_GRAPH_POINTS = 100_000;


const REPEATED_TAGS = new Set([
  'dim', 'elem', 'element', 'stock', 'flow', 'aux', 'gf', 'module', 'group', 'model', 'macro', 'parm',
  'inflow', 'outflow', 'view', 'connect', 'connector', 'pt', 'variables', 'views', 'dimensions', 'eqn', 'alias',
]);

const XML_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * Text and attribute values decoded as XML defines it (XML 1.0 §4.1, §4.6): the five predefined
 * entities and character references, decimal (&#10;) or hexadecimal (&#xA;), which Stella writes
 * for line breaks inside equations. Anything else is left as written; DOCTYPE declarations are
 * refused before parsing (see readXmile), so no other entity can exist and nothing expands.
 */
function decodeXmlText(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(/&(?:#x([0-9a-fA-F]{1,6})|#([0-9]{1,7})|(amp|lt|gt|quot|apos));/g, (whole, hex: string | undefined, decimal: string | undefined, named: string | undefined) => {
    if (named !== undefined) return XML_ENTITIES[named]!;
    const code = hex !== undefined ? Number.parseInt(hex, 16) : Number(decimal);
    // Only characters XML allows (§2.2 Char); a reference to anything else is left as written.
    const allowed = code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
    return allowed ? String.fromCodePoint(code) : whole;
  });
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  entityDecoder: {
    decode: decodeXmlText,
    setExternalEntities: () => {},
    addInputEntities: () => {},
    reset: () => {},
    setXmlVersion: () => {},
  },
  isArray: (name) => isRepeatedTag(name),
  removeNSPrefix: false,
});

type XmlNode = Record<string, unknown>;

function isRepeatedTag(name: string): boolean {
  return REPEATED_TAGS.has(localName(name));
}

function localName(tag: string): string {
  const colon = tag.indexOf(':');
  return colon < 0 ? tag : tag.slice(colon + 1);
}

/** Children are looked up by local name so `isee:`-prefixed and plain tags both work. */
function child(node: XmlNode | undefined, name: string): unknown {
  if (!node) return undefined;
  if (name in node) return node[name];
  for (const key of Object.keys(node)) if (!key.startsWith('@_') && localName(key) === name) return node[key];
  return undefined;
}

function children(node: XmlNode | undefined, name: string): XmlNode[] {
  const value = child(node, name);
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((item) => (typeof item === 'object' && item !== null ? (item as XmlNode) : { '#text': String(item) }));
}

function firstChild(node: XmlNode | undefined, name: string): XmlNode | undefined {
  return children(node, name)[0];
}

function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return text(value[0]);
  if (typeof value === 'object') {
    const inner = (value as XmlNode)['#text'];
    return inner === undefined ? '' : String(inner);
  }
  return String(value);
}

function attr(node: XmlNode | undefined, name: string): string | undefined {
  if (!node) return undefined;
  const direct = node[`@_${name}`];
  if (direct !== undefined) return String(direct);
  for (const key of Object.keys(node)) if (key.startsWith('@_') && localName(key.slice(2)) === name) return String(node[key]);
  return undefined;
}

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

/**
 * The diagram of a draft (pre-1.0) model: each variable's own <display x y> (with a flow's
 * <pts>), and the connectors of the model's <display>.
 */
function readDraftView(model: XmlNode): ModelView {
  const elements: ViewElement[] = [];
  for (const kind of ['stock', 'flow', 'aux', 'module']) {
    for (const item of children(model, kind)) {
      const display = firstChild(item, 'display');
      const name = attr(item, 'name');
      const x = Number(attr(display, 'x'));
      const y = Number(attr(display, 'y'));
      if (name === undefined || !Number.isFinite(x) || !Number.isFinite(y)) continue;
      const points = children(firstChild(display, 'pts'), 'pt')
        .map((pt) => ({ x: Number(attr(pt, 'x')), y: Number(attr(pt, 'y')) }))
        .filter((pt) => Number.isFinite(pt.x) && Number.isFinite(pt.y));
      elements.push({ kind, name, x, y, ...(points.length > 0 ? { points } : {}) });
    }
  }
  const connectors = children(firstChild(model, 'display'), 'connector').flatMap((item) => {
    const from = text(child(item, 'from'))?.trim();
    const to = text(child(item, 'to'))?.trim();
    return from && to ? [{ from, to }] : [];
  });
  return { elements, connectors };
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

const LABEL_SIDES = ['top', 'bottom', 'left', 'right', 'center'] as const;

/** An element's label_side attribute, when it is one of XMILE's five. */
function labelSideOf(node: XmlNode): (typeof LABEL_SIDES)[number] | undefined {
  const side = attr(node, 'label_side');
  return LABEL_SIDES.find((candidate) => candidate === side);
}

function readView(node: XmlNode): ModelView {
  const elements: ViewElement[] = [];
  for (const kind of ['stock', 'flow', 'aux', 'module']) {
    for (const item of children(node, kind)) {
      const name = attr(item, 'name');
      const x = Number(attr(item, 'x'));
      const y = Number(attr(item, 'y'));
      if (name === undefined || !Number.isFinite(x) || !Number.isFinite(y)) continue;
      const width = Number(attr(item, 'width'));
      const height = Number(attr(item, 'height'));
      const points = children(firstChild(item, 'pts'), 'pt')
        .map((pt) => ({ x: Number(attr(pt, 'x')), y: Number(attr(pt, 'y')) }))
        .filter((pt) => Number.isFinite(pt.x) && Number.isFinite(pt.y));
      const side = labelSideOf(item);
      elements.push({
        kind,
        name,
        x,
        y,
        ...(Number.isFinite(width) ? { width } : {}),
        ...(Number.isFinite(height) ? { height } : {}),
        ...(points.length > 0 ? { points } : {}),
        ...(side === undefined ? {} : { labelSide: side }),
      });
    }
  }
  const aliases: ViewAlias[] = children(node, 'alias').flatMap((item) => {
    const uid = attr(item, 'uid');
    const of = text(child(item, 'of'))?.trim();
    const x = Number(attr(item, 'x'));
    const y = Number(attr(item, 'y'));
    const side = labelSideOf(item);
    const labelSide = side === undefined ? {} : { labelSide: side };
    return uid !== undefined && of && Number.isFinite(x) && Number.isFinite(y) ? [{ uid, of, x, y, ...labelSide }] : [];
  });
  const aliasOf = new Map(aliases.map((alias) => [alias.uid, alias.of]));
  // A connector's end is a variable's name, or <alias uid="…"/> for one of its ghosts.
  const end = (value: unknown): { name: string; alias?: string } | undefined => {
    const uid = typeof value === 'object' && value !== null ? attr(firstChild(value as XmlNode, 'alias'), 'uid') : undefined;
    if (uid !== undefined) {
      const of = aliasOf.get(uid);
      return of === undefined ? undefined : { name: of, alias: uid };
    }
    const name = text(value)?.trim();
    return name ? { name } : undefined;
  };
  const connectors: ViewConnector[] = children(node, 'connector').flatMap((item) => {
    const from = end(child(item, 'from'));
    const to = end(child(item, 'to'));
    const angle = Number(attr(item, 'angle'));
    if (!from || !to) return [];
    return [{ from: from.name, to: to.name, ...(Number.isFinite(angle) ? { angle } : {}), ...(from.alias === undefined ? {} : { fromAlias: from.alias }), ...(to.alias === undefined ? {} : { toAlias: to.alias }) }];
  });
  const groups: ViewGroup[] = children(node, 'group').flatMap((item) => {
    const name = attr(item, 'name');
    const [x, y, width, height] = ['x', 'y', 'width', 'height'].map((key) => Number(attr(item, key)));
    return name !== undefined && [x, y, width, height].every((value) => Number.isFinite(value)) && width! > 0 && height! > 0 ? [{ name, x: x!, y: y!, width: width!, height: height! }] : [];
  });
  return { elements, connectors, aliases, groups };
}
