import { displayName } from '../equation/canonical-name.ts';
import type { ModelError } from '../errors.ts';
import type { ConveyorOptions, ModelDocument } from '../xmile/model-document.ts';
import type { LowerContext, ResolvedVariable } from './compile-program.ts';
import { DT_SLOT, type Ir } from './ir.ts';
import { MAX_CONVEYOR_SLATS } from './limits.ts';
import { lowerConveyor, type ConveyorBuild, type ConveyorHost } from './lower-conveyor.ts';

/**
 * Conveyors and queues in a model: which flows each one drives (planned before any equation is
 * lowered, so their flows know they are driven), and the lowering of one element of each
 * (the belt itself is lower-conveyor.ts).
 */

/** What a flow is to the conveyor or queue it belongs to. */
export type ConveyorRole =
  | { readonly kind: 'primary' | 'leak'; readonly conveyor: string }
  | { readonly kind: 'inflow'; readonly conveyor: string; readonly requestBase: number };

/** What the planner needs from the compiler. */
export interface ConveyorPlanHost extends ConveyorHost {
  readonly variables: ReadonlyMap<string, ResolvedVariable>;
  readonly document: ModelDocument;
  resolveVariable(name: string, scope: string): ResolvedVariable | undefined;
  fail(code: ModelError['code'], message: string, where?: Partial<ModelError>): never;
  /** Runs `work`, recording an error it signals against `variable`. */
  guard(variable: ResolvedVariable, work: () => void): void;
  lowerEquation(equation: string, context: LowerContext): Ir;
  scalarSlotOf(target: ResolvedVariable, context: LowerContext, nameAsWritten: string): number;
  parameterValue(slot: number): number | undefined;
  /** A parameter's slot that can no longer change between runs, and why. */
  fixParameter(slot: number, reason: string): void;
  warn(code: ModelError['code'], message: string, variable: string): void;
}

export class ConveyorPlanner {
  private readonly host: ConveyorPlanHost;
  private readonly conveyorRoles = new Map<string, ConveyorRole>();
  private readonly conveyorFlows = new Map<string, { readonly primary: ResolvedVariable; readonly leaks: readonly ResolvedVariable[]; readonly inflows: readonly ResolvedVariable[] }>();
  private readonly warnedConveyors = new Set<string>();
  private readonly queueFlows = new Map<string, { readonly outflows: readonly ResolvedVariable[]; readonly inflows: readonly ResolvedVariable[] }>();

  constructor(host: ConveyorPlanHost) {
    this.host = host;
  }

  /** The role of a flow in a conveyor or queue, if it has one. */
  roleOf(flowId: string): ConveyorRole | undefined {
    return this.conveyorRoles.get(flowId);
  }

