import { canonicalName } from '../equation/canonical-name.ts';
import type { ModelView, VariableKind, ViewConnector, ViewElement } from '../xmile/model-document.ts';

const MAX_SKETCH_LINES = 200_000;

interface SketchObject {
  readonly type: number;
  readonly id: string;
  readonly fields: readonly string[];
  readonly line: string;
}

/**
 * The diagram of a Vensim model from its sketch section: one view per `*View`, variables (type
 * 10) at their places, flows through their valves (11) with their pipes (arrows of type 1 that
 * leave a valve), and information arrows between variables. Anything it does not understand
 * is left out: a sketch only draws the model.
 */
export function readSketch(sketch: string, kinds: ReadonlyMap<string, VariableKind>): ModelView[] {
  const views: ModelView[] = [];
  let current: SketchObject[] | undefined;
  const lines = sketch.split(/\r\n|\r|\n/);
  for (const line of lines.slice(0, MAX_SKETCH_LINES)) {
    if (line.startsWith('///---\\\\\\')) break;
    if (line.startsWith('*')) {
      if (current) views.push(buildView(current, kinds));
      current = [];
      continue;
    }
    if (!current || !/^\d+,/.test(line)) continue;
    const fields = splitFields(line);
    current.push({ type: Number(fields[0]), id: fields[1] ?? '', fields, line });
  }
  if (current) views.push(buildView(current, kinds));
  return views.filter((view) => view.elements.length > 0);
}

/** Comma-separated fields; a name in double quotes may hold commas. */
function splitFields(line: string): string[] {
  const fields: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '\\' && i + 1 < line.length) {
        current += line[++i];
        continue;
      }
      if (ch === '"') quoted = false;
      else current += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(current);
      current = '';
    } else current += ch;
  }
  fields.push(current);
  return fields;
}

function buildView(objects: readonly SketchObject[], kinds: ReadonlyMap<string, VariableKind>): ModelView {
  const byId = new Map(objects.map((object) => [object.id, object]));
  // A valve's variable is the one written right after it.
  const valveName = new Map<string, string>();
  objects.forEach((object, i) => {
    const next = objects[i + 1];
    if (object.type === 11 && next?.type === 10) valveName.set(object.id, next.fields[2]!);
  });
  const nameOf = (id: string): string | undefined => {
    const object = byId.get(id);
    if (!object) return undefined;
    if (object.type === 10) return object.fields[2]!;
    if (object.type === 11) return valveName.get(id);
    return undefined;
  };
  const centre = (id: string): { x: number; y: number } | undefined => {
    const object = byId.get(id);
    if (!object) return undefined;
    const x = Number(object.fields[3]);
    const y = Number(object.fields[4]);
    return Number.isFinite(x) && Number.isFinite(y) ? { x, y } : undefined;
  };

  // Pipes: arrows leaving a valve; the one with an arrowhead (shape 4) points to where the flow goes.
  const pipes = new Map<string, { source?: string; sink?: string }>();
  for (const object of objects) {
    if (object.type !== 1) continue;
    const from = object.fields[2]!;
    if (byId.get(from)?.type !== 11) continue;
    const ends = pipes.get(from) ?? {};
    if (object.fields[4] === '4') ends.sink = object.fields[3]!;
    else ends.source = object.fields[3]!;
    pipes.set(from, ends);
  }

  const elements: ViewElement[] = [];
  const seen = new Set<string>();
  objects.forEach((object, i) => {
    if (object.type !== 10) return;
    const name = object.fields[2]!;
    const id = canonicalName(name);
    const kind = kinds.get(id);
    if (kind === undefined || kind === 'module' || seen.has(id)) return;
    seen.add(id);
    const place = centre(object.id)!;
    if (!place) return;
    const width = Number(object.fields[5]);
    const height = Number(object.fields[6]);
    const element: { -readonly [K in keyof ViewElement]: ViewElement[K] } = {
      kind: kind === 'gf' ? 'aux' : kind,
      name,
      x: place.x,
      y: place.y,
    };
    // Vensim keeps half sizes.
    if (Number.isFinite(width) && width > 0) element.width = 2 * width;
    if (Number.isFinite(height) && height > 0) element.height = 2 * height;
    const valve = objects[i - 1];
    if (kind === 'flow' && valve?.type === 11) {
      const ends = pipes.get(valve.id);
      const source = ends?.source === undefined ? undefined : centre(ends.source);
      const sink = ends?.sink === undefined ? undefined : centre(ends.sink);
      const at = centre(valve.id);
      if (at) {
        element.x = at.x;
        element.y = at.y;
      }
      if (source && sink) element.points = [source, sink];
    }
    elements.push(element);
  });

  const connectors: ViewConnector[] = [];
  for (const object of objects) {
    if (object.type !== 1) continue;
    const fromId = object.fields[2]!;
    if (byId.get(fromId)?.type === 11 && object.fields[7] === '22') continue;
    const from = nameOf(fromId);
    const to = nameOf(object.fields[3]!);
    if (from === undefined || to === undefined || from === to) continue;
    connectors.push({ from, to });
  }
  return { elements, connectors };
}
