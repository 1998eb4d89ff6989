/**
 * Demo page for the world view (a test page, not part of the product build): pick a case and a
 * preset, watch the world glide between them. `window.__world` lets the screenshot script drive it.
 */
import { describeWorld, worldFrameFrom, type WorldFrame } from '../../../src/views/world/world-frame.ts';
import { PRESETS, presetInput, type CaseName, type PresetName } from './world-presets.ts';

declare global {
  interface Window {
    __world?: {
      show(caseName: CaseName, preset: PresetName): void;
      ready: boolean;
      unmount(): void;
      listeners(): number;
    };
  }
}

const params = new URLSearchParams(location.search);
let caseName: CaseName = params.get('case') === 'retail' ? 'retail' : 'dealer';
let preset: PresetName = (PRESETS as readonly string[]).includes(params.get('preset') ?? '')
  ? (params.get('preset') as PresetName)
  : 'start';
const renderer = params.get('renderer');
const worldBox = document.getElementById('world') as HTMLElement;
if (params.has('w')) worldBox.style.width = `${Number(params.get('w'))}px`;
if (params.has('h')) worldBox.style.height = `${Number(params.get('h'))}px`;

let frame: WorldFrame = worldFrameFrom(presetInput(caseName, preset));
const listeners = new Set<(frame: WorldFrame) => void>();
const source = {
  get: () => frame,
  subscribe(listener: (frame: WorldFrame) => void) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

const description = document.getElementById('description') as HTMLElement;
function show(nextCase: CaseName, nextPreset: PresetName): void {
  caseName = nextCase;
  preset = nextPreset;
  frame = worldFrameFrom(presetInput(caseName, preset));
  description.textContent = describeWorld(frame);
  for (const listener of listeners) listener(frame);
}
description.textContent = describeWorld(frame);

const controls = document.getElementById('controls') as HTMLElement;
for (const c of ['dealer', 'retail'] as const) {
  for (const p of PRESETS) {
    const button = document.createElement('button');
    button.textContent = `${c}: ${p}`;
    button.addEventListener('click', () => show(c, p));
    controls.append(button);
  }
}

const { mountWorld } = await import('../../../src/views/world/create-world-game.ts');
const unmount = mountWorld(worldBox, source, {
  renderer: renderer === 'canvas' || renderer === 'webgl' ? renderer : 'auto',
  reducedMotion: params.get('still') === '1',
});
window.__world = { show, ready: true, unmount, listeners: () => listeners.size };