  /**
   * Each conveyor's flows: its primary outflow (the first outflow not marked <leak/>), its
   * leakages, and its inflows, each delivered by a conveyor upstream or requested by an equation
   * (which gets a slot per element for the request). What is not supported is refused here.
   */
  plan(): void {
    const conveyors = [...this.host.variables.values()].filter((variable) => variable.scoped.definition.kind === 'stock' && (variable.scoped.definition.conveyor || variable.scoped.definition.queue));
    for (const variable of conveyors) {
      this.host.guard(variable, () => {
        const definition = variable.scoped.definition;
        const name = displayName(definition.name);
        const resolveFlow = (flowName: string): ResolvedVariable => {
          const flow = this.host.resolveVariable(flowName, variable.scoped.scope);
          if (!flow || flow.scoped.definition.kind !== 'flow') return this.host.fail('unknown-variable', `lists "${flowName}" as a flow, but there is no flow of that name`);
          return flow;
        };
        if (definition.queue) {
          const outflows = definition.outflows.map(resolveFlow);
          outflows.forEach((flow, position) => {
            if (this.conveyorRoles.has(flow.id)) this.host.fail('structure', `"${displayName(flow.scoped.definition.name)}" is the outflow of two queues or conveyors`);
            this.conveyorRoles.set(flow.id, { kind: position === 0 ? 'primary' : 'leak', conveyor: variable.id });
          });
          this.queueFlows.set(variable.id, { outflows, inflows: definition.inflows.map(resolveFlow) });
          return;
        }
        const conveyor = definition.conveyor!;
        if (this.host.document.simSpecs.method !== 'euler') this.host.fail('unsupported', `"${name}" is a conveyor, and conveyors move one DT at a time: run the model with Euler integration`);
        if (conveyor.discrete) this.host.fail('unsupported', `"${name}" is a discrete conveyor, which this engine does not simulate yet`);
        if (conveyor.arrest !== undefined && conveyor.arrest.trim() !== '0') this.host.fail('unsupported', `the conveyor "${name}" can be arrested (<arrest>), which this engine does not simulate yet`);
        if (conveyor.sample !== undefined && conveyor.sample.trim() !== '1') this.host.fail('unsupported', `the conveyor "${name}" samples its transit time (<sample>), which this engine does not simulate yet`);
        const resolve = (flowName: string): ResolvedVariable => {
          const flow = this.host.resolveVariable(flowName, variable.scoped.scope);
          if (!flow || flow.scoped.definition.kind !== 'flow') return this.host.fail('unknown-variable', `lists "${flowName}" as a flow, but there is no flow of that name`);
          return flow;
        };
        const outflows = definition.outflows.map(resolve);
        const leaks = outflows.filter((flow) => flow.scoped.definition.leak);
        const primaries = outflows.filter((flow) => !flow.scoped.definition.leak);
        if (primaries.length !== 1) {
          this.host.fail('structure', primaries.length === 0
            ? `the conveyor "${name}" has no outflow for material to leave at the end of the belt (its outflows are all leakages, or it has none)`
            : `the conveyor "${name}" has ${primaries.length} outflows not marked as leakages (<leak/>); a conveyor has one outflow at the end of its belt`);
        }
        for (const leak of leaks) {
          if (leak.scoped.definition.leak!.integers) this.host.fail('unsupported', `the leakage "${displayName(leak.scoped.definition.name)}" leaks whole units only (<leak_integers/>), which this engine does not simulate yet`);
        }
        const inflows = definition.inflows.map(resolve);
        for (const inflow of inflows) {
          const spread = inflow.scoped.definition.spreadFlow;
          if (spread !== undefined && spread !== 'beginning') {
            this.host.fail('unsupported', `the inflow "${displayName(inflow.scoped.definition.name)}" spreads its material over the conveyor (isee:spreadflow="${spread}"), which this engine does not simulate yet`);
          }
        }
        for (const [flow, kind] of [[primaries[0]!, 'primary'], ...leaks.map((leak) => [leak, 'leak'])] as [ResolvedVariable, 'primary' | 'leak'][]) {
          if (this.conveyorRoles.has(flow.id)) this.host.fail('structure', `"${displayName(flow.scoped.definition.name)}" is the outflow of two conveyors`);
          this.conveyorRoles.set(flow.id, { kind, conveyor: variable.id });
        }
        this.conveyorFlows.set(variable.id, { primary: primaries[0]!, leaks, inflows });
      });
    }
    // A queue feeding a conveyor waits on the conveyor's room, batch by batch: only discrete
    // conveyors take from queues (XMILE 3.7.3), and those are refused above.
    for (const [queue, flows] of this.queueFlows) {
      for (const flow of flows.outflows) {
        for (const [conveyor, conveyorFlows] of this.conveyorFlows) {
          if (conveyorFlows.inflows.includes(flow)) {
            this.host.guard(this.host.variables.get(queue)!, () => this.host.fail('unsupported', `the queue feeds the conveyor "${this.host.variables.get(conveyor)!.label}"; a queue waiting on a conveyor is not simulated yet`));
          }
        }
      }
    }
    // Inflows an equation drives (not another conveyor's outflow) are requests.
    for (const [conveyor, flows] of this.conveyorFlows) {
      for (const inflow of flows.inflows) {
        if (this.conveyorRoles.has(inflow.id)) continue;
        this.conveyorRoles.set(inflow.id, { kind: 'inflow', conveyor, requestBase: this.host.allocate(inflow.size) });
      }
    }
  }

  /**
   * One element of a queue whose outflows run to clouds or ordinary stocks (XMILE 3.7.3): nothing
   * holds such an outflow back, so each step the first outflow takes everything, what waited and
   * what arrived in the step (queues.md §4.3, reading Stella); the later outflows, overflows
   * included, get nothing, as only a blocked outflow redirects material. The queue is then empty.
   */
  lowerQueueElement(variable: ResolvedVariable, context: LowerContext): void {
    const flows = this.queueFlows.get(variable.id);
    if (!flows) return;
    const label = variable.label;
    const slot = this.host.scalarSlotOf(variable, context, variable.scoped.definition.name);
    const initial = this.host.lowerEquation(context.equation, context);
    this.host.addNode({ slot, role: 'initial-value', initial: { k: 'fn', fn: 'max', args: [{ k: 'const', v: 0 }, initial] }, owner: label });
    this.host.addPostAssignment({ slot, ir: { k: 'const', v: 0 } });
    let arriving: Ir = { k: 'const', v: 0 };
    for (const inflow of flows.inflows) {
      variable.dependsOn.add(inflow.id);
      const value: Ir = { k: 'slot', s: this.host.scalarSlotOf(inflow, context, inflow.scoped.definition.name) };
      // Queue inflows are uniflows: what a negative inflow would take, it does not.
      arriving = { k: 'bin', op: '+', a: arriving, b: { k: 'if', c: { k: 'bin', op: '>', a: value, b: { k: 'const', v: 0 } }, t: value, e: { k: 'const', v: 0 } } };
    }
    flows.outflows.forEach((flow, position) => {
      variable.dependsOn.add(flow.id);
      const out = this.host.scalarSlotOf(flow, context, flow.scoped.definition.name);
      const everything: Ir = { k: 'bin', op: '+', a: { k: 'bin', op: '/', a: { k: 'slot', s: slot }, b: { k: 'slot', s: DT_SLOT } }, b: arriving };
      this.host.addNode({ slot: out, role: 'aux', rate: position === 0 ? everything : { k: 'const', v: 0 }, owner: label });
    });
  }

