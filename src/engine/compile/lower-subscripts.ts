import type { Expr, SubscriptIndex } from '../equation/ast.ts';
import { canonicalName } from '../equation/canonical-name.ts';
import { BUILTIN_VALUES } from './builtin-signatures.ts';
import type { ModelError } from '../errors.ts';
import type { DimensionInfo, LowerContext, ResolvedVariable } from './compile-program.ts';
import type { Ir } from './ir.ts';
import { MAX_SLOTS } from './limits.ts';

/**
 * Subscripts and arrays in equations: which element of a variable an equation reads (by name, by
 * position, through a sub-range, or computed while the model runs), and the elements an array
 * function walks (wildcards, Dim!, ranges, whole arrays). One purpose, about 400 lines: reading
 * an element and walking an array follow the same binding rules (by name, by position, through a
 * sub-range), which is why they stay together. The compiler (compile-program.ts) lowers
 * everything else and hands subscripts here.
 */

/** What subscript lowering needs from the compiler. */
export interface SubscriptHost {
  readonly dimensions: ReadonlyMap<string, DimensionInfo>;
  lower(expr: Expr, context: LowerContext): Ir;
  /** The variable a name in an equation means (SELF included). */
  variableNamed(name: string, context: LowerContext): ResolvedVariable | undefined;
  /** The variable of that name in a module scope, else in the main model. */
  resolveVariable(name: string, scope: string): ResolvedVariable | undefined;
  /** " (did you mean ...?)" for an unknown name, or ''. */
  suggest(id: string): string;
  fail(code: ModelError['code'], message: string): never;
  failAt(code: ModelError['code'], message: string, context: LowerContext, pos: number): never;
  allocateScratch(count: number): number;
  stable(ir: Ir, owner: string): Ir;
}

export class SubscriptLowering {
  private readonly host: SubscriptHost;

  constructor(host: SubscriptHost) {
    this.host = host;
  }

  /** The slot of `target` for the element being computed: same-named dimensions line up. */
  scalarSlotOf(target: ResolvedVariable, context: LowerContext, nameAsWritten: string, pos?: number): number {
    if (target.size === 0) this.host.fail('structure', `"${nameAsWritten}" is a module, not a value`);
    let flat = 0;
    for (const dimension of target.dimensions) {
      const index = this.bindingFor(dimension, context);
      if (index === undefined) {
        const message = `"${nameAsWritten}" is an array over "${dimension.name}", but this equation is not; name an element, as in ${nameAsWritten}[${dimension.elements[0]}], or use SUM`;
        if (pos === undefined) this.host.fail('dimension', message);
        this.host.failAt('dimension', message, context, pos);
      }
      flat = flat * dimension.elements.length + index;
    }
    return target.base + flat;
  }

  /** Element of `dimension` for the current context: by name, else by position among equal sizes. */
  bindingFor(dimension: DimensionInfo, context: LowerContext): number | undefined {
    const direct = context.bindings.get(dimension.id);
    if (direct !== undefined) return direct;
    // Vensim-style mapping of one dimension onto another of the same size, by position.
    const own = context.variable.dimensions;
    const candidates = own.filter((d) => d.elements.length === dimension.elements.length && !context.bindings.has(dimension.id));
    if (candidates.length === 1) return context.bindings.get(candidates[0]!.id);
    // A subrange of it (Vensim's SubA of DimA): the element of the same name.
    for (const d of own) {
      const index = context.bindings.get(d.id);
      if (index !== undefined && isSubrange(d, dimension)) return dimension.elementIndex.get(canonicalName(d.elements[index]!));
    }
    return undefined;
  }

  /**
   * A subscript index used as a number: Location.Boston is 1 when Boston is the first element of
   * Location (XMILE 1.0 §3.7.1), and a dimension's own name, in an equation arrayed over it, is
   * the position of the element being computed (as Vensim and xmutil's files write DimA - 1).
   */
  elementPosition(id: string, context: LowerContext): number | undefined {
    const dot = id.lastIndexOf('.');
    if (dot > 0) {
      const dimension = this.host.dimensions.get(id.slice(0, dot));
      const element = dimension?.elementIndex.get(id.slice(dot + 1));
      if (element !== undefined) return element + 1;
    }
    const dimension = this.host.dimensions.get(id);
    const bound = dimension === undefined ? undefined : (context.bindings.get(dimension.id) ?? this.bindingFor(dimension, context));
    return bound === undefined ? undefined : bound + 1;
  }

