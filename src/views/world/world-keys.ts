/** Keys of the world's scenes, textures and registry entries, in one place. */
export const SCENE_KEYS = {
  boot: 'world-boot',
  preload: 'world-preload',
  world: 'world-main',
} as const;

export const TEXTURE_KEYS = {
  truck: 'world-truck',
} as const;

export const REGISTRY_KEYS = {
  /** The WorldSource the world scene reads and subscribes to. */
  source: 'world-source',
  /** True when the reader asked for reduced motion: no driving, no gliding between rounds. */
  reducedMotion: 'world-reduced-motion',
} as const;

/** Trucks are drawn this many times larger than shown, so they stay sharp when the camera zooms in. */
export const TEXTURE_SCALE = 3;
