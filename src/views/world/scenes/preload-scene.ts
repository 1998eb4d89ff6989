/**
 * Preload: the world's art is drawn, not downloaded, so this scene makes the textures the world
 * scene uses (the delivery truck) and starts it.
 */
import Phaser from 'phaser';
import { paintTruck, TRUCK_SIZE } from '../paint/paint-truck.ts';
import { SCENE_KEYS, TEXTURE_KEYS, TEXTURE_SCALE } from '../world-keys.ts';

export class PreloadScene extends Phaser.Scene {
  constructor() {
    super(SCENE_KEYS.preload);
  }

  create(): void {
    if (!this.textures.exists(TEXTURE_KEYS.truck)) {
      const g = this.make.graphics({}, false);
      paintTruck(g, TEXTURE_SCALE);
      g.generateTexture(TEXTURE_KEYS.truck, TRUCK_SIZE.width * TEXTURE_SCALE, TRUCK_SIZE.height * TEXTURE_SCALE);
      g.destroy();
    }
    this.scene.start(SCENE_KEYS.world);
  }
}