  /**
   * The position of the element being computed along the dimension of that name, and the context
   * with that dimension set free (an array function in it then walks the whole dimension).
   */
  releaseDimension(dimensionName: string, context: LowerContext): { readonly position: number; readonly context: LowerContext } | undefined {
    const dimension = this.host.dimensions.get(canonicalName(dimensionName));
    const direct = dimension && context.bindings.get(dimension.id);
    const position = dimension && (direct ?? this.bindingFor(dimension, context));
    if (!dimension || position === undefined) return undefined;
    const bindings = new Map(context.bindings);
    bindings.delete(dimension.id);
    if (direct === undefined) {
      // Bound by position through the equation's own dimension of the same size (Vensim's
      // so[scompany] = VECTOR SORT ORDER(revenue[company], 1)): that one is set free too, or the
      // walk along `dimension` would map back onto its one element.
      const partners = context.variable.dimensions.filter((own) => own.elements.length === dimension.elements.length);
      if (partners.length === 1) bindings.delete(partners[0]!.id);
    }
    return { position, context: { ...context, bindings } };
  }

  /** The dimension a name means, if it is one and no variable has that name. */
  dimensionNamed(name: string, context: LowerContext): { readonly name: string; readonly size: number } | undefined {
    if (this.host.variableNamed(name, context) || context.macroArguments?.has(canonicalName(name))) return undefined;
    const dimension = this.host.dimensions.get(canonicalName(name));
    return dimension && { name: dimension.name, size: dimension.elements.length };
  }

  lowerSubscript(name: string, indices: readonly SubscriptIndex[], pos: number, context: LowerContext): Ir {
    const variable = this.host.variableNamed(name, context);
    if (!variable) return this.host.failAt('unknown-variable', `refers to "${name}", but there is no variable of that name${this.host.suggest(canonicalName(name))}`, context, pos);
    if (indices.length !== variable.dimensions.length) {
      this.host.failAt('dimension', `"${name}" has ${variable.dimensions.length} dimension(s) but is written with ${indices.length} subscript(s)`, context, pos);
    }
    if (variable !== context.variable) context.variable.dependsOn.add(variable.id);
    const keys = wildcardKeys(variable.dimensions, indices);
    const resolved = variable.dimensions.map((dimension, d) => this.subscriptIndex(dimension, indices[d]!, keys[d]!, context, name));
    if (resolved.every((index): index is number => typeof index === 'number')) {
      let flat = 0;
      resolved.forEach((index, d) => (flat = flat * variable.dimensions[d]!.elements.length + index));
      return { k: 'slot', s: variable.base + flat };
    }
    return this.computedElement(variable, resolved);
  }

  /**
   * An element of `variable` chosen while the model runs (aux[INT(TIME MOD 5) + 1]): a pick
   * among its slots, 0 where a computed subscript falls outside its dimension (XMILE 1.0 §3.7.1).
   */
  private computedElement(variable: ResolvedVariable, indices: readonly (number | Ir)[]): Ir {
    const sizes = variable.dimensions.map((dimension) => dimension.elements.length);
    const strides = sizes.map((_, d) => sizes.slice(d + 1).reduce((product, size) => product * size, 1));
    const dynamic = indices.flatMap((index, d) => (typeof index === 'number' ? [] : [d]));
    const staticOffset = indices.reduce<number>((sum, index, d) => sum + (typeof index === 'number' ? index * strides[d]! : 0), 0);
    const slots = (base: number, stride: number, count: number): Ir[] => Array.from({ length: count }, (_, k): Ir => ({ k: 'slot', s: base + stride * k }));
    if (dynamic.length === 1) {
      const d = dynamic[0]!;
      const values = slots(variable.base + staticOffset, strides[d]!, sizes[d]!);
      return { k: 'pick', values, index: indices[d] as Ir, missing: 0, scratch: this.host.allocateScratch(values.length) };
    }
    // Several computed subscripts: a flat index, or -1 (missing) when any is out of its range.
    let flat: Ir = { k: 'const', v: staticOffset };
    let inRange: Ir = { k: 'const', v: 1 };
    for (const d of dynamic) {
      const index = this.host.stable(indices[d] as Ir, variable.label);
      flat = { k: 'bin', op: '+', a: flat, b: { k: 'bin', op: '*', a: index, b: { k: 'const', v: strides[d]! } } };
      const within: Ir = { k: 'bin', op: 'and', a: { k: 'bin', op: '>=', a: index, b: { k: 'const', v: 0 } }, b: { k: 'bin', op: '<', a: index, b: { k: 'const', v: sizes[d]! } } };
      inRange = { k: 'bin', op: 'and', a: inRange, b: within };
    }
    const values = slots(variable.base, 1, variable.size);
    return { k: 'pick', values, index: { k: 'if', c: inRange, t: flat, e: { k: 'const', v: -1 } }, missing: 0, scratch: this.host.allocateScratch(values.length) };
  }

