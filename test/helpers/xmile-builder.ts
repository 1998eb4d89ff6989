/**
 * Builds small XMILE 1.0 documents as text for engine tests, so each test states its model in a
 * few lines: `xmile({ stop: 10 }, [stock('S', '1', { inflows: ['f'] }), flow('f', 'S * 0.1')])`.
 * Every attribute and equation is XML-escaped; nothing here interprets the model.
 */

export interface SpecsInput {
  readonly start?: number;
  readonly stop: number;
  readonly dt?: number;
  /** Writes `<dt reciprocal="true">`: `dt` is then the number of steps per time unit. */
  readonly reciprocal?: boolean;
  readonly saveStep?: number;
  readonly method?: string;
  readonly timeUnits?: string;
}

export interface GraphicalInput {
  readonly type?: 'continuous' | 'extrapolate' | 'discrete';
  readonly ys: readonly number[];
  /** Explicit x points (`<xpts>`). */
  readonly xs?: readonly number[];
  /** Evenly spaced x points (`<xscale min max>`), used when `xs` is absent. */
  readonly xscale?: { readonly min: number; readonly max: number };
}

export interface ElementInput {
  readonly subscript: string;
  readonly eqn: string;
  readonly gf?: GraphicalInput;
}

interface CommonVariable {
  readonly name: string;
  readonly eqn?: string;
  readonly units?: string;
  readonly dimensions?: readonly string[];
  readonly elements?: readonly ElementInput[];
  readonly gf?: GraphicalInput;
  readonly access?: 'input' | 'output';
  /** Written as `<non_negative/>` (true) or `<non_negative>false</non_negative>`. */
  readonly nonNegative?: boolean;
  /** Raw XML appended inside the variable element, for cases the builder does not model. */
  readonly extra?: string;
  /** Further attributes of the variable element (leak_start="0.5"). */
  readonly attributes?: Readonly<Record<string, string>>;
}

export type VariableInput =
  | (CommonVariable & { readonly kind: 'stock'; readonly inflows?: readonly string[]; readonly outflows?: readonly string[] })
  | (CommonVariable & { readonly kind: 'flow' | 'aux' | 'gf' })
  | {
      readonly kind: 'module';
      readonly name: string;
      /** Model it instantiates, when not named like the module. */
      readonly model?: string;
      readonly connections?: readonly { readonly to: string; readonly from: string }[];
    };

export interface DimensionInput {
  readonly name: string;
  readonly elements?: readonly string[];
  readonly size?: number;
}

export interface MacroInput {
  readonly name: string;
  readonly parms: readonly string[];
  readonly eqn: string;
  /** The macro's own variables (`<variables>` inside `<macro>`): stocks, flows, auxiliaries. */
  readonly variables?: readonly VariableInput[];
}

