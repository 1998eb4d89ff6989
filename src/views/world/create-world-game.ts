/**
 * The animated world as a Phaser game, mounted in a container element. Everything that needs
 * Phaser sits behind this module, which the page loads lazily:
 *
 *   const { mountWorld } = await import('./views/world/create-world-game.ts');
 *   const unmount = mountWorld(element, source);
 *
 * The canvas follows the container's size (Scale.RESIZE); the scene zooms its 800×360 stage to fit.
 */
import Phaser from 'phaser';
import { BootScene } from './scenes/boot-scene.ts';
import { PreloadScene } from './scenes/preload-scene.ts';
import { WorldScene } from './scenes/world-scene.ts';
import type { WorldSource } from './world-frame.ts';
import { REGISTRY_KEYS } from './world-keys.ts';
import { PALETTE } from './world-palette.ts';

export interface MountWorldOptions {
  /** 'auto' (default) picks WebGL where available, else canvas. */
  readonly renderer?: 'auto' | 'canvas' | 'webgl';
  /** No driving and no gliding; defaults to the reader's `prefers-reduced-motion` setting. */
  readonly reducedMotion?: boolean;
}

const RENDERERS = { auto: Phaser.AUTO, canvas: Phaser.CANVAS, webgl: Phaser.WEBGL } as const;

function prefersReducedMotion(): boolean {
  return typeof window.matchMedia === 'function' && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/** Mount the world in `container`; the returned function destroys the game and frees the container. */
export function mountWorld(container: HTMLElement, source: WorldSource, options: MountWorldOptions = {}): () => void {
  const reducedMotion = options.reducedMotion ?? prefersReducedMotion();
  // Phaser sizes the canvas from its parent. A host box of our own takes the container's content
  // size (or a 20:9 shape if the container has no height), so borders, padding and the canvas
  // itself never feed back into the size.
  const host = document.createElement('div');
  host.className = 'world-host';
  host.style.cssText = `position:relative;width:100%;overflow:hidden;${
    container.clientHeight > 0 ? 'height:100%' : 'aspect-ratio:20/9'
  }`;
  container.append(host);
  const width = Math.max(1, host.clientWidth || 800);
  const height = Math.max(1, host.clientHeight || 360);
  const game = new Phaser.Game({
    type: RENDERERS[options.renderer ?? 'auto'],
    parent: host,
    backgroundColor: PALETTE.skyBottom,
    banner: false,
    disableContextMenu: true,
    audio: { noAudio: true },
    input: { keyboard: false, mouse: false, touch: false, gamepad: false },
    scale: { mode: Phaser.Scale.RESIZE, width, height },
    render: { antialias: true, antialiasGL: true, roundPixels: false },
    callbacks: {
      preBoot: (booting) => {
        booting.registry.set(REGISTRY_KEYS.source, source);
        booting.registry.set(REGISTRY_KEYS.reducedMotion, reducedMotion);
      },
      postBoot: (booted) => {
        // The canvas is a picture: the page carries the text description (describeWorld).
        booted.canvas.setAttribute('aria-hidden', 'true');
        booted.canvas.style.position = 'absolute';
        booted.canvas.style.inset = '0';
      },
    },
    scene: [BootScene, PreloadScene, WorldScene],
  });

  let mounted = true;
  return () => {
    if (!mounted) return;
    mounted = false;
    game.destroy(true);
    host.remove();
  };
}