  /**
   * `key` names the iteration a wildcard takes part in: the dimension's id, so that a[*] * b[*]
   * walk together, or a key of its own for a second wildcard over a dimension the same variable
   * repeats (matrix[*, *] over Cats × Cats covers every pair).
   */
  private subscriptIndex(dimension: DimensionInfo, index: SubscriptIndex, key: string, context: LowerContext, name: string): number | Ir {
    if (index.kind === 'wildcard') {
      const bound = context.bindings.get(key);
      if (bound === undefined) this.host.failAt('dimension', `"${name}[*]" can only be used inside SUM, MEAN, MIN, MAX, PROD, STDDEV or SIZE`, context, index.pos);
      return bound;
    }
    if (index.kind === 'dimension-wildcard') {
      // Dim! (Vensim) and *:Dim (its XMILE form) walk all of Dim inside an array function, even
      // in an equation arrayed over Dim itself: k[SubA] = SUM(b[*:SubA]) sums b for every k.
      const named = this.host.dimensions.get(canonicalName(index.name));
      if (!named) return this.host.failAt('dimension', `"${index.name}" is not a dimension of this model`, context, index.pos);
      const bound = context.bindings.get(iterationKey(named));
      if (bound === undefined) this.host.failAt('dimension', `"${index.name}!" can only be used inside an array function such as SUM`, context, index.pos);
      return this.mapIndex(named, bound, dimension, context, index.pos, name);
    }
    if (index.kind === 'range') {
      const slice = this.staticRange(dimension, index, context, name);
      const bound = context.bindings.get(rangeKey(dimension, slice));
      if (bound === undefined) this.host.failAt('dimension', `the range in "${name}[…:…]" can only be used inside an array function such as SUM`, context, index.pos);
      return slice ? slice.lo + bound : bound;
    }
    const expr = index.expr;
    if (expr.kind === 'name') {
      const id = canonicalName(expr.name);
      const dot = id.lastIndexOf('.');
      const elementId = dot >= 0 && this.host.dimensions.has(id.slice(0, dot)) ? id.slice(dot + 1) : id;
      const element = dimension.elementIndex.get(elementId);
      if (element !== undefined) return element;
      const named = this.host.dimensions.get(id);
      if (named) {
        const bound = context.bindings.get(named.id) ?? this.bindingFor(named, context);
        if (bound === undefined) this.host.failAt('dimension', `the dimension "${expr.name}" is not defined for this equation`, context, expr.pos);
        return this.mapIndex(named, bound, dimension, context, expr.pos, name);
      }
    }
    const notAnElement = (): never =>
      this.host.failAt('dimension', `the subscript of "${name}" must be an element of "${dimension.name}" (${dimension.elements.slice(0, 5).join(', ')}${dimension.elements.length > 5 ? ', …' : ''})`, context, 'pos' in expr ? expr.pos : 0);
    // A name that is neither an element nor a variable is a misspelt element, not an unknown variable.
    if (expr.kind === 'name' && !context.macroArguments?.has(canonicalName(expr.name)) && !this.host.resolveVariable(expr.name, context.variable.scoped.scope) && !BUILTIN_VALUES.has(canonicalName(expr.name))) {
      notAnElement();
    }
    const value = this.host.lower(expr, context);
    if (value.k === 'const') return Number.isInteger(value.v) && value.v >= 1 && value.v <= dimension.elements.length ? value.v - 1 : notAnElement();
    // Computed while the model runs: whole numbers from 1 (a fraction is cut down, as INT does).
    return { k: 'bin', op: '-', a: { k: 'fn', fn: 'int', args: [value] }, b: { k: 'const', v: 1 } };
  }

  /**
   * Element `index` of dimension `from` as an index of `to`: itself when they are the same, by
   * element name when `from` is a subrange of `to` (Vensim's SubA of DimA), else by position
   * when both have as many elements.
   */
  private mapIndex(from: DimensionInfo, index: number, to: DimensionInfo, context: LowerContext, pos: number, name: string): number {
    if (from.id === to.id) return index;
    const byName = isSubrange(from, to) ? to.elementIndex.get(canonicalName(from.elements[index]!)) : undefined;
    if (byName !== undefined) return byName;
    if (from.elements.length === to.elements.length) return index;
    return this.host.failAt('dimension', `"${from.name}" cannot stand for "${to.name}" in "${name}": it is neither a subrange of it nor of the same size`, context, pos);
  }