export interface DocumentExtras {
  readonly dimensions?: readonly DimensionInput[];
  /** Further (module) models, each with a name. */
  readonly models?: readonly { readonly name: string; readonly variables: readonly VariableInput[] }[];
  readonly macros?: readonly MacroInput[];
  /** `<behavior>`: `all` writes `<non_negative/>` for stocks and flows alike. */
  readonly behavior?: { readonly all?: boolean; readonly stocks?: boolean; readonly flows?: boolean };
  readonly name?: string;
  /** <vendor> and <product> of the <header>: the tool that wrote the file (default: tests, xmile-builder). */
  readonly vendor?: string;
  readonly product?: string;
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const attr = (name: string, value: string | number | undefined): string => (value === undefined ? '' : ` ${name}="${escapeXml(String(value))}"`);

function graphical(gf: GraphicalInput, tag = 'gf', nameAttr = ''): string {
  const points = gf.xs
    ? `<xpts>${gf.xs.join(',')}</xpts>`
    : `<xscale${attr('min', gf.xscale?.min ?? 0)}${attr('max', gf.xscale?.max ?? gf.ys.length - 1)}/>`;
  return `<${tag}${nameAttr}${attr('type', gf.type)}>${points}<ypts>${gf.ys.join(',')}</ypts></${tag}>`;
}

function variableXml(variable: VariableInput): string {
  if (variable.kind === 'module') {
    const connections = (variable.connections ?? []).map((c) => `<connect${attr('to', c.to)}${attr('from', c.from)}/>`).join('');
    return `<module${attr('name', variable.name)}${attr('model', variable.model)}>${connections}</module>`;
  }
  if (variable.kind === 'gf' && variable.gf) {
    return graphical(variable.gf, 'gf', attr('name', variable.name));
  }
  const parts: string[] = [];
  if (variable.dimensions && variable.dimensions.length > 0) {
    parts.push(`<dimensions>${variable.dimensions.map((d) => `<dim${attr('name', d)}/>`).join('')}</dimensions>`);
  }
  if (variable.eqn !== undefined) parts.push(`<eqn>${escapeXml(variable.eqn)}</eqn>`);
  for (const element of variable.elements ?? []) {
    parts.push(`<element${attr('subscript', element.subscript)}><eqn>${escapeXml(element.eqn)}</eqn>${element.gf ? graphical(element.gf) : ''}</element>`);
  }
  if (variable.gf) parts.push(graphical(variable.gf));
  if (variable.kind === 'stock') {
    for (const inflow of variable.inflows ?? []) parts.push(`<inflow>${escapeXml(inflow)}</inflow>`);
    for (const outflow of variable.outflows ?? []) parts.push(`<outflow>${escapeXml(outflow)}</outflow>`);
  }
  if (variable.nonNegative === true) parts.push('<non_negative/>');
  if (variable.nonNegative === false) parts.push('<non_negative>false</non_negative>');
  if (variable.units) parts.push(`<units>${escapeXml(variable.units)}</units>`);
  if (variable.extra) parts.push(variable.extra);
  const more = Object.entries(variable.attributes ?? {}).map(([name, value]) => attr(name, value)).join('');
  return `<${variable.kind}${attr('name', variable.name)}${attr('access', variable.access)}${more}>${parts.join('')}</${variable.kind}>`;
}

function modelXml(name: string | undefined, variables: readonly VariableInput[]): string {
  return `<model${attr('name', name)}><variables>${variables.map(variableXml).join('\n')}</variables></model>`;
}

/** The XMILE text of a model with these sim specs and variables. */
export function xmile(specs: SpecsInput, variables: readonly VariableInput[], extras: DocumentExtras = {}): string {
  const specAttrs = `${attr('method', specs.method)}${attr('time_units', specs.timeUnits)}`;
  const dt = specs.dt === undefined ? '' : `<dt${specs.reciprocal ? ' reciprocal="true"' : ''}>${specs.dt}</dt>`;
  const saveStep = specs.saveStep === undefined ? '' : `<save_step>${specs.saveStep}</save_step>`;
  const dimensions = (extras.dimensions ?? [])
    .map((d) =>
      d.elements ? `<dim${attr('name', d.name)}>${d.elements.map((e) => `<elem${attr('name', e)}/>`).join('')}</dim>` : `<dim${attr('name', d.name)}${attr('size', d.size)}/>`,
    )
    .join('');
  const behavior = extras.behavior
    ? `<behavior>${extras.behavior.all ? '<non_negative/>' : ''}${extras.behavior.stocks ? '<stock><non_negative/></stock>' : ''}${extras.behavior.flows ? '<flow><non_negative/></flow>' : ''}</behavior>`
    : '';
  const macros = (extras.macros ?? [])
    .map((m) => {
      const parms = m.parms.map((p) => `<parm>${escapeXml(p)}</parm>`).join('');
      const variables = m.variables ? `<variables>${m.variables.map(variableXml).join('')}</variables>` : '';
      return `<macro${attr('name', m.name)}>${parms}<eqn>${escapeXml(m.eqn)}</eqn>${variables}</macro>`;
    })
    .join('');
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<xmile version="1.0" xmlns="http://docs.oasis-open.org/xmile/ns/XMILE/v1.0">',
    `<header><name>${escapeXml(extras.name ?? 'test model')}</name><vendor>${escapeXml(extras.vendor ?? 'tests')}</vendor><product version="1">${escapeXml(extras.product ?? 'xmile-builder')}</product></header>`,
    `<sim_specs${specAttrs}><start>${specs.start ?? 0}</start><stop>${specs.stop}</stop>${dt}${saveStep}</sim_specs>`,
    dimensions ? `<dimensions>${dimensions}</dimensions>` : '',
    behavior,
    macros,
    modelXml(undefined, variables),
    ...(extras.models ?? []).map((m) => modelXml(m.name, m.variables)),
    '</xmile>',
  ]
    .filter((line) => line !== '')
    .join('\n');
}

// Short constructors so test models read like equation lists.
type Options = Omit<CommonVariable, 'name' | 'eqn'>;

export const aux = (name: string, eqn: string, options: Options = {}): VariableInput => ({ kind: 'aux', name, eqn, ...options });
export const flow = (name: string, eqn: string, options: Options = {}): VariableInput => ({ kind: 'flow', name, eqn, ...options });
export const stock = (
  name: string,
  eqn: string,
  options: Options & { readonly inflows?: readonly string[]; readonly outflows?: readonly string[] } = {},
): VariableInput => ({ kind: 'stock', name, eqn, ...options });
export const gf = (name: string, graph: GraphicalInput): VariableInput => ({ kind: 'gf', name, gf: graph });
export const moduleVar = (name: string, connections: readonly { to: string; from: string }[] = [], model?: string): VariableInput => ({
  kind: 'module',
  name,
  connections,
  ...(model === undefined ? {} : { model }),
});
