/**
 * Splits the text of a Vensim `.mdl` file into its definitions (`equation ~ units ~ comment |`),
 * its macros (`:MACRO: ... :END OF MACRO:`) and its sketch (after `\\\---///`).
 */
export interface RawDefinition {
  /** The definition before its units: `name[sub] = expression`. */
  readonly text: string;
  readonly units: string;
  readonly comment: string;
  /** 1-based line where it starts, for messages. */
  readonly line: number;
}

export interface RawMacro {
  /** `NAME(input, other : output)` as written after :MACRO:. */
  readonly header: string;
  readonly definitions: readonly RawDefinition[];
  readonly line: number;
}

export interface SplitMdl {
  readonly definitions: readonly RawDefinition[];
  readonly macros: readonly RawMacro[];
  readonly sketch: string;
}

/** `\\\---///` starts the sketch (some files write fewer backslashes). */
const SKETCH_MARK = /\\{1,3}---\/\/\//;
const MACRO_START = /:MACRO:/i;
const MACRO_END = /:END OF MACRO:/i;

export function splitMdl(source: string): SplitMdl {
  let text = source.replace(/^\uFEFF/, '');
  const mark = SKETCH_MARK.exec(text);
  const sketchAt = mark ? mark.index : -1;
  const sketch = mark ? text.slice(mark.index + mark[0].length) : '';
  if (sketchAt >= 0) text = text.slice(0, sketchAt);
  // The encoding mark Vensim writes first: {UTF-8}.
  text = text.replace(/^\s*\{UTF-8\}/i, (match) => ' '.repeat(match.length));

  const definitions: RawDefinition[] = [];
  const macros: RawMacro[] = [];
  let current: { header: string; definitions: RawDefinition[]; line: number } | undefined;
  let position = 0;
  const lineAt = lineCounter(text);
  while (position < text.length) {
    const rest = text.slice(position);
    const start = rest.search(/\S/);
    if (start < 0) break;
    position += start;
    if (current === undefined && MACRO_START.test(text.slice(position, position + 7))) {
      const lineEnd = text.indexOf('\n', position);
      const end = lineEnd < 0 ? text.length : lineEnd;
      current = { header: text.slice(position + 7, end).trim(), definitions: [], line: lineAt(position) };
      position = end;
      continue;
    }
    if (current !== undefined && MACRO_END.test(text.slice(position, position + 14))) {
      macros.push(current);
      current = undefined;
      position += 14;
      continue;
    }
    const { definition, next } = readDefinition(text, position, lineAt(position));
    position = next;
    if (definition === undefined) continue;
    (current ? current.definitions : definitions).push(definition);
  }
  if (current) macros.push(current);
  return { definitions, macros, sketch };
}

/**
 * One definition from `start`: the equation part (where double quotes enclose names, so `~` and
 * `|` inside them do not count), then units and comment (free text, quotes and all) up to `|`.
 */
function readDefinition(text: string, start: number, line: number): { definition?: RawDefinition; next: number } {
  let i = start;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '\\') i++;
      else if (ch === '"') quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === '~' || ch === '|') break;
    else if (ch === ':' && /^:END OF MACRO:/i.test(text.slice(i, i + 14))) break;
    i++;
  }
  const equation = text.slice(start, i);
  const parts: string[] = [];
  if (text[i] === '~') {
    i++;
    let partStart = i;
    while (i < text.length && text[i] !== '|') {
      if (text[i] === '~') {
        parts.push(text.slice(partStart, i));
        partStart = i + 1;
      }
      i++;
    }
    parts.push(text.slice(partStart, i));
  }
  const next = text[i] === '|' ? i + 1 : i;
  // Group headers (******** .Name ********) only organise the file.
  if (/^\*{3,}/.test(equation.trim()) || equation.trim() === '') return { next };
  return { definition: { text: equation.trim(), units: (parts[0] ?? '').trim(), comment: (parts.slice(1).join('~') ?? '').trim(), line }, next };
}

function lineCounter(text: string): (position: number) => number {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return (position) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= position) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  };
}