  /** Free dimensions of an array argument: wildcards and arrayed names not bound by the context. */
  private freeDimensions(expr: Expr, context: LowerContext, found: Map<string, DimensionInfo>, masks: RangeMask[]): void {
    switch (expr.kind) {
      case 'name': {
        if (context.macroArguments?.has(canonicalName(expr.name))) return;
        const variable = this.host.variableNamed(expr.name, context);
        for (const dimension of variable?.dimensions ?? []) if (this.bindingFor(dimension, context) === undefined) found.set(dimension.id, dimension);
        return;
      }
      case 'subscript': {
        const variable = this.host.variableNamed(expr.name, context);
        const keys = variable ? wildcardKeys(variable.dimensions, expr.indices) : [];
        expr.indices.forEach((index, d) => {
          const dimension = variable?.dimensions[d];
          // x[*] inside SUM, MEAN... means every element, even in an equation arrayed over the
          // same dimension (share[Region] = x / SUM(x[*])).
          if (index.kind === 'wildcard' && dimension) found.set(keys[d]!, { ...dimension, id: keys[d]! });
          if (index.kind === 'dimension-wildcard') {
            const named = this.host.dimensions.get(canonicalName(index.name));
            if (named) found.set(iterationKey(named), { ...named, id: iterationKey(named) });
          }
          if (index.kind === 'range' && dimension) {
            // A range with bounds known now walks just those elements; one with bounds computed
            // while the model runs walks them all, masked (see lowerElementsTogether).
            const slice = this.staticRange(dimension, index, context, expr.name);
            const key = rangeKey(dimension, slice);
            found.set(key, { ...dimension, id: key, elements: slice ? dimension.elements.slice(slice.lo, slice.hi + 1) : dimension.elements });
            if (!slice && !masks.some((mask) => mask.key === key)) masks.push({ key, from: index.from, to: index.to });
          }
          if (index.kind === 'expr') {
            const named = index.expr.kind === 'name' ? this.host.dimensions.get(canonicalName(index.expr.name)) : undefined;
            const isElement = index.expr.kind === 'name' && dimension?.elementIndex.has(canonicalName(index.expr.name));
            if (named && !isElement && this.bindingFor(named, context) === undefined) found.set(named.id, named);
            else this.freeDimensions(index.expr, context, found, masks);
          }
        });
        return;
      }
      case 'unary':
        this.freeDimensions(expr.operand, context, found, masks);
        return;
      case 'binary': {
        // Iterative over the left spine (long chains), visiting operands left to right as before.
        const rights: Expr[] = [];
        let bottom: Expr = expr;
        while (bottom.kind === 'binary') {
          rights.push(bottom.right);
          bottom = bottom.left;
        }
        this.freeDimensions(bottom, context, found, masks);
        for (let i = rights.length - 1; i >= 0; i--) this.freeDimensions(rights[i]!, context, found, masks);
        return;
      }
      case 'if':
        this.freeDimensions(expr.condition, context, found, masks);
        this.freeDimensions(expr.then, context, found, masks);
        this.freeDimensions(expr.otherwise, context, found, masks);
        return;
      case 'call':
        // Nested reductions bind their own dimensions; other calls pass arrays through.
        if (!REDUCTIONS.has(canonicalName(expr.name))) {
          for (const arg of expr.args) this.freeDimensions(arg, context, found, masks);
        }
        return;
      case 'number':
        return;
    }
  }

  /** Lowers an array-valued argument to one IR per element (one for a scalar). */
  lowerElements(expr: Expr, context: LowerContext): Ir[] {
    const { values, included } = this.lowerElementsTogether([expr], context);
    if (included) this.host.failAt('unsupported', 'a range computed while the model runs can only be used in SUM, MEAN, MIN, MAX, PROD, STDDEV and SIZE', context, 'pos' in expr ? expr.pos : 0);
    return values[0]!;
  }

