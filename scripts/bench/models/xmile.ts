// Tiny XMILE writer shared by the bench model generators: sim specs plus flat stock/flow/aux lists.

export interface XmileVariable {
  readonly kind: 'stock' | 'flow' | 'aux';
  readonly name: string;
  readonly eqn: string;
  readonly inflows?: readonly string[];
  readonly outflows?: readonly string[];
  readonly units?: string;
}

export interface XmileSpec {
  readonly name: string;
  readonly start: number;
  readonly stop: number;
  readonly dt: number;
  readonly timeUnits: string;
  readonly variables: readonly XmileVariable[];
}

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Return XMILE 1.0 text for a flat model (Euler, save every dt). */
export function writeXmile(spec: XmileSpec): string {
  const lines: string[] = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<xmile version="1.0" xmlns="http://docs.oasis-open.org/xmile/ns/XMILE/v1.0">',
    `  <header><vendor>Alliance Dynamics</vendor><product version="0.1.0">bench</product><name>${spec.name}</name></header>`,
    `  <sim_specs method="Euler" time_units="${spec.timeUnits}">`,
    `    <start>${spec.start}</start><stop>${spec.stop}</stop><dt>${spec.dt}</dt>`,
    '  </sim_specs>',
    '  <model>',
    '    <variables>',
  ];
  for (const v of spec.variables) {
    let body = `<eqn>${escapeXml(v.eqn)}</eqn>`;
    for (const f of v.inflows ?? []) body += `<inflow>${f}</inflow>`;
    for (const f of v.outflows ?? []) body += `<outflow>${f}</outflow>`;
    if (v.units !== undefined) body += `<units>${escapeXml(v.units)}</units>`;
    lines.push(`      <${v.kind} name="${v.name}">${body}</${v.kind}>`);
  }
  lines.push('    </variables>', '  </model>', '</xmile>', '');
  return lines.join('\n');
}

/** Number of save points from start to stop at dt, both ends included. */
export function saveCount(start: number, stop: number, dt: number): number {
  return Math.round((stop - start) / dt) + 1;
}
