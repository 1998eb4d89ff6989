import { canonicalName } from '../equation/canonical-name.ts';
import type { VensimDimension } from './vensim-ast.ts';

/** A Vensim subscript range with its elements resolved (sub-ranges expanded, aliases followed). */
export interface DimensionInfo {
  readonly id: string;
  readonly name: string;
  readonly elements: readonly string[];
  readonly elementIds: readonly string[];
  /** Element id → position. */
  readonly positions: ReadonlyMap<string, number>;
  /** `-> Target`: target dimension id, and for `-> (Target: e1, e2)` the target's element ids in this dimension's order. */
  readonly mappings: readonly { readonly target: string; readonly members?: readonly string[] }[];
}

const MAX_ELEMENTS = 1_000_000;

/**
 * Every subscript range of a model: elements by name, sub-ranges as the elements they hold,
 * aliases (`A <-> B`) as B's elements under A's name.
 */
export class Dimensions {
  readonly byId = new Map<string, DimensionInfo>();
  /** Element id → its name as first written. */
  readonly elementNames = new Map<string, string>();
  /** Order in which the file defines them (sub-ranges after what they are taken from is not required). */
  readonly order: string[] = [];

  constructor(definitions: readonly VensimDimension[], fail: (message: string, dimension: string) => never) {
    const raw = new Map<string, VensimDimension>();
    for (const definition of definitions) {
      const id = canonicalName(definition.name);
      if (raw.has(id)) fail(`the subscript range "${definition.name}" is defined twice`, definition.name);
      raw.set(id, definition);
      this.order.push(id);
    }
    const resolving = new Set<string>();
    const resolve = (id: string): DimensionInfo => {
      const known = this.byId.get(id);
      if (known) return known;
      const definition = raw.get(id)!;
      if (resolving.has(id)) fail(`the subscript range "${definition.name}" is defined in terms of itself`, definition.name);
      resolving.add(id);
      let names: string[];
      if (definition.aliasOf !== undefined) {
        const target = canonicalName(definition.aliasOf);
        if (!raw.has(target)) fail(`"${definition.name}" is declared equivalent to "${definition.aliasOf}", which is not a subscript range`, definition.name);
        names = [...resolve(target).elements];
      } else {
        names = [];
        for (const member of definition.members) {
          const memberId = canonicalName(member);
          // A member that names another range stands for its elements.
          if (raw.has(memberId) && memberId !== id) names.push(...resolve(memberId).elements);
          else names.push(member);
        }
      }
      if (names.length > MAX_ELEMENTS) fail(`the subscript range "${definition.name}" has more than ${MAX_ELEMENTS} elements`, definition.name);
      const elementIds = names.map(canonicalName);
      const positions = new Map<string, number>();
      elementIds.forEach((element, i) => {
        if (positions.has(element)) fail(`the subscript range "${definition.name}" lists "${names[i]}" twice`, definition.name);
        positions.set(element, i);
      });
      names.forEach((name, i) => {
        if (!this.elementNames.has(elementIds[i]!)) this.elementNames.set(elementIds[i]!, name);
      });
      const info: DimensionInfo = {
        id,
        name: definition.name,
        elements: names,
        elementIds,
        positions,
        mappings: definition.mappings.map((mapping) => ({
          target: canonicalName(mapping.target),
          ...(mapping.members ? { members: mapping.members.map(canonicalName) } : {}),
        })),
      };
      resolving.delete(id);
      this.byId.set(id, info);
      return info;
    };
    for (const id of this.order) resolve(id);
    for (const info of this.byId.values()) {
      for (const mapping of info.mappings) {
        if (!this.byId.has(mapping.target)) fail(`"${info.name}" maps to "${mapping.target}", which is not a subscript range`, info.name);
      }
    }
  }

  get(name: string): DimensionInfo | undefined {
    return this.byId.get(canonicalName(name));
  }

  isElement(name: string): boolean {
    return this.elementNames.has(canonicalName(name));
  }

  /** Element ids a subscript written on a left-hand side stands for: one element, or a range's elements. */
  expand(name: string): readonly string[] | undefined {
    const dimension = this.get(name);
    if (dimension) return dimension.elementIds;
    const id = canonicalName(name);
    return this.elementNames.has(id) ? [id] : undefined;
  }

  /**
   * The dimension a variable has at one position, given every element its equations define
   * there: the range written when all equations agree, else the smallest range that holds them
   * all (the one defined first among equals, so an alias never wins over its original).
   */
  covering(written: readonly string[], elements: ReadonlySet<string>, owner: string): DimensionInfo | undefined {
    const same = written.every((name) => canonicalName(name) === canonicalName(written[0]!));
    const first = this.get(written[0]!);
    if (same && first) return first;
    let best: DimensionInfo | undefined;
    for (const id of this.order) {
      const candidate = this.byId.get(id)!;
      if (candidate.elements.length < elements.size) continue;
      if (![...elements].every((element) => candidate.positions.has(element))) continue;
      if (!best || candidate.elements.length < best.elements.length) best = candidate;
    }
    if (!best || best.elements.length === elements.size) return best;
    // Defined for part of a range only: the variable has just those elements (Vensim reports no others).
    const name = `${best.name} (${owner})`;
    const id = canonicalName(name);
    const known = this.byId.get(id);
    if (known) return known;
    const names = best.elements.filter((_, i) => elements.has(best.elementIds[i]!));
    const elementIds = names.map(canonicalName);
    const subset: DimensionInfo = { id, name, elements: names, elementIds, positions: new Map(elementIds.map((element, i) => [element, i])), mappings: [] };
    this.byId.set(id, subset);
    this.order.push(id);
    return subset;
  }

  /**
   * The element of `wanted` that goes with element `element` of `bound` (a dimension of the
   * equation's left-hand side): by a mapping either way, then by name, then by position.
   * undefined when the two have nothing to do with each other.
   */
  correspond(wanted: DimensionInfo, bound: DimensionInfo, element: string): string | undefined {
    if (wanted.id === bound.id) return element;
    const index = bound.positions.get(element);
    if (index === undefined) return undefined;
    for (const mapping of wanted.mappings) {
      if (mapping.target !== bound.id) continue;
      if (!mapping.members) return wanted.elementIds[index];
      const at = mapping.members.findIndex((member) => member === element || this.byId.get(member)?.positions.has(element));
      return at < 0 ? undefined : wanted.elementIds[at];
    }
    for (const mapping of bound.mappings) {
      if (mapping.target !== wanted.id) continue;
      if (!mapping.members) return wanted.elementIds[index];
      const target = mapping.members[index];
      return target !== undefined && wanted.positions.has(target) ? target : undefined;
    }
    return undefined;
  }

  /**
   * An element read as a value: its position (from 1) in the largest range that holds it, so a
   * sub-range's element reads the same as in its parent range.
   */
  familyPosition(element: string): number | undefined {
    let best: DimensionInfo | undefined;
    for (const id of this.order) {
      const candidate = this.byId.get(id)!;
      if (candidate.positions.has(element) && (!best || candidate.elements.length > best.elements.length)) best = candidate;
    }
    return best === undefined ? undefined : best.positions.get(element)! + 1;
  }

  /** Two ranges over the same elements, or one inside the other: an element keeps its name. */
  sameFamily(a: DimensionInfo, b: DimensionInfo): boolean {
    return a.elementIds.some((element) => b.positions.has(element));
  }
}