  /**
   * Lowers array-valued arguments that walk the same free dimensions together (VECTOR SELECT's
   * selection and values, element for element): one IR per element for each. Where a range's
   * bounds are computed while the model runs, `included` tells per element whether it is in them.
   */
  lowerElementsTogether(exprs: readonly Expr[], context: LowerContext): { values: Ir[][]; included?: Ir[] } {
    const free = new Map<string, DimensionInfo>();
    const masks: RangeMask[] = [];
    for (const expr of exprs) this.freeDimensions(expr, context, free, masks);
    const dims = [...free.values()];
    if (dims.length === 0) return { values: exprs.map((expr) => [this.host.lower(expr, context)]) };
    let total = 1;
    for (const dimension of dims) total *= dimension.elements.length;
    if (total > MAX_SLOTS) this.host.fail('limit', `an array function would read ${total} elements`);
    const owner = context.variable.label;
    const bounds = masks.map((mask) => ({ key: mask.key, from: this.host.stable(this.host.lower(mask.from, context), owner), to: this.host.stable(this.host.lower(mask.to, context), owner) }));
    const values: Ir[][] = exprs.map(() => []);
    const included: Ir[] = [];
    const indices = new Array<number>(dims.length).fill(0);
    for (let n = 0; n < total; n++) {
      const bindings = new Map(context.bindings);
      dims.forEach((dimension, d) => bindings.set(dimension.id, indices[d]!));
      exprs.forEach((expr, j) => values[j]!.push(this.host.lower(expr, { ...context, bindings })));
      if (bounds.length > 0) {
        let inside: Ir = { k: 'const', v: 1 };
        for (const bound of bounds) {
          const position: Ir = { k: 'const', v: bindings.get(bound.key)! + 1 };
          const within: Ir = { k: 'bin', op: 'and', a: { k: 'bin', op: '>=', a: position, b: bound.from }, b: { k: 'bin', op: '<=', a: position, b: bound.to } };
          inside = inside.k === 'const' ? within : { k: 'bin', op: 'and', a: inside, b: within };
        }
        included.push(inside);
      }
      for (let d = dims.length - 1; d >= 0; d--) {
        indices[d]!++;
        if (indices[d]! < dims[d]!.elements.length) break;
        indices[d] = 0;
      }
    }
    return bounds.length > 0 ? { values, included } : { values };
  }

  /**
   * The positions (0-based, inclusive) of a range whose bounds are known now: numbers from 1 or
   * element names (Dim.Elem too). Undefined when a bound is computed while the model runs.
   */
  private staticRange(dimension: DimensionInfo, range: Extract<SubscriptIndex, { kind: 'range' }>, context: LowerContext, name: string): { lo: number; hi: number } | undefined {
    const position = (bound: Expr): number | undefined => {
      if (bound.kind === 'number') return Number.isInteger(bound.value) ? bound.value - 1 : undefined;
      if (bound.kind !== 'name') return undefined;
      const id = canonicalName(bound.name);
      const dot = id.lastIndexOf('.');
      return dimension.elementIndex.get(id) ?? (dot > 0 && this.host.dimensions.get(id.slice(0, dot))?.id === dimension.id ? dimension.elementIndex.get(id.slice(dot + 1)) : undefined);
    };
    const lo = position(range.from);
    const hi = position(range.to);
    if (lo === undefined || hi === undefined) return undefined;
    if (lo < 0 || hi >= dimension.elements.length || lo > hi) {
      this.host.failAt('dimension', `the range of "${name}" must run forward within "${dimension.name}" (1 to ${dimension.elements.length})`, context, range.pos);
    }
    return { lo, hi };
  }
}

/** Functions that walk their array arguments themselves: their arrays do not make the caller's free dimensions. */
const REDUCTIONS = new Set(['sum', 'mean', 'size', 'stddev', 'prod', 'min', 'max', 'vector_select', 'vector_sort_order', 'vector_elm_map', 'vector_rank', 'vector_reorder', 'rank']);

/** A range whose bounds are computed while the model runs: the elements it walks are masked by them. */
interface RangeMask {
  readonly key: string;
  readonly from: Expr;
  readonly to: Expr;
}

/** The binding key of a range over `dimension`: its own slice when the bounds are known now. */
function rangeKey(dimension: DimensionInfo, slice: { lo: number; hi: number } | undefined): string {
  return slice ? `${dimension.id}:${slice.lo}:${slice.hi}` : `${dimension.id}:range`;
}

/** The key an iteration over all of `dimension` (Dim!, *:Dim) binds, apart from the equation's own Dim. */
function iterationKey(dimension: DimensionInfo): string {
  return `${dimension.id}!`;
}

/** Binding key of each subscript position (see subscriptIndex); only wildcard positions matter. */
function wildcardKeys(dimensions: readonly DimensionInfo[], indices: readonly SubscriptIndex[]): string[] {
  const seen = new Set<string>();
  return dimensions.map((dimension, d) => {
    if (indices[d]?.kind !== 'wildcard') return dimension.id;
    const key = seen.has(dimension.id) ? `${dimension.id}#${d}` : dimension.id;
    seen.add(dimension.id);
    return key;
  });
}

/** Every element of `part` is an element of `whole`, by name. */
function isSubrange(part: DimensionInfo, whole: DimensionInfo): boolean {
  return part.elements.every((element) => whole.elementIndex.has(canonicalName(element)));
}