  /** One element of a conveyor (lower-conveyor.ts); its flows line up with it element by element. */
  lowerConveyorElement(variable: ResolvedVariable, options: ConveyorOptions, context: LowerContext): void {
    const label = variable.label;
    const flows = this.conveyorFlows.get(variable.id);
    // Without a plan the conveyor was refused already, with the reason.
    if (!flows) return;
    const slotOf = (flow: ResolvedVariable): number => this.host.scalarSlotOf(flow, context, flow.scoped.definition.name);
    const transit = this.host.lowerEquation(options.transitTime, { ...context, equation: options.transitTime });
    const transitValue = transit.k === 'const' ? transit.v : transit.k === 'slot' ? this.host.parameterValue(transit.s) : undefined;
    if (transitValue === undefined || !Number.isFinite(transitValue)) {
      this.host.fail('unsupported', `the transit time of the conveyor (${options.transitTime.trim()}) must be a number or a constant; a transit time that changes while the model runs is not simulated yet`, { equation: options.transitTime });
    }
    if (!(transitValue > 0)) this.host.fail('structure', `the transit time of the conveyor must be positive; it is ${transitValue}`, { equation: options.transitTime });
    if (transit.k === 'slot') this.host.fixParameter(transit.s, `it sets the length of the conveyor "${label}", which is fixed when the model is compiled`);
    const dt = this.host.document.simSpecs.dt;
    const ratio = transitValue / dt;
    const slats = Math.max(1, Math.round(ratio));
    if (slats > MAX_CONVEYOR_SLATS) this.host.fail('limit', `the conveyor's transit time ${transitValue} is ${slats} time steps; the limit is ${MAX_CONVEYOR_SLATS}`);
    if (Math.abs(ratio - Math.round(ratio)) > 1e-9 && !this.warnedConveyors.has(variable.id)) {
      this.warnedConveyors.add(variable.id);
      this.host.warn('structure', `the conveyor's transit time ${transitValue} is not a whole number of time steps (DT ${dt}); material rides ${slats} steps, ${slats * dt} time units`, label);
    }
    const optional = (text: string | undefined): Ir | undefined => (text === undefined ? undefined : this.host.lowerEquation(text, { ...context, equation: text }));
    const capacity = optional(options.capacity);
    const inflowLimit = optional(options.inflowLimit);
    const leaks = flows.leaks.map((flow) => {
      const leak = flow.scoped.definition.leak!;
      const fractionText = leak.fraction ?? flow.scoped.definition.equation;
      const flowContext: LowerContext = { ...context, variable: flow, equation: fractionText };
      const fraction = fractionText.trim() === '' ? { k: 'const', v: 0 } as const : this.host.lowerEquation(fractionText, flowContext);
      return { fraction, start: leak.start, end: leak.end, slot: slotOf(flow) };
    });
    const inflows = flows.inflows.map((flow) => {
      const role = this.conveyorRoles.get(flow.id)!;
      const slot = slotOf(flow);
      return role.kind === 'inflow'
        ? { kind: 'request' as const, request: { k: 'slot', s: role.requestBase + (slot - flow.base) } as const, slot }
        : { kind: 'delivered' as const, rate: { k: 'slot', s: slot } as const };
    });
    for (const flow of [flows.primary, ...flows.leaks, ...flows.inflows]) variable.dependsOn.add(flow.id);
    const build: ConveyorBuild = {
      slats,
      exponential: options.exponentialLeak,
      initial: this.host.lowerEquation(context.equation, context),
      ...(capacity ? { capacity } : {}),
      ...(inflowLimit ? { inflowLimit } : {}),
      leaks,
      inflows,
      outflowSlot: slotOf(flows.primary),
      valueSlot: this.host.scalarSlotOf(variable, context, variable.scoped.definition.name),
      owner: label,
    };
    lowerConveyor(this.host, build);
  }
}
